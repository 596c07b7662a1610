// The scorer: aligns the parts of two readings (order-free, initials, joined and split
// parts, fuzzy and phonetic keys, skeletons for abjad scripts), weighs rare parts above
// common ones and folds the alignment into one score in [0,1].
#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engines/names/analyzer_internal.h"
#include "engines/names/names.h"
#include "engines/names/scorer_core.h"

namespace asta::names {
namespace internal {
namespace {

// The scorer's constants, tuned on the labelled pairs of nomenklatura's name benchmark
// (F1) and the synthetic clean names of yente's candidate-generation set screened
// against the METI, UN and OFAC lists (false alerts); see docs/performance.md.
//
// How far full coverage of the shorter name lifts the score towards 1 ...
constexpr double kLift = 0.9;
// ... reached once this much weight (about two rare parts) matched.
constexpr double kLiftEvidence = 2.0;
// Parts left over on both sides cost this times their share.
constexpr double kConflict = 1.0;
// Father and son swapped ("a bin b" / "b bin a").
constexpr double kFiliationSwap = 0.75;
// Certainty of a match through a lossy transliteration: syllabic scripts (Han, Hangul,
// kana) and abjads; and how much of the lift such a match keeps.
constexpr double kCrossSyllabic = 0.9;
constexpr double kCrossAbjad = 0.95;
constexpr double kCrossLift = 0.3;
// Syllables of a Han or Hangul name matched out of order.
constexpr double kSyllableOrder = 0.8;
// How much of its (capped) weight an initial covers: more than a part left unmatched,
// which the lift forgives to 1 - kLift, so that an initial that fits never scores below
// leaving the part out.
constexpr double kInitialCover = 0.95;
// How much a weak pairing of left-over parts (more edits apart than a typo) counts, times
// how alike they are.
constexpr double kWeakFactor = 0.5;
// Consonants agree across an abjad, but a final long vowel stands on one side only.
constexpr float kFinalVowelDiffers = 0.6f;
// A phonetic-only match of two Latin spellings more than a typo apart (see TokenSim).
constexpr float kSpelledPhonetic = 0.6f;

// Tokens beyond this many per reading are ignored by the alignment: bit masks keep the
// assignment allocation-free, and no real name has more parts.
constexpr std::size_t kMaxTokens = 24;

struct Edge {
  float sim = 0;
  std::uint32_t qmask = 0;
  std::uint32_t cmask = 0;
  MatchHow how = MatchHow::kExact;
};

bool IsNameLike(TokenRole role) { return role == TokenRole::kName || role == TokenRole::kOrgTerm; }

// Spelling variants of Arabic particles and articles, too short for edit distance:
// 1 bin (son of), 2 the article, 3 abu (father of), 4 bint (daughter of).
std::uint8_t Particle(std::string_view key) {
  if (key.size() > 5) return 0;
  if (key == "bin" || key == "ibn" || key == "ben" || key == "bn" || key == "ibni") return 1;
  if (key == "al" || key == "el" || key == "ul" || key == "ad" || key == "ud" || key == "ar" ||
      key == "as" || key == "ash" || key == "at" || key == "az" || key == "an") {
    return 2;
  }
  if (key == "abu" || key == "abou" || key == "abo") return 3;
  if (key == "bint" || key == "binti" || key == "bte") return 4;
  return 0;
}

// The particles that join a son's or daughter's name to the father's ("a bin b").
bool IsFiliation(std::uint8_t particle) { return particle == 1 || particle == 4; }

// Han (1) or Hangul (2) when the first letter of `written` is one, else 0.
std::uint8_t CjkClass(std::string_view written) {
  if (written.size() < 3) return 0;
  auto b0 = static_cast<unsigned char>(written[0]);
  auto b1 = static_cast<unsigned char>(written[1]);
  auto b2 = static_cast<unsigned char>(written[2]);
  if ((b0 & 0xF0) != 0xE0) return 0;
  std::uint32_t cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
  if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0xF900 && cp <= 0xFAFF)) {
    return 1;
  }
  if (cp >= 0xAC00 && cp <= 0xD7AF) return 2;
  return 0;
}

std::string FoldForAbjad(std::string_view skeleton) {
  std::string out;
  out.reserve(skeleton.size());
  for (char c : skeleton) {
    switch (c) {
      case 'p':
        c = 'b';
        break;
      case 'v':
        c = 'f';
        break;
      case 'g':
        c = 'j';
        break;
      case 'z':
        c = 's';
        break;
      default:
        break;
    }
    if (out.empty() || out.back() != c) out += c;
  }
  return out;
}

// Which side of a comparison was read from an unvocalised script, if only one was.
enum class AbjadSide { kNone, kQuery, kCandidate };

char AbjadConsonant(char c) {
  switch (c) {
    case 'p':
      return 'b';
    case 'v':
      return 'f';
    case 'g':
      return 'j';
    default:
      return c;  // s and z stay apart: a Latin s is written س or ص, a z ز ذ ض or ظ
  }
}

// True when `spelled` (a Latin spelling's phonetic key) is `written` (the phonetic key of
// an unvocalised reading) with short vowels put in: the consonants agree in order (up to
// the folds abjads blur, and doubled letters), every vowel letter written stands where the
// spelling has a vowel of its kind, and everything else in the spelling is a vowel.
// حسين "hsin" / Hussein, عمر "amr" / Omar; محمدی "mhmdi" is not Mohamed, احسان is not
// Hossein.
bool Vocalises(std::string_view written, std::string_view spelled) {
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  std::size_t i = 0;
  std::size_t j = 0;
  while (j < spelled.size()) {
    const char s = spelled[j];
    if (i < written.size()) {
      const char w = written[i];
      // A long vowel keeps its quality (ي is i or e, و is u or o); alef and ain (a)
      // stand for any vowel.
      const bool same =
          vowel(w)
              ? (w == 'a' ? vowel(s) : (w == 'i' ? (s == 'i' || s == 'e') : (s == 'u' || s == 'o')))
              : AbjadConsonant(w) == AbjadConsonant(s);
      if (same) {
        ++i;
        ++j;
        continue;
      }
    }
    if (vowel(s) || (j > 0 && spelled[j - 1] == s)) {
      ++j;  // a short vowel, or a doubled letter
      continue;
    }
    return false;
  }
  return i == written.size();
}

std::uint32_t Letters(std::string_view key) {
  std::uint32_t set = 0;
  for (char c : key) {
    if (c >= 'a' && c <= 'z') {
      set |= 1u << (c - 'a');
    } else {
      set |= 1u << 26;
    }
  }
  return set;
}

// A lower bound on the edit distance of two keys from their letter sets: every letter
// of one missing from the other costs at least one edit.
// Set bits of a letter set. std::popcount is a library call on the baseline x86-64 that
// Debian targets (no POPCNT), and this runs for every pair of parts compared.
int BitCount(std::uint32_t x) {
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0Fu;
  return static_cast<int>((x * 0x01010101u) >> 24);
}

int LetterBound(std::uint32_t a, std::uint32_t b) {
  return std::max(BitCount(a & ~b), BitCount(b & ~a));
}

double FuzzySim(std::string_view a, std::string_view b, std::uint32_t a_letters,
                std::uint32_t b_letters) {
  std::size_t longer = std::max(a.size(), b.size());
  if (longer == 0) return 0;
  int tolerance = Tolerance(longer);
  if (tolerance == 0) return 0;
  if (a.empty() || b.empty()) return 0;
  int diff = static_cast<int>(a.size() > b.size() ? a.size() - b.size() : b.size() - a.size());
  if (diff > tolerance) return 0;
  if (LetterBound(a_letters, b_letters) > tolerance) return 0;
  int d = EditDistance(a, b, tolerance);
  if (d > tolerance) return 0;
  return 1.0 - static_cast<double>(d) / static_cast<double>(longer);
}

// Similarity of two single tokens, and how they met; 0 when they do not.
// `spelled`: both parts are written in Latin letters, so their spellings are what the
// writers chose, not what a transliteration made of them.
float TokenSim(const WeightedToken& q, const WeightedToken& c, AbjadSide abjad_side, bool spelled,
               MatchHow* how) {
  const bool abjad = abjad_side != AbjadSide::kNone;
  if (q.role == TokenRole::kLegalForm || c.role == TokenRole::kLegalForm) {
    if (q.role == TokenRole::kLegalForm && c.role == TokenRole::kLegalForm) {
      *how = MatchHow::kLegalForm;
      // Differing legal forms cost a little: the weight of legal forms is small.
      return q.key == c.key ? 1.0f : 0.3f;
    }
    return 0;
  }
  // Two Han or two Hangul parts written differently are different names even when
  // their Latin readings agree (高石/高市 both read "shi"): the reading is lossy, the
  // written form is not.
  if (q.cjk != 0 && q.cjk == c.cjk && q.written != c.written) return 0;
  if (q.key == c.key && !q.key.empty()) {
    *how = (q.role == TokenRole::kOrgTerm && c.role == TokenRole::kOrgTerm) ? MatchHow::kOrgTerm
                                                                            : MatchHow::kExact;
    return 1.0f;
  }
  if (q.particle != 0 && q.particle == c.particle) {
    *how = MatchHow::kPhonetic;
    return 0.95f;
  }
  if (q.role == TokenRole::kStop || c.role == TokenRole::kStop) return 0;
  if (q.role == TokenRole::kOrgTerm && c.role == TokenRole::kOrgTerm) {
    // Concepts are lexicon keys: different keys are different concepts.
    return 0;
  }
  if (!q.phonetic.empty() && q.phonetic == c.phonetic) {
    *how = MatchHow::kPhonetic;
    // The folding is coarse (l/r, v/b, Korean eo/o) because transliterations need it;
    // between two Latin spellings further apart than a typo it joins different names
    // (Ronald/Leonard, Glenn/Grein), so there only the spelling folds count fully
    // (Tsuchiya/Tutiya).
    if (spelled && q.spelling != c.spelling) {
      const std::size_t longer = std::max(q.key.size(), c.key.size());
      const int tolerance = std::max(1, Tolerance(longer));
      if (EditDistance(q.key, c.key, tolerance) > tolerance) return kSpelledPhonetic;
    }
    return 0.95f;
  }
  if (abjad && q.abjad_skeleton.size() >= 2 && q.abjad_skeleton == c.abjad_skeleton) {
    // Short skeletons meet by chance ("md" is Ahmed and Maedeh), and keys of very
    // different lengths are different names whatever their consonants.
    std::size_t shorter = std::min(q.key.size(), c.key.size());
    std::size_t longer = std::max(q.key.size(), c.key.size());
    if (longer <= 2 * shorter + 1) {
      *how = MatchHow::kPhonetic;
      std::size_t length = q.abjad_skeleton.size();
      // The spelling is the written form with its short vowels put in: more than the
      // consonants agree.
      const bool query_abjad = abjad_side == AbjadSide::kQuery;
      const std::string& written = query_abjad ? q.phonetic : c.phonetic;
      const std::string& spelling = query_abjad ? c.phonetic : q.phonetic;
      if (length >= 2 && Vocalises(written, spelling)) return length >= 3 ? 0.95f : 0.9f;
      // A final long vowel is always written and always spelt (علي Ali, مهدي Mahdi):
      // with it on one side only the names differ by a suffix (محمدی Mohammadi is not
      // Mohamed).
      auto final_long = [](const std::string& k, bool spelt) {
        const char last = k.empty() ? '\0' : k.back();
        return last == 'i' || last == 'u' || (spelt && last == 'o');
      };
      if (final_long(written, false) != final_long(spelling, true)) return kFinalVowelDiffers;
      return length >= 4 ? 0.9f : (length == 3 ? 0.8f : 0.65f);
    }
  }
  if (q.key.size() == 1 || c.key.size() == 1) {
    if (q.key.empty() || c.key.empty()) return 0;
    if (q.key.size() != c.key.size() && q.key[0] == c.key[0]) {
      *how = MatchHow::kInitial;
      return 0.8f;
    }
    return 0;
  }
  double best = FuzzySim(q.key, c.key, q.key_letters, c.key_letters);
  // Near phonetic keys: between two Latin spellings, by the spelling folds only (Sarah is
  // not a misspelt Sally).
  const std::string& qp = spelled ? q.spelling : q.phonetic;
  const std::string& cp = spelled ? c.spelling : c.phonetic;
  if (best < 0.95 && (qp != q.key || cp != c.key)) {
    const std::uint32_t ql = spelled ? q.spelling_letters : q.phonetic_letters;
    const std::uint32_t cl = spelled ? c.spelling_letters : c.phonetic_letters;
    best = std::max(best, 0.95 * FuzzySim(qp, cp, ql, cl));
  }
  if (abjad && q.abjad_skeleton.size() >= 4 && c.abjad_skeleton.size() >= 4 &&
      std::max(q.key.size(), c.key.size()) <= 2 * std::min(q.key.size(), c.key.size()) + 1) {
    best = std::max(best, 0.85 * FuzzySim(q.abjad_skeleton, c.abjad_skeleton, q.skeleton_letters,
                                          c.skeleton_letters));
  }
  if (best < 0.55) return 0;
  *how = MatchHow::kFuzzy;
  return static_cast<float>(best);
}

// Compares the concatenation of two adjacent tokens of one side with one token of the
// other ("abdul rahman" / "abdulrahman"). One of the two may be a stop word or a legal
// form written onto the name ("MullahKrekar", "SiemensAG", "MINESAND"); the join keys
// keep such words as written.
float JoinedSim(const WeightedToken& a, const WeightedToken& b, const WeightedToken& whole) {
  if ((a.role == TokenRole::kStop && b.role == TokenRole::kStop) ||
      whole.role == TokenRole::kStop) {
    return 0;
  }
  if (a.role == TokenRole::kLegalForm && whole.role == TokenRole::kLegalForm) return 0;
  std::size_t length = a.join.size() + b.join.size();
  if (length < 4 || length > 64) return 0;
  if (whole.join.size() + 3 < length || length + 3 < whole.join.size()) return 0;
  // No fuzzy join tolerates more than three edits: letters on one side only rule it out.
  if (LetterBound(a.join_letters | b.join_letters, whole.join_letters) > 3) return 0;
  std::array<char, 64> buffer;
  std::memcpy(buffer.data(), a.join.data(), a.join.size());
  std::memcpy(buffer.data() + a.join.size(), b.join.data(), b.join.size());
  std::string_view joined(buffer.data(), length);
  if (joined == whole.join) return 1.0f;
  // A stop word joins only as written: "DE LIMA" is not a misspelt "Delia".
  if (a.role == TokenRole::kStop || b.role == TokenRole::kStop) return 0;
  double sim = FuzzySim(joined, whole.join, a.join_letters | b.join_letters, whole.join_letters);
  return sim >= 0.75 ? static_cast<float>(sim) : 0.0f;
}

// "jrr" against "john ronald reuel": every letter of a short token is the initial of one
// of consecutive tokens of the other side.
bool InitialsOf(const WeightedToken& initials, const std::vector<WeightedToken>& other,
                std::size_t start, std::size_t limit) {
  std::size_t count = initials.key.size();
  if (count < 2 || count > 4 || start + count > limit) return false;
  if (initials.particle != 0) return false;  // "al" is the article, not A. L.
  for (std::size_t k = 0; k < count; ++k) {
    const WeightedToken& t = other[start + k];
    if (t.role != TokenRole::kName || t.key.empty() || t.key[0] != initials.key[k]) return false;
  }
  return true;
}

std::string JoinWritten(const std::vector<WeightedToken>& tokens, std::uint32_t mask) {
  std::string out;
  for (std::size_t i = 0; i < tokens.size() && i < 32; ++i) {
    if ((mask >> i) & 1u) {
      if (!out.empty()) out += ' ';
      out += tokens[i].written.empty() ? tokens[i].key : tokens[i].written;
    }
  }
  return out;
}

bool HasLegalForm(const std::vector<WeightedToken>& tokens, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (tokens[i].role == TokenRole::kLegalForm) return true;
  }
  return false;
}

}  // namespace

