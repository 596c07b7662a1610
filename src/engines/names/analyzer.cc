// The name analyzer: one name in, its Latin readings out.
//
// A name is normalised (NFKC, case folding), cut into words at spaces, punctuation and
// script changes, and every word is read in the ways its script allows: a Latin word as
// itself (diacritics dropped), Cyrillic/Greek/Thai through ICU, kana, Hangul, Arabic and
// Hebrew through the hand-written romanisers of translit_tables.cc, Han as Chinese
// (Pinyin), Japanese (MeCab readings), Korean (hanja table) and through the organisation
// lexicon. Each way of reading is a label; a reading of the whole name takes, for every
// word, that word's alternative with the label, or its primary one. Roles (legal form,
// organisation term, stop word) come from the lexicons.
//
// Thread safety: ICU transliterators are not thread-safe, so every thread clones its own
// from the prototypes on first use; MeCab has one Model and a Tagger and Lattice per
// thread. Nothing else is mutable after construction, and nothing is cached per input.
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/mecab_model.h"
#include "engines/names/analyzer_internal.h"
#include "engines/names/names.h"
#include "mecab.h"

namespace asta::names {

using internal::DecodeUtf8;
using internal::EncodeUtf8;
using internal::KeyOf;
using internal::LexiconEntry;

namespace {

enum TranslitId : std::size_t {
  kLatinAscii,
  kRussian,
  kGreek,
  kThai,
  kHan,
  kHanNames,
  kAnyLatin,
  kTranslitCount
};

constexpr std::array<const char*, kTranslitCount> kTranslitIds = {
    "Latin-ASCII",
    "Russian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Greek-Latin/UNGEGN; Latin-ASCII",
    "Thai-Latin; Latin-ASCII",
    "Han-Latin; Latin-ASCII",
    "Han-Latin/Names; Latin-ASCII",
    "Any-Latin; Latin-ASCII"};

// How a word is written, for choosing its readers. Han and kana share one class because
// Japanese writes them together in one word.
enum class WordScript {
  kLatin,
  kDigits,
  kCjk,
  kHangul,
  kCyrillic,
  kArabic,
  kGreek,
  kHebrew,
  kThai,
  kOther
};

struct Word {
  std::u32string text;  // NFKC, case-folded
  std::string written;  // NFKC as written
  WordScript script = WordScript::kLatin;
  bool after_dot = false;  // the separator before it was a full stop ("L.L.C.")
};

struct Alt {
  std::string label;
  std::vector<Token> tokens;
};

// The readings of one word; alts[0] is its primary reading.
struct WordReadings {
  std::vector<Alt> alts;
};

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool IsCombiningMark(char32_t cp) {
  return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 ||
         (cp >= 0x591 && cp <= 0x5C7 && cp != 0x5BE && cp != 0x5C0 && cp != 0x5C3 && cp != 0x5C6) ||
         (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x20D0 && cp <= 0x20FF) || cp == 0x200C ||
         cp == 0x200D || cp == 0x3099 || cp == 0x309A;
}

bool IsApostrophe(char32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x2BC || cp == 0x2BB || cp == '`' ||
         cp == 0xB4;
}

WordScript ClassOf(char32_t cp) {
  if (cp >= '0' && cp <= '9') return WordScript::kDigits;
  switch (internal::ScriptOf(cp)) {
    case Script::kLatin:
      return WordScript::kLatin;
    case Script::kHan:
    case Script::kKana:
      return WordScript::kCjk;
    case Script::kHangul:
      return WordScript::kHangul;
    case Script::kCyrillic:
      return WordScript::kCyrillic;
    case Script::kArabic:
      return WordScript::kArabic;
    case Script::kGreek:
      return WordScript::kGreek;
    case Script::kHebrew:
      return WordScript::kHebrew;
    case Script::kThai:
      return WordScript::kThai;
    case Script::kOther:
      break;
  }
  return WordScript::kOther;
}

// The letter of `script` (Latin or Cyrillic) that `cp`, a letter of the other one, looks
// like; 0 when it looks like none.
char32_t Homoglyph(char32_t cp, WordScript script) {
  static constexpr std::pair<char32_t, char32_t> kPairs[] = {
      {U'a', U'а'}, {U'e', U'е'}, {U'o', U'о'}, {U'p', U'р'}, {U'c', U'с'},
      {U'x', U'х'}, {U'y', U'у'}, {U'i', U'і'}, {U'A', U'А'}, {U'B', U'В'},
      {U'E', U'Е'}, {U'K', U'К'}, {U'M', U'М'}, {U'H', U'Н'}, {U'O', U'О'},
      {U'P', U'Р'}, {U'C', U'С'}, {U'T', U'Т'}, {U'X', U'Х'}, {U'Y', U'У'}};
  for (const auto& [latin, cyrillic] : kPairs) {
    if (script == WordScript::kCyrillic && cp == latin) return cyrillic;
    if (script == WordScript::kLatin && cp == cyrillic) return latin;
  }
  return 0;
}

// In a word that mixes Latin and Cyrillic letters, the look-alike letters of one script
// are read as the other's: the script with more letters that have no look-alike wins
// (Васовa with a Latin a is Cyrillic; Раураl with Cyrillic Р, а, у is Latin), the first
// letter's on a tie. A name written in one script never mixes in the other, so this only
// undoes typing slips and disguises.
void FoldHomoglyphs(std::u32string& cps) {
  for (std::size_t start = 0; start < cps.size();) {
    std::size_t end = start;
    int latin = 0;
    int cyrillic = 0;
    bool mixed_latin = false;
    bool mixed_cyrillic = false;
    while (end < cps.size() &&
           (IsCombiningMark(cps[end]) || ClassOf(cps[end]) == WordScript::kLatin ||
            ClassOf(cps[end]) == WordScript::kCyrillic)) {
      const WordScript cls = ClassOf(cps[end]);
      if (cls == WordScript::kLatin) {
        mixed_latin = true;
        if (Homoglyph(cps[end], WordScript::kCyrillic) == 0) ++latin;
      } else if (cls == WordScript::kCyrillic) {
        mixed_cyrillic = true;
        if (Homoglyph(cps[end], WordScript::kLatin) == 0) ++cyrillic;
      }
      ++end;
    }
    if (end == start) {
      ++start;
      continue;
    }
    if (mixed_latin && mixed_cyrillic) {
      WordScript winner = latin > cyrillic ? WordScript::kLatin : WordScript::kCyrillic;
      if (latin == cyrillic) winner = ClassOf(cps[start]);
      for (std::size_t i = start; i < end; ++i) {
        if (ClassOf(cps[i]) != winner) {
          const char32_t same = Homoglyph(cps[i], winner);
          if (same != 0) cps[i] = same;
        }
      }
    }
    start = end;
  }
}

// A letter of a script we have no reader for still belongs to a word (ICU's Any-Latin
// reads it); punctuation, symbols and spaces separate words.
bool IsOtherLetter(char32_t cp) {
  if (cp < 0x80) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF65) return false;  // fullwidth punctuation (pre-NFKC)
  if (cp == 0x30FB || cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB7) return false;
  if (cp >= 0x80 && cp <= 0xBF) return false;
  if (cp == 0x60C || cp == 0x61B || cp == 0x61F || cp == 0x6D4 || cp == 0x640) return false;
  return true;
}

Token MakeToken(std::string key, std::string written, TokenRole role) {
  Token t;
  t.key = std::move(key);
  t.written = std::move(written);
  t.role = role;
  return t;
}

void FillPhonetics(Token& t) {
  t.phonetic = internal::Phonetic(t.key);
  t.skeleton = internal::Skeleton(t.phonetic);
}

// Tokens for an English lexicon gloss ("science and technology"), in written order.
void AppendGloss(const LexiconEntry& entry, const std::string& written, std::size_t variant,
                 std::vector<Token>& out) {
  if (entry.role == TokenRole::kLegalForm) {
    out.push_back(MakeToken(entry.english, written, TokenRole::kLegalForm));
    return;
  }
  // Alternatives are separated by ';'; a variant past the last takes the last.
  std::string_view all = entry.english;
  for (std::size_t v = 0; v < variant; ++v) {
    const std::size_t semi = all.find(';');
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  const std::string gloss(all.substr(0, all.find(';')));
  std::size_t start = 0;
  while (start < gloss.size()) {
    std::size_t end = gloss.find(' ', start);
    if (end == std::string::npos) end = gloss.size();
    std::string word = gloss.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    const bool stop = word == "and" || word == "of" || word == "the" || word == "for";
    // Gloss words are English; spell them as the English side's concept keys do.
    if (entry.role == TokenRole::kOrgTerm && !stop) {
      const std::string_view org_concept = internal::EnglishOrgConcept(word);
      if (!org_concept.empty() && org_concept.find(' ') == std::string_view::npos) {
        word = std::string(org_concept);
      }
    }
    out.push_back(MakeToken(word, written, stop ? TokenRole::kStop : entry.role));
  }
}

// Kinds of organisation words that are also common in personal names; in a name of
// unknown kind they count as organisation terms only beside a stronger one.
bool IsWeakConcept(std::string_view org_concept) {
  static const auto* weak = new std::unordered_set<std::string_view>{
      "art",       "law",        "power",       "heavy",     "factory",    "works",
      "design",    "public",     "private",     "state",     "normal",     "national",
      "central",   "applied",    "advanced",    "space",     "trading",    "fund",
      "office",    "branch",     "services",    "systems",   "motor",      "network",
      "energy",    "health",     "ocean",       "precision", "steel",      "metal",
      "missile",   "rocket",     "army",        "navy",      "federal",    "international",
      "medical",   "finance",    "commerce",    "education", "library",    "museum",
      "clinic",    "graduate",   "faculty",     "agency",    "bureau",     "council",
      "city",      "provincial", "prefectural", "municipal", "district",   "town",
      "village",   "key",        "support",     "promotion", "protection", "safety",
      "general",   "test",       "testing",     "food",      "culture",    "music",
      "sport",     "civil",      "peoples",     "studies",   "welfare",    "comprehensive",
      "affiliated"};
  return weak->count(org_concept) > 0;
}

bool IsCjkHonorific(std::u32string_view text) {
  for (const std::u32string& h : internal::CjkHonorifics()) {
    if (text == h) return true;
  }
  return false;
}

}  // namespace

struct Analyzer::Impl {
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfkc_cf = nullptr;
  std::array<std::unique_ptr<icu::Transliterator>, kTranslitCount> prototypes;
  std::unique_ptr<MeCab::Model> mecab;

