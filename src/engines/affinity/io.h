// The files of `asta affinity` (docs/review.md), in the OpenReview expertise format:
//   submissions.json  an object keyed by submission id, each {"id", "content": {"title",
//                     "abstract", "keywords"?, …}}; a content field may be given bare or
//                     wrapped as {"value": …} (OpenReview API v2); keywords as a list or
//                     a comma-separated string;
//   DIR               one <reviewer_id>.jsonl per reviewer, a line per paper {"id",
//                     "content": {"title", "abstract", "year"?}} (year also at the top
//                     level; a number or digits); blank lines and empty files are allowed;
//   scores.csv        submission_id,reviewer_id,score (score with 6 decimals).
// Ids must not contain commas, quotes or line breaks (scores.csv is read by asta assign).
// Errors are InvalidArgument naming the file and its line (JSON syntax errors also the
// byte offset), or NotFound for a missing file or directory. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "engines/affinity/affinity.h"

namespace asta::affinity {

// Submissions in the order of their ids (byte order).
Result<std::vector<Document>> ReadSubmissions(const std::string& path);

// Reviewers in the order of their ids (the file names without .jsonl, byte order); files
// read on `threads` threads. FailedPrecondition when DIR holds no .jsonl file.
Result<std::vector<Reviewer>> ReadProfiles(const std::string& dir, int threads = 2);

// Writes scores.csv to a temporary file beside `path`, then renames it into place.
Status WriteScores(const std::string& path, const std::vector<Document>& submissions,
                   const std::vector<Reviewer>& reviewers, const std::vector<Score>& scores);

}  // namespace asta::affinity
