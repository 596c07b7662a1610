#include "engines/search/terms.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

namespace asta::search::internal {
namespace {

using names::Reading;
using names::Token;
using names::TokenRole;

// Xapian's glass backend refuses terms over 245 bytes.
constexpr std::size_t kMaxTermBytes = 240;

constexpr std::size_t kMinSkeleton = 3;       // shorter skeletons meet too many names
constexpr std::size_t kMinEditKey = 3;        // E term for the key itself
constexpr std::size_t kMinDeletionKey = 4;    // E terms for its deletions (3 letters and up)
constexpr std::size_t kMaxQueryReadings = 8;  // names::Analyzer gives at most 8 anyway
constexpr std::size_t kMaxEditParts = 6;      // longer names get no whole-name variants
// Keys one edit from a query part, at most: a 4-letter part's 3-letter deletions each
// point to a few dozen keys at most; the bound keeps a pathological query cheap.
constexpr std::size_t kMaxEditCandidates = 200;

// Weight factors (OP_SCALE_WEIGHT) on Xapian's BM25 weight of each kind of term. A whole
// name outweighs its parts; an exact key outweighs a phonetic key, which outweighs one
// edit, which outweighs a skeleton. Search scales the whole name query above free text.
constexpr double kWeightFull = 8.0;
constexpr double kWeightFullPhonetic = 5.0;
constexpr double kWeightFullEdit = 4.0;
constexpr double kWeightOrdered = 2.0;
constexpr double kWeightOrderedSkeleton = 1.5;
constexpr std::size_t kMinStopEditKey = 5;  // "general", "national": typed, and mistyped
constexpr double kWeightKey = 3.0;
constexpr double kWeightPhonetic = 2.0;
constexpr double kWeightEdit = 1.5;
constexpr double kWeightSkeleton = 1.0;
constexpr double kWeightOrgTerm = 1.0;
constexpr double kWeightLegalForm = 0.5;

// The parts of one reading that make terms, by role.
struct Parts {
  std::vector<const Token*> names;  // TokenRole::kName
  std::vector<const Token*> orgs;   // kOrgTerm
  std::vector<const Token*> legal;  // kLegalForm
  bool empty() const { return names.empty() && orgs.empty(); }
};

Parts PartsOf(const Reading& reading) {
  Parts p;
  for (const Token& t : reading.tokens) {
    if (t.key.empty()) continue;
    switch (t.role) {
      case TokenRole::kName:
        p.names.push_back(&t);
        break;
      case TokenRole::kOrgTerm:
        p.orgs.push_back(&t);
        break;
      case TokenRole::kLegalForm:
        p.legal.push_back(&t);
        break;
      case TokenRole::kStop:
        break;
    }
  }
  return p;
}

// The written form of a Latin part as a key (lower-case a-z0-9), or "" when it holds
// anything else. An organisation term's key is the lexicon's concept ("environment" for
// "Environmental"); a typo is made in the written word.
std::string SurfaceKey(const Token& t) {
  std::string out;
  for (const char c : t.written) {
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (c == '.' || c == '-' || c == '\'') {
      continue;
    } else {
      return "";
    }
  }
  return out;
}

// XO: every key in written order, stop words included ("university_of_krakow"): the
// name as written outranks the same words in another order ("Kraków University").
std::string Ordered(const Reading& reading) {
  std::string out;
  for (const Token& t : reading.tokens) {
    if (t.key.empty()) continue;
    if (!out.empty()) out.push_back('_');
    out += t.key;
  }
  return out;
}

// XK: the skeletons of the name parts and organisation terms in written order: the order
// signal of XO that survives a vowel typo ("University of Riyedh").
std::string OrderedSkeletons(const Parts& p, const Reading& reading) {
  std::string out;
  for (const Token& t : reading.tokens) {
    if (t.skeleton.empty() || (t.role != TokenRole::kName && t.role != TokenRole::kOrgTerm)) {
      continue;
    }
    if (!out.empty()) out.push_back('_');
    out += t.skeleton;
  }
  return p.empty() ? std::string() : out;
}

std::string Join(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const std::string& s : parts) {
    if (!out.empty()) out.push_back('_');
    out += s;
  }
  return out;
}

// Keys (or phonetic keys) of the name parts and organisation terms.
std::vector<std::string> FullParts(const Parts& p, bool phonetic) {
  std::vector<std::string> out;
  for (const auto* group : {&p.names, &p.orgs}) {
    for (const Token* t : *group) out.push_back(phonetic ? t->phonetic : t->key);
  }
  return out;
}

// The keys one edit from a query part's key (itself included when it is an E key), from
// the edit lexicon, sorted; looked up once per key and query.
// With how many lexicon strings it shares with the query part: 2 for a swap of adjacent
// letters or a doubled letter, else 1; more when it is the key itself. That is what a
// document's deletion terms used to share with the query's (the wdf of the synonym), and
// it still ranks the closer key first ("Tkaeda": Takeda before Takada).
struct Candidate {
  std::string key;
  int shared = 0;
};

class EditCandidates {
 public:
  explicit EditCandidates(const TermSource& index) : index_(index) {}

