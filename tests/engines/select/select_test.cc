// The selection engine against brute-force enumeration, and its explanations, skipped
// proposals, marginal values and CSV files.
#include "engines/select/select.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engines/select/model.h"

namespace asta::select {
namespace {

// Rank order as select.h defines it: merit descending, then id.
std::vector<int> RankOrder(const Problem& pr) {
  std::vector<int> order(pr.proposals.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (pr.proposals[a].merit != pr.proposals[b].merit)
      return pr.proposals[a].merit > pr.proposals[b].merit;
    return pr.proposals[a].id < pr.proposals[b].id;
  });
  return order;
}

Bounds QuotaOf(const std::vector<Bounds>& b, int i) {
  return i < static_cast<int>(b.size()) ? b[i] : Bounds{};
}

// Every constraint of select.h checked directly on a set (amounts are whole numbers in
// these tests, so double arithmetic is exact). Returns "" or what is broken.
std::string Broken(const Problem& pr, const std::vector<char>& in) {
  const int n = static_cast<int>(pr.proposals.size());
  std::vector<double> used(pr.funders.size(), 0);
  std::vector<int> slot(pr.slots.size(), 0), theme(pr.themes.size(), 0);
  for (int p = 0; p < n; ++p) {
    if (!in[p]) continue;
    for (const Share& s : pr.proposals[p].shares) used[s.funder] += s.amount;
    if (pr.proposals[p].slot >= 0) ++slot[pr.proposals[p].slot];
    if (pr.proposals[p].theme >= 0) ++theme[pr.proposals[p].theme];
  }
  for (std::size_t f = 0; f < used.size(); ++f)
    if (used[f] > pr.funders[f].budget) return "budget " + pr.funders[f].id;
  for (std::size_t s = 0; s < slot.size(); ++s) {
    const Bounds b = QuotaOf(pr.slot_quotas, static_cast<int>(s));
    if (slot[s] < b.min || slot[s] > b.max) return "slot " + pr.slots[s];
  }
  for (std::size_t t = 0; t < theme.size(); ++t) {
    const Bounds b = QuotaOf(pr.theme_bounds, static_cast<int>(t));
    if (theme[t] < b.min || theme[t] > b.max) return "theme " + pr.themes[t];
  }
  if (!pr.rank_order) return "";
  auto fits = [&](int i) {
    for (const Share& s : pr.proposals[i].shares)
      if (used[s.funder] + s.amount > pr.funders[s.funder].budget) return false;
    const int s = pr.proposals[i].slot;
    if (s >= 0 && slot[s] + 1 > QuotaOf(pr.slot_quotas, s).max) return false;
    const int t = pr.proposals[i].theme;
    if (t >= 0 && theme[t] + 1 > QuotaOf(pr.theme_bounds, t).max) return false;
    return true;
  };
  const auto order = RankOrder(pr);
  for (std::size_t a = 0; a < order.size(); ++a) {
    if (in[order[a]]) continue;
    for (std::size_t b = a + 1; b < order.size(); ++b) {
      if (in[order[b]] && fits(order[a])) {
        return "rank: " + pr.proposals[order[a]].id + " fits, " + pr.proposals[order[b]].id +
               " chosen";
      }
    }
  }
  return "";
}

std::optional<double> BruteForce(const Problem& pr) {
  const int n = static_cast<int>(pr.proposals.size());
  std::optional<double> best;
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    std::vector<char> in(n);
    double merit = 0;
    for (int p = 0; p < n; ++p) {
      in[p] = (mask >> p) & 1;
      if (in[p]) merit += pr.proposals[p].merit;
    }
    if (!Broken(pr, in).empty()) continue;
    if (!best || merit > *best) best = merit;
  }
  return best;
}

