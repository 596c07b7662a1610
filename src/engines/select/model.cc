#include "engines/select/model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

namespace asta::select::internal {
namespace {

constexpr double kMaxMoney = 1e13;

std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

Status CheckBounds(const std::vector<Bounds>& bounds, std::size_t names, const char* what) {
  if (bounds.size() > names) {
    return InvalidArgument(std::string("more ") + what + " bounds than " + what + "s", what);
  }
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (bounds[i].min < 0 || bounds[i].max < 0) {
      return InvalidArgument(std::string(what) + " " + std::to_string(i) + ": negative bound",
                             what);
    }
  }
  return Ok();
}

}  // namespace

Result<Prepared> Prepare(const Problem& problem) {
  Prepared pp;
  pp.n = static_cast<int>(problem.proposals.size());
  pp.funders = static_cast<int>(problem.funders.size());
  const int slots = static_cast<int>(problem.slots.size());
  const int themes = static_cast<int>(problem.themes.size());
  if (!(problem.time_limit_seconds > 0)) {
    return InvalidArgument("time_limit_seconds must be positive", "time_limit_seconds");
  }
  ASTA_RETURN_IF_ERROR(CheckBounds(problem.slot_quotas, problem.slots.size(), "slot"));
  ASTA_RETURN_IF_ERROR(CheckBounds(problem.theme_bounds, problem.themes.size(), "theme"));
  {
    std::set<std::string_view> ids;
    for (const Funder& f : problem.funders) {
      if (!ids.insert(f.id).second) {
        return InvalidArgument("funder \"" + f.id + "\" is given twice", "funders");
      }
      if (!std::isfinite(f.budget) || f.budget < 0 || f.budget > kMaxMoney) {
        return InvalidArgument("funder \"" + f.id + "\": budget must be between 0 and 1e13",
                               "funders");
      }
    }
  }
  std::set<std::string_view> ids;
  // Hundredths first; each funder's greatest common divisor next.
  std::vector<std::vector<std::pair<int, std::int64_t>>> hundredths(pp.n);
  std::vector<std::int64_t> gcd(pp.funders, 0);
  for (int f = 0; f < pp.funders; ++f) {
    gcd[f] = std::llround(problem.funders[f].budget * 100);
  }
  for (int p = 0; p < pp.n; ++p) {
    const Proposal& pr = problem.proposals[p];
    const std::string where = "proposal \"" + pr.id + "\"";
    if (!ids.insert(pr.id).second) return InvalidArgument(where + " is given twice", "proposals");
    if (!std::isfinite(pr.merit) || pr.merit < 0) {
      return InvalidArgument(where + ": merit must be a non-negative number", "proposals");
    }
    if (pr.slot < -1 || pr.slot >= slots) {
      return InvalidArgument(where + ": slot index out of range", "proposals");
    }
    if (pr.theme < -1 || pr.theme >= themes) {
      return InvalidArgument(where + ": theme index out of range", "proposals");
    }
    std::set<int> seen;
    for (const Share& s : pr.shares) {
      if (s.funder < 0 || s.funder >= pp.funders) {
        return InvalidArgument(where + ": funder index out of range", "proposals");
      }
      if (!seen.insert(s.funder).second) {
        return InvalidArgument(
            where + " asks funder \"" + problem.funders[s.funder].id + "\" twice", "proposals");
      }
      if (!std::isfinite(s.amount) || s.amount < 0 || s.amount > kMaxMoney) {
        return InvalidArgument(where + ": amount must be between 0 and 1e13", "proposals");
      }
      const std::int64_t h = std::llround(s.amount * 100);
      if (h == 0) continue;
      hundredths[p].emplace_back(s.funder, h);
      gcd[s.funder] = std::gcd(gcd[s.funder], h);
    }
  }
  for (auto& g : gcd) g = std::max<std::int64_t>(g, 1);
  pp.unit = gcd;
  pp.budget.resize(pp.funders);
  for (int f = 0; f < pp.funders; ++f) {
    pp.budget[f] = std::llround(problem.funders[f].budget * 100) / gcd[f];
  }
  pp.shares.resize(pp.n);
  pp.affordable.assign(pp.n, 1);
  for (int p = 0; p < pp.n; ++p) {
    for (auto [f, h] : hundredths[p]) {
      pp.shares[p].emplace_back(f, h / gcd[f]);
      if (h / gcd[f] > pp.budget[f]) pp.affordable[p] = 0;
    }
    std::sort(pp.shares[p].begin(), pp.shares[p].end());
  }
  pp.order.resize(pp.n);
  std::iota(pp.order.begin(), pp.order.end(), 0);
  std::sort(pp.order.begin(), pp.order.end(), [&](int a, int b) {
    const Proposal& pa = problem.proposals[a];
    const Proposal& pb = problem.proposals[b];
    if (pa.merit != pb.merit) return pa.merit > pb.merit;
    return pa.id < pb.id;
  });
  pp.position.resize(pp.n);
  for (int k = 0; k < pp.n; ++k) pp.position[pp.order[k]] = k;
  auto bounds = [](const std::vector<Bounds>& b, int count, std::vector<int>& lo,
                   std::vector<int>& hi) {
    lo.assign(count, 0);
    hi.assign(count, INT_MAX);
    for (std::size_t i = 0; i < b.size(); ++i) {
      lo[i] = b[i].min;
      hi[i] = b[i].max;
    }
  };
  bounds(problem.slot_quotas, slots, pp.slot_min, pp.slot_max);
  bounds(problem.theme_bounds, themes, pp.theme_min, pp.theme_max);
  pp.slot_size.assign(slots, 0);
  pp.theme_size.assign(themes, 0);
  for (int p = 0; p < pp.n; ++p) {
    if (!pp.affordable[p]) continue;
    if (problem.proposals[p].slot >= 0) ++pp.slot_size[problem.proposals[p].slot];
    if (problem.proposals[p].theme >= 0) ++pp.theme_size[problem.proposals[p].theme];
  }
  return pp;
}

