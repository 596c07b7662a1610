// Internal to src/engines/select: the selection problem in exact integer money units and
// the MIP built from it, shared by Solve() (CBC) and WriteLp(). Not part of the API.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/result.h"
#include "engines/select/select.h"

namespace asta::select::internal {

// A problem checked and converted: money in integer units (hundredths divided by each
// funder's greatest common divisor), proposals in rank order.
struct Prepared {
  int n = 0;  // proposals
  int funders = 0;
  std::vector<int> order;            // rank position -> proposal index
  std::vector<int> position;         // proposal index -> rank position
  std::vector<std::int64_t> budget;  // per funder, units
  std::vector<std::int64_t> unit;    // per funder: one unit in hundredths
  // Per proposal index: (funder, units) for every share of a positive amount.
  std::vector<std::vector<std::pair<int, std::int64_t>>> shares;
  std::vector<char> affordable;  // every share within its funder's whole budget
  std::vector<int> slot_min, slot_max, theme_min, theme_max;  // max: INT_MAX if none
  std::vector<int> slot_size, theme_size;  // affordable proposals per slot / theme
};

// InvalidArgument for malformed input (see select.h).
Result<Prepared> Prepare(const Problem& problem);

// True when proposal p could be added to the selection (used / counts are the
// selection's): every funder it asks keeps within budget, its slot and theme within
// their maximums.
bool Fits(const Prepared& pp, const Problem& problem, int p, const std::vector<std::int64_t>& used,
          const std::vector<int>& slot_count, const std::vector<int>& theme_count);

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Mip {
  struct Row {
    std::vector<std::pair<int, double>> terms;
    double lo = -kInf, hi = kInf;
  };
  std::vector<std::string> names;  // per column
  std::vector<double> obj, lb, ub;
  std::vector<char> integer;
  std::vector<Row> rows;
  std::vector<std::string> row_names;
  int x0 = 0;                  // column of the proposal at rank position k: x0 + k
  double objective_scale = 1;  // obj = merit * objective_scale (10^d, whole numbers)

  int AddColumn(std::string name, double objective, double lower, double upper, bool is_int);
  void AddRow(std::string name, std::vector<std::pair<int, double>> terms, double lo, double hi);
};

Mip BuildMip(const Prepared& pp, const Problem& problem);

// Values of the x columns for a selection (selected[p] per proposal index), as a start
// for the solver.
std::vector<std::pair<int, double>> StartValues(const Mip& mip, const Prepared& pp,
                                                const std::vector<char>& selected);

std::string ToLp(const Mip& mip);

}  // namespace asta::select::internal