  Impl();

  // This thread's clone of a transliterator; null when ICU lacks it.
  icu::Transliterator* Translit(TranslitId id) const;
  std::string ToLatinKey(TranslitId id, std::u32string_view text) const;
  std::string ToLatinKeyUncached(TranslitId id, std::u32string_view text) const;
  // The Pinyin of one Han character; `surname` reads it as a surname (单 shan).
  std::string HanSyllable(char32_t cp, bool surname = false) const;
  mutable std::shared_mutex han_cache_mutex;
  mutable std::unordered_map<char32_t, std::string> han_cache;
  std::string NfkcUtf8(std::string_view text, bool casefold) const;

  std::vector<Word> SplitWords(std::string_view nfkc_text) const;
  WordReadings ReadLatinLike(const Word& word) const;
  WordReadings ReadArabic(const Word& word) const;
  WordReadings ReadHebrew(const Word& word) const;
  WordReadings ReadHangul(const Word& word, bool person_like, Kind kind) const;
  WordReadings ReadCjk(const Word& word, bool person_like, Kind kind) const;

  std::vector<Token> MecabTokens(std::u32string_view text) const;
  std::vector<Token> PinyinPersonTokens(std::u32string_view text) const;
  std::vector<Token> PinyinTokens(std::u32string_view text) const;
  void KoreanPersonAlts(std::u32string_view hangul, std::u32string_view written,
                        std::string_view label, std::vector<Alt>& out) const;
  // Segments a run of Han/kana/Hangul by longest lexicon match. Returns false when no
  // lexicon term was found. Leftover runs are read by `leftover`.
  template <typename Leftover>
  bool LexiconSegment(std::u32string_view text, Leftover leftover, std::vector<Token>& out,
                      std::size_t variant = 0, bool* has_variants = nullptr) const;

  void AssignLatinRoles(std::vector<WordReadings>& words, const std::vector<Word>& raw,
                        Kind kind) const;
};

namespace {}  // namespace

Analyzer::Impl::Impl() {
  UErrorCode status = U_ZERO_ERROR;
  nfkc = icu::Normalizer2::getNFKCInstance(status);
  status = U_ZERO_ERROR;
  nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  for (std::size_t i = 0; i < kTranslitCount; ++i) {
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8(kTranslitIds[i]), UTRANS_FORWARD, status));
    if (U_SUCCESS(status)) prototypes[i] = std::move(t);
  }
  mecab = OpenMecabModel();
}

icu::Transliterator* Analyzer::Impl::Translit(TranslitId id) const {
  struct PerThread {
    const Impl* owner = nullptr;
    std::array<std::unique_ptr<icu::Transliterator>, kTranslitCount> clones;
  };
  thread_local PerThread local;
  if (local.owner != this) {
    for (auto& c : local.clones) c.reset();
    local.owner = this;
  }
  if (!local.clones[id] && prototypes[id]) local.clones[id].reset(prototypes[id]->clone());
  return local.clones[id].get();
}

