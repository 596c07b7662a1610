// The local search and greedy start of the selection engine (local.cc), checked against
// every constraint on random instances, and Solve() giving the same selection twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "engines/select/model.h"
#include "engines/select/select.h"

namespace asta::select {
namespace {

// A random call: n proposals, up to 3 funders, slots and themes with quotas; whole
// amounts (double arithmetic exact). The rank rule is off: Improve keeps the MIP's rows.
Problem RandomCall(std::mt19937& rng, int n) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Problem pr;
  const int funders = pick(1, 3), slots = pick(0, 3), themes = pick(0, 2);
  for (int s = 0; s < slots; ++s) pr.slots.push_back("S" + std::to_string(s));
  for (int t = 0; t < themes; ++t) pr.themes.push_back("T" + std::to_string(t));
  std::vector<double> asked(funders, 0);
  for (int p = 0; p < n; ++p) {
    Proposal prop;
    prop.id = "P" + std::to_string(p);
    prop.merit = pick(0, 1) ? pick(0, 9) : pick(0, 1000) / 37.0;
    prop.slot = slots > 0 ? pick(-1, slots - 1) : -1;
    prop.theme = themes > 0 ? pick(-1, themes - 1) : -1;
    for (int f = 0; f < funders; ++f) {
      if (pick(0, 2) == 0) continue;
      const double amount = pick(1, 30);
      prop.shares.push_back({f, amount});
      asked[f] += amount;
    }
    pr.proposals.push_back(prop);
  }
  for (int f = 0; f < funders; ++f) {
    pr.funders.push_back({"F" + std::to_string(f), static_cast<double>(pick(0, 1 + asked[f] / 2))});
  }
  for (int s = 0; s < slots; ++s) pr.slot_quotas.push_back({pick(0, 1), pick(1, 4)});
  for (int t = 0; t < themes; ++t) {
    pr.theme_bounds.push_back({0, pick(0, 1) ? pick(1, 5) : INT_MAX});
  }
  pr.rank_order = false;
  pr.marginal_values = false;
  return pr;
}

// "" or the constraint the selection breaks (budgets, slot and theme bounds).
std::string Broken(const Problem& pr, const std::vector<char>& in) {
  std::vector<double> used(pr.funders.size(), 0);
  std::vector<int> slot(pr.slots.size(), 0), theme(pr.themes.size(), 0);
  for (std::size_t p = 0; p < in.size(); ++p) {
    if (!in[p]) continue;
    for (const Share& s : pr.proposals[p].shares) used[s.funder] += s.amount;
    if (pr.proposals[p].slot >= 0) ++slot[pr.proposals[p].slot];
    if (pr.proposals[p].theme >= 0) ++theme[pr.proposals[p].theme];
  }
  for (std::size_t f = 0; f < used.size(); ++f)
    if (used[f] > pr.funders[f].budget) return "budget " + pr.funders[f].id;
  for (std::size_t s = 0; s < slot.size(); ++s) {
    const Bounds b = s < pr.slot_quotas.size() ? pr.slot_quotas[s] : Bounds{};
    if (slot[s] < b.min || slot[s] > b.max) return "slot " + pr.slots[s];
  }
  for (std::size_t t = 0; t < theme.size(); ++t) {
    const Bounds b = t < pr.theme_bounds.size() ? pr.theme_bounds[t] : Bounds{};
    if (theme[t] < b.min || theme[t] > b.max) return "theme " + pr.themes[t];
  }
  return "";
}

double Merit(const Problem& pr, const std::vector<char>& in) {
  double total = 0;
  for (std::size_t p = 0; p < in.size(); ++p)
    if (in[p]) total += pr.proposals[p].merit;
  return total;
}

// From every feasible selection of small random calls (and from random infeasible ones):
// the result is feasible whenever the input is, never has less merit, leaves no proposal
// out that would still fit, and an infeasible input comes back unchanged.
TEST(SelectLocal, ImproveStaysFeasibleAndNeverLowersTheMerit) {
  std::mt19937 rng(4242);
  int starts = 0, gained = 0, unchanged_infeasible = 0;
  for (int round = 0; round < 150; ++round) {
    Problem pr = RandomCall(rng, std::uniform_int_distribution<int>(1, 10)(rng));
    auto pp = internal::Prepare(pr);
    ASSERT_TRUE(pp.has_value());
    const int n = pp->n;
    for (unsigned mask = 0; mask < (1u << n); ++mask) {
      std::vector<char> in(n);
      for (int p = 0; p < n; ++p) in[p] = (mask >> p) & 1;
      const bool feasible = Broken(pr, in).empty();
      const std::vector<char> out = internal::Improve(*pp, pr, in, {});
      ASSERT_EQ(out.size(), in.size());
      if (!feasible) {
        ASSERT_EQ(out, in) << "round " << round << ": an infeasible input was changed";
        ++unchanged_infeasible;
        continue;
      }
      ++starts;
      ASSERT_EQ(Broken(pr, out), "") << "round " << round << " mask " << mask;
      ASSERT_GE(Merit(pr, out), Merit(pr, in) - 1e-9) << "round " << round << " mask " << mask;
      gained += Merit(pr, out) > Merit(pr, in) + 1e-9;
      for (int p = 0; p < n; ++p) {
        if (out[p] || !pp->affordable[p]) continue;
        std::vector<char> more = out;
        more[p] = 1;
        ASSERT_NE(Broken(pr, more), "") << "round " << round << ": proposal " << p << " fits";
      }
    }
  }
  EXPECT_GT(starts, 1000);
  EXPECT_GT(gained, 500);  // it does improve, so the checks mean something
  EXPECT_GT(unchanged_infeasible, 1000);
}

// Only movable proposals enter or leave; swaps (not only additions) are found.
TEST(SelectLocal, MovesOnlyMovableProposalsAndSwaps) {
  Problem pr;
  pr.funders = {{"F", 10}};
  // A (merit 5, cost 10) fills the budget; B and C (merit 4 each, cost 5) together beat it.
  pr.proposals = {
      {"A", 5, -1, -1, {{0, 10}}}, {"B", 4, -1, -1, {{0, 5}}}, {"C", 4, -1, -1, {{0, 5}}}};
  pr.rank_order = false;
  auto pp = internal::Prepare(pr);
  ASSERT_TRUE(pp.has_value());
  const std::vector<char> only_a = {1, 0, 0};
  EXPECT_EQ(internal::Improve(*pp, pr, only_a, {}), (std::vector<char>{0, 1, 1}));
  // C may not move: nothing better that keeps C out exists.
  EXPECT_EQ(internal::Improve(*pp, pr, only_a, {1, 1, 0}), only_a);
  // One out for one in: D (merit 6, cost 10) in place of A.
  pr.proposals.push_back({"D", 6, -1, -1, {{0, 10}}});
  pr.proposals[1].shares[0].amount = 6;  // B and C no longer fit together
  pp = internal::Prepare(pr);
  ASSERT_TRUE(pp.has_value());
  EXPECT_EQ(internal::Improve(*pp, pr, {1, 0, 0, 0}, {}), (std::vector<char>{0, 0, 0, 1}));
}

// Greedy: feasible or empty (a minimum missed), whatever the order.
TEST(SelectLocal, GreedyIsFeasibleOrEmpty) {
  std::mt19937 rng(99);
  int feasible = 0;
  for (int round = 0; round < 300; ++round) {
    Problem pr = RandomCall(rng, std::uniform_int_distribution<int>(1, 30)(rng));
    auto pp = internal::Prepare(pr);
    ASSERT_TRUE(pp.has_value());
    std::vector<int> order(pp->n);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const std::vector<char> in = internal::Greedy(*pp, pr, order);
    if (in.empty()) continue;
    ++feasible;
    ASSERT_EQ(Broken(pr, in), "") << "round " << round;
  }
  EXPECT_GT(feasible, 100);
}

// The same input gives the same selection (node limits, not time caps, in the heuristic
// steps), on a call large enough for the cores and the split by count to run.
TEST(SelectSolve, SameInputSameSelection) {
  std::mt19937_64 rng(7);
  Problem pr;
  for (int f = 0; f < 6; ++f) pr.funders.push_back({"F" + std::to_string(f), 0});
  pr.slots = {"a", "b", "c"};
  std::vector<double> asked(6, 0);
  for (int i = 0; i < 600; ++i) {
    Proposal p;
    p.id = "P" + std::to_string(i);
    p.merit = 600 - i;  // a strict ranking
    p.slot = static_cast<int>(rng() % 3);
    const int lead = static_cast<int>(rng() % 3);
    p.shares.push_back({lead, static_cast<double>(10 + rng() % 5)});
    if (rng() % 2)
      p.shares.push_back({3 + static_cast<int>(rng() % 3), static_cast<double>(5 + rng() % 3)});
    for (const Share& s : p.shares) asked[s.funder] += s.amount;
    pr.proposals.push_back(p);
  }
  for (int f = 0; f < 6; ++f) pr.funders[f].budget = std::round(asked[f] * 0.3);
  pr.slot_quotas = {{40, 90}, {40, 90}, {40, 90}};
  pr.marginal_values = false;
  auto first = Solve(pr);
  auto second = Solve(pr);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_TRUE(first->proven_optimal);
  EXPECT_EQ(first->total_merit, second->total_merit);
  EXPECT_EQ(first->selected, second->selected);
}

}  // namespace
}  // namespace asta::select
