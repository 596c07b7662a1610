// The assignment engine against brute force on small instances (every feasible choice of
// k reviewers per proposal enumerated), feasibility of every constraint on random
// instances, and the infeasibility explanations.
#include "engines/assign/assign.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <set>

#include "engines/assign/csv_io.h"

namespace asta::assign {
namespace {

// The best total by enumeration, or -1 when nothing is feasible.
double BruteForce(const Problem& p) {
  const std::set<std::pair<int, int>> conflicts(p.conflicts.begin(), p.conflicts.end());
  std::vector<std::vector<const Candidate*>> options(p.proposals);
  for (const Candidate& c : p.candidates) {
    if (!conflicts.count({c.proposal, c.reviewer})) options[c.proposal].push_back(&c);
  }
  double best = -1;
  std::vector<int> load(p.reviewers, 0);
  std::function<void(int, double)> go = [&](int i, double total) {
    if (i == p.proposals) {
      for (int l : load) {
        if (l < p.min_load) return;
      }
      best = std::max(best, total);
      return;
    }
    const auto& opts = options[i];
    const int k = p.k;
    // Every subset of size k of this proposal's options.
    std::function<void(std::size_t, int, double)> pick = [&](std::size_t from, int left,
                                                             double sum) {
      if (left == 0) {
        go(i + 1, sum);
        return;
      }
      for (std::size_t j = from; j < opts.size(); ++j) {
        if (load[opts[j]->reviewer] >= p.max_load) continue;
        ++load[opts[j]->reviewer];
        pick(j + 1, left - 1, sum + opts[j]->score);
        --load[opts[j]->reviewer];
      }
    };
    pick(0, k, total);
  };
  go(0, 0);
  return best;
}

Problem Random(std::mt19937& rng, int proposals, int reviewers, int k, int max_load, int min_load,
               double density, double conflict_rate) {
  Problem p;
  p.proposals = proposals;
  p.reviewers = reviewers;
  p.k = k;
  p.max_load = max_load;
  p.min_load = min_load;
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < proposals; ++i) {
    for (int r = 0; r < reviewers; ++r) {
      if (u(rng) < density) p.candidates.push_back({i, r, std::round(u(rng) * 1000) / 1000});
      if (u(rng) < conflict_rate) p.conflicts.push_back({i, r});
    }
  }
  return p;
}

void ExpectFeasible(const Problem& p, const Assignment& a) {
  const std::set<std::pair<int, int>> conflicts(p.conflicts.begin(), p.conflicts.end());
  std::map<int, int> per_proposal, per_reviewer;
  std::set<std::pair<int, int>> pairs;
  for (const Candidate& c : a.pairs) {
    EXPECT_FALSE(conflicts.count({c.proposal, c.reviewer})) << c.proposal << "/" << c.reviewer;
    EXPECT_TRUE(pairs.insert({c.proposal, c.reviewer}).second);
    ++per_proposal[c.proposal];
    ++per_reviewer[c.reviewer];
  }
  for (int i = 0; i < p.proposals; ++i) EXPECT_EQ(per_proposal[i], p.k) << "proposal " << i;
  for (int r = 0; r < p.reviewers; ++r) {
    EXPECT_LE(per_reviewer[r], p.max_load);
    EXPECT_GE(per_reviewer[r], p.min_load);
  }
}

TEST(AssignTest, OptimalAgainstBruteForceOnSmallInstances) {
  std::mt19937 rng(20261206);
  int solved = 0, infeasible = 0;
  for (int round = 0; round < 300; ++round) {
    const int proposals = 2 + static_cast<int>(rng() % 3);
    const int reviewers = 3 + static_cast<int>(rng() % 3);
    const int k = 1 + static_cast<int>(rng() % 2);
    const int max_load = 1 + static_cast<int>(rng() % 3);
    const int min_load = static_cast<int>(rng() % 2);
    Problem p =
        Random(rng, proposals, reviewers, k, max_load, std::min(min_load, max_load), 0.8, 0.1);
    const double best = BruteForce(p);
    auto a = Solve(p);
    if (best < 0) {
      EXPECT_FALSE(a) << "round " << round << ": solved an infeasible instance";
      if (!a) {
        EXPECT_EQ(a.error().code, ErrorCode::kFailedPrecondition);
      }
      ++infeasible;
      continue;
    }
    ASSERT_TRUE(a) << "round " << round << ": " << a.error().message;
    EXPECT_NEAR(a->total, best, 1e-6) << "round " << round;
    ExpectFeasible(p, *a);
    ++solved;
  }
  EXPECT_GT(solved, 100);
  EXPECT_GT(infeasible, 10);
}

TEST(AssignTest, LargerRandomInstancesMeetEveryConstraintDeterministically) {
  std::mt19937 rng(7);
  Problem p = Random(rng, 60, 40, 3, 6, 2, 0.3, 0.05);
  auto a = Solve(p);
  ASSERT_TRUE(a) << a.error().message;
  ExpectFeasible(p, *a);
  auto again = Solve(p);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->pairs.size(), a->pairs.size());
  for (std::size_t i = 0; i < a->pairs.size(); ++i) {
    EXPECT_EQ(again->pairs[i].proposal, a->pairs[i].proposal);
    EXPECT_EQ(again->pairs[i].reviewer, a->pairs[i].reviewer);
  }
}

