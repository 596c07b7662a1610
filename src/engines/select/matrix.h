// Internal to src/engines/select: a Mip's rows as Clp's and CBC's loadProblem take them.
#pragma once

#include <CoinTypes.hpp>
#include <vector>

#include "engines/select/model.h"

namespace asta::select::internal {

// The first `rows` rows of `mip`, column-major, and the bounds with infinities as
// ±DBL_MAX.
struct LoadedMatrix {
  std::vector<CoinBigIndex> starts;
  std::vector<int> index;
  std::vector<double> value, col_lb, col_ub, row_lb, row_ub;
};
LoadedMatrix ColumnMajor(const Mip& mip, int rows);

}  // namespace asta::select::internal
