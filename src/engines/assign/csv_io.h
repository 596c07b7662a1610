// The files of `asta assign` (docs/review.md): scores.csv `submission_id,reviewer_id,score`,
// conflicts.csv `submission_id,reviewer_id`, assignment.csv `submission_id,reviewer_id,score`,
// and optionally bids.csv `submission_id,reviewer_id,bid`, reviewers.csv
// `reviewer_id,country`, proposals.csv `submission_id,countries[,k]` and an existing
// assignment.csv. Rows naming ids absent from the scores are ignored (they have no
// candidate pair), except where said.
// Ids are any text without commas or quotes; a header line is required. Errors name the
// file's line. Pure parsing; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engines/assign/assign.h"

namespace asta::assign {

struct Named {
  Problem problem;
  std::vector<std::string> proposal_ids, reviewer_ids;  // index -> id, in first-seen order
};

// Reads scores (and conflicts; "" for none) into a problem with the given k and loads.
// Conflicts naming ids absent from the scores are ignored (they cannot be assigned).
Result<Named> ReadProblem(std::string_view scores_csv, std::string_view conflicts_csv);

// The readers below fill in a problem ReadProblem() made; each replaces what it reads.
// bids.csv: bid -1 (or not_willing), 0 (neutral), 1 (willing), 2 (eager); a pair once.
Status ReadBids(std::string_view bids_csv, Named& named);
// reviewers.csv: a two-letter ISO 3166-1 country per reviewer (any case; stored upper).
Status ReadReviewers(std::string_view reviewers_csv, Named& named);
// proposals.csv: the applicants' countries, ';'-separated (may be empty), and optionally a
// column k overriding --k for that proposal (empty = --k). The k column may be left out
// of the header.
Status ReadProposals(std::string_view proposals_csv, Named& named);
// An existing assignment.csv being revised: its pairs become Problem::existing; a pair
// that is not among the scores is added as a candidate with the score in the file.
// Returns how many rows name a submission or reviewer absent from the scores (those
// pairs cannot be kept).
Result<int> ReadExisting(std::string_view assignment_csv, Named& named);

// assignment.csv, sorted by submission then reviewer id.
std::string WriteAssignment(const Named& named, const Assignment& assignment);

}  // namespace asta::assign
