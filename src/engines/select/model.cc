#include "engines/select/model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <set>

namespace asta::select::internal {
namespace {

constexpr double kMaxMoney = 1e13;
constexpr int kDominanceLinks = 2;

// Column and row names, built by appending (GCC 12's -Wrestrict misfires on
// "literal" + std::to_string(...)).
std::string Name(std::string_view prefix, long a, long b = -1) {
  std::string out(prefix);
  out += std::to_string(a);
  if (b >= 0) {
    out += '_';
    out += std::to_string(b);
  }
  return out;
}

// The shortest of %.15g / %.17g that reads back as v.
std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof buf, "%.17g", v);
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

// Columns: x_k (binary, rank position k), s_f (spend of funder f, at most its budget),
// c_s / d_t (count of a slot / theme, bounded by its quota). The rank rule is not in the
// MIP: Solve() enforces it exactly afterwards (select.h).
Mip BuildMip(const Prepared& pp, const Problem& problem) {
  Mip mip;
  const int n = pp.n;
  mip.x0 = 0;
  // Merits given to d decimals are made whole numbers, so that CBC knows a better
  // selection gains at least 1 and prunes on it.
  for (double scale = 1; scale <= 1e6; scale *= 10) {
    bool whole = true;
    for (const Proposal& p : problem.proposals) {
      const double v = p.merit * scale;
      whole = whole && v < 1e12 && std::fabs(v - std::round(v)) <= 1e-9 * std::max(1.0, v);
    }
    if (whole) {
      mip.objective_scale = scale;
      break;
    }
  }
  for (int k = 0; k < n; ++k) {
    const int p = pp.order[k];
    const double merit = problem.proposals[p].merit * mip.objective_scale;
    mip.AddColumn(Name("x", k), mip.objective_scale == 1 ? merit : std::round(merit), 0,
                  pp.affordable[p] ? 1 : 0, true);
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
    spend[f] = mip.AddColumn(Name("s", f), 0, 0, static_cast<double>(pp.budget[f]), false);
    auto terms = spend_terms[f];
    terms.emplace_back(spend[f], -1.0);
    mip.budgets.push_back({static_cast<int>(mip.rows.size()), spend[f]});
    mip.AddRow(Name("spend", f), std::move(terms), 0, 0);
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
      column[g] = mip.AddColumn(Name(prefix, g), 0, lo[g], hi[g] == INT_MAX ? kInf : hi[g], false);
      auto t = terms[g];
      t.emplace_back(column[g], -1.0);
      mip.AddRow(Name(std::string(prefix) + "count", g), std::move(t), 0, 0);
    }
    return column;
  };
  const auto slot_count = counts(
      "c", static_cast<int>(problem.slots.size()), [&](int p) { return problem.proposals[p].slot; },
      pp.slot_min, pp.slot_max, pp.slot_size);
  const auto theme_count = counts(
      "d", static_cast<int>(problem.themes.size()),
      [&](int p) { return problem.proposals[p].theme; }, pp.theme_min, pp.theme_max, pp.theme_size);
  // Dominance: if proposal i ranks above j, is in the same slot and theme and asks no
  // funder for more than j does, swapping j for i keeps every constraint and does not
  // lower the merit; so some optimal selection has x_j <= x_i for all such pairs (each
  // swap moves a selection up the ranking, so repeating them ends). Linking each
  // proposal to its nearest dominating ones removes most equivalent branches.
  mip.first_dominance_row = static_cast<int>(mip.rows.size());
  std::vector<std::vector<std::int64_t>> dense(n, std::vector<std::int64_t>(pp.funders, 0));
  for (int k = 0; k < n; ++k) {
    for (auto [f, a] : pp.shares[pp.order[k]]) dense[k][f] = a;
  }
  for (int j = 1; j < n; ++j) {
    const Proposal& pj = problem.proposals[pp.order[j]];
    if (!pp.affordable[pp.order[j]]) continue;
    int links = 0;
    for (int i = j - 1; i >= 0 && links < kDominanceLinks; --i) {
      const Proposal& pi = problem.proposals[pp.order[i]];
      if (pi.slot != pj.slot || pi.theme != pj.theme) continue;
      bool dominates = true;
      for (int f = 0; f < pp.funders && dominates; ++f) dominates = dense[i][f] <= dense[j][f];
      if (!dominates) continue;
      mip.AddRow(Name("dom", j, i), {{mip.x0 + i, 1.0}, {mip.x0 + j, -1.0}}, 0, kInf);
      ++links;
    }
  }
  return mip;
}

std::vector<std::pair<int, double>> StartValues(const Mip& mip, const Prepared& pp,
                                                const std::vector<char>& selected) {
  std::vector<std::pair<int, double>> out;
  for (int k = 0; k < pp.n; ++k) out.emplace_back(mip.x0 + k, selected[pp.order[k]] ? 1 : 0);
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
    out += ' ';
    out += Num(mip.lb[c]);
    out += " <= ";
    out += mip.names[c];
    out += " <= ";
    out += mip.ub[c] == kInf ? std::string("+inf") : Num(mip.ub[c]);
    out += '\n';
  }
  out += "General\n";
  for (std::size_t c = 0; c < mip.names.size(); ++c) {
    if (mip.integer[c]) out += " " + mip.names[c] + "\n";
  }
  out += "End\n";
  return out;
}

}  // namespace asta::select::internal
