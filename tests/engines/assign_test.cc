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
