// Generates the OpenAPI 3.0.3 document of the API from the same RouteSpecs that the
// server routes with, so the document cannot drift from what is served. Per operation:
// summary, tag, an operationId, `x-permission` (api::PermissionName), path parameters
// from {name} segments, limit/cursor for paginated routes, the request body schema, the
// success schema, the shared error schema, and 401/403 responses unless the route is
// public. Pure; thread-safe; linear in the number of routes.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "modules/api/api.h"

namespace asta::http {

Json BuildOpenApiDocument(const std::vector<const api::RouteSpec*>& routes,
                          const std::string& version);

}  // namespace asta::http
