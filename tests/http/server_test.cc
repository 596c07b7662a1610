// Drives http::Server over real sockets with a small route table and a fixed
// authenticator, to test the framework itself rather than any module.
#include "http/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace asta::http {
namespace {

using api::ApiRequest;
using api::ApiResponse;
using api::Method;
using api::Permission;

class FixedAuthenticator : public api::Authenticator {
 public:
  Result<api::Principal> AuthenticateSession(std::string_view token) override {
    if (token == "sess-admin") return Admin(api::AuthMethod::kSession);
    if (token == "sess-user") return User(api::AuthMethod::kSession);
    return Unauthenticated("session expired");
  }
  Result<api::Principal> AuthenticateToken(std::string_view token) override {
    if (token == "tok-admin") return Admin(api::AuthMethod::kToken);
    if (token == "tok-user") return User(api::AuthMethod::kToken);
    return Unauthenticated("unknown token");
  }

 private:
  static api::Principal Admin(api::AuthMethod method) {
    api::Principal p;
    p.user_id = 1;
    p.grants.push_back({1, api::Role::kAdministrator, "global", ""});
    p.method = method;
    p.csrf_token = method == api::AuthMethod::kSession ? "csrf-admin" : "";
    return p;
  }
  static api::Principal User(api::AuthMethod method) {
    api::Principal p;
    p.user_id = 2;
    p.grants.push_back({2, api::Role::kApplicant, "self", ""});
    p.method = method;
    p.csrf_token = method == api::AuthMethod::kSession ? "csrf-user" : "";
    return p;
  }
};

std::atomic<bool> g_healthy{true};

api::RouteSpec Route(Method method, std::string pattern, Permission permission,
                     api::Handler handler) {
  api::RouteSpec spec;
  spec.method = method;
  spec.pattern = std::move(pattern);
  spec.permission = permission;
  spec.summary = "test route";
  spec.tag = "test";
  spec.handler = std::move(handler);
  return spec;
}

std::vector<api::RouteSpec> TestRoutes() {
  std::vector<api::RouteSpec> routes;
  auto list = Route(Method::kGet, "/api/v1/items", Permission::kAuthenticated,
                    [](const ApiRequest& req) -> Result<ApiResponse> {
                      ASTA_ASSIGN_OR_RETURN(api::PageRequest page, api::ParsePage(req));
                      Json items = Json::array();
                      for (std::int64_t id = page.after_id + 1;
                           id <= 5 && items.size() <= static_cast<size_t>(page.limit); ++id) {
                        items.push_back({{"id", id}});
                      }
                      return ApiResponse::Ok(api::PageBody(items, page));
                    });
  list.paginated = true;
  list.response_schema = api::SchemaPage(api::SchemaObject({{"id", api::SchemaInteger()}}));
  routes.push_back(list);
  routes.push_back(Route(Method::kGet, "/api/v1/items/{id}", Permission::kAuthenticated,
                         [](const ApiRequest& req) -> Result<ApiResponse> {
                           ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                           if (id > 100) return NotFound("no such item");
                           return ApiResponse::Ok(Json{{"id", id}, {"name", "item"}});
                         }));
  routes.push_back(Route(Method::kGet, "/api/v1/items/me", Permission::kAuthenticated,
                         [](const ApiRequest& req) -> Result<ApiResponse> {
                           return ApiResponse::Ok(Json{{"user_id", req.principal->user_id}});
                         }));
  auto create =
      Route(Method::kPost, "/api/v1/items", Permission::kAuthenticated,
            [](const ApiRequest& req) -> Result<ApiResponse> {
              api::BodyReader reader(req.body);
              ASTA_ASSIGN_OR_RETURN(std::string name, reader.RequiredString("name", 20));
              ASTA_ASSIGN_OR_RETURN(auto count, reader.OptionalInt("count"));
              ASTA_RETURN_IF_ERROR(reader.Finish());
              return ApiResponse::Created(Json{{"name", name}, {"count", count.value_or(0)}});
            });
  create.request_schema = api::SchemaObject(
      {{"name", api::SchemaString(20)}, {"count", api::SchemaInteger()}}, {"name"});
  create.success_status = 201;
  routes.push_back(create);
  routes.push_back(
      Route(Method::kDelete, "/api/v1/items/{id}", Permission::kUsersAdmin,
            [](const ApiRequest&) -> Result<ApiResponse> { return ApiResponse::NoContent(); }));
  routes.push_back(Route(Method::kGet, "/api/v1/errors/{code}", Permission::kPublic,
                         [](const ApiRequest& req) -> Result<ApiResponse> {
                           const std::string& code = req.path_params.at("code");
                           if (code == "invalid") return InvalidArgument("bad", "thing");
                           if (code == "notfound") return NotFound("gone");
                           if (code == "exists") return AlreadyExists("dup", "email");
                           if (code == "precondition") return FailedPrecondition("state");
                           if (code == "unauthenticated") return Unauthenticated("who");
                           if (code == "denied") return PermissionDenied("no");
                           if (code == "exhausted") return ResourceExhausted("slow down");
                           if (code == "unavailable") return Unavailable("down");
                           if (code == "internal") return Internal("db file /secret/path");
                           if (code == "throw") throw std::runtime_error("secret detail");
                           return ApiResponse::Ok(Json{{"ok", true}});
                         }));
  routes.push_back(Route(Method::kGet, "/api/v1/slow", Permission::kPublic,
                         [](const ApiRequest&) -> Result<ApiResponse> {
                           std::this_thread::sleep_for(std::chrono::milliseconds(300));
                           return ApiResponse::Ok(Json{{"slow", true}}, false);
                         }));
  routes.push_back(Route(Method::kPost, "/api/v1/login", Permission::kPublic,
                         [](const ApiRequest& req) -> Result<ApiResponse> {
                           ApiResponse res = ApiResponse::Ok(
                               Json{{"signed_in_before", req.principal != nullptr}}, false);
                           res.cookies.push_back({"asta_session", "new-session", -1, true});
                           res.cookies.push_back({"lang", "ja", 60, false});
                           return res;
                         }));
  routes.push_back(Route(Method::kGet, "/api/v1/admin", Permission::kUsersAdmin,
                         [](const ApiRequest&) -> Result<ApiResponse> {
                           return ApiResponse::Ok(Json{{"admin", true}});
                         }));
  return routes;
}

class TestServer {
 public:
  explicit TestServer(ServerOptions options)
      : server_(std::move(options), TestRoutes(), &authenticator_, [] {
          if (g_healthy) return Ok();
          return Status(Unavailable("database down"));
        }) {
    auto port = server_.Bind();
    EXPECT_TRUE(port) << port.error().ToString();
    port_ = port.value_or(0);
    thread_ = std::thread([this] { run_status_ = server_.Run(); });
  }
  ~TestServer() {
    server_.Stop();
    thread_.join();
  }
  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(5, 0);
    return client;
  }
  Server& server() { return server_; }
  void Join() { thread_.join(); }

