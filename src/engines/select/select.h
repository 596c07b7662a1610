// Budget-constrained selection (issue 6, part 5): choose the proposals to fund so that the
// total merit is the largest possible while
//   - every funder's budget holds: a proposal is funded only if every funder it asks pays
//     its share (one decision per proposal, all its shares together);
//   - per-slot quotas (minimum and maximum number of funded proposals) hold;
//   - per-theme bounds hold, when set;
//   - the rank rule holds (when Problem::rank_order): a lower-ranked proposal is never
//     chosen while a higher-ranked one that fits is left out. "Fits" is judged against the
//     final selection: adding the higher-ranked proposal would keep every funder it asks
//     within budget, its slot within its maximum and its theme within its maximum. A
//     higher-ranked proposal may be left out only because it does not fit.
// Solved exactly as a mixed-integer programme with CBC (one thread), after exact
// reduced-cost fixing around Clp's LP relaxation (docs/review.md; the heuristic steps have
// node limits, not time caps, so the same input gives the same selection unless the time
// limit is reached): binary x per proposal, each funder's spend within its
// budget, slot and theme counts within their bounds, maximise total merit; plus valid
// dominance rows (a proposal ranked above another of the same slot and theme that asks
// no funder for more is selected whenever the other is). The rank rule is then enforced
// exactly, not by rows: proposals that still fit are added in rank order. Any selection so
// completed meets the rule, and since merits are non-negative an optimal selection only
// gains proposals of merit 0 — so the result is optimal under the rule too (tests check
// this against brute force; big-M rows for the rule made CBC much slower). Before solving,
// Explain() says concretely why a problem cannot be feasible. docs/review.md gives the
// model.
//
// Ranking: proposals are ranked by merit, highest first; equal merits by id (byte order,
// ascending). The order of Problem::proposals does not matter.
//
// Money: amounts and budgets are non-negative numbers up to 1e13, rounded to hundredths
// (yen, or dollars with cents) and handled as exact integers, so budgets hold exactly and
// "does not fit" means "would exceed the budget by at least 0.01". Merits are
// non-negative (so adding a proposal never lowers the total).
//
// Thread-safety: Solve() may be called from several threads; calls into CBC are
// serialised by one process-wide mutex (CBC's driver keeps global state). Cost: one MIP
// with a column per proposal and up to two dominance rows per proposal, plus one re-solve
// per funder for the marginal values (Problem::marginal_values); each solve stops at
// Problem::time_limit_seconds with the best selection found (proven_optimal false).
#pragma once

#include <climits>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace asta::select {

struct Share {
  int funder = 0;     // index into Problem::funders
  double amount = 0;  // what that funder pays if the proposal is funded
};

struct Proposal {
  std::string id;             // unique
  double merit = 0;           // ranking-weighted merit, >= 0; also the rank (see above)
  int slot = -1;              // index into Problem::slots, -1: none
  int theme = -1;             // index into Problem::themes, -1: none
  std::vector<Share> shares;  // at most one per funder
};

struct Funder {
  std::string id;
  double budget = 0;
};

struct Bounds {
  int min = 0;
  int max = INT_MAX;
};

struct Problem {
  std::vector<Proposal> proposals;
  std::vector<Funder> funders;
  std::vector<std::string> slots;
  std::vector<Bounds> slot_quotas;  // parallel to slots; missing entries: unbounded
  std::vector<std::string> themes;
  std::vector<Bounds> theme_bounds;  // parallel to themes; missing entries: unbounded
  bool rank_order = true;            // apply the rank rule
  double time_limit_seconds = 60;    // per MIP solve (the main one and each re-solve)
  bool marginal_values = true;       // re-solve once per funder for FunderUse::gain
};

// A proposal left out although it was wanted by rank, because one funder it asks had not
// enough left: one entry per (proposal, funder) short.
struct Skipped {
  int proposal = 0;   // index into Problem::proposals
  int funder = 0;     // index into Problem::funders
  double needed = 0;  // that funder's share of the proposal
  double left = 0;    // that funder's budget minus what the selection spends of it
};

// What the selection spends of one funder and what more of its budget would buy.
// Marginal value: the selection is re-solved exactly (same model, same rules) with this
// funder's budget raised by `step` (the median share asked of the funder: "one more
// typical grant"); `gain` is the new optimum minus the current one (>= 0 since merits are
// non-negative), `gain / step` the merit per unit of money. Not an LP dual: in a 0-1
// problem the duals are zero or meaningless at the optimum.
struct FunderUse {
  int funder = 0;
  double budget = 0;
  double used = 0;
  double step = 0;              // 0 when the funder is asked nothing or marginals are off
  double gain = 0;              // merit gained with budget + step
  bool gain_proven = false;     // both solves proven optimal
  std::vector<int> would_add;   // proposals selected with budget + step and not now
  std::vector<int> would_drop;  // and the reverse (a larger budget can change the mix)
};

struct Solution {
  std::vector<int> selected;  // indices into Problem::proposals, in rank order (best first)
  double total_merit = 0;
  bool proven_optimal = false;     // false: stopped at the time limit with this selection
  std::vector<Skipped> skipped;    // in rank order of the proposals
  std::vector<FunderUse> funders;  // one per Problem::funders, same order
};

// Concrete reasons no selection can meet the constraints, or none: a minimum above its
// maximum; a slot or theme minimum above the number of proposals it has that fit the
// budgets alone; the cheapest way to meet the slot (or theme) minimums asking a funder
// for more than its budget. An empty answer does not prove feasibility (minimums of slots
// and themes together can still clash); Solve() then says so.
std::vector<std::string> Explain(const Problem& problem);

// The optimal selection. InvalidArgument for malformed input (indices out of range,
// negative or non-finite amounts or merits, duplicate ids, a funder twice in one
// proposal, min > max is not malformed but infeasible); FailedPrecondition with
// Explain()'s reasons (joined by "; ") or the solver's verdict when nothing meets every
// constraint; Unavailable when the time limit passed before any selection was found;
// Internal if CBC fails or returns a selection that breaks a constraint when checked
// exactly.
Result<Solution> Solve(const Problem& problem);

// The same MIP as Solve() builds, in CPLEX LP format (maximise), for checking with
// another solver (e.g. `glpsol --lp`). Column x<k> is the k-th proposal in rank order;
// merits given to d decimals are multiplied by 10^d (whole numbers), so the objective
// value is Solution::total_merit times that. InvalidArgument as Solve().
Result<std::string> WriteLp(const Problem& problem);

// The files of `asta select` (docs/review.md). proposals.csv
// `proposal_id,merit,slot,funder,amount`, a row per funder share, slot may be empty;
// budgets.csv `funder,budget`; quotas.csv `slot,min,max` (max may be empty: no maximum),
// "" for none. A header line is required; ids are any text without commas or quotes.
// Errors (InvalidArgument) name the file and line: unknown funder, merit or slot
// differing between rows of one proposal, a funder twice for one proposal, duplicate
// funder or slot lines, bad numbers.
Result<Problem> ReadProblem(std::string_view proposals_csv, std::string_view budgets_csv,
                            std::string_view quotas_csv);

// selected.csv: the header `proposal_id` and one id per line, in rank order.
std::string WriteSelected(const Problem& problem, const Solution& solution);

}  // namespace asta::select