Problem Random(std::mt19937& rng, bool mostly_zero_merit = false) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Problem pr;
  const int n = pick(1, 11);
  const int funders = pick(1, 3);
  const int slots = pick(0, 3);
  const int themes = pick(0, 2);
  for (int s = 0; s < slots; ++s) pr.slots.push_back("S" + std::to_string(s));
  for (int t = 0; t < themes; ++t) pr.themes.push_back("T" + std::to_string(t));
  std::vector<double> asked(funders, 0);
  for (int p = 0; p < n; ++p) {
    Proposal prop;
    prop.id = "P" + std::to_string(pick(0, 999)) + "_" + std::to_string(p);
    // Whole merits (ties on purpose, zeros sometimes) or fractional ones.
    prop.merit = pick(0, 1) ? pick(0, 6) : pick(0, 1000) / 37.0;
    if (mostly_zero_merit) prop.merit = pick(0, 3) == 0 ? 1 : 0;
    prop.slot = slots > 0 ? pick(-1, slots - 1) : -1;
    prop.theme = themes > 0 ? pick(-1, themes - 1) : -1;
    std::vector<int> fs(funders);
    std::iota(fs.begin(), fs.end(), 0);
    std::shuffle(fs.begin(), fs.end(), rng);
    const int asks = pick(pick(0, 4) == 0 ? 0 : 1, funders);
    for (int i = 0; i < asks; ++i) {
      const double amount = pick(0, 9) == 0 ? 0 : pick(1, 30);
      prop.shares.push_back({fs[i], amount});
      asked[fs[i]] += amount;
    }
    pr.proposals.push_back(prop);
  }
  for (int f = 0; f < funders; ++f) {
    pr.funders.push_back({"F" + std::to_string(f), static_cast<double>(pick(0, 1 + asked[f] / 2))});
  }
  auto bound = [&](int size) {
    Bounds b;
    if (pick(0, 2) == 0) return b;
    b.min = pick(0, 2) == 0 ? pick(0, std::min(size, 2)) : 0;
    b.max = pick(0, 1) ? pick(b.min, b.min + 2) : INT_MAX;
    if (pick(0, 15) == 0) b.max = b.min > 0 ? b.min - 1 : 0;  // sometimes min > max
    return b;
  };
  for (int s = 0; s < slots; ++s) pr.slot_quotas.push_back(bound(n / std::max(1, slots)));
  for (int t = 0; t < themes; ++t) pr.theme_bounds.push_back(bound(n / std::max(1, themes)));
  pr.rank_order = pick(0, 3) != 0;
  pr.marginal_values = false;
  return pr;
}

double Total(const Problem& pr, const Solution& s) {
  double t = 0;
  for (int p : s.selected) t += pr.proposals[p].merit;
  return t;
}

std::vector<char> Chosen(const Problem& pr, const Solution& s) {
  std::vector<char> in(pr.proposals.size(), 0);
  for (int p : s.selected) in[p] = 1;
  return in;
}

TEST(SelectSolve, MatchesBruteForceOnRandomInstances) {
  std::mt19937 rng(20240601);
  int feasible = 0, infeasible = 0, explained = 0;
  for (int round = 0; round < 400; ++round) {
    const Problem pr = Random(rng);
    const auto best = BruteForce(pr);
    auto solved = Solve(pr);
    SCOPED_TRACE("round " + std::to_string(round));
    if (!best) {
      ASSERT_FALSE(solved.has_value()) << "solver found a selection brute force did not";
      EXPECT_EQ(solved.error().code, ErrorCode::kFailedPrecondition);
      ++infeasible;
      if (!Explain(pr).empty()) ++explained;
      continue;
    }
    ASSERT_TRUE(solved.has_value()) << solved.error().message;
    ++feasible;
    EXPECT_TRUE(solved->proven_optimal);
    EXPECT_NEAR(solved->total_merit, *best, 1e-9);
    EXPECT_NEAR(Total(pr, *solved), solved->total_merit, 1e-9);
    EXPECT_EQ(Broken(pr, Chosen(pr, *solved)), "");
    EXPECT_TRUE(Explain(pr).empty()) << Explain(pr).front();
    // Selected in rank order.
    const auto order = RankOrder(pr);
    std::vector<int> ranked;
    for (int p : order)
      if (Chosen(pr, *solved)[p]) ranked.push_back(p);
    EXPECT_EQ(solved->selected, ranked);
  }
  // The generator must exercise both outcomes, and most infeasible cases get a reason.
  EXPECT_GT(feasible, 250);
  EXPECT_GT(infeasible, 10);
  EXPECT_GT(explained, infeasible / 2);
}

