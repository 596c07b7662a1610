// Optimal reviewer assignment (issue 6): every proposal gets exactly k conflict-free
// reviewers (per-proposal overrides), every reviewer between a minimum and a maximum
// number of proposals, and the total of the chosen pairs' values is the largest possible.
//
// The value of a pair is its affinity score, plus the bonus of the reviewer's bid on it
// (BidBonus; a "not willing" bid may instead exclude the pair), plus `move_cost` when the
// pair is in the existing assignment being revised (so a pair is only dropped when
// moving gains more than the cost). Optional diversity constraints per proposal: at most
// m reviewers from one country, at least N from outside the applicants' countries.
//
// Mode::kTotal (default) is a min-cost flow solved exactly by LEMON's network simplex:
//   proposal --[N, k_p]--> "outside" node --[0, m]--> country group --[0,1]--> reviewer
//   --[min_load, max_load]--> sink,
// where the outside node exists only when N > 0 and a country group only when a
// proposal has more than m candidates from that country (otherwise the pair arc leaves
// the proposal or outside node directly). These constraints form a laminar family per
// proposal, so the network is exact: the flow optimum is the optimum over all
// assignments meeting every constraint.
//
// Mode::kFair maximises first the smallest per-proposal sum of affinity scores (bids and
// move bonuses do not count there), then, among assignments reaching that minimum, the
// total value as above. That problem is NP-hard in general (Stelmakh, Shah, Singh,
// "PeerReview4All", 2019), so it is solved exactly as two integer programs with CBC
// (branch and cut, started from the flow optimum): exact, but meant for calls of up to a
// few thousand proposals; the flow mode is the one for 10,000 × 10,000.
//
// Numbers: values are fixed point (10⁻⁶) inside the solvers, so optima are exact at that
// precision; scores and bonuses must lie within ±10⁶. Determinism: the same problem and
// seed give the same assignment on every run. With seed 0 ties between equally good
// assignments are broken by input order; another seed permutes the order in which pairs
// enter the network (a fixed Fisher-Yates shuffle of mt19937_64(seed)), so a different
// one of the equally good assignments may be chosen, reproducibly. The seed never changes
// the optimal value.
//
// Before solving, Explain() says concretely why a problem cannot be feasible.
// Pure computation; thread-safe (no shared state; the progress callback is called on the
// caller's thread). Cost: O(pairs log pairs) to prepare, then the solver.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace asta::assign {

struct Candidate {
  int proposal = 0;  // 0 .. proposals-1
  int reviewer = 0;  // 0 .. reviewers-1
  double score = 0;  // affinity; higher is better
};

// A reviewer's bid on a proposal.
enum class BidLevel : int { kNotWilling = -1, kNeutral = 0, kWilling = 1, kEager = 2 };

struct Bid {
  int proposal = 0;
  int reviewer = 0;
  BidLevel level = BidLevel::kNeutral;
};

// What a "not willing" bid does: lower the pair's value by `not_willing`'s size, or
// make the pair impossible (like a conflict).
enum class NotWillingIs { kPenalty, kExclusion };

// Added to a pair's affinity score according to the bid on it (no bid = neutral).
// Defaults suit affinities in [0, 1]: eager and willing pairs win ties and near-ties,
// a not-willing pair is used only when nothing else is feasible or it is better by a
// whole point.
struct BidBonus {
  double not_willing = -1.0;
  double neutral = 0.0;
  double willing = 0.05;
  double eager = 0.1;
  NotWillingIs not_willing_is = NotWillingIs::kPenalty;
};

struct Problem {
  int proposals = 0, reviewers = 0;
  std::vector<Candidate> candidates;           // pairs that may be assigned (one per pair)
  std::vector<std::pair<int, int>> conflicts;  // (proposal, reviewer): never assigned
  int k = 3;                                   // reviewers per proposal
  std::vector<int> k_of;                       // per proposal; empty or -1 = k
  int max_load = 6;                            // proposals per reviewer, at most
  int min_load = 0;                            // and at least

  // Bids (optional; at most one per pair; bids on pairs that are not candidates are
  // ignored: they cannot be assigned).
  std::vector<Bid> bids;
  BidBonus bid_bonus;

  // Diversity (optional). Countries are codes compared exactly (ISO 3166-1 alpha-2 by
  // convention, e.g. "JP"); "" = unknown. A reviewer of unknown country counts towards
  // no country's limit and is never "outside". A proposal without applicant countries
  // has every reviewer of known country outside.
  std::vector<std::string> reviewer_country;                 // by reviewer; may be shorter
  std::vector<std::vector<std::string>> proposal_countries;  // by proposal; may be shorter
  int max_per_country = 0;    // at most this many reviewers of one country; 0 = no limit
  int outside_countries = 0;  // at least this many from outside (capped at the proposal's k)

  // Re-assignment (optional): pairs of the assignment being revised. Each gets a bonus
  // of `move_cost` (>= 0), so the objective is the total value minus move_cost × the
  // number of existing pairs dropped. An existing pair that is not a usable candidate
  // (not listed, in conflict, excluded by a bid) cannot be kept and counts as dropped.
  std::vector<std::pair<int, int>> existing;
  double move_cost = 0;
};

enum class Mode { kTotal, kFair };

enum class Phase { kReading, kBuilding, kSolving, kWriting };

// A progress report: `done` of `total` units of `phase` (pairs read, arcs built, solver
// steps, lines written), and the seconds since the run started.
struct Progress {
  Phase phase = Phase::kBuilding;
  std::int64_t done = 0, total = 0;
  double elapsed_seconds = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

struct Options {
  Mode mode = Mode::kTotal;
  std::uint64_t seed = 0;  // 0 = input order breaks ties; see the top of this file
  ProgressFn progress;     // optional; called at the start and end of each phase
};

struct Assignment {
  std::vector<Candidate> pairs;   // sorted by proposal, then reviewer; score = affinity
  double total = 0;               // sum of the chosen pairs' affinity scores
  double objective = 0;           // what was maximised: total + bid bonuses + move_cost × kept
  double min_proposal_total = 0;  // smallest per-proposal sum of affinity (proposals with k > 0)
  int kept = 0;                   // existing pairs still assigned
  std::vector<std::pair<int, int>> dropped;  // existing pairs no longer assigned ("moved")
};

// Concrete reasons the problem cannot be solved, or none: malformed input (one reason),
// proposals with fewer usable (conflict-free, not excluded by a bid) candidates than
// their k, reviewers with fewer candidates than the minimum load, total demand against
// total capacity, minimum loads against total demand, and, with diversity constraints,
// proposals that cannot have k reviewers with at most m per country or have fewer
// usable candidates from outside the applicants' countries than required. An empty
// list does not prove feasibility (the loads interact); Solve() then decides.
std::vector<std::string> Explain(const Problem& problem,
                                 const std::vector<std::string>& proposal_names = {},
                                 const std::vector<std::string>& reviewer_names = {});

// The optimal assignment. InvalidArgument for malformed input (indices out of range,
// negative k or loads, min_load > max_load, a pair or bid given twice, values out of
// range; `field` names the part: "scores", "bids", "existing", "countries", ...);
// FailedPrecondition with Explain()'s reasons (or the solver's verdict) when no
// assignment meets every constraint; Internal if the fair mode's solver stops without
// proving optimality.
Result<Assignment> Solve(const Problem& problem, const Options& options);
Result<Assignment> Solve(const Problem& problem);  // Options{}: total mode, seed 0

}  // namespace asta::assign
