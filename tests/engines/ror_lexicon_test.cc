// The bilingual organisation lexicon measured on real data: the Research Organization
// Registry records (../shared/data/ror/ror_v2_orgs_flat.csv) that carry a Japanese,
// Chinese or Korean label beside their English name. For every such label we measure how
// often its org-lexicon reading shares at least one organisation concept with the English
// name, and how often ScorePair(label, English name) reaches the default threshold. The
// figures are printed; the floors asserted are ones the lexicon reaches, so that a change
// that loses coverage fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engines/names/names.h"

namespace asta::names {
namespace {

std::filesystem::path RorCsv() {
  return std::filesystem::path(ASTA_SHARED_DATA_DIR) / "ror" / "ror_v2_orgs_flat.csv";
}

// One CSV record (RFC 4180: quoted fields may hold commas, quotes and newlines).
bool ReadRecord(std::istream& in, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  bool any = false;
  char c;
  while (in.get(c)) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          field.push_back('"');
          in.get(c);
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (!any) return false;
  fields.push_back(std::move(field));
  return true;
}

enum class Lang { kJa, kZh, kKo };

// Which language a label is in, by its letters; nullopt-like kZh default for Han only.
bool CjkLabel(const std::string& label, Lang& lang) {
  bool han = false;
  bool kana = false;
  bool hangul = false;
  const AnalyzedName n = Analyzer::Default().Analyze(label);
  han = n.script == Script::kHan;
  kana = n.script == Script::kKana;
  hangul = n.script == Script::kHangul;
  if (hangul) {
    lang = Lang::kKo;
  } else if (kana) {
    lang = Lang::kJa;
  } else if (han) {
    lang = Lang::kZh;
  } else {
    return false;
  }
  return true;
}

std::set<std::string> OrgConcepts(const Reading& reading) {
  std::set<std::string> out;
  for (const Token& t : reading.tokens) {
    if (t.role == TokenRole::kOrgTerm) out.insert(t.key);
  }
  return out;
}

struct Tally {
  int labels = 0;          // labels whose English name has an organisation term
  int with_lexicon = 0;    // labels that got an org-lexicon reading
  int shared_concept = 0;  // … sharing at least one concept with the English name
  int scored_labels = 0;   // all labels scored
  int matched = 0;         // ScorePair >= DefaultThreshold()
};

TEST(RorLexiconTest, CjkLabelsMeetTheirEnglishNames) {
  if (!std::filesystem::exists(RorCsv())) {
    GTEST_SKIP() << "ROR data not found at " << RorCsv()
                 << " (../shared/data/ror); the lexicon is not measured";
  }
  std::ifstream in(RorCsv());
  std::vector<std::string> header;
  ASSERT_TRUE(ReadRecord(in, header));
  auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const int en_col = column("name_en");
  const int ja_col = column("name_ja");
  const int other_col = column("name_local_other");
  ASSERT_GE(en_col, 0);
  ASSERT_GE(ja_col, 0);
  ASSERT_GE(other_col, 0);

  const Analyzer& analyzer = Analyzer::Default();
  const double threshold = DefaultThreshold();
  std::map<Lang, Tally> tallies;
  std::map<std::string, int> missed;  // English concepts the label's reading lacked
  std::vector<std::string> fields;
  int records = 0;
  while (ReadRecord(in, fields)) {
    if (static_cast<int>(fields.size()) != static_cast<int>(header.size())) continue;
    const std::string& english = fields[en_col];
    if (english.empty()) continue;
    std::vector<std::string> labels;
    const std::string& japanese = fields[ja_col];
    if (!japanese.empty()) labels.push_back(japanese);
    std::string other = fields[other_col];
    std::replace(other.begin(), other.end(), ';', '|');
    std::size_t start = 0;
    while (start <= other.size()) {
      std::size_t bar = other.find('|', start);
      if (bar == std::string::npos) bar = other.size();
      if (bar > start) labels.push_back(other.substr(start, bar - start));
      start = bar + 1;
    }
    ++records;
    const AnalyzedName en = analyzer.Analyze(english, Kind::kOrganization);
    const std::set<std::string> en_concepts = OrgConcepts(en.readings[0]);
    std::set<std::string> seen;
    for (const std::string& label : labels) {
      if (!seen.insert(label).second) continue;
      Lang lang;
      if (!CjkLabel(label, lang)) continue;
      if (label == japanese) lang = Lang::kJa;  // kanji-only Japanese names too
      Tally& tally = tallies[lang];
      ++tally.scored_labels;
      if (ScorePair(label, english, Kind::kOrganization) >= threshold) ++tally.matched;
      if (en_concepts.empty()) continue;
      ++tally.labels;
      const AnalyzedName n = analyzer.Analyze(label, Kind::kOrganization);
      std::set<std::string> concepts;
      bool lexicon = false;
      for (const Reading& r : n.readings) {
        if (r.label.rfind("org-lexicon", 0) != 0) continue;
        lexicon = true;
        const std::set<std::string> c = OrgConcepts(r);
        concepts.insert(c.begin(), c.end());
      }
      if (lexicon) ++tally.with_lexicon;
      bool shared = false;
      for (const std::string& c : en_concepts) {
        if (concepts.count(c)) {
          shared = true;
        } else {
          ++missed[c];
        }
      }
      if (shared) ++tally.shared_concept;
    }
  }
  ASSERT_GT(records, 1000) << "the ROR file looks truncated";

  Tally total;
  const std::map<Lang, const char*> names = {
      {Lang::kJa, "ja"}, {Lang::kZh, "zh"}, {Lang::kKo, "ko"}};
  for (const auto& [lang, t] : tallies) {
    std::cout << "[ror] " << names.at(lang) << ": " << t.scored_labels << " labels; " << t.labels
              << " with an English org term: org-lexicon reading " << t.with_lexicon << " ("
              << 100.0 * t.with_lexicon / std::max(1, t.labels) << "%), shares a concept "
              << t.shared_concept << " (" << 100.0 * t.shared_concept / std::max(1, t.labels)
              << "%); ScorePair >= " << threshold << ": " << t.matched << " ("
              << 100.0 * t.matched / std::max(1, t.scored_labels) << "%)\n";
    total.labels += t.labels;
    total.with_lexicon += t.with_lexicon;
    total.shared_concept += t.shared_concept;
    total.scored_labels += t.scored_labels;
    total.matched += t.matched;
  }
  std::vector<std::pair<int, std::string>> top;
  for (const auto& [concept_key, count] : missed) top.emplace_back(count, concept_key);
  std::sort(top.rbegin(), top.rend());
  std::cout << "[ror] English concepts most often missing from the label's reading:";
  for (std::size_t i = 0; i < top.size() && i < 15; ++i) {
    std::cout << " " << top[i].second << "=" << top[i].first;
  }
  std::cout << "\n";

  const double share = static_cast<double>(total.shared_concept) / std::max(1, total.labels);
  const double matched = static_cast<double>(total.matched) / std::max(1, total.scored_labels);
  std::cout << "[ror] all: shares a concept " << 100.0 * share << "%, ScorePair match "
            << 100.0 * matched << "% of " << total.scored_labels << " labels\n";
  ASSERT_GT(total.labels, 3000);
  // Floors the lexicon reaches (measured: see the printed figures and the report).
  EXPECT_GE(share, 0.85);
  EXPECT_GE(matched, 0.20);
}

}  // namespace
}  // namespace asta::names
