// Reduced-cost fixing for the selection MIP (model.h says why it is exact).
#include <Clp_C_Interface.h>

#include <cfloat>
#include <cmath>

#include "engines/select/model.h"

namespace asta::select::internal {
namespace {

// The bound and reduced costs for multipliers y (any sign, any values); ok false when the
// bound is infinite.
Fixing Evaluate(const Mip& mip, int rows, const std::vector<double>& y) {
  Fixing out;
  const int cols = static_cast<int>(mip.names.size());
  std::vector<long double> d(mip.obj.begin(), mip.obj.end());
  long double bound = 0;
  for (int r = 0; r < rows; ++r) {
    if (y[r] == 0) continue;
    const auto& row = mip.rows[r];
    const double side = y[r] > 0 ? row.hi : row.lo;
    if (!std::isfinite(side)) return out;
    bound += static_cast<long double>(y[r]) * side;
    for (auto [c, v] : row.terms) d[c] -= static_cast<long double>(y[r]) * v;
  }
  out.reduced.resize(cols);
  out.best.assign(cols, 0);
  for (int c = 0; c < cols; ++c) {
    out.reduced[c] = static_cast<double>(d[c]);
    if (d[c] == 0) {  // any value; the lower bound for binary columns
      out.best[c] = std::isfinite(mip.lb[c]) ? static_cast<int>(mip.lb[c]) : 0;
      continue;
    }
    const double at = d[c] > 0 ? mip.ub[c] : mip.lb[c];
    if (!std::isfinite(at)) return Fixing{};
    out.best[c] = std::fabs(at) < 2e9 ? static_cast<int>(at) : 0;  // only read for binaries
    bound += d[c] * at;
  }
  out.bound = static_cast<double>(bound);
  out.ok = true;
  return out;
}

}  // namespace

Fixing LpBound(const Mip& mip) {
  const int cols = static_cast<int>(mip.names.size());
  const int rows = mip.first_dominance_row;
  std::vector<int> count(cols + 1, 0);
  for (int r = 0; r < rows; ++r)
    for (const auto& term : mip.rows[r].terms) ++count[term.first + 1];
  std::vector<CoinBigIndex> starts(cols + 1, 0);
  for (int c = 0; c < cols; ++c) starts[c + 1] = starts[c] + count[c + 1];
  std::vector<int> index(starts[cols]);
  std::vector<double> value(starts[cols]);
  std::vector<CoinBigIndex> fill(starts.begin(), starts.end() - 1);
  for (int r = 0; r < rows; ++r) {
    for (auto [c, v] : mip.rows[r].terms) {
      index[fill[c]] = r;
      value[fill[c]++] = v;
    }
  }
  auto finite = [](double v) { return v == kInf ? DBL_MAX : v == -kInf ? -DBL_MAX : v; };
  std::vector<double> col_lb(cols), col_ub(cols), row_lb(rows), row_ub(rows);
  for (int c = 0; c < cols; ++c) {
    col_lb[c] = finite(mip.lb[c]);
    col_ub[c] = finite(mip.ub[c]);
  }
  for (int r = 0; r < rows; ++r) {
    row_lb[r] = finite(mip.rows[r].lo);
    row_ub[r] = finite(mip.rows[r].hi);
  }
  Clp_Simplex* lp = Clp_newModel();
  if (lp == nullptr) return {};
  std::vector<double> y;
  try {
    Clp_loadProblem(lp, cols, rows, starts.data(), index.data(), value.data(), col_lb.data(),
                    col_ub.data(), mip.obj.data(), row_lb.data(), row_ub.data());
    Clp_setObjSense(lp, -1);  // maximise
    Clp_setLogLevel(lp, 0);
    Clp_initialSolve(lp);
    if (Clp_status(lp) == 0) {
      const double* price = Clp_getRowPrice(lp);
      if (price != nullptr) y.assign(price, price + rows);
    }
  } catch (...) {
    y.clear();
  }
  Clp_deleteModel(lp);
  if (y.empty()) return {};
  // The bound holds for any y; take the sign convention that gives the smaller one.
  Fixing plus = Evaluate(mip, rows, y);
  for (double& v : y) v = -v;
  Fixing minus = Evaluate(mip, rows, y);
  if (!plus.ok) return minus;
  if (!minus.ok) return plus;
  return plus.bound <= minus.bound ? plus : minus;
}

std::vector<int> FixedColumns(const Mip& mip, const Fixing& fixing, double incumbent, double step) {
  const int cols = static_cast<int>(mip.names.size());
  std::vector<int> fixed(cols, -1);
  if (!fixing.ok) return fixed;
  // A margin for rounding in the bound (computed in long double from doubles).
  const double slack = fixing.bound - incumbent - step + 1e-6 * (1 + std::fabs(fixing.bound));
  for (int c = 0; c < cols; ++c) {
    if (!mip.integer[c] || mip.lb[c] != 0 || mip.ub[c] != 1) continue;
    if (std::fabs(fixing.reduced[c]) > slack) fixed[c] = fixing.best[c];
  }
  return fixed;
}

}  // namespace asta::select::internal
