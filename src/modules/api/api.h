// The contract between the domain modules and the HTTP layer. Modules describe their
// routes as RouteSpecs — method, path pattern, permission, schemas and a handler over
// plain ApiRequest/ApiResponse values — without knowing the HTTP library. The HTTP layer
// (src/http) authenticates, authorises with route.permission, parses the JSON body,
// calls the handler, maps errors to statuses, and generates the OpenAPI document from
// these same specs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "modules/api/authz.h"

namespace asta::api {

enum class Method { kGet, kPost, kPut, kPatch, kDelete };
std::string_view MethodName(Method method);  // "GET", …

struct ApiRequest {
  Method method = Method::kGet;
  std::string path;                                // as requested, without query
  std::map<std::string, std::string> path_params;  // from {name} segments
  std::multimap<std::string, std::string> query;   // decoded
  Json body;                                       // parsed JSON body, or null
  const Principal* principal = nullptr;            // null for anonymous requests
  std::string remote_addr;
  std::string user_agent;

  // The query parameter or nullopt.
  std::optional<std::string> Query(const std::string& name) const;
  // The path parameter {name} as a positive integer id; InvalidArgument naming it.
  Result<std::int64_t> PathId(const std::string& name) const;
};

struct Cookie {
  std::string name;
  std::string value;
  int max_age_seconds = -1;  // -1: session cookie; 0: delete
  bool http_only = true;
};

struct ApiResponse {
  int status = 200;
  Json body;                    // null with 204
  std::vector<Cookie> cookies;  // Set-Cookie (HttpOnly, SameSite=Strict, Path=/)
  std::map<std::string, std::string> headers;
  bool etag = false;  // GET: add an ETag from the body and honour If-None-Match
  // A body already serialised as JSON text; when set it is sent instead of `body`.
  // Hot read paths write their JSON directly rather than building a Json tree first.
  std::string json_text;
  // When set, `json_text` is sent as is with this Content-Type (file downloads: CSV,
  // XLSX); a Content-Disposition header may name the file.
  std::string content_type;

  static ApiResponse Ok(Json body, bool with_etag = true);
  static ApiResponse Created(Json body);
  static ApiResponse OkText(std::string json_text, bool with_etag = true);
  static ApiResponse NoContent();
};

using Handler = std::function<Result<ApiResponse>(const ApiRequest&)>;

struct RouteSpec {
  Method method = Method::kGet;
  std::string pattern;  // "/api/v1/users/{id}"
  Permission permission = Permission::kAuthenticated;
  std::string summary;     // one line for OpenAPI
  std::string tag;         // OpenAPI tag ("accounts", "audit", …)
  Json request_schema;     // JSON Schema of the body, or null
  Json response_schema;    // JSON Schema of a success body, or null
  bool paginated = false;  // takes limit/cursor, returns {items, next_cursor}
  Handler handler;
  // The status of a success, for the OpenAPI document only (the handler decides what is
  // sent). 0 means 200, or 204 when there is no response_schema.
  int success_status = 0;
};

// Turns credentials into a Principal. Implemented by the accounts module.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Returns the principal for a session cookie value; Unauthenticated when unknown,
  // expired or revoked.
  virtual Result<Principal> AuthenticateSession(std::string_view session_token) = 0;
  // Returns the principal for a bearer API token; Unauthenticated likewise.
  virtual Result<Principal> AuthenticateToken(std::string_view api_token) = 0;
};

inline constexpr std::string_view kSessionCookie = "asta_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// Reads a JSON object body field by field and rejects what it did not read, so that a
// typo in a field name is an error rather than silently ignored. Every error names the
// field. Usage:
//   BodyReader r(req.body);
//   auto email = r.RequiredString("email", 254);
//   auto orcid = r.OptionalString("orcid", 19);
//   ASTA_RETURN_IF_ERROR(r.Finish());
class BodyReader {
 public:
  explicit BodyReader(const Json& body);
  // Strings are validated as UTF-8 text without control characters, trimmed, and at most
  // `max_chars` code points long. A null body (none was sent) reads as an empty object; a
  // field that is absent or JSON null is "not given" (nullopt, or "is required"); a blank
  // string is an error for optional fields too (a handler that lets null clear a field
  // checks for null itself). A value of the wrong JSON type is InvalidArgument "must be a
  // string" ("an integer", "a boolean") naming the field.
  Result<std::string> RequiredString(const std::string& name, size_t max_chars);
  Result<std::optional<std::string>> OptionalString(const std::string& name, size_t max_chars);
  // A secret (a password) exactly as sent: no trimming and no checks beyond being a
  // string of at most `max_bytes`; the policy belongs to the caller.
  Result<std::optional<std::string>> OptionalSecret(const std::string& name, size_t max_bytes);
  Result<std::int64_t> RequiredInt(const std::string& name);
  Result<std::optional<std::int64_t>> OptionalInt(const std::string& name);
  Result<std::optional<bool>> OptionalBool(const std::string& name);
  // True when the field is present (even if null).
  bool Has(const std::string& name) const;
  // InvalidArgument naming the first field present in the body but never read, or
  // naming "body" when the body is not a JSON object.
  Status Finish() const;

 private:
  const Json& body_;
  std::set<std::string> read_;
};

// Cursor pagination: `limit` (1..200, default 50) and an opaque `cursor` that encodes the
// last id seen. Lists are ordered by id.
struct PageRequest {
  int limit = 50;
  std::int64_t after_id = 0;
};
Result<PageRequest> ParsePage(const ApiRequest& request);
std::string EncodeCursor(std::int64_t last_id);
// Builds {"items": items, "next_cursor": cursor-or-null}; `items` holds up to
// limit + 1 entries (the extra one only tells that there is a next page) and each entry
// has an integer "id" (or `id_field`).
Json PageBody(Json items, const PageRequest& page, const std::string& id_field = "id");

// JSON Schema helpers for RouteSpecs.
Json SchemaObject(std::initializer_list<std::pair<const char*, Json>> properties,
                  std::initializer_list<const char*> required = {});
Json SchemaString(int max_length = 0, const char* format = nullptr);
Json SchemaInteger();
Json SchemaBoolean();
Json SchemaArray(Json items);
Json SchemaPage(Json item);

}  // namespace asta::api
