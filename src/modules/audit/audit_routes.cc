#include "modules/audit/audit_routes.h"

#include "modules/audit/audit_log.h"

namespace asta::audit {

std::vector<api::RouteSpec> AuditRoutes(store::Database& db) {
  using api::ApiRequest;
  using api::ApiResponse;
  Json entry_schema =
      api::SchemaObject({{"seq", api::SchemaInteger()},
                         {"at", api::SchemaString(0, "date-time")},
                         {"actor", api::SchemaString()},
                         {"actor_user_id", Json{{"type", "integer"}, {"nullable", true}}},
                         {"action", api::SchemaString()},
                         {"entity_type", api::SchemaString()},
                         {"entity_id", api::SchemaString()},
                         {"before", Json{{"type", "object"}, {"nullable", true}}},
                         {"after", Json{{"type", "object"}, {"nullable", true}}},
                         {"prev_hash", api::SchemaString()},
                         {"hash", api::SchemaString()}});
  std::vector<api::RouteSpec> r;
  r.push_back(api::RouteSpec{
      api::Method::kGet, "/api/v1/audit", api::Permission::kAuditRead,
      "The audit log, newest first; filter by entity_type and entity_id", "audit", nullptr,
      api::SchemaPage(entry_schema), true, [&db](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
        ListFilter f;
        f.limit = page.limit;
        if (page.after_id > 0) f.before_seq = page.after_id;
        f.entity_type = req.Query("entity_type").value_or("");
        f.entity_id = req.Query("entity_id").value_or("");
        if (f.entity_type.size() > 64) {
          return InvalidArgument("must be at most 64 characters", "entity_type");
        }
        if (f.entity_id.size() > 64) {
          return InvalidArgument("must be at most 64 characters", "entity_id");
        }
        ASTA_ASSIGN_OR_RETURN(auto entries, List(db, f));
        Json items = Json::array();
        for (const auto& e : entries) items.push_back(e.ToJson());
        return ApiResponse::Ok(api::PageBody(items, page, "seq"));
      }});
  r.push_back(api::RouteSpec{
      api::Method::kGet, "/api/v1/audit/verify", api::Permission::kAuditVerify,
      "Recompute the hash chain and report the first broken entry", "audit", nullptr,
      api::SchemaObject({{"ok", api::SchemaBoolean()},
                         {"entries", api::SchemaInteger()},
                         {"first_broken_seq", Json{{"type", "integer"}, {"nullable", true}}},
                         {"message", api::SchemaString()}}),
      false, [&db](const ApiRequest&) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto report, Verify(db));
        return ApiResponse::Ok(report.ToJson(), false);
      }});
  return r;
}

}  // namespace asta::audit
