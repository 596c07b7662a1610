// The compliance module on every storage backend: list versions and diffs, all-or-nothing
// imports, screening across scripts, people screened when created or renamed, decided
// hits that stay decided until a fingerprint changes, the approval block on technology
// provision, category classification and the audit trail.
#include "modules/compliance/compliance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "modules/audit/audit_log.h"
#include "tests/modules/fixture.h"

namespace asta::testing {
namespace {

using compliance::ListFormat;

const audit::Actor kOfficer = audit::Actor::System("officer-test");

constexpr char kListV1[] =
    "entity_id,name,kind,country\n"
    "E1,Boris Vetrovsky,person,RU\n"
    "E1,Борис Ветровский,person,RU\n"
    "E2,Eastern Star Trading Co. Ltd.,organization,HK\n"
    "E3,Farid Al-Zamani,person,IR\n";

// E1 unchanged, E2 gains a name (changed), E3 removed, E4 added.
constexpr char kListV2[] =
    "entity_id,name,kind,country\n"
    "E1,Boris Vetrovsky,person,RU\n"
    "E1,Борис Ветровский,person,RU\n"
    "E2,Eastern Star Trading Co. Ltd.,organization,HK\n"
    "E2,東星貿易有限公司,organization,HK\n"
    "E4,Polar Vector Instruments,organization,RU\n";

class ComplianceTest : public AppTest {
 protected:
  compliance::ComplianceService& svc() { return app_->compliance(); }

  compliance::ImportReport Import(const std::string& name, std::string_view csv) {
    auto r = svc().ImportListBytes(kOfficer, name, ListFormat::kCsv, csv);
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r.value_or(compliance::ImportReport{});
  }

  std::int64_t CountAudit(const std::string& action) {
    auto lease = app_->db().Acquire();
    EXPECT_TRUE(lease.has_value());
    auto rows = (*lease)->Query("SELECT COUNT(*) FROM audit_log WHERE action = ?", {action});
    EXPECT_TRUE(rows.has_value());
    return rows->rows.at(0).Int(0);
  }

  std::vector<compliance::Hit> HitsOf(const std::string& source) {
    auto subject = svc().FindSubjectBySource(source);
    EXPECT_TRUE(subject.has_value() && subject->has_value()) << source;
    if (!subject || !*subject) return {};
    auto hits = svc().HitsOfSubject((*subject)->id);
    EXPECT_TRUE(hits.has_value());
    return hits.value_or(std::vector<compliance::Hit>{});
  }

  static int CountStatus(const std::vector<compliance::Hit>& hits, const std::string& status) {
    return static_cast<int>(
        std::count_if(hits.begin(), hits.end(), [&](const auto& h) { return h.status == status; }));
  }

  accounts::User CreateUser(const std::string& email, const std::string& display,
                            const std::string& latin) {
    accounts::NewUser u;
    u.email = email;
    u.display_name = display;
    u.latin_name = latin;
    auto user = app_->accounts().CreateUser(kOfficer, u);
    EXPECT_TRUE(user.has_value()) << user.error().ToString();
    return user.value_or(accounts::User{});
  }

  void Process() {
    auto done = svc().ProcessQueue();
    ASSERT_TRUE(done.has_value()) << done.error().ToString();
  }
};

TEST_P(ComplianceTest, ImportThenReimportRecordsTheDiff) {
  auto v1 = Import("test-list", kListV1);
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v1.entities, 3);
  EXPECT_EQ(v1.names, 4);
  EXPECT_EQ(v1.added, 3);
  EXPECT_EQ(v1.changed + v1.removed, 0);

  auto v2 = Import("test-list", kListV2);
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.entities, 3);
  EXPECT_EQ(v2.added, 1);
  EXPECT_EQ(v2.changed, 1);
  EXPECT_EQ(v2.removed, 1);

