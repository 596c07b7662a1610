// The review module's own arithmetic, kept pure so that it can be tested by hand:
// the stand-in expertise affinity (until the affinity engine is linked) and the panel's
// score calibration. Thread-safe (no state).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace asta::review {

// Expertise affinity by keyword overlap: a TF-IDF cosine between the words of each
// proposal (title, abstract, sections, keywords) and of each reviewer (publication titles
// and abstracts, keywords, fields). Words are runs of letters or digits folded to lower
// case (ASCII stop words and words under three letters dropped); scripts written without
// spaces (Han, kana, Hangul, Thai) are cut into overlapping character pairs. IDF is over
// all the texts given. Returns scores[proposal][reviewer] in [0, 1]. Deterministic; cost
// O(total words + proposals × reviewers × shared terms).
// This is a simple, honest baseline, not the affinity engine (src/engines/affinity).
std::vector<std::vector<double>> KeywordOverlapAffinity(
    const std::vector<std::string>& proposal_texts, const std::vector<std::string>& reviewer_texts);

// The terms KeywordOverlapAffinity sees in `text`.
std::vector<std::string> AffinityTerms(const std::string& text);

// One submitted review's weighted score (Σ weight × score / Σ weight over the criteria).
struct ScoredReview {
  std::int64_t proposal = 0;
  std::int64_t reviewer = 0;
  double score = 0;
};

struct Calibration {
  // leniency[r] = mean over r's reviews of proposals that others reviewed too of
  // (r's score − the mean of the other reviewers' scores on that proposal); 0 when r
  // shares no proposal with another reviewer.
  std::map<std::int64_t, double> leniency;
  std::map<std::int64_t, int> reviews;                       // per reviewer
  std::map<std::int64_t, double> raw_mean, calibrated_mean;  // per proposal
  std::map<std::int64_t, int> count;                         // reviews per proposal
};

// Raw and leniency-corrected means: calibrated_mean[p] = mean over p's reviews of
// (score − leniency[reviewer]).
Calibration Calibrate(const std::vector<ScoredReview>& reviews);

}  // namespace asta::review