float RoleFactor(TokenRole role) {
  switch (role) {
    case TokenRole::kName:
      return 1.0f;
    case TokenRole::kOrgTerm:
      return 0.5f;
    case TokenRole::kLegalForm:
      return 0.2f;
    case TokenRole::kStop:
      return 0.02f;
  }
  return 1.0f;
}

float BuiltinWeight(const Token& token) {
  float base = 1.0f;
  if (token.key.size() == 1) {
    base = 0.5f;
  } else if (IsCommonPart(token.key)) {
    base = 0.5f;
  }
  return base * RoleFactor(token.role);
}

float IdfWeight(const Token& token, std::uint32_t df, std::uint32_t total) {
  // Below a few thousand names document frequencies say little; the built-in table
  // is the better guide there.
  float builtin = BuiltinWeight(token);
  if (total < 2000) return builtin;
  double idf = std::log((static_cast<double>(total) + 1.0) / (static_cast<double>(df) + 1.0));
  // A part found in one name of ~3,000 or fewer counts fully.
  double rarity = std::min(1.0, idf / std::log(3000.0));
  float weight = static_cast<float>(0.3 + 0.7 * rarity) * RoleFactor(token.role);
  return std::min(weight, builtin);
}

int Tolerance(std::size_t length) {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 13) return 2;
  return 3;
}

