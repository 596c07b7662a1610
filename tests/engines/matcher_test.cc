// The name engine's scorer and index: part alignment (order, initials, joined parts,
// typos, phonetic keys, skeletons, legal forms, stop words), rarity weights, the
// explanation, candidate generation, best match per entity, determinism and
// thread-safety. Scorer rules are checked on hand-built readings (no analyzer involved)
// and again end to end through ScorePair and Index::Search.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>
#include <thread>
#include <vector>

#include "engines/names/names.h"
#include "engines/names/scorer_core.h"

namespace asta::names {
namespace {

using internal::PreparedReading;
using internal::WeightedToken;

struct Part {
  const char* key;
  TokenRole role = TokenRole::kName;
  float weight = 1.0f;
  const char* phonetic = nullptr;
  const char* skeleton = nullptr;
};

// A reading built by hand, prepared the way the scorer prepares the analyzer's.
PreparedReading Hand(std::initializer_list<Part> parts, const char* label = "latin") {
  Reading reading;
  reading.label = label;
  std::vector<float> weights;
  for (const Part& p : parts) {
    Token t;
    t.key = p.key;
    t.phonetic = p.phonetic != nullptr ? p.phonetic : p.key;
    t.skeleton = p.skeleton != nullptr ? p.skeleton : "";
    t.written = p.key;
    t.role = p.role;
    reading.tokens.push_back(t);
    weights.push_back(p.weight);
  }
  struct Context {
    const std::vector<float>* weights;
    std::size_t next = 0;
  } context{&weights};
  auto weigh = [](const Token&, const void* c) {
    auto* ctx = static_cast<Context*>(const_cast<void*>(c));
    return (*ctx->weights)[ctx->next++];
  };
  return internal::Prepare(reading, weigh, &context);
}

double Score(const PreparedReading& a, const PreparedReading& b,
             std::vector<PartMatch>* parts = nullptr) {
  return internal::ScoreReadings(a, b, parts);
}

const PartMatch* FindHow(const std::vector<PartMatch>& parts, MatchHow how) {
  for (const PartMatch& p : parts) {
    if (p.how == how) return &p;
  }
  return nullptr;
}

TEST(EditDistance, CountsEditsAndTranspositions) {
  EXPECT_EQ(internal::EditDistance("scholz", "scholz", 3), 0);
  EXPECT_EQ(internal::EditDistance("scholz", "scholze", 3), 1);
  EXPECT_EQ(internal::EditDistance("scholz", "schulze", 3), 2);
  EXPECT_EQ(internal::EditDistance("tayota", "toyota", 3), 1);
  // One transposition is one edit.
  EXPECT_EQ(internal::EditDistance("ivan", "ivna", 3), 1);
  EXPECT_EQ(internal::EditDistance("", "abc", 3), 3);
  // Past the limit it stops and says limit + 1.
  EXPECT_EQ(internal::EditDistance("abcdefgh", "zyxwvuts", 2), 3);
}

TEST(EditDistance, ToleranceGrowsWithLength) {
  EXPECT_EQ(internal::Tolerance(3), 0);
  EXPECT_EQ(internal::Tolerance(5), 1);
  EXPECT_EQ(internal::Tolerance(8), 2);
  EXPECT_EQ(internal::Tolerance(12), 2);
  EXPECT_EQ(internal::Tolerance(14), 3);
}

TEST(Scorer, IdenticalReadingsScoreOne) {
  auto a = Hand({{"olaf"}, {"scholz"}});
  EXPECT_DOUBLE_EQ(Score(a, a), 1.0);
}

TEST(Scorer, OrderDoesNotMatter) {
  EXPECT_DOUBLE_EQ(Score(Hand({{"olaf"}, {"scholz"}}), Hand({{"scholz"}, {"olaf"}})), 1.0);
}

TEST(Scorer, UnrelatedReadingsScoreZero) {
  EXPECT_DOUBLE_EQ(Score(Hand({{"olaf"}, {"scholz"}}), Hand({{"angela"}, {"merkel"}})), 0.0);
}

TEST(Scorer, TypoWithinToleranceIsFuzzy) {
  std::vector<PartMatch> parts;
  double s = Score(Hand({{"olaf"}, {"scholze"}}), Hand({{"olaf"}, {"scholz"}}), &parts);
  EXPECT_GT(s, 0.85);
  EXPECT_LT(s, 1.0);
  const PartMatch* fuzzy = FindHow(parts, MatchHow::kFuzzy);
  ASSERT_NE(fuzzy, nullptr);
  EXPECT_EQ(fuzzy->query_part, "scholze");
  EXPECT_EQ(fuzzy->candidate_part, "scholz");
  EXPECT_NEAR(fuzzy->similarity, 1.0 - 1.0 / 7.0, 1e-6);
}

TEST(Scorer, TooManyEditsPairOnlyWeakly) {
  // Three edits in six letters is past the tolerance: the parts are not a spelling
  // variant, only alike, and the pair scores far below a typo.
  std::vector<PartMatch> parts;
  double s = Score(Hand({{"olaf"}, {"schmid"}}), Hand({{"olaf"}, {"scholz"}}), &parts);
  EXPECT_EQ(FindHow(parts, MatchHow::kFuzzy), nullptr);
  const PartMatch* weak = FindHow(parts, MatchHow::kWeak);
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ(weak->query_part, "schmid");
  EXPECT_EQ(weak->candidate_part, "scholz");
  EXPECT_LT(weak->similarity, 0.5);
  EXPECT_LT(s, 0.6);
  double typo = Score(Hand({{"olaf"}, {"scholze"}}), Hand({{"olaf"}, {"scholz"}}));
  EXPECT_GT(typo, s + 0.2);
}

TEST(Scorer, UnalikePartsStayApart) {
  // More than half the letters differ: no pairing at all.
  std::vector<PartMatch> parts;
  Score(Hand({{"olaf"}, {"merkel"}}), Hand({{"olaf"}, {"scholz"}}), &parts);
  EXPECT_EQ(FindHow(parts, MatchHow::kWeak), nullptr);
  EXPECT_NE(FindHow(parts, MatchHow::kMissing), nullptr);
  EXPECT_NE(FindHow(parts, MatchHow::kExtra), nullptr);
}

TEST(Scorer, WeakPairingRanksTheNearerName) {
  // "Jafia" is two typos from "Jafari": the name with it outranks the name without.
  double near = Score(Hand({{"jafia"}, {"milad"}}), Hand({{"jafari"}, {"milad"}}));
  double far = Score(Hand({{"jafia"}, {"milad"}}), Hand({{"karimi"}, {"milad"}}));
  EXPECT_GT(near, far);
  EXPECT_LT(near, DefaultThreshold());
}

TEST(Scorer, WeakPairingOnlyBetweenLatinSpellings) {
  // Across a transliteration the readings are not spellings of each other.
  std::vector<PartMatch> parts;
  Score(Hand({{"olaf"}, {"schmid"}}, "ru-latin"), Hand({{"olaf"}, {"scholz"}}), &parts);
  EXPECT_EQ(FindHow(parts, MatchHow::kWeak), nullptr);
}

TEST(Scorer, ShortPartsNeedExactKeys) {
  // "kim"/"lim" is one edit, but three letters tolerate none: not a spelling variant.
  std::vector<PartMatch> parts;
  double s = Score(Hand({{"kim"}, {"jong"}}), Hand({{"lim"}, {"jong"}}), &parts);
  EXPECT_EQ(FindHow(parts, MatchHow::kFuzzy), nullptr);
  EXPECT_LT(s, DefaultThreshold());
}

TEST(Scorer, PhoneticKeysMeet) {
  std::vector<PartMatch> parts;
  double s = Score(Hand({{"vladimir", TokenRole::kName, 1, "bradimir"}}),
                   Hand({{"wladimir", TokenRole::kName, 1, "bradimir"}}), &parts);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].how, MatchHow::kPhonetic);
  EXPECT_NEAR(s, 0.95, 1e-6);
}

