// Internals of the name analyzer shared between its translation units: UTF-8 helpers,
// the hand-written romanisers (kana, Hangul, Arabic, Hebrew), the phonetic folding, and
// the curated lexicons (organisation terms, legal forms, honorifics). Nothing here is
// part of the engine's contract; only analyzer*.cc, translit_*.cc and lexicon_*.cc use it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engines/names/names.h"

namespace asta::names::internal {

// UTF-8 <-> code points. Invalid bytes decode to U+FFFD so that no input can fail.
std::u32string DecodeUtf8(std::string_view text);
std::string EncodeUtf8(std::u32string_view text);
void AppendUtf8(char32_t cp, std::string& out);

Script ScriptOf(char32_t cp);  // kOther for digits, punctuation and marks too
bool IsHan(char32_t cp);
bool IsKana(char32_t cp);  // hiragana, katakana, prolonged sound mark
bool IsHangul(char32_t cp);

// Keeps only [a-z0-9] of an ASCII string, lowercasing A-Z.
std::string KeyOf(std::string_view latin);

// Phonetic folding of a key (see Token::phonetic) and its consonant skeleton.
// kTransliteration folds everything a transliteration may blur (what Token::phonetic
// holds); kSpelling keeps apart the sounds that two Latin spellings of one name do not
// confuse (l/r, v/b, Korean eo/o), and folds only romanisation systems and spelling
// habits (tsu/tu, chi/ti, ph/f, doubled letters, long vowels).
enum class PhoneticFold { kTransliteration, kSpelling };
std::string Phonetic(std::string_view key, PhoneticFold fold = PhoneticFold::kTransliteration);
std::string Skeleton(std::string_view phonetic);

// Kana (hiragana or katakana, with ー and small kana) to modified Hepburn, long vowels
// written the passport way (ou, oo, uu shortened). Non-kana code points are dropped.
std::string RomanizeKana(std::u32string_view kana);

// The Hepburn key of a katakana rendering of a foreign name with the vowels katakana adds
// taken out: the u after a consonant before another consonant or at the end (スミス
// sumisu -> smis), a final o after t/d (ドナルド -> donarud), a final i after ch; and the
// Russian -ofu/-efu ending as -ov/-ev.
std::string ForeignKanaKey(std::string_view hepburn);

// One Hangul syllable block in Revised Romanization, without sound changes across
// syllables (names are romanised syllable by syllable).
std::string RomanizeHangulSyllable(char32_t syllable);
std::string RomanizeHangul(std::u32string_view text);
// Common romanisations of a Korean surname written in Hangul (most usual first), empty
// when it is not a known surname.
std::vector<std::string> KoreanSurnameVariants(std::u32string_view surname);
bool IsKoreanCompoundSurname(std::u32string_view two_syllables);
// Hanja to Hangul for common Korean surnames and given-name syllables; 0 when unknown.
char32_t HanjaToHangul(char32_t han);
bool IsKoreanSurnameHanja(char32_t han);

// Arabic or Persian script to a Latin key; `vowel_letters` reads medial و/ي as u/i
// (otherwise w/y). Hebrew likewise with ו/י.
std::string RomanizeArabic(std::u32string_view word, bool vowel_letters);
std::string RomanizeHebrew(std::u32string_view word, bool vowel_letters);
// The usual English spelling of a common Arabic/Persian or Hebrew given name or surname
// written without vowels (محمد -> mohammed, משה -> moshe); empty when not in the table.
std::string_view CommonAbjadName(std::u32string_view word);

// The curated lexicons.
struct LexiconEntry {
  std::string english;                   // concept, may be several words ("science and technology")
  TokenRole role = TokenRole::kOrgTerm;  // kOrgTerm, kName (places) or kLegalForm
};
// Organisation terms written in Han, kana or Hangul (longest match segments a run of
// such characters), or as whole Cyrillic/Arabic words. Null when absent.
const LexiconEntry* LookupCjkTerm(std::u32string_view text);
std::size_t MaxCjkTermLength();
// 県, 府, 市, 省, 区, 町, 村 after a place name inside a longer name; null otherwise.
const LexiconEntry* LookupPlaceSuffix(char32_t suffix);
const LexiconEntry* LookupWordTerm(std::u32string_view casefolded_word);
// English (and a few other Latin-script languages) organisation words to their concept
// key: "centre" -> "center", "universidad" -> "university". Empty when not a term.
std::string_view EnglishOrgConcept(std::string_view key);
// Adjectives and alternative names of places written in Latin: "chinese" -> "china".
std::string_view LatinPlaceKey(std::string_view key);
// Latin legal forms: the longest sequence of keys starting at `keys[start]` that forms a
// legal form; returns how many keys it spans (0 if none) and sets `canonical`.
std::size_t MatchLatinLegalForm(const std::vector<std::string>& keys, std::size_t start,
                                std::string& canonical);
// Single-key legal forms that are also common name parts ("sa", "ag", "co"): only
// recognised at the start or end of a multi-part organisation name.
bool IsAmbiguousLegalForm(std::string_view key);
// Honorifics and particles (Latin keys): weighed near zero.
bool IsLatinStopWord(std::string_view key, Kind kind);
// Honorific suffixes and prefixes written in Japanese, Chinese or Korean (様, さん, 先生…),
// and Arabic-script titles (الشيخ…).
const std::vector<std::u32string>& CjkHonorifics();
bool IsArabicTitle(std::u32string_view word);

}  // namespace asta::names::internal
