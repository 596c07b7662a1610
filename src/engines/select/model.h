// Internal to src/engines/select: the selection problem in exact integer money units and
// the MIP built from it, shared by Solve() (CBC) and WriteLp(). Not part of the API.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
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
  int x0 = 0;  // column of the proposal at rank position k: x0 + k
  struct Budget {
    int row = 0;    // Σ amount x - spend = 0
    int spend = 0;  // the spend column, 0..budget
  };
  std::vector<Budget> budgets;  // one per funder asked by an affordable proposal
  int first_dominance_row = 0;  // rows from here on are dominance rows (x_i >= x_j)
  double objective_scale = 1;   // obj = merit * objective_scale (10^d, whole numbers)

  int AddColumn(std::string name, double objective, double lower, double upper, bool is_int);
  void AddRow(std::string name, std::vector<std::pair<int, double>> terms, double lo, double hi);
};

Mip BuildMip(const Prepared& pp, const Problem& problem);

// Values of the x columns for a selection (selected[p] per proposal index), as a start
// for the solver.
std::vector<std::pair<int, double>> StartValues(const Mip& mip, const Prepared& pp,
                                                const std::vector<char>& selected);

std::string ToLp(const Mip& mip);

// Reduced-cost fixing (reduce.cc). From any multipliers y for the rows (here the duals of
// the LP relaxation without the dominance rows, solved with Clp), every x meeting the
// rows and column bounds satisfies
//   obj.x = y.(A x) + d.x <= sum_r max(y_r lo_r, y_r hi_r) + sum_c max(d_c lb_c, d_c ub_c)
//         = bound - sum over binary columns j with x_j != best_j of |d_j|,
// where d = obj - y A and best_j is the bound of column j that maximises d_j x_j. So a
// selection better than `incumbent` (by at least `step`: 1 when the objective has whole
// coefficients) has x_j = best_j for every binary column with |d_j| > bound - incumbent -
// step. Valid for any y (no trust in the LP solver is needed); a good y makes it strong.
struct Fixing {
  bool ok = false;              // the LP was solved and the bound is finite
  double bound = 0;             // no x meeting the rows has a larger objective
  std::vector<double> reduced;  // d per column
  std::vector<int> best;        // per column: the bound maximising d_c x_c (0 or 1 for x)
  std::vector<double> duals;    // the multipliers y used, per row before the dominance rows
};

// The LP relaxation of `mip` (rows before first_dominance_row) and its multipliers.
Fixing LpBound(const Mip& mip);

// The same LP relaxation with "group" rows added, Σ x over a set of columns within bounds
// the caller changes between solves (all free at first): one Clp model re-solved from the
// last basis by the dual simplex, so a search over many group bounds stays cheap. The
// bound and fixing hold for the rows with the group bounds as set at the solve.
class Relaxation {
 public:
  Relaxation(const Mip& mip, const std::vector<std::vector<int>>& groups);
  ~Relaxation();
  Relaxation(const Relaxation&) = delete;
  Relaxation& operator=(const Relaxation&) = delete;

  void SetGroup(int group, double lo, double hi);
  enum class Status { kSolved, kInfeasible, kFailed };
  // kInfeasible: no x meets the rows (so no selection does). kSolved: `fixing` (ok) and
  // per group the sum of the LP optimum over it.
  Status Solve(Fixing* fixing, std::vector<double>* sums);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Per column: -1 free, else the value every x better than `incumbent` (by >= step) has.
std::vector<int> FixedColumns(const Mip& mip, const Fixing& fixing, double incumbent, double step);

// Local search (local.cc): from a selection meeting every budget, quota and bound (the
// rank rule aside), moves that keep them all and raise the total merit — add what fits
// (rank order), one selected out for one or two left out, two out for one — until none
// applies or after max_passes passes. Only proposals with movable[p] enter or leave
// (empty: all). Deterministic. A selection that breaks a constraint is returned unchanged,
// so the result is always feasible when the input is, and never has less merit.
std::vector<char> Improve(const Prepared& pp, const Problem& problem, std::vector<char> selected,
                          const std::vector<char>& movable, int max_passes = 20);

// Adds proposals in the given order (indices into Problem::proposals) whenever they fit;
// empty when the result misses a slot or theme minimum.
std::vector<char> Greedy(const Prepared& pp, const Problem& problem, const std::vector<int>& order);

// The MIP solved (search.cc): the optimum (optimal), or the best selection found in
// `seconds` (has_solution), or none (infeasible: none exists).
struct MipOutcome {
  bool has_solution = false;
  bool optimal = false;
  bool infeasible = false;
  std::vector<double> values;  // per column
  std::string error;           // CBC failed
};
// Polishes a solution in place (the local search, kept feasible).
using Improver = std::function<void(std::vector<double>&)>;
// A solution from adding binary columns in the given order while they fit; empty if none.
using GreedyFill = std::function<std::vector<double>(const std::vector<int>&)>;

// The optimum of `mip` by reduced-cost fixing around LP bounds (docs/review.md "How the
// optimum is proven"): a greedy incumbent from the LP, polished, then the exact step split
// into parts by the number of selected proposals and the number asking each of the most
// binding funders, each part solved by CBC with its own bound and fixing. `start`: a
// selection to start from (e.g. a previous optimum), may be empty. Deterministic: node
// limits, not time caps, in the heuristic steps.
Result<MipOutcome> SolveMip(const Mip& mip, const std::vector<std::pair<int, double>>& start,
                            double seconds, const Improver& improve, const GreedyFill& greedy);

}  // namespace asta::select::internal
