#include "engines/assign/assign.h"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace asta::assign {
namespace {

constexpr double kScale = 1e6;

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

Status Validate(const Problem& p) {
  if (p.proposals < 0 || p.reviewers < 0) return InvalidArgument("negative sizes");
  if (p.k < 0) return InvalidArgument("k must be 0 or more", "k");
  if (p.max_load < 0) return InvalidArgument("max_load must be 0 or more", "max_load");
  if (p.min_load < 0 || p.min_load > p.max_load) {
    return InvalidArgument("min_load must be from 0 to max_load", "min_load");
  }
  std::set<std::pair<int, int>> seen;
  for (std::size_t i = 0; i < p.candidates.size(); ++i) {
    const Candidate& c = p.candidates[i];
    if (c.proposal < 0 || c.proposal >= p.proposals || c.reviewer < 0 ||
        c.reviewer >= p.reviewers) {
      return InvalidArgument("candidate " + std::to_string(i) + " is out of range", "scores");
    }
    if (!std::isfinite(c.score)) {
      return InvalidArgument("candidate " + std::to_string(i) + " has no finite score", "scores");
    }
    if (!seen.insert({c.proposal, c.reviewer}).second) {
      return InvalidArgument("the pair of candidate " + std::to_string(i) + " is given twice",
                             "scores");
    }
  }
  return Ok();
}

}  // namespace

std::vector<std::string> Explain(const Problem& p, const std::vector<std::string>& proposal_names,
                                 const std::vector<std::string>& reviewer_names) {
  std::vector<std::string> out;
  const std::set<std::pair<int, int>> conflicts(p.conflicts.begin(), p.conflicts.end());
  std::vector<int> per_proposal(p.proposals, 0), per_reviewer(p.reviewers, 0);
  for (const Candidate& c : p.candidates) {
    if (conflicts.count({c.proposal, c.reviewer})) continue;
    ++per_proposal[c.proposal];
    ++per_reviewer[c.reviewer];
  }
  long long demand = 0, capacity = 0, minimum = 0;
  for (int i = 0; i < p.proposals; ++i) {
    const int k = KOf(p, i);
    demand += k;
    if (per_proposal[i] < k) {
      out.push_back(Name(proposal_names, i, "proposal") + ": " + std::to_string(per_proposal[i]) +
                    " conflict-free candidate reviewer(s), " + std::to_string(k) + " needed");
    }
  }
  for (int r = 0; r < p.reviewers; ++r) {
    capacity += std::min(p.max_load, per_reviewer[r]);
    minimum += p.min_load;
    if (per_reviewer[r] < p.min_load) {
      out.push_back(Name(reviewer_names, r, "reviewer") + ": " + std::to_string(per_reviewer[r]) +
                    " candidate proposal(s), minimum load " + std::to_string(p.min_load));
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

Result<Assignment> Solve(const Problem& p) {
  ASTA_RETURN_IF_ERROR(Validate(p));
  std::vector<std::string> reasons = Explain(p);
  if (!reasons.empty()) {
    std::string all;
    for (const auto& r : reasons) all += (all.empty() ? "" : "; ") + r;
    return FailedPrecondition("no assignment meets every constraint: " + all);
  }
  using Graph = lemon::SmartDigraph;
  Graph g;
  std::vector<Graph::Node> prop(p.proposals), rev(p.reviewers);
  for (auto& n : prop) n = g.addNode();
  for (auto& n : rev) n = g.addNode();
  const Graph::Node sink = g.addNode();
  Graph::ArcMap<long long> lower(g), upper(g), cost(g);
  Graph::NodeMap<long long> supply(g, 0);
  const std::set<std::pair<int, int>> conflicts(p.conflicts.begin(), p.conflicts.end());
  std::vector<std::pair<Graph::Arc, const Candidate*>> pair_arcs;
  for (const Candidate& c : p.candidates) {
    if (conflicts.count({c.proposal, c.reviewer})) continue;
    Graph::Arc a = g.addArc(prop[c.proposal], rev[c.reviewer]);
    lower[a] = 0;
    upper[a] = 1;
    cost[a] = -std::llround(c.score * kScale);
    pair_arcs.emplace_back(a, &c);
  }
  long long demand = 0;
  for (int i = 0; i < p.proposals; ++i) {
    supply[prop[i]] = KOf(p, i);
    demand += KOf(p, i);
  }
  for (int r = 0; r < p.reviewers; ++r) {
    Graph::Arc a = g.addArc(rev[r], sink);
    lower[a] = p.min_load;
    upper[a] = p.max_load;
    cost[a] = 0;
  }
  supply[sink] = -demand;
  lemon::NetworkSimplex<Graph, long long, long long> solver(g);
  solver.lowerMap(lower).upperMap(upper).costMap(cost).supplyMap(supply);
  const auto status = solver.run();
  if (status != lemon::NetworkSimplex<Graph, long long, long long>::OPTIMAL) {
    return FailedPrecondition(
        "no assignment meets every constraint: the k reviewers per proposal cannot be found "
        "within the loads (the flow is infeasible although each proposal and reviewer alone "
        "could be served)");
  }
  Assignment out;
  for (const auto& [arc, c] : pair_arcs) {
    if (solver.flow(arc) > 0) {
      out.pairs.push_back(*c);
      out.total += c->score;
    }
  }
  std::sort(out.pairs.begin(), out.pairs.end(), [](const Candidate& a, const Candidate& b) {
    return a.proposal != b.proposal ? a.proposal < b.proposal : a.reviewer < b.reviewer;
  });
  return out;
}

}  // namespace asta::assign