std::string Analyzer::Impl::ToLatinKey(TranslitId id, std::u32string_view text) const {
  // ICU's Han-Latin reads one character at a time but is slow to call; the Pinyin of each
  // character is kept once computed. The table is bounded by the number of Han code
  // points that exist, and past kMaxHanCache entries nothing more is kept.
  if (id == kHan && text.size() > 1 &&
      std::all_of(text.begin(), text.end(), [](char32_t cp) { return internal::IsHan(cp); })) {
    std::string out;
    for (char32_t cp : text) out += HanSyllable(cp);
    return out;
  }
  return ToLatinKeyUncached(id, text);
}

std::string Analyzer::Impl::HanSyllable(char32_t cp, bool surname) const {
  constexpr std::size_t kMaxHanCache = 100000;
  {
    std::shared_lock<std::shared_mutex> lock(han_cache_mutex);
    const auto it = han_cache.find(surname ? cp | 0x40000000 : cp);
    if (it != han_cache.end()) return it->second;
  }
  const std::u32string one(1, cp);
  std::string syllable = ToLatinKeyUncached(surname ? kHanNames : kHan, one);
  std::unique_lock<std::shared_mutex> lock(han_cache_mutex);
  if (han_cache.size() < kMaxHanCache) han_cache.emplace(surname ? cp | 0x40000000 : cp, syllable);
  return syllable;
}

std::string Analyzer::Impl::ToLatinKeyUncached(TranslitId id, std::u32string_view text) const {
  icu::Transliterator* t = Translit(id);
  if (t == nullptr) t = Translit(kAnyLatin);
  if (t == nullptr) return {};
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(EncodeUtf8(text));
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return KeyOf(out);
}

std::string Analyzer::Impl::NfkcUtf8(std::string_view text, bool casefold) const {
  const icu::Normalizer2* n = casefold ? nfkc_cf : nfkc;
  if (n == nullptr) return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  icu::UnicodeString result = n->normalize(u, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  result.toUTF8String(out);
  return out;
}

std::vector<Word> Analyzer::Impl::SplitWords(std::string_view nfkc_text) const {
  // Japanese abbreviations of legal forms, written in parentheses, become the full word.
  std::string text(nfkc_text);
  for (const auto& [from, to] :
       {std::pair<std::string_view, std::string_view>{"(株)", " 株式会社 "},
        {"(有)", " 有限会社 "},
        {"(合)", " 合同会社 "},
        {"(주)", " 주식회사 "}}) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from)) {
      text.replace(at, from.size(), to);
    }
  }
  std::u32string cps = DecodeUtf8(text);
  FoldHomoglyphs(cps);
  std::vector<Word> words;
  Word cur;
  bool saw_dot = false;
  auto flush = [&] {
    if (!cur.text.empty()) {
      words.push_back(std::move(cur));
    }
    cur = Word();
  };
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t cp = cps[i];
    if (IsCombiningMark(cp)) {
      if (!cur.text.empty()) cur.text.push_back(cp);
      continue;
    }
    if (IsApostrophe(cp) && !cur.text.empty() && cur.script == WordScript::kLatin) {
      continue;  // O'Brien, D'Souza: one word
    }
    WordScript cls = ClassOf(cp);
    if (cls == WordScript::kOther && !IsOtherLetter(cp)) {
      flush();
      if (cp == '.') saw_dot = true;
      continue;
    }
    if (!cur.text.empty() && cls != cur.script) flush();
    if (cur.text.empty()) {
      cur.script = cls;
      cur.after_dot = saw_dot;
      saw_dot = false;
    }
    cur.text.push_back(cp);
  }
  flush();
  // Case folding per word, and the written form.
  for (Word& w : words) {
    w.written = EncodeUtf8(w.text);
    if (IsAscii(w.written)) {
      for (char32_t& cp : w.text) {
        if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
      }
    } else if (w.script == WordScript::kLatin || w.script == WordScript::kCyrillic ||
               w.script == WordScript::kGreek || w.script == WordScript::kOther) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(w.written);
      u.foldCase();
      std::string folded;
      u.toUTF8String(folded);
      w.text = DecodeUtf8(folded);
    }
  }
  return words;
}

WordReadings Analyzer::Impl::ReadLatinLike(const Word& word) const {
  std::string key;
  std::string label = "latin";
  switch (word.script) {
    case WordScript::kLatin: {
      const std::string utf8 = EncodeUtf8(word.text);
      key = IsAscii(utf8) ? KeyOf(utf8) : ToLatinKey(kLatinAscii, word.text);
      break;
    }
    case WordScript::kDigits:
      key = KeyOf(EncodeUtf8(word.text));
      break;
    case WordScript::kCyrillic: {
      // ё is written yo in the usual English spellings (Fyodor), which BGN does not do.
      std::u32string text;
      for (char32_t cp : word.text) {
        if (cp == U'ё') {
          text += U"йо";
        } else {
          text.push_back(cp);
        }
      }
      key = ToLatinKey(kRussian, text);
      label = "ru-latin";
      break;
    }
    case WordScript::kGreek:
      key = ToLatinKey(kGreek, word.text);
      label = "el-latin";
      break;
    case WordScript::kThai: {
      // A Thai syllable of two consonants has an unwritten o (สม = som); ICU leaves it out.
      auto consonant = [](char32_t cp) { return cp >= 0xE01 && cp <= 0xE2E; };
      std::u32string text = word.text;
      // Thanthakhat (์) silences the letters it sits on back to their consonant (ดิ์).
      for (std::size_t k = 0; k < text.size(); ++k) {
        if (text[k] != U'\u0E4C') continue;
        std::size_t from = k;
        while (from > 0) {
          --from;
          if (consonant(text[from])) break;
        }
        text.erase(from, k + 1 - from);
        k = from;
        if (k > 0) --k;
      }
      if (text.size() >= 3 && consonant(text[0]) && consonant(text[1]) && consonant(text[2])) {
        text.insert(text.begin(), U'\u0E42');
      }
      key = ToLatinKey(kThai, text);
      label = "th-latin";
      break;
    }
    default:
      key = ToLatinKey(kAnyLatin, word.text);
      label = "other-latin";
      break;
  }
  WordReadings r;
  Alt alt;
  alt.label = label;
  if (!key.empty()) alt.tokens.push_back(MakeToken(key, word.written, TokenRole::kName));
  if (word.script == WordScript::kCyrillic && !alt.tokens.empty()) {
    if (const LexiconEntry* e = internal::LookupWordTerm(word.text)) {
      alt.tokens.back().role = e->role;
      alt.tokens.back().key = e->english;
    }
  }
  r.alts.push_back(std::move(alt));
  return r;
}

