#include "engines/select/select.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

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
  ASTA_ASSIGN_OR_RETURN(
      internal::MipOutcome outcome,
      internal::SolveMip(mip, start, problem.time_limit_seconds, improve, guided));
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