// With positive merits an optimal selection leaves out only proposals that do not fit, so
// the rank rule binds where merits tie at zero: there it alone decides.
TEST(SelectSolve, RankRuleMatchesBruteForceWhereItDecides) {
  std::mt19937 rng(31337);
  int decided = 0;
  for (int round = 0; round < 200; ++round) {
    Problem pr = Random(rng, true);
    pr.rank_order = true;
    const auto best = BruteForce(pr);
    auto solved = Solve(pr);
    SCOPED_TRACE("round " + std::to_string(round));
    ASSERT_EQ(best.has_value(), solved.has_value());
    if (!best) continue;
    EXPECT_NEAR(solved->total_merit, *best, 1e-9);
    EXPECT_EQ(Broken(pr, Chosen(pr, *solved)), "");
    // Rounds where the rule decides: some optimal selection without it breaks it.
    Problem free = pr;
    free.rank_order = false;
    const auto unruled = BruteForce(free);
    ASSERT_TRUE(unruled);
    const int n = static_cast<int>(pr.proposals.size());
    bool breaks = false;
    for (unsigned mask = 0; mask < (1u << n) && !breaks; ++mask) {
      std::vector<char> in(n);
      double merit = 0;
      for (int p = 0; p < n; ++p) {
        in[p] = (mask >> p) & 1;
        if (in[p]) merit += pr.proposals[p].merit;
      }
      breaks = merit == *unruled && Broken(free, in).empty() && !Broken(pr, in).empty();
    }
    if (breaks) ++decided;
  }
  EXPECT_GT(decided, 3);  // rounds where the rule had to choose between optima
}

TEST(SelectSolve, InputOrderDoesNotMatter) {
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    Problem pr = Random(rng);
    auto a = Solve(pr);
    std::vector<int> perm(pr.proposals.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    Problem shuffled = pr;
    for (std::size_t i = 0; i < perm.size(); ++i) shuffled.proposals[i] = pr.proposals[perm[i]];
    auto b = Solve(shuffled);
    ASSERT_EQ(a.has_value(), b.has_value());
    if (!a) continue;
    EXPECT_NEAR(a->total_merit, b->total_merit, 1e-9);
  }
}

// Budget 10: A (merit 3, asks 6), B and C (merit 2 each, ask 5). Greedy in rank order
// takes A alone; the optimum leaves A out, and A then does not fit (10 + 6 > 10).
Problem ThreeProposals() {
  Problem pr;
  pr.funders = {{"F", 10}};
  pr.proposals = {
      {"A", 3, -1, -1, {{0, 6}}}, {"B", 2, -1, -1, {{0, 5}}}, {"C", 2, -1, -1, {{0, 5}}}};
  return pr;
}

TEST(SelectSolve, SkipsAHigherRankedProposalThatNoLongerFits) {
  Problem pr = ThreeProposals();
  auto s = Solve(pr);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->selected, (std::vector<int>{1, 2}));
  EXPECT_EQ(s->total_merit, 4);
  ASSERT_EQ(s->skipped.size(), 1u);
  EXPECT_EQ(s->skipped[0].proposal, 0);
  EXPECT_EQ(s->skipped[0].funder, 0);
  EXPECT_EQ(s->skipped[0].needed, 6);
  EXPECT_EQ(s->skipped[0].left, 0);
  ASSERT_EQ(s->funders.size(), 1u);
  EXPECT_EQ(s->funders[0].used, 10);
  EXPECT_EQ(s->funders[0].budget, 10);
}

TEST(SelectSolve, RankRuleDecidesBetweenZeroMeritProposals) {
  // Both have merit 0, so the optimum does not care; the rank rule does: "A" ranks above
  // "B" (equal merit, id order), so B alone is not allowed while A fits beside it. The
  // engine adds, in rank order, whatever still fits: both.
  Problem pr;
  pr.funders = {{"F", 10}};
  pr.proposals = {{"B", 0, -1, -1, {{0, 5}}}, {"A", 0, -1, -1, {{0, 5}}}};
  auto s = Solve(pr);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->selected, (std::vector<int>{1, 0}));
  EXPECT_EQ(Broken(pr, Chosen(pr, *s)), "");
}