WordReadings Analyzer::Impl::ReadArabic(const Word& word) const {
  WordReadings r;
  std::u32string_view text = word.text;
  Alt vowels{"ar-latin", {}};
  Alt consonants{"ar-latin-w", {}};
  if (text == U"الله") {  // Allah: the article and the word are one name part
    vowels.tokens.push_back(MakeToken("allah", word.written, TokenRole::kName));
    r.alts.push_back(std::move(vowels));
    return r;
  }
  if (internal::IsArabicTitle(text)) {
    vowels.tokens.push_back(
        MakeToken(internal::RomanizeArabic(text, true), word.written, TokenRole::kStop));
    r.alts.push_back(std::move(vowels));
    return r;
  }
  if (const LexiconEntry* e = internal::LookupWordTerm(text)) {
    AppendGloss(*e, word.written, 0, vowels.tokens);
    r.alts.push_back(std::move(vowels));
    return r;
  }
  // A common name read with its usual vowels (محمد -> mohammed), first.
  std::string_view known = internal::CommonAbjadName(text);
  const bool article = text.size() > 3 && text.substr(0, 2) == U"ال";
  if (!known.empty()) {
    r.alts.push_back({"ar-names", {MakeToken(std::string(known), word.written, TokenRole::kName)}});
  } else if (article && !(known = internal::CommonAbjadName(text.substr(2))).empty()) {
    r.alts.push_back({"ar-names",
                      {MakeToken("al", "ال", TokenRole::kName),
                       MakeToken(std::string(known), word.written, TokenRole::kName)}});
  }
  // The article is written joined; it is a particle of its own in Latin spellings.
  if (text.size() > 3 && text.substr(0, 2) == U"ال") {
    vowels.tokens.push_back(MakeToken("al", "ال", TokenRole::kName));
    consonants.tokens.push_back(vowels.tokens.back());
    text.remove_prefix(2);
  }
  const std::string v = internal::RomanizeArabic(text, true);
  const std::string c = internal::RomanizeArabic(text, false);
  // Persian, Urdu and Pashto say ض, ذ and ظ as z and ث as s (فضل Fazal, not Fadl).
  std::u32string persian(text);
  bool differs = false;
  for (char32_t& cp : persian) {
    if (cp == U'ض' || cp == U'ذ' || cp == U'ظ') {
      cp = U'ز';
      differs = true;
    } else if (cp == U'ث') {
      cp = U'س';
      differs = true;
    }
  }
  Alt persian_alt{"fa-latin", {}};
  if (differs) {
    if (!vowels.tokens.empty() && vowels.tokens[0].written == "ال") {
      persian_alt.tokens.push_back(vowels.tokens[0]);
    }
    const std::string p = internal::RomanizeArabic(persian, true);
    if (!p.empty()) persian_alt.tokens.push_back(MakeToken(p, word.written, TokenRole::kName));
  }
  if (!v.empty()) vowels.tokens.push_back(MakeToken(v, word.written, TokenRole::kName));
  if (!c.empty()) consonants.tokens.push_back(MakeToken(c, word.written, TokenRole::kName));
  r.alts.push_back(std::move(vowels));
  if (c != v) r.alts.push_back(std::move(consonants));
  if (differs) r.alts.push_back(std::move(persian_alt));
  return r;
}

WordReadings Analyzer::Impl::ReadHebrew(const Word& word) const {
  WordReadings r;
  const std::string v = internal::RomanizeHebrew(word.text, true);
  const std::string c = internal::RomanizeHebrew(word.text, false);
  const std::string_view known = internal::CommonAbjadName(word.text);
  if (!known.empty()) {
    r.alts.push_back({"he-names", {MakeToken(std::string(known), word.written, TokenRole::kName)}});
  }
  r.alts.push_back({"he-latin", {MakeToken(v, word.written, TokenRole::kName)}});
  if (c != v) r.alts.push_back({"he-latin-v", {MakeToken(c, word.written, TokenRole::kName)}});
  return r;
}

namespace {

// Popular (passport, McCune-Reischauer-like) spellings of a Revised Romanization syllable:
// eo and eu as u (Sung, Jung, Un) and a lone u as oo (Soo, Woo); with `strong` eo as u
// also after y (Hyun, Yung) and an initial g as k (Kyung, Kwang), but u left as u.
std::string PopularKorean(const std::string& rr, bool strong) {
  std::string out;
  for (std::size_t k = 0; k < rr.size(); ++k) {
    const bool after_y = k > 0 && rr[k - 1] == 'y';
    if (rr[k] == 'e' && k + 1 < rr.size() && (rr[k + 1] == 'o' || rr[k + 1] == 'u') &&
        (strong || !after_y)) {
      out.push_back('u');
      ++k;
    } else {
      out.push_back(rr[k]);
    }
  }
  if (!strong && rr == "u") return "woo";
  if (!strong && rr.size() == 2 && rr[1] == 'u' && rr[0] != 'e') {
    return std::string(1, rr[0]) + "oo";
  }
  if (strong && !out.empty() && out[0] == 'g') out[0] = 'k';
  return out;
}

}  // namespace

void Analyzer::Impl::KoreanPersonAlts(std::u32string_view hangul, std::u32string_view written,
                                      std::string_view label, std::vector<Alt>& out) const {
  std::size_t surname_len = 1;
  if (hangul.size() >= 3 && internal::IsKoreanCompoundSurname(hangul.substr(0, 2))) {
    surname_len = 2;
  }
  const std::u32string_view surname = hangul.substr(0, surname_len);
  std::vector<std::string> variants = internal::KoreanSurnameVariants(surname);
  if (variants.empty()) variants.push_back(internal::RomanizeHangul(surname));
  const std::string written_surname = EncodeUtf8(written.substr(0, surname_len));
  std::vector<Token> given;
  std::vector<Token> popular;
  std::vector<Token> popular_strong;
  for (std::size_t i = surname_len; i < hangul.size(); ++i) {
    const std::string syllable = internal::RomanizeHangulSyllable(hangul[i]);
    const std::string w = EncodeUtf8(written.substr(i, 1));
    given.push_back(MakeToken(syllable, w, TokenRole::kName));
    popular.push_back(MakeToken(PopularKorean(syllable, false), w, TokenRole::kName));
    popular_strong.push_back(MakeToken(PopularKorean(syllable, true), w, TokenRole::kName));
  }
  static constexpr std::array<const char*, 3> kSuffixes = {"", "-rr", "-var"};
  for (std::size_t v = 0; v < variants.size() && v < kSuffixes.size(); ++v) {
    Alt alt;
    alt.label = std::string(label) + kSuffixes[v];
    alt.tokens.push_back(MakeToken(variants[v], written_surname, TokenRole::kName));
    alt.tokens.insert(alt.tokens.end(), given.begin(), given.end());
    out.push_back(std::move(alt));
  }
  // Popular spellings of the given name, with each usual spelling of the surname.
  static constexpr std::array<const char*, 3> kPopular = {"-mr", "-mr2", "-mr3"};
  for (std::size_t v = 0; v < variants.size() && v < kPopular.size(); ++v) {
    Alt alt;
    alt.label = std::string(label) + kPopular[v];
    alt.tokens.push_back(MakeToken(variants[v], written_surname, TokenRole::kName));
    const std::vector<Token>& given_popular = v == 0 ? popular : popular_strong;
    alt.tokens.insert(alt.tokens.end(), given_popular.begin(), given_popular.end());
    out.push_back(std::move(alt));
  }
  if (variants.size() == 1) {
    Alt alt;
    alt.label = std::string(label) + "-mr2";
    alt.tokens.push_back(MakeToken(variants[0], written_surname, TokenRole::kName));
    alt.tokens.insert(alt.tokens.end(), popular_strong.begin(), popular_strong.end());
    out.push_back(std::move(alt));
  }
}

