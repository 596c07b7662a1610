// The multilingual name engine: normalisation, transliteration into Latin keys, and
// matching of person and organisation names written in any script and spelling.
// Pure computation: no storage, no HTTP. Everything here is deterministic, and every
// const member function is safe to call from many threads at once.
//
// Two layers:
//   Analyzer  turns one name into tokens (Latin key + phonetic key + role) and
//             alternative readings (a Han name read as Chinese, Japanese or Korean).
//   Index     holds many names in memory, generates candidates for a query and scores
//             them; ScorePair scores two names without an index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace asta::names {

enum class Kind { kAny, kPerson, kOrganization };
// "person" | "organization" | "any" (also "organisation", "company", "entity"…);
// unknown words give kAny.
Kind ParseKind(std::string_view word);
std::string_view KindName(Kind kind);

enum class Script {
  kLatin,
  kHan,
  kKana,
  kHangul,
  kCyrillic,
  kArabic,
  kGreek,
  kHebrew,
  kThai,
  kOther
};
std::string_view ScriptName(Script script);  // "latin", "han", …

enum class TokenRole {
  kName,       // a part of the name proper
  kLegalForm,  // Ltd, 株式会社, GmbH, OOO… (key is the canonical form, e.g. "ltd", "kk")
  kOrgTerm,    // a generic organisation word (university, 大学, institute…): key is the
               // English concept from the bilingual lexicon, e.g. "university"
  kStop,       // honorifics and particles (Mr, Dr, 様, of, the…): weighed near zero
};

struct Token {
  std::string key;       // Latin key: lowercase a-z and 0-9 only
  std::string phonetic;  // key folded for cross-script comparison (l/r, v/b, epenthetic
                         // vowels, long vowels, doubled consonants…); may equal key
  std::string skeleton;  // consonant skeleton of phonetic (vowels dropped, doubles
                         // collapsed): how unvocalised scripts (Arabic, Hebrew) meet
                         // vocalised spellings
  std::string written;   // the part as written, NFKC
  TokenRole role = TokenRole::kName;
};

// One reading of a name: its tokens in written order.
struct Reading {
  std::vector<Token> tokens;
  std::string label;  // how it was read: "latin", "ja-kana", "ja-mecab", "zh-pinyin",
                      // "ko-han", "ko-hangul", "ru-latin", "ar-latin", "org-lexicon"…
};

struct AnalyzedName {
  std::string written;             // input as given
  std::string normalized;          // NFKC + case-folded + punctuation-normalised
  Script script = Script::kLatin;  // dominant script of the letters
  // readings[0] is the primary reading; the others are alternatives (at most 8). The
  // scorer takes the best pair of readings.
  std::vector<Reading> readings;
};

// Thread-safe after construction. Loads ICU transliterators and the MeCab dictionary
// once; Default() is built on first use.
class Analyzer {
 public:
  static const Analyzer& Default();
  ~Analyzer();
  AnalyzedName Analyze(std::string_view name, Kind kind = Kind::kAny) const;
  // True when MeCab and its dictionary were found (kanji readings are available).
  bool HasJapaneseReadings() const;

  struct Impl;

 private:
  Analyzer();
  std::unique_ptr<Impl> impl_;
};

// How one part of the query met a part of the candidate.
enum class MatchHow {
  kExact,      // same key
  kPhonetic,   // same phonetic key (cross-script renderings, l/r…)
  kFuzzy,      // edit distance within tolerance
  kInitial,    // "J" against "John"
  kJoined,     // "abdul rahman" against "abdulrahman"
  kLegalForm,  // both legal forms, equivalent or not
  kOrgTerm,    // same organisation concept across languages
  kWeak,       // parts more edits apart than a typo but still alike ("Jafia"/"Jafari"):
               // counted partly, and partly as parts that differ
  kMissing,    // query part with no counterpart
  kExtra,      // candidate part with no counterpart
};
std::string_view MatchHowName(MatchHow how);  // "exact", "phonetic", …

struct PartMatch {
  std::string query_part;      // written form (empty for kExtra)
  std::string candidate_part;  // written form (empty for kMissing)
  MatchHow how = MatchHow::kExact;
  double similarity = 0;  // [0,1]
  double weight = 0;      // share of the score this part carries (IDF-weighted)
};

struct Explanation {
  std::string query_reading;      // Reading::label used for the query
  std::string candidate_reading;  // and for the candidate
  std::vector<PartMatch> parts;
};

// The engine's default operating threshold: a score at or above it raises an alert.
double DefaultThreshold();

// Scores two names in [0,1] without an index (token rarity from a built-in table).
double ScorePair(std::string_view a, std::string_view b, Kind kind = Kind::kAny,
                 Explanation* why = nullptr);

// A name analysed and prepared for ScorePair once, for scoring it against many names:
// ScorePair(PreparedName(a, k), PreparedName(b, k)) == ScorePair(a, b, k), without
// analysing either name again. Cheap to copy (shared, immutable); thread-safe.
class PreparedName {
 public:
  explicit PreparedName(std::string_view name, Kind kind = Kind::kAny);
  struct Impl;

 private:
  friend double ScorePair(const PreparedName& a, const PreparedName& b, Explanation* why);
  std::shared_ptr<const Impl> impl_;
};
double ScorePair(const PreparedName& a, const PreparedName& b, Explanation* why = nullptr);

struct Match {
  std::uint32_t entity = 0;  // the entity id given to Builder::Add
  std::uint32_t name = 0;    // the ordinal Builder::Add returned for the matched name
  double score = 0;
  Explanation explanation;  // filled when asked for
};

struct SearchOptions {
  Kind kind = Kind::kAny;  // kPerson/kOrganization: candidates of the other kind score lower
  std::string country;     // ISO alpha-2 or empty; a mismatch never excludes
  std::size_t top_k = 10;
  double min_score = 0;  // drop results below
  bool explain = false;
};

// An immutable in-memory index. Build with Builder, share as shared_ptr<const Index>;
// Search is safe from many threads.
class Index {
 public:
  class Builder {
   public:
    Builder();
    ~Builder();
    // Adds one name of an entity (aliases share the entity). Returns the name ordinal
    // (0, 1, 2… in call order).
    std::uint32_t Add(std::uint32_t entity, std::string_view name, Kind kind,
                      std::string_view country = {});
    std::unique_ptr<const Index> Build();  // leaves the builder empty

   private:
    struct State;
    std::unique_ptr<State> state_;
  };

  ~Index();
  // The best match per entity, best first, at most options.top_k; ties broken by
  // entity then name ordinal, so results are deterministic.
  std::vector<Match> Search(std::string_view query, const SearchOptions& options) const;
  std::size_t names() const;
  std::size_t entities() const;
  std::size_t MemoryBytes() const;  // approximate heap footprint

  struct Data;

 private:
  explicit Index(std::unique_ptr<Data> data);
  std::unique_ptr<Data> data_;
};

}  // namespace asta::names
