// The demo data set: ministries and agencies of several countries, a named account for
// every role, and researchers whose names are written in their own scripts with a Latin
// form. Generated deterministically from a seed (the same seed and scale give the same
// names, e-mails, ORCID iDs and grants), through the same services a user would call,
// so every object has its audit entries. Later modules extend it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/app.h"

namespace asta::demo {

// The password of every named demo account (printed by `asta demo` and `make run`).
inline constexpr char kDemoPassword[] = "asta-demo-2026";
inline constexpr char kDemoAdminEmail[] = "admin@asta.example";

struct DemoOptions {
  int scale = 1;  // researchers: 120 × scale
  std::uint64_t seed = 20260401;
};

struct DemoReport {
  int ministries = 0;
  int agencies = 0;
  int users = 0;
  int control_categories = 0;
  int list_entities = 0;  // of the fictional "demo-list"
  int open_hits = 0;
  int organizations = 0;                                    // of the network
  int people = 0;                                           // network profiles of the researchers
  int programmes = 0;                                       // exchange programmes
  int needs = 0;                                            // cooperation needs
  int calls = 0;                                            // calls for proposals
  int proposals = 0;                                        // proposals to them
  std::vector<std::pair<std::string, std::string>> logins;  // e-mail, role
  // reviewer1…6@asta.example (role reviewer, the demo password): the review workflow's
  // reviewers, kept apart from `logins` (one account per role).
  std::vector<std::string> reviewer_logins;
};

// Fills an empty database. FailedPrecondition when it already holds users.
Result<DemoReport> Generate(App& app, const DemoOptions& options);

}  // namespace asta::demo