TEST(Scorer, InitialMeetsFullName) {
  std::vector<PartMatch> parts;
  double s = Score(Hand({{"j"}, {"smith"}}), Hand({{"john"}, {"smith"}}), &parts);
  const PartMatch* initial = FindHow(parts, MatchHow::kInitial);
  ASSERT_NE(initial, nullptr);
  EXPECT_EQ(initial->query_part, "j");
  EXPECT_EQ(initial->candidate_part, "john");
  EXPECT_GT(s, 0.8);
  // A different initial does not.
  parts.clear();
  Score(Hand({{"k"}, {"smith"}}), Hand({{"john"}, {"smith"}}), &parts);
  EXPECT_EQ(FindHow(parts, MatchHow::kInitial), nullptr);
}

TEST(Scorer, RunOfInitialsMeetsSeveralParts) {
  std::vector<PartMatch> parts;
  Score(Hand({{"jrr"}, {"tolkien"}}), Hand({{"john"}, {"ronald"}, {"reuel"}, {"tolkien"}}), &parts);
  const PartMatch* initial = FindHow(parts, MatchHow::kInitial);
  ASSERT_NE(initial, nullptr);
  EXPECT_EQ(initial->query_part, "jrr");
  EXPECT_EQ(initial->candidate_part, "john ronald reuel");
}

