// HTTP routes of the audit trail: the log, newest first, and chain verification.
#pragma once

#include <vector>

#include "modules/api/api.h"
#include "store/database.h"

namespace asta::audit {

std::vector<api::RouteSpec> AuditRoutes(store::Database& db);

}  // namespace asta::audit