  auto diff = svc().Diff("test-list", 2);
  ASSERT_TRUE(diff.has_value()) << diff.error().ToString();
  ASSERT_EQ(diff->added.size(), 1u);
  EXPECT_EQ(diff->added[0].entity_id, "E4");
  EXPECT_EQ(diff->added[0].name, "Polar Vector Instruments");
  ASSERT_EQ(diff->changed.size(), 1u);
  EXPECT_EQ(diff->changed[0].entity_id, "E2");
  ASSERT_EQ(diff->removed.size(), 1u);
  EXPECT_EQ(diff->removed[0].entity_id, "E3");
  EXPECT_EQ(diff->removed[0].name, "Farid Al-Zamani");

  // Identical content still makes a version, with an empty diff.
  auto v3 = Import("test-list", kListV2);
  EXPECT_EQ(v3.version, 3);
  EXPECT_EQ(v3.added + v3.changed + v3.removed, 0);

  auto versions = svc().Versions("test-list", 0, 50);
  ASSERT_TRUE(versions.has_value());
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[1].added, 1);
  EXPECT_EQ((*versions)[1].imported_by, "officer-test");
  EXPECT_EQ((*versions)[0].sha256.size(), 64u);

  auto lists = svc().Lists();
  ASSERT_TRUE(lists.has_value());
  ASSERT_EQ(lists->size(), 1u);
  EXPECT_EQ((*lists)[0].version, 3);
  EXPECT_EQ((*lists)[0].entities, 3);

  // The current version holds E1, E2 (with its new name) and E4, not E3.
  auto entities = svc().Entities("test-list", "", 0, 50);
  ASSERT_TRUE(entities.has_value());
  std::vector<std::string> ids;
  for (const auto& e : *entities) ids.push_back(e.entity_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"E1", "E2", "E4"}));
  auto found = svc().Entities("test-list", "polar", 0, 50);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].entity_id, "E4");

  EXPECT_EQ(CountAudit("list.import"), 3);
  EXPECT_FALSE(svc().Diff("test-list", 9).has_value());
  EXPECT_FALSE(svc().Diff("no-such-list", 1).has_value());
}

TEST_P(ComplianceTest, MalformedImportIsRejectedWholeAndWritesNothing) {
  Import("test-list", kListV1);
  constexpr char kBad[] =
      "entity_id,name,kind,country\n"
      "E1,Boris Vetrovsky,person,RU\n"
      "E9,Someone,vessel-or-what,RU\n";
  auto bad = svc().ImportListBytes(kOfficer, "test-list", ListFormat::kCsv, kBad);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().field.find("line 3"), std::string::npos) << bad.error().field;

  auto fresh = svc().ImportListBytes(kOfficer, "other-list", ListFormat::kCsv, kBad);
  ASSERT_FALSE(fresh.has_value());

  auto lists = svc().Lists();
  ASSERT_TRUE(lists.has_value());
  ASSERT_EQ(lists->size(), 1u);  // no "other-list"
  EXPECT_EQ((*lists)[0].version, 1);
  EXPECT_EQ((*lists)[0].entities, 3);
  EXPECT_EQ(CountAudit("list.import"), 1);

  auto bad_name = svc().ImportListBytes(kOfficer, "Bad Name", ListFormat::kCsv, kListV1);
  ASSERT_FALSE(bad_name.has_value());
  EXPECT_EQ(bad_name.error().field, "name");
}

