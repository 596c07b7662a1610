// Reduced-cost fixing for the selection MIP (model.h says why it is exact).
#include <Clp_C_Interface.h>

#include <cfloat>
#include <cmath>

#include "engines/select/matrix.h"

namespace asta::select::internal {
namespace {

double Finite(double v) { return v == kInf ? DBL_MAX : v == -kInf ? -DBL_MAX : v; }

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
  out.duals = y;
  out.ok = true;
  return out;
}

}  // namespace

LoadedMatrix ColumnMajor(const Mip& mip, int rows) {
  const int cols = static_cast<int>(mip.names.size());
  LoadedMatrix m;
  std::vector<int> count(cols + 1, 0);
  for (int r = 0; r < rows; ++r)
    for (const auto& term : mip.rows[r].terms) ++count[term.first + 1];
  m.starts.assign(cols + 1, 0);
  for (int c = 0; c < cols; ++c) m.starts[c + 1] = m.starts[c] + count[c + 1];
  m.index.resize(m.starts[cols]);
  m.value.resize(m.starts[cols]);
  std::vector<CoinBigIndex> fill(m.starts.begin(), m.starts.end() - 1);
  for (int r = 0; r < rows; ++r) {
    for (auto [c, v] : mip.rows[r].terms) {
      m.index[fill[c]] = r;
      m.value[fill[c]++] = v;
    }
  }
  m.col_lb.resize(cols);
  m.col_ub.resize(cols);
  m.row_lb.resize(rows);
  m.row_ub.resize(rows);
  for (int c = 0; c < cols; ++c) {
    m.col_lb[c] = Finite(mip.lb[c]);
    m.col_ub[c] = Finite(mip.ub[c]);
  }
  for (int r = 0; r < rows; ++r) {
    m.row_lb[r] = Finite(mip.rows[r].lo);
    m.row_ub[r] = Finite(mip.rows[r].hi);
  }
  return m;
}

namespace {

// A Clp model of `mip`'s rows before the dominance rows (the caller frees it).
Clp_Simplex* LoadLp(const Mip& mip) {
  const LoadedMatrix m = ColumnMajor(mip, mip.first_dominance_row);
  Clp_Simplex* lp = Clp_newModel();
  if (lp == nullptr) return nullptr;
  Clp_loadProblem(lp, static_cast<int>(mip.names.size()), mip.first_dominance_row, m.starts.data(),
                  m.index.data(), m.value.data(), m.col_lb.data(), m.col_ub.data(), mip.obj.data(),
                  m.row_lb.data(), m.row_ub.data());
  Clp_setObjSense(lp, -1);  // maximise
  Clp_setLogLevel(lp, 0);
  return lp;
}

// The bound for the LP's row prices; the bound holds for any y, so the sign convention
// that gives the smaller one is taken.
Fixing FromPrices(const Mip& mip, const double* price) {
  const int rows = mip.first_dominance_row;
  std::vector<double> y(price, price + rows);
  Fixing plus = Evaluate(mip, rows, y);
  for (double& v : y) v = -v;
  Fixing minus = Evaluate(mip, rows, y);
  if (!plus.ok) return minus;
  if (!minus.ok) return plus;
  return plus.bound <= minus.bound ? plus : minus;
}

}  // namespace

Fixing LpBound(const Mip& mip) {
  Clp_Simplex* lp = nullptr;
  Fixing out;
  try {
    lp = LoadLp(mip);
    if (lp == nullptr) return {};
    Clp_initialSolve(lp);
    const double* price = Clp_getRowPrice(lp);
    if (Clp_status(lp) == 0 && price != nullptr) out = FromPrices(mip, price);
  } catch (...) {
    out = Fixing{};
  }
  if (lp != nullptr) Clp_deleteModel(lp);
  return out;
}

struct Relaxation::Impl {
  Mip mip;  // the rows before the dominance rows, then one row per group
  int first_group = 0;
  std::vector<std::vector<int>> groups;
  Clp_Simplex* lp = nullptr;
  bool warm = false;  // a basis from an earlier solve
};

Relaxation::Relaxation(const Mip& mip, const std::vector<std::vector<int>>& groups)
    : impl_(std::make_unique<Impl>()) {
  Mip& m = impl_->mip;
  m.names = mip.names;
  m.obj = mip.obj;
  m.lb = mip.lb;
  m.ub = mip.ub;
  m.integer = mip.integer;
  m.rows.assign(mip.rows.begin(), mip.rows.begin() + mip.first_dominance_row);
  m.row_names.assign(mip.row_names.begin(), mip.row_names.begin() + mip.first_dominance_row);
  impl_->first_group = static_cast<int>(m.rows.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::pair<int, double>> terms;
    for (int c : groups[g]) terms.emplace_back(c, 1.0);
    m.AddRow("group" + std::to_string(g), std::move(terms), -kInf, kInf);
  }
  m.first_dominance_row = static_cast<int>(m.rows.size());
  impl_->groups = groups;
  try {
    impl_->lp = LoadLp(m);
  } catch (...) {
    impl_->lp = nullptr;
  }
}

Relaxation::~Relaxation() {
  if (impl_->lp != nullptr) Clp_deleteModel(impl_->lp);
}

void Relaxation::SetGroup(int group, double lo, double hi) {
  const int r = impl_->first_group + group;
  impl_->mip.rows[r].lo = lo;
  impl_->mip.rows[r].hi = hi;
  if (impl_->lp != nullptr) {
    const int rows = static_cast<int>(impl_->mip.rows.size());
    std::vector<double> lower(Clp_getRowLower(impl_->lp), Clp_getRowLower(impl_->lp) + rows);
    std::vector<double> upper(Clp_getRowUpper(impl_->lp), Clp_getRowUpper(impl_->lp) + rows);
    lower[r] = Finite(lo);
    upper[r] = Finite(hi);
    Clp_chgRowLower(impl_->lp, lower.data());
    Clp_chgRowUpper(impl_->lp, upper.data());
  }
}

Relaxation::Status Relaxation::Solve(Fixing* fixing, std::vector<double>* sums) {
  Clp_Simplex* lp = impl_->lp;
  if (lp == nullptr) return Status::kFailed;
  try {
    if (impl_->warm) Clp_dual(lp, 0);
    // No basis yet, or the warm start did not end optimal (infeasibility is confirmed
    // from scratch too: it prunes): from scratch.
    if (!impl_->warm || Clp_status(lp) != 0) Clp_initialSolve(lp);
    impl_->warm = true;
    if (Clp_status(lp) == 1) return Status::kInfeasible;
    const double* price = Clp_getRowPrice(lp);
    const double* x = Clp_getColSolution(lp);
    if (Clp_status(lp) != 0 || price == nullptr || x == nullptr) return Status::kFailed;
    // A free group row has no price (Clp's may be a rounding residue).
    std::vector<double> y(price, price + impl_->mip.rows.size());
    for (std::size_t g = 0; g < impl_->groups.size(); ++g) {
      const auto& row = impl_->mip.rows[impl_->first_group + g];
      if (row.lo == -kInf && row.hi == kInf) y[impl_->first_group + g] = 0;
    }
    *fixing = FromPrices(impl_->mip, y.data());
    if (!fixing->ok) return Status::kFailed;
    sums->assign(impl_->groups.size(), 0);
    for (std::size_t g = 0; g < impl_->groups.size(); ++g)
      for (int c : impl_->groups[g]) (*sums)[g] += x[c];
    return Status::kSolved;
  } catch (...) {
    return Status::kFailed;
  }
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