TEST(Scorer, JoinedAndSplitParts) {
  std::vector<PartMatch> parts;
  double joined =
      Score(Hand({{"abdul"}, {"rahman"}, {"hassan"}}), Hand({{"abdulrahman"}, {"hassan"}}), &parts);
  const PartMatch* j = FindHow(parts, MatchHow::kJoined);
  ASSERT_NE(j, nullptr);
  EXPECT_EQ(j->query_part, "abdul rahman");
  EXPECT_EQ(j->candidate_part, "abdulrahman");
  EXPECT_DOUBLE_EQ(joined, 1.0);
  // And the other way round.
  EXPECT_DOUBLE_EQ(Score(Hand({{"alqaida"}}), Hand({{"al"}, {"qaida"}})), 1.0);
}

TEST(Scorer, SkeletonsMeetOnlyWithAnAbjadReading) {
  auto arabic = Hand({{"mhmd", TokenRole::kName, 1, "mhmd", "mhmd"}}, "ar-latin");
  auto latin = Hand({{"muhammad", TokenRole::kName, 1, "muhamad", "mhmd"}}, "latin");
  auto latin_other = Hand({{"mahmud", TokenRole::kName, 1, "mahmud", "mhmd"}}, "latin");
  EXPECT_GT(Score(arabic, latin), 0.7);
  // Two Latin spellings with one skeleton are not thereby the same name.
  EXPECT_EQ(Score(latin_other, latin), 0.0);
}

TEST(Scorer, CrossScriptMatchesAreLessCertain) {
  auto korean = Hand({{"kim"}, {"jong"}, {"sik"}}, "ko-hangul");
  auto latin = Hand({{"kim"}, {"jong"}, {"sik"}}, "latin");
  double cross = Score(korean, latin);
  EXPECT_LT(cross, 1.0);
  EXPECT_NEAR(cross, internal::CrossScriptFactor("ko-hangul", "latin"), 1e-9);
  EXPECT_DOUBLE_EQ(Score(korean, Hand({{"kim"}, {"jong"}, {"sik"}}, "ko-hangul-rr")), 1.0);
  EXPECT_DOUBLE_EQ(internal::CrossScriptFactor("ru-latin", "latin"), 1.0);
}

TEST(Scorer, OrganisationTermsMeetByConcept) {
  std::vector<PartMatch> parts;
  double s = Score(Hand({{"tokyo"}, {"university", TokenRole::kOrgTerm, 0.5f}}),
                   Hand({{"university", TokenRole::kOrgTerm, 0.5f}}, "org-lexicon"), &parts);
  const PartMatch* term = FindHow(parts, MatchHow::kOrgTerm);
  ASSERT_NE(term, nullptr);
  EXPECT_GT(s, 0.0);
  // Different concepts never meet, however close their keys.
  parts.clear();
  Score(Hand({{"institute", TokenRole::kOrgTerm}}), Hand({{"institut", TokenRole::kOrgTerm}}),
        &parts);
  EXPECT_EQ(FindHow(parts, MatchHow::kOrgTerm), nullptr);
  EXPECT_EQ(FindHow(parts, MatchHow::kFuzzy), nullptr);
}

