// Expertise affinity (affinity.h): analysis, document frequencies, weighted vectors, an
// inverted index over the reviewers' papers, and one sparse accumulation per submission.
#include "engines/affinity/affinity.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <thread>

#include "engines/affinity/analyzer.h"
#include "engines/affinity/parallel.h"

namespace asta::affinity {
namespace {

using internal::ParallelFor;

struct Feature {
  std::uint64_t hash;
  float tf;
};

struct Entry {
  std::uint32_t feature;
  float weight;
};

// The features of one document: terms and phrases with field-weighted counts, sorted
// by hash, each hash once.
std::vector<Feature> Analyze(const Document& doc, const Options& options,
                             std::vector<std::uint64_t>& scratch) {
  std::vector<Feature> features;
  auto add_field = [&](std::string_view text, double weight) {
    scratch.clear();
    TermHashes(text, scratch);
    for (std::size_t i = 0; i < scratch.size(); ++i) {
      if (scratch[i] == 0) continue;
      features.push_back({scratch[i], static_cast<float>(weight)});
      if (i + 1 < scratch.size() && scratch[i + 1] != 0 && options.phrase_weight > 0) {
        features.push_back({HashPhrase(scratch[i], scratch[i + 1]),
                            static_cast<float>(weight * options.phrase_weight)});
      }
    }
  };
  add_field(doc.title, options.title_weight);
  add_field(doc.abstract, 1.0);
  for (const std::string& k : doc.keywords) add_field(k, options.keyword_weight);
  std::sort(features.begin(), features.end(),
            [](const Feature& a, const Feature& b) { return a.hash < b.hash; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (out > 0 && features[out - 1].hash == features[i].hash) {
      features[out - 1].tf += features[i].tf;
    } else {
      features[out++] = features[i];
    }
  }
  features.resize(out);
  return features;
}

// Open addressing from feature hash to its index and idf; hashes never 0.
class FeatureTable {
 public:
  static constexpr std::uint32_t kStop = 0xFFFFFFFF;  // too common: not a feature

  explicit FeatureTable(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
  }
  void Insert(std::uint64_t hash, std::uint32_t id, float idf) {
    std::size_t i = Start(hash);
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{hash, id, idf};
  }
  // Null when the hash was in one document only.
  const std::pair<std::uint32_t, float>* Find(std::uint64_t hash) const {
    std::size_t i = Start(hash);
    while (slots_[i].hash != 0) {
      if (slots_[i].hash == hash) return &slots_[i].value;
      i = (i + 1) & mask_;
    }
    return nullptr;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::pair<std::uint32_t, float> value{0, 0.0f};
    Slot() = default;
    Slot(std::uint64_t h, std::uint32_t id, float idf) : hash(h), value(id, idf) {}
  };
  std::size_t Start(std::uint64_t hash) const {
    return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ull) >> 20) & mask_;
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

// Sorts on up to two threads: halves in parallel, then a merge.
void ParallelSort(std::vector<std::uint64_t>& v, int threads) {
  if (threads < 2 || v.size() < 100000) {
    std::sort(v.begin(), v.end());
    return;
  }
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::thread t([&] { std::sort(v.begin(), mid); });
  std::sort(mid, v.end());
  t.join();
  std::inplace_merge(v.begin(), mid, v.end());
}

double Idf(double n, double df) { return std::log(1.0 + (n - df + 0.5) / (df + 0.5)); }

Status Validate(const Options& o) {
  if (o.top < 0) return InvalidArgument("must be 0 (every pair) or positive", "top");
  if (o.threads < 1) return InvalidArgument("must be at least 1", "threads");
  if (!(o.title_weight >= 0) || !(o.keyword_weight >= 0) || !(o.phrase_weight >= 0)) {
    return InvalidArgument("field weights must be 0 or more", "weights");
  }
  if (!(o.profile_weight >= 0 && o.profile_weight <= 1)) {
    return InvalidArgument("must be between 0 and 1", "profile_weight");
  }
  if (!(o.recency_floor >= 0 && o.recency_floor <= 1)) {
    return InvalidArgument("must be between 0 and 1", "recency_floor");
  }
  if (o.aggregate_top < 1) return InvalidArgument("must be at least 1", "aggregate_top");
  if (!(o.max_df > 0 && o.max_df <= 1)) return InvalidArgument("must be in (0, 1]", "max_df");
  return Ok();
}

}  // namespace

Result<std::vector<Score>> Compute(const std::vector<Document>& submissions,
                                   const std::vector<Reviewer>& reviewers, const Options& options) {
  ASTA_RETURN_IF_ERROR(Validate(options));
  const std::size_t n_sub = submissions.size();
  const std::size_t n_rev = reviewers.size();

  // Papers: every reviewer's papers, then their keywords as one more paper.
  std::vector<const Document*> docs;
  std::vector<Document> keyword_docs;
  keyword_docs.reserve(n_rev);
  for (const auto& s : submissions) docs.push_back(&s);
  std::vector<std::uint32_t> owner;
  std::vector<float> recency;
  std::vector<int> paper_count(n_rev, 0);
  int latest = 0;
  for (const auto& r : reviewers) {
    for (const auto& p : r.papers) {
      if (p.year) latest = std::max(latest, *p.year);
    }
  }
  const int now = options.current_year > 0 ? options.current_year : latest;
  auto recency_of = [&](const std::optional<int>& year) {
    if (options.recency_half_life <= 0) return 1.0f;
    const double age =
        year && now > 0 ? std::max(0, now - *year) : options.recency_half_life;  // unknown
    return static_cast<float>(options.recency_floor +
                              (1.0 - options.recency_floor) *
                                  std::exp2(-age / options.recency_half_life));
  };
  std::vector<std::uint32_t> first_paper(n_rev + 1, 0);
  for (std::size_t r = 0; r < n_rev; ++r) {
    first_paper[r] = static_cast<std::uint32_t>(docs.size() - n_sub);
    for (const auto& p : reviewers[r].papers) {
      docs.push_back(&p);
      owner.push_back(static_cast<std::uint32_t>(r));
      recency.push_back(recency_of(p.year));
      ++paper_count[r];
    }
    if (!reviewers[r].keywords.empty()) {
      Document k;
      k.keywords = reviewers[r].keywords;
      keyword_docs.push_back(std::move(k));
      docs.push_back(&keyword_docs.back());
      owner.push_back(static_cast<std::uint32_t>(r));
      recency.push_back(1.0f);
      ++paper_count[r];
    }
  }
  first_paper[n_rev] = static_cast<std::uint32_t>(docs.size() - n_sub);
  const std::size_t n_docs = docs.size();
  const std::size_t n_papers = n_docs - n_sub;

  // 1. Analysis.
  std::vector<std::vector<Feature>> features(n_docs);
  ParallelFor(n_docs, options.threads, [&](std::size_t i) {
    thread_local std::vector<std::uint64_t> scratch;
    features[i] = Analyze(*docs[i], options, scratch);
  });

  // 2. Document frequencies: features of two documents or more get an index entry;
  // those in more than max_df of the documents (from 200 documents on) are stop words.
  std::size_t total = 0;
  for (const auto& f : features) total += f.size();
  std::vector<std::uint64_t> all;
  all.reserve(total);
  for (const auto& f : features) {
    for (const auto& x : f) all.push_back(x.hash);
  }
  ParallelSort(all, options.threads);
  const double n = static_cast<double>(n_docs);
  // From 20,000 documents on, terms in more than 5 % of them are stop words too: in a
  // corpus that large they are generic, and their long postings would dominate the time.
  const double max_df_fraction = n_docs >= 20000 ? std::min(options.max_df, 0.05) : options.max_df;
  const double max_df =
      n_docs >= 200 ? max_df_fraction * n : std::numeric_limits<double>::infinity();
  std::size_t shared = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i + 1;
    while (j < all.size() && all[j] == all[i]) ++j;
    if (j - i >= 2) ++shared;
    i = j;
  }
  FeatureTable table(shared);
  std::uint32_t next_id = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i + 1;
    while (j < all.size() && all[j] == all[i]) ++j;
    const double df = static_cast<double>(j - i);
    if (j - i >= 2) {
      if (df > max_df) {
        table.Insert(all[i], FeatureTable::kStop, 0.0f);
      } else {
        table.Insert(all[i], next_id++, static_cast<float>(Idf(n, df)));
      }
    }
    i = j;
  }
  std::vector<std::uint64_t>().swap(all);
  const float idf_once = static_cast<float>(Idf(n, 1.0));