bool Fits(const Prepared& pp, const Problem& problem, int p, const std::vector<std::int64_t>& used,
          const std::vector<int>& slot_count, const std::vector<int>& theme_count) {
  for (auto [f, a] : pp.shares[p]) {
    if (used[f] + a > pp.budget[f]) return false;
  }
  const int s = problem.proposals[p].slot;
  if (s >= 0 && slot_count[s] + 1 > pp.slot_max[s]) return false;
  const int t = problem.proposals[p].theme;
  if (t >= 0 && theme_count[t] + 1 > pp.theme_max[t]) return false;
  return true;
}

int Mip::AddColumn(std::string name, double objective, double lower, double upper, bool is_int) {
  names.push_back(std::move(name));
  obj.push_back(objective);
  lb.push_back(lower);
  ub.push_back(upper);
  integer.push_back(is_int ? 1 : 0);
  return static_cast<int>(names.size()) - 1;
}

void Mip::AddRow(std::string name, std::vector<std::pair<int, double>> terms, double lo,
                 double hi) {
  rows.push_back({std::move(terms), lo, hi});
  row_names.push_back(std::move(name));
}

// Columns: x_k (binary, rank position k), s_f (spend of funder f), c_s / d_t (count of a
// slot / theme, bounded by its quota), and for the rank rule y_{k,f} (binary: funder f has
// less left than proposal k's share), z_s / u_t (binary: slot / theme full) and w_k
// (continuous in [0,1]: some proposal ranked below k is selected).
Mip BuildMip(const Prepared& pp, const Problem& problem) {
  Mip mip;
  const int n = pp.n;
  mip.x0 = 0;
  for (int k = 0; k < n; ++k) {
    const int p = pp.order[k];
    mip.AddColumn("x" + std::to_string(k), problem.proposals[p].merit, 0, pp.affordable[p] ? 1 : 0,
                  true);
  }
  std::vector<std::vector<std::pair<int, double>>> spend_terms(pp.funders);
  for (int k = 0; k < n; ++k) {
    const int p = pp.order[k];
    if (!pp.affordable[p]) continue;
    for (auto [f, a] : pp.shares[p]) spend_terms[f].emplace_back(k, static_cast<double>(a));
  }
  std::vector<int> spend(pp.funders, -1);
  for (int f = 0; f < pp.funders; ++f) {
    if (spend_terms[f].empty()) continue;
    spend[f] =
        mip.AddColumn("s" + std::to_string(f), 0, 0, static_cast<double>(pp.budget[f]), false);
    auto terms = spend_terms[f];
    terms.emplace_back(spend[f], -1.0);
    mip.AddRow("spend" + std::to_string(f), std::move(terms), 0, 0);
  }
  // Slot and theme counts, as columns bounded by the quota.
  auto counts = [&](const char* prefix, int groups, auto group_of, const std::vector<int>& lo,
                    const std::vector<int>& hi, const std::vector<int>& size) {
    std::vector<int> column(groups, -1);
    std::vector<std::vector<std::pair<int, double>>> terms(groups);
    for (int k = 0; k < n; ++k) {
      const int p = pp.order[k];
      const int g = group_of(p);
      if (g >= 0 && pp.affordable[p]) terms[g].emplace_back(k, 1.0);
    }
    for (int g = 0; g < groups; ++g) {
      const bool bounded = lo[g] > 0 || hi[g] < size[g];
      if (!bounded) continue;
      column[g] = mip.AddColumn(std::string(prefix) + std::to_string(g), 0, lo[g],
                                hi[g] == INT_MAX ? kInf : hi[g], false);
      auto t = terms[g];
      t.emplace_back(column[g], -1.0);
      mip.AddRow(std::string(prefix) + "count" + std::to_string(g), std::move(t), 0, 0);
    }
    return column;
  };
  const auto slot_count = counts(
      "c", static_cast<int>(problem.slots.size()), [&](int p) { return problem.proposals[p].slot; },
      pp.slot_min, pp.slot_max, pp.slot_size);
  const auto theme_count = counts(
      "d", static_cast<int>(problem.themes.size()),
      [&](int p) { return problem.proposals[p].theme; }, pp.theme_min, pp.theme_max, pp.theme_size);
  if (!problem.rank_order || n < 2) return mip;

  // "Full" indicators for slots and themes whose maximum can bind.
  auto full = [&](const char* prefix, const std::vector<int>& count_col, const std::vector<int>& hi,
                  const std::vector<int>& size, Mip::Indicator::Kind kind) {
    std::vector<int> column(count_col.size(), -1);
    for (std::size_t g = 0; g < count_col.size(); ++g) {
      if (hi[g] >= size[g]) continue;  // can only be full when all are selected
      column[g] = mip.AddColumn(prefix + std::to_string(g), 0, 0, 1, true);
      mip.indicators.push_back({column[g], kind, 0, 0, static_cast<int>(g)});
      // z = 1 only if count >= max.
      mip.AddRow(std::string(prefix) + "full" + std::to_string(g),
                 {{count_col[g], 1.0}, {column[g], -static_cast<double>(hi[g])}}, 0, kInf);
    }
    return column;
  };
  const auto slot_full =
      full("z", slot_count, pp.slot_max, pp.slot_size, Mip::Indicator::Kind::kSlotFull);
  const auto theme_full =
      full("u", theme_count, pp.theme_max, pp.theme_size, Mip::Indicator::Kind::kThemeFull);

  // w_k >= x_{k+1}, w_k >= w_{k+1}: w_k is 1 when anything ranked below k is selected.
  std::vector<int> w(n - 1);
  for (int k = 0; k + 1 < n; ++k) w[k] = mip.AddColumn("w" + std::to_string(k), 0, 0, 1, false);
  for (int k = 0; k + 1 < n; ++k) {
    mip.AddRow("below" + std::to_string(k), {{w[k], 1.0}, {mip.x0 + k + 1, -1.0}}, 0, kInf);
    if (k + 2 < n) {
      mip.AddRow("chain" + std::to_string(k), {{w[k], 1.0}, {w[k + 1], -1.0}}, 0, kInf);
    }
  }
  // Rank rule for k: x_k + sum_f y_{k,f} + z_slot + u_theme >= w_k.
  for (int k = 0; k + 1 < n; ++k) {
    const int p = pp.order[k];
    if (!pp.affordable[p]) continue;  // never fits: nothing to require
    std::vector<std::pair<int, double>> terms{{mip.x0 + k, 1.0}, {w[k], -1.0}};
    for (auto [f, a] : pp.shares[p]) {
      const int y = mip.AddColumn("y" + std::to_string(k) + "_" + std::to_string(f), 0, 0, 1, true);
      mip.indicators.push_back({y, Mip::Indicator::Kind::kShort, p, f, 0});
      // y = 1 only if spend_f >= budget_f - a + 1 (one unit short of fitting).
      mip.AddRow("short" + std::to_string(k) + "_" + std::to_string(f),
                 {{spend[f], 1.0}, {y, -static_cast<double>(pp.budget[f] - a + 1)}}, 0, kInf);
      terms.emplace_back(y, 1.0);
    }
    const int s = problem.proposals[p].slot;
    if (s >= 0 && slot_full[s] >= 0) terms.emplace_back(slot_full[s], 1.0);
    const int t = problem.proposals[p].theme;
    if (t >= 0 && theme_full[t] >= 0) terms.emplace_back(theme_full[t], 1.0);
    mip.AddRow("rank" + std::to_string(k), std::move(terms), 0, kInf);
  }
  return mip;
}