TEST_P(ComplianceTest, ScreeningFindsListedNamesAcrossScripts) {
  // Each entity is listed in one script only; the queries are Latin.
  Import("scripts",
         "entity_id,name,kind,country\n"
         "C1,Борис Ветровский,person,RU\n"
         "K1,クロガネ テツオ,person,JP\n"
         "A1,فريد الزماني,person,IR\n"
         "H1,赵明海,person,CN\n"
         "L1,Nordlicht Praezisionsmaschinen GmbH,organization,DE\n");
  struct Case {
    const char* query;
    const char* expected;
    bool must_alert;  // unvocalised Arabic is left to the engine's own golden tests
  };
  for (const Case& c : {Case{"Boris Vetrovsky", "C1", true}, Case{"Kurogane Tetsuo", "K1", true},
                        Case{"Farid Al-Zamani", "A1", false}, Case{"Zhao Minghai", "H1", true},
                        Case{"Nordlicht Praezisionsmaschinen", "L1", true}}) {
    compliance::ScreenQuery q;
    q.name = c.query;
    auto results = svc().Screen(q, {});
    ASSERT_TRUE(results.has_value()) << results.error().ToString();
    ASSERT_FALSE(results->empty()) << c.query;
    EXPECT_EQ((*results)[0].entity_id, c.expected) << c.query;
    EXPECT_EQ((*results)[0].list, "scripts");
    if (c.must_alert) {
      EXPECT_TRUE((*results)[0].alert) << c.query << " scored " << (*results)[0].score;
    }
    EXPECT_EQ((*results)[0].alert, (*results)[0].score >= names::DefaultThreshold());
    EXPECT_FALSE((*results)[0].explanation.parts.empty());
  }
  compliance::ScreenQuery unrelated;
  unrelated.name = "Maria Garcia Lopez";
  auto none = svc().Screen(unrelated, {});
  ASSERT_TRUE(none.has_value());
  for (const auto& m : *none) EXPECT_FALSE(m.alert) << m.matched_name << " " << m.score;

  compliance::ScreenOptions bad_top;
  bad_top.top = 0;
  auto refused = svc().Screen(unrelated, bad_top);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().field, "top");
  compliance::ScreenOptions bad_threshold;
  bad_threshold.threshold = 1.5;
  refused = svc().Screen(unrelated, bad_threshold);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().field, "threshold");

  // A batch keeps the order of its queries.
  std::vector<compliance::ScreenQuery> batch(3);
  batch[0].name = "Zhao Minghai";
  batch[1].name = "Maria Garcia Lopez";
  batch[2].name = "Boris Vetrovsky";
  auto results = svc().ScreenBatch(batch, {}, 2);
  ASSERT_TRUE(results.has_value());
  ASSERT_EQ(results->size(), 3u);
  ASSERT_FALSE((*results)[0].empty());
  EXPECT_EQ((*results)[0][0].entity_id, "H1");
  ASSERT_FALSE((*results)[2].empty());
  EXPECT_EQ((*results)[2][0].entity_id, "C1");
}

TEST_P(ComplianceTest, UserCreatedOrRenamedWithAListedNameRaisesAHit) {
  Import("test-list", kListV1);
  auto clean = CreateUser("clean@example.org", "山田 花子", "Yamada Hanako");
  auto listed = CreateUser("listed@example.org", "Борис Ветровский", "Boris Vetrovsky");
  Process();
  EXPECT_EQ(CountStatus(HitsOf("user:" + std::to_string(clean.id)), "open"), 0);
  auto hits = HitsOf("user:" + std::to_string(listed.id));
  ASSERT_EQ(CountStatus(hits, "open"), 1);
  EXPECT_EQ(hits[0].entity_id, "E1");
  EXPECT_EQ(hits[0].list, "test-list");
  EXPECT_GE(hits[0].score, names::DefaultThreshold());
  auto subject = svc().FindSubjectBySource("user:" + std::to_string(listed.id));
  ASSERT_TRUE(subject.has_value() && subject->has_value());
  EXPECT_EQ((*subject)->status, "open_hits");
  EXPECT_EQ((*subject)->kind, "person");

  // Renaming the clean user to a listed name raises a hit too.
  accounts::UserPatch patch;
  patch.latin_name = "Farid Al-Zamani";
  ASSERT_TRUE(app_->accounts().UpdateUser(kOfficer, clean.id, patch).has_value());
  Process();
  hits = HitsOf("user:" + std::to_string(clean.id));
  ASSERT_EQ(CountStatus(hits, "open"), 1);
  EXPECT_EQ(hits[0].entity_id, "E3");
  EXPECT_GE(CountAudit("hit.raise"), 2);

  // Agencies are screened as organisations.
  auto ministry = app_->accounts().CreateMinistry(kOfficer, {0, "M1", "JP", "省", "Ministry", ""});
  ASSERT_TRUE(ministry.has_value()) << ministry.error().ToString();
  accounts::Agency agency;
  agency.ministry_id = ministry->id;
  agency.code = "EST";
  agency.country = "HK";
  agency.name = "Eastern Star Trading Co. Ltd.";
  agency.name_en = "Eastern Star Trading Company Limited";
  auto created = app_->accounts().CreateAgency(kOfficer, agency);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  Process();
  hits = HitsOf("agency:" + std::to_string(created->id));
  ASSERT_EQ(CountStatus(hits, "open"), 1);
  EXPECT_EQ(hits[0].entity_id, "E2");
}