 private:
  FixedAuthenticator authenticator_;
  Server server_;
  int port_ = 0;
  std::thread thread_;
  Status run_status_;
};

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web_root_ =
        std::filesystem::temp_directory_path() / ("asta-http-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(web_root_ / "assets");
    std::ofstream(web_root_ / "index.html") << "<!doctype html><title>asta</title>";
    std::ofstream(web_root_ / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(web_root_ / "favicon.svg") << "<svg/>";
    std::ofstream(web_root_.parent_path() / "asta-http-secret.txt") << "secret";
    ServerOptions options;
    options.port = 0;
    options.threads = 8;
    options.max_body_bytes = 4096;
    options.web_root = web_root_.string();
    options.access_log = false;
    server_ = new TestServer(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    std::filesystem::remove_all(web_root_);
    std::filesystem::remove(web_root_.parent_path() / "asta-http-secret.txt");
  }

  static Json Body(const httplib::Result& res) { return Json::parse(res->body); }
  static void ExpectError(const httplib::Result& res, int status, const std::string& code,
                          const std::string& field = "") {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    Json body = Json::parse(res->body);
    EXPECT_EQ(body["error"]["code"], code) << res->body;
    if (field.empty()) {
      EXPECT_FALSE(body["error"].contains("field")) << res->body;
    } else {
      EXPECT_EQ(body["error"]["field"], field) << res->body;
    }
  }

  static inline std::filesystem::path web_root_;
  static inline TestServer* server_ = nullptr;
  const httplib::Headers kAdminToken = {{"Authorization", "Bearer tok-admin"}};
  const httplib::Headers kUserToken = {{"Authorization", "Bearer tok-user"}};
};

TEST_F(ServerTest, RoutesWithPathParametersAndLiteralPriority) {
  auto client = server_->Client();
  auto res = client.Get("/api/v1/items/42", kUserToken);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["id"], 42);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  res = client.Get("/api/v1/items/me", kUserToken);
  EXPECT_EQ(Body(res)["user_id"], 2);
  ExpectError(client.Get("/api/v1/items/abc", kUserToken), 400, "invalid_argument", "id");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  auto client = server_->Client();
  ExpectError(client.Get("/api/v1/nothing", kUserToken), 404, "not_found", "path");
  auto res = client.Put("/api/v1/items/3", kUserToken, "{}", "application/json");
  ExpectError(res, 405, "invalid_argument");
  EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD, DELETE");
}

