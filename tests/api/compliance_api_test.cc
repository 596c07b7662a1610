// The compliance API over real HTTP on the demo data: a user created with a listed name
// gets an open hit; a technology-provision request to a listed recipient cannot be
// approved until its hit is decided a false positive; providers see their own request
// without hit details; list imports, diffs and entities; bad input names the field.
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "tests/api/api_fixture.h"

namespace asta::testing {
namespace {

std::string Base64(std::string_view bytes) { return Base64Encode(bytes); }

class ComplianceApiTest : public ::testing::Test {
 protected:
  struct Reply {
    int status = 0;
    Json body;
  };

  Reply Send(const std::string& role, const std::string& method, const std::string& path,
             const Json& body = nullptr) {
    auto& env = ApiEnvironment::Get();
    httplib::Client client = env.Client();
    httplib::Headers headers{{"Authorization", "Bearer " + env.TokenFor(role)}};
    std::string text = body.is_null() ? "{}" : body.dump();
    httplib::Result res = method == "GET" ? client.Get(path.c_str(), headers)
                          : method == "PUT"
                              ? client.Put(path.c_str(), headers, text, "application/json")
                              : client.Post(path.c_str(), headers, text, "application/json");
    Reply reply;
    if (!res) {
      ADD_FAILURE() << method << " " << path << ": no response";
      return reply;
    }
    reply.status = res->status;
    reply.body = Json::parse(res->body, nullptr, false);
    return reply;
  }