TEST(Scorer, LegalFormsWeighLittle) {
  const float lf = internal::RoleFactor(TokenRole::kLegalForm);
  auto with_ag = Hand({{"siemens"}, {"ag", TokenRole::kLegalForm, lf}});
  auto with_gmbh = Hand({{"siemens"}, {"gmbh", TokenRole::kLegalForm, lf}});
  auto without = Hand({{"siemens"}});
  // A missing legal form does not matter.
  EXPECT_DOUBLE_EQ(Score(with_ag, without), 1.0);
  EXPECT_DOUBLE_EQ(Score(with_ag, with_ag), 1.0);
  // A differing one costs a little, and is reported as a legal-form part.
  std::vector<PartMatch> parts;
  double differing = Score(with_ag, with_gmbh, &parts);
  EXPECT_LT(differing, 1.0);
  EXPECT_GT(differing, 0.85);
  const PartMatch* legal = FindHow(parts, MatchHow::kLegalForm);
  ASSERT_NE(legal, nullptr);
  EXPECT_LT(legal->similarity, 1.0);
  EXPECT_LT(legal->weight, 0.2);
}

TEST(Scorer, StopWordsWeighNearlyNothing) {
  const float stop = internal::RoleFactor(TokenRole::kStop);
  double s = Score(Hand({{"mr", TokenRole::kStop, stop}, {"recep"}, {"erdogan"}}),
                   Hand({{"recep"}, {"erdogan"}}));
  EXPECT_GT(s, 0.98);
}

TEST(Scorer, RarePartsOutweighCommonOnes) {
  // Sharing the rare part scores above sharing the common one.
  auto query = Hand({{"mohammed", TokenRole::kName, 0.4f}, {"stanekzai", TokenRole::kName, 1.0f}});
  double rare = Score(
      query, Hand({{"ahmad", TokenRole::kName, 0.4f}, {"stanekzai", TokenRole::kName, 1.0f}}));
  double common = Score(
      query, Hand({{"mohammed", TokenRole::kName, 0.4f}, {"karimi", TokenRole::kName, 1.0f}}));
  EXPECT_GT(rare, common);
}

TEST(Scorer, DroppedPartsCostLessThanDifferentParts) {
  auto full = Hand({{"mohammed"}, {"qasim"}, {"mir"}, {"wali"}, {"khudai"}, {"rahim"}});
  double dropped = Score(Hand({{"mohammed"}, {"mir"}, {"wali"}, {"rahim"}}), full);
  double swapped =
      Score(Hand({{"mohammed"}, {"qasim"}, {"mir"}, {"abdul"}, {"khudai"}, {"rahim"}}), full);
  EXPECT_GT(dropped, DefaultThreshold());
  EXPECT_LT(swapped, DefaultThreshold());
}

TEST(Scorer, OneSharedPartIsNotAShortenedName) {
  // "John" fully covers the one-part name but is little evidence.
  EXPECT_LT(Score(Hand({{"john"}, {"wilson"}}), Hand({{"john"}})), DefaultThreshold());
}

TEST(Scorer, FatherAndSonSwappedScoreLower) {
  auto a = Hand({{"ahmad"}, {"bin"}, {"hasan"}, {"alubaidi"}});
  auto b = Hand({{"hasan"}, {"bin"}, {"ahmad"}, {"alubaidi"}});
  EXPECT_LT(Score(a, b), DefaultThreshold());
  EXPECT_DOUBLE_EQ(Score(a, a), 1.0);
}

TEST(Scorer, ParticleSpellingsMeet) {
  std::vector<PartMatch> parts;
  double s =
      Score(Hand({{"osama"}, {"bin"}, {"laden"}}), Hand({{"osama"}, {"ibn"}, {"laden"}}), &parts);
  EXPECT_GT(s, 0.95);
  EXPECT_EQ(FindHow(parts, MatchHow::kMissing), nullptr);
}

