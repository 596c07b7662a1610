// Expertise affinity (issue 6, part 1): how well each reviewer's publications fit each
// submission, from text alone, in English, Japanese or both. Classical retrieval, no
// model weights:
//   - every text is analysed by analyzer.h (stop words, Porter stems, MeCab for
//     Japanese) into terms and two-term phrases; the title and keywords count
//     `title_weight` / `keyword_weight` times, phrases `phrase_weight` times;
//   - a document is a vector of log(1 + tf) · idf (BM25's idf over every submission and
//     paper given), L2-normalised so that long texts are not favoured; terms found in
//     one document only cannot match and are left out of the index (kept in the norm),
//     terms in more than `max_df` of the documents (5 % from 20,000 documents on) are
//     treated as stop words;
//   - a paper's similarity to a submission is the cosine of their vectors times the
//     paper's recency weight floor + (1 - floor) · 2^(-age / half_life) (unknown year:
//     one half-life old);
//   - a reviewer's score mixes two views of their papers: (1 - profile_weight) times the
//     soft top-k mean of the papers' similarities (the best k, default 3, weighted 1,
//     1/2, 1/3…, divided by the weights of min(k, papers) places: one very close paper
//     counts most, unrelated papers beyond the k do not dilute it) plus profile_weight
//     times the cosine with the recency-weighted sum of the paper vectors (the whole
//     profile: themes the reviewer keeps returning to). The reviewer's own keywords act
//     as one more paper (recency 1).
// Scores lie in [0, 1]; 0 means no shared indexed term.
// Cost: an inverted index over the papers, one sparse accumulation per submission over
// the postings of its terms (time ~ sum of the document frequencies of its terms), on
// `threads` threads; memory ~ 8 bytes per distinct (paper, term) in the index, about
// three times that while building it. Deterministic: the
// same input gives the same scores bit for bit, whatever the thread count and whatever
// the order of the reviewers (each pair's score depends on the set of documents only).
// Thread-safe: Compute has no shared mutable state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace asta::affinity {

struct Document {
  std::string id;
  std::string title;
  std::string abstract;
  std::vector<std::string> keywords;
  std::optional<int> year;  // publication year; used for reviewers' papers only
};

struct Reviewer {
  std::string id;
  std::vector<Document> papers;       // may be empty: every score is then 0
  std::vector<std::string> keywords;  // self-declared expertise, optional
};

struct Options {
  int top = 0;           // keep the `top` best reviewers per submission; 0 = every pair
  int current_year = 0;  // for recency; 0 = the latest year among the papers
  int threads = 2;       // worker threads (>= 1)
  double title_weight = 2.0;
  double keyword_weight = 2.0;
  double phrase_weight = 0.5;
  double recency_half_life = 8.0;  // years; <= 0 turns recency off
  double recency_floor = 0.5;      // weight of a very old paper, in [0, 1]
  int aggregate_top = 3;           // k of the soft top-k mean (1 = the best paper only)
  double profile_weight = 0.3;     // share of the whole-profile cosine in the score, [0, 1]
  double max_df = 0.5;             // fraction of documents; applies from 200 documents (from 20,000
                                   // documents on at most 0.05)
};

struct Score {
  int submission = 0;  // index into the submissions given
  int reviewer = 0;    // index into the reviewers given
  double score = 0;    // in [0, 1]
};

// Scores of submissions against reviewers. With options.top == 0: every pair, ordered
// by submission then reviewer index (reviewers sharing nothing with a submission score
// 0). With top = N > 0: for each submission the min(N, reviewers) best, ordered by
// submission, then score descending, then reviewer index (ties and zero scores filled
// by reviewer index). InvalidArgument naming the option for top < 0, threads < 1, a
// weight out of range, or aggregate_top < 1.
Result<std::vector<Score>> Compute(const std::vector<Document>& submissions,
                                   const std::vector<Reviewer>& reviewers,
                                   const Options& options = {});

// The reference the evaluation and the benchmark compare against: plain TF-IDF cosine
// (raw term counts × log(N / df), lower-cased words of two or more letters and
// digits, CJK character bigrams, no stop words, stemming or phrases) between each
// submission's title + abstract and each reviewer's papers concatenated; every pair,
// brute force over all pairs (time ~ submissions × reviewers). Same ordering as
// Compute with top = 0.
std::vector<Score> BaselineTfidfCosine(const std::vector<Document>& submissions,
                                       const std::vector<Reviewer>& reviewers);

}  // namespace asta::affinity