int EditDistance(std::string_view a, std::string_view b, int limit) {
  if (a.size() > b.size()) std::swap(a, b);
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if (static_cast<int>(m - n) > limit) return limit + 1;
  if (n == 0) return static_cast<int>(m);
  // Three rows of the optimal-string-alignment matrix, on the stack for usual lengths.
  constexpr std::size_t kStack = 72;
  std::array<int, kStack * 3> stack_rows;
  std::vector<int> heap_rows;
  int* rows = stack_rows.data();
  if (n + 1 > kStack) {
    heap_rows.resize((n + 1) * 3);
    rows = heap_rows.data();
  }
  int* before = rows;
  int* previous = rows + (n + 1);
  int* current = rows + 2 * (n + 1);
  for (std::size_t i = 0; i <= n; ++i) previous[i] = static_cast<int>(i);
  for (std::size_t j = 1; j <= m; ++j) {
    current[0] = static_cast<int>(j);
    int row_min = current[0];
    for (std::size_t i = 1; i <= n; ++i) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int value = std::min({previous[i] + 1, current[i - 1] + 1, previous[i - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        value = std::min(value, before[i - 2] + 1);
      }
      current[i] = value;
      row_min = std::min(row_min, value);
    }
    if (row_min > limit) return limit + 1;
    int* spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[n];
}

std::string JoinKey(const Token& token) {
  if (token.role != TokenRole::kLegalForm && token.role != TokenRole::kOrgTerm) return token.key;
  std::string out;
  for (char c : token.written) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) return token.key;  // not a Latin spelling: the key is all there is
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
  }
  return out.empty() ? token.key : out;
}