TEST(Scorer, ExplanationWeightsAddUpToOne) {
  std::vector<PartMatch> parts;
  Score(Hand({{"j"}, {"ronald"}, {"smith"}, {"jr"}}), Hand({{"john"}, {"smyth"}, {"baker"}}),
        &parts);
  double total = 0;
  for (const PartMatch& p : parts) {
    EXPECT_GE(p.similarity, 0.0);
    EXPECT_LE(p.similarity, 1.0);
    total += p.weight;
    if (p.how == MatchHow::kMissing) {
      EXPECT_TRUE(p.candidate_part.empty());
    }
    if (p.how == MatchHow::kExtra) {
      EXPECT_TRUE(p.query_part.empty());
    }
  }
  EXPECT_NEAR(total, 1.0, 1e-9);
  EXPECT_NE(FindHow(parts, MatchHow::kMissing), nullptr);
  EXPECT_NE(FindHow(parts, MatchHow::kExtra), nullptr);
}

TEST(Scorer, BestPairOfReadingsWins) {
  std::vector<PreparedReading> query = {Hand({{"ryo"}, {"taira"}}, "ja-mecab"),
                                        Hand({{"liang"}, {"ping"}}, "zh-pinyin")};
  std::vector<PreparedReading> candidate = {Hand({{"liang"}, {"ping"}}, "zh-pinyin")};
  Explanation why;
  double s = internal::ScoreNames(query, candidate, false, &why);
  EXPECT_DOUBLE_EQ(s, 1.0);
  EXPECT_EQ(why.query_reading, "zh-pinyin");
  EXPECT_EQ(why.candidate_reading, "zh-pinyin");
  EXPECT_NEAR(internal::ScoreNames(query, candidate, true, nullptr), internal::kKindMismatchFactor,
              1e-9);
}

// End to end, through the analyzer.

TEST(ScorePair, SpellingVariantsMatch) {
  const double t = DefaultThreshold();
  EXPECT_DOUBLE_EQ(ScorePair("Olaf Scholz", "Olaf Scholz"), 1.0);
  EXPECT_GE(ScorePair("Scholz, Olaf", "Olaf Scholz", Kind::kPerson), t);
  EXPECT_GE(ScorePair("Olaf Scholze", "Olaf Scholz", Kind::kPerson), t);
  EXPECT_GE(ScorePair("François Hollande", "Francois Hollande", Kind::kPerson), t);
  EXPECT_GE(ScorePair("Siemens AG", "SiemensAG", Kind::kOrganization), t);
  EXPECT_GE(ScorePair("Microsoft Corporation", "Microsoft Corp.", Kind::kOrganization), t);
  EXPECT_GE(ScorePair("Владимир Путин", "Vladimir Putin", Kind::kPerson), t);
}

TEST(ScorePair, DifferentNamesDoNot) {
  const double t = DefaultThreshold();
  EXPECT_LT(ScorePair("Angela Merkel", "Olaf Scholz", Kind::kPerson), t);
  EXPECT_LT(ScorePair("Barack Obama", "Michelle Obama", Kind::kPerson), t);
  EXPECT_LT(ScorePair("Octavian Scholz", "Olaf Scholz", Kind::kPerson), t);
  EXPECT_LT(ScorePair("Toyota Motor Corporation", "Honda Motor Corporation", Kind::kOrganization),
            t);
}

TEST(ScorePair, ScoresStayInRangeAndExplain) {
  Explanation why;
  double s = ScorePair("Mr. J. Smith Ltd", "John Smith Limited", Kind::kAny, &why);
  EXPECT_GE(s, 0.0);
  EXPECT_LE(s, 1.0);
  EXPECT_FALSE(why.query_reading.empty());
  EXPECT_FALSE(why.candidate_reading.empty());
  EXPECT_FALSE(why.parts.empty());
  EXPECT_DOUBLE_EQ(ScorePair("", "John Smith"), 0.0);
}