TEST(AssignTest, ExplainsInfeasibilityConcretely) {
  Problem p;
  p.proposals = 2;
  p.reviewers = 3;
  p.k = 2;
  p.max_load = 1;
  p.candidates = {{0, 0, 0.9}, {0, 1, 0.8}, {1, 1, 0.7}, {1, 2, 0.6}};
  p.conflicts = {{0, 1}};
  const auto reasons = Explain(p, {"P-1", "P-2"}, {"R-a", "R-b", "R-c"});
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0], "P-1: 1 conflict-free candidate reviewer(s), 2 needed");
  EXPECT_NE(reasons[1].find("demand 4 reviews"), std::string::npos) << reasons[1];
  auto a = Solve(p);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(a.error().message.find("1 conflict-free candidate"), std::string::npos);

  Problem bad = p;
  bad.min_load = 2;
  EXPECT_EQ(Solve(bad).error().code, ErrorCode::kInvalidArgument);  // min_load > max_load
  bad = p;
  bad.candidates.push_back({0, 0, 0.1});
  EXPECT_EQ(Solve(bad).error().field, "scores");  // a pair twice
  bad = p;
  bad.candidates.push_back({5, 0, 0.1});
  EXPECT_EQ(Solve(bad).error().field, "scores");  // out of range
}

// Everything the engine promises, enumerated: every feasible assignment under all
// constraints (bids, diversity, existing pairs), with the best total value and, for the
// fair mode, the best minimum per-proposal affinity and then the best value among those.
struct Enumerated {
  bool feasible = false;
  double best_value = -1e18;
  double fair_min = -1e18, fair_value = -1e18;
};

