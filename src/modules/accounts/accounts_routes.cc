// HTTP routes of the accounts module, described as api::RouteSpecs.
#include <algorithm>

#include "modules/accounts/accounts.h"

namespace asta::accounts {
namespace {

using api::ApiRequest;
using api::ApiResponse;
using api::Method;
using api::Permission;
using api::RouteSpec;

Json UserSchema() {
  return api::SchemaObject(
      {{"id", api::SchemaInteger()},
       {"email", api::SchemaString(254, "email")},
       {"display_name", api::SchemaString(200)},
       {"latin_name", api::SchemaString(200)},
       {"language", Json{{"type", "string"}, {"enum", {"ja", "en"}}}},
       {"orcid", Json{{"type", "string"}, {"nullable", true}}},
       {"agency_id", Json{{"type", "integer"}, {"nullable", true}}},
       {"disabled", api::SchemaBoolean()},
       {"roles", api::SchemaArray(api::SchemaObject({{"id", api::SchemaInteger()},
                                                     {"role", api::SchemaString()},
                                                     {"scope_type", api::SchemaString()},
                                                     {"scope_id", api::SchemaString()}}))},
       {"created_at", api::SchemaString(0, "date-time")},
       {"updated_at", api::SchemaString(0, "date-time")}});
}

Json SessionSchema() {
  return api::SchemaObject({{"user", UserSchema()}, {"csrf_token", api::SchemaString()}});
}

Json MinistrySchema() {
  return api::SchemaObject({{"id", api::SchemaInteger()},
                            {"code", api::SchemaString(32)},
                            {"country", api::SchemaString(2)},
                            {"name", api::SchemaString(300)},
                            {"name_en", api::SchemaString(300)},
                            {"created_at", api::SchemaString(0, "date-time")}});
}

Json AgencySchema() {
  return api::SchemaObject({{"id", api::SchemaInteger()},
                            {"ministry_id", api::SchemaInteger()},
                            {"code", api::SchemaString(32)},
                            {"country", api::SchemaString(2)},
                            {"name", api::SchemaString(300)},
                            {"name_en", api::SchemaString(300)},
                            {"created_at", api::SchemaString(0, "date-time")}});
}

Json TokenSchema() {
  return api::SchemaObject({{"id", api::SchemaInteger()},
                            {"name", api::SchemaString(100)},
                            {"prefix", api::SchemaString()},
                            {"created_at", api::SchemaString(0, "date-time")},
                            {"expires_at", Json{{"type", "string"}, {"nullable", true}}},
                            {"revoked", api::SchemaBoolean()}});
}

Json SessionBody(const User& user, const std::string& csrf) {
  return Json{{"user", user.ToJson()}, {"csrf_token", csrf}};
}

template <class T>
Json ItemsJson(const std::vector<T>& items) {
  Json a = Json::array();
  for (const auto& i : items) a.push_back(i.ToJson());
  return a;
}

// Reads an optional field that may be given as null to clear it.
struct Nullable {
  bool present = false;
  bool is_null = false;
};
Nullable Peek(const Json& body, const char* name) {
  if (!body.is_object() || !body.contains(name)) return {};
  return {true, body[name].is_null()};
}

}  // namespace

std::vector<RouteSpec> AccountsRoutes(AccountsService& s) {
  std::vector<RouteSpec> r;
  const int max_age = s.config().session_hours * 3600;

  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/session", Permission::kPublic,
      "Sign in with e-mail and password; sets the session cookie", "accounts",
      api::SchemaObject({{"email", api::SchemaString(254, "email")},
                         {"password", api::SchemaString(1024, "password")}},
                        {"email", "password"}),
      SessionSchema(), false, [&s, max_age](const ApiRequest& req) -> Result<ApiResponse> {
        api::BodyReader b(req.body);
        ASTA_ASSIGN_OR_RETURN(auto email, b.RequiredString("email", 254));
        ASTA_ASSIGN_OR_RETURN(auto password, b.OptionalSecret("password", 1024));
        if (!password || password->empty()) return InvalidArgument("must not be empty", "password");
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(SessionGrant g, s.Login(email, *password, req.remote_addr));
        ApiResponse resp = ApiResponse::Ok(SessionBody(g.user, g.csrf_token), false);
        resp.cookies.push_back(
            api::Cookie{std::string(api::kSessionCookie), g.token, max_age, true});
        return resp;
      }});

  r.push_back(RouteSpec{Method::kGet, "/api/v1/session", Permission::kAuthenticated,
                        "The signed-in user and the CSRF token for browser calls", "accounts",
                        nullptr, SessionSchema(), false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(User u, s.GetUser(req.principal->user_id));
                          return ApiResponse::Ok(SessionBody(u, req.principal->csrf_token), false);
                        }});

  r.push_back(RouteSpec{
      Method::kDelete, "/api/v1/session", Permission::kAuthenticated,
      "Sign out: ends the session and clears the cookie", "accounts", nullptr, nullptr, false,
      [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_RETURN_IF_ERROR(s.Logout(*req.principal));
        ApiResponse resp = ApiResponse::NoContent();
        resp.cookies.push_back(api::Cookie{std::string(api::kSessionCookie), "", 0, true});
        return resp;
      }});

  r.push_back(RouteSpec{
      Method::kGet, "/api/v1/users", Permission::kUsersList,
      "List users by id; q filters by name or e-mail", "accounts", nullptr,
      api::SchemaPage(UserSchema()), true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
        std::string q = req.Query("q").value_or("");
        if (q.size() > 200) return InvalidArgument("must be at most 200 characters", "q");
        ASTA_ASSIGN_OR_RETURN(std::string text, s.UserPageJson(page.after_id, page.limit, q));
        return ApiResponse::OkText(std::move(text));
      }});

  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/users", Permission::kUsersAdmin, "Create a user", "accounts",
      api::SchemaObject({{"email", api::SchemaString(254, "email")},
                         {"display_name", api::SchemaString(200)},
                         {"latin_name", api::SchemaString(200)},
                         {"language", Json{{"type", "string"}, {"enum", {"ja", "en"}}}},
                         {"orcid", api::SchemaString(40)},
                         {"agency_id", api::SchemaInteger()},
                         {"password", api::SchemaString(1024, "password")}},
                        {"email", "display_name", "latin_name", "language"}),
      UserSchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        api::BodyReader b(req.body);
        NewUser u;
        ASTA_ASSIGN_OR_RETURN(u.email, b.RequiredString("email", 254));
        ASTA_ASSIGN_OR_RETURN(u.display_name, b.RequiredString("display_name", 200));
        ASTA_ASSIGN_OR_RETURN(u.latin_name, b.RequiredString("latin_name", 200));
        ASTA_ASSIGN_OR_RETURN(u.language, b.RequiredString("language", 2));
        ASTA_ASSIGN_OR_RETURN(u.orcid, b.OptionalString("orcid", 40));
        ASTA_ASSIGN_OR_RETURN(u.agency_id, b.OptionalInt("agency_id"));
        ASTA_ASSIGN_OR_RETURN(u.password, b.OptionalSecret("password", 1024));
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(User created, s.CreateUser(ActorOf(*req.principal), u));
        return ApiResponse::Created(created.ToJson());
      }});

  r.push_back(RouteSpec{Method::kGet, "/api/v1/users/{id}", Permission::kUserRead, "One user",
                        "accounts", nullptr, UserSchema(), false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
                          ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kUserRead,
                                                              api::ResourceScope{id}));
                          ASTA_ASSIGN_OR_RETURN(User u, s.GetUser(id));
                          std::string text;
                          u.AppendJson(text);
                          return ApiResponse::OkText(std::move(text));
                        }});

  r.push_back(RouteSpec{
      Method::kPatch, "/api/v1/users/{id}", Permission::kUserUpdate,
      "Change a user; users may change their own names, language and ORCID iD", "accounts",
      api::SchemaObject({{"display_name", api::SchemaString(200)},
                         {"latin_name", api::SchemaString(200)},
                         {"language", Json{{"type", "string"}, {"enum", {"ja", "en"}}}},
                         {"orcid", Json{{"type", "string"}, {"nullable", true}}},
                         {"agency_id", Json{{"type", "integer"}, {"nullable", true}}},
                         {"disabled", api::SchemaBoolean()}}),
      UserSchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kUserUpdate, api::ResourceScope{id}));
        bool admin = req.principal->Has(api::Role::kAdministrator);
        UserPatch p;
        api::BodyReader b(req.body);
        ASTA_ASSIGN_OR_RETURN(p.display_name, b.OptionalString("display_name", 200));
        ASTA_ASSIGN_OR_RETURN(p.latin_name, b.OptionalString("latin_name", 200));
        ASTA_ASSIGN_OR_RETURN(p.language, b.OptionalString("language", 2));
        Nullable orcid = Peek(req.body, "orcid");
        if (orcid.is_null) {
          p.clear_orcid = true;
          (void)b.OptionalString("orcid", 40);
        } else {
          ASTA_ASSIGN_OR_RETURN(p.orcid, b.OptionalString("orcid", 40));
        }
        Nullable agency = Peek(req.body, "agency_id");
        if (agency.is_null) {
          p.clear_agency = true;
          (void)b.OptionalInt("agency_id");
        } else {
          ASTA_ASSIGN_OR_RETURN(p.agency_id, b.OptionalInt("agency_id"));
        }
        ASTA_ASSIGN_OR_RETURN(p.disabled, b.OptionalBool("disabled"));
        ASTA_RETURN_IF_ERROR(b.Finish());
        if (!admin && (agency.present || p.disabled)) {
          return PermissionDenied("only an administrator may change agency_id or disabled");
        }
        ASTA_ASSIGN_OR_RETURN(User u, s.UpdateUser(ActorOf(*req.principal), id, p));
        return ApiResponse::Ok(u.ToJson(), false);
      }});

  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/users/{id}/roles", Permission::kUsersAdmin,
      "Grant a role with a scope", "accounts",
      api::SchemaObject({{"role", api::SchemaString()},
                         {"scope_type", api::SchemaString()},
                         {"scope_id", api::SchemaString(100)}},
                        {"role", "scope_type"}),
      api::SchemaObject({{"id", api::SchemaInteger()},
                         {"role", api::SchemaString()},
                         {"scope_type", api::SchemaString()},
                         {"scope_id", api::SchemaString()}}),
      false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
        api::BodyReader b(req.body);
        ASTA_ASSIGN_OR_RETURN(auto role_name, b.RequiredString("role", 40));
        ASTA_ASSIGN_OR_RETURN(auto scope_type, b.RequiredString("scope_type", 40));
        std::string scope_id;
        if (req.body.is_object() && req.body.contains("scope_id") &&
            req.body["scope_id"].is_string() && req.body["scope_id"].get<std::string>().empty()) {
          (void)b.OptionalString("scope_id", 100).value_or(std::nullopt);
        } else {
          ASTA_ASSIGN_OR_RETURN(auto sid, b.OptionalString("scope_id", 100));
          scope_id = sid.value_or("");
        }
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(api::Role role, api::ParseRole(role_name));
        ASTA_ASSIGN_OR_RETURN(auto g,
                              s.GrantRole(ActorOf(*req.principal), id, role, scope_type, scope_id));
        return ApiResponse::Created(Json{{"id", g.id},
                                         {"role", api::RoleName(g.role)},
                                         {"scope_type", g.scope_type},
                                         {"scope_id", g.scope_id}});
      }});

  r.push_back(RouteSpec{Method::kDelete, "/api/v1/users/{id}/roles/{grant_id}",
                        Permission::kUsersAdmin, "Revoke a role grant", "accounts", nullptr,
                        nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(auto grant, req.PathId("grant_id"));
                          ASTA_RETURN_IF_ERROR(s.RevokeRole(ActorOf(*req.principal), id, grant));
                          return ApiResponse::NoContent();
                        }});

  r.push_back(
      RouteSpec{Method::kGet, "/api/v1/roles", Permission::kAuthenticated,
                "The roles and the scope types each may be granted with", "accounts", nullptr,
                api::SchemaObject(
                    {{"items", api::SchemaArray(api::SchemaObject(
                                   {{"role", api::SchemaString()},
                                    {"scope_types", api::SchemaArray(api::SchemaString())}}))}}),
                false, [](const ApiRequest&) -> Result<ApiResponse> {
                  Json items = Json::array();
                  for (api::Role role : api::kAllRoles) {
                    items.push_back(Json{{"role", api::RoleName(role)},
                                         {"scope_types", api::AllowedScopeTypes(role)}});
                  }
                  return ApiResponse::Ok(Json{{"items", items}});
                }});

  r.push_back(RouteSpec{Method::kGet, "/api/v1/ministries", Permission::kAuthenticated,
                        "List ministries", "accounts", nullptr, api::SchemaPage(MinistrySchema()),
                        true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
                          ASTA_ASSIGN_OR_RETURN(auto items,
                                                s.ListMinistries(page.after_id, page.limit));
                          return ApiResponse::Ok(api::PageBody(ItemsJson(items), page));
                        }});

  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/ministries", Permission::kAgenciesWrite, "Create a ministry",
      "accounts",
      api::SchemaObject({{"code", api::SchemaString(32)},
                         {"country", api::SchemaString(2)},
                         {"name", api::SchemaString(300)},
                         {"name_en", api::SchemaString(300)}},
                        {"code", "country", "name", "name_en"}),
      MinistrySchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        api::BodyReader b(req.body);
        Ministry m;
        ASTA_ASSIGN_OR_RETURN(m.code, b.RequiredString("code", 32));
        ASTA_ASSIGN_OR_RETURN(m.country, b.RequiredString("country", 2));
        ASTA_ASSIGN_OR_RETURN(m.name, b.RequiredString("name", 300));
        ASTA_ASSIGN_OR_RETURN(m.name_en, b.RequiredString("name_en", 300));
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(Ministry created, s.CreateMinistry(ActorOf(*req.principal), m));
        return ApiResponse::Created(created.ToJson());
      }});

  r.push_back(RouteSpec{
      Method::kGet, "/api/v1/agencies", Permission::kAuthenticated,
      "List agencies, optionally of one ministry", "accounts", nullptr,
      api::SchemaPage(AgencySchema()), true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
        std::optional<std::int64_t> ministry;
        if (auto m = req.Query("ministry_id")) {
          try {
            size_t used = 0;
            ministry = std::stoll(*m, &used);
            if (used != m->size() || *ministry <= 0) throw std::invalid_argument("id");
          } catch (const std::exception&) {
            return InvalidArgument("must be a positive integer", "ministry_id");
          }
        }
        ASTA_ASSIGN_OR_RETURN(auto items, s.ListAgencies(page.after_id, page.limit, ministry));
        return ApiResponse::Ok(api::PageBody(ItemsJson(items), page));
      }});

  r.push_back(RouteSpec{Method::kPost, "/api/v1/agencies", Permission::kAgenciesWrite,
                        "Create an agency under a ministry", "accounts",
                        api::SchemaObject({{"ministry_id", api::SchemaInteger()},
                                           {"code", api::SchemaString(32)},
                                           {"country", api::SchemaString(2)},
                                           {"name", api::SchemaString(300)},
                                           {"name_en", api::SchemaString(300)}},
                                          {"ministry_id", "code", "country", "name", "name_en"}),
                        AgencySchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          api::BodyReader b(req.body);
                          Agency a;
                          ASTA_ASSIGN_OR_RETURN(a.ministry_id, b.RequiredInt("ministry_id"));
                          ASTA_ASSIGN_OR_RETURN(a.code, b.RequiredString("code", 32));
                          ASTA_ASSIGN_OR_RETURN(a.country, b.RequiredString("country", 2));
                          ASTA_ASSIGN_OR_RETURN(a.name, b.RequiredString("name", 300));
                          ASTA_ASSIGN_OR_RETURN(a.name_en, b.RequiredString("name_en", 300));
                          ASTA_RETURN_IF_ERROR(b.Finish());
                          ASTA_ASSIGN_OR_RETURN(Agency created,
                                                s.CreateAgency(ActorOf(*req.principal), a));
                          return ApiResponse::Created(created.ToJson());
                        }});

  r.push_back(RouteSpec{Method::kGet, "/api/v1/agencies/{id}", Permission::kAuthenticated,
                        "One agency", "accounts", nullptr, AgencySchema(), false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Agency a, s.GetAgency(id));
                          return ApiResponse::Ok(a.ToJson());
                        }});

  r.push_back(RouteSpec{Method::kPatch, "/api/v1/agencies/{id}", Permission::kAgenciesWrite,
                        "Change an agency's names or country", "accounts",
                        api::SchemaObject({{"name", api::SchemaString(300)},
                                           {"name_en", api::SchemaString(300)},
                                           {"country", api::SchemaString(2)}}),
                        AgencySchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(
                              Agency a, s.UpdateAgency(ActorOf(*req.principal), id, req.body));
                          return ApiResponse::Ok(a.ToJson(), false);
                        }});

  r.push_back(RouteSpec{Method::kGet, "/api/v1/tokens", Permission::kAuthenticated,
                        "Your API tokens (never the secrets)", "accounts", nullptr,
                        api::SchemaObject({{"items", api::SchemaArray(TokenSchema())}}), false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto items, s.ListTokens(req.principal->user_id));
                          return ApiResponse::Ok(Json{{"items", ItemsJson(items)}});
                        }});

  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/tokens", Permission::kAuthenticated,
      "Create an API token for yourself; the token is shown only in this response", "accounts",
      api::SchemaObject({{"name", api::SchemaString(100)}, {"expires_days", api::SchemaInteger()}},
                        {"name"}),
      TokenSchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        api::BodyReader b(req.body);
        ASTA_ASSIGN_OR_RETURN(auto name, b.RequiredString("name", 100));
        ASTA_ASSIGN_OR_RETURN(auto days, b.OptionalInt("expires_days"));
        ASTA_RETURN_IF_ERROR(b.Finish());
        std::optional<int> expires;
        if (days) {
          if (*days < 1 || *days > 3650) {
            return InvalidArgument("must be from 1 to 3650 days", "expires_days");
          }
          expires = static_cast<int>(*days);
        }
        ASTA_ASSIGN_OR_RETURN(
            auto t, s.CreateToken(ActorOf(*req.principal), req.principal->user_id, name, expires));
        Json body = t.info.ToJson();
        body["token"] = t.token;
        return ApiResponse::Created(body);
      }});

  r.push_back(RouteSpec{Method::kDelete, "/api/v1/tokens/{id}", Permission::kAuthenticated,
                        "Revoke one of your API tokens", "accounts", nullptr, nullptr, false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
                          ASTA_RETURN_IF_ERROR(
                              s.RevokeToken(ActorOf(*req.principal), req.principal->user_id, id));
                          return ApiResponse::NoContent();
                        }});
  for (auto& route : r) {
    // For the OpenAPI document: creating routes answer 201 Created.
    if (route.method == Method::kPost && route.pattern != "/api/v1/session") {
      route.success_status = 201;
    }
  }
  return r;
}

}  // namespace asta::accounts