TEST(ScorePair, KatakanaRenderingMeetsLatin) {
  EXPECT_GE(ScorePair("バラク・オバマ", "Barack Obama", Kind::kPerson), 0.7);
  EXPECT_GT(ScorePair("バラク・オバマ", "Barack Obama", Kind::kPerson),
            ScorePair("バラク・オバマ", "George Bush", Kind::kPerson));
}

std::unique_ptr<const Index> SmallIndex() {
  Index::Builder builder;
  builder.Add(10, "Olaf Scholz", Kind::kPerson, "DE");
  builder.Add(10, "Scholz, Olaf", Kind::kPerson, "DE");
  builder.Add(11, "Angela Merkel", Kind::kPerson, "DE");
  builder.Add(12, "Abdulrahman Hassan Al-Tikriti", Kind::kPerson);
  builder.Add(13, "Tactical Missiles Corporation JSC", Kind::kOrganization, "RU");
  builder.Add(14, "Olaf Schulze", Kind::kPerson);
  builder.Add(15, "Deutsche Bank AG", Kind::kOrganization, "DE");
  builder.Add(16, "International Trading Company Limited", Kind::kOrganization);
  builder.Add(17, "Olaf Scholz", Kind::kOrganization);  // a vessel named after him
  builder.Add(18, "Владимир Путин", Kind::kPerson, "RU");
  return builder.Build();
}

TEST(Index, CountsNamesAndEntities) {
  auto index = SmallIndex();
  EXPECT_EQ(index->names(), 10u);
  EXPECT_EQ(index->entities(), 9u);
  EXPECT_GT(index->MemoryBytes(), 1000u);
  Index::Builder empty;
  auto none = empty.Build();
  EXPECT_EQ(none->names(), 0u);
  EXPECT_TRUE(none->Search("Olaf Scholz", SearchOptions{}).empty());
}

TEST(Index, BuilderReturnsOrdinals) {
  Index::Builder builder;
  EXPECT_EQ(builder.Add(5, "A B", Kind::kPerson), 0u);
  EXPECT_EQ(builder.Add(5, "C D", Kind::kPerson), 1u);
  EXPECT_EQ(builder.Add(6, "E F", Kind::kPerson), 2u);
}

TEST(Index, FindsVariantsAndKeepsBestNamePerEntity) {
  auto index = SmallIndex();
  SearchOptions options;
  options.kind = Kind::kPerson;
  auto results = index->Search("Olaf Scholze", options);
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results[0].entity, 10u);
  // One result per entity, best first.
  std::vector<std::uint32_t> entities;
  for (std::size_t i = 0; i < results.size(); ++i) {
    entities.push_back(results[i].entity);
    if (i > 0) {
      EXPECT_GE(results[i - 1].score, results[i].score);
    }
  }
  std::sort(entities.begin(), entities.end());
  EXPECT_EQ(std::adjacent_find(entities.begin(), entities.end()), entities.end());
  // The organisation with the same name scores lower for a person query.
  double vessel = -1;
  for (const Match& m : results) {
    if (m.entity == 17) vessel = m.score;
  }
  ASSERT_GE(vessel, 0);
  EXPECT_LT(vessel, results[0].score);
}

TEST(Index, FindsReorderedJoinedCrossScriptAndCommonWordNames) {
  auto index = SmallIndex();
  auto top = [&](std::string_view q, Kind kind = Kind::kAny) {
    SearchOptions options;
    options.kind = kind;
    auto r = index->Search(q, options);
    return r.empty() ? 0u : r[0].entity;
  };
  EXPECT_EQ(top("Merkel Angela"), 11u);
  EXPECT_EQ(top("Abdul Rahman Hassan al Tikriti"), 12u);
  EXPECT_EQ(top("JSC Tactical Missiles Corp."), 13u);
  EXPECT_EQ(top("Vladimir Putin"), 18u);
  EXPECT_EQ(top("International Trading Co., Ltd."), 16u);
  EXPECT_EQ(top("Deutsche Bank"), 15u);
}

