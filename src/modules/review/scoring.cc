#include "modules/review/scoring.h"

#include <cmath>
#include <set>
#include <unordered_map>

namespace asta::review {
namespace {

// Decodes one UTF-8 code point at `i` (advancing it); U+FFFD for bad bytes.
char32_t Next(const std::string& s, size_t& i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Scripts written without spaces between words.
bool Unspaced(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||  // kana
         (cp >= 0x3400 && cp <= 0x9FFF) ||  // Han
         (cp >= 0xAC00 && cp <= 0xD7AF) ||  // Hangul
         (cp >= 0x0E00 && cp <= 0x0E7F) ||  // Thai
         (cp >= 0xF900 && cp <= 0xFAFF);
}

bool WordChar(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  // Letters of spaced scripts (Latin with diacritics, Cyrillic, Greek, Arabic, Devanagari…);
  // general punctuation, symbols and CJK punctuation are separators.
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF65) return false;
  return cp >= 0xC0;
}

const std::set<std::string>& StopWords() {
  static const std::set<std::string> kStop = {
      "the",   "and",    "for",      "with",  "from",    "that",     "this",    "are",
      "was",   "were",   "its",      "into",  "our",     "their",    "between", "using",
      "based", "study",  "research", "new",   "can",     "has",      "have",    "been",
      "not",   "but",    "all",      "also",  "which",   "these",    "three",   "two",
      "one",   "more",   "other",    "such",  "than",    "over",     "under",   "across",
      "will",  "within", "each",     "joint", "project", "proposal", "team",    "teams"};
  return kStop;
}

using Vec = std::unordered_map<std::string, double>;

}  // namespace

std::vector<std::string> AffinityTerms(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  std::string word;
  std::vector<char32_t> run;  // unspaced script run
  auto flush_word = [&] {
    if (word.size() >= 3 && !StopWords().count(word)) out.push_back(word);
    word.clear();
  };
  auto flush_run = [&] {
    if (run.size() == 1) {
      std::string t;
      Append(t, run[0]);
      out.push_back(t);
    }
    for (size_t k = 0; k + 1 < run.size(); ++k) {
      std::string t;
      Append(t, run[k]);
      Append(t, run[k + 1]);
      out.push_back(t);
    }
    run.clear();
  };
  while (i < text.size()) {
    char32_t cp = Next(text, i);
    if (Unspaced(cp)) {
      flush_word();
      run.push_back(cp);
    } else if (WordChar(cp)) {
      flush_run();
      if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
      Append(word, cp);
    } else {
      flush_word();
      flush_run();
    }
  }
  flush_word();
  flush_run();
  return out;
}

std::vector<std::vector<double>> KeywordOverlapAffinity(
    const std::vector<std::string>& proposal_texts,
    const std::vector<std::string>& reviewer_texts) {
  std::vector<Vec> docs;
  std::unordered_map<std::string, int> df;
  for (const auto* texts : {&proposal_texts, &reviewer_texts}) {
    for (const auto& t : *texts) {
      Vec v;
      for (const auto& term : AffinityTerms(t)) v[term] += 1;
      for (const auto& [term, n] : v) ++df[term];
      docs.push_back(std::move(v));
    }
  }
  const double n_docs = static_cast<double>(docs.size());
  for (auto& v : docs) {
    double norm = 0;
    for (auto& [term, tf] : v) {
      tf = (1 + std::log(tf)) * std::log(1 + n_docs / df[term]);
      norm += tf * tf;
    }
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (auto& [term, w] : v) w /= norm;
    }
  }
  const size_t np = proposal_texts.size();
  std::vector<std::vector<double>> scores(np, std::vector<double>(reviewer_texts.size(), 0.0));
  for (size_t p = 0; p < np; ++p) {
    for (size_t r = 0; r < reviewer_texts.size(); ++r) {
      const Vec& a = docs[p];
      const Vec& b = docs[np + r];
      const Vec& small = a.size() <= b.size() ? a : b;
      const Vec& large = a.size() <= b.size() ? b : a;
      double dot = 0;
      for (const auto& [term, w] : small) {
        auto it = large.find(term);
        if (it != large.end()) dot += w * it->second;
      }
      scores[p][r] = std::round(std::min(1.0, dot) * 1e6) / 1e6;
    }
  }
  return scores;
}

Calibration Calibrate(const std::vector<ScoredReview>& reviews) {
  Calibration c;
  std::map<std::int64_t, std::vector<const ScoredReview*>> by_proposal;
  for (const auto& r : reviews) {
    by_proposal[r.proposal].push_back(&r);
    ++c.reviews[r.reviewer];
  }
  std::map<std::int64_t, double> diff_sum;
  std::map<std::int64_t, int> diff_n;
  for (const auto& [p, list] : by_proposal) {
    double total = 0;
    for (const auto* r : list) total += r->score;
    if (list.size() < 2) continue;
    for (const auto* r : list) {
      const double others = (total - r->score) / static_cast<double>(list.size() - 1);
      diff_sum[r->reviewer] += r->score - others;
      ++diff_n[r->reviewer];
    }
  }
  for (const auto& [r, n] : c.reviews) {
    c.leniency[r] = diff_n.count(r) ? diff_sum[r] / diff_n[r] : 0.0;
  }
  for (const auto& [p, list] : by_proposal) {
    double raw = 0, cal = 0;
    for (const auto* r : list) {
      raw += r->score;
      cal += r->score - c.leniency[r->reviewer];
    }
    c.count[p] = static_cast<int>(list.size());
    c.raw_mean[p] = raw / list.size();
    c.calibrated_mean[p] = cal / list.size();
  }
  return c;
}

}  // namespace asta::review