  const std::vector<Candidate>& Of(const std::string& key) {
    auto [it, inserted] = cache_.try_emplace(key);
    if (!inserted) return it->second;
    std::map<std::string, int> keys;
    for (const std::string& v : EditValues(key)) {
      for (std::string& k : index_.lexicon(LexiconEntry(v))) ++keys[std::move(k)];
      if (keys.size() >= kMaxEditCandidates) break;
    }
    for (auto& [k, n] : keys) it->second.push_back({k, n});
    if (it->second.size() > kMaxEditCandidates) it->second.resize(kMaxEditCandidates);
    return it->second;
  }

 private:
  const TermSource& index_;
  std::map<std::string, std::vector<Candidate>> cache_;
};

// XF terms of the whole name with one part (name part or organisation term) replaced by a
// key one edit from it. A misspelt organisation term ("Universty") is no longer recognised
// as one by the analyzer and reaches here as a name part; its candidates hold
// "university".
std::vector<Candidate> FullEditValues(const Parts& p, EditCandidates& candidates) {
  const std::vector<std::string> full = FullParts(p, /*phonetic=*/false);
  std::map<std::string, int> variants;
  if (full.size() > kMaxEditParts) return {};
  for (std::size_t i = 0; i < full.size(); ++i) {
    for (const Candidate& c : candidates.Of(full[i])) {
      if (c.key == full[i]) continue;
      std::vector<std::string> variant = full;
      variant[i] = c.key;
      int& shared = variants[Join(std::move(variant))];
      shared = std::max(shared, c.shared);
    }
  }
  std::vector<Candidate> out;
  for (auto& [v, n] : variants) out.push_back({v, n});
  return out;
}

Xapian::Query Scaled(Xapian::Query q, double factor) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, std::move(q), factor);
}

Xapian::Query Term(std::string_view prefix, std::string_view value, double factor) {
  return Scaled(Xapian::Query(MakeTerm(prefix, value)), factor);
}

// A synonym of the candidates' terms, each as many times as the strings it shares: the
// synonym's wdf in a document is then the number of shared strings (Xapian sums the wdf
// of a synonym's subqueries).
Xapian::Query WeightedSynonym(std::string_view prefix, const std::vector<Candidate>& values,
                              double factor) {
  std::vector<Xapian::Query> terms;
  for (const Candidate& c : values) {
    for (int i = 0; i < c.shared; ++i) terms.emplace_back(MakeTerm(prefix, c.key));
  }
  return Scaled(Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()), factor);
}

// One name part of the query: its ways to meet a part of the document, summed, so that
// an exact key (which also meets the phonetic, skeleton and edit terms) earns the most.
// Not OP_MAX: Xapian 1.4.22 crashes on some OR-of-MAX queries (a null posting list is
// dereferenced when "hydrogen OR (Khydrogen MAX Phidrogen)" runs on a small index).
Xapian::Query PartQuery(const Token& t, const TermSource& index, EditCandidates& candidates) {
  std::vector<Xapian::Query> ways;
  ways.push_back(Term("K", t.key, kWeightKey));
  if (!t.phonetic.empty()) ways.push_back(Term("P", t.phonetic, kWeightPhonetic));
  if (t.skeleton.size() >= kMinSkeleton) ways.push_back(Term("S", t.skeleton, kWeightSkeleton));
  if (!index.exists(MakeTerm("K", t.key))) {
    const std::vector<Candidate>& edits = candidates.Of(t.key);
    if (!edits.empty()) ways.push_back(WeightedSynonym("E", edits, kWeightEdit));
  }
  return Xapian::Query(Xapian::Query::OP_OR, ways.begin(), ways.end());
}

std::string Hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string MakeTerm(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxTermBytes) {
    term += value;
    return term;
  }
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: stable across builds
  for (const char c : value) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  term += '#';
  term += Hex64(h);
  return term;
}

std::string FacetTerm(std::string_view facet, std::string_view value) {
  std::string v(facet);
  v += ':';
  v += value;
  return MakeTerm(kPrefixFacet, v);
}

std::vector<std::string> EditValues(std::string_view key) {
  std::vector<std::string> out;
  if (key.size() >= kMinEditKey) out.emplace_back(key);
  if (key.size() >= kMinDeletionKey) {
    for (std::string& d : Deletions(key)) out.push_back(std::move(d));
  }
  return out;
}

std::string LexiconEntry(std::string_view value) { return MakeTerm("E", value); }