  static std::string FieldOf(const Reply& r) {
    if (!r.body.is_object() || !r.body.contains("error")) return "";
    return r.body["error"].value("field", "");
  }
};

constexpr char kApi[] = "/api/v1/compliance";

TEST_F(ComplianceApiTest, DemoDataHasListCategoriesAndABlockedRequest) {
  auto lists = Send("analyst", "GET", std::string(kApi) + "/lists");
  ASSERT_EQ(lists.status, 200) << lists.body.dump();
  ASSERT_FALSE(lists.body["items"].empty());
  bool found = false;
  for (const auto& l : lists.body["items"]) {
    if (l["name"] == "demo-list") {
      found = true;
      EXPECT_EQ(l["entities"], 20);
    }
  }
  EXPECT_TRUE(found);
  auto categories = Send("applicant", "GET", std::string(kApi) + "/control-categories");
  ASSERT_EQ(categories.status, 200);
  EXPECT_GE(categories.body["items"].size(), 20u);
  auto requests = Send("compliance_officer", "GET", std::string(kApi) + "/tech-requests");
  ASSERT_EQ(requests.status, 200);
  ASSERT_FALSE(requests.body["items"].empty());
  EXPECT_EQ(requests.body["items"][0]["recipient"]["screening_status"], "open_hits");
}

TEST_F(ComplianceApiTest, UserCreatedWithAListedNameGetsAnOpenHit) {
  auto created = Send("administrator", "POST", "/api/v1/users",
                      Json{{"email", "sokolenko@example.org"},
                           {"display_name", "Виктор Соколенко"},
                           {"latin_name", "Viktor Sokolenko"},
                           {"language", "en"}});
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string source = "user:" + std::to_string(created.body["id"].get<std::int64_t>());
  // The hit is there when the creating request has answered: no waiting.
  Json hit;
  std::string cursor;
  for (int page = 0; page < 20 && hit.is_null(); ++page) {
    std::string path = std::string(kApi) + "/hits?status=open&limit=200";
    if (!cursor.empty()) path += "&cursor=" + cursor;
    auto hits = Send("compliance_officer", "GET", path);
    ASSERT_EQ(hits.status, 200) << hits.body.dump();
    for (const auto& h : hits.body["items"]) {
      if (h["subject"]["source"] == source) hit = h;
    }
    if (hits.body["next_cursor"].is_null()) break;
    cursor = hits.body["next_cursor"].get<std::string>();
  }
  ASSERT_FALSE(hit.is_null()) << "no open hit for " << source;
  EXPECT_EQ(hit["list"], "demo-list");
  EXPECT_EQ(hit["entity_id"], "DEMO-011");
  EXPECT_EQ(hit["status"], "open");
  EXPECT_TRUE(hit["explanation"]["parts"].is_array());

  auto one = Send("administrator", "GET", std::string(kApi) + "/hits/" + hit["id"].dump());
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(Send("applicant", "GET", std::string(kApi) + "/hits/" + hit["id"].dump()).status, 403);
  auto subject = Send("compliance_officer", "GET",
                      std::string(kApi) + "/subjects/" + hit["subject"]["id"].dump());
  ASSERT_EQ(subject.status, 200);
  EXPECT_EQ(subject.body["status"], "open_hits");
  EXPECT_EQ(subject.body["hits"].size(), 1u);
}

TEST_F(ComplianceApiTest, ApprovalIsRefusedUntilTheHitIsAFalsePositive) {
  auto created = Send(
      "applicant", "POST", std::string(kApi) + "/tech-requests",
      Json{
          {"title", "Gyroscope test procedures"},
          {"description", "Test procedures for MEMS gyroscope calibration."},
          {"project", "Seismic sensing"},
          {"recipient", Json{{"kind", "person"}, {"name", "Mikhail Drozdov"}, {"country", "RU"}}}});
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string id = created.body["id"].dump();
  EXPECT_EQ(created.body["status"], "submitted");
  EXPECT_EQ(created.body["recipient"]["screening_status"], "open_hits");
  // The provider is told the screening status, not the hits.
  EXPECT_FALSE(created.body["recipient"].contains("hits"));
  ASSERT_FALSE(created.body["suggested_categories"].empty());
  EXPECT_EQ(created.body["suggested_categories"][0]["code"], "7A003");

  auto own = Send("applicant", "GET", std::string(kApi) + "/tech-requests/" + id);
  ASSERT_EQ(own.status, 200);
  EXPECT_FALSE(own.body["recipient"].contains("hits"));
  EXPECT_EQ(Send("reviewer", "GET", std::string(kApi) + "/tech-requests/" + id).status, 403);
  auto mine = Send("applicant", "GET", std::string(kApi) + "/tech-requests/mine");
  ASSERT_EQ(mine.status, 200);
  EXPECT_GE(mine.body["items"].size(), 1u);
  EXPECT_TRUE(
      Send("reviewer", "GET", std::string(kApi) + "/tech-requests/mine").body["items"].empty());

  auto full = Send("compliance_officer", "GET", std::string(kApi) + "/tech-requests/" + id);
  ASSERT_EQ(full.status, 200);
  ASSERT_EQ(full.body["recipient"]["hits"].size(), 1u);
  const Json hit = full.body["recipient"]["hits"][0];
  EXPECT_EQ(hit["entity_id"], "DEMO-015");

  const Json approve{{"status", "approved"},
                     {"category_code", "7A003"},
                     {"licence_number", "METI-2026-7"},
                     {"expires_on", "2027-12-31"}};
  auto refused = Send("compliance_officer", "POST",
                      std::string(kApi) + "/tech-requests/" + id + "/decision", approve);
  EXPECT_EQ(refused.status, 409) << refused.body.dump();
  EXPECT_EQ(refused.body["error"]["code"], "failed_precondition");
  // The administrator may not decide.
  EXPECT_EQ(Send("administrator", "POST", std::string(kApi) + "/tech-requests/" + id + "/decision",
                 approve)
                .status,
            403);

  auto no_reason = Send("compliance_officer", "POST",
                        std::string(kApi) + "/hits/" + hit["id"].dump() + "/decision",
                        Json{{"status", "false_positive"}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(FieldOf(no_reason), "reason");
  auto decided = Send("compliance_officer", "POST",
                      std::string(kApi) + "/hits/" + hit["id"].dump() + "/decision",
                      Json{{"status", "false_positive"}, {"reason", "different birth date"}});
  ASSERT_EQ(decided.status, 200) << decided.body.dump();
  EXPECT_EQ(decided.body["status"], "false_positive");

  auto approved = Send("compliance_officer", "POST",
                       std::string(kApi) + "/tech-requests/" + id + "/decision", approve);
  ASSERT_EQ(approved.status, 200) << approved.body.dump();
  EXPECT_EQ(approved.body["status"], "approved");
  EXPECT_EQ(approved.body["licence_number"], "METI-2026-7");
  EXPECT_EQ(approved.body["recipient"]["screening_status"], "clear");
}

TEST_F(ComplianceApiTest, ImportAVersionThenReadItsDiffAndEntities) {
  const std::string v1 =
      "entity_id,name,kind,country\n"
      "T1,Test Person One,person,FR\n"
      "T2,Test Company Two,organization,FR\n";
  auto first = Send("compliance_officer", "POST", std::string(kApi) + "/lists/api-test/versions",
                    Json{{"format", "csv"}, {"content_base64", Base64(v1)}});
  ASSERT_EQ(first.status, 201) << first.body.dump();
  EXPECT_EQ(first.body["version"], 1);
  EXPECT_EQ(first.body["added"], 2);
  const std::string v2 =
      "entity_id,name,kind,country\n"
      "T1,Test Person One,person,FR\n"
      "T3,Test Institute Three,organization,FR\n";
  auto second = Send("administrator", "POST", std::string(kApi) + "/lists/api-test/versions",
                     Json{{"format", "csv"}, {"content_base64", Base64(v2)}});
  ASSERT_EQ(second.status, 201) << second.body.dump();
  EXPECT_EQ(second.body["version"], 2);
  EXPECT_EQ(second.body["added"], 1);
  EXPECT_EQ(second.body["removed"], 1);
  EXPECT_EQ(second.body["changed"], 0);

  auto versions = Send("analyst", "GET", std::string(kApi) + "/lists/api-test/versions?limit=1");
  ASSERT_EQ(versions.status, 200);
  ASSERT_EQ(versions.body["items"].size(), 1u);
  EXPECT_FALSE(versions.body["next_cursor"].is_null());
  auto diff = Send("analyst", "GET", std::string(kApi) + "/lists/api-test/versions/2/diff");
  ASSERT_EQ(diff.status, 200);
  ASSERT_EQ(diff.body["added"].size(), 1u);
  EXPECT_EQ(diff.body["added"][0]["entity_id"], "T3");
  ASSERT_EQ(diff.body["removed"].size(), 1u);
  EXPECT_EQ(diff.body["removed"][0]["name"], "Test Company Two");
  auto entities =
      Send("analyst", "GET", std::string(kApi) + "/lists/api-test/entities?q=institute");
  ASSERT_EQ(entities.status, 200);
  ASSERT_EQ(entities.body["items"].size(), 1u);
  EXPECT_EQ(entities.body["items"][0]["entity_id"], "T3");
  EXPECT_EQ(Send("analyst", "GET", std::string(kApi) + "/lists/api-test/versions/7/diff").status,
            404);

  // A malformed file is refused whole, naming the line; the version stays 2.
  auto bad = Send("compliance_officer", "POST", std::string(kApi) + "/lists/api-test/versions",
                  Json{{"format", "csv"},
                       {"content_base64", Base64("entity_id,name,kind,country\n"
                                                 "T1,X,person,FR\nT2,Y,spaceship,FR\n")}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(FieldOf(bad).find("line 3"), std::string::npos) << bad.body.dump();
  auto after = Send("analyst", "GET", std::string(kApi) + "/lists/api-test/versions");
  EXPECT_EQ(after.body["items"].size(), 2u);
}

TEST_F(ComplianceApiTest, ScreeningOverHttpExplainsItsScore) {
  auto r = Send("compliance_officer", "POST", std::string(kApi) + "/screen",
                Json{{"name", "クロガネ テツオ"}, {"kind", "person"}, {"top", 3}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  ASSERT_FALSE(r.body["results"].empty());
  const Json& top = r.body["results"][0];
  EXPECT_EQ(top["entity_id"], "DEMO-002");
  EXPECT_EQ(top["alert"], true);
  EXPECT_TRUE(top["explanation"]["parts"].is_array());
  EXPECT_LE(r.body["results"].size(), 3u);

  auto batch = Send("administrator", "POST", std::string(kApi) + "/screen/batch",
                    Json{{"queries", Json::array({Json{{"id", "a"}, {"name", "Boris Vetrovsky"}},
                                                  Json{{"id", "b"}, {"name", "赵明海"}}})},
                         {"top", 1}});
  ASSERT_EQ(batch.status, 200) << batch.body.dump();
  ASSERT_EQ(batch.body["results"].size(), 2u);
  EXPECT_EQ(batch.body["results"][0]["id"], "a");
  EXPECT_EQ(batch.body["results"][0]["matches"][0]["entity_id"], "DEMO-001");
  EXPECT_EQ(batch.body["results"][1]["matches"][0]["entity_id"], "DEMO-006");

  auto party = Send("compliance_officer", "POST", std::string(kApi) + "/subjects",
                    Json{{"kind", "organization"},
                         {"name", "Golden Lotus Electronics Limited"},
                         {"other_names", Json::array({"金莲电子有限公司"})},
                         {"country", "CN"}});
  ASSERT_EQ(party.status, 201) << party.body.dump();
  EXPECT_EQ(party.body["status"], "open_hits");
  ASSERT_FALSE(party.body["hits"].empty());
  EXPECT_EQ(party.body["hits"][0]["entity_id"], "DEMO-014");
}

TEST_F(ComplianceApiTest, BadInputNamesTheField) {
  struct Case {
    std::string method, path;
    Json body;
    std::string field;
  };
  Json too_many = Json::array();
  for (int i = 0; i < 1001; ++i) too_many.push_back(Json{{"id", "q"}, {"name", "n"}});
  const std::vector<Case> cases = {
      {"POST", "/screen", Json{{"name", "x"}, {"top", 0}}, "top"},
      {"POST", "/screen", Json{{"name", "x"}, {"threshold", 1.5}}, "threshold"},
      {"POST", "/screen", Json{{"name", "x"}, {"threshold", "high"}}, "threshold"},
      {"POST", "/screen", Json{{"name", " "}}, "name"},
      {"POST", "/screen", Json{{"name", "x"}, {"kind", "vessel"}}, "kind"},
      {"POST", "/screen", Json{{"name", "x"}, {"colour", "red"}}, "colour"},
      {"POST", "/screen/batch",
       Json{{"queries", Json::array({Json{{"id", "1"}, {"name", "a"}}, Json{{"id", "2"}}})}},
       "queries[1].name"},
      {"POST", "/screen/batch", Json{{"queries", too_many}}, "queries"},
      {"POST", "/lists/demo-list/versions", Json{{"format", "csv"}, {"content_base64", "@@@"}},
       "content_base64"},
      {"POST", "/lists/demo-list/versions", Json{{"format", "pdf"}, {"content_base64", "eA=="}},
       "format"},
      {"POST", "/lists/Bad_Name/versions", Json{{"format", "csv"}, {"content_base64", "eA=="}},
       "name"},
      {"POST", "/subjects", Json{{"kind", "person"}, {"name", "X"}, {"country", "XX"}}, "country"},
      {"POST", "/subjects", Json{{"kind", "person"}, {"name", "X"}, {"other_names", "Y"}},
       "other_names"},
      {"POST", "/tech-requests",
       Json{{"title", "t"},
            {"description", "d"},
            {"recipient", Json{{"kind", "person"}, {"name", "X"}}}},
       "recipient.country"},
      {"POST", "/tech-requests/1/decision", Json{{"status", "approved"}}, "category_code"},
      {"POST", "/tech-requests/1/decision", Json{{"status", "maybe"}, {"category_code", "none"}},
       "status"},
      {"PUT", "/control-categories/9A012", Json{{"title_en", "UAV"}}, "title_ja"},
      {"PUT", "/control-categories/9A012",
       Json{{"title_en", "UAV"}, {"title_ja", "無人航空機"}, {"terms_en", Json::array({1})}},
       "terms_en"},
      {"POST", "/classify", Json::object(), "description"},
      {"GET", "/hits?status=maybe", nullptr, "status"},
  };
  for (const auto& c : cases) {
    auto r = Send("compliance_officer", c.method, std::string(kApi) + c.path, c.body);
    EXPECT_EQ(r.status, 400) << c.method << " " << c.path << " " << r.body.dump();
    EXPECT_EQ(FieldOf(r), c.field) << c.method << " " << c.path << " " << r.body.dump();
  }
}

}  // namespace
}  // namespace asta::testing