PreparedReading Prepare(const Reading& reading, float (*weigh)(const Token&, const void*),
                        const void* context) {
  PreparedReading out;
  out.label = reading.label;
  out.abjad = reading.label.rfind("ar", 0) == 0 || reading.label.rfind("he", 0) == 0 ||
              reading.label.rfind("fa", 0) == 0 || reading.label.rfind("ur", 0) == 0;
  out.latin = reading.label == "latin";
  out.tokens.reserve(reading.tokens.size());
  for (const Token& token : reading.tokens) {
    if (token.key.empty()) continue;
    WeightedToken w;
    w.key = token.key;
    w.phonetic = token.phonetic.empty() ? token.key : token.phonetic;
    w.skeleton = token.skeleton;
    w.written = token.written;
    w.role = token.role;
    w.weight = weigh(token, context);
    w.key_letters = Letters(w.key);
    w.phonetic_letters = Letters(w.phonetic);
    w.abjad_skeleton = FoldForAbjad(w.skeleton);
    w.skeleton_letters = Letters(w.abjad_skeleton);
    w.particle = Particle(w.key);
    w.cjk = CjkClass(w.written);
    w.spelling = out.latin ? Phonetic(token.key, PhoneticFold::kSpelling) : w.phonetic;
    w.spelling_letters = Letters(w.spelling);
    w.common = IsCommonPart(token.key);
    w.join = JoinKey(token);
    w.join_letters = Letters(w.join);
    out.tokens.push_back(std::move(w));
  }
  return out;
}