std::vector<std::string> Deletions(std::string_view key) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    // Deleting either letter of a doubled pair gives the same string: keep one.
    if (i > 0 && key[i] == key[i - 1]) continue;
    std::string d(key.substr(0, i));
    d.append(key.substr(i + 1));
    out.push_back(std::move(d));
  }
  return out;
}

void AppendNameTerms(const names::AnalyzedName& name, std::vector<std::string>& terms,
                     std::vector<std::string>& edit_keys) {
  // Written words of organisation terms and long stop words are typed, and mistyped, in
  // Latin letters: only a name written in them gets their E terms.
  const bool latin = name.script == names::Script::kLatin;
  for (std::size_t r = 0; r < name.readings.size(); ++r) {
    const Parts p = PartsOf(name.readings[r]);
    const auto add_edits = [&](const std::string& key) {
      if (key.size() < kMinEditKey) return;
      terms.push_back(MakeTerm("E", key));
      edit_keys.push_back(key);
    };
    for (const Token* t : p.names) {
      terms.push_back(MakeTerm("K", t->key));
      if (!t->phonetic.empty()) terms.push_back(MakeTerm("P", t->phonetic));
      if (t->skeleton.size() >= kMinSkeleton) terms.push_back(MakeTerm("S", t->skeleton));
      add_edits(t->key);
    }
    for (const Token* t : p.orgs) {
      terms.push_back(MakeTerm("K", t->key));
      add_edits(t->key);
      if (latin) {
        const std::string surface = SurfaceKey(*t);
        if (!surface.empty() && surface != t->key) add_edits(surface);
      }
    }
    for (const Token* t : p.legal) terms.push_back(MakeTerm("K", t->key));
    // Long stop words of organisation names ("General" in "Cairo General Hospital") are
    // left out of every other term, but a misspelt one reaches the query as a name part
    // that must meet something.
    if (latin) {
      for (const Token& t : name.readings[r].tokens) {
        if (t.role == TokenRole::kStop && t.key.size() >= kMinStopEditKey) add_edits(t.key);
      }
    }
    if (p.empty()) continue;
    terms.push_back(MakeTerm("XO", Ordered(name.readings[r])));
    const std::string skeletons = OrderedSkeletons(p, name.readings[r]);
    if (!skeletons.empty()) terms.push_back(MakeTerm("XK", skeletons));
    terms.push_back(MakeTerm("XF", Join(FullParts(p, false))));
    terms.push_back(MakeTerm("XP", Join(FullParts(p, true))));
  }
}

Xapian::Query NameQuery(const names::AnalyzedName& name, const TermSource& index) {
  std::vector<Xapian::Query> readings;
  std::set<std::string> seen;
  EditCandidates candidates(index);
  for (const Reading& reading : name.readings) {
    if (readings.size() == kMaxQueryReadings) break;
    const Parts p = PartsOf(reading);
    if (p.empty()) continue;
    const std::string full = Join(FullParts(p, false));
    if (!seen.insert(full).second) continue;

    Xapian::Query required;
    if (!p.names.empty()) {
      std::vector<Xapian::Query> parts;
      for (const Token* t : p.names) parts.push_back(PartQuery(*t, index, candidates));
      required = Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
    } else {
      std::vector<Xapian::Query> orgs;
      for (const Token* t : p.orgs) orgs.push_back(Term("K", t->key, kWeightOrgTerm));
      required = Xapian::Query(Xapian::Query::OP_AND, orgs.begin(), orgs.end());
    }

    std::vector<Xapian::Query> boosts;
    boosts.push_back(Term("XO", Ordered(reading), kWeightOrdered));
    const std::string skeletons = OrderedSkeletons(p, reading);
    if (!skeletons.empty()) boosts.push_back(Term("XK", skeletons, kWeightOrderedSkeleton));
    boosts.push_back(Term("XF", full, kWeightFull));
    boosts.push_back(Term("XP", Join(FullParts(p, true)), kWeightFullPhonetic));
    if (!index.exists(MakeTerm("XF", full))) {
      const std::vector<Candidate> variants = FullEditValues(p, candidates);
      if (!variants.empty()) boosts.push_back(WeightedSynonym("XF", variants, kWeightFullEdit));
    }
    if (!p.names.empty()) {
      for (const Token* t : p.orgs) boosts.push_back(Term("K", t->key, kWeightOrgTerm));
    }
    for (const Token* t : p.legal) boosts.push_back(Term("K", t->key, kWeightLegalForm));
    readings.emplace_back(Xapian::Query::OP_AND_MAYBE, required,
                          Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
  }
  if (readings.empty()) return Xapian::Query();
  if (readings.size() == 1) return readings.front();
  return Xapian::Query(Xapian::Query::OP_OR, readings.begin(), readings.end());
}

}  // namespace asta::search::internal
