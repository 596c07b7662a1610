// Golden name pairs: every file of tests/golden/names/*.tsv holds lines
//   name_a<TAB>name_b<TAB>kind<TAB>match|no<TAB>note
// ('#' starts a comment). A `match` pair must score at or above the engine's default
// threshold, a `no` pair below it. One file per normalisation or transliteration rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engines/names/names.h"

namespace asta::names {
namespace {

struct GoldenPair {
  std::string file;
  int line = 0;
  std::string a;
  std::string b;
  Kind kind = Kind::kAny;
  bool match = false;
  std::string note;
};

std::filesystem::path GoldenDir() { return std::filesystem::path(ASTA_GOLDEN_DIR) / "names"; }

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) fields.push_back(field);
  return fields;
}

// Reads every file; a malformed line is a test failure, not a skipped pair.
std::vector<GoldenPair> ReadAll() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(GoldenDir())) {
    if (entry.path().extension() == ".tsv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<GoldenPair> pairs;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const std::vector<std::string> f = SplitTabs(line);
      const std::string where = path.filename().string() + ":" + std::to_string(number);
      if (f.size() < 4 || (f[3] != "match" && f[3] != "no") || f[0].empty() || f[1].empty()) {
        ADD_FAILURE() << where << ": malformed golden line: " << line;
        continue;
      }
      GoldenPair p;
      p.file = path.filename().string();
      p.line = number;
      p.a = f[0];
      p.b = f[1];
      p.kind = ParseKind(f[2]);
      p.match = f[3] == "match";
      p.note = f.size() > 4 ? f[4] : "";
      pairs.push_back(std::move(p));
    }
  }
  return pairs;
}

std::string Explain(const Explanation& why) {
  std::string out = why.query_reading + " vs " + why.candidate_reading + ":";
  for (const PartMatch& p : why.parts) {
    out += " [" + p.query_part + " ~ " + p.candidate_part + " " + std::string(MatchHowName(p.how)) +
           " sim=" + std::to_string(p.similarity) + " w=" + std::to_string(p.weight) + "]";
  }
  return out;
}

TEST(GoldenTest, EveryRuleFamilyHasAFileWithMatchesAndNonMatches) {
  const std::vector<std::string> families = {"nfkc_case",
                                             "punctuation_honorifics",
                                             "legal_forms",
                                             "diacritics",
                                             "japanese_kana",
                                             "japanese_kanji",
                                             "japanese_romanisation",
                                             "katakana_foreign",
                                             "han_pinyin",
                                             "hangul",
                                             "cyrillic",
                                             "arabic",
                                             "greek",
                                             "hebrew",
                                             "thai",
                                             "org_lexicon",
                                             "reorder_initials",
                                             "typos",
                                             "negatives"};
  const std::vector<GoldenPair> pairs = ReadAll();
  for (const std::string& family : families) {
    const std::string file = family + ".tsv";
    const auto matches = std::count_if(
        pairs.begin(), pairs.end(), [&](const GoldenPair& p) { return p.file == file && p.match; });
    const auto nos = std::count_if(pairs.begin(), pairs.end(),
                                   [&](const GoldenPair& p) { return p.file == file && !p.match; });
    EXPECT_TRUE(std::filesystem::exists(GoldenDir() / file)) << file;
    if (family != "negatives") {
      EXPECT_GE(matches, 3) << file << " needs match pairs";
    }
    EXPECT_GE(nos, 1) << file << " needs a pair that must not match";
  }
}

TEST(GoldenTest, PairsScoreOnTheRightSideOfTheDefaultThreshold) {
  const std::vector<GoldenPair> pairs = ReadAll();
  ASSERT_GE(pairs.size(), 200u);
  const double threshold = DefaultThreshold();
  int failures = 0;
  for (const GoldenPair& p : pairs) {
    Explanation why;
    const double score = ScorePair(p.a, p.b, p.kind, &why);
    EXPECT_GE(score, 0.0);
    EXPECT_LE(score, 1.0);
    const bool alert = score >= threshold;
    if (alert != p.match) {
      ++failures;
      ADD_FAILURE() << p.file << ":" << p.line << ": \"" << p.a << "\" vs \"" << p.b << "\" ("
                    << KindName(p.kind) << ") expected " << (p.match ? "match" : "no") << ", score "
                    << score << " (threshold " << threshold << ") — " << p.note << "\n  "
                    << Explain(why);
    }
  }
  std::cout << "[golden] " << pairs.size() << " pairs, " << failures << " on the wrong side\n";
}

// A name prepared once scores exactly as ScorePair on the strings, both ways round and
// again (the review module scores prepared names against a whole call's teams).
TEST(GoldenTest, PreparedNamesScoreExactlyAsTheStrings) {
  const std::vector<GoldenPair> pairs = ReadAll();
  ASSERT_GE(pairs.size(), 200u);
  for (const GoldenPair& p : pairs) {
    const PreparedName a(p.a, p.kind), b(p.b, p.kind);
    Explanation why, why_prepared;
    EXPECT_EQ(ScorePair(a, b, &why_prepared), ScorePair(p.a, p.b, p.kind, &why))
        << p.file << ":" << p.line;
    EXPECT_EQ(why_prepared.query_reading, why.query_reading) << p.file << ":" << p.line;
    EXPECT_EQ(why_prepared.parts.size(), why.parts.size()) << p.file << ":" << p.line;
    EXPECT_EQ(ScorePair(b, a), ScorePair(p.b, p.a, p.kind)) << p.file << ":" << p.line;
    EXPECT_EQ(ScorePair(a, b), ScorePair(a, b)) << "a prepared name is not used up";
  }
}

}  // namespace
}  // namespace asta::names