// Readings transliterated from Han, Hangul, kana or an abjad script are many-to-one
// (정 is jung, jeong, chong or jong): a match through them is less certain than the
// same match between names written in one script.
double CrossScriptFactor(std::string_view a, std::string_view b) {
  auto family = [](std::string_view label) { return label.substr(0, label.find('-')); };
  std::string_view fa = family(a);
  std::string_view fb = family(b);
  if (fa == fb) return 1.0;
  // Kana renderings spell sounds (ja-kana, ja-foreign); kanji, hanzi and Korean
  // syllables read as Latin are the many-to-one ones.
  auto syllabic = [&](std::string_view f) {
    return f == "ko" || f == "zh" || (f == "ja" && (a == "ja-mecab" || b == "ja-mecab"));
  };
  auto abjad = [](std::string_view f) { return f == "ar" || f == "he" || f == "fa"; };
  if (syllabic(fa) || syllabic(fb)) return kCrossSyllabic;
  if (abjad(fa) || abjad(fb)) return kCrossAbjad;
  return 1.0;
}

double ScoreReadings(const PreparedReading& query, const PreparedReading& candidate,
                     std::vector<PartMatch>* parts) {
  const auto& qt = query.tokens;
  const auto& ct = candidate.tokens;
  const std::size_t n = std::min(qt.size(), kMaxTokens);
  const std::size_t m = std::min(ct.size(), kMaxTokens);
  if (n == 0 || m == 0) return 0;
  // Skeletons bridge an unvocalised reading and a vocalised one; two readings of the
  // same abjad script compare their transliterations directly (محمد is not محمدی).
  const AbjadSide abjad = query.abjad == candidate.abjad
                              ? AbjadSide::kNone
                              : (query.abjad ? AbjadSide::kQuery : AbjadSide::kCandidate);
  const bool spelled = query.latin && candidate.latin;

  thread_local std::vector<Edge> edges;
  edges.clear();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      MatchHow how = MatchHow::kExact;
      float sim = TokenSim(qt[i], ct[j], abjad, spelled, &how);
      if (sim > 0) edges.push_back({sim, 1u << i, 1u << j, how});
    }
  }
  // Joined and split parts.
  for (std::size_t i = 0; i + 1 < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      float sim = JoinedSim(qt[i], qt[i + 1], ct[j]);
      if (sim > 0) edges.push_back({sim, (3u << i), 1u << j, MatchHow::kJoined});
    }
  }
  for (std::size_t j = 0; j + 1 < m; ++j) {
    for (std::size_t i = 0; i < n; ++i) {
      float sim = JoinedSim(ct[j], ct[j + 1], qt[i]);
      if (sim > 0) edges.push_back({sim, 1u << i, (3u << j), MatchHow::kJoined});
    }
  }
  // Runs of initials written as one token.
  for (std::size_t i = 0; i < n; ++i) {
    if (qt[i].role != TokenRole::kName) continue;
    for (std::size_t j = 0; j < m; ++j) {
      if (InitialsOf(qt[i], ct, j, m)) {
        std::uint32_t run = ((1u << qt[i].key.size()) - 1u) << j;
        edges.push_back({0.75f, 1u << i, run, MatchHow::kInitial});
      }
    }
  }
  for (std::size_t j = 0; j < m; ++j) {
    if (ct[j].role != TokenRole::kName) continue;
    for (std::size_t i = 0; i < n; ++i) {
      if (InitialsOf(ct[j], qt, i, n)) {
        std::uint32_t run = ((1u << ct[j].key.size()) - 1u) << i;
        edges.push_back({0.75f, run, 1u << j, MatchHow::kInitial});
      }
    }
  }
  // Greedy assignment, best similarity first; among equals the earlier parts first, so
  // the result never depends on anything but the input.
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    if (a.sim != b.sim) return a.sim > b.sim;
    if (a.qmask != b.qmask) return a.qmask < b.qmask;
    return a.cmask < b.cmask;
  });

  // Greedy choice of the edges; their coverage is summed once the weights are final.
  std::uint32_t q_used = 0;
  std::uint32_t c_used = 0;
  std::array<std::size_t, kMaxTokens * 2> chosen{};
  std::size_t chosen_count = 0;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const Edge& edge = edges[e];
    if ((edge.qmask & q_used) || (edge.cmask & c_used)) continue;
    q_used |= edge.qmask;
    c_used |= edge.cmask;
    if (chosen_count < chosen.size()) chosen[chosen_count++] = e;
  }
  // Parts left over on both sides that are still alike (two typos in one part, a short
  // part misspelt: "Jafia"/"Jafari", "Abm"/"Abu") pair up weakly, best first, so that
  // they count as a damaged match rather than a conflict.
  if (spelled && (q_used != (1u << n) - 1u) && (c_used != (1u << m) - 1u)) {
    const std::size_t strong = edges.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (((q_used >> i) & 1u) || qt[i].role != TokenRole::kName || qt[i].key.size() < 2) continue;
      for (std::size_t j = 0; j < m; ++j) {
        if (((c_used >> j) & 1u) || ct[j].role != TokenRole::kName || ct[j].key.size() < 2) {
          continue;
        }
        // Two common names are two names, not one misspelt (Ahmed/Mohamed, Chen/Chiang).
        if (qt[i].common && ct[j].common) continue;
        const std::size_t longer = std::max(qt[i].key.size(), ct[j].key.size());
        const std::size_t shorter = std::min(qt[i].key.size(), ct[j].key.size());
        const int limit = static_cast<int>(longer / 2);
        if (static_cast<int>(longer - shorter) > limit ||
            LetterBound(qt[i].key_letters, ct[j].key_letters) > limit) {
          continue;
        }
        const int d = EditDistance(qt[i].key, ct[j].key, limit);
        if (d > limit) continue;
        const double alike = 1.0 - static_cast<double>(d) / static_cast<double>(longer);
        edges.push_back(
            {static_cast<float>(kWeakFactor * alike), 1u << i, 1u << j, MatchHow::kWeak});
      }
    }
    std::sort(edges.begin() + static_cast<std::ptrdiff_t>(strong), edges.end(),
              [](const Edge& a, const Edge& b) {
                if (a.sim != b.sim) return a.sim > b.sim;
                if (a.qmask != b.qmask) return a.qmask < b.qmask;
                return a.cmask < b.cmask;
              });
    for (std::size_t e = strong; e < edges.size(); ++e) {
      const Edge& edge = edges[e];
      if ((edge.qmask & q_used) || (edge.cmask & c_used)) continue;
      q_used |= edge.qmask;
      c_used |= edge.cmask;
      if (chosen_count < chosen.size()) chosen[chosen_count++] = e;
    }
  }

  // A missing legal form hardly matters: when only one side has one, it leaves the sums.
  const bool q_legal = HasLegalForm(qt, n);
  const bool c_legal = HasLegalForm(ct, m);
  std::array<float, kMaxTokens> qw{};
  std::array<float, kMaxTokens> cw{};
  for (std::size_t i = 0; i < n; ++i) {
    qw[i] = (qt[i].role == TokenRole::kLegalForm && !c_legal) ? 0.0f : qt[i].weight;
  }
  for (std::size_t j = 0; j < m; ++j) {
    cw[j] = (ct[j].role == TokenRole::kLegalForm && !q_legal) ? 0.0f : ct[j].weight;
  }
  // An initial tells no more than one letter: the full part it stands for weighs at most
  // what the initial weighs, so that "R. Saddam Hussein"
  // meets "Raghad Saddam Hussein" better than "Saddam Hussein", and a rare given name
  // behind an initial does not sink the match.
  // Only beside a part that matched in full: a name of initials alone ("N. N.") says
  // too little to lift.
  bool full_part_matched = false;
  for (std::size_t k = 0; k < chosen_count; ++k) {
    const MatchHow how = edges[chosen[k]].how;
    full_part_matched = full_part_matched || (how != MatchHow::kInitial && how != MatchHow::kWeak &&
                                              how != MatchHow::kLegalForm);
  }
  for (std::size_t k = 0; full_part_matched && k < chosen_count; ++k) {
    const Edge& edge = edges[chosen[k]];
    // Only a single initial: a run of them ("jrr") is a token of its own that may be a
    // word or a syllable (Korean "Se").
    if (edge.how != MatchHow::kInitial || !std::has_single_bit(edge.qmask) ||
        !std::has_single_bit(edge.cmask)) {
      continue;
    }
    const bool query_initial = std::has_single_bit(edge.qmask);
    const std::uint32_t initial_mask = query_initial ? edge.qmask : edge.cmask;
    const std::uint32_t full_mask = query_initial ? edge.cmask : edge.qmask;
    const float initial_weight = query_initial
                                     ? qw[static_cast<std::size_t>(std::countr_zero(initial_mask))]
                                     : cw[static_cast<std::size_t>(std::countr_zero(initial_mask))];
    const float cap = initial_weight;
    auto& full = query_initial ? cw : qw;
    for (std::size_t b = 0; b < kMaxTokens; ++b) {
      if ((full_mask >> b) & 1u) full[b] = std::min(full[b], cap);
    }
  }
  double q_total = 0;
  double c_total = 0;
  for (std::size_t i = 0; i < n; ++i) q_total += qw[i];
  for (std::size_t j = 0; j < m; ++j) c_total += cw[j];
  if (q_total <= 0 || c_total <= 0) return 0;

  double q_cover = 0;
  double c_cover = 0;
  double evidence = 0;
  std::array<int, kMaxTokens> partner;
  partner.fill(-1);
  for (std::size_t k = 0; k < chosen_count; ++k) {
    const Edge& edge = edges[chosen[k]];
    double qsum = 0;
    double csum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if ((edge.qmask >> i) & 1u) qsum += qw[i];
    }
    for (std::size_t j = 0; j < m; ++j) {
      if ((edge.cmask >> j) & 1u) csum += cw[j];
    }
    const bool single_initial = full_part_matched && edge.how == MatchHow::kInitial &&
                                std::has_single_bit(edge.qmask) && std::has_single_bit(edge.cmask);
    const double sim = single_initial ? kInitialCover : edge.sim;
    q_cover += sim * qsum;
    c_cover += sim * csum;
    evidence += sim * std::min(qsum, csum);
    if (std::has_single_bit(edge.qmask) && std::has_single_bit(edge.cmask)) {
      partner[static_cast<std::size_t>(std::countr_zero(edge.qmask))] =
          std::countr_zero(edge.cmask);
    }
  }
  double qc = q_cover / q_total;
  double cc = c_cover / c_total;
  double high = std::max(qc, cc);
  double low = std::min(qc, cc);
  // The fuller side's coverage counts most: a name with parts dropped still matches the
  // name it was shortened from, but parts of the shorter side left unmatched weigh in
  // fully.
  // Parts left over on both sides are a conflict (a different given name, another
  // father's name), not a shortening: that costs more than the coverage says.
  double q_left = 0;
  double c_left = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!((q_used >> i) & 1u) && IsNameLike(qt[i].role)) q_left += qw[i];
  }
  for (std::size_t j = 0; j < m; ++j) {
    if (!((c_used >> j) & 1u) && IsNameLike(ct[j].role)) c_left += cw[j];
  }
  // A weak pairing is still a conflict in the measure that its parts differ.
  for (std::size_t k = 0; k < chosen_count; ++k) {
    const Edge& edge = edges[chosen[k]];
    if (edge.how != MatchHow::kWeak) continue;
    const double unlike = 1.0 - edge.sim / kWeakFactor;
    q_left += unlike * qw[static_cast<std::size_t>(std::countr_zero(edge.qmask))];
    c_left += unlike * cw[static_cast<std::size_t>(std::countr_zero(edge.cmask))];
  }
  double conflict = std::min(q_left / q_total, c_left / c_total);
  // How far the fuller side may lift the score depends on how much evidence matched:
  // one shared common part ("John") is not a shortened name.
  // Parts missing across a lossy transliteration count fully: a syllable or two of a
  // Korean or Chinese name read in Latin letters meet half the names on a list.
  const double cross = CrossScriptFactor(query.label, candidate.label);
  double lift = kLift * std::min(1.0, evidence / kLiftEvidence);
  if (cross < 1.0) lift *= kCrossLift;
  double score = low + lift * (high - low) - kConflict * conflict;
  // "a bin b" against "b bin a": father and son swapped is another person.
  auto filiation = [](const std::vector<WeightedToken>& tokens, std::size_t count) {
    for (std::size_t f = 1; f + 1 < count; ++f) {
      if (IsFiliation(tokens[f].particle)) return static_cast<int>(f);
    }
    return -1;
  };
  int qf = filiation(qt, n);
  int cf = filiation(ct, m);
  if (qf > 0 && cf > 0 && partner[static_cast<std::size_t>(qf - 1)] == cf + 1 &&
      partner[static_cast<std::size_t>(qf + 1)] == cf - 1) {
    score *= kFiliationSwap;
  }
  // Syllables read from Han or Hangul keep their order within a name: 광수 is not
  // Su-gwang. The family name may move from front to back, so the matched syllables must
  // be in order up to one rotation (at most one descent, counting the wrap-around).
  if (cross == kCrossSyllabic) {
    int previous = -1;
    int first = -1;
    int descents = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (partner[i] < 0) continue;
      if (first < 0) first = partner[i];
      if (previous >= 0 && partner[i] < previous) ++descents;
      previous = partner[i];
    }
    if (previous >= 0 && first >= 0 && previous > first) ++descents;
    if (descents > 1) score *= kSyllableOrder;
  }
  score = std::clamp(score * cross, 0.0, 1.0);

  if (parts != nullptr) {
    parts->clear();
    auto share = [&](std::uint32_t qmask, std::uint32_t cmask) {
      double qsum = 0;
      double csum = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if ((qmask >> i) & 1u) qsum += qw[i];
      }
      for (std::size_t j = 0; j < m; ++j) {
        if ((cmask >> j) & 1u) csum += cw[j];
      }
      return 0.5 * (qsum / q_total + csum / c_total);
    };
    for (std::size_t k = 0; k < chosen_count; ++k) {
      const Edge& edge = edges[chosen[k]];
      PartMatch part;
      part.query_part = JoinWritten(qt, edge.qmask);
      part.candidate_part = JoinWritten(ct, edge.cmask);
      part.how = edge.how;
      part.similarity = edge.sim;
      part.weight = share(edge.qmask, edge.cmask);
      parts->push_back(std::move(part));
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (!((q_used >> i) & 1u)) {
        PartMatch part;
        part.query_part = qt[i].written.empty() ? qt[i].key : qt[i].written;
        part.how = MatchHow::kMissing;
        part.weight = share(1u << i, 0);
        parts->push_back(std::move(part));
      }
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (!((c_used >> j) & 1u)) {
        PartMatch part;
        part.candidate_part = ct[j].written.empty() ? ct[j].key : ct[j].written;
        part.how = MatchHow::kExtra;
        part.weight = share(0, 1u << j);
        parts->push_back(std::move(part));
      }
    }
  }
  return score;
}

