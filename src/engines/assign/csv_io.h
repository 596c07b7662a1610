// The files of `asta assign` (docs/review.md): scores.csv `submission_id,reviewer_id,score`,
// conflicts.csv `submission_id,reviewer_id`, assignment.csv `submission_id,reviewer_id,score`.
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

// assignment.csv, sorted by submission then reviewer id.
std::string WriteAssignment(const Named& named, const Assignment& assignment);

}  // namespace asta::assign