Enumerated Enumerate(const Problem& p) {
  const std::set<std::pair<int, int>> conflicts(p.conflicts.begin(), p.conflicts.end());
  const std::set<std::pair<int, int>> existing(p.existing.begin(), p.existing.end());
  std::map<std::pair<int, int>, BidLevel> bids;
  for (const Bid& b : p.bids) bids[{b.proposal, b.reviewer}] = b.level;
  struct Option {
    int reviewer;
    double score, value;
    std::string country;
  };
  std::vector<std::vector<Option>> options(p.proposals);
  for (const Candidate& c : p.candidates) {
    if (conflicts.count({c.proposal, c.reviewer})) continue;
    double value = c.score;
    auto bid = bids.find({c.proposal, c.reviewer});
    const BidLevel level = bid == bids.end() ? BidLevel::kNeutral : bid->second;
    if (level == BidLevel::kNotWilling && p.bid_bonus.not_willing_is == NotWillingIs::kExclusion) {
      continue;
    }
    value += level == BidLevel::kNotWilling ? p.bid_bonus.not_willing
             : level == BidLevel::kWilling  ? p.bid_bonus.willing
             : level == BidLevel::kEager    ? p.bid_bonus.eager
                                            : p.bid_bonus.neutral;
    if (existing.count({c.proposal, c.reviewer})) value += p.move_cost;
    const std::string country = c.reviewer < static_cast<int>(p.reviewer_country.size())
                                    ? p.reviewer_country[c.reviewer]
                                    : "";
    options[c.proposal].push_back({c.reviewer, c.score, value, country});
  }
  auto k_of = [&](int i) {
    return i < static_cast<int>(p.k_of.size()) && p.k_of[i] >= 0 ? p.k_of[i] : p.k;
  };
  Enumerated out;
  std::vector<int> load(p.reviewers, 0);
  std::vector<double> sums(p.proposals, 0);
  std::function<void(int, double)> go = [&](int i, double value) {
    if (i == p.proposals) {
      for (int l : load) {
        if (l < p.min_load) return;
      }
      double lowest = 1e18;
      for (int j = 0; j < p.proposals; ++j) {
        if (k_of(j) > 0) lowest = std::min(lowest, sums[j]);
      }
      if (lowest == 1e18) lowest = 0;
      out.feasible = true;
      out.best_value = std::max(out.best_value, value);
      if (lowest > out.fair_min + 1e-9) {
        out.fair_min = lowest;
        out.fair_value = value;
      } else if (lowest > out.fair_min - 1e-9) {
        out.fair_value = std::max(out.fair_value, value);
      }
      return;
    }
    const auto& opts = options[i];
    const int k = k_of(i);
    std::vector<const Option*> chosen;
    std::function<void(std::size_t, int, double, double)> pick = [&](std::size_t from, int left,
                                                                     double v, double sum) {
      if (left == 0) {
        std::map<std::string, int> per_country;
        int outside = 0;
        const auto& inside = i < static_cast<int>(p.proposal_countries.size())
                                 ? p.proposal_countries[i]
                                 : std::vector<std::string>{};
        for (const Option* o : chosen) {
          if (o->country.empty()) continue;
          ++per_country[o->country];
          if (std::find(inside.begin(), inside.end(), o->country) == inside.end()) ++outside;
        }
        for (const auto& [country, n] : per_country) {
          if (p.max_per_country > 0 && n > p.max_per_country) return;
        }
        if (outside < std::min(p.outside_countries, k)) return;
        sums[i] = sum;
        go(i + 1, v);
        return;
      }
      for (std::size_t j = from; j < opts.size(); ++j) {
        if (load[opts[j].reviewer] >= p.max_load) continue;
        ++load[opts[j].reviewer];
        chosen.push_back(&opts[j]);
        pick(j + 1, left - 1, v + opts[j].value, sum + opts[j].score);
        chosen.pop_back();
        --load[opts[j].reviewer];
      }
    };
    pick(0, k, value, 0);
  };
  go(0, 0);
  return out;
}

