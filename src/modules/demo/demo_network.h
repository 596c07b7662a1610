// The network part of the demo data: research organisations in Japan and in partner
// countries (names in their own languages beside English), a profile for every demo
// researcher with an affiliation, fields and themes, and for many a stay in Japan;
// overseas offices, exchange programmes, cooperation needs and a pair of duplicates.
// Internal to the demo module.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/app.h"

namespace asta::demo {

struct DemoResearcher {
  std::int64_t user_id = 0;
  std::string country;  // of the researcher's name pool
  std::string name, latin_name, email, orcid;
};

struct NetworkDemoReport {
  int organizations = 0;
  int people = 0;
  int programmes = 0;
  int needs = 0;
};

// Creates the organisations and one profile per researcher, deterministically from
// `seed`, through the network service (audited, screened, searchable).
Result<NetworkDemoReport> GenerateNetwork(App& app, const std::vector<DemoResearcher>& researchers,
                                          std::uint64_t seed);

}  // namespace asta::demo
