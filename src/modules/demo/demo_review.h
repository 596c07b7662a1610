// The review part of the demo data: six reviewer accounts (reviewer1…6@asta.example,
// the demo password, the reviewer role) with network profiles — countries, affiliations
// and publications — chosen so that, on the demo's open multilateral call, expertise
// affinity differs between reviewers and conflicts of interest show: reviewer1 works at
// the organisation of one proposal's lead (same organisation) and reviewer4 co-authored
// a recent paper with another proposal's lead (co-authorship). The call's reviewer pool
// is left empty: officers (and the e2e suite) invite from there. Internal to the demo.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "modules/app.h"

namespace asta::demo {

// Creates the reviewers; returns their e-mails.
Result<std::vector<std::string>> GenerateReviewers(App& app);

}  // namespace asta::demo