// Every constraint of the problem holds in the assignment.
void ExpectMeetsEveryConstraint(const Problem& p, const Assignment& a) {
  const std::set<std::pair<int, int>> conflicts(p.conflicts.begin(), p.conflicts.end());
  std::map<int, int> per_proposal, per_reviewer;
  std::map<std::pair<int, std::string>, int> per_country;
  std::map<int, int> outside;
  std::set<std::pair<int, int>> candidates;
  for (const Candidate& c : p.candidates) candidates.insert({c.proposal, c.reviewer});
  for (const Candidate& c : a.pairs) {
    EXPECT_TRUE(candidates.count({c.proposal, c.reviewer}));
    EXPECT_FALSE(conflicts.count({c.proposal, c.reviewer})) << c.proposal << "/" << c.reviewer;
    for (const Bid& b : p.bids) {
      if (b.proposal == c.proposal && b.reviewer == c.reviewer &&
          p.bid_bonus.not_willing_is == NotWillingIs::kExclusion) {
        EXPECT_NE(b.level, BidLevel::kNotWilling);
      }
    }
    ++per_proposal[c.proposal];
    ++per_reviewer[c.reviewer];
    const std::string country = c.reviewer < static_cast<int>(p.reviewer_country.size())
                                    ? p.reviewer_country[c.reviewer]
                                    : "";
    if (!country.empty()) {
      ++per_country[{c.proposal, country}];
      const auto& inside = c.proposal < static_cast<int>(p.proposal_countries.size())
                               ? p.proposal_countries[c.proposal]
                               : std::vector<std::string>{};
      if (std::find(inside.begin(), inside.end(), country) == inside.end()) ++outside[c.proposal];
    }
  }
  for (int i = 0; i < p.proposals; ++i) {
    const int k = i < static_cast<int>(p.k_of.size()) && p.k_of[i] >= 0 ? p.k_of[i] : p.k;
    EXPECT_EQ(per_proposal[i], k) << "proposal " << i;
    EXPECT_GE(outside[i], std::min(k, p.outside_countries)) << "proposal " << i;
  }
  for (const auto& [key, n] : per_country) {
    if (p.max_per_country > 0) {
      EXPECT_LE(n, p.max_per_country) << key.first << " " << key.second;
    }
  }
  for (int r = 0; r < p.reviewers; ++r) {
    EXPECT_LE(per_reviewer[r], p.max_load);
    EXPECT_GE(per_reviewer[r], p.min_load);
  }
}

// Random bids, countries, diversity limits, k overrides and existing pairs.
Problem RandomWithEverything(std::mt19937& rng) {
  const int proposals = 2 + static_cast<int>(rng() % 3);
  const int reviewers = 3 + static_cast<int>(rng() % 3);
  const int max_load = 1 + static_cast<int>(rng() % 3);
  Problem p = Random(rng, proposals, reviewers, 1 + static_cast<int>(rng() % 2), max_load,
                     std::min(static_cast<int>(rng() % 2), max_load), 0.85, 0.08);
  if (rng() % 3 == 0) {
    p.k_of.assign(proposals, -1);
    p.k_of[rng() % proposals] = static_cast<int>(rng() % 3);
  }
  const char* countries[] = {"JP", "KR", "TH", ""};
  for (int r = 0; r < reviewers; ++r) p.reviewer_country.push_back(countries[rng() % 4]);
  for (int i = 0; i < proposals; ++i) {
    p.proposal_countries.push_back({});
    if (rng() % 2) p.proposal_countries.back().push_back(countries[rng() % 3]);
    if (rng() % 4 == 0) p.proposal_countries.back().push_back(countries[rng() % 3]);
    std::sort(p.proposal_countries.back().begin(), p.proposal_countries.back().end());
    p.proposal_countries.back().erase(
        std::unique(p.proposal_countries.back().begin(), p.proposal_countries.back().end()),
        p.proposal_countries.back().end());
  }
  p.max_per_country = static_cast<int>(rng() % 3);  // 0 = no limit
  p.outside_countries = static_cast<int>(rng() % 3);
  for (const Candidate& c : p.candidates) {
    if (rng() % 3 == 0) {
      p.bids.push_back(
          {c.proposal, c.reviewer, static_cast<BidLevel>(static_cast<int>(rng() % 4) - 1)});
    }
    if (rng() % 4 == 0) p.existing.push_back({c.proposal, c.reviewer});
  }
  p.bid_bonus.not_willing_is = rng() % 2 ? NotWillingIs::kExclusion : NotWillingIs::kPenalty;
  p.bid_bonus.eager = 0.25;
  p.bid_bonus.willing = 0.125;
  p.bid_bonus.not_willing = -0.5;
  p.move_cost = (rng() % 3) * 0.25;
  return p;
}

