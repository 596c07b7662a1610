// Scoring: determinism, recency, aggregation, phrases, Japanese, top-N, bad options.
#include "engines/affinity/affinity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace asta::affinity {
namespace {

Document Doc(std::string id, std::string title, std::string abstract,
             std::optional<int> year = std::nullopt) {
  Document d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.abstract = std::move(abstract);
  d.year = year;
  return d;
}

// Six reviewers in three fields, two submissions per field.
struct Fixture {
  std::vector<Document> submissions;
  std::vector<Reviewer> reviewers;
  Fixture() {
    reviewers = {
        {"ml-a",
         {Doc("1", "Graph neural networks for molecule property prediction",
              "We train message passing neural networks on molecular graphs.", 2022),
          Doc("2", "Contrastive learning of graph representations",
              "Self-supervised pretraining of graph encoders improves transfer.", 2020)},
         {}},
        {"ml-b",
         {Doc("3", "Transformers for long document classification",
              "Sparse attention lets transformer language models read long texts.", 2023)},
         {"natural language processing"}},
        {"geo-a",
         {Doc("4", "Seismic hazard assessment of subduction zone earthquakes",
              "Ground motion models and fault rupture scenarios for megathrust events.", 2019),
          Doc("5", "Tsunami inundation modelling on coastal plains",
              "Numerical simulation of tsunami run-up with high resolution topography.", 2021)},
         {}},
        {"geo-b",
         {Doc("6", "Landslide susceptibility mapping with remote sensing",
              "Rainfall-induced slope failures detected from satellite imagery.", 2018)},
         {}},
        {"bio-a",
         {Doc("7", "CRISPR screens reveal regulators of T cell exhaustion",
              "Genome-wide knockout screens in primary human T cells.", 2021)},
         {}},
        {"empty", {}, {}},
    };
    submissions = {
        Doc("s1", "Message passing neural networks for predicting molecular properties",
            "Graph neural networks learn molecular representations for property prediction."),
        Doc("s2", "Earthquake ground motion prediction for subduction zones",
            "We assess seismic hazard from megathrust earthquake rupture scenarios."),
        Doc("s3", "Genome-wide CRISPR knockout screening in T cells",
            "Regulators of exhaustion in human T cells identified by CRISPR screens."),
    };
  }
};

std::map<std::pair<std::string, std::string>, double> ById(const Fixture& f,
                                                           const std::vector<Score>& scores) {
  std::map<std::pair<std::string, std::string>, double> out;
  for (const Score& s : scores) {
    out[{f.submissions[static_cast<std::size_t>(s.submission)].id,
         f.reviewers[static_cast<std::size_t>(s.reviewer)].id}] = s.score;
  }
  return out;
}

int Best(const std::vector<Score>& scores, int submission) {
  int best = -1;
  double top = -1;
  for (const Score& s : scores) {
    if (s.submission == submission && s.score > top) {
      top = s.score;
      best = s.reviewer;
    }
  }
  return best;
}

TEST(Compute, EveryPairInRangeAndTheRightReviewerFirst) {
  Fixture f;
  auto scores = Compute(f.submissions, f.reviewers);
  ASSERT_TRUE(scores) << scores.error().ToString();
  ASSERT_EQ(scores->size(), f.submissions.size() * f.reviewers.size());
  for (std::size_t i = 0; i < scores->size(); ++i) {
    EXPECT_EQ((*scores)[i].submission, static_cast<int>(i / f.reviewers.size()));
    EXPECT_EQ((*scores)[i].reviewer, static_cast<int>(i % f.reviewers.size()));
    EXPECT_GE((*scores)[i].score, 0.0);
    EXPECT_LE((*scores)[i].score, 1.0);
  }
  EXPECT_EQ(Best(*scores, 0), 0);  // ml-a
  EXPECT_EQ(Best(*scores, 1), 2);  // geo-a
  EXPECT_EQ(Best(*scores, 2), 4);  // bio-a
  const auto by_id = ById(f, *scores);
  for (const auto& s : f.submissions) EXPECT_EQ((by_id.at({s.id, "empty"})), 0.0);
  EXPECT_EQ((by_id.at({"s3", "geo-b"})), 0.0);
}

TEST(Compute, DeterministicAcrossRunsThreadsAndReviewerOrder) {
  Fixture f;
  auto a = Compute(f.submissions, f.reviewers);
  auto b = Compute(f.submissions, f.reviewers);
  Options one;
  one.threads = 1;
  auto c = Compute(f.submissions, f.reviewers, one);
  ASSERT_TRUE(a && b && c);
  ASSERT_EQ(a->size(), b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].score, (*b)[i].score);
    EXPECT_EQ((*a)[i].score, (*c)[i].score);
  }
  Fixture reversed;
  std::reverse(reversed.reviewers.begin(), reversed.reviewers.end());
  auto d = Compute(reversed.submissions, reversed.reviewers);
  ASSERT_TRUE(d);
  EXPECT_EQ(ById(f, *a), ById(reversed, *d));  // bit for bit, by id
}