std::vector<std::pair<int, double>> StartValues(const Mip& mip, const Prepared& pp,
                                                const Problem& problem,
                                                const std::vector<char>& selected) {
  std::vector<std::int64_t> used(pp.funders, 0);
  std::vector<int> slot_count(problem.slots.size(), 0), theme_count(problem.themes.size(), 0);
  std::vector<std::pair<int, double>> out;
  for (int p = 0; p < pp.n; ++p) {
    if (!selected[p]) continue;
    for (auto [f, a] : pp.shares[p]) used[f] += a;
    if (problem.proposals[p].slot >= 0) ++slot_count[problem.proposals[p].slot];
    if (problem.proposals[p].theme >= 0) ++theme_count[problem.proposals[p].theme];
  }
  for (int k = 0; k < pp.n; ++k) out.emplace_back(mip.x0 + k, selected[pp.order[k]] ? 1 : 0);
  for (const auto& ind : mip.indicators) {
    bool one = false;
    switch (ind.kind) {
      case Mip::Indicator::Kind::kShort: {
        for (auto [f, a] : pp.shares[ind.proposal]) {
          if (f == ind.funder) one = used[f] + a > pp.budget[f];
        }
        break;
      }
      case Mip::Indicator::Kind::kSlotFull:
        one = slot_count[ind.group] >= pp.slot_max[ind.group];
        break;
      case Mip::Indicator::Kind::kThemeFull:
        one = theme_count[ind.group] >= pp.theme_max[ind.group];
        break;
    }
    out.emplace_back(ind.column, one ? 1 : 0);
  }
  return out;
}

