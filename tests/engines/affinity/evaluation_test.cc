// The affinity evaluation (evaluation.h): the engine against plain TF-IDF cosine on two
// gold-style sets built differently; figures printed, recorded in docs/review.md.
#include "evaluation.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace asta::affinity::eval {
namespace {

struct Figures {
  double method, baseline;
};

Figures Evaluate(const GoldSet& set, bool ablations) {
  auto scores = Compute(set.submissions, set.reviewers);
  EXPECT_TRUE(scores) << scores.error().ToString();
  if (!scores) return {1, 1};
  const double method = Loss(set, *scores);
  const double baseline = Loss(set, BaselineTfidfCosine(set.submissions, set.reviewers));
  std::size_t papers = 0;
  for (const auto& r : set.reviewers) papers += r.papers.size();
  std::printf(
      "[%s] %zu reviewers, %zu papers, %zu submissions, %zu ratings: loss %.4f "
      "(baseline TF-IDF cosine %.4f)\n",
      set.name.c_str(), set.reviewers.size(), papers, set.submissions.size(), set.ratings.size(),
      method, baseline);
  if (ablations) {
    auto variant = [&](const char* name, auto change) {
      Options o;
      change(o);
      auto s = Compute(set.submissions, set.reviewers, o);
      if (s) std::printf("[%s]   %-28s loss %.4f\n", set.name.c_str(), name, Loss(set, *s));
    };
    variant("papers only (profile 0)", [](Options& o) { o.profile_weight = 0; });
    variant("profile weight 0.5", [](Options& o) { o.profile_weight = 0.5; });
    variant("profile only (1)", [](Options& o) { o.profile_weight = 1; });
    variant("best paper only (k=1)", [](Options& o) { o.aggregate_top = 1; });
    variant("soft top-5", [](Options& o) { o.aggregate_top = 5; });
    variant("mean of all papers (k=100)", [](Options& o) { o.aggregate_top = 100; });
    variant("no phrases", [](Options& o) { o.phrase_weight = 0; });
    variant("no recency", [](Options& o) { o.recency_half_life = 0; });
    variant("title weight 1", [](Options& o) { o.title_weight = 1; });
    variant("max_df 1 (off)", [](Options& o) { o.max_df = 1; });
    variant("max_df 0.15", [](Options& o) { o.max_df = 0.15; });
  }
  return {method, baseline};
}

TEST(AffinityEvaluation, ConstructedSetBeatsTfidfBaseline) {
  const GoldSet set = ConstructedSet();
  ASSERT_GT(set.ratings.size(), 400u);
  const Figures f = Evaluate(set, true);
  EXPECT_LT(f.method, f.baseline - 0.01);
  EXPECT_LT(f.method, 0.055);
}

TEST(AffinityEvaluation, EuCallSetCloseToTfidfBaseline) {
  const std::string path =
      std::string(ASTA_SHARED_DATA_DIR) + "/eu-calls/eu_ft_call_topics.jsonl.gz";
  const GoldSet set = EuCallSet(path);
  if (set.reviewers.empty()) GTEST_SKIP() << "no EU call topics at " << path;
  ASSERT_GT(set.ratings.size(), 300u);
  const Figures f = Evaluate(set, true);
  // Not better than the baseline here (docs/review.md): raw, unstemmed term counts of
  // the concatenated topics suit these long, formulaic texts. Within 0.01 of it.
  EXPECT_LT(f.method, f.baseline + 0.01);
  EXPECT_LT(f.method, 0.14);
}

TEST(AffinityEvaluation, LossCountsGapWeightedInversionsAndHalfTies) {
  GoldSet set;
  set.reviewers.resize(2);
  set.submissions.resize(3);
  // Reviewer 0 rates s0=5, s1=3, s2=0; reviewer 1 rates s0=1, s1=0.
  set.ratings = {{0, 0, 5}, {0, 1, 3}, {0, 2, 0}, {1, 0, 1}, {1, 1, 0}};
  std::vector<Score> scores(6);
  for (int s = 0; s < 3; ++s) {
    for (int r = 0; r < 2; ++r) scores[static_cast<std::size_t>(s * 2 + r)] = {s, r, 0};
  }
  auto at = [&](int s, int r) -> double& {
    return scores[static_cast<std::size_t>(s * 2 + r)].score;
  };
  at(0, 0) = 0.9, at(1, 0) = 0.5, at(2, 0) = 0.1, at(0, 1) = 0.2, at(1, 1) = 0.3;
  // Reviewer 0 perfect (weights 2 + 5 + 3), reviewer 1 inverted (weight 1).
  EXPECT_DOUBLE_EQ(Loss(set, scores), 1.0 / 11.0);
  at(1, 0) = 0.1;  // s1 ties s2 (gap 3): half of 3
  EXPECT_DOUBLE_EQ(Loss(set, scores), (1.0 + 1.5) / 11.0);
  at(0, 0) = 0.0;  // s0 now below s1 (tied at 0.1? no: 0.0 < 0.1): gap 2 and 5 wrong
  EXPECT_DOUBLE_EQ(Loss(set, scores), (1.0 + 1.5 + 2.0 + 5.0) / 11.0);
}

}  // namespace
}  // namespace asta::affinity::eval
