// The synthetic researcher network of the search benchmark: people and organisations
// generated deterministically from a seed (document i is a function of (seed, i) alone,
// so any subset can be regenerated and both engines index the same bytes). Names come
// from per-culture inventories in their own scripts with their usual Latin forms
// (Japanese kanji, katakana renderings of Western names, Chinese, Korean, Thai, Arabic,
// Cyrillic, Latin with diacritics); biographies and keywords, in English and Japanese,
// come from the strategy's theme vocabulary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engines/search/search.h"

namespace asta::bench {

// Deterministic randomness: splitmix64, whose output does not depend on the standard
// library (unlike <random> distributions).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(Next() % n); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Zipf-like: index k of n with weight 1/(k+1).
  std::size_t Zipf(std::size_t n);

 private:
  std::uint64_t state_;
};

// What the generator knows about a document beyond the document itself: the script of
// each name form (for query sets by script) and its Latin form (for misspellings).
struct NameForm {
  std::string text;
  std::string script;  // "latin", "kanji", "kana", "hanzi", "hangul", "thai", "arabic",
                       // "cyrillic"
};

struct GeneratedDoc {
  search::Document doc;
  std::vector<NameForm> forms;  // parallel to doc.names
  std::string latin;            // the Latin form of the name ("" when none)
  std::string culture;          // "ja", "zh", "ko", "th", "ar", "ru", "vi", "eu", "en", "in", "id"
};

struct Network {
  std::size_t people = 0;
  std::size_t orgs = 0;
  std::uint64_t seed = 0;
  // Document k: organisations first (0..orgs-1), then people.
  std::size_t size() const { return people + orgs; }
  GeneratedDoc Make(std::size_t k) const;
};

// The theme vocabulary: keywords in English and Japanese per facet value of "theme".
struct Theme {
  std::string facet;  // "green_innovation", "life_innovation", "safety_security", "ict",
                      // "basic_research"
  std::vector<std::string> en;
  std::vector<std::string> ja;  // every keyword 3+ characters
};
const std::vector<Theme>& Themes();

// One edit (delete, insert, substitute or swap adjacent letters) in one word of 5+
// letters (else 4+) of a Latin name, never the first letter; "" when no word qualifies.
std::string Misspell(std::string_view latin, Rng& rng);

}  // namespace asta::bench