std::string ToLp(const Mip& mip) {
  std::string out =
      "\\ asta select: budget-constrained selection (docs/review.md)\nMaximize\n obj:";
  auto terms = [&](const std::vector<std::pair<int, double>>& ts) {
    int on_line = 0;
    bool first = true;
    for (auto [c, v] : ts) {
      if (v == 0) continue;
      out += (v < 0 ? " - " : (first ? " " : " + "));
      out += Num(std::fabs(v)) + " " + mip.names[c];
      first = false;
      if (++on_line == 8) {
        out += "\n  ";
        on_line = 0;
      }
    }
  };
  std::vector<std::pair<int, double>> objective;
  for (std::size_t c = 0; c < mip.obj.size(); ++c) {
    if (mip.obj[c] != 0) objective.emplace_back(static_cast<int>(c), mip.obj[c]);
  }
  if (objective.empty() && !mip.names.empty()) objective.emplace_back(0, 0.0);
  if (objective.size() == 1 && objective[0].second == 0) {
    out += " 0 " + mip.names[0];
  } else {
    terms(objective);
  }
  out += "\nSubject To\n";
  for (std::size_t r = 0; r < mip.rows.size(); ++r) {
    const auto& row = mip.rows[r];
    out += " " + mip.row_names[r] + ":";
    terms(row.terms);
    if (row.lo == row.hi) {
      out += " = " + Num(row.lo) + "\n";
    } else if (row.lo > -kInf) {
      out += " >= " + Num(row.lo) + "\n";
    } else {
      out += " <= " + Num(row.hi) + "\n";
    }
  }
  out += "Bounds\n";
  for (std::size_t c = 0; c < mip.names.size(); ++c) {
    out += " " + Num(mip.lb[c]) + " <= " + mip.names[c] +
           " <= " + (mip.ub[c] == kInf ? std::string("+inf") : Num(mip.ub[c])) + "\n";
  }
  out += "General\n";
  for (std::size_t c = 0; c < mip.names.size(); ++c) {
    if (mip.integer[c]) out += " " + mip.names[c] + "\n";
  }
  out += "End\n";
  return out;
}

}  // namespace asta::select::internal
