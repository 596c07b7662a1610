// The compliance part of the demo data: a control-category table, a small fictional
// restricted-party list, a registered party and a technology-provision request that
// both hit it. Internal to the demo module.
#pragma once

#include <cstdint>

#include "core/result.h"
#include "modules/app.h"

namespace asta::demo {

struct ComplianceDemoReport {
  int categories = 0;
  int list_entities = 0;
  int open_hits = 0;
};

// Loads the compliance demo data; `applicant_user_id` files the demo request. Screens
// everything queued (the demo users too) before returning.
Result<ComplianceDemoReport> GenerateCompliance(App& app, std::int64_t applicant_user_id);

// The demo list as CSV (entity_id,name,kind,country), for tests and documentation.
const char* DemoListCsv();

}  // namespace asta::demo