template <typename Leftover>
bool Analyzer::Impl::LexiconSegment(std::u32string_view text, Leftover leftover,
                                    std::vector<Token>& out, std::size_t variant,
                                    bool* has_variants) const {
  const std::size_t max_len = internal::MaxCjkTermLength();
  bool found = false;
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const LexiconEntry* hit = nullptr;
    std::size_t hit_len = 0;
    for (std::size_t len = std::min(max_len, text.size() - i); len >= 1; --len) {
      const LexiconEntry* e = internal::LookupCjkTerm(text.substr(i, len));
      if (e == nullptr) continue;
      // A one-character term (部, 省, 局…) is a suffix: only at the end of the run.
      if (len == 1 && i + 1 != text.size() && text[i] != U'核') continue;
      hit = e;
      hit_len = len;
      break;
    }
    // Administrative suffixes after a place name (京都府, 武汉市, 广东省) inside a run.
    if (hit == nullptr && i + 1 < text.size() && i - run_start >= 2) {
      hit = internal::LookupPlaceSuffix(text[i]);
      hit_len = 1;
    }
    if (hit == nullptr) {
      ++i;
      continue;
    }
    if (run_start < i) leftover(text.substr(run_start, i - run_start), out);
    AppendGloss(*hit, EncodeUtf8(text.substr(i, hit_len)), variant, out);
    if (has_variants != nullptr && hit->english.find(';') != std::string::npos) {
      *has_variants = true;
    }
    found = true;
    i += hit_len;
    run_start = i;
  }
  if (run_start < text.size()) leftover(text.substr(run_start), out);
  return found;
}

std::vector<Token> Analyzer::Impl::MecabTokens(std::u32string_view text) const {
  std::vector<Token> tokens;
  if (!mecab) return tokens;
  struct PerThread {
    const Impl* owner = nullptr;
    std::unique_ptr<MeCab::Tagger> tagger;
    std::unique_ptr<MeCab::Lattice> lattice;
  };
  thread_local PerThread local;
  if (local.owner != this) {
    local.tagger.reset(mecab->createTagger());
    local.lattice.reset(mecab->createLattice());
    local.owner = this;
  }
  if (!local.tagger || !local.lattice) return tokens;
  const std::string sentence = EncodeUtf8(text);
  local.lattice->set_sentence(sentence.c_str());
  if (!local.tagger->parse(local.lattice.get())) return tokens;
  for (const MeCab::Node* node = local.lattice->bos_node(); node; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
    const std::string surface(node->surface, node->length);
    std::vector<std::string> features;
    {
      std::stringstream ss(node->feature ? node->feature : "");
      std::string f;
      while (std::getline(ss, f, ',')) features.push_back(f);
    }
    const std::u32string surface32 = DecodeUtf8(surface);
    std::string key;
    if (features.size() > 7 && features[7] != "*") {
      key = internal::RomanizeKana(DecodeUtf8(features[7]));
    }
    if (key.empty()) {
      bool all_kana = true;
      for (char32_t cp : surface32) all_kana = all_kana && internal::IsKana(cp);
      key = all_kana ? internal::RomanizeKana(surface32) : ToLatinKey(kHan, surface32);
    }
    if (key.empty()) continue;
    TokenRole role = TokenRole::kName;
    if (!features.empty() && (features[0] == "助詞" || features[0] == "記号")) {
      role = TokenRole::kStop;
    }
    if (features.size() > 2 && features[1] == "接尾" && features[2] == "人名") {
      role = TokenRole::kStop;  // 様, さん, 氏
    }
    tokens.push_back(MakeToken(key, surface, role));
  }
  return tokens;
}

namespace {
constexpr std::u32string_view kChineseCompoundSurnames[] = {
    U"欧阳", U"歐陽", U"司马", U"司馬", U"诸葛", U"諸葛", U"上官", U"东方",
    U"東方", U"皇甫", U"尉迟", U"尉遲", U"公孙", U"公孫", U"慕容", U"夏侯",
    U"司徒", U"令狐", U"宇文", U"长孙", U"長孫", U"端木", U"轩辕", U"軒轅"};
}  // namespace

std::vector<Token> Analyzer::Impl::PinyinPersonTokens(std::u32string_view text) const {
  // Four characters are two and two: a compound surname, or a Japanese name read the
  // Chinese way.
  std::size_t surname_len = text.size() == 4 ? 2 : 1;
  for (std::u32string_view compound : kChineseCompoundSurnames) {
    if (text.size() >= 3 && text.substr(0, 2) == compound) surname_len = 2;
  }
  std::vector<Token> tokens;
  const std::u32string_view surname = text.substr(0, surname_len);
  std::string surname_key = HanSyllable(surname[0], true);
  for (std::size_t i = 1; i < surname.size(); ++i) surname_key += HanSyllable(surname[i]);
  tokens.push_back(MakeToken(surname_key, EncodeUtf8(surname), TokenRole::kName));
  if (text.size() > surname_len) {
    const std::u32string_view given = text.substr(surname_len);
    tokens.push_back(MakeToken(ToLatinKey(kHan, given), EncodeUtf8(given), TokenRole::kName));
  }
  return tokens;
}

std::vector<Token> Analyzer::Impl::PinyinTokens(std::u32string_view text) const {
  std::vector<Token> tokens;
  std::string key = ToLatinKey(kHan, text);
  if (!key.empty()) tokens.push_back(MakeToken(key, EncodeUtf8(text), TokenRole::kName));
  return tokens;
}