TEST(Index, TopKMinScoreAndExplain) {
  auto index = SmallIndex();
  SearchOptions options;
  options.top_k = 2;
  auto two = index->Search("Olaf Scholz", options);
  EXPECT_EQ(two.size(), 2u);
  for (const Match& m : two) EXPECT_TRUE(m.explanation.parts.empty());
  options.top_k = 10;
  options.min_score = 0.99;
  auto exact = index->Search("Olaf Scholz", options);
  ASSERT_FALSE(exact.empty());
  for (const Match& m : exact) EXPECT_GE(m.score, 0.99);
  options.explain = true;
  auto explained = index->Search("Olaf Scholz", options);
  ASSERT_FALSE(explained.empty());
  EXPECT_FALSE(explained[0].explanation.parts.empty());
  EXPECT_EQ(explained[0].explanation.query_reading, "latin");
}

TEST(Index, TiesBreakByEntityThenName) {
  // Entities 10 and 17 both hold "Olaf Scholz" exactly; with kind any they tie.
  auto index = SmallIndex();
  auto results = index->Search("Olaf Scholz", SearchOptions{});
  ASSERT_GE(results.size(), 2u);
  EXPECT_DOUBLE_EQ(results[0].score, results[1].score);
  EXPECT_EQ(results[0].entity, 10u);
  EXPECT_EQ(results[0].name, 0u);  // the first of entity 10's two equal names
  EXPECT_EQ(results[1].entity, 17u);
}

TEST(Index, InitialBesideACommonPartFindsTheFewThatFit) {
  // 300 Hassans, more than the candidates scored fully; the one whose other part starts
  // with B must still be found for "HASSAN, B.", and ahead of those it does not fit.
  Index::Builder builder;
  const char* given[] = {"Ahmed", "Omar", "Ali", "Karim", "Samir", "Tariq"};
  for (std::uint32_t i = 0; i < 300; ++i) {
    builder.Add(i, std::string(given[i % 6]) + " Hassan " + std::to_string(i), Kind::kPerson);
  }
  builder.Add(1000, "HASSAN, Basil", Kind::kPerson);
  auto index = builder.Build();
  SearchOptions options;
  options.kind = Kind::kPerson;
  auto results = index->Search("HASSAN, B.", options);
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results[0].entity, 1000u);
  auto omar = index->Search("O. Hassan", options);
  ASSERT_FALSE(omar.empty());
  EXPECT_EQ(omar[0].entity % 6, 1u);  // an Omar, not the first Hassan by ordinal
}

std::vector<std::string> Queries() {
  return {"Olaf Scholz",           "Scholz",        "Angela Merkel",  "Abdul Rahman",
          "Tactical Missiles",     "Deutsche Bank", "Владимир Путин", "O. Scholz",
          "International Trading", "Nobody Here",   "Olaf Schultze",  "バラク・オバマ"};
}

std::string Fingerprint(const std::vector<Match>& results) {
  std::string out;
  for (const Match& m : results) {
    out += std::to_string(m.entity) + "/" + std::to_string(m.name) + "/" + std::to_string(m.score) +
           ";";
  }
  return out;
}

TEST(Index, DeterministicAcrossBuildsAndCalls) {
  auto a = SmallIndex();
  auto b = SmallIndex();
  for (const std::string& q : Queries()) {
    std::string first = Fingerprint(a->Search(q, SearchOptions{}));
    EXPECT_EQ(first, Fingerprint(a->Search(q, SearchOptions{}))) << q;
    EXPECT_EQ(first, Fingerprint(b->Search(q, SearchOptions{}))) << q;
  }
}

TEST(Index, ManyThreadsSearchOneIndex) {
  std::shared_ptr<const Index> index = SmallIndex();
  std::vector<std::string> queries = Queries();
  std::vector<std::string> expected;
  for (const std::string& q : queries) expected.push_back(Fingerprint(index->Search(q, {})));
  constexpr int kThreads = 8;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < queries.size(); ++i) {
          std::size_t k = (i + static_cast<std::size_t>(t)) % queries.size();
          if (Fingerprint(index->Search(queries[k], {})) != expected[k]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace asta::names
