// Bad input over real HTTP: each line is a request and the 4xx and field it must get.
// Never a 500, never a crash, and nothing written.
#include <gtest/gtest.h>

#include "modules/audit/audit_log.h"
#include "tests/api/api_fixture.h"

namespace asta::testing {
namespace {

struct BadCase {
  const char* method;
  const char* path;
  std::string body;
  const char* content_type;
  int status;
  const char* field;  // nullptr: no field expected
};

std::vector<BadCase> Cases() {
  return {
      {"POST", "/api/v1/users", "{\"email\": ", "application/json", 400, "body"},
      {"POST", "/api/v1/users", "[1,2,3]", "application/json", 400, "body"},
      {"POST", "/api/v1/users", "not json at all", "application/json", 400, "body"},
      {"POST", "/api/v1/users",
       R"({"email":"x@example.org","display_name":"X","latin_name":"X","language":"en","nmae":"typo"})",
       "application/json", 400, "nmae"},
      {"POST", "/api/v1/users",
       R"({"email":42,"display_name":"X","latin_name":"X","language":"en"})", "application/json",
       400, "email"},
      {"POST", "/api/v1/users",
       R"({"email":"not-an-email","display_name":"X","latin_name":"X","language":"en"})",
       "application/json", 400, "email"},
      {"POST", "/api/v1/users",
       R"({"email":"o@example.org","display_name":"X","latin_name":"X","language":"en","orcid":"0000-0002-1825-0098"})",
       "application/json", 400, "orcid"},
      {"POST", "/api/v1/users",
       R"({"email":"l@example.org","display_name":"X","latin_name":"X","language":"de"})",
       "application/json", 400, "language"},
      {"POST", "/api/v1/users", R"({"display_name":"X","latin_name":"X","language":"en"})",
       "application/json", 400, "email"},
      {"POST", "/api/v1/users",
       R"({"email":"a@example.org","display_name":"X","latin_name":"X","language":"en","agency_id":"one"})",
       "application/json", 400, "agency_id"},
      {"POST", "/api/v1/users",
       R"({"email":"c@example.org","display_name":"a\u0007b","latin_name":"X","language":"en"})",
       "application/json", 400, "display_name"},
      {"POST", "/api/v1/users",
       R"({"email":"admin@asta.example","display_name":"X","latin_name":"X","language":"en"})",
       "application/json", 409, "email"},
      {"POST", "/api/v1/users", std::string(70 * 1024, ' ') + "{}", "application/json", 413,
       "body"},
      {"POST", "/api/v1/users", "email=x", "application/x-www-form-urlencoded", 415, nullptr},
      {"PATCH", "/api/v1/users/2", R"({"orcid":"1234"})", "application/json", 400, "orcid"},
      {"PATCH", "/api/v1/users/2", R"({"disabled":"yes"})", "application/json", 400, "disabled"},
      {"PATCH", "/api/v1/users/abc", R"({})", "application/json", 400, "id"},
      {"GET", "/api/v1/users/999999", "", nullptr, 404, nullptr},
      {"GET", "/api/v1/users?limit=0", "", nullptr, 400, "limit"},
      {"GET", "/api/v1/users?limit=100000", "", nullptr, 400, "limit"},
      {"GET", "/api/v1/users?cursor=%%%garbage", "", nullptr, 400, "cursor"},
      {"POST", "/api/v1/users/2/roles", R"({"role":"emperor","scope_type":"global"})",
       "application/json", 400, "role"},
      {"POST", "/api/v1/users/2/roles", R"({"role":"reviewer","scope_type":"global"})",
       "application/json", 400, "scope_type"},
      {"POST", "/api/v1/ministries", R"({"code":"X","country":"XX","name":"n","name_en":"n"})",
       "application/json", 400, "country"},
      {"POST", "/api/v1/agencies",
       R"({"ministry_id":424242,"code":"Y","country":"JP","name":"n","name_en":"n"})",
       "application/json", 400, "ministry_id"},
      {"POST", "/api/v1/tokens", R"({"name":"x","expires_days":0})", "application/json", 400,
       "expires_days"},
      {"PUT", "/api/v1/users", "{}", "application/json", 405, nullptr},
      {"GET", "/api/v1/nothing-here", "", nullptr, 404, nullptr},
  };
}

TEST(BadInput, EveryCaseGetsAClear4xx) {
  auto& env = ApiEnvironment::Get();
  auto before = audit::Verify(env.app().db());
  ASSERT_TRUE(before.has_value());
  httplib::Headers headers{{"Authorization", "Bearer " + env.TokenFor("administrator")}};
  for (const auto& c : Cases()) {
    httplib::Client client = env.Client();
    std::string method = c.method;
    auto send = [&]() -> httplib::Result {
      if (method == "GET") return client.Get(c.path, headers);
      if (method == "POST") return client.Post(c.path, headers, c.body, c.content_type);
      if (method == "PATCH") return client.Patch(c.path, headers, c.body, c.content_type);
      return client.Put(c.path, headers, c.body, c.content_type);
    };
    httplib::Result res = send();
    std::string what = method + " " + c.path + " " + c.body.substr(0, 80);
    ASSERT_TRUE(res) << what << ": no response";
    EXPECT_EQ(res->status, c.status) << what << " -> " << res->body;
    Json error = ErrorOf(res);
    ASSERT_TRUE(error.is_object()) << what << ": not a JSON error: " << res->body;
    EXPECT_TRUE(error["message"].is_string() && !error["message"].get<std::string>().empty())
        << what;
    if (c.field) {
      EXPECT_EQ(error.value("field", ""), c.field) << what << " -> " << res->body;
    }
  }
  // Nothing was written by any of them (a PATCH that fails validation writes nothing).
  auto after = audit::Verify(env.app().db());
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->ok);
  EXPECT_EQ(after->entries, before->entries);
}

TEST(BadInput, CookieSessionsNeedTheCsrfToken) {
  auto& env = ApiEnvironment::Get();
  httplib::Client client = env.Client();
  auto login = client.Post("/api/v1/session",
                           R"({"email":"analyst@asta.example","password":"asta-demo-2026"})",
                           "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  std::string set_cookie = login->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  std::string csrf = Json::parse(login->body)["csrf_token"];
  httplib::Headers without{{"Cookie", cookie}};
  auto denied = client.Post("/api/v1/tokens", without, R"({"name":"x"})", "application/json");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  httplib::Headers with{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  auto ok = client.Post("/api/v1/tokens", with, R"({"name":"x"})", "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
  auto out = client.Delete("/api/v1/session", with);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  auto after = client.Get("/api/v1/session", without);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

TEST(BadInput, UsersReadableWithETag) {
  auto& env = ApiEnvironment::Get();
  httplib::Client client = env.Client();
  httplib::Headers headers{{"Authorization", "Bearer " + env.TokenFor("administrator")}};
  auto first = client.Get("/api/v1/users?limit=50", headers);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  Json page = Json::parse(first->body);
  EXPECT_EQ(page["items"].size(), 50u);
  ASSERT_TRUE(page["next_cursor"].is_string());
  std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  headers.emplace("If-None-Match", etag);
  auto again = client.Get("/api/v1/users?limit=50", headers);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  // Walking every page visits each user once.
  std::set<std::int64_t> seen;
  std::string cursor;
  httplib::Headers plain{{"Authorization", "Bearer " + env.TokenFor("administrator")}};
  for (int pages = 0; pages < 10; ++pages) {
    std::string path = "/api/v1/users?limit=50" + (cursor.empty() ? "" : "&cursor=" + cursor);
    auto res = client.Get(path.c_str(), plain);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    Json body = Json::parse(res->body);
    for (const auto& u : body["items"])
      EXPECT_TRUE(seen.insert(u["id"].get<std::int64_t>()).second);
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  EXPECT_GE(seen.size(), 128u);
}

}  // namespace
}  // namespace asta::testing