TEST(AssignTest, BidsDiversityAndMovesOptimalAgainstBruteForce) {
  std::mt19937 rng(61206);
  int solved = 0, infeasible = 0, with_diversity = 0;
  for (int round = 0; round < 400; ++round) {
    const Problem p = RandomWithEverything(rng);
    const Enumerated best = Enumerate(p);
    auto a = Solve(p);
    if (!best.feasible) {
      EXPECT_FALSE(a) << "round " << round << ": solved an infeasible instance";
      if (!a) {
        EXPECT_EQ(a.error().code, ErrorCode::kFailedPrecondition);
      }
      ++infeasible;
      continue;
    }
    ASSERT_TRUE(a) << "round " << round << ": " << a.error().message;
    EXPECT_NEAR(a->objective, best.best_value, 1e-6) << "round " << round;
    ExpectMeetsEveryConstraint(p, *a);
    EXPECT_EQ(a->kept + static_cast<int>(a->dropped.size()), static_cast<int>(p.existing.size()));
    ++solved;
    if (p.max_per_country > 0 || p.outside_countries > 0) ++with_diversity;
  }
  EXPECT_GT(solved, 100);
  EXPECT_GT(infeasible, 20);
  EXPECT_GT(with_diversity, 50);
}

TEST(AssignTest, FairModeReachesTheBruteForceMaxMinThenTheBestTotal) {
  std::mt19937 rng(2019);
  int solved = 0, differs = 0;
  for (int round = 0; round < 150; ++round) {
    const Problem p = RandomWithEverything(rng);
    const Enumerated best = Enumerate(p);
    Options fair;
    fair.mode = Mode::kFair;
    auto a = Solve(p, fair);
    if (!best.feasible) {
      EXPECT_FALSE(a) << "round " << round;
      continue;
    }
    ASSERT_TRUE(a) << "round " << round << ": " << a.error().message;
    EXPECT_NEAR(a->min_proposal_total, best.fair_min, 1e-6) << "round " << round;
    EXPECT_NEAR(a->objective, best.fair_value, 1e-6) << "round " << round;
    ExpectMeetsEveryConstraint(p, *a);
    auto total = Solve(p);
    ASSERT_TRUE(total);
    EXPECT_LE(total->min_proposal_total, a->min_proposal_total + 1e-9);
    EXPECT_GE(total->objective, a->objective - 1e-9);
    if (total->min_proposal_total < a->min_proposal_total - 1e-9) ++differs;
    ++solved;
  }
  EXPECT_GT(solved, 50);
  EXPECT_GT(differs, 0) << "no instance where fairness changes the assignment";
}

TEST(AssignTest, FairModeRaisesTheWorstServedProposal) {
  // The total optimum gives the strong reviewer to p0 (1.0 + 0.0, minimum 0); the fair
  // optimum swaps them (0.2 + 0.5 = 0.7, minimum 0.2).
  Problem p;
  p.proposals = 2;
  p.reviewers = 2;
  p.k = 1;
  p.max_load = 1;
  p.candidates = {{0, 0, 1.0}, {0, 1, 0.2}, {1, 0, 0.5}, {1, 1, 0.0}};
  auto total = Solve(p);
  ASSERT_TRUE(total);
  EXPECT_NEAR(total->total, 1.0, 1e-9);
  EXPECT_NEAR(total->min_proposal_total, 0.0, 1e-9);
  Options fair;
  fair.mode = Mode::kFair;
  auto a = Solve(p, fair);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_NEAR(a->min_proposal_total, 0.2, 1e-9);
  EXPECT_NEAR(a->total, 0.7, 1e-9);
  ASSERT_EQ(a->pairs.size(), 2u);
  EXPECT_EQ(a->pairs[0].reviewer, 1);
  EXPECT_EQ(a->pairs[1].reviewer, 0);
}