  // 3. Weighted, normalised vectors of indexed features (sorted by feature id).
  std::vector<std::vector<Entry>> vectors(n_docs);
  std::vector<float> unindexed(n_docs, 0.0f);  // squared weight outside the index, normalised
  ParallelFor(n_docs, options.threads, [&](std::size_t i) {
    double norm = 0;
    double outside = 0;
    std::vector<Entry>& v = vectors[i];
    for (const Feature& f : features[i]) {
      const auto* found = table.Find(f.hash);
      if (found && found->first == FeatureTable::kStop) continue;
      const double w = std::log1p(static_cast<double>(f.tf)) * (found ? found->second : idf_once);
      norm += w * w;
      if (found) {
        v.push_back({found->first, static_cast<float>(w)});
      } else {
        outside += w * w;
      }
    }
    std::vector<Feature>().swap(features[i]);
    if (norm > 0) {
      const double inv = 1.0 / std::sqrt(norm);
      for (Entry& e : v) e.weight = static_cast<float>(e.weight * inv);
      unindexed[i] = static_cast<float>(outside / norm);
    }
    std::sort(v.begin(), v.end(),
              [](const Entry& a, const Entry& b) { return a.feature < b.feature; });
  });

  // The norm of each reviewer's profile: the recency-weighted sum of their paper vectors.
  std::vector<double> profile_norm(n_rev, 0.0);
  ParallelFor(n_rev, options.threads, [&](std::size_t r) {
    std::vector<Entry> merged;
    double sq = 0;
    for (std::uint32_t p = first_paper[r]; p < first_paper[r + 1]; ++p) {
      for (const Entry& e : vectors[n_sub + p])
        merged.push_back({e.feature, e.weight * recency[p]});
      sq += static_cast<double>(recency[p]) * recency[p] * unindexed[n_sub + p];
    }
    std::sort(merged.begin(), merged.end(),
              [](const Entry& a, const Entry& b) { return a.feature < b.feature; });
    for (std::size_t i = 0; i < merged.size();) {
      double w = 0;
      std::size_t j = i;
      for (; j < merged.size() && merged[j].feature == merged[i].feature; ++j)
        w += merged[j].weight;
      sq += w * w;
      i = j;
    }
    profile_norm[r] = std::sqrt(sq);
  });

