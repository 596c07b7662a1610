// Every route, every role: one line of the table per route says who may call it. The
// test fails when a route exists without a line here (so adding a route forces a
// decision about who may use it), when a line names a route that no longer exists, and
// when the server lets through or turns away anyone the table does not say.
#include <gtest/gtest.h>

#include <set>

#include "tests/api/api_fixture.h"

namespace asta::testing {
namespace {

constexpr char kAnonymous[] = "anonymous";
const std::vector<std::string> kRoles = {
    "applicant",        "reviewer",        "programme_officer", "compliance_officer",
    "facility_manager", "overseas_office", "analyst",           "administrator"};

enum class Target { kOther, kSelf };

struct Rule {
  std::string route;               // "METHOD /pattern"
  std::set<std::string> allowed;   // role names, kAnonymous, or "*" (every signed-in role)
  Target target = Target::kOther;  // whose id {id} is when it names a user
};

// Everyone signed in but analysts, who only read.
const std::set<std::string> kWriters = {
    "applicant",        "reviewer",        "programme_officer", "compliance_officer",
    "facility_manager", "overseas_office", "administrator"};

const std::vector<Rule>& Table() {
  static const std::vector<Rule> table = {
      {"GET /healthz", {"*", kAnonymous}},
      {"GET /metrics", {"*", kAnonymous}},
      {"GET /api/v1/openapi.json", {"*", kAnonymous}},
      {"POST /api/v1/session", {"*", kAnonymous}},
      {"GET /api/v1/session", {"*"}},
      {"DELETE /api/v1/session", {"*"}},
      {"GET /api/v1/users", {"administrator", "analyst"}},
      {"POST /api/v1/users", {"administrator"}},
      {"GET /api/v1/users/{id}", {"administrator", "analyst"}, Target::kOther},
      {"GET /api/v1/users/{id}", {"*"}, Target::kSelf},
      {"PATCH /api/v1/users/{id}", {"administrator"}, Target::kOther},
      {"PATCH /api/v1/users/{id}", {"*"}, Target::kSelf},
      {"POST /api/v1/users/{id}/roles", {"administrator"}},
      {"DELETE /api/v1/users/{id}/roles/{grant_id}", {"administrator"}},
      {"GET /api/v1/roles", {"*"}},
      {"GET /api/v1/ministries", {"*"}},
      {"POST /api/v1/ministries", {"administrator"}},
      {"GET /api/v1/agencies", {"*"}},
      {"POST /api/v1/agencies", {"administrator"}},
      {"GET /api/v1/agencies/{id}", {"*"}},
      {"PATCH /api/v1/agencies/{id}", {"administrator"}},
      {"GET /api/v1/tokens", {"*"}},
      {"POST /api/v1/tokens", {"*"}},
      {"DELETE /api/v1/tokens/{id}", {"*"}},
      {"GET /api/v1/audit", {"administrator", "analyst"}},
      {"GET /api/v1/audit/verify", {"administrator"}},
      // Compliance (docs/compliance.md): screening results name people, so only
      // compliance officers and administrators see them; adjudication is the officer's.
      {"GET /api/v1/compliance/lists", {"administrator", "analyst", "compliance_officer"}},
      {"POST /api/v1/compliance/lists/{name}/versions", {"administrator", "compliance_officer"}},
      {"GET /api/v1/compliance/lists/{name}/versions",
       {"administrator", "analyst", "compliance_officer"}},
      {"GET /api/v1/compliance/lists/{name}/versions/{version}/diff",
       {"administrator", "analyst", "compliance_officer"}},
      {"GET /api/v1/compliance/lists/{name}/entities",
       {"administrator", "analyst", "compliance_officer"}},
      {"POST /api/v1/compliance/screen", {"administrator", "compliance_officer"}},
      {"POST /api/v1/compliance/screen/batch", {"administrator", "compliance_officer"}},
      {"GET /api/v1/compliance/subjects", {"administrator", "compliance_officer"}},
      {"POST /api/v1/compliance/subjects", {"administrator", "compliance_officer"}},
      {"GET /api/v1/compliance/subjects/{id}", {"administrator", "compliance_officer"}},
      {"GET /api/v1/compliance/hits", {"administrator", "compliance_officer"}},
      {"GET /api/v1/compliance/hits/{id}", {"administrator", "compliance_officer"}},
      {"POST /api/v1/compliance/hits/{id}/decision", {"compliance_officer"}},
      {"GET /api/v1/compliance/control-categories", {"*"}},
      {"PUT /api/v1/compliance/control-categories/{code}", {"administrator", "compliance_officer"}},
      {"POST /api/v1/compliance/classify", {"*"}},
      {"GET /api/v1/compliance/tech-requests", {"administrator", "compliance_officer"}},
      {"GET /api/v1/compliance/tech-requests/mine", {"*"}},
      {"POST /api/v1/compliance/tech-requests",
       {"applicant", "reviewer", "programme_officer", "compliance_officer", "facility_manager",
        "overseas_office", "administrator"}},
      {"GET /api/v1/compliance/tech-requests/{id}", {"*"}},
      {"POST /api/v1/compliance/tech-requests/{id}/decision", {"compliance_officer"}},
      // Network (docs/network.md): everyone finds people and organisations; writes are
      // scoped (an office to its region, a researcher to their own profile) and checked
      // again on the object, which tests/golden/api/network.jsonl exercises; imports and
      // exports are the administrator's.
      {"GET /api/v1/search", {"*"}},
      {"GET /api/v1/organizations", {"*"}},
      {"GET /api/v1/organizations/{id}", {"*"}},
      {"POST /api/v1/organizations", {"administrator", "overseas_office"}},
      {"PUT /api/v1/organizations/{id}", {"administrator", "overseas_office"}},
      {"POST /api/v1/organizations/import-ror", {"administrator"}},
      {"GET /api/v1/people", {"*"}},
      {"GET /api/v1/people/me", {"*"}},
      {"GET /api/v1/people/{id}", {"*"}},
      {"POST /api/v1/people",
       {"applicant", "reviewer", "programme_officer", "compliance_officer", "facility_manager",
        "overseas_office", "administrator"}},
      {"PUT /api/v1/people/{id}",
       {"applicant", "reviewer", "programme_officer", "compliance_officer", "facility_manager",
        "overseas_office", "administrator"}},
      {"POST /api/v1/people/import", {"administrator"}},
      {"GET /api/v1/people/export", {"administrator"}},
      // Exchange programmes are run by administrators, programme officers and the office
      // of the programme's region; cooperation needs are the offices' internal reports;
      // merges are scoped like writes (tests/golden/api/exchange.jsonl has the scoped rows).
      {"GET /api/v1/exchange-programmes", {"*"}},
      {"GET /api/v1/exchange-programmes/{id}", {"*"}},
      {"POST /api/v1/exchange-programmes",
       {"administrator", "programme_officer", "overseas_office"}},
      {"PUT /api/v1/exchange-programmes/{id}",
       {"administrator", "programme_officer", "overseas_office"}},
      {"POST /api/v1/exchange-programmes/{id}/participants",
       {"administrator", "programme_officer", "overseas_office"}},
      {"PUT /api/v1/exchange-programmes/{id}/participants/{pid}",
       {"administrator", "programme_officer", "overseas_office"}},
      {"GET /api/v1/people/{id}/programmes", {"*"}},
      {"GET /api/v1/offices", {"*"}},
      {"GET /api/v1/offices/{id}", {"*"}},
      {"GET /api/v1/cooperation-needs",
       {"administrator", "analyst", "programme_officer", "overseas_office"}},
      {"GET /api/v1/cooperation-needs/summary",
       {"administrator", "analyst", "programme_officer", "overseas_office"}},
      {"POST /api/v1/cooperation-needs", {"administrator", "overseas_office"}},
      {"PUT /api/v1/cooperation-needs/{id}", {"administrator", "overseas_office"}},
      {"GET /api/v1/duplicates", {"administrator", "overseas_office"}},
      {"GET /api/v1/duplicates/compare", {"administrator", "overseas_office"}},
      {"POST /api/v1/people/{id}/merge", {"administrator", "overseas_office"}},
      {"POST /api/v1/organizations/{id}/merge", {"administrator", "overseas_office"}},
      {"GET /api/v1/people/{id}/graph", {"*"}},
      {"GET /api/v1/network/map", {"*"}},
      // Programmes, calls and proposals (docs/programmes.md): calls are read by everyone;
      // programme officers run their agency's programmes and calls (checked again on the
      // object: tests/api/programmes_api_test.cc); proposals are their owners' (analysts
      // only read), and a call's proposals, totals and exports are its officers'.
      {"GET /api/v1/country-groups", {"*"}},
      {"PUT /api/v1/country-groups/{code}", {"administrator"}},
      {"GET /api/v1/programmes", {"*"}},
      {"POST /api/v1/programmes", {"administrator", "programme_officer"}},
      {"GET /api/v1/programmes/{id}", {"*"}},
      {"GET /api/v1/calls", {"*"}},
      {"POST /api/v1/calls", {"administrator", "programme_officer"}},
      {"GET /api/v1/calls/{id}", {"*"}},
      {"PUT /api/v1/calls/{id}", {"administrator", "programme_officer"}},
      {"POST /api/v1/calls/{id}/check", {"*"}},
      {"GET /api/v1/calls/{id}/proposals", {"administrator", "programme_officer"}},
      {"GET /api/v1/calls/{id}/proposals/export", {"administrator", "programme_officer"}},
      {"POST /api/v1/calls/{id}/proposals", kWriters},
      {"GET /api/v1/proposals", kWriters},
      {"GET /api/v1/proposals/{id}", {"*"}},
      {"PUT /api/v1/proposals/{id}", kWriters},
      {"POST /api/v1/proposals/{id}/check", {"*"}},
      {"POST /api/v1/proposals/{id}/attachments", kWriters},
      {"GET /api/v1/proposals/{id}/attachments/{aid}", {"*"}},
      {"DELETE /api/v1/proposals/{id}/attachments/{aid}", kWriters},
      {"POST /api/v1/proposals/{id}/submit", kWriters},
      {"POST /api/v1/proposals/{id}/withdraw", kWriters},
      {"POST /api/v1/proposals/{id}/invite", {"administrator", "programme_officer"}},
      {"GET /api/v1/proposals/{id}/versions", {"*"}},
      {"GET /api/v1/proposals/{id}/versions/{n}", {"*"}},
      {"GET /api/v1/proposals/{id}/receipts", {"*"}},
      // Review (docs/review.md): a call's review is run by its covering officers and
      // administrators and read by analysts; reviewers act on their own invitations and
      // assignments (checked again on the object: tests/api/review_api_test.cc); the
      // applicant declares conflicts (not analysts) and reads the outcome of their own.
      {"GET /api/v1/calls/{id}/review", {"administrator", "analyst", "programme_officer"}},
      {"PUT /api/v1/calls/{id}/review/settings", {"administrator", "programme_officer"}},
      {"GET /api/v1/calls/{id}/reviewers", {"administrator", "analyst", "programme_officer"}},
      {"POST /api/v1/calls/{id}/reviewers", {"administrator", "programme_officer"}},
      {"DELETE /api/v1/calls/{id}/reviewers/{invitation_id}",
       {"administrator", "programme_officer"}},
      {"GET /api/v1/me/review-invitations", {"reviewer"}},
      {"POST /api/v1/review-invitations/{id}/accept", {"reviewer"}},
      {"POST /api/v1/review-invitations/{id}/decline", {"reviewer"}},
      {"GET /api/v1/calls/{id}/conflicts", {"administrator", "analyst", "programme_officer"}},
      {"POST /api/v1/calls/{id}/conflicts/override", {"administrator", "programme_officer"}},
      {"DELETE /api/v1/calls/{id}/conflicts/override", {"administrator", "programme_officer"}},
      {"POST /api/v1/reviews/{id}/declare-conflict", {"reviewer"}},
      {"POST /api/v1/proposals/{id}/declared-conflicts", kWriters},
      {"POST /api/v1/calls/{id}/assignments/compute", {"administrator", "programme_officer"}},
      {"GET /api/v1/calls/{id}/assignments", {"administrator", "analyst", "programme_officer"}},
      {"DELETE /api/v1/assignments/{id}", {"administrator", "programme_officer"}},
      {"GET /api/v1/me/reviews", {"reviewer"}},
      {"GET /api/v1/reviews/{id}", {"reviewer"}},
      {"PUT /api/v1/reviews/{id}", {"reviewer"}},
      {"POST /api/v1/reviews/{id}/submit", {"reviewer"}},
      {"GET /api/v1/calls/{id}/panel", {"administrator", "analyst", "programme_officer"}},
      {"PUT /api/v1/calls/{id}/panel/ranking", {"administrator", "programme_officer"}},
      {"POST /api/v1/calls/{id}/selection", {"administrator", "programme_officer"}},
      {"POST /api/v1/calls/{id}/decisions", {"administrator", "programme_officer"}},
      {"POST /api/v1/calls/{id}/release", {"administrator", "programme_officer"}},
      {"POST /api/v1/calls/{id}/reminders", {"administrator", "programme_officer"}},
      {"GET /api/v1/proposals/{id}/outcome", {"*"}},
  };
  return table;
}

std::string Key(const api::RouteSpec& r) {
  return std::string(api::MethodName(r.method)) + " " + r.pattern;
}

bool Allowed(const Rule& rule, const std::string& who) {
  if (rule.allowed.count(who)) return true;
  return who != kAnonymous && rule.allowed.count("*");
}

// Fills {params}: a user's id for {id} on user routes (self or another account), an
// existing agency for agencies, and ids that do not exist for things a call would
// destroy, so that the table can run in any order without changing what it tests.
std::string Path(const std::string& pattern, Target target, std::int64_t self_id,
                 std::int64_t other_id) {
  std::string path = pattern;
  auto replace = [&](const std::string& name, const std::string& value) {
    auto pos = path.find("{" + name + "}");
    if (pos != std::string::npos) path.replace(pos, name.size() + 2, value);
  };
  if (pattern.rfind("/api/v1/users/", 0) == 0) {
    replace("id", std::to_string(target == Target::kSelf ? self_id : other_id));
  } else if (pattern.rfind("/api/v1/agencies/", 0) == 0) {
    replace("id", "1");
  } else {
    replace("id", "999999");
  }
  replace("grant_id", "999999");
  replace("pid", "999999");
  replace("aid", "999999");
  replace("invitation_id", "999999");
  replace("n", "1");
  // Compliance: the demo list, its first version and a demo category; the bodies sent
  // ("{}") are incomplete, so nothing is written.
  replace("name", "demo-list");
  replace("version", "1");
  replace("code", "9A012");
  return path;
}

TEST(AuthorizationTable, EveryRouteHasARule) {
  auto& env = ApiEnvironment::Get();
  std::set<std::string> ruled;
  for (const auto& rule : Table()) ruled.insert(rule.route);
  std::set<std::string> served;
  for (const auto& route : env.routes()) {
    served.insert(Key(route));
    EXPECT_TRUE(ruled.count(Key(route)))
        << "route " << Key(route) << " has no line in the authorisation table";
  }
  for (const auto& key : ruled) {
    EXPECT_TRUE(served.count(key)) << "the table names " << key << ", which is not served";
  }
}

TEST(AuthorizationTable, EveryRoleGetsWhatTheTableSays) {
  auto& env = ApiEnvironment::Get();
  // "other" is an account that is none of the callers.
  const std::int64_t other_id = env.UserIdFor("applicant") + 100;
  std::map<std::string, const api::RouteSpec*> by_key;
  for (const auto& route : env.routes()) by_key[Key(route)] = &route;
  int checked = 0;
  for (const auto& rule : Table()) {
    const api::RouteSpec* route = by_key[rule.route];
    ASSERT_NE(route, nullptr) << rule.route;
    std::vector<std::string> callers = kRoles;
    callers.push_back(kAnonymous);
    for (const auto& who : callers) {
      httplib::Client client = env.Client();
      httplib::Headers headers;
      std::int64_t self_id = 0;
      if (who != kAnonymous) {
        headers.emplace("Authorization", "Bearer " + env.TokenFor(who));
        self_id = env.UserIdFor(who);
      } else if (rule.target == Target::kSelf) {
        continue;  // anonymous callers have no self
      }
      std::string path = Path(route->pattern, rule.target, self_id, other_id);
      auto send = [&]() -> httplib::Result {
        switch (route->method) {
          case api::Method::kGet:
            return client.Get(path.c_str(), headers);
          case api::Method::kDelete:
            return client.Delete(path.c_str(), headers);
          case api::Method::kPost:
            return client.Post(path.c_str(), headers, "{}", "application/json");
          case api::Method::kPatch:
            return client.Patch(path.c_str(), headers, "{}", "application/json");
          case api::Method::kPut:
            break;
        }
        return client.Put(path.c_str(), headers, "{}", "application/json");
      };
      httplib::Result res = send();
      ASSERT_TRUE(res) << rule.route << " as " << who << ": no response";
      const int status = res->status;
      const std::string what =
          rule.route + " (" + (rule.target == Target::kSelf ? "own account" : "other") + ") as " +
          who + " -> " + std::to_string(status) + " " + res->body.substr(0, 200);
      if (Allowed(rule, who)) {
        EXPECT_NE(status, 401) << what;
        EXPECT_NE(status, 403) << what;
        EXPECT_LT(status, 500) << what;
      } else if (who == kAnonymous) {
        EXPECT_EQ(status, 401) << what;
        EXPECT_EQ(ErrorOf(res)["code"], "unauthenticated") << what;
      } else {
        EXPECT_EQ(status, 403) << what;
        EXPECT_EQ(ErrorOf(res)["code"], "permission_denied") << what;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, static_cast<int>(Table().size()) * 8);
}

TEST(AuthorizationTable, SelfCannotGrantItselfPowers) {
  auto& env = ApiEnvironment::Get();
  httplib::Client client = env.Client();
  httplib::Headers headers{{"Authorization", "Bearer " + env.TokenFor("applicant")}};
  auto res = client.Patch(("/api/v1/users/" + std::to_string(env.UserIdFor("applicant"))).c_str(),
                          headers, R"({"disabled": false, "agency_id": 1})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  auto grant = client.Post(
      ("/api/v1/users/" + std::to_string(env.UserIdFor("applicant")) + "/roles").c_str(), headers,
      R"({"role":"administrator","scope_type":"global"})", "application/json");
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->status, 403);
}

}  // namespace
}  // namespace asta::testing