TEST_F(ServerTest, EveryErrorCodeMapsToItsStatus) {
  struct Case {
    const char* path;
    int status;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"invalid", 400, "invalid_argument", "thing"},
      {"notfound", 404, "not_found", ""},
      {"exists", 409, "already_exists", "email"},
      {"precondition", 409, "failed_precondition", ""},
      {"unauthenticated", 401, "unauthenticated", ""},
      {"denied", 403, "permission_denied", ""},
      {"exhausted", 429, "resource_exhausted", ""},
      {"unavailable", 503, "unavailable", ""},
      {"internal", 500, "internal", ""},
      {"throw", 500, "internal", ""},
  };
  auto client = server_->Client();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    auto res = client.Get((std::string("/api/v1/errors/") + c.path).c_str());
    ExpectError(res, c.status, c.code, c.field);
    // Internal details stay in the log.
    EXPECT_EQ(res->body.find("secret"), std::string::npos);
    EXPECT_FALSE(res->has_header("EXCEPTION_WHAT"));
  }
}

TEST_F(ServerTest, BadBodiesAre400NamingTheField) {
  auto client = server_->Client();
  auto res = client.Post("/api/v1/items", kUserToken, "{\"name\": ", "application/json");
  ExpectError(res, 400, "invalid_argument", "body");
  EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("column"), std::string::npos);
  ExpectError(client.Post("/api/v1/items", kUserToken, "[1]", "application/json"), 400,
              "invalid_argument", "body");
  ExpectError(client.Post("/api/v1/items", kUserToken, R"({"name": 3})", "application/json"), 400,
              "invalid_argument", "name");
  ExpectError(
      client.Post("/api/v1/items", kUserToken, R"({"name":"a","count":"3"})", "application/json"),
      400, "invalid_argument", "count");
  ExpectError(client.Post("/api/v1/items", kUserToken, R"({"name":"a","colour":"red"})",
                          "application/json"),
              400, "invalid_argument", "colour");
  ExpectError(client.Post("/api/v1/items", kUserToken, "{\"name\":\"\xff\"}", "application/json"),
              400, "invalid_argument", "body");

  // Deep nesting is refused without exhausting the stack.
  ExpectError(client.Post("/api/v1/items", kUserToken, std::string(4000, '['), "application/json"),
              400, "invalid_argument", "body");
  ExpectError(client.Post("/api/v1/items", kUserToken,
                          std::string(2000, '[') + std::string(2000, ']'), "application/json"),
              400, "invalid_argument", "body");

  res = client.Post("/api/v1/items", kUserToken, R"({"name":" ok ","count":2})",
                    "application/json; charset=utf-8");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(Body(res)["name"], "ok");
}