double ScoreNames(const std::vector<PreparedReading>& query,
                  const std::vector<PreparedReading>& candidate, bool kind_mismatch,
                  Explanation* why) {
  double best = -1;
  std::size_t best_q = 0;
  std::size_t best_c = 0;
  for (std::size_t a = 0; a < query.size(); ++a) {
    for (std::size_t b = 0; b < candidate.size(); ++b) {
      double s = ScoreReadings(query[a], candidate[b], nullptr);
      if (s > best) {
        best = s;
        best_q = a;
        best_c = b;
      }
    }
  }
  if (best < 0) {
    if (why != nullptr) *why = Explanation{};
    return 0;
  }
  if (why != nullptr) {
    why->query_reading = query[best_q].label;
    why->candidate_reading = candidate[best_c].label;
    ScoreReadings(query[best_q], candidate[best_c], &why->parts);
  }
  if (kind_mismatch) best *= kKindMismatchFactor;
  return best;
}

}  // namespace internal

// Chosen where both targets hold: F1 0.851 on the labelled pairs, and 0.98 false alerts
// per 1,000 clean names screened against the METI, UN and OFAC lists (at 0.84 F1 is
// 0.855 but false alerts 1.13; docs/performance.md gives the curve).
double DefaultThreshold() { return 0.85; }

struct PreparedName::Impl {
  std::vector<internal::PreparedReading> readings;
};

PreparedName::PreparedName(std::string_view name, Kind kind) {
  const AnalyzedName analyzed = Analyzer::Default().Analyze(name, kind);
  auto weigh = [](const Token& token, const void*) { return internal::BuiltinWeight(token); };
  auto impl = std::make_shared<Impl>();
  impl->readings.reserve(analyzed.readings.size());
  for (const Reading& r : analyzed.readings) {
    impl->readings.push_back(internal::Prepare(r, weigh, nullptr));
  }
  impl_ = std::move(impl);
}

double ScorePair(const PreparedName& a, const PreparedName& b, Explanation* why) {
  return internal::ScoreNames(a.impl_->readings, b.impl_->readings, false, why);
}

double ScorePair(std::string_view a, std::string_view b, Kind kind, Explanation* why) {
  return ScorePair(PreparedName(a, kind), PreparedName(b, kind), why);
}

}  // namespace asta::names
