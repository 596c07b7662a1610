#include "http/openapi.h"

#include <set>

#include "http/router.h"

namespace asta::http {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "GET /api/v1/users/{id}" -> "get_api_v1_users_id": stable, unique per method+pattern.
std::string OperationId(const api::RouteSpec& route) {
  std::string id = Lower(api::MethodName(route.method));
  bool underscore = true;
  for (char c : route.pattern) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      if (underscore) id += '_';
      id += c;
      underscore = false;
    } else {
      underscore = true;
    }
  }
  return id;
}

Json ErrorSchema() {
  return api::SchemaObject(
      {{"error", api::SchemaObject(
                     {{"code", Json{{"type", "string"},
                                    {"enum",
                                     {"invalid_argument", "not_found", "already_exists",
                                      "failed_precondition", "unauthenticated", "permission_denied",
                                      "resource_exhausted", "unavailable", "internal"}}}},
                      {"message", api::SchemaString()},
                      {"field", api::SchemaString()}},
                     {"code", "message"})}},
      {"error"});
}

Json ErrorResponse(const char* description) {
  return Json{
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

bool IsIdName(const std::string& name) {
  return name == "id" || (name.size() > 3 && name.compare(name.size() - 3, 3, "_id") == 0);
}

}  // namespace

Json BuildOpenApiDocument(const std::vector<const api::RouteSpec*>& routes,
                          const std::string& version) {
  Json doc = Json::object();
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "asta API"},
                 {"version", version},
                 {"description",
                  "The API of asta, the information system of the international science and "
                  "technology cooperation strategy. Errors are {\"error\": {\"code\", "
                  "\"message\", \"field\"}}; lists use cursor pagination."}};

  Json paths = Json::object();
  std::set<std::string> tags;
  for (const api::RouteSpec* route : routes) {
    Json operation = Json::object();
    if (!route->summary.empty()) operation["summary"] = route->summary;
    operation["operationId"] = OperationId(*route);
    if (!route->tag.empty()) {
      operation["tags"] = Json::array({route->tag});
      tags.insert(route->tag);
    }
    operation["x-permission"] = std::string(api::PermissionName(route->permission));

    Json parameters = Json::array();
    for (const std::string& name : RouteTable::ParamNames(route->pattern)) {
      parameters.push_back(
          {{"name", name},
           {"in", "path"},
           {"required", true},
           {"schema", IsIdName(name) ? api::SchemaInteger() : api::SchemaString()}});
    }
    if (route->paginated) {
      parameters.push_back(
          {{"name", "limit"},
           {"in", "query"},
           {"required", false},
           {"description", "Page size."},
           {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}, {"default", 50}}}});
      parameters.push_back({{"name", "cursor"},
                            {"in", "query"},
                            {"required", false},
                            {"description", "next_cursor of the previous page."},
                            {"schema", api::SchemaString()}});
    }
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);

    if (!route->request_schema.is_null()) {
      operation["requestBody"] = {
          {"required", true},
          {"content", {{"application/json", {{"schema", route->request_schema}}}}}};
    }

    Json responses = Json::object();
    int success = route->success_status;
    if (success == 0) success = route->response_schema.is_null() ? 204 : 200;
    Json ok = {{"description", "Success"}};
    if (!route->response_schema.is_null()) {
      ok["content"] = {{"application/json", {{"schema", route->response_schema}}}};
    }
    responses[std::to_string(success)] = std::move(ok);
    bool takes_input = !route->request_schema.is_null() || route->paginated ||
                       route->pattern.find('{') != std::string::npos;
    if (takes_input) responses["400"] = ErrorResponse("Invalid input; `field` names it");
    if (route->permission != api::Permission::kPublic) {
      responses["401"] = ErrorResponse("Not signed in, or the credential is invalid");
      responses["403"] = ErrorResponse("Signed in but not permitted, or the CSRF token is wrong");
      operation["security"] =
          Json::array({{{"cookieAuth", Json::array()}}, {{"bearerAuth", Json::array()}}});
    } else {
      operation["security"] = Json::array();
    }
    responses["default"] = ErrorResponse("Error");
    operation["responses"] = std::move(responses);

    Json& path_item = paths[route->pattern];
    path_item[Lower(api::MethodName(route->method))] = std::move(operation);
  }
  doc["paths"] = std::move(paths);

  Json tag_list = Json::array();
  for (const std::string& tag : tags) tag_list.push_back({{"name", tag}});
  doc["tags"] = std::move(tag_list);

  doc["components"] = {
      {"schemas", {{"Error", ErrorSchema()}}},
      {"securitySchemes",
       {{"cookieAuth",
         {{"type", "apiKey"},
          {"in", "cookie"},
          {"name", std::string(api::kSessionCookie)},
          {"description", "Browser session. Unsafe methods must send the session's CSRF token in " +
                              std::string(api::kCsrfHeader) + "."}}},
        {"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}, {"description", "API token."}}}}}};
  return doc;
}

}  // namespace asta::http
