// Pieces the network module's route files share (network_routes.cc defines them):
// who is acting, the version a client read, and the scope an object gives the
// authorisation check. Internal to src/modules/network.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/json.h"
#include "core/result.h"
#include "modules/api/api.h"
#include "modules/audit/audit_log.h"
#include "modules/network/network.h"

namespace asta::network::internal {

// The signed-in caller as the audit log names them (routes with a principal only).
audit::Actor ActorOf(const api::ApiRequest& req);
// The body's "version" (the one the client read), absent when not sent or null;
// InvalidArgument naming "version" when it is not an integer.
Result<std::optional<std::int64_t>> VersionOf(const Json& body);
// The scope of an object in `country` (region-scoped roles act on it when the country is
// in their region).
api::ResourceScope OrgScope(const std::string& country);
// A person's scope: their account and every country they are tied to.
api::ResourceScope PersonScope(const Person& p);

}  // namespace asta::network::internal
