#include "engines/select/select.h"

#include <Cbc_C_Interface.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>

#include "engines/select/model.h"

namespace asta::select {
namespace {

using internal::Mip;
using internal::Prepared;

std::string Money(double v) {
  char buf[48];
  if (std::fabs(v - std::round(v)) < 1e-9) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
}

double ToMoney(const Prepared& pp, int f, std::int64_t units) {
  return static_cast<double>(units) * static_cast<double>(pp.unit[f]) / 100.0;
}

std::mutex& CbcMutex() {
  static std::mutex mutex;
  return mutex;
}

struct MipOutcome {
  bool has_solution = false;
  bool optimal = false;
  bool infeasible = false;
  std::vector<double> values;
  std::string error;  // CBC failed
};

// CBC on `mip` for at most `seconds` and `max_nodes` nodes (-1: no limit); with a cutoff,
// only solutions of objective >= *cutoff are sought (none found, no limit reached:
// infeasible, i.e. nothing that good exists).
Result<MipOutcome> RunCbc(const Mip& mip, const std::vector<std::pair<int, double>>& start,
                          double seconds, std::optional<double> cutoff, int max_nodes) {
  const int cols = static_cast<int>(mip.names.size());
  const int rows = static_cast<int>(mip.rows.size());
  // Column-major copy of the rows.
  std::vector<int> count(cols + 1, 0);
  for (const auto& row : mip.rows)
    for (const auto& term : row.terms) ++count[term.first + 1];
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
  auto finite = [](double v) {
    return v == internal::kInf ? DBL_MAX : v == -internal::kInf ? -DBL_MAX : v;
  };
  std::vector<double> col_lb(cols), col_ub(cols), row_lb(rows), row_ub(rows);
  for (int c = 0; c < cols; ++c) {
    col_lb[c] = finite(mip.lb[c]);
    col_ub[c] = finite(mip.ub[c]);
  }
  for (int r = 0; r < rows; ++r) {
    row_lb[r] = finite(mip.rows[r].lo);
    row_ub[r] = finite(mip.rows[r].hi);
  }
  std::lock_guard<std::mutex> lock(CbcMutex());
  Cbc_Model* model = Cbc_newModel();
  if (model == nullptr) return Internal("CBC: cannot create a model");
  MipOutcome out;
  try {
    Cbc_loadProblem(model, cols, rows, starts.data(), index.data(), value.data(), col_lb.data(),
                    col_ub.data(), mip.obj.data(), row_lb.data(), row_ub.data());
    for (int c = 0; c < cols; ++c) {
      if (mip.integer[c]) Cbc_setInteger(model, c);
    }
    Cbc_setObjSense(model, -1);  // maximise
    Cbc_setLogLevel(model, 0);
    Cbc_setParameter(model, "threads", "0");
    Cbc_setMaximumSeconds(model, seconds);
    if (max_nodes >= 0) Cbc_setMaximumNodes(model, max_nodes);
    if (cutoff) Cbc_setCutoff(model, *cutoff);
    if (!start.empty()) {
      std::vector<int> idx;
      std::vector<double> val;
      for (auto [c, v] : start) {
        idx.push_back(c);
        val.push_back(v);
      }
      Cbc_setMIPStartI(model, static_cast<int>(idx.size()), idx.data(), val.data());
    }
    const auto began = std::chrono::steady_clock::now();
    Cbc_solve(model);
    out.optimal = Cbc_isProvenOptimal(model) != 0;
    // No selection without reaching a limit: none exists.
    // (A run that used up its time counts as limited even if CBC does not say so.)
    const bool limited =
        Cbc_isSecondsLimitReached(model) != 0 || Cbc_isAbandoned(model) != 0 ||
        (max_nodes >= 0 && Cbc_isNodeLimitReached(model) != 0) ||
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() >=
            0.98 * seconds;
    out.infeasible = Cbc_isProvenInfeasible(model) != 0 || !limited;
    const double* best = Cbc_bestSolution(model);
    if (best != nullptr) {
      out.has_solution = true;
      out.values.assign(best, best + cols);
    }
  } catch (...) {
    Cbc_deleteModel(model);
    return Internal("CBC failed while solving the selection");
  }
  Cbc_deleteModel(model);
  return out;
}

struct Tally {
  std::vector<std::int64_t> used;
  std::vector<int> slot_count, theme_count;
};

Tally Count(const Prepared& pp, const Problem& problem, const std::vector<char>& selected) {
  Tally t{std::vector<std::int64_t>(pp.funders, 0), std::vector<int>(problem.slots.size(), 0),
          std::vector<int>(problem.themes.size(), 0)};
  for (int p = 0; p < pp.n; ++p) {
    if (!selected[p]) continue;
    for (auto [f, a] : pp.shares[p]) t.used[f] += a;
    if (problem.proposals[p].slot >= 0) ++t.slot_count[problem.proposals[p].slot];
    if (problem.proposals[p].theme >= 0) ++t.theme_count[problem.proposals[p].theme];
  }
  return t;
}

// Adds, in rank order, every proposal that fits. From a selection that was feasible for
// smaller budgets this gives one that meets the rank rule again (docs/review.md).
std::vector<char> Extend(const Prepared& pp, const Problem& problem, std::vector<char> selected) {
  Tally t = Count(pp, problem, selected);
  for (int k = 0; k < pp.n; ++k) {
    const int p = pp.order[k];
    if (selected[p] || !pp.affordable[p]) continue;
    if (!internal::Fits(pp, problem, p, t.used, t.slot_count, t.theme_count)) continue;
    selected[p] = 1;
    for (auto [f, a] : pp.shares[p]) t.used[f] += a;
    if (problem.proposals[p].slot >= 0) ++t.slot_count[problem.proposals[p].slot];
    if (problem.proposals[p].theme >= 0) ++t.theme_count[problem.proposals[p].theme];
  }
  return selected;
}

bool MeetsMinimums(const Prepared& pp, const Tally& t) {
  for (std::size_t s = 0; s < t.slot_count.size(); ++s)
    if (t.slot_count[s] < pp.slot_min[s]) return false;
  for (std::size_t g = 0; g < t.theme_count.size(); ++g)
    if (t.theme_count[g] < pp.theme_min[g]) return false;
  return true;
}

// Every constraint checked exactly on the selection; the first broken one, or "".
std::string Verify(const Prepared& pp, const Problem& problem, const std::vector<char>& selected) {
  const Tally t = Count(pp, problem, selected);
  for (int f = 0; f < pp.funders; ++f) {
    if (t.used[f] > pp.budget[f]) return "funder \"" + problem.funders[f].id + "\" over budget";
  }
  for (std::size_t s = 0; s < t.slot_count.size(); ++s) {
    if (t.slot_count[s] < pp.slot_min[s] || t.slot_count[s] > pp.slot_max[s])
      return "slot \"" + problem.slots[s] + "\" outside its quota";
  }
  for (std::size_t g = 0; g < t.theme_count.size(); ++g) {
    if (t.theme_count[g] < pp.theme_min[g] || t.theme_count[g] > pp.theme_max[g])
      return "theme \"" + problem.themes[g] + "\" outside its bounds";
  }
  if (!problem.rank_order) return "";
  bool below = false;  // some proposal ranked lower is selected
  for (int k = pp.n - 1; k >= 0; --k) {
    const int p = pp.order[k];
    if (selected[p]) {
      below = true;
    } else if (below && internal::Fits(pp, problem, p, t.used, t.slot_count, t.theme_count)) {
      return "proposal \"" + problem.proposals[p].id + "\" fits but a lower-ranked one is selected";
    }
  }
  return "";
}

struct Core {
  std::vector<char> selected;  // per proposal index
  double total = 0;
  bool optimal = false;
};

double Objective(const Mip& mip, const std::vector<double>& values) {
  double total = 0;
  for (std::size_t c = 0; c < mip.obj.size(); ++c) total += mip.obj[c] * values[c];
  return total;
}

// The MIP over the columns not fixed (fixed[c] < 0), the fixed ones moved into the rows'
// sides. infeasible: a row left without columns is broken by the fixed values.
struct Compacted {
  Mip mip;
  std::vector<int> column;  // compact column -> column of the full MIP
  bool infeasible = false;
};

Compacted Compact(const Mip& mip, const std::vector<int>& fixed) {
  Compacted out;
  std::vector<int> to(mip.names.size(), -1);
  for (std::size_t c = 0; c < mip.names.size(); ++c) {
    if (fixed[c] >= 0) continue;
    to[c] = out.mip.AddColumn(mip.names[c], mip.obj[c], mip.lb[c], mip.ub[c], mip.integer[c]);
    out.column.push_back(static_cast<int>(c));
  }
  out.mip.first_dominance_row = -1;
  for (std::size_t r = 0; r < mip.rows.size(); ++r) {
    if (static_cast<int>(r) == mip.first_dominance_row) {
      out.mip.first_dominance_row = static_cast<int>(out.mip.rows.size());
    }
    const auto& row = mip.rows[r];
    std::vector<std::pair<int, double>> terms;
    double shift = 0;  // whole numbers times 0/1: exact
    for (auto [c, v] : row.terms) {
      if (fixed[c] >= 0) {
        shift += v * fixed[c];
      } else {
        terms.emplace_back(to[c], v);
      }
    }
    const double lo = row.lo - shift, hi = row.hi - shift;
    if (terms.empty()) {
      if (lo > 1e-9 || hi < -1e-9) out.infeasible = true;
      continue;
    }
    out.mip.AddRow(mip.row_names[r], std::move(terms), lo, hi);
  }
  if (out.mip.first_dominance_row < 0) {
    out.mip.first_dominance_row = static_cast<int>(out.mip.rows.size());
  }
  return out;
}

// The optimal MIP solution (optimal true) or the best found in `seconds`, by reduced-cost
// fixing around the LP relaxation (model.h):
//  1. an incumbent: `start` if given, improved by `improve` (local search);
//  2. "cores": the columns with the smallest reduced costs free, the others at their LP
//     values, solved by CBC with a node limit (not a time cap, so the same input gives
//     the same selection) and cut off at the incumbent (only better selections count);
//     each selection found is improved by `improve`. The core doubles until step 3 leaves
//     no more free columns than it holds;
//  3. every column whose reduced cost exceeds (LP bound - incumbent - 1) is fixed at its
//     LP value: no selection better than the incumbent differs there. Together with the
//     dominance rows: an optimal selection meeting them exists (model.cc); if it beats the
//     incumbent it meets the fixings too, so the optimum is the better of the incumbent
//     and the restricted MIP's optimum, and CBC proving the latter optimal (or infeasible
//     under the cutoff) proves the whole. This step is split by the number of selected
//     proposals (ByCardinality: a bound and a fixing per count, much tighter); one
//     restricted MIP when a bound of the split fails.
// Without an LP bound the whole MIP is solved.
Result<MipOutcome> SolveMip(
    const Mip& mip, std::vector<std::pair<int, double>> start, double seconds,
    const std::function<void(std::vector<double>&)>& improve,
    const std::function<std::vector<double>(const std::vector<int>&)>& greedy) {
  const auto t0 = std::chrono::steady_clock::now();
  auto left = [&] {
    return seconds - std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  constexpr std::size_t kFirstCore = 128;
  constexpr int kCoreNodes =
      200;  // per heuristic core (docs/performance.md)  // per heuristic core (docs/performance.md)
  const internal::Fixing fixing = internal::LpBound(mip);
  if (!fixing.ok) return RunCbc(mip, start, seconds, {}, -1);
  bool whole = true;
  for (double v : mip.obj) whole = whole && v == std::round(v);
  const double step = whole ? 1 : 0;
  std::vector<int> binaries;
  for (std::size_t c = 0; c < mip.names.size(); ++c) {
    if (mip.integer[c] && mip.lb[c] == 0 && mip.ub[c] == 1) binaries.push_back(static_cast<int>(c));
  }
  MipOutcome best;  // the incumbent
  auto offer = [&](MipOutcome o) {
    if (!o.has_solution) return;
    improve(o.values);
    if (!best.has_solution || Objective(mip, o.values) > Objective(mip, best.values)) {
      best.has_solution = true;
      best.values = std::move(o.values);
    }
  };
  {
    // The LP's own order: binary columns by reduced cost, largest first, added greedily.
    std::vector<int> by_value = binaries;
    std::stable_sort(by_value.begin(), by_value.end(),
                     [&](int a, int b) { return fixing.reduced[a] > fixing.reduced[b]; });
    MipOutcome guided;
    guided.values = greedy(by_value);
    guided.has_solution = !guided.values.empty();
    offer(std::move(guided));
  }
  if (!start.empty()) {
    // Polished only when it is at least as good as the LP's greedy (e.g. a previous
    // optimum): polishing a poor start costs more than it gains.
    MipOutcome given;
    given.has_solution = true;
    given.values.assign(mip.names.size(), 0);
    for (auto [c, v] : start) given.values[c] = v;
    if (!best.has_solution || Objective(mip, given.values) >= Objective(mip, best.values)) {
      offer(std::move(given));
    }
  }
  // Binary columns by |reduced cost|, smallest first: the core grows along this order.
  std::vector<int> by_cost = binaries;
  std::stable_sort(by_cost.begin(), by_cost.end(), [&](int a, int b) {
    return std::fabs(fixing.reduced[a]) < std::fabs(fixing.reduced[b]);
  });
  // CBC on the MIP `m` (same columns as `mip`) restricted by `fixed`, cut off at the
  // incumbent; the values are expanded back to every column.
  auto SolvePart = [&](const Mip& m, const std::vector<int>& fixed, int nodes) {
    const Compacted part = Compact(m, fixed);
    MipOutcome got;
    got.infeasible = true;
    if (part.infeasible) return got;
    // Only selections better than the incumbent (by `step`, less a margin for rounding).
    std::optional<double> cutoff;
    if (best.has_solution) {
      double offset = 0;  // the fixed columns' part of the objective
      for (std::size_t c = 0; c < fixed.size(); ++c)
        if (fixed[c] >= 0) offset += m.obj[c] * fixed[c];
      cutoff = Objective(m, best.values) - offset + (step > 0 ? step - 0.5 : 1e-9);
    }
    auto sub = RunCbc(part.mip, {}, std::max(left(), 0.01), cutoff, nodes);
    if (!sub) {
      got.error = sub.error().message;
      return got;
    }
    got.optimal = sub->optimal;
    got.infeasible = sub->infeasible;
    if (sub->has_solution) {
      got.has_solution = true;
      got.values.assign(m.names.size(), 0);
      for (std::size_t c = 0; c < fixed.size(); ++c)
        if (fixed[c] >= 0) got.values[c] = fixed[c];
      for (std::size_t c = 0; c < part.column.size(); ++c)
        got.values[part.column[c]] = sub->values[c];
    }
    return got;
  };
  // The exact step split by the number of selected proposals k (Σ binaries = k): per k
  // the LP bound and the fixing are much tighter. The k to try are found without trusting
  // the LP solver: the bound of the LP with Σ >= hi + 1 (and Σ <= lo - 1) below the
  // incumbent + step leaves no better selection outside [lo, hi]. Every k in [lo, hi] is
  // then fixed and solved. nullopt: a bound failed; the caller solves as one MIP.
  auto ByCardinality = [&]() -> std::optional<MipOutcome> {
    auto with = [&](double lo, double hi) {
      Mip m = mip;
      std::vector<std::pair<int, double>> terms;
      for (int c : binaries) terms.emplace_back(c, 1.0);
      m.rows.insert(m.rows.begin() + m.first_dominance_row, Mip::Row{std::move(terms), lo, hi});
      m.row_names.insert(m.row_names.begin() + m.first_dominance_row, "count");
      ++m.first_dominance_row;
      return m;
    };
    auto beaten = [&](const internal::Fixing& f) {
      return f.bound < Objective(mip, best.values) + step - 1e-6 * (1 + std::fabs(f.bound));
    };
    int k0 = 0;
    for (int c : binaries) k0 += fixing.best[c];
    int lo = k0, hi = k0;
    while (true) {
      const internal::Fixing f = internal::LpBound(with(hi + 1, internal::kInf));
      if (!f.ok) return std::nullopt;
      if (beaten(f)) break;
      ++hi;
    }
    while (lo > 0) {
      const internal::Fixing f = internal::LpBound(with(-internal::kInf, lo - 1));
      if (!f.ok) return std::nullopt;
      if (beaten(f)) break;
      --lo;
    }
    // The counts by bound, most promising first: a better selection found early makes the
    // fixing of the others tighter.
    std::vector<std::pair<int, internal::Fixing>> counts;
    for (int k = lo; k <= hi; ++k) {
      internal::Fixing f = internal::LpBound(with(k, k));
      if (!f.ok) return std::nullopt;  // also when no selection has k proposals: rare
      counts.emplace_back(k, std::move(f));
    }
    std::stable_sort(counts.begin(), counts.end(),
                     [](const auto& a, const auto& b) { return a.second.bound > b.second.bound; });
    bool all_settled = true;
    for (const auto& [k, f] : counts) {
      const Mip m = with(k, k);
      if (beaten(f)) continue;
      const std::vector<int> fixed =
          internal::FixedColumns(m, f, Objective(mip, best.values), step);
      MipOutcome got = SolvePart(m, fixed, -1);
      if (!got.error.empty()) return got;
      all_settled = all_settled && (got.optimal || (got.infeasible && !got.has_solution));
      got.values.resize(mip.names.size());
      offer(std::move(got));
      if (left() <= 0.01) all_settled = false;
    }
    MipOutcome out = best;
    out.optimal = all_settled;
    return out;
  };
  std::size_t core = std::min<std::size_t>(kFirstCore, by_cost.size());
  while (true) {
    // The exact fixing for the incumbent; when the core holds every column it leaves
    // free, the core's optimum (with the incumbent) is the optimum.
    std::vector<int> fixed(mip.names.size(), -1);
    bool exact = false;
    if (best.has_solution) {
      fixed = internal::FixedColumns(mip, fixing, Objective(mip, best.values), step);
      std::size_t free = 0;
      for (int c : binaries) free += fixed[c] < 0;
      exact = free <= core;
    }
    exact = exact || core >= by_cost.size();  // nothing left to grow: the whole MIP
    if (!exact) {
      for (std::size_t i = core; i < by_cost.size(); ++i)
        fixed[by_cost[i]] = fixing.best[by_cost[i]];
    }
    if (exact && best.has_solution) {
      std::optional<MipOutcome> split = ByCardinality();
      if (split && !split->error.empty()) return Internal(split->error);
      if (split) return *split;
    }
    MipOutcome got = SolvePart(mip, fixed, exact ? -1 : kCoreNodes);
    if (!got.error.empty()) return Internal(got.error);
    // Proven: nothing better than the incumbent in this part (or the part's optimum).
    const bool settled = got.optimal || (got.infeasible && !got.has_solution);
    offer(got);
    if (exact) {
      if (!best.has_solution) return got;  // infeasible, or nothing found in time
      MipOutcome out = best;
      out.optimal = settled;
      return out;
    }
    if (left() <= 0.01) return best;
    core = std::min(by_cost.size(), core * 2);
  }
}

Result<Core> SolveCore(const Problem& problem, const Prepared& pp, const std::vector<char>& hint) {
  const Mip mip = internal::BuildMip(pp, problem);
  std::vector<std::pair<int, double>> start;
  const std::vector<char> greedy = Extend(pp, problem, hint);
  if (MeetsMinimums(pp, Count(pp, problem, greedy))) {
    start = internal::StartValues(mip, pp, greedy);
  }
  // The local search moves only columns whose reduced cost could still matter; the
  // values are per rank position (column x0 + k).
  auto improve = [&](std::vector<double>& values) {
    std::vector<char> in(pp.n, 0);
    for (int k = 0; k < pp.n; ++k) in[pp.order[k]] = values[mip.x0 + k] > 0.5;
    in = internal::Improve(pp, problem, std::move(in), {});
    for (int k = 0; k < pp.n; ++k) values[mip.x0 + k] = in[pp.order[k]] ? 1 : 0;
  };
  auto guided = [&](const std::vector<int>& columns) {
    std::vector<int> order;
    for (int c : columns) {
      const int k = c - mip.x0;
      if (k >= 0 && k < pp.n) order.push_back(pp.order[k]);
    }
    const std::vector<char> in = internal::Greedy(pp, problem, order);
    std::vector<double> values;
    if (in.empty()) return values;
    values.assign(mip.names.size(), 0);
    for (int k = 0; k < pp.n; ++k) values[mip.x0 + k] = in[pp.order[k]] ? 1 : 0;
    return values;
  };
  ASTA_ASSIGN_OR_RETURN(MipOutcome outcome,
                        SolveMip(mip, start, problem.time_limit_seconds, improve, guided));
  if (!outcome.has_solution) {
    if (outcome.infeasible) {
      return FailedPrecondition(
          "no selection meets every constraint: the slot and theme minimums cannot be met "
          "together within the budgets (each alone can)");
    }
    return Unavailable("no selection found within the time limit of " +
                       Money(problem.time_limit_seconds) + " s");
  }
  Core core;
  core.selected.assign(pp.n, 0);
  for (int k = 0; k < pp.n; ++k) {
    if (outcome.values[mip.x0 + k] > 0.5) core.selected[pp.order[k]] = 1;
  }
  // The rank rule: a proposal left out while a lower-ranked one is selected must not fit.
  // Adding, in rank order, every proposal that still fits gives a selection that meets it;
  // from an optimal selection this adds only proposals of merit 0 (anything else that
  // fits would have raised the optimum), so the result is optimal under the rule too.
  if (problem.rank_order) core.selected = Extend(pp, problem, core.selected);
  if (std::string broken = Verify(pp, problem, core.selected); !broken.empty()) {
    return Internal("CBC returned a selection that breaks a constraint: " + broken);
  }
  core.optimal = outcome.optimal;
  for (int k = 0; k < pp.n; ++k) {
    if (core.selected[pp.order[k]]) core.total += problem.proposals[pp.order[k]].merit;
  }
  return core;
}

std::vector<std::string> ExplainPrepared(const Prepared& pp, const Problem& problem) {
  std::vector<std::string> reasons;
  auto groups = [&](const char* what, const std::vector<std::string>& names,
                    const std::vector<int>& lo, const std::vector<int>& hi,
                    const std::vector<int>& size, auto group_of) {
    std::vector<int> all(names.size(), 0);
    for (int p = 0; p < pp.n; ++p)
      if (group_of(p) >= 0) ++all[group_of(p)];
    std::vector<char> possible(names.size(), 1);
    for (std::size_t g = 0; g < names.size(); ++g) {
      const std::string name = std::string(what) + " \"" + names[g] + "\"";
      if (lo[g] > hi[g]) {
        reasons.push_back(name + ": minimum " + std::to_string(lo[g]) + " is above its maximum " +
                          std::to_string(hi[g]));
        possible[g] = 0;
      } else if (lo[g] > size[g]) {
        std::string r = name + " needs at least " + std::to_string(lo[g]) +
                        " proposals but has only " + std::to_string(size[g]);
        if (all[g] > size[g]) {
          r += " that fit the budgets (" + std::to_string(all[g]) +
               " in all; the others ask a funder for more than its whole budget)";
        }
        reasons.push_back(r);
        possible[g] = 0;
      }
    }
    // The cheapest way to meet the minimums, funder by funder.
    for (int f = 0; f < pp.funders; ++f) {
      std::int64_t total = 0;
      bool one_alone = false;
      for (std::size_t g = 0; g < names.size(); ++g) {
        if (!possible[g] || lo[g] == 0) continue;
        std::vector<std::int64_t> asks;
        for (int p = 0; p < pp.n; ++p) {
          if (group_of(p) != static_cast<int>(g) || !pp.affordable[p]) continue;
          std::int64_t a = 0;
          for (auto [ff, units] : pp.shares[p])
            if (ff == f) a = units;
          asks.push_back(a);
        }
        std::sort(asks.begin(), asks.end());
        std::int64_t need = 0;
        for (int i = 0; i < lo[g]; ++i) need += asks[i];
        total += need;
        if (need > pp.budget[f]) {
          one_alone = true;
          reasons.push_back(
              std::string(what) + " \"" + names[g] + "\": any " + std::to_string(lo[g]) +
              " of its proposals ask funder \"" + problem.funders[f].id + "\" for at least " +
              Money(ToMoney(pp, f, need)) + "; its budget is " + Money(problem.funders[f].budget));
        }
      }
      if (!one_alone && total > pp.budget[f]) {
        reasons.push_back(std::string("the ") + what + " minimums together ask funder \"" +
                          problem.funders[f].id + "\" for at least " +
                          Money(ToMoney(pp, f, total)) + "; its budget is " +
                          Money(problem.funders[f].budget));
      }
    }
  };
  groups("slot", problem.slots, pp.slot_min, pp.slot_max, pp.slot_size,
         [&](int p) { return problem.proposals[p].slot; });
  groups("theme", problem.themes, pp.theme_min, pp.theme_max, pp.theme_size,
         [&](int p) { return problem.proposals[p].theme; });
  return reasons;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

std::vector<std::string> Explain(const Problem& problem) {
  auto pp = internal::Prepare(problem);
  if (!pp) return {pp.error().message};
  return ExplainPrepared(*pp, problem);
}

Result<std::string> WriteLp(const Problem& problem) {
  ASTA_ASSIGN_OR_RETURN(Prepared pp, internal::Prepare(problem));
  return internal::ToLp(internal::BuildMip(pp, problem));
}

Result<Solution> Solve(const Problem& problem) {
  ASTA_ASSIGN_OR_RETURN(Prepared pp, internal::Prepare(problem));
  if (auto reasons = ExplainPrepared(pp, problem); !reasons.empty()) {
    return FailedPrecondition("no selection meets every constraint: " + Join(reasons));
  }
  ASTA_ASSIGN_OR_RETURN(Core core, SolveCore(problem, pp, std::vector<char>(pp.n, 0)));
  Solution out;
  out.total_merit = core.total;
  out.proven_optimal = core.optimal;
  for (int k = 0; k < pp.n; ++k) {
    if (core.selected[pp.order[k]]) out.selected.push_back(pp.order[k]);
  }
  const Tally t = Count(pp, problem, core.selected);
  for (int k = 0; k < pp.n; ++k) {
    const int p = pp.order[k];
    if (core.selected[p]) continue;
    for (auto [f, a] : pp.shares[p]) {
      if (t.used[f] + a <= pp.budget[f]) continue;
      out.skipped.push_back({p, f, ToMoney(pp, f, a), ToMoney(pp, f, pp.budget[f] - t.used[f])});
    }
  }
  for (int f = 0; f < pp.funders; ++f) {
    FunderUse use;
    use.funder = f;
    use.budget = problem.funders[f].budget;
    use.used = ToMoney(pp, f, t.used[f]);
    std::vector<double> asks;
    for (const Proposal& pr : problem.proposals)
      for (const Share& s : pr.shares)
        if (s.funder == f && std::llround(s.amount * 100) > 0) asks.push_back(s.amount);
    if (problem.marginal_values && !asks.empty()) {
      std::sort(asks.begin(), asks.end());
      use.step = asks[(asks.size() - 1) / 2];
      Problem more = problem;
      more.funders[f].budget += use.step;
      auto pm = internal::Prepare(more);
      Result<Core> again = tl::unexpected(Error{});
      if (pm) again = SolveCore(more, *pm, core.selected);
      if (again) {
        use.gain = again->total - core.total;
        use.gain_proven = core.optimal && again->optimal;
        for (int k = 0; k < pp.n; ++k) {
          const int p = pp.order[k];
          if (again->selected[p] && !core.selected[p]) use.would_add.push_back(p);
          if (!again->selected[p] && core.selected[p]) use.would_drop.push_back(p);
        }
      }
    }
    out.funders.push_back(std::move(use));
  }
  return out;
}

}  // namespace asta::select

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer (the debug build): CoinUtils 2.11.4 leaks in CBC's presolve
// (presolve_dupmajor: one byte; implied_free_action: arrays, on the small restricted
// MIPs), outside our code. Said here, so every program that selects (the asta command,
// the review module's tests, select_tests) knows it.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:presolve_dupmajor\nleak:implied_free_action\n";
}
#endif