WordReadings Analyzer::Impl::ReadHangul(const Word& word, bool person_like, Kind kind) const {
  WordReadings r;
  std::u32string_view text = word.text;
  if (IsCjkHonorific(text)) {
    r.alts.push_back(
        {"ko-hangul", {MakeToken(internal::RomanizeHangul(text), word.written, TokenRole::kStop)}});
    return r;
  }
  std::vector<Token> honorific;
  for (const std::u32string& h : internal::CjkHonorifics()) {
    if (text.size() >= h.size() + 2 && text.substr(text.size() - h.size()) == h) {
      honorific.push_back(MakeToken(internal::RomanizeHangul(h), EncodeUtf8(h), TokenRole::kStop));
      text.remove_suffix(h.size());
      break;
    }
  }
  std::vector<Token> lexicon_tokens;
  const bool lexicon = LexiconSegment(
      text,
      [](std::u32string_view rest, std::vector<Token>& out) {
        out.push_back(
            MakeToken(internal::RomanizeHangul(rest), EncodeUtf8(rest), TokenRole::kName));
      },
      lexicon_tokens);
  std::vector<Alt> alts;
  if (lexicon && (kind != Kind::kPerson || text.size() > 4)) {
    alts.push_back({"org-lexicon", lexicon_tokens});
  }
  if (person_like && text.size() >= 2 && text.size() <= 5) {
    KoreanPersonAlts(text, text, "ko-hangul", alts);
  } else if (person_like && text.size() == 1) {
    // A surname written apart from the given name.
    static constexpr std::array<const char*, 3> kSuffixes = {"", "-rr", "-var"};
    const std::vector<std::string> variants = internal::KoreanSurnameVariants(text);
    for (std::size_t v = 0; v < variants.size() && v < kSuffixes.size(); ++v) {
      alts.push_back({std::string("ko-hangul") + kSuffixes[v],
                      {MakeToken(variants[v], word.written, TokenRole::kName)}});
    }
  }
  // The plain romanisation, one part: how Korean company names are usually written.
  // Not for a word that is one lexicon entry (주식회사): that is a term, not a name.
  const bool one_entry = internal::LookupCjkTerm(text) != nullptr;
  if (alts.empty() || (lexicon && !one_entry)) {
    alts.push_back(
        {alts.empty() ? "ko-hangul" : "ko-hangul-plain",
         {MakeToken(internal::RomanizeHangul(text), EncodeUtf8(text), TokenRole::kName)}});
  }
  for (Alt& a : alts) a.tokens.insert(a.tokens.end(), honorific.begin(), honorific.end());
  r.alts = std::move(alts);
  return r;
}

WordReadings Analyzer::Impl::ReadCjk(const Word& word, bool person_like, Kind kind) const {
  WordReadings r;
  std::u32string_view text = word.text;
  if (IsCjkHonorific(text)) {
    r.alts.push_back({"ja-kana", {MakeToken("hon", word.written, TokenRole::kStop)}});
    return r;
  }
  std::vector<Token> honorific;
  for (const std::u32string& h : internal::CjkHonorifics()) {
    if (text.size() >= h.size() + 2 && text.substr(text.size() - h.size()) == h) {
      honorific.push_back(
          MakeToken(h == U"様" || h == U"さま" ? "sama" : "", EncodeUtf8(h), TokenRole::kStop));
      if (honorific.back().key.empty()) honorific.back().key = "hon";
      text.remove_suffix(h.size());
      break;
    }
  }
  bool has_kana = false;
  bool has_han = false;
  for (char32_t cp : text) {
    has_kana = has_kana || internal::IsKana(cp);
    has_han = has_han || internal::IsHan(cp);
  }
  const std::string written = EncodeUtf8(text);
  std::vector<Alt> alts;

  // Organisation lexicon readings: Japanese leftovers read by MeCab (or as kana), Chinese
  // ones as Pinyin.
  std::vector<Alt> org_alts;
  bool lexicon = false;
  if (kind != Kind::kPerson || text.size() > 4) {
    auto japanese_rest = [this](std::u32string_view rest, std::vector<Token>& out) {
      std::vector<Token> t = MecabTokens(rest);
      if (t.empty()) {
        bool all_kana = true;
        for (char32_t cp : rest) all_kana = all_kana && internal::IsKana(cp);
        t = all_kana ? std::vector<Token>{MakeToken(internal::RomanizeKana(rest), EncodeUtf8(rest),
                                                    TokenRole::kName)}
                     : PinyinTokens(rest);
      }
      out.insert(out.end(), t.begin(), t.end());
    };
    auto chinese_rest = [this](std::u32string_view rest, std::vector<Token>& out) {
      std::vector<Token> t = PinyinTokens(rest);
      out.insert(out.end(), t.begin(), t.end());
    };
    bool has_variants = false;
    Alt ja{"org-lexicon", {}};
    lexicon = LexiconSegment(text, japanese_rest, ja.tokens, 0, &has_variants);
    if (lexicon) {
      org_alts.push_back(std::move(ja));
      const bool chinese = has_han && !has_kana;
      if (chinese) {
        Alt zh{"org-lexicon-zh", {}};
        LexiconSegment(text, chinese_rest, zh.tokens);
        org_alts.push_back(std::move(zh));
      }
      if (has_variants) {
        Alt ja_alt{"org-lexicon-alt", {}};
        LexiconSegment(text, japanese_rest, ja_alt.tokens, 1);
        org_alts.push_back(std::move(ja_alt));
        if (chinese) {
          Alt zh_alt{"org-lexicon-zh-alt", {}};
          LexiconSegment(text, chinese_rest, zh_alt.tokens, 1);
          org_alts.push_back(std::move(zh_alt));
        }
      }
    }
  }
  const bool org_first = lexicon && !person_like;
  if (org_first) alts.insert(alts.end(), org_alts.begin(), org_alts.end());

  if (!has_han) {
    const std::string key = internal::RomanizeKana(text);
    alts.push_back({"ja-kana", {MakeToken(key, written, TokenRole::kName)}});
    // Foreign names are written in katakana: a reading without the added vowels.
    bool katakana = false;
    for (char32_t cp : text) katakana = katakana || (cp >= 0x30A1 && cp <= 0x30FA);
    const std::string foreign = internal::ForeignKanaKey(key);
    if (katakana && foreign != key && !foreign.empty()) {
      alts.push_back({"ja-foreign", {MakeToken(foreign, written, TokenRole::kName)}});
    }
  } else {
    std::vector<Token> mecab_tokens = MecabTokens(text);
    std::vector<Token> pinyin =
        has_kana
            ? std::vector<Token>{}
            : (person_like && text.size() <= 4 ? PinyinPersonTokens(text) : PinyinTokens(text));
    if (has_kana) {
      if (!mecab_tokens.empty()) alts.push_back({"ja-mecab", mecab_tokens});
    } else {
      if (!pinyin.empty()) alts.push_back({"zh-pinyin", pinyin});
      if (!mecab_tokens.empty()) alts.push_back({"ja-mecab", mecab_tokens});
    }
    // Han read as Korean, when it looks like a Korean personal name.
    if (person_like && !has_kana && text.size() >= 2 && text.size() <= 4 &&
        internal::IsKoreanSurnameHanja(text[0])) {
      std::u32string hangul;
      for (char32_t cp : text) {
        const char32_t h = internal::HanjaToHangul(cp);
        if (h == 0) {
          hangul.clear();
          break;
        }
        hangul.push_back(h);
      }
      if (!hangul.empty()) KoreanPersonAlts(hangul, text, "ko-han", alts);
    }
    if (alts.empty()) {
      alts.push_back({"zh-pinyin", PinyinTokens(text)});
    }
  }
  if (lexicon && !org_first) alts.insert(alts.end(), org_alts.begin(), org_alts.end());
  for (Alt& a : alts) a.tokens.insert(a.tokens.end(), honorific.begin(), honorific.end());
  r.alts = std::move(alts);
  return r;
}