TEST(AssignTest, BidsTipTheBalanceOrExclude) {
  Problem p;
  p.proposals = 1;
  p.reviewers = 2;
  p.k = 1;
  p.max_load = 1;
  p.candidates = {{0, 0, 0.50}, {0, 1, 0.48}};
  EXPECT_EQ(Solve(p)->pairs[0].reviewer, 0);
  p.bids = {{0, 1, BidLevel::kEager}};  // 0.48 + 0.1 beats 0.5
  auto a = Solve(p);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->pairs[0].reviewer, 1);
  EXPECT_NEAR(a->total, 0.48, 1e-9);
  EXPECT_NEAR(a->objective, 0.58, 1e-9);
  p.bids = {{0, 0, BidLevel::kNotWilling}, {0, 1, BidLevel::kNotWilling}};
  p.bid_bonus.not_willing_is = NotWillingIs::kExclusion;
  const auto reasons = Explain(p, {"P-1"});
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0],
            "P-1: 0 conflict-free candidate reviewer(s), 1 needed (2 excluded by not-willing "
            "bids)");
  EXPECT_FALSE(Solve(p));
  p.bid_bonus.not_willing_is = NotWillingIs::kPenalty;  // then the lesser evil
  a = Solve(p);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->pairs[0].reviewer, 0);
  p.bids = {{0, 0, BidLevel::kWilling}, {0, 0, BidLevel::kEager}};
  EXPECT_EQ(Solve(p).error().field, "bids");
  p.bids = {{0, 7, BidLevel::kWilling}};
  EXPECT_EQ(Solve(p).error().field, "bids");
}

TEST(AssignTest, DiversityIsMetAndItsInfeasibilityExplained) {
  // Three Japanese reviewers score highest on a Japanese proposal; one Korean is needed.
  Problem p;
  p.proposals = 1;
  p.reviewers = 5;
  p.k = 3;
  p.max_load = 1;
  p.candidates = {{0, 0, 0.9}, {0, 1, 0.8}, {0, 2, 0.7}, {0, 3, 0.2}, {0, 4, 0.1}};
  p.reviewer_country = {"JP", "JP", "JP", "KR", ""};
  p.proposal_countries = {{"JP"}};
  p.outside_countries = 1;
  auto a = Solve(p);
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_EQ(a->pairs.size(), 3u);
  EXPECT_EQ(a->pairs[2].reviewer, 3);  // 0, 1 and the Korean
  p.max_per_country = 1;
  a = Solve(p);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->pairs[0].reviewer, 0);
  EXPECT_EQ(a->pairs[1].reviewer, 3);
  EXPECT_EQ(a->pairs[2].reviewer, 4);  // unknown country counts towards no limit
  p.conflicts = {{0, 3}};
  auto reasons = Explain(p, {"P-1"});
  ASSERT_EQ(reasons.size(), 2u) << reasons[0];
  EXPECT_EQ(reasons[0],
            "P-1: only 2 reviewer(s) can be chosen with at most 1 per country, 3 needed");
  EXPECT_EQ(reasons[1],
            "P-1: 0 conflict-free candidate reviewer(s) from outside the applicants' "
            "countries (JP) counting at most 1 per country, 1 needed");
  auto refused = Solve(p);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("outside the applicants' countries"), std::string::npos);
}