TEST(SelectSolve, MultiFunderProposalNeedsEveryShare) {
  Problem pr;
  pr.funders = {{"JP", 200}, {"TH", 10}};
  // X is worth most but Thailand cannot pay its part once Y is in; Y + Z beat X.
  pr.proposals = {{"X", 5, -1, -1, {{0, 50}, {1, 8}}},
                  {"Y", 4, -1, -1, {{0, 40}, {1, 5}}},
                  {"Z", 3, -1, -1, {{0, 40}, {1, 5}}}};
  auto s = Solve(pr);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->selected, (std::vector<int>{1, 2}));
  ASSERT_EQ(s->skipped.size(), 1u);
  EXPECT_EQ(s->skipped[0].proposal, 0);
  EXPECT_EQ(s->skipped[0].funder, 1);  // JP has 120 left: only Thailand is short
  EXPECT_EQ(s->skipped[0].needed, 8);
  EXPECT_EQ(s->skipped[0].left, 0);
}

TEST(SelectSolve, SkippedListsEveryFunderThatIsShort) {
  Problem pr;
  pr.funders = {{"JP", 100}, {"TH", 10}};
  pr.proposals = {{"X", 5, -1, -1, {{0, 50}, {1, 8}}},
                  {"Y", 4, -1, -1, {{0, 60}, {1, 5}}},
                  {"Z", 3, -1, -1, {{0, 40}, {1, 5}}}};
  auto s = Solve(pr);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->selected, (std::vector<int>{1, 2}));
  ASSERT_EQ(s->skipped.size(), 2u);
  EXPECT_EQ(s->skipped[0].funder, 0);
  EXPECT_EQ(s->skipped[0].needed, 50);
  EXPECT_EQ(s->skipped[0].left, 0);
  EXPECT_EQ(s->skipped[1].funder, 1);
  EXPECT_EQ(s->skipped[1].left, 0);
}

TEST(SelectSolve, MarginalValueIsTheGainOfTheLargerBudget) {
  std::mt19937 rng(99);
  int positive = 0;
  for (int round = 0; round < 60; ++round) {
    Problem pr = Random(rng);
    pr.marginal_values = true;
    auto s = Solve(pr);
    if (!s) continue;
    ASSERT_EQ(s->funders.size(), pr.funders.size());
    for (const FunderUse& use : s->funders) {
      SCOPED_TRACE("round " + std::to_string(round) + " funder " + std::to_string(use.funder));
      EXPECT_LE(use.used, use.budget);
      if (use.step == 0) continue;
      Problem more = pr;
      more.funders[use.funder].budget += use.step;
      const auto best = BruteForce(more);
      ASSERT_TRUE(best);
      EXPECT_NEAR(s->total_merit + use.gain, *best, 1e-9);
      EXPECT_GE(use.gain, -1e-9);
      EXPECT_TRUE(use.gain_proven);
      std::vector<char> in = Chosen(pr, *s);
      for (int p : use.would_add) in[p] = 1;
      for (int p : use.would_drop) in[p] = 0;
      EXPECT_EQ(Broken(more, in), "");
      if (use.gain > 0) ++positive;
    }
  }
  EXPECT_GT(positive, 10);
}

TEST(SelectSolve, MarginalValueOfTheThreeProposals) {
  // One more typical grant (the median share, 5) for F: 15 pays A + B (merit 5) but not
  // all three (16): gain 1.
  auto s = Solve(ThreeProposals());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->funders[0].step, 5);
  EXPECT_EQ(s->funders[0].gain, 1);
}

TEST(SelectExplain, NamesSlotMinimumsThatCannotBeMet) {
  Problem pr;
  pr.funders = {{"JP", 100}, {"VN", 10}};
  pr.slots = {"ODA", "open"};
  pr.slot_quotas = {{3, 5}, {1, 0}};
  pr.proposals = {{"a", 1, 0, -1, {{0, 10}, {1, 6}}},
                  {"b", 1, 0, -1, {{0, 10}, {1, 6}}},
                  {"c", 1, 0, -1, {{0, 10}, {1, 11}}},
                  {"d", 1, 1, -1, {{0, 10}}}};
  const auto reasons = Explain(pr);
  ASSERT_EQ(reasons.size(), 2u) << ::testing::PrintToString(reasons);
  EXPECT_EQ(reasons[0],
            "slot \"ODA\" needs at least 3 proposals but has only 2 that fit the "
            "budgets (3 in all; the others ask a funder for more than its whole "
            "budget)");
  EXPECT_EQ(reasons[1], "slot \"open\": minimum 1 is above its maximum 0");
  auto s = Solve(pr);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("needs at least 3"), std::string::npos);
}