void Analyzer::Impl::AssignLatinRoles(std::vector<WordReadings>& words,
                                      const std::vector<Word>& raw, Kind kind) const {
  // The Latin-read tokens of the whole name, in order (each such word has one token).
  std::vector<Token*> tokens;
  std::vector<std::size_t> word_of;
  for (std::size_t w = 0; w < words.size(); ++w) {
    const WordScript s = raw[w].script;
    if (s != WordScript::kLatin && s != WordScript::kCyrillic && s != WordScript::kGreek &&
        s != WordScript::kDigits && s != WordScript::kThai && s != WordScript::kOther) {
      continue;
    }
    for (Token& t : words[w].alts[0].tokens) {
      tokens.push_back(&t);
      word_of.push_back(w);
    }
  }
  if (tokens.empty()) return;
  // Dotted abbreviations (L.L.C., S.A., K.K.) written as single letters.
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i]->key.size() != 1 || tokens[i]->role != TokenRole::kName) continue;
    std::size_t j = i + 1;
    std::string joined = tokens[i]->key;
    while (j < tokens.size() && tokens[j]->key.size() == 1 && raw[word_of[j]].after_dot) {
      joined += tokens[j]->key;
      ++j;
    }
    std::string canonical;
    if (j - i >= 2 && kind != Kind::kPerson &&
        (kind == Kind::kOrganization ||
         internal::MatchLatinLegalForm({joined}, 0, canonical) == 1)) {
      tokens[i]->key = joined;
      for (std::size_t k = i + 1; k < j; ++k) {
        tokens[i]->written += tokens[k]->written;
        tokens[k]->key.clear();
      }
      i = j - 1;
    }
  }
  std::vector<std::string> keys;
  for (Token* t : tokens) keys.push_back(t->key);
  std::size_t name_parts = 0;
  for (const std::string& k : keys) name_parts += k.empty() ? 0 : 1;

  // Organisation concepts: in a name of unknown kind only beside a strong one.
  bool strong_concept = kind == Kind::kOrganization;
  if (kind == Kind::kAny) {
    for (const std::string& k : keys) {
      const std::string_view c = internal::EnglishOrgConcept(k);
      if (!c.empty() && !IsWeakConcept(c)) strong_concept = true;
    }
  }
  std::size_t first = 0;
  while (first < keys.size() && keys[first].empty()) ++first;
  std::size_t last = keys.size();
  while (last > 0 && keys[last - 1].empty()) --last;
  for (std::size_t i = 0; i < keys.size();) {
    if (keys[i].empty()) {
      ++i;
      continue;
    }
    if (kind != Kind::kPerson) {
      std::string canonical;
      std::size_t len = internal::MatchLatinLegalForm(keys, i, canonical);
      if (len > 0) {
        bool skip_gap = false;
        for (std::size_t k = i; k < i + len; ++k) skip_gap = skip_gap || keys[k].empty();
        const bool edge = i == first || i + len == last;
        if (skip_gap ||
            (len == 1 && internal::IsAmbiguousLegalForm(keys[i]) && (name_parts < 2 || !edge))) {
          len = 0;
        }
      }
      if (len > 0 && name_parts > len) {
        Token* head = tokens[i];
        head->key = canonical;
        head->role = TokenRole::kLegalForm;
        for (std::size_t k = i + 1; k < i + len; ++k) {
          head->written += " " + tokens[k]->written;
          tokens[k]->key.clear();
        }
        i += len;
        continue;
      }
    }
    Token* t = tokens[i];
    if (name_parts > 1 && internal::IsLatinStopWord(keys[i], kind)) {
      t->role = TokenRole::kStop;
    } else if (kind != Kind::kPerson) {
      const std::string_view org_concept = internal::EnglishOrgConcept(keys[i]);
      const std::string_view place = internal::LatinPlaceKey(keys[i]);
      if (!org_concept.empty() && strong_concept && t->role == TokenRole::kName) {
        t->key = std::string(org_concept);
        t->role = TokenRole::kOrgTerm;
      } else if (!place.empty()) {
        t->key = std::string(place);
      }
    }
    ++i;
  }
  // Tokens merged into a legal form or an abbreviation are gone.
  for (WordReadings& w : words) {
    auto& ts = w.alts[0].tokens;
    ts.erase(std::remove_if(ts.begin(), ts.end(), [](const Token& t) { return t.key.empty(); }),
             ts.end());
  }
}

// ---------------------------------------------------------------------------------------

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;

const Analyzer& Analyzer::Default() {
  // Never destroyed: other threads' thread_local clones may outlive static destruction.
  static const Analyzer* analyzer = new Analyzer();
  return *analyzer;
}

bool Analyzer::HasJapaneseReadings() const { return impl_->mecab != nullptr; }

