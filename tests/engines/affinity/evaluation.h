// The affinity evaluation (issue 6): gold-style sets where each reviewer rated their
// expertise (0-5) for some submissions, and the loss of Stelmakh et al. (2023), "A Gold
// Standard Dataset for the Reviewer Assignment Problem": for each reviewer, every pair
// of rated submissions with different ratings weighs the rating gap; it counts as an
// error when the scores order the two against the ratings, half when the scores tie;
// the loss is the erroneous weight over the total weight (0 perfect, 0.5 chance).
#pragma once

#include <string>
#include <vector>

#include "engines/affinity/affinity.h"

namespace asta::affinity::eval {

struct Rating {
  int reviewer = 0;
  int submission = 0;
  int value = 0;  // 0-5
};

struct GoldSet {
  std::string name;
  std::vector<Document> submissions;
  std::vector<Reviewer> reviewers;
  std::vector<Rating> ratings;
};

// Scores for every pair (as Compute with top = 0 returns them).
double Loss(const GoldSet& set, const std::vector<Score>& scores);

// Set A, built here: reviewers with careers over subtopics of ten fields (scientific
// vocabulary with its inflections; three fields in Japanese and English), submissions
// drawn from one subtopic; ratings from construction: the reviewer's main subtopic 5,
// their secondary subtopic 4, their field 2, a field of their older papers 1, else 0.
GoldSet ConstructedSet();

// Set B, from the EU Funding & Tenders call topics in `path` (jsonl.gz): topics of a
// call are one reviewer's "papers" (some held out as submissions); a held-out topic
// of the same call rates 5, of the same programme part (e.g. HORIZON-CL5) 3, else 0.
// An empty set when the file cannot be read.
GoldSet EuCallSet(const std::string& path);

}  // namespace asta::affinity::eval