TEST(SelectExplain, NamesTheFunderTheMinimumsAskTooMuchOf) {
  Problem pr;
  pr.funders = {{"JP", 1000000000}, {"TH", 30000000}};
  pr.slots = {"ODA", "open"};
  pr.slot_quotas = {{2, INT_MAX}, {1, INT_MAX}};
  pr.proposals = {{"a", 1, 0, -1, {{0, 1000}, {1, 12000000}}},
                  {"b", 1, 0, -1, {{0, 1000}, {1, 14000000}}},
                  {"c", 1, 0, -1, {{0, 1000}, {1, 25000000}}},
                  {"d", 1, 1, -1, {{1, 5000000}}}};
  auto reasons = Explain(pr);
  ASSERT_EQ(reasons.size(), 1u) << ::testing::PrintToString(reasons);
  EXPECT_EQ(reasons[0],
            "the slot minimums together ask funder \"TH\" for at least 31000000; its budget is "
            "30000000");
  pr.slot_quotas[0].min = 3;
  reasons = Explain(pr);
  ASSERT_GE(reasons.size(), 1u);
  EXPECT_EQ(reasons[0],
            "slot \"ODA\": any 3 of its proposals ask funder \"TH\" for at least 51000000; its "
            "budget is 30000000");
}

TEST(SelectExplain, ThemesToo) {
  Problem pr;
  pr.funders = {{"F", 10}};
  pr.themes = {"green"};
  pr.theme_bounds = {{2, INT_MAX}};
  pr.proposals = {{"a", 1, -1, 0, {{0, 6}}}, {"b", 1, -1, 0, {{0, 6}}}};
  const auto reasons = Explain(pr);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0],
            "theme \"green\": any 2 of its proposals ask funder \"F\" for at least 12; its "
            "budget is 10");
}

TEST(SelectSolve, InfeasibleWithoutASingleReasonSaysSo) {
  // Each slot minimum alone can be met, but the theme takes only one of the two.
  Problem pr;
  pr.funders = {{"F", 10}};
  pr.slots = {"A", "B"};
  pr.slot_quotas = {{1, INT_MAX}, {1, INT_MAX}};
  pr.themes = {"t"};
  pr.theme_bounds = {{0, 1}};
  pr.proposals = {{"a", 1, 0, 0, {{0, 4}}}, {"b", 1, 1, 0, {{0, 4}}}};
  EXPECT_TRUE(Explain(pr).empty());
  auto s = Solve(pr);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("cannot be met together"), std::string::npos);
}

TEST(SelectSolve, LargeYenAmountsStayExact) {
  // Budgets of billions of yen with amounts that differ by one yen: the budget holds to
  // the yen and a proposal one yen too large does not fit.
  Problem pr;
  pr.funders = {{"JST", 3000000001.0}};
  pr.proposals = {{"a", 5, -1, -1, {{0, 1000000000}}},
                  {"b", 4, -1, -1, {{0, 1000000000}}},
                  {"c", 3, -1, -1, {{0, 1000000002}}},
                  {"d", 1, -1, -1, {{0, 1000000001}}}};
  auto s = Solve(pr);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->selected, (std::vector<int>{0, 1, 3}));
  EXPECT_EQ(s->funders[0].used, 3000000001.0);
  ASSERT_EQ(s->skipped.size(), 1u);
  EXPECT_EQ(s->skipped[0].left, 0);
}