TEST_P(ComplianceTest, DecidedHitIsNotRaisedAgainUntilAFingerprintChanges) {
  Import("test-list", kListV1);
  auto user = CreateUser("listed@example.org", "Boris Vetrovsky", "Boris Vetrovsky");
  Process();
  const std::string source = "user:" + std::to_string(user.id);
  auto hits = HitsOf(source);
  ASSERT_EQ(hits.size(), 1u);

  auto no_reason = svc().DecideHit(kOfficer, hits[0].id, "false_positive", " ");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(no_reason.error().field, "reason");
  auto bad_status = svc().DecideHit(kOfficer, hits[0].id, "maybe", "x");
  ASSERT_FALSE(bad_status.has_value());
  EXPECT_EQ(bad_status.error().field, "status");

  auto decided = svc().DecideHit(kOfficer, hits[0].id, "false_positive",
                                 "different date of birth and nationality");
  ASSERT_TRUE(decided.has_value()) << decided.error().ToString();
  EXPECT_EQ(decided->status, "false_positive");
  EXPECT_EQ(decided->decided_by.value_or(""), "officer-test");

  // A new list version with the entity unchanged: everyone is screened again, and the
  // decision stands.
  Import("test-list", kListV1);
  Process();
  hits = HitsOf(source);
  EXPECT_EQ(hits.size(), 1u);
  EXPECT_EQ(CountStatus(hits, "open"), 0);
  auto subject = svc().FindSubjectBySource(source);
  ASSERT_TRUE(subject.has_value() && subject->has_value());
  EXPECT_EQ((*subject)->status, "clear");

  // The entity changes (a new alias): a new open hit.
  Import("test-list",
         "entity_id,name,kind,country\n"
         "E1,Boris Vetrovsky,person,RU\n"
         "E1,Boris Vetrovskiy,person,RU\n");
  Process();
  hits = HitsOf(source);
  EXPECT_EQ(CountStatus(hits, "open"), 1);
  EXPECT_EQ(CountStatus(hits, "false_positive"), 1);

  // Decided again; then the person's name changes: raised once more.
  for (const auto& h : hits) {
    if (h.status == "open") {
      ASSERT_TRUE(svc().DecideHit(kOfficer, h.id, "false_positive", "checked again").has_value());
    }
  }
  Process();
  EXPECT_EQ(CountStatus(HitsOf(source), "open"), 0);
  accounts::UserPatch patch;
  patch.display_name = "Boris A. Vetrovsky";
  ASSERT_TRUE(app_->accounts().UpdateUser(kOfficer, user.id, patch).has_value());
  Process();
  EXPECT_EQ(CountStatus(HitsOf(source), "open"), 1);
  EXPECT_EQ(CountAudit("hit.decide"), 2);
}