TEST(Compute, RecentPapersCountMore) {
  const std::vector<Document> subs = {
      Doc("s", "Quantum error correction with surface codes", "Decoding surface codes.")};
  Reviewer recent{"recent",
                  {Doc("p", "Surface code decoders for quantum error correction",
                       "Fast decoding of surface codes.", 2024)},
                  {}};
  Reviewer old = recent;
  old.id = "old";
  old.papers[0].year = 2004;
  Reviewer filler{"filler", {Doc("q", "Ocean acidification", "Coral reefs.", 2024)}, {}};
  auto scores = Compute(subs, {recent, old, filler});
  ASSERT_TRUE(scores);
  EXPECT_GT((*scores)[0].score, (*scores)[1].score);
  EXPECT_GT((*scores)[1].score, 0.0);
  Options off;
  off.recency_half_life = 0;
  auto flat = Compute(subs, {recent, old, filler}, off);
  ASSERT_TRUE(flat);
  EXPECT_EQ((*flat)[0].score, (*flat)[1].score);
}

TEST(Compute, UnrelatedPapersDoNotDiluteAndMoreRelevantPapersHelp) {
  const std::vector<Document> subs = {
      Doc("s", "Lithium metal anodes for solid state batteries",
          "Dendrite suppression at the lithium anode and solid electrolyte interface.")};
  const Document relevant = Doc("r1", "Solid electrolyte interphase on lithium metal anodes",
                                "Dendrite growth in solid state batteries.", 2022);
  const Document relevant2 =
      Doc("r2", "Sulfide solid electrolytes for lithium batteries",
          "Ionic conductivity of solid electrolyte and anode interface.", 2022);
  std::vector<Document> unrelated;
  const char* topics[] = {"Medieval manuscripts",    "Bird migration",  "Jazz harmony",
                          "Volcanic ash dispersion", "Monetary policy", "Glacier retreat"};
  for (int i = 0; i < 6; ++i) {
    unrelated.push_back(Doc("u" + std::to_string(i), topics[i], "An unrelated subject.", 2022));
  }
  Reviewer focused{"focused", {relevant}, {}};
  Reviewer broad{"broad", {relevant}, {}};
  broad.papers.insert(broad.papers.end(), unrelated.begin(), unrelated.end());
  Reviewer deep{"deep", {relevant, relevant2}, {}};
  deep.papers.insert(deep.papers.end(), unrelated.begin(), unrelated.end());
  Options papers_only;  // the soft top-k alone, without the whole-profile share
  papers_only.profile_weight = 0;
  auto scores = Compute(subs, {focused, broad, deep}, papers_only);
  ASSERT_TRUE(scores);
  // With k = 3 and three or more papers, a reviewer's score is the weighted mean of their
  // best three: unrelated papers beyond those do not dilute it further.
  Reviewer broader = broad;
  broader.papers.insert(broader.papers.end(), unrelated.begin(), unrelated.end());
  auto more = Compute(subs, {focused, broader, deep}, papers_only);
  ASSERT_TRUE(more);
  EXPECT_GT((*scores)[2].score, (*scores)[1].score);  // two relevant papers beat one
  EXPECT_GT((*scores)[0].score, (*scores)[1].score);  // a focused profile beats a diluted one
  EXPECT_NEAR((*more)[1].score, (*scores)[1].score, 0.05);
  Options max_only = papers_only;
  max_only.aggregate_top = 1;
  auto best = Compute(subs, {focused, broad, deep}, max_only);
  ASSERT_TRUE(best);
  EXPECT_NEAR((*best)[0].score, (*best)[1].score, 1e-6);  // the best paper alone decides
  // The whole-profile share rewards a reviewer whose papers keep to the subject.
  auto mixed = Compute(subs, {focused, broad, deep});
  ASSERT_TRUE(mixed);
  EXPECT_GT((*mixed)[0].score, (*mixed)[1].score);
  EXPECT_GT((*mixed)[2].score, (*mixed)[1].score);
}