TEST(SelectSolve, RejectsMalformedInput) {
  Problem pr = ThreeProposals();
  pr.proposals[1].shares.push_back({0, 1});
  EXPECT_EQ(Solve(pr).error().code, ErrorCode::kInvalidArgument);
  pr = ThreeProposals();
  pr.proposals[1].merit = -1;
  EXPECT_EQ(Solve(pr).error().code, ErrorCode::kInvalidArgument);
  pr = ThreeProposals();
  pr.proposals[1].shares[0].funder = 3;
  EXPECT_EQ(Solve(pr).error().code, ErrorCode::kInvalidArgument);
  pr = ThreeProposals();
  pr.proposals[2].id = "A";
  EXPECT_EQ(Solve(pr).error().code, ErrorCode::kInvalidArgument);
  pr = ThreeProposals();
  pr.proposals[0].slot = 0;
  EXPECT_EQ(Solve(pr).error().code, ErrorCode::kInvalidArgument);
}

TEST(SelectLp, IsTheSameModel) {
  auto lp = WriteLp(ThreeProposals());
  ASSERT_TRUE(lp);
  EXPECT_NE(lp->find("Maximize"), std::string::npos);
  EXPECT_NE(lp->find("obj: 3 x0 + 2 x1 + 2 x2"), std::string::npos);
  EXPECT_NE(lp->find("spend0: 6 x0 + 5 x1 + 5 x2 - 1 s0 = 0"), std::string::npos);
}

// --- CSV ---

TEST(SelectCsv, ReadsTheFilesAndWritesTheSelection) {
  auto pr = ReadProblem(
      "proposal_id,merit,slot,funder,amount\n"
      "P1,9.5,ODA,JST,1000000\n"
      "P1,9.5,ODA,NSTDA,300000\n"
      "P2,8,,JST,2000000\r\n"
      "\n"
      "P3,7,open,JST,500000\n",
      "funder,budget\nJST,2500000\nNSTDA,300000\n", "slot,min,max\nODA,1,\nopen,0,1\n");
  ASSERT_TRUE(pr) << pr.error().message;
  ASSERT_EQ(pr->proposals.size(), 3u);
  EXPECT_EQ(pr->proposals[0].shares.size(), 2u);
  EXPECT_EQ(pr->proposals[1].slot, -1);
  EXPECT_EQ(pr->slots, (std::vector<std::string>{"ODA", "open"}));
  EXPECT_EQ(pr->slot_quotas[0].min, 1);
  EXPECT_EQ(pr->slot_quotas[0].max, INT_MAX);
  EXPECT_EQ(pr->slot_quotas[1].max, 1);
  auto s = Solve(*pr);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(WriteSelected(*pr, *s), "proposal_id\nP1\nP3\n");
}

std::string ReadError(const std::string& proposals, const std::string& budgets,
                      const std::string& quotas = "") {
  auto pr = ReadProblem(proposals, budgets, quotas);
  return pr ? "" : pr.error().message;
}

TEST(SelectCsv, NamesTheBadLine) {
  const std::string head = "proposal_id,merit,slot,funder,amount\n";
  const std::string budgets = "funder,budget\nJST,100\n";
  EXPECT_EQ(ReadError(head + "P1,1,,JST,10\nP2,1,,JSPS,10\n", budgets),
            "proposals.csv line 3: funder \"JSPS\" is not in budgets.csv");
  EXPECT_EQ(ReadError(head + "P1,1,,JST,10\nP1,2,,JST,10\n", budgets),
            "proposals.csv line 3: merit of P1 differs from line 2");
  EXPECT_EQ(ReadError(head + "P1,1,A,JST,10\nP1,1,B,JST,10\n", budgets),
            "proposals.csv line 3: slot of P1 differs from line 2");
  EXPECT_EQ(ReadError(head + "P1,1,,JST,10\nP1,1,,JST,10\n", budgets),
            "proposals.csv line 3: P1 asks funder JST again (line 2)");
  EXPECT_EQ(ReadError(head + "P1,x,,JST,10\n", budgets),
            "proposals.csv line 2: merit \"x\" is not a number");
  EXPECT_EQ(ReadError(head + "P1,1,,JST,-5\n", budgets),
            "proposals.csv line 2: amount is negative");
  EXPECT_EQ(ReadError(head + "P1,1,,JST\n", budgets),
            "proposals.csv line 2: 5 columns expected, 4 found");
  EXPECT_EQ(ReadError(head + ",1,,JST,3\n", budgets), "proposals.csv line 2: proposal_id is empty");
  EXPECT_EQ(ReadError("id,merit\n", budgets),
            "proposals.csv line 1: the header must be proposal_id,merit,slot,funder,amount");
  EXPECT_EQ(ReadError(head, "funder,budget\nJST,1\nJST,2\n"),
            "budgets.csv line 3: funder JST is already on line 2");
  EXPECT_EQ(ReadError(head, "funder,budget\nJST,nan\n"),
            "budgets.csv line 2: budget \"nan\" is not a number");
  EXPECT_EQ(ReadError(head, budgets, "slot,min,max\nA,1,2\nA,0,1\n"),
            "quotas.csv line 3: slot A is already on line 2");
  EXPECT_EQ(ReadError(head, budgets, "slot,min,max\nA,1.5,2\n"),
            "quotas.csv line 2: min \"1.5\" is not a whole number >= 0");
  EXPECT_EQ(ReadError(head, ""), "budgets.csv: empty file (no header)");
}

}  // namespace
}  // namespace asta::select

