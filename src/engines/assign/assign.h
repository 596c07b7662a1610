// Optimal reviewer assignment (issue 6, first part): every proposal gets exactly k
// conflict-free reviewers (per-proposal overrides), every reviewer between a minimum and
// a maximum number of proposals, and the total affinity of the chosen pairs is the
// largest possible. Solved exactly as a min-cost flow with LEMON's network simplex:
// proposal --(k_p)--> candidate pairs (capacity 1, cost -score) --> reviewer
// --[min_load, max_load]--> sink. Scores are fixed-point (1e-6) in the solver, so the
// optimum is exact to that precision; ties are broken the same way on every run (input
// order). Before solving, Explain() says concretely why a problem cannot be feasible.
// Pure computation; thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace asta::assign {

struct Candidate {
  int proposal = 0;  // 0 .. proposals-1
  int reviewer = 0;  // 0 .. reviewers-1
  double score = 0;  // affinity; higher is better
};

struct Problem {
  int proposals = 0, reviewers = 0;
  std::vector<Candidate> candidates;           // pairs that may be assigned (one per pair)
  std::vector<std::pair<int, int>> conflicts;  // (proposal, reviewer): never assigned
  int k = 3;                                   // reviewers per proposal
  std::vector<int> k_of;                       // per proposal; empty or -1 = k
  int max_load = 6;                            // proposals per reviewer, at most
  int min_load = 0;                            // and at least
};

struct Assignment {
  std::vector<Candidate> pairs;  // sorted by proposal, then reviewer
  double total = 0;
};

// Concrete reasons the problem cannot be solved, or none: proposals with fewer
// conflict-free candidates than their k, reviewers with fewer candidates than the minimum
// load, total demand against total capacity, minimum loads against total demand.
std::vector<std::string> Explain(const Problem& problem,
                                 const std::vector<std::string>& proposal_names = {},
                                 const std::vector<std::string>& reviewer_names = {});

// The optimal assignment. InvalidArgument for malformed input (indices out of range,
// negative k or loads, min_load > max_load, a pair given twice); FailedPrecondition with
// Explain()'s reasons (or the solver's verdict) when no assignment meets every constraint.
Result<Assignment> Solve(const Problem& problem);

}  // namespace asta::assign