namespace {

// Collapses separators to single spaces, for AnalyzedName::normalized.
std::string CollapseSeparators(std::string_view text) {
  std::string out;
  bool space = false;
  const std::u32string cps = DecodeUtf8(text);
  for (char32_t cp : cps) {
    const WordScript cls = ClassOf(cp);
    const bool letter = cls != WordScript::kOther || IsOtherLetter(cp) || IsCombiningMark(cp);
    if (!letter && !IsApostrophe(cp)) {
      space = !out.empty();
      continue;
    }
    if (IsApostrophe(cp)) continue;
    if (space) out.push_back(' ');
    space = false;
    internal::AppendUtf8(cp, out);
  }
  return out;
}

Script DominantScript(std::string_view text) {
  std::array<std::size_t, 10> counts{};
  for (char32_t cp : DecodeUtf8(text)) {
    const Script s = internal::ScriptOf(cp);
    if (s == Script::kOther) {
      if (IsOtherLetter(cp) && !IsCombiningMark(cp)) ++counts[static_cast<std::size_t>(s)];
      continue;
    }
    ++counts[static_cast<std::size_t>(s)];
  }
  // Japanese: kana decides even beside more kanji.
  if (counts[static_cast<std::size_t>(Script::kKana)] > 0) return Script::kKana;
  std::size_t best = 0;
  for (std::size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return counts[best] == 0 ? Script::kLatin : static_cast<Script>(best);
}

const Alt* FindAlt(const WordReadings& w, std::string_view label) {
  for (const Alt& a : w.alts) {
    if (a.label == label) return &a;
  }
  return nullptr;
}

// A word without an alternative of a reading's label takes the nearest one: the
// organisation reading of a Japanese name reads its other words as Japanese.
std::string_view FallbackLabel(std::string_view label) {
  if (label == "org-lexicon-alt") return "org-lexicon";
  if (label == "org-lexicon-zh-alt") return "org-lexicon-zh";
  if (label == "ja-foreign") return "ja-kana";
  if (label == "org-lexicon") return "ja-mecab";
  if (label == "org-lexicon-zh") return "zh-pinyin";
  if (label == "ja-mecab") return "org-lexicon";
  if (label == "zh-pinyin") return "org-lexicon-zh";
  if (label.rfind("ko-han", 0) == 0) return "ko-han";
  if (label.rfind("ko-hangul", 0) == 0) return "ko-hangul";
  return {};
}

}  // namespace

AnalyzedName Analyzer::Analyze(std::string_view name, Kind kind) const {
  AnalyzedName out;
  out.written = std::string(name);
  const bool ascii = IsAscii(name);
  const std::string nfkc = ascii ? std::string(name) : impl_->NfkcUtf8(name, false);
  if (ascii) {
    std::string lower(name);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    out.normalized = CollapseSeparators(lower);
    out.script = Script::kLatin;
  } else {
    out.normalized = CollapseSeparators(impl_->NfkcUtf8(name, true));
    out.script = DominantScript(nfkc);
  }

  const std::vector<Word> raw = impl_->SplitWords(nfkc);
  // Whether the Han/Hangul part looks like a personal name: a short name of unknown or
  // person kind.
  std::size_t cjk_chars = 0;
  std::size_t cjk_words = 0;
  std::size_t other_words = 0;
  for (const Word& w : raw) {
    if (w.script == WordScript::kCjk || w.script == WordScript::kHangul) {
      cjk_chars += w.text.size();
      ++cjk_words;
    } else {
      ++other_words;
    }
  }
  const bool person_like =
      kind == Kind::kPerson || (kind == Kind::kAny && cjk_words >= 1 && cjk_words <= 2 &&
                                other_words == 0 && cjk_chars <= 4);

  std::vector<WordReadings> words;
  words.reserve(raw.size());
  for (const Word& w : raw) {
    switch (w.script) {
      case WordScript::kCjk:
        words.push_back(impl_->ReadCjk(w, person_like, kind));
        break;
      case WordScript::kHangul:
        words.push_back(impl_->ReadHangul(w, person_like, kind));
        break;
      case WordScript::kArabic:
        words.push_back(impl_->ReadArabic(w));
        break;
      case WordScript::kHebrew:
        words.push_back(impl_->ReadHebrew(w));
        break;
      default:
        words.push_back(impl_->ReadLatinLike(w));
        break;
    }
  }
  impl_->AssignLatinRoles(words, raw, kind);

  // Arabic names built on عبد are spelt joined in Latin (Abdullah, Abdulrahman): an
  // alternative reading joins عبد with the next word.
  for (std::size_t i = 0; i + 1 < raw.size(); ++i) {
    if (raw[i].script != WordScript::kArabic || raw[i + 1].script != WordScript::kArabic) {
      continue;
    }
    if (raw[i].text != U"عبد") continue;
    // Abd al-Rahman is spelt Abdulrahman or Abdul Rahman; Abd Allah is Abdullah.
    std::string rest;
    for (const Token& t : words[i + 1].alts[0].tokens) {
      if (t.role != TokenRole::kStop && t.written != "ال") rest += t.key;
    }
    if (rest == "allah") rest = "lah";
    const std::string both = raw[i].written + " " + raw[i + 1].written;
    words[i].alts.push_back({"ar-joined", {MakeToken("abdul" + rest, both, TokenRole::kName)}});
    words[i + 1].alts.push_back({"ar-joined", {}});
    words[i].alts.push_back({"ar-abdul", {MakeToken("abdul", raw[i].written, TokenRole::kName)}});
    words[i + 1].alts.push_back(
        {"ar-abdul",
         {MakeToken(rest == "lah" ? "allah" : rest, raw[i + 1].written, TokenRole::kName)}});
  }

  // Names built on الله and الدين are spelt joined in Latin as well, with u for the
  // article (هدايت الله Hidayatullah, جلال الدين Jalaluddin): the same alternative joins
  // them with the word before.
  auto has_label = [](const WordReadings& w, std::string_view label) {
    return std::any_of(w.alts.begin(), w.alts.end(),
                       [&](const Alt& a) { return a.label == label; });
  };
  for (std::size_t i = 0; i + 1 < raw.size(); ++i) {
    if (raw[i].script != WordScript::kArabic || raw[i + 1].script != WordScript::kArabic) {
      continue;
    }
    const std::u32string& next = raw[i + 1].text;
    const char* suffix = nullptr;
    if (next == U"الله" || next == U"اللہ") suffix = "ullah";
    if (next == U"الدين" || next == U"الدین") suffix = "uddin";
    if (suffix == nullptr || raw[i].text == U"عبد" || has_label(words[i], "ar-joined") ||
        has_label(words[i + 1], "ar-joined") || words[i].alts[0].tokens.size() != 1) {
      continue;
    }
    const Token& head = words[i].alts[0].tokens[0];
    if (head.role != TokenRole::kName) continue;
    const std::string both = raw[i].written + " " + raw[i + 1].written;
    words[i].alts.push_back({"ar-joined", {MakeToken(head.key + suffix, both, TokenRole::kName)}});
    words[i + 1].alts.push_back({"ar-joined", {}});
  }

  // The labels in order of preference: every word's primary first, then alternatives by
  // rank. A Latin word's "latin" label never names a reading when another script is there.
  std::vector<std::string> labels;
  const std::size_t max_rank = [&] {
    std::size_t m = 0;
    for (const WordReadings& w : words) m = std::max(m, w.alts.size());
    return m;
  }();
  for (std::size_t rank = 0; rank < max_rank; ++rank) {
    for (const WordReadings& w : words) {
      if (rank >= w.alts.size()) continue;
      const std::string& label = w.alts[rank].label;
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
        labels.push_back(label);
      }
    }
  }
  if (labels.size() > 1) {
    labels.erase(std::remove(labels.begin(), labels.end(), "latin"), labels.end());
  }
  if (labels.empty()) labels.push_back("latin");

  constexpr std::size_t kMaxReadings = 8;
  std::vector<std::string> seen_keys;
  for (const std::string& label : labels) {
    if (out.readings.size() >= kMaxReadings) break;
    Reading reading;
    reading.label = label;
    for (const WordReadings& w : words) {
      const Alt* chosen = FindAlt(w, label);
      if (chosen == nullptr) chosen = FindAlt(w, FallbackLabel(label));
      if (chosen == nullptr) chosen = FindAlt(w, FallbackLabel(FallbackLabel(label)));
      if (chosen == nullptr) chosen = &w.alts[0];
      for (const Token& t : chosen->tokens) {
        if (!t.key.empty()) reading.tokens.push_back(t);
      }
    }
    std::string signature;
    for (const Token& t : reading.tokens) {
      signature += t.key;
      signature.push_back(static_cast<char>('0' + static_cast<int>(t.role)));
      signature.push_back(' ');
    }
    if (std::find(seen_keys.begin(), seen_keys.end(), signature) != seen_keys.end()) continue;
    seen_keys.push_back(signature);
    for (Token& t : reading.tokens) FillPhonetics(t);
    out.readings.push_back(std::move(reading));
  }
  if (out.readings.empty()) out.readings.push_back(Reading{{}, "latin"});
  return out;
}

}  // namespace asta::names
