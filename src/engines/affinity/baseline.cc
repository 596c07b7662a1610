// The plain TF-IDF cosine reference (affinity.h): what a first implementation would do,
// brute force over every pair.
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "engines/affinity/affinity.h"

namespace asta::affinity {
namespace {

// Lower-cased ASCII words of two or more letters or digits (the usual [a-z0-9]{2,}
// pattern), and character bigrams of any other non-space, non-punctuation run (CJK).
void PlainTokens(std::string_view text, std::vector<std::string>& out) {
  std::string word;
  std::vector<std::string> chars;  // UTF-8 characters of the current non-ASCII run
  auto flush = [&] {
    if (word.size() >= 2) out.push_back(word);
    word.clear();
    for (std::size_t i = 0; i + 1 < chars.size(); ++i) out.push_back(chars[i] + chars[i + 1]);
    if (chars.size() == 1) out.push_back(chars[0]);
    chars.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        if (!chars.empty()) flush();
        word.push_back(static_cast<char>(std::tolower(c)));
      } else {
        flush();
      }
      ++i;
      continue;
    }
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    len = std::min(len, text.size() - i);
    const std::string ch(text.substr(i, len));
    i += len;
    // CJK punctuation and symbols (U+3000-U+303F, full-width forms) separate runs.
    if (ch.size() == 3 &&
        (ch.compare(0, 2, "\xE3\x80") == 0 || ch.compare(0, 2, "\xEF\xBC") == 0)) {
      flush();
      continue;
    }
    if (!word.empty()) flush();
    chars.push_back(ch);
  }
  flush();
}

using Sparse = std::vector<std::pair<std::uint32_t, double>>;

}  // namespace

std::vector<Score> BaselineTfidfCosine(const std::vector<Document>& submissions,
                                       const std::vector<Reviewer>& reviewers) {
  std::unordered_map<std::string, std::uint32_t> vocab;
  std::vector<std::uint32_t> df;
  std::vector<std::unordered_map<std::uint32_t, double>> counts;
  auto add_doc = [&](const std::vector<const Document*>& parts) {
    std::vector<std::string> tokens;
    for (const Document* d : parts) {
      PlainTokens(d->title, tokens);
      PlainTokens(d->abstract, tokens);
    }
    std::unordered_map<std::uint32_t, double> tf;
    for (const auto& t : tokens) {
      auto [it, inserted] = vocab.emplace(t, static_cast<std::uint32_t>(df.size()));
      if (inserted) df.push_back(0);
      tf[it->second] += 1;
    }
    for (const auto& [id, c] : tf) ++df[id];
    counts.push_back(std::move(tf));
  };
  for (const auto& s : submissions) add_doc({&s});
  for (const auto& r : reviewers) {
    std::vector<const Document*> parts;
    for (const auto& p : r.papers) parts.push_back(&p);
    add_doc(parts);
  }
  const double n = static_cast<double>(counts.size());
  std::vector<Sparse> vectors;
  for (auto& tf : counts) {
    Sparse v;
    double norm = 0;
    for (const auto& [id, c] : tf) {
      const double w = c * std::log(n / df[id]);
      if (w <= 0) continue;
      v.emplace_back(id, w);
      norm += w * w;
    }
    std::sort(v.begin(), v.end());
    if (norm > 0) {
      for (auto& e : v) e.second /= std::sqrt(norm);
    }
    vectors.push_back(std::move(v));
  }
  std::vector<Score> out;
  out.reserve(submissions.size() * reviewers.size());
  for (std::size_t s = 0; s < submissions.size(); ++s) {
    for (std::size_t r = 0; r < reviewers.size(); ++r) {
      const Sparse& a = vectors[s];
      const Sparse& b = vectors[submissions.size() + r];
      double dot = 0;
      std::size_t i = 0, j = 0;
      while (i < a.size() && j < b.size()) {
        if (a[i].first < b[j].first) {
          ++i;
        } else if (a[i].first > b[j].first) {
          ++j;
        } else {
          dot += a[i++].second * b[j++].second;
        }
      }
      out.push_back({static_cast<int>(s), static_cast<int>(r), std::clamp(dot, 0.0, 1.0)});
    }
  }
  return out;
}

}  // namespace asta::affinity