TEST(AssignTest, ReassignmentKeepsPairsUnlessMovingGainsMoreThanTheCost) {
  Problem p;
  p.proposals = 1;
  p.reviewers = 2;
  p.k = 1;
  p.max_load = 1;
  p.candidates = {{0, 0, 0.5}, {0, 1, 0.7}};
  p.existing = {{0, 0}};
  p.move_cost = 0.3;  // moving gains 0.2 < 0.3: kept
  auto a = Solve(p);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kept, 1);
  EXPECT_TRUE(a->dropped.empty());
  EXPECT_EQ(a->pairs[0].reviewer, 0);
  p.move_cost = 0.1;  // gains 0.2 > 0.1: moved
  a = Solve(p);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kept, 0);
  ASSERT_EQ(a->dropped.size(), 1u);
  EXPECT_EQ(a->dropped[0], std::make_pair(0, 0));
  EXPECT_EQ(a->pairs[0].reviewer, 1);
  p.conflicts = {{0, 0}};  // a conflict declared since: dropped whatever the cost
  p.move_cost = 5;
  a = Solve(p);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->dropped.size(), 1u);
  p.existing = {{0, 0}, {0, 0}};
  EXPECT_EQ(Solve(p).error().field, "existing");
}

TEST(AssignTest, SeedsBreakTiesReproduciblyWithoutChangingTheOptimum) {
  Problem p;
  p.proposals = 6;
  p.reviewers = 6;
  p.k = 2;
  p.max_load = 2;
  for (int i = 0; i < 6; ++i) {
    for (int r = 0; r < 6; ++r) p.candidates.push_back({i, r, 0.5});
  }
  auto key = [](const Assignment& a) {
    std::vector<std::pair<int, int>> out;
    for (const Candidate& c : a.pairs) out.emplace_back(c.proposal, c.reviewer);
    return out;
  };
  std::set<std::vector<std::pair<int, int>>> seen;
  for (std::uint64_t seed = 0; seed < 8; ++seed) {
    Options o;
    o.seed = seed;
    auto a = Solve(p, o);
    auto b = Solve(p, o);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(key(*a), key(*b)) << "seed " << seed;
    EXPECT_NEAR(a->total, 6.0, 1e-9);
    ExpectMeetsEveryConstraint(p, *a);
    seen.insert(key(*a));
  }
  EXPECT_GT(seen.size(), 1u) << "seeds never changed the choice among equal optima";
}

TEST(AssignTest, ReportsProgressByPhase) {
  std::mt19937 rng(3);
  Problem p = Random(rng, 30, 20, 2, 5, 0, 0.5, 0.0);
  std::vector<Progress> seen;
  Options o;
  o.progress = [&](const Progress& pr) { seen.push_back(pr); };
  ASSERT_TRUE(Solve(p, o));
  ASSERT_GE(seen.size(), 4u);
  EXPECT_EQ(seen.front().phase, Phase::kBuilding);
  EXPECT_EQ(seen.front().done, 0);
  EXPECT_GT(seen.front().total, 0);
  EXPECT_EQ(seen.back().phase, Phase::kSolving);
  EXPECT_EQ(seen.back().done, seen.back().total);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].elapsed_seconds, seen[i - 1].elapsed_seconds);
  }
  o.mode = Mode::kFair;
  seen.clear();
  ASSERT_TRUE(Solve(p, o));
  EXPECT_EQ(seen.back().done, 3);
  EXPECT_EQ(seen.back().total, 3);
}

