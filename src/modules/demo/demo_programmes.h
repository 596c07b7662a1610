// The programmes part of the demo data: JST's multilateral joint-research programme with
// an open three-country call and an aid-linked call with a special slot, a fellowship
// call that has closed and an upcoming capacity-building call; proposals in several
// languages, some submitted (one with a team member on the demo restricted list, so the
// officer sees a screening alert). Dates are relative to today, so the demo always has
// open calls. Internal to the demo module.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/app.h"
#include "modules/demo/demo_network.h"

namespace asta::demo {

struct ProgrammesDemoReport {
  int programmes = 0;
  int calls = 0;
  int proposals = 0;
  int submitted = 0;
};

Result<ProgrammesDemoReport> GenerateProgrammes(
    App& app, const std::map<std::string, std::int64_t>& agency_ids, std::int64_t applicant_user_id,
    const std::vector<DemoResearcher>& researchers);

}  // namespace asta::demo