TEST_P(ComplianceTest, ApprovalIsRefusedWhileAHitIsUnresolved) {
  Import("test-list", kListV1);
  ASSERT_TRUE(
      svc()
          .PutCategory(kOfficer,
                       {"6A003", "Cameras", "カメラ", {"thermal imaging"}, {"赤外線カメラ"}})
          .has_value());
  auto provider = CreateUser("provider@example.org", "提供 太郎", "Teikyo Taro");
  compliance::NewTechRequest in;
  in.title = "Camera calibration";
  in.description = "Calibration of thermal imaging sensors for volcano monitoring.";
  in.recipient.kind = "person";
  in.recipient.name = "Boris Vetrovsky";
  in.recipient.country = "RU";
  auto created = svc().CreateTechRequest(kOfficer, provider.id, in);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  EXPECT_EQ(created->status, "submitted");
  EXPECT_EQ(created->recipient.status, "open_hits");
  EXPECT_TRUE(created->recipient.screened_at.has_value());
  EXPECT_EQ(created->recipient.source, "party:" + std::to_string(created->recipient.id));
  ASSERT_TRUE(created->suggested_categories.is_array());
  ASSERT_FALSE(created->suggested_categories.empty());
  EXPECT_EQ(created->suggested_categories[0]["code"], "6A003");
  ASSERT_EQ(created->recipient_hits.size(), 1u);

  compliance::TechDecision approve;
  approve.status = "approved";
  approve.category_code = "6A003";
  approve.licence_number = "METI-2026-0042";
  approve.expires_on = "2027-03-31";
  auto refused = svc().DecideTechRequest(kOfficer, created->id, approve);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);

  // A true match blocks too.
  ASSERT_TRUE(svc()
                  .DecideHit(kOfficer, created->recipient_hits[0].id, "true_match", "same person")
                  .has_value());
  refused = svc().DecideTechRequest(kOfficer, created->id, approve);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);

  ASSERT_TRUE(svc()
                  .DecideHit(kOfficer, created->recipient_hits[0].id, "false_positive",
                             "passport checked: a different person")
                  .has_value());
  // Field checks: licence required for a controlled category, valid date, known code.
  compliance::TechDecision no_licence = approve;
  no_licence.licence_number.reset();
  auto e = svc().DecideTechRequest(kOfficer, created->id, no_licence);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().field, "licence_number");
  compliance::TechDecision bad_date = approve;
  bad_date.expires_on = "2027-02-30";
  e = svc().DecideTechRequest(kOfficer, created->id, bad_date);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().field, "expires_on");
  compliance::TechDecision bad_code = approve;
  bad_code.category_code = "ZZ999";
  e = svc().DecideTechRequest(kOfficer, created->id, bad_code);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().field, "category_code");

  auto approved = svc().DecideTechRequest(kOfficer, created->id, approve);
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->status, "approved");
  EXPECT_EQ(approved->licence_number.value_or(""), "METI-2026-0042");
  EXPECT_EQ(approved->expires_on.value_or(""), "2027-03-31");
  auto twice = svc().DecideTechRequest(kOfficer, created->id, approve);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);

  // A clean recipient with "none" needs no licence.
  in.recipient.name = "Maria Garcia Lopez";
  in.recipient.country = "ES";
  auto clean = svc().CreateTechRequest(kOfficer, provider.id, in);
  ASSERT_TRUE(clean.has_value());
  EXPECT_EQ(clean->recipient.status, "clear");
  compliance::TechDecision none;
  none.status = "approved";
  none.category_code = "none";
  EXPECT_TRUE(svc().DecideTechRequest(kOfficer, clean->id, none).has_value());

  auto mine = svc().ListTechRequests("", provider.id, 0, 50);
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->size(), 2u);
  EXPECT_EQ(CountAudit("tech_request.create"), 2);
  EXPECT_EQ(CountAudit("tech_request.decide"), 2);
  auto verify = audit::Verify(app_->db());
  ASSERT_TRUE(verify.has_value());
  EXPECT_TRUE(verify->ok) << verify->message;
}