namespace asta::select {
namespace {

// Every selection meeting the MIP's rows (budgets, quotas, bounds; no rank rule) as
// (merit, mask by rank position), by brute force.
std::vector<std::pair<double, unsigned>> FeasibleMasks(const Problem& pr,
                                                       const internal::Prepared& pp) {
  std::vector<std::pair<double, unsigned>> feasible;
  for (unsigned mask = 0; mask < (1u << pp.n); ++mask) {
    std::vector<char> in(pp.n, 0);
    double merit = 0;
    for (int k = 0; k < pp.n; ++k) {
      if (!((mask >> k) & 1)) continue;
      in[pp.order[k]] = 1;
      merit += pr.proposals[pp.order[k]].merit;
    }
    if (Broken(pr, in).empty()) feasible.emplace_back(merit, mask);
  }
  return feasible;
}

// Reduced-cost fixing (model.h) never removes a better selection: on random instances,
// every selection meeting the budgets, quotas and bounds (rank rule off: the MIP's rows)
// has merit at most the LP bound, and every one better than the incumbent by >= 1 (whole
// merits) agrees with every fixed column. Incumbents: each feasible value in turn.
TEST(SelectReduce, FixingKeepsEveryBetterSelection) {
  std::mt19937 rng(777);
  int checked = 0, fixed_total = 0;
  for (int round = 0; round < 300; ++round) {
    Problem pr = Random(rng);
    pr.rank_order = false;
    for (auto& p : pr.proposals) p.merit = std::round(p.merit * 3);  // whole, spread out
    auto pp = internal::Prepare(pr);
    ASSERT_TRUE(pp.has_value());
    const internal::Mip mip = internal::BuildMip(*pp, pr);
    ASSERT_EQ(mip.objective_scale, 1);
    const internal::Fixing fixing = internal::LpBound(mip);
    const int n = pp->n;
    const auto feasible = FeasibleMasks(pr, *pp);
    if (feasible.empty() || !fixing.ok) continue;
    for (const auto& [merit, mask] : feasible) {
      ASSERT_LE(merit, fixing.bound + 1e-6) << "round " << round;
    }
    for (const auto& [incumbent, unused] : feasible) {
      const auto fixed = internal::FixedColumns(mip, fixing, incumbent, 1);
      for (int k = 0; k < n; ++k) fixed_total += fixed[mip.x0 + k] >= 0;
      for (const auto& [merit, mask] : feasible) {
        if (merit < incumbent + 1) continue;
        ++checked;
        for (int k = 0; k < n; ++k) {
          const int f = fixed[mip.x0 + k];
          if (f >= 0) {
            ASSERT_EQ(f, static_cast<int>((mask >> k) & 1))
                << "round " << round << ": column " << k << " fixed wrongly";
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 1000);
  EXPECT_GT(fixed_total, 1000);  // the fixing does fix columns, so the check means something
}

// The split's LP (model.h Relaxation: group rows Σ x = v set and freed between solves on
// one warm-started Clp model) gives the same bound as a cold LP on the MIP with those rows,
// says infeasible only when no selection has those sums, bounds every selection of the
// part, and its fixing keeps every better selection of the part. Groups as the split uses
// them: all proposals, then those asking each funder.
TEST(SelectReduce, SplitRelaxationMatchesColdLpAndBoundsEveryPart) {
  std::mt19937 rng(4242);
  int solved = 0, infeasible = 0, checked = 0;
  for (int round = 0; round < 200; ++round) {
    Problem pr = Random(rng);
    pr.rank_order = false;
    for (auto& p : pr.proposals) p.merit = std::round(p.merit * 3);
    auto pp = internal::Prepare(pr);
    ASSERT_TRUE(pp.has_value());
    const internal::Mip mip = internal::BuildMip(*pp, pr);
    const int n = pp->n;
    std::vector<std::vector<int>> groups(1);
    for (int k = 0; k < n; ++k) groups[0].push_back(mip.x0 + k);
    for (const auto& b : mip.budgets) {
      std::vector<int> members;
      for (auto [c, v] : mip.rows[b.row].terms)
        if (mip.integer[c]) members.push_back(c);
      groups.push_back(members);
    }
    const auto feasible = FeasibleMasks(pr, *pp);
    internal::Relaxation lp(mip, groups);
    std::vector<int> value(groups.size(), -1);  // -1: free
    for (int step = 0; step < 12; ++step) {
      // Set or free one group (values up to one past its size: infeasible on purpose).
      const int g = std::uniform_int_distribution<int>(0, groups.size() - 1)(rng);
      const int size = static_cast<int>(groups[g].size());
      value[g] = std::uniform_int_distribution<int>(-1, size + 1)(rng);
      if (value[g] < 0) {
        lp.SetGroup(g, -internal::kInf, internal::kInf);
      } else {
        lp.SetGroup(g, value[g], value[g]);
      }
      auto sum = [&](unsigned mask, int group) {
        int total = 0;
        for (int c : groups[group]) total += (mask >> (c - mip.x0)) & 1;
        return total;
      };
      auto in_part = [&](unsigned mask) {
        for (std::size_t h = 0; h < groups.size(); ++h)
          if (value[h] >= 0 && sum(mask, h) != value[h]) return false;
        return true;
      };
      internal::Fixing f;
      std::vector<double> sums;
      const auto status = lp.Solve(&f, &sums);
      ASSERT_NE(status, internal::Relaxation::Status::kFailed) << "round " << round;
      if (status == internal::Relaxation::Status::kInfeasible) {
        ++infeasible;
        for (const auto& [merit, mask] : feasible) {
          ASSERT_FALSE(in_part(mask)) << "round " << round;
        }
        continue;
      }
      ++solved;
      internal::Mip cold = mip;
      for (std::size_t h = 0; h < groups.size(); ++h) {
        if (value[h] < 0) continue;
        std::vector<std::pair<int, double>> terms;
        for (int c : groups[h]) terms.emplace_back(c, 1.0);
        cold.rows.insert(cold.rows.begin() + cold.first_dominance_row,
                         internal::Mip::Row{terms, double(value[h]), double(value[h])});
        cold.row_names.insert(cold.row_names.begin() + cold.first_dominance_row, "g");
        ++cold.first_dominance_row;
      }
      const internal::Fixing reference = internal::LpBound(cold);
      ASSERT_TRUE(reference.ok) << "round " << round;
      EXPECT_NEAR(f.bound, reference.bound, 1e-6 * (1 + std::fabs(reference.bound)))
          << "round " << round << " step " << step;
      for (const auto& [merit, mask] : feasible) {
        if (!in_part(mask)) continue;
        ASSERT_LE(merit, f.bound + 1e-6) << "round " << round;
        for (const auto& [incumbent, unused] : feasible) {
          if (merit < incumbent + 1) continue;
          ++checked;
          const auto fixed = internal::FixedColumns(mip, f, incumbent, 1);
          for (int k = 0; k < n; ++k) {
            const int x = fixed[mip.x0 + k];
            if (x >= 0) {
              ASSERT_EQ(x, static_cast<int>((mask >> k) & 1)) << "round " << round;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(solved, 500);
  EXPECT_GT(infeasible, 100);
  EXPECT_GT(checked, 1000);
}

}  // namespace
}  // namespace asta::select