TEST_F(ServerTest, WrongContentTypeIs415AndOversizedBodyIs413) {
  auto client = server_->Client();
  ExpectError(
      client.Post("/api/v1/items", kUserToken, "name=a", "application/x-www-form-urlencoded"), 415,
      "invalid_argument", "Content-Type");
  std::string big = R"({"name":")" + std::string(5000, 'a') + "\"}";
  auto res = client.Post("/api/v1/items", kUserToken, big, "application/json");
  ExpectError(res, 413, "resource_exhausted", "body");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServerTest, MissingOrBadCredentialsAre401AndMissingRoleIs403) {
  auto client = server_->Client();
  auto res = client.Get("/api/v1/items/1");
  ExpectError(res, 401, "unauthenticated");
  EXPECT_EQ(Body(res)["error"]["message"], "sign in first");
  ExpectError(client.Get("/api/v1/items/1", {{"Authorization", "Bearer nope"}}), 401,
              "unauthenticated");
  ExpectError(client.Get("/api/v1/items/1", {{"Authorization", "Basic dTpw"}}), 401,
              "unauthenticated");
  ExpectError(client.Get("/api/v1/items/1", {{"Cookie", "asta_session=expired"}}), 401,
              "unauthenticated");
  ExpectError(client.Get("/api/v1/admin", kUserToken), 403, "permission_denied");
  res = client.Get("/api/v1/admin", kAdminToken);
  EXPECT_EQ(res->status, 200);
  res = client.Get("/api/v1/admin", {{"Cookie", "theme=dark; asta_session=sess-admin"}});
  EXPECT_EQ(res->status, 200);
  // A stale credential does not lock anyone out of a public route such as login.
  res = client.Post("/api/v1/login", {{"Cookie", "asta_session=expired"}}, "", "");
  EXPECT_EQ(res->status, 200);
}

TEST_F(ServerTest, CookieWritesNeedTheCsrfTokenAndBearerWritesDoNot) {
  auto client = server_->Client();
  const std::string body = R"({"name":"x"})";
  auto res = client.Post("/api/v1/items", {{"Cookie", "asta_session=sess-user"}}, body,
                         "application/json");
  ExpectError(res, 403, "permission_denied");
  EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("CSRF"), std::string::npos);
  ExpectError(client.Post("/api/v1/items",
                          {{"Cookie", "asta_session=sess-user"}, {"X-CSRF-Token", "csrf-admin"}},
                          body, "application/json"),
              403, "permission_denied");
  res = client.Post("/api/v1/items",
                    {{"Cookie", "asta_session=sess-user"}, {"X-CSRF-Token", "csrf-user"}}, body,
                    "application/json");
  EXPECT_EQ(res->status, 201);
  res = client.Post("/api/v1/items", kUserToken, body, "application/json");
  EXPECT_EQ(res->status, 201);
  // Reads need no token.
  res = client.Get("/api/v1/items/1", {{"Cookie", "asta_session=sess-user"}});
  EXPECT_EQ(res->status, 200);
  // DELETE is unsafe too.
  ExpectError(client.Delete("/api/v1/items/1", {{"Cookie", "asta_session=sess-admin"}}), 403,
              "permission_denied");
  res = client.Delete("/api/v1/items/1",
                      {{"Cookie", "asta_session=sess-admin"}, {"X-CSRF-Token", "csrf-admin"}});
  EXPECT_EQ(res->status, 204);
  EXPECT_TRUE(res->body.empty());
}

TEST_F(ServerTest, CookiesAreRenderedHttpOnlyStrict) {
  auto client = server_->Client();
  auto res = client.Post("/api/v1/login", "", "");
  ASSERT_TRUE(res);
  std::vector<std::string> cookies;
  for (size_t i = 0; i < res->get_header_value_count("Set-Cookie"); ++i) {
    cookies.push_back(res->get_header_value("Set-Cookie", i));
  }
  ASSERT_EQ(cookies.size(), 2u);
  std::sort(cookies.begin(), cookies.end());
  EXPECT_EQ(cookies[0],
            "asta_session=new-session; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict");
  EXPECT_EQ(cookies[1], "lang=ja; Path=/; Max-Age=60; SameSite=Strict");
}