TEST(AssignCsvTest, ReadsIdsInOrderAndNamesBadLines) {
  auto named =
      ReadProblem("submission_id,reviewer_id,score\r\ns-2,alice,0.5\ns-1,bob,1e-2\ns-2,bob,0.25\n",
                  "submission_id,reviewer_id\ns-1,bob\ns-9,nobody\n");
  ASSERT_TRUE(named) << named.error().message;
  EXPECT_EQ(named->proposal_ids, (std::vector<std::string>{"s-2", "s-1"}));
  EXPECT_EQ(named->reviewer_ids, (std::vector<std::string>{"alice", "bob"}));
  ASSERT_EQ(named->problem.candidates.size(), 3u);
  EXPECT_DOUBLE_EQ(named->problem.candidates[1].score, 0.01);
  ASSERT_EQ(named->problem.conflicts.size(), 1u);  // the unknown pair cannot be assigned anyway
  EXPECT_EQ(named->problem.conflicts[0], std::make_pair(1, 1));
  auto bad = ReadProblem("submission_id,reviewer_id,score\ns,r,0.1\ns,r,0.2\n", "");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 3"), std::string::npos) << bad.error().message;
  bad = ReadProblem("id,reviewer,score\n", "");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("header"), std::string::npos);
  bad = ReadProblem("submission_id,reviewer_id,score\ns,r\n", "");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2: 3 columns expected"), std::string::npos);
  Problem p = named->problem;
  p.k = 1;
  p.max_load = 1;
  EXPECT_FALSE(Solve(p));  // s-1's only candidate is in conflict
  p.conflicts.clear();
  auto a = Solve(p);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(WriteAssignment(*named, *a),
            "submission_id,reviewer_id,score\ns-1,bob,0.01\ns-2,alice,0.5\n");
}

}  // namespace
}  // namespace asta::assign

namespace asta::assign {
namespace {

TEST(AssignCsvTest, ReadsBidsCountriesProposalsAndExistingPairs) {
  auto named =
      ReadProblem("submission_id,reviewer_id,score\np1,jp1,0.9\np1,kr1,0.5\np2,jp1,0.4\n", "");
  ASSERT_TRUE(named) << named.error().message;
  ASSERT_TRUE(
      ReadBids("submission_id,reviewer_id,bid\np1,jp1,eager\np2,jp1,-1\nzz,jp1,1\n", *named));
  ASSERT_EQ(named->problem.bids.size(), 2u);  // zz is not a submission of the scores
  EXPECT_EQ(named->problem.bids[0].level, BidLevel::kEager);
  EXPECT_EQ(named->problem.bids[1].level, BidLevel::kNotWilling);
  auto bad = ReadBids("submission_id,reviewer_id,bid\np1,jp1,3\n", *named);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("bids line 2"), std::string::npos);
  bad = ReadBids("submission_id,reviewer_id,bid\np1,jp1,1\np1,jp1,2\n", *named);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("already on line 2"), std::string::npos);

  ASSERT_TRUE(ReadReviewers("reviewer_id,country\njp1,jp\nkr1,KR\nnobody,TH\n", *named));
  EXPECT_EQ(named->problem.reviewer_country, (std::vector<std::string>{"JP", "KR"}));
  bad = ReadReviewers("reviewer_id,country\njp1,JPN\n", *named);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("reviewers line 2: country \"JPN\""), std::string::npos);

  ASSERT_TRUE(ReadProposals("submission_id,countries,k\np1,JP; th,2\np2,,\n", *named));
  EXPECT_EQ(named->problem.proposal_countries,
            (std::vector<std::vector<std::string>>{{"JP", "TH"}, {}}));
  EXPECT_EQ(named->problem.k_of, (std::vector<int>{2, -1}));
  ASSERT_TRUE(ReadProposals("submission_id,countries\np2,KR\n", *named));  // k column optional
  EXPECT_EQ(named->problem.proposal_countries[1], (std::vector<std::string>{"KR"}));
  bad = ReadProposals("submission_id,countries,k\np1,JP,many\n", *named);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("proposals line 2: k"), std::string::npos);

  auto unknown =
      ReadExisting("submission_id,reviewer_id,score\np1,kr1,0.5\np2,kr1,0.3\np7,jp1,0.1\n", *named);
  ASSERT_TRUE(unknown) << unknown.error().message;
  EXPECT_EQ(*unknown, 1);  // p7 is not in the scores
  EXPECT_EQ(named->problem.existing, (std::vector<std::pair<int, int>>{{0, 1}, {1, 1}}));
  ASSERT_EQ(named->problem.candidates.size(), 4u);  // p2,kr1 was not a candidate: added
  EXPECT_DOUBLE_EQ(named->problem.candidates[3].score, 0.3);
}

}  // namespace
}  // namespace asta::assign