TEST_P(ComplianceTest, CategoriesClassifyEnglishAndJapanese) {
  ASSERT_TRUE(svc()
                  .PutCategory(kOfficer, {"6A003",
                                          "Cameras",
                                          "カメラ",
                                          {"thermal imaging", "infrared camera"},
                                          {"赤外線カメラ"}})
                  .has_value());
  ASSERT_TRUE(svc()
                  .PutCategory(kOfficer,
                               {"9A012", "UAV", "無人航空機", {"drone", "autopilot"}, {"ドローン"}})
                  .has_value());
  auto bad = svc().PutCategory(kOfficer, {"bad code!", "x", "x", {}, {}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "code");

  auto items = svc().Classify("Drones with infrared cameras and an autopilot for mapping.");
  ASSERT_TRUE(items.has_value());
  ASSERT_EQ(items->size(), 2u);
  // "infrared cameras" (one two-word term) and "drones" + "autopilot" (two one-word
  // terms) both score 2; the tie goes to the code order.
  EXPECT_EQ((*items)[0].code, "6A003");
  EXPECT_EQ((*items)[0].matched_terms, std::vector<std::string>{"infrared camera"});
  EXPECT_EQ((*items)[1].code, "9A012");
  EXPECT_EQ((*items)[1].matched_terms, (std::vector<std::string>{"drone", "autopilot"}));

  auto ja = svc().Classify("火山観測用の赤外線カメラの校正技術");
  ASSERT_TRUE(ja.has_value());
  ASSERT_EQ(ja->size(), 1u);
  EXPECT_EQ((*ja)[0].code, "6A003");

  auto unrelated = svc().Classify("A history of Japanese tea ceremonies.");
  ASSERT_TRUE(unrelated.has_value());
  EXPECT_TRUE(unrelated->empty());

  // Replacing a category keeps one row and audits before and after.
  ASSERT_TRUE(
      svc()
          .PutCategory(kOfficer, {"9A012", "Unmanned aerial vehicles", "無人航空機", {"uav"}, {}})
          .has_value());
  auto all = svc().Categories();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].title_en, "Unmanned aerial vehicles");
  EXPECT_EQ(CountAudit("control_category.put"), 3);
}

TEST_P(ComplianceTest, ImportQueuesEveryoneAndIndexFollowsTheGeneration) {
  auto user = CreateUser("late@example.org", "Farid Al-Zamani", "Farid Al-Zamani");
  Process();  // no lists yet: clear
  auto subject = svc().FindSubjectBySource("user:" + std::to_string(user.id));
  ASSERT_TRUE(subject.has_value() && subject->has_value());
  EXPECT_EQ((*subject)->status, "clear");
  Import("test-list", kListV1);
  subject = svc().FindSubjectBySource("user:" + std::to_string(user.id));
  EXPECT_EQ((*subject)->status, "clear");  // still the old result until screened
  Process();
  EXPECT_EQ(CountStatus(HitsOf("user:" + std::to_string(user.id)), "open"), 1);
  auto index = svc().CurrentIndex();
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ((*index)->entities.size(), 3u);
}

TEST_P(ComplianceTest, BackgroundWorkerScreensNewPeopleAndStopsCleanly) {
  Import("test-list", kListV1);
  svc().StartWorker();
  auto user = CreateUser("bg@example.org", "Boris Vetrovsky", "Boris Vetrovsky");
  svc().Wake();
  const std::string source = "user:" + std::to_string(user.id);
  // Not a speed test: the generous bound only keeps a broken worker from hanging CI.
  for (int i = 0; i < 600 && CountStatus(HitsOf(source), "open") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(CountStatus(HitsOf(source), "open"), 1);
  svc().StopWorker();
  svc().StopWorker();  // idempotent
}

ASTA_INSTANTIATE_APP_TEST(ComplianceTest);

}  // namespace
}  // namespace asta::testing