TEST_F(ServerTest, ETagAndNotModified) {
  auto client = server_->Client();
  auto res = client.Get("/api/v1/items/7", kUserToken);
  ASSERT_TRUE(res);
  std::string etag = res->get_header_value("ETag");
  ASSERT_EQ(etag.size(), 66u);
  EXPECT_EQ(etag.front(), '"');
  httplib::Headers headers = kUserToken;
  headers.emplace("If-None-Match", etag);
  res = client.Get("/api/v1/items/7", headers);
  EXPECT_EQ(res->status, 304);
  EXPECT_TRUE(res->body.empty());
  headers = kUserToken;
  headers.emplace("If-None-Match", "\"other\"");
  EXPECT_EQ(client.Get("/api/v1/items/7", headers)->status, 200);
  EXPECT_FALSE(client.Get("/healthz")->has_header("ETag"));
}

TEST_F(ServerTest, CursorPaginationWalksEveryItemOnce) {
  auto client = server_->Client();
  std::vector<std::int64_t> seen;
  std::string path = "/api/v1/items?limit=2";
  for (int pages = 0; pages < 10; ++pages) {
    auto res = client.Get(path.c_str(), kUserToken);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    Json body = Body(res);
    for (const Json& item : body["items"]) seen.push_back(item["id"].get<std::int64_t>());
    if (body["next_cursor"].is_null()) break;
    path = "/api/v1/items?limit=2&cursor=" + body["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  ExpectError(client.Get("/api/v1/items?cursor=Zm9v", kUserToken), 400, "invalid_argument",
              "cursor");
  ExpectError(client.Get("/api/v1/items?limit=500", kUserToken), 400, "invalid_argument", "limit");
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  auto client = server_->Client();
  for (const char* path : {"/api/v1/items/1", "/api/v1/nothing", "/", "/healthz"}) {
    SCOPED_TRACE(path);
    auto res = client.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(res->get_header_value("Content-Security-Policy"),
              "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  }
  EXPECT_EQ(client.Get("/api/v1/items/1", kUserToken)->get_header_value("Cache-Control"),
            "no-store");
  EXPECT_EQ(client.Get("/api/v1/items/1")->get_header_value("Cache-Control"), "no-store");
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePattern) {
  auto client = server_->Client();
  ASSERT_EQ(client.Get("/api/v1/items/31", kUserToken)->status, 200);
  ASSERT_EQ(client.Get("/api/v1/items/32", kUserToken)->status, 200);
  // A request is counted once its response is written (httplib's logger), so the client
  // may see the response before the count lands: wait for it, but not forever.
  const std::string counted =
      "asta_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id}\",status=\"200\"} 2";
  auto res = client.Get("/metrics");
  for (int i = 0; i < 100 && res && res->body.find(counted) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    res = client.Get("/metrics");
  }
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find(counted), std::string::npos) << res->body;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("text/plain", 0), 0u);
  const std::string& text = res->body;
  EXPECT_NE(text.find("asta_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id}\","
                      "status=\"200\"}"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("/api/v1/items/31"), std::string::npos);
  EXPECT_NE(text.find("asta_http_request_duration_seconds_bucket{route=\"/api/v1/items/{id}\","
                      "le=\"0.001\"}"),
            std::string::npos);
  EXPECT_NE(text.find("le=\"+Inf\""), std::string::npos);
  EXPECT_NE(text.find("asta_http_request_duration_seconds_count{route=\"/api/v1/items/{id}\"}"),
            std::string::npos);
  EXPECT_NE(text.find("asta_build_info{version="), std::string::npos);
}

TEST_F(ServerTest, HealthzReflectsTheHealthCheck) {
  auto client = server_->Client();
  auto res = client.Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Body(res), Json({{"status", "ok"}}));
  g_healthy = false;
  res = client.Get("/healthz");
  g_healthy = true;
  ExpectError(res, 503, "unavailable");
  EXPECT_EQ(res->body.find("database"), std::string::npos);
}

TEST_F(ServerTest, OpenApiDocumentListsEveryRoute) {
  auto client = server_->Client();
  auto res = client.Get("/api/v1/openapi.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  Json doc = Json::parse(res->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  for (const api::RouteSpec& route : server_->server().routes()) {
    std::string method(api::MethodName(route.method));
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    ASSERT_TRUE(doc["paths"][route.pattern].contains(method)) << method << " " << route.pattern;
    const Json& op = doc["paths"][route.pattern][method];
    EXPECT_EQ(op["x-permission"], std::string(api::PermissionName(route.permission)));
    EXPECT_EQ(op["responses"].contains("401"), route.permission != Permission::kPublic);
  }
  const Json& list = doc["paths"]["/api/v1/items"]["get"];
  std::vector<std::string> params;
  for (const Json& p : list["parameters"]) params.push_back(p["name"]);
  EXPECT_EQ(params, (std::vector<std::string>{"limit", "cursor"}));
  EXPECT_EQ(doc["paths"]["/api/v1/items/{id}"]["get"]["parameters"][0]["in"], "path");
  EXPECT_TRUE(doc["paths"]["/api/v1/items"]["post"]["requestBody"].is_object());
  EXPECT_TRUE(doc["paths"]["/api/v1/items"]["post"]["responses"].contains("201"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("cookieAuth"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("bearerAuth"));
  EXPECT_TRUE(doc["paths"].contains("/healthz"));
  EXPECT_TRUE(doc["paths"].contains("/metrics"));
  EXPECT_EQ(doc, server_->server().OpenApiDocument());
}

TEST_F(ServerTest, ServesTheWebUiWithSpaFallback) {
  auto client = server_->Client();
  auto res = client.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  EXPECT_NE(res->body.find("asta"), std::string::npos);

  res = client.Get("/audit");
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");

  res = client.Get("/assets/app-1234.js");
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(client.Get("/favicon.svg")->get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_EQ(client.Get("/assets/missing.js")->status, 404);
}

TEST_F(ServerTest, PathTraversalIsRefused) {
  auto client = server_->Client();
  for (const char* path :
       {"/../asta-http-secret.txt", "/assets/../../asta-http-secret.txt",
        "/%2e%2e/asta-http-secret.txt", "/assets/..%2f..%2fasta-http-secret.txt"}) {
    SCOPED_TRACE(path);
    auto res = client.Get(path);
    ASSERT_TRUE(res);
    EXPECT_NE(res->status, 200);
    EXPECT_EQ(res->body.find("secret"), std::string::npos);
  }
}

TEST(ServerLifecycleTest, StopLetsAnInFlightRequestComplete) {
  ServerOptions options;
  options.port = 0;
  options.threads = 4;
  options.access_log = true;  // exercised once here
  auto server = std::make_unique<TestServer>(options);
  int slow_status = 0;
  std::string slow_body;
  std::thread client([&] {
    auto c = server->Client();
    auto res = c.Get("/api/v1/slow");
    if (res) {
      slow_status = res->status;
      slow_body = res->body;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto started = std::chrono::steady_clock::now();
  server.reset();  // Stop() and join Run()
  auto waited = std::chrono::steady_clock::now() - started;
  client.join();
  EXPECT_EQ(slow_status, 200);
  EXPECT_EQ(Json::parse(slow_body)["slow"], true);
  EXPECT_LT(waited, std::chrono::seconds(3));
}

TEST(ServerLifecycleTest, StopBeforeRunReturnsAtOnce) {
  FixedAuthenticator authenticator;
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  Server server(options, {}, &authenticator, nullptr);
  ASSERT_TRUE(server.Bind());
  server.Stop();
  EXPECT_TRUE(server.Run());
}

TEST(ServerLifecycleTest, BadRouteTableFailsToBind) {
  ServerOptions options;
  options.port = 0;
  std::vector<api::RouteSpec> routes = TestRoutes();
  routes.push_back(routes.front());
  Server server(options, routes, nullptr, nullptr);
  auto bound = server.Bind();
  ASSERT_FALSE(bound);
  EXPECT_EQ(bound.error().field, "pattern");
}

}  // namespace
}  // namespace asta::http
