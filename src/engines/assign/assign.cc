#include "engines/assign/assign.h"

#include <coin/Cbc_C_Interface.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>

namespace asta::assign {
namespace {

constexpr double kScale = 1e6;
constexpr double kMaxValue = 1e6;

using Key = std::uint64_t;
Key KeyOf(int proposal, int reviewer) {
  return (static_cast<Key>(static_cast<std::uint32_t>(proposal)) << 32) |
         static_cast<std::uint32_t>(reviewer);
}

int KOf(const Problem& p, int proposal) {
  if (proposal < static_cast<int>(p.k_of.size()) && p.k_of[proposal] >= 0) {
    return p.k_of[proposal];
  }
  return p.k;
}

std::string Name(const std::vector<std::string>& names, int i, const char* what) {
  if (i < static_cast<int>(names.size())) return names[i];
  return std::string(what) + " " + std::to_string(i);
}

bool InRange(const Problem& p, int proposal, int reviewer) {
  return proposal >= 0 && proposal < p.proposals && reviewer >= 0 && reviewer < p.reviewers;
}

// Sorted keys; the index of the first duplicate or -1.
long long SortAndFindDuplicate(std::vector<std::pair<Key, int>>& keys) {
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (keys[i].first == keys[i - 1].first) return std::max(keys[i].second, keys[i - 1].second);
  }
  return -1;
}

double BonusOf(const BidBonus& b, BidLevel level) {
  switch (level) {
    case BidLevel::kNotWilling:
      return b.not_willing;
    case BidLevel::kWilling:
      return b.willing;
    case BidLevel::kEager:
      return b.eager;
    case BidLevel::kNeutral:
      break;
  }
  return b.neutral;
}

Status Validate(const Problem& p) {
  if (p.proposals < 0 || p.reviewers < 0) return InvalidArgument("negative sizes");
  if (p.k < 0) return InvalidArgument("k must be 0 or more", "k");
  for (std::size_t i = 0; i < p.k_of.size(); ++i) {
    if (p.k_of[i] < -1) {
      return InvalidArgument("k of proposal " + std::to_string(i) + " must be -1 or more", "k");
    }
  }
  if (p.max_load < 0) return InvalidArgument("max_load must be 0 or more", "max_load");
  if (p.min_load < 0 || p.min_load > p.max_load) {
    return InvalidArgument("min_load must be from 0 to max_load", "min_load");
  }
  if (p.max_per_country < 0) {
    return InvalidArgument("max_per_country must be 0 (no limit) or more", "max_per_country");
  }
  if (p.outside_countries < 0) {
    return InvalidArgument("outside_countries must be 0 or more", "outside_countries");
  }
  if (static_cast<int>(p.reviewer_country.size()) > p.reviewers ||
      static_cast<int>(p.proposal_countries.size()) > p.proposals) {
    return InvalidArgument("more countries than reviewers or proposals", "countries");
  }
  if (!std::isfinite(p.move_cost) || p.move_cost < 0 || p.move_cost > kMaxValue) {
    return InvalidArgument("move_cost must be from 0 to 1e6", "move_cost");
  }
  const BidBonus& b = p.bid_bonus;
  for (double v : {b.not_willing, b.neutral, b.willing, b.eager}) {
    if (!std::isfinite(v) || std::abs(v) > kMaxValue) {
      return InvalidArgument("bid bonuses must lie within ±1e6", "bids");
    }
  }
  std::vector<std::pair<Key, int>> keys;
  keys.reserve(p.candidates.size());
  for (std::size_t i = 0; i < p.candidates.size(); ++i) {
    const Candidate& c = p.candidates[i];
    if (!InRange(p, c.proposal, c.reviewer)) {
      return InvalidArgument("candidate " + std::to_string(i) + " is out of range", "scores");
    }
    if (!std::isfinite(c.score)) {
      return InvalidArgument("candidate " + std::to_string(i) + " has no finite score", "scores");
    }
    if (std::abs(c.score) > kMaxValue) {
      return InvalidArgument("candidate " + std::to_string(i) + " has a score beyond ±1e6",
                             "scores");
    }
    keys.emplace_back(KeyOf(c.proposal, c.reviewer), static_cast<int>(i));
  }
  if (const long long d = SortAndFindDuplicate(keys); d >= 0) {
    return InvalidArgument("the pair of candidate " + std::to_string(d) + " is given twice",
                           "scores");
  }
  for (std::size_t i = 0; i < p.conflicts.size(); ++i) {
    if (!InRange(p, p.conflicts[i].first, p.conflicts[i].second)) {
      return InvalidArgument("conflict " + std::to_string(i) + " is out of range", "conflicts");
    }
  }
  keys.clear();
  for (std::size_t i = 0; i < p.bids.size(); ++i) {
    const Bid& bid = p.bids[i];
    const int level = static_cast<int>(bid.level);
    if (!InRange(p, bid.proposal, bid.reviewer) || level < -1 || level > 2) {
      return InvalidArgument("bid " + std::to_string(i) + " is out of range", "bids");
    }
    keys.emplace_back(KeyOf(bid.proposal, bid.reviewer), static_cast<int>(i));
  }
  if (const long long d = SortAndFindDuplicate(keys); d >= 0) {
    return InvalidArgument("bid " + std::to_string(d) + " is on a pair already bid on", "bids");
  }
  keys.clear();
  for (std::size_t i = 0; i < p.existing.size(); ++i) {
    if (!InRange(p, p.existing[i].first, p.existing[i].second)) {
      return InvalidArgument("existing pair " + std::to_string(i) + " is out of range", "existing");
    }
    keys.emplace_back(KeyOf(p.existing[i].first, p.existing[i].second), static_cast<int>(i));
  }
  if (const long long d = SortAndFindDuplicate(keys); d >= 0) {
    return InvalidArgument("existing pair " + std::to_string(d) + " is given twice", "existing");
  }
  return Ok();
}

// A pair that may be assigned, with what the solvers need.
struct Arc {
  int candidate = 0;       // index into Problem::candidates
  long long value = 0;     // affinity + bid bonus + move bonus, in 1e-6
  long long affinity = 0;  // affinity, in 1e-6
  int country = -1;        // the reviewer's, interned; -1 unknown
  bool outside = false;    // reviewer of known country outside the applicants'
  bool existing = false;
};

// The problem digested: usable arcs grouped by proposal (CSR), countries interned.
struct Prepared {
  std::vector<Arc> arcs;             // grouped by proposal, in input (or seeded) order
  std::vector<std::int64_t> start;   // proposals + 1 offsets into arcs
  std::vector<int> k, need_outside;  // by proposal
  std::vector<int> excluded_by_bid;  // by proposal: candidates a not-willing bid excluded
  std::vector<int> per_reviewer;     // usable arcs by reviewer
  int countries = 0;
};

Prepared Prepare(const Problem& p, std::uint64_t seed) {
  Prepared out;
  const int np = p.proposals;
  std::vector<Key> conflicts;
  conflicts.reserve(p.conflicts.size());
  for (const auto& [a, b] : p.conflicts) conflicts.push_back(KeyOf(a, b));
  std::sort(conflicts.begin(), conflicts.end());
  std::vector<std::pair<Key, BidLevel>> bids;
  bids.reserve(p.bids.size());
  for (const Bid& b : p.bids) bids.emplace_back(KeyOf(b.proposal, b.reviewer), b.level);
  std::sort(bids.begin(), bids.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Key> existing;
  existing.reserve(p.existing.size());
  for (const auto& [a, b] : p.existing) existing.push_back(KeyOf(a, b));
  std::sort(existing.begin(), existing.end());

  // Countries interned; applicants' countries per proposal as sorted ids.
  const bool diversity = p.max_per_country > 0 || p.outside_countries > 0;
  std::map<std::string, int, std::less<>> ids;
  std::vector<int> reviewer_country(p.reviewers, -1);
  std::vector<std::vector<int>> inside(np);
  if (diversity) {
    auto intern = [&](const std::string& code) {
      return ids.emplace(code, static_cast<int>(ids.size())).first->second;
    };
    for (std::size_t r = 0; r < p.reviewer_country.size(); ++r) {
      if (!p.reviewer_country[r].empty()) reviewer_country[r] = intern(p.reviewer_country[r]);
    }
    for (std::size_t i = 0; i < p.proposal_countries.size(); ++i) {
      for (const auto& code : p.proposal_countries[i]) {
        if (!code.empty()) inside[i].push_back(intern(code));
      }
      std::sort(inside[i].begin(), inside[i].end());
    }
    out.countries = static_cast<int>(ids.size());
  }

  std::vector<int> order(p.candidates.size());
  std::iota(order.begin(), order.end(), 0);
  if (seed != 0) {
    std::mt19937_64 rng(seed);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
  }
  out.k.resize(np);
  out.need_outside.assign(np, 0);
  out.excluded_by_bid.assign(np, 0);
  out.per_reviewer.assign(p.reviewers, 0);
  out.start.assign(np + 1, 0);
  std::vector<Arc> arcs;
  arcs.reserve(p.candidates.size());
  for (int idx : order) {
    const Candidate& c = p.candidates[idx];
    const Key key = KeyOf(c.proposal, c.reviewer);
    if (std::binary_search(conflicts.begin(), conflicts.end(), key)) continue;
    double value = c.score;
    auto bid = std::lower_bound(bids.begin(), bids.end(), key,
                                [](const auto& b, Key k) { return b.first < k; });
    if (bid != bids.end() && bid->first == key) {
      if (bid->second == BidLevel::kNotWilling &&
          p.bid_bonus.not_willing_is == NotWillingIs::kExclusion) {
        ++out.excluded_by_bid[c.proposal];
        continue;
      }
      value += BonusOf(p.bid_bonus, bid->second);
    } else {
      value += p.bid_bonus.neutral;
    }
    Arc a;
    a.candidate = idx;
    a.existing = std::binary_search(existing.begin(), existing.end(), key);
    if (a.existing) value += p.move_cost;
    a.value = std::llround(value * kScale);
    a.affinity = std::llround(c.score * kScale);
    a.country = reviewer_country[c.reviewer];
    a.outside = a.country >= 0 && !std::binary_search(inside[c.proposal].begin(),
                                                      inside[c.proposal].end(), a.country);
    arcs.push_back(a);
    ++out.start[c.proposal + 1];
    ++out.per_reviewer[c.reviewer];
  }
  for (int i = 0; i < np; ++i) out.start[i + 1] += out.start[i];
  // Stable counting sort by proposal keeps the (seeded) input order within a proposal.
  out.arcs.resize(arcs.size());
  std::vector<std::int64_t> next(out.start.begin(), out.start.end() - 1);
  for (const Arc& a : arcs) out.arcs[next[p.candidates[a.candidate].proposal]++] = a;
  for (int i = 0; i < np; ++i) {
    out.k[i] = KOf(p, i);
    out.need_outside[i] = std::min(p.outside_countries, out.k[i]);
  }
  return out;
}

// Per proposal, the arcs' countries with more usable candidates than the limit, as
// (country, count); empty without a limit.
std::vector<std::pair<int, int>> CrowdedCountries(const Prepared& pr, int proposal, int limit,
                                                  std::vector<int>& count) {
  std::vector<std::pair<int, int>> out;
  if (limit <= 0) return out;
  for (auto j = pr.start[proposal]; j < pr.start[proposal + 1]; ++j) {
    if (pr.arcs[j].country >= 0) ++count[pr.arcs[j].country];
  }
  for (auto j = pr.start[proposal]; j < pr.start[proposal + 1]; ++j) {
    const int c = pr.arcs[j].country;
    if (c >= 0 && count[c] > 0) {
      if (count[c] > limit) out.emplace_back(c, count[c]);
      count[c] = 0;
    }
  }
  return out;
}

std::vector<std::string> Reasons(const Problem& p, const Prepared& pr,
                                 const std::vector<std::string>& proposal_names,
                                 const std::vector<std::string>& reviewer_names) {
  std::vector<std::string> out;
  long long demand = 0, capacity = 0, minimum = 0;
  const int m = p.max_per_country;
  std::vector<int> count(pr.countries, 0);
  for (int i = 0; i < p.proposals; ++i) {
    const int k = pr.k[i];
    demand += k;
    const auto usable = pr.start[i + 1] - pr.start[i];
    const std::string name = Name(proposal_names, i, "proposal");
    if (usable < k) {
      std::string reason = name + ": " + std::to_string(usable) +
                           " conflict-free candidate reviewer(s), " + std::to_string(k) + " needed";
      if (pr.excluded_by_bid[i] > 0) {
        reason += " (" + std::to_string(pr.excluded_by_bid[i]) + " excluded by not-willing bids)";
      }
      out.push_back(reason);
      continue;
    }
    if (m <= 0 && pr.need_outside[i] <= 0) continue;
    // With at most m per country: how many reviewers can be chosen, how many outside.
    long long reachable = 0, outside = 0;
    for (auto j = pr.start[i]; j < pr.start[i + 1]; ++j) {
      if (pr.arcs[j].country < 0) ++reachable;
      if (m <= 0 && pr.arcs[j].country >= 0) {
        ++reachable;
        if (pr.arcs[j].outside) ++outside;
      }
    }
    if (m > 0) {
      for (auto j = pr.start[i]; j < pr.start[i + 1]; ++j) {
        if (pr.arcs[j].country >= 0) ++count[pr.arcs[j].country];
      }
      for (auto j = pr.start[i]; j < pr.start[i + 1]; ++j) {
        const int c = pr.arcs[j].country;
        if (c >= 0 && count[c] > 0) {
          reachable += std::min(count[c], m);
          if (pr.arcs[j].outside) outside += std::min(count[c], m);
          count[c] = 0;
        }
      }
    }
    if (reachable < k) {
      out.push_back(name + ": only " + std::to_string(reachable) +
                    " reviewer(s) can be chosen with at most " + std::to_string(m) +
                    " per country, " + std::to_string(k) + " needed");
    }
    if (outside < pr.need_outside[i]) {
      std::string countries;
      if (i < static_cast<int>(p.proposal_countries.size())) {
        for (const auto& c : p.proposal_countries[i])
          countries += (countries.empty() ? "" : ";") + c;
      }
      out.push_back(name + ": " + std::to_string(outside) +
                    " conflict-free candidate reviewer(s) from outside the applicants' countries" +
                    (countries.empty() ? "" : " (" + countries + ")") +
                    (m > 0 ? " counting at most " + std::to_string(m) + " per country" : "") +
                    ", " + std::to_string(pr.need_outside[i]) + " needed");
    }
  }
  for (int r = 0; r < p.reviewers; ++r) {
    capacity += std::min(p.max_load, pr.per_reviewer[r]);
    minimum += p.min_load;
    if (pr.per_reviewer[r] < p.min_load) {
      out.push_back(Name(reviewer_names, r, "reviewer") + ": " +
                    std::to_string(pr.per_reviewer[r]) + " candidate proposal(s), minimum load " +
                    std::to_string(p.min_load));
    }
  }
  if (capacity < demand) {
    out.push_back("demand " + std::to_string(demand) +
                  " reviews, but the reviewers can take at "
                  "most " +
                  std::to_string(capacity) + " (max load " + std::to_string(p.max_load) +
                  ", counting only their candidate proposals)");
  }
  if (minimum > demand) {
    out.push_back("the minimum loads add up to " + std::to_string(minimum) +
                  " reviews, more than the " + std::to_string(demand) + " needed");
  }
  return out;
}

class Reporter {
 public:
  explicit Reporter(const ProgressFn& fn) : fn_(fn), start_(std::chrono::steady_clock::now()) {}
  void operator()(Phase phase, std::int64_t done, std::int64_t total) const {
    if (!fn_) return;
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    fn_(Progress{phase, done, total, elapsed.count()});
  }

 private:
  const ProgressFn& fn_;
  std::chrono::steady_clock::time_point start_;
};

// The flow optimum: chosen[j] for each prepared arc. False when infeasible.
bool SolveFlow(const Problem& p, const Prepared& pr, const Reporter& report,
               std::vector<char>& chosen) {
  using Graph = lemon::SmartDigraph;
  Graph g;
  const auto n_arcs = static_cast<std::int64_t>(pr.arcs.size());
  report(Phase::kBuilding, 0, n_arcs);
  g.reserveNode(p.proposals + p.reviewers + 1);
  g.reserveArc(static_cast<int>(n_arcs) + p.reviewers);
  std::vector<Graph::Node> rev(p.reviewers);
  std::vector<Graph::Node> prop(p.proposals);
  for (auto& n : prop) n = g.addNode();
  for (auto& n : rev) n = g.addNode();
  const Graph::Node sink = g.addNode();
  // Arc data in vectors indexed by arc id (SmartDigraph ids are consecutive).
  std::vector<long long> lower, upper, cost;
  lower.reserve(n_arcs + p.reviewers);
  upper.reserve(n_arcs + p.reviewers);
  cost.reserve(n_arcs + p.reviewers);
  auto add = [&](Graph::Node from, Graph::Node to, long long lo, long long up, long long c) {
    const Graph::Arc a = g.addArc(from, to);
    lower.push_back(lo);
    upper.push_back(up);
    cost.push_back(c);
    return a;
  };
  std::vector<Graph::Arc> pair_arc(pr.arcs.size());
  std::vector<int> count(pr.countries, 0), group(pr.countries, -1);
  std::vector<Graph::Node> group_nodes;
  const int m = p.max_per_country;
  for (int i = 0; i < p.proposals; ++i) {
    Graph::Node outside = prop[i];
    if (pr.need_outside[i] > 0) {
      outside = g.addNode();
      add(prop[i], outside, pr.need_outside[i], pr.k[i], 0);
    }
    const auto crowded = CrowdedCountries(pr, i, m, count);
    group_nodes.clear();
    for (const auto& [c, n] : crowded) {
      (void)n;
      group[c] = static_cast<int>(group_nodes.size());
      group_nodes.push_back(g.addNode());
    }
    for (auto j = pr.start[i]; j < pr.start[i + 1]; ++j) {
      const Arc& a = pr.arcs[j];
      Graph::Node from = a.outside ? outside : prop[i];
      if (a.country >= 0 && group[a.country] >= 0) {
        from = group_nodes[group[a.country]];
      }
      pair_arc[j] = add(from, rev[p.candidates[a.candidate].reviewer], 0, 1, -a.value);
    }
    // A country group hangs from the outside node when that country is outside (the
    // same for all its arcs: it depends only on the country and the proposal).
    for (auto j = pr.start[i]; j < pr.start[i + 1]; ++j) {
      const Arc& a = pr.arcs[j];
      if (a.country >= 0 && group[a.country] >= 0) {
        add(a.outside ? outside : prop[i], group_nodes[group[a.country]], 0, m, 0);
        group[a.country] = -1;
      }
    }
  }
  for (int r = 0; r < p.reviewers; ++r) add(rev[r], sink, p.min_load, p.max_load, 0);
  report(Phase::kBuilding, n_arcs, n_arcs);

  Graph::ArcMap<long long> lower_map(g), upper_map(g), cost_map(g);
  for (Graph::ArcIt a(g); a != lemon::INVALID; ++a) {
    const int id = g.id(a);
    lower_map[a] = lower[id];
    upper_map[a] = upper[id];
    cost_map[a] = cost[id];
  }
  lower = {};
  upper = {};
  cost = {};
  Graph::NodeMap<long long> supply(g, 0);
  long long demand = 0;
  for (int i = 0; i < p.proposals; ++i) {
    supply[prop[i]] = pr.k[i];
    demand += pr.k[i];
  }
  supply[sink] = -demand;
  report(Phase::kSolving, 0, 1);
  lemon::NetworkSimplex<Graph, long long, long long> solver(g);
  solver.lowerMap(lower_map).upperMap(upper_map).costMap(cost_map).supplyMap(supply);
  const auto status = solver.run();
  if (status != lemon::NetworkSimplex<Graph, long long, long long>::OPTIMAL) return false;
  chosen.assign(pr.arcs.size(), 0);
  for (std::size_t j = 0; j < pr.arcs.size(); ++j) chosen[j] = solver.flow(pair_arc[j]) > 0;
  report(Phase::kSolving, 1, 1);
  return true;
}

// Smallest per-proposal affinity sum (in 1e-6) of a choice, over proposals with k > 0.
long long MinProposalAffinity(const Problem& p, const Prepared& pr,
                              const std::vector<char>& chosen) {
  long long best = std::numeric_limits<long long>::max();
  bool any = false;
  for (int i = 0; i < p.proposals; ++i) {
    if (pr.k[i] <= 0) continue;
    long long sum = 0;
    for (auto j = pr.start[i]; j < pr.start[i + 1]; ++j) {
      if (chosen[j]) sum += pr.arcs[j].affinity;
    }
    best = std::min(best, sum);
    any = true;
  }
  return any ? best : 0;
}

// One integer program of the fair mode over the prepared arcs: the assignment
// constraints, t <= each proposal's affinity sum, t >= t_lower. Maximises t when
// `total_objective` is false, else the total value. Started from `start`.
Result<std::vector<char>> SolveIlp(const Problem& p, const Prepared& pr, bool total_objective,
                                   double t_lower, const std::vector<char>& start) {
  const int n = static_cast<int>(pr.arcs.size());
  const int np = p.proposals, nr = p.reviewers;
  const int m = p.max_per_country;
  // Rows: proposals, reviewers, then per proposal its outside row, country groups and
  // fairness row.
  std::vector<double> row_lo, row_up;
  for (int i = 0; i < np; ++i) {
    row_lo.push_back(pr.k[i]);
    row_up.push_back(pr.k[i]);
  }
  for (int r = 0; r < nr; ++r) {
    row_lo.push_back(p.min_load);
    row_up.push_back(p.max_load);
  }
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<std::pair<int, double>>> cols(n + 1);
  std::vector<int> count(pr.countries, 0), group_row(pr.countries, -1);
  for (int i = 0; i < np; ++i) {
    int outside_row = -1;
    if (pr.need_outside[i] > 0) {
      outside_row = static_cast<int>(row_lo.size());
      row_lo.push_back(pr.need_outside[i]);
      row_up.push_back(inf);
    }
    const auto crowded = CrowdedCountries(pr, i, m, count);
    for (const auto& [c, cnt] : crowded) {
      (void)cnt;
      group_row[c] = static_cast<int>(row_lo.size());
      row_lo.push_back(-inf);
      row_up.push_back(m);
    }
    int fair_row = -1;
    if (pr.k[i] > 0) {
      fair_row = static_cast<int>(row_lo.size());
      row_lo.push_back(0);
      row_up.push_back(inf);
      cols[n].emplace_back(fair_row, -1.0);
    }
    for (auto j = pr.start[i]; j < pr.start[i + 1]; ++j) {
      const Arc& a = pr.arcs[j];
      auto& col = cols[j];
      col.emplace_back(i, 1.0);
      col.emplace_back(np + p.candidates[a.candidate].reviewer, 1.0);
      if (a.outside && outside_row >= 0) col.emplace_back(outside_row, 1.0);
      if (a.country >= 0 && group_row[a.country] >= 0) col.emplace_back(group_row[a.country], 1.0);
      if (fair_row >= 0) col.emplace_back(fair_row, static_cast<double>(a.affinity) / kScale);
      std::sort(col.begin(), col.end());
    }
    for (const auto& [c, cnt] : crowded) {
      (void)cnt;
      group_row[c] = -1;
    }
  }
  std::vector<int> col_start{0}, index;
  std::vector<double> value, col_lo(n + 1, 0), col_up(n + 1, 1), obj(n + 1, 0);
  for (int j = 0; j <= n; ++j) {
    for (const auto& [row, v] : cols[j]) {
      index.push_back(row);
      value.push_back(v);
    }
    col_start.push_back(static_cast<int>(index.size()));
    if (j < n && total_objective) obj[j] = static_cast<double>(pr.arcs[j].value) / kScale;
  }
  cols = {};
  col_lo[n] = t_lower;
  col_up[n] = inf;
  if (!total_objective) obj[n] = 1;

  Cbc_Model* model = Cbc_newModel();
  Cbc_loadProblem(model, n + 1, static_cast<int>(row_lo.size()), col_start.data(), index.data(),
                  value.data(), col_lo.data(), col_up.data(), obj.data(), row_lo.data(),
                  row_up.data());
  for (int j = 0; j < n; ++j) Cbc_setInteger(model, j);
  Cbc_setObjSense(model, -1);  // maximise
  Cbc_setLogLevel(model, 0);
  // Values sit on a 1e-6 grid: a gap below it proves the optimum exact.
  Cbc_setAllowableGap(model, 1e-7);
  Cbc_setAllowableFractionGap(model, 0);
  std::vector<int> start_index(n + 1);
  std::iota(start_index.begin(), start_index.end(), 0);
  std::vector<double> start_value(n + 1, 0);
  for (int j = 0; j < n; ++j) start_value[j] = start[j] ? 1 : 0;
  start_value[n] = static_cast<double>(MinProposalAffinity(p, pr, start)) / kScale;
  Cbc_setMIPStartI(model, n + 1, start_index.data(), start_value.data());
  Cbc_solve(model);
  const bool optimal = Cbc_isProvenOptimal(model) != 0;
  std::vector<char> chosen(n, 0);
  if (optimal) {
    const double* x = Cbc_getColSolution(model);
    for (int j = 0; j < n; ++j) chosen[j] = x[j] > 0.5;
  }
  Cbc_deleteModel(model);
  if (!optimal) {
    return Internal("the fair mode's integer program stopped without proving optimality");
  }
  return chosen;
}

}  // namespace

std::vector<std::string> Explain(const Problem& p, const std::vector<std::string>& proposal_names,
                                 const std::vector<std::string>& reviewer_names) {
  if (auto valid = Validate(p); !valid) return {valid.error().message};
  return Reasons(p, Prepare(p, 0), proposal_names, reviewer_names);
}

Result<Assignment> Solve(const Problem& p) { return Solve(p, Options{}); }

Result<Assignment> Solve(const Problem& p, const Options& options) {
  const Reporter report(options.progress);
  ASTA_RETURN_IF_ERROR(Validate(p));
  const Prepared pr = Prepare(p, options.seed);
  std::vector<std::string> reasons = Reasons(p, pr, {}, {});
  if (!reasons.empty()) {
    std::string all;
    for (const auto& r : reasons) all += (all.empty() ? "" : "; ") + r;
    return FailedPrecondition("no assignment meets every constraint: " + all);
  }
  std::vector<char> chosen;
  if (!SolveFlow(p, pr, report, chosen)) {
    return FailedPrecondition(
        "no assignment meets every constraint: the k reviewers per proposal cannot be found "
        "within the loads (the flow is infeasible although each proposal and reviewer alone "
        "could be served)");
  }
  if (options.mode == Mode::kFair) {
    report(Phase::kSolving, 1, 3);
    ASTA_ASSIGN_OR_RETURN(auto fair, SolveIlp(p, pr, false, -kMaxValue * 1e3, chosen));
    report(Phase::kSolving, 2, 3);
    // Every proposal's sum is on the 1e-6 grid: half a step below the optimum keeps
    // exactly the assignments that reach it.
    const double t = static_cast<double>(MinProposalAffinity(p, pr, fair)) / kScale - 0.5e-6;
    ASTA_ASSIGN_OR_RETURN(chosen, SolveIlp(p, pr, true, t, fair));
    report(Phase::kSolving, 3, 3);
  }
  Assignment out;
  long long total = 0, objective = 0;
  std::vector<Key> kept;
  for (std::size_t j = 0; j < pr.arcs.size(); ++j) {
    if (!chosen[j]) continue;
    const Candidate& c = p.candidates[pr.arcs[j].candidate];
    out.pairs.push_back(c);
    total += pr.arcs[j].affinity;
    objective += pr.arcs[j].value;
    if (pr.arcs[j].existing) kept.push_back(KeyOf(c.proposal, c.reviewer));
  }
  std::sort(kept.begin(), kept.end());
  out.kept = static_cast<int>(kept.size());
  for (const auto& [a, b] : p.existing) {
    if (!std::binary_search(kept.begin(), kept.end(), KeyOf(a, b))) out.dropped.emplace_back(a, b);
  }
  out.total = static_cast<double>(total) / kScale;
  out.objective = static_cast<double>(objective) / kScale;
  out.min_proposal_total = static_cast<double>(MinProposalAffinity(p, pr, chosen)) / kScale;
  std::sort(out.pairs.begin(), out.pairs.end(), [](const Candidate& a, const Candidate& b) {
    return a.proposal != b.proposal ? a.proposal < b.proposal : a.reviewer < b.reviewer;
  });
  return out;
}

}  // namespace asta::assign
