// Phonetic folding of Latin keys. The same folding is applied to every reading of every
// script, so it only has to make the spellings one sound gets across romanisation systems
// meet: Hepburn and Kunrei (shi/si, chi/ti, tsu/tu, fu/hu, ji/zi), passport long vowels
// (Satoh, Satou, Sato), katakana renderings of foreign names (l/r, v/b, the epenthetic
// vowel after a final consonant, ジ for "di"), and Latin spelling habits (ph/f, ck/k,
// doubled consonants, y/i). It is deliberately coarser than the key; the scorer weighs a
// phonetic-only match below an exact one.
#include <string>

#include "engines/names/analyzer_internal.h"

namespace asta::names::internal {

namespace {

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool StartsWith(std::string_view s, std::size_t at, std::string_view prefix) {
  return s.compare(at, prefix.size(), prefix) == 0;
}

}  // namespace

std::string Phonetic(std::string_view key, PhoneticFold fold) {
  const bool spelling = fold == PhoneticFold::kSpelling;
  // Pass 1: digraphs and letter folds, left to right.
  std::string s;
  s.reserve(key.size());
  const std::size_t n = key.size();
  for (std::size_t i = 0; i < n;) {
    const char c = key[i];
    const char next = i + 1 < n ? key[i + 1] : '\0';
    const char after = i + 2 < n ? key[i + 2] : '\0';
    if (c >= '0' && c <= '9') {
      s.push_back(c);
      ++i;
      continue;
    }
    if (StartsWith(key, i, "tch")) {  // Hepburn っち and English tch
      s += "t";
      i += 3;
    } else if (StartsWith(key, i, "sch")) {
      s += "s";
      i += 3;
    } else if (StartsWith(key, i, "tsu")) {  // Kunrei tu
      s += "tu";
      i += 3;
    } else if (c == 't' && next == 'z') {  // Yitzhak, Tzipi
      s += "ts";
      i += 2;
    } else if (c == 'c' && next == 'h' &&
               (after == 'r' || after == 'l' || StartsWith(key, i, "chael"))) {
      s += "k";  // Greek ch: Christopher, Michael (not Guchaev, Chaeyoung)
      i += 2;
    } else if (c == 'c' && next == 'h') {  // chi/ti, cha/tya
      s += "t";
      i += 2;
    } else if (c == 's' && next == 'h') {  // shi/si
      s += "s";
      i += 2;
    } else if (c == 'z' && next == 'h') {
      s += "z";
      i += 2;
    } else if (c == 'k' && next == 'h') {
      s += "h";
      i += 2;
    } else if ((c == 'g' || c == 'd' || c == 't') && next == 'h') {
      s.push_back(c);
      i += 2;
    } else if (c == 'p' && next == 'h') {
      s += "f";
      i += 2;
    } else if (c == 'c' && next == 'k') {
      s += "k";
      i += 2;
    } else if ((c == 'd' && (next == 'j' || next == 'z')) || c == 'j') {  // ji/zi, dj, dz
      s += "z";
      i += (c == 'd') ? 2 : 1;
    } else if (c == 'd' && next == 'i') {  // katakana ジ renders "di"
      s += "z";
      ++i;
    } else if ((c == 's' || c == 'z' || c == 't') && next == 'y' && IsVowel(after) &&
               after != 'y') {  // Kunrei sya/zya/tya = sha/ja/cha
      s.push_back(c);
      i += 2;
    } else if (c == 'h' && next == 'u') {  // Kunrei hu = fu
      s += "f";
      ++i;
    } else if (c == 'c') {
      s += (next == 'e' || next == 'i' || next == 'y') ? "s" : "k";
      ++i;
    } else if (c == 'q') {
      s += "k";
      ++i;
    } else if (c == 'x') {
      s += "ks";
      ++i;
    } else if (c == 'v' && !spelling) {
      s += "b";
      ++i;
    } else if (c == 'l' && !spelling) {
      s += "r";
      ++i;
    } else if (c == 'y') {
      s += "i";
      ++i;
    } else if (c == 'n' && next == 'm') {  // Honma/Homma: ん before m
      ++i;
    } else if (c == 'm' && (next == 'b' || next == 'p')) {  // Hepburn nb/mb
      s += "n";
      ++i;
    } else {
      s.push_back(c);
      ++i;
    }
  }
  // Pass 2: a silent h after a vowel (Satoh, Ohno) and long vowels (ou, oo, ei, aa…).
  std::string t;
  t.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    // A silent h: at the end after a vowel (Satoh, Shah) and after o before a consonant
    // (Ohno, Kohl). Elsewhere it is a consonant (Ahmed, Mahmoud: Arabic ح).
    if (c == 'h' && !t.empty() && IsVowel(t.back()) &&
        (next == '\0' || (t.back() == 'o' && !IsVowel(next)))) {
      continue;
    }
    // A glide between a vowel and e is how BGN writes what other systems leave out:
    // Guchayev / Guchaev, Sergeyev / Sergeev.
    if (c == 'i' && next == 'e' && !t.empty() &&
        (t.back() == 'a' || t.back() == 'e' || t.back() == 'o' || t.back() == 'u')) {
      continue;
    }
    if (!t.empty() && IsVowel(c)) {
      const char prev = t.back();
      if (prev == c) continue;                // aa, ii, oo, uu, ee
      if (prev == 'o' && c == 'u') continue;  // ou
      if (prev == 'e' && c == 'i') continue;  // ei
      if (prev == 'a' && c == 'e') {          // ae (Michael, Schaeuble)
        t.back() = 'e';
        continue;
      }
      if (prev == 'e' && (c == 'o' || c == 'u') && !spelling) {  // Korean eo, eu
        t.back() = c;
        continue;
      }
    }
    if (!t.empty() && t.back() == c && !IsVowel(c) && !(c >= '0' && c <= '9')) {
      continue;  // doubled consonants
    }
    t.push_back(c);
  }
  // Pass 3: the epenthetic vowel katakana adds after a final consonant (ミル -> mir,
  // ド -> d), kept when the word would become too short to mean anything.
  if (t.size() >= 4) {
    const char last = t.back();
    const char prev = t[t.size() - 2];
    if (!IsVowel(prev) && !(prev >= '0' && prev <= '9') &&
        (last == 'u' || (last == 'o' && (prev == 't' || prev == 'd')))) {
      t.pop_back();
    }
  }
  return t;
}

std::string Skeleton(std::string_view phonetic) {
  std::string out;
  out.reserve(phonetic.size());
  for (char c : phonetic) {
    if (IsVowel(c) || c == 'w') continue;
    if (!out.empty() && out.back() == c) continue;
    out.push_back(c);
  }
  if (out.empty() && !phonetic.empty()) out.push_back(phonetic[0]);
  return out;
}

}  // namespace asta::names::internal