TEST(Compute, PhrasesCountBeyondTheirWords) {
  const std::vector<Document> subs = {
      Doc("s", "Machine translation", "Neural machine translation of low resource languages.")};
  Reviewer phrase{"phrase",
                  {Doc("a", "Machine translation for low resource languages",
                       "Translation systems and the machine.", 2020)},
                  {}};
  Reviewer words{"words",
                 {Doc("b", "Translation of the machine for low resource languages",
                      "Machine systems and translation.", 2020)},
                 {}};
  Reviewer other{"other", {Doc("c", "Coral reef ecology", "Reef fish.", 2020)}, {}};
  auto scores = Compute(subs, {phrase, words, other});
  ASSERT_TRUE(scores);
  EXPECT_GT((*scores)[0].score, (*scores)[1].score);
  Options no_phrases;
  no_phrases.phrase_weight = 0;
  auto flat = Compute(subs, {phrase, words, other}, no_phrases);
  ASSERT_TRUE(flat);
  EXPECT_NEAR((*flat)[0].score, (*flat)[1].score, 1e-6);
}

TEST(Compute, JapaneseQueryFindsJapaneseProfile) {
  const std::vector<Document> subs = {Doc("s", "深層学習による医用画像の病変検出",
                                          "畳み込みニューラルネットワークを用いて"
                                          "CT画像から肺の病変を自動検出する。")};
  Reviewer ml{"ml",
              {Doc("a", "畳み込みニューラルネットワークによる医用画像診断",
                   "深層学習を用いてCT画像とMRI画像の病変を検出する手法を開発した。", 2022)},
              {}};
  Reviewer quake{"quake",
                 {Doc("b", "南海トラフ地震の津波浸水予測",
                      "数値シミュレーションにより沿岸部の津波浸水域を予測した。", 2022)},
                 {}};
  Reviewer english{"english",
                   {Doc("c", "Lesion detection in CT images with deep learning",
                        "Convolutional networks for medical image analysis.", 2022)},
                   {}};
  auto scores = Compute(subs, {quake, english, ml});
  ASSERT_TRUE(scores);
  EXPECT_GT((*scores)[2].score, 0.1);
  EXPECT_GT((*scores)[2].score, (*scores)[0].score);
  EXPECT_GT((*scores)[2].score, (*scores)[1].score);
}

TEST(Compute, TopNKeepsTheBestInOrderAndFillsWithZeros) {
  Fixture f;
  auto all = Compute(f.submissions, f.reviewers);
  Options top;
  top.top = 2;
  auto best = Compute(f.submissions, f.reviewers, top);
  ASSERT_TRUE(all && best);
  ASSERT_EQ(best->size(), f.submissions.size() * 2);
  for (int s = 0; s < static_cast<int>(f.submissions.size()); ++s) {
    std::vector<Score> row;
    for (const Score& x : *all) {
      if (x.submission == s) row.push_back(x);
    }
    std::sort(row.begin(), row.end(), [](const Score& a, const Score& b) {
      return a.score != b.score ? a.score > b.score : a.reviewer < b.reviewer;
    });
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ((*best)[static_cast<std::size_t>(s * 2 + i)].reviewer,
                row[static_cast<std::size_t>(i)].reviewer);
      EXPECT_EQ((*best)[static_cast<std::size_t>(s * 2 + i)].score,
                row[static_cast<std::size_t>(i)].score);
    }
  }
  top.top = 100;  // more than there are reviewers: every reviewer once, zeros included
  auto capped = Compute(f.submissions, f.reviewers, top);
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->size(), f.submissions.size() * f.reviewers.size());
}

TEST(Compute, BadOptionsAndEmptyInputs) {
  Fixture f;
  Options o;
  o.top = -1;
  auto r = Compute(f.submissions, f.reviewers, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "top");
  o = Options{};
  o.threads = 0;
  EXPECT_FALSE(Compute(f.submissions, f.reviewers, o));
  o = Options{};
  o.aggregate_top = 0;
  EXPECT_FALSE(Compute(f.submissions, f.reviewers, o));
  auto none = Compute({}, f.reviewers);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto nobody = Compute(f.submissions, {});
  ASSERT_TRUE(nobody);
  EXPECT_TRUE(nobody->empty());
}

TEST(Baseline, ScoresEveryPairAndFindsTheObviousReviewer) {
  Fixture f;
  const auto scores = BaselineTfidfCosine(f.submissions, f.reviewers);
  ASSERT_EQ(scores.size(), f.submissions.size() * f.reviewers.size());
  EXPECT_EQ(Best(scores, 1), 2);
  EXPECT_EQ(Best(scores, 2), 4);
}

}  // namespace
}  // namespace asta::affinity