  // 4. Inverted index over the papers.
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(next_id) + 1, 0);
  for (std::size_t p = 0; p < n_papers; ++p) {
    for (const Entry& e : vectors[n_sub + p]) ++offsets[e.feature + 1];
  }
  for (std::size_t f = 0; f < next_id; ++f) offsets[f + 1] += offsets[f];
  struct Posting {
    std::uint32_t paper;
    float weight;
  };
  std::vector<Posting> postings(offsets.back());
  {
    std::vector<std::uint64_t> fill(offsets.begin(), offsets.end() - 1);
    for (std::size_t p = 0; p < n_papers; ++p) {
      for (const Entry& e : vectors[n_sub + p]) {
        postings[fill[e.feature]++] = {static_cast<std::uint32_t>(p), e.weight};
      }
      std::vector<Entry>().swap(vectors[n_sub + p]);
    }
  }

  // 5. Per submission: accumulate paper cosines, keep each reviewer's best k.
  const int k = options.aggregate_top;
  std::vector<double> place_weight(static_cast<std::size_t>(k));
  std::vector<double> weight_sum(static_cast<std::size_t>(k) + 1, 0.0);
  for (int i = 0; i < k; ++i) {
    place_weight[static_cast<std::size_t>(i)] = 1.0 / (i + 1);
    weight_sum[static_cast<std::size_t>(i) + 1] =
        weight_sum[static_cast<std::size_t>(i)] + place_weight[static_cast<std::size_t>(i)];
  }
  const std::size_t top_n =
      options.top > 0 ? std::min<std::size_t>(static_cast<std::size_t>(options.top), n_rev) : 0;
  const double lambda = options.profile_weight;
  std::vector<std::vector<Score>> per_submission(n_sub);
  ParallelFor(n_sub, options.threads, [&](std::size_t s) {
    thread_local std::vector<float> acc;
    thread_local std::vector<std::uint32_t> touched_reviewers;
    thread_local std::vector<std::uint8_t> reviewer_seen;
    thread_local std::vector<float> best;
    if (acc.size() != n_papers) acc.assign(n_papers, 0.0f);
    if (reviewer_seen.size() != n_rev) reviewer_seen.assign(n_rev, 0);
    best.assign(static_cast<std::size_t>(k), 0.0f);
    touched_reviewers.clear();
    for (const Entry& e : vectors[s]) {
      for (std::uint64_t i = offsets[e.feature]; i < offsets[e.feature + 1]; ++i) {
        const Posting& p = postings[i];
        acc[p.paper] += e.weight * p.weight;
        const std::uint32_t r = owner[p.paper];
        if (!reviewer_seen[r]) {
          reviewer_seen[r] = 1;
          touched_reviewers.push_back(r);
        }
      }
    }
    std::vector<Score> scored;
    scored.reserve(touched_reviewers.size());
    for (std::uint32_t r : touched_reviewers) {
      reviewer_seen[r] = 0;
      // The reviewer's papers in their own order, so that the sums do not depend on the
      // order of the reviewers.
      std::fill(best.begin(), best.end(), 0.0f);
      double profile = 0;
      for (std::uint32_t p = first_paper[r]; p < first_paper[r + 1]; ++p) {
        const float sim = acc[p] * recency[p];
        acc[p] = 0.0f;
        profile += sim;
        if (sim <= best[static_cast<std::size_t>(k - 1)]) continue;
        int pos = k - 1;
        while (pos > 0 && best[static_cast<std::size_t>(pos - 1)] < sim) {
          best[static_cast<std::size_t>(pos)] = best[static_cast<std::size_t>(pos - 1)];
          --pos;
        }
        best[static_cast<std::size_t>(pos)] = sim;
      }
      double sum = 0;
      for (int i = 0; i < k; ++i)
        sum += place_weight[static_cast<std::size_t>(i)] * best[static_cast<std::size_t>(i)];
      const int places = std::min(k, paper_count[r]);
      const double top_mean = places > 0 ? sum / weight_sum[static_cast<std::size_t>(places)] : 0.0;
      const double centroid = profile_norm[r] > 0 ? profile / profile_norm[r] : 0.0;
      const double score = std::clamp((1 - lambda) * top_mean + lambda * centroid, 0.0, 1.0);
      if (score > 0) scored.push_back({static_cast<int>(s), static_cast<int>(r), score});
    }
    std::vector<Score>& out = per_submission[s];
    if (top_n == 0) {
      out.resize(n_rev);
      for (std::size_t r = 0; r < n_rev; ++r) {
        out[r] = {static_cast<int>(s), static_cast<int>(r), 0.0};
      }
      for (const Score& x : scored) out[static_cast<std::size_t>(x.reviewer)].score = x.score;
      return;
    }
    auto better = [](const Score& a, const Score& b) {
      return a.score != b.score ? a.score > b.score : a.reviewer < b.reviewer;
    };
    if (scored.size() > top_n) {
      std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(top_n),
                        scored.end(), better);
      scored.resize(top_n);
    } else {
      std::sort(scored.begin(), scored.end(), better);
    }
    out = std::move(scored);
    if (out.size() < top_n) {
      // Fill with reviewers sharing nothing (score 0), by index.
      std::vector<std::uint8_t> taken(n_rev, 0);
      for (const Score& x : out) taken[static_cast<std::size_t>(x.reviewer)] = 1;
      for (std::size_t r = 0; r < n_rev && out.size() < top_n; ++r) {
        if (!taken[r]) out.push_back({static_cast<int>(s), static_cast<int>(r), 0.0});
      }
    }
  });

  std::size_t count = 0;
  for (const auto& v : per_submission) count += v.size();
  std::vector<Score> result;
  result.reserve(count);
  for (auto& v : per_submission) {
    result.insert(result.end(), v.begin(), v.end());
    std::vector<Score>().swap(v);
  }
  return result;
}

}  // namespace asta::affinity
