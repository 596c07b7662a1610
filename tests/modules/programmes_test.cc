// The programmes module on every storage backend: calls with instants in their zone,
// proposals from draft to submission (deadline exact to the second by the service's
// clock, a failed submission leaving the draft exactly as it was, versions frozen,
// receipts), attachments checked by type, size and first bytes with a virus-scan hook,
// screening of the team visible in the stored result and noted for compliance, budget
// totals and exports, and the EU call topics imported as calls.
#include "modules/programmes/programmes.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/compressed.h"
#include "core/crypto.h"
#include "core/time.h"
#include "core/zones.h"
#include "tests/modules/fixture.h"

namespace asta::testing {
namespace {

using programmes::Call;
using programmes::Proposal;

const audit::Actor kSystem = audit::Actor::System("programmes-test");

class ProgrammesTest : public AppTest {
 protected:
  programmes::ProgrammesService& svc() { return app_->programmes(); }

  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto ministry =
        app_->accounts().CreateMinistry(kSystem, {0, "JP-MEXT", "JP", "文部科学省", "MEXT", ""});
    ASSERT_TRUE(ministry) << ministry.error().ToString();
    accounts::Agency a;
    a.ministry_id = ministry->id;
    a.code = "JST";
    a.country = "JP";
    a.name = "科学技術振興機構";
    a.name_en = "Japan Science and Technology Agency";
    auto agency = app_->accounts().CreateAgency(kSystem, a);
    ASSERT_TRUE(agency) << agency.error().ToString();
    programmes::ProgrammeInput in;
    in.agency_id = agency->id;
    in.kind = "joint_research";
    in.name = "Multilateral joint research";
    auto p = svc().CreateProgramme(kSystem, in);
    ASSERT_TRUE(p) << p.error().ToString();
    programme_id_ = p->id;
    owner_ = MakeUser("hoa@example.vn", "Nguyễn Thị Hoa");
    other_ = MakeUser("ken@example.jp", "山田 健");
    svc().set_clock([this] { return now_; });
  }

  audit::Actor MakeUser(const std::string& email, const std::string& name) {
    accounts::NewUser u;
    u.email = email;
    u.display_name = name;
    u.latin_name = name;
    auto user = app_->accounts().CreateUser(kSystem, u);
    EXPECT_TRUE(user) << (user ? "" : user.error().ToString());
    return audit::Actor{user ? user->id : 0, email};
  }

  // A three-country call closing at 2027-03-31 17:00 Tokyo (08:00 UTC).
  Json Definition() {
    return Json{
        {"programme_id", programme_id_},
        {"title", "Multilateral call 2027"},
        {"opens", "2026-11-01T10:00:00"},
        {"closes", "2027-03-31T17:00:00"},
        {"time_zone", "Asia/Tokyo"},
        {"funding_model", "virtual_common_pot"},
        {"funders", Json::array({Json{{"agency", "JST"},
                                      {"currency", "JPY"},
                                      {"budget", 90000000},
                                      {"countries", {"JP"}}},
                                 Json{{"agency", "NSTDA"},
                                      {"currency", "THB"},
                                      {"budget", 12000000},
                                      {"countries", {"TH"}}},
                                 Json{{"agency", "NAFOSTED"},
                                      {"currency", "VND"},
                                      {"budget", 6000000000},
                                      {"countries", {"VN"}}}})},
        {"rules", Json::array({Json{{"kind", "min_countries"}, {"min", 3}},
                               Json{{"kind", "budget_currency"}}})},
        {"form", Json{{"sections", Json::array({Json{{"key", "summary"},
                                                     {"title_en", "Summary"},
                                                     {"max_words", 5},
                                                     {"required", true}}})},
                      {"attachments", Json::array({Json{{"key", "cv"},
                                                        {"title_en", "CV"},
                                                        {"types", {"application/pdf"}},
                                                        {"max_bytes", 100},
                                                        {"required", true}}})}}},
        {"criteria", Json::array({Json{{"key", "excellence"}, {"title_en", "Excellence"}}})}};
  }

  Json Content(bool three_countries) {
    Json team =
        Json::array({Json{{"name", "佐藤 健一"},
                          {"role", "lead"},
                          {"country", "JP"},
                          {"organization", "東北大学"}},
                     Json{{"name", "Trần Văn Minh"}, {"role", "co_lead"}, {"country", "VN"}}});
    if (three_countries) {
      team.push_back(Json{{"name", "สมชาย ศรีสุข"}, {"role", "member"}, {"country", "TH"}});
    }
    return Json{{"title", "Flood forecasting"},
                {"team", team},
                {"budget", Json::array({Json{{"funder", "JST"},
                                             {"year", 2027},
                                             {"category", "personnel"},
                                             {"amount", 5000000},
                                             {"currency", "JPY"}}})},
                {"sections", Json{{"summary", "Floods forecast together."}}}};
  }

  Call MakeCall() {
    auto call = svc().CreateCall(kSystem, Definition());
    EXPECT_TRUE(call) << (call ? "" : call.error().ToString());
    return call ? *call : Call{};
  }

  std::int64_t Count(const std::string& sql) {
    auto lease = app_->db().Acquire();
    EXPECT_TRUE(lease.has_value());
    auto rows = (*lease)->Query(sql);
    EXPECT_TRUE(rows.has_value()) << (rows ? "" : rows.error().ToString());
    return rows ? rows->rows.at(0).Int(0) : -1;
  }

  void AttachCv(std::int64_t id) {
    programmes::AttachmentInput a{"cv", "cv.pdf", "application/pdf", "%PDF-1.7 tiny"};
    auto r = svc().AddAttachment(owner_, id, a);
    ASSERT_TRUE(r) << r.error().ToString();
  }

  std::int64_t programme_id_ = 0;
  audit::Actor owner_, other_;
  std::int64_t now_ = 1796000000;  // 2026-11-30, within the call
};

TEST_P(ProgrammesTest, CallInstantsAreTheAnnouncedWallClockInTheCallsZone) {
  Call call = MakeCall();
  EXPECT_EQ(FormatIso8601(call.closes), "2027-03-31T08:00:00Z");
  Json summary = call.Summary(now_, false);
  EXPECT_EQ(summary["closes_local"], "2027-03-31T17:00:00+09:00");
  EXPECT_EQ(summary["status"], "open");
  EXPECT_FALSE(summary.contains("proposal_count"));
  EXPECT_EQ(call.StatusAt(call.closes), "open");
  EXPECT_EQ(call.StatusAt(call.closes + 1), "closed");
  Json full = call.Full(now_, true);
  EXPECT_EQ(full["rules_text"][0]["en"], "At least 3 countries in the team.");
  EXPECT_EQ(full["proposal_count"], 0);

  Json bad = Definition();
  bad["closes"] = "2027-03-31 17:00";
  auto r = svc().CreateCall(kSystem, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "closes");
  bad = Definition();
  bad["time_zone"] = "Mars/Olympus";
  r = svc().CreateCall(kSystem, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "time_zone");
  bad = Definition();
  bad["form"]["attachments"][0]["types"] = {"application/x-msdownload"};
  r = svc().CreateCall(kSystem, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "form.attachments[0].types[0]");
  bad = Definition();
  bad["funders"][1]["currency"] = "baht";
  r = svc().CreateCall(kSystem, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "funders[1].currency");
  bad = Definition();
  bad["deadline"] = "tomorrow";
  r = svc().CreateCall(kSystem, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "deadline");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM calls"), 1);
}

TEST_P(ProgrammesTest, IneligibleDraftIsRefusedAtSubmissionAndLeftExactlyAsItWas) {
  Call call = MakeCall();
  auto p = svc().CreateProposal(owner_, call.id, Content(false));
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_EQ(p->state, "draft");
  EXPECT_FALSE(p->eligible);
  EXPECT_EQ(p->check["verdicts"][0]["field"], "team");
  EXPECT_EQ(p->check["verdicts"][0]["message_en"],
            "The team has members from 2 countries; this call needs at least 3.");
  AttachCv(p->id);
  auto before = svc().GetProposal(p->id);
  ASSERT_TRUE(before);
  const std::int64_t versions = Count("SELECT COUNT(*) FROM proposal_versions");
  const std::int64_t audit = Count("SELECT COUNT(*) FROM audit_log");

  auto submitted = svc().Submit(owner_, p->id, p->version, "Asia/Bangkok");
  ASSERT_FALSE(submitted);
  EXPECT_EQ(submitted.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(submitted.error().field, "team");
  EXPECT_NE(submitted.error().message.find("needs at least 3"), std::string::npos);
  auto after = svc().GetProposal(p->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->ToJson(true).dump(), before->ToJson(true).dump());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM proposal_versions"), versions);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM proposal_receipts"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audit);

  // Fixed: a third country. Now it goes through, and the submitted version is frozen.
  auto fixed = svc().UpdateProposal(owner_, p->id, Content(true), after->version);
  ASSERT_TRUE(fixed) << fixed.error().ToString();
  EXPECT_TRUE(fixed->eligible) << fixed->check.dump();
  auto done = svc().Submit(owner_, p->id, fixed->version, "Asia/Bangkok");
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->first.state, "submitted");
  EXPECT_EQ(done->second.number, "C" + std::to_string(call.id) + "-P" + std::to_string(p->id) +
                                     "-V" + std::to_string(fixed->version + 1));
  EXPECT_EQ(done->second.ToJson()["submitted_local"], "2026-11-30T07:53:20+07:00");
  auto edit = svc().UpdateProposal(owner_, p->id, Content(true), done->first.version);
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, ErrorCode::kFailedPrecondition);
  auto versions_list = svc().Versions(p->id);
  ASSERT_TRUE(versions_list);
  ASSERT_EQ(versions_list->back().state, "submitted");
  EXPECT_EQ(versions_list->back().sha256, done->second.sha256);
  auto frozen = svc().GetVersion(p->id, versions_list->back().number);
  ASSERT_TRUE(frozen);
  EXPECT_EQ(Sha256Hex(frozen->content.dump()), done->second.sha256);
  auto receipts = svc().Receipts(p->id);
  ASSERT_TRUE(receipts);
  ASSERT_EQ(receipts->size(), 1u);
  EXPECT_EQ(receipts->at(0).time_zone, "Asia/Bangkok");
}

TEST_P(ProgrammesTest, DeadlineIsExactToTheSecondByTheServerClock) {
  Call call = MakeCall();
  auto a = svc().CreateProposal(owner_, call.id, Content(true));
  auto b = svc().CreateProposal(owner_, call.id, Content(true));
  ASSERT_TRUE(a && b);
  AttachCv(a->id);
  AttachCv(b->id);
  auto a2 = svc().GetProposal(a->id);
  auto b2 = svc().GetProposal(b->id);
  ASSERT_TRUE(a2 && b2);
  now_ = call.closes;  // the closing second itself is on time
  auto on_time = svc().Submit(owner_, a->id, a2->version, "");
  ASSERT_TRUE(on_time) << on_time.error().ToString();
  now_ = call.closes + 1;  // one second late
  auto late = svc().Submit(owner_, b->id, b2->version, "America/Sao_Paulo");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.error().field, "closes");
  // The deadline in the applicant's zone: 17:00 Tokyo is 05:00 in São Paulo.
  EXPECT_NE(late.error().message.find("2027-03-31T05:00:00-03:00 (America/Sao_Paulo"),
            std::string::npos)
      << late.error().message;
  auto still = svc().GetProposal(b->id);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->state, "draft");
  EXPECT_EQ(still->version, b2->version);
  // Before the call opens, nothing is accepted either; a closed call takes no new drafts.
  auto fresh = svc().CreateProposal(owner_, call.id, Content(true));
  ASSERT_FALSE(fresh);
  EXPECT_EQ(fresh.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(ProgrammesTest, OnlyTheOwnerEditsAndSubmitsAndStaleVersionsAreRefused) {
  Call call = MakeCall();
  auto p = svc().CreateProposal(owner_, call.id, Content(true));
  ASSERT_TRUE(p);
  auto by_other = svc().UpdateProposal(other_, p->id, Content(true), p->version);
  ASSERT_FALSE(by_other);
  EXPECT_EQ(by_other.error().code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(svc().Submit(other_, p->id, p->version, ""));
  auto saved = svc().UpdateProposal(owner_, p->id, Content(true), p->version);
  ASSERT_TRUE(saved);
  auto stale = svc().UpdateProposal(owner_, p->id, Content(false), p->version);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().field, "version");
  auto withdrawn = svc().Withdraw(owner_, p->id, saved->version);
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->state, "withdrawn");
  EXPECT_FALSE(svc().Submit(owner_, p->id, withdrawn->version, ""));
}

TEST_P(ProgrammesTest, BadContentNamesTheField) {
  Call call = MakeCall();
  Json c = Content(true);
  c["team"][1]["country"] = "XX";
  auto r = svc().CreateProposal(owner_, call.id, c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "team[1].country");
  c = Content(true);
  c["budget"][0]["amount"] = -5;
  r = svc().CreateProposal(owner_, call.id, c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "budget[0].amount");
  c = Content(true);
  c["team"][0]["nickname"] = "x";
  r = svc().CreateProposal(owner_, call.id, c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "team[0].nickname");
  // Accepted as a draft, but the form says what is missing: a member without country,
  // a budget in the wrong currency, a summary over its word limit.
  c = Content(true);
  c["team"][2]["country"] = "";
  c["budget"][0]["currency"] = "USD";
  c["sections"]["summary"] = "one two three four five six";
  r = svc().CreateProposal(owner_, call.id, c);
  ASSERT_TRUE(r) << r.error().ToString();
  std::set<std::string> fields;
  for (const auto& p : r->form_problems) fields.insert(p.field);
  EXPECT_TRUE(fields.count("team[2].country"));
  EXPECT_TRUE(fields.count("budget[0].currency"));
  EXPECT_TRUE(fields.count("sections.summary"));
  EXPECT_TRUE(fields.count("attachments.cv"));
  auto s = svc().Submit(owner_, r->id, r->version, "");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(s.error().field.empty());
}

TEST_P(ProgrammesTest, AttachmentsAreCheckedHashedAndScanned) {
  Call call = MakeCall();
  auto p = svc().CreateProposal(owner_, call.id, Content(true));
  ASSERT_TRUE(p);
  auto wrong_type = svc().AddAttachment(owner_, p->id, {"cv", "cv.png", "image/png", "\x89PNG"});
  ASSERT_FALSE(wrong_type);
  EXPECT_EQ(wrong_type.error().field, "content_type");
  auto too_big = svc().AddAttachment(
      owner_, p->id, {"cv", "cv.pdf", "application/pdf", "%PDF-" + std::string(200, 'x')});
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().field, "content_base64");
  auto disguised =
      svc().AddAttachment(owner_, p->id, {"cv", "cv.pdf", "application/pdf", "MZ\x90"});
  ASSERT_FALSE(disguised);
  EXPECT_NE(disguised.error().message.find("first bytes"), std::string::npos);
  auto unknown_key =
      svc().AddAttachment(owner_, p->id, {"budget", "b.pdf", "application/pdf", "%PDF-"});
  ASSERT_FALSE(unknown_key);
  EXPECT_EQ(unknown_key.error().field, "key");
  svc().set_virus_scanner([](const std::string& bytes) -> Result<std::string> {
    if (bytes.find("EICAR") != std::string::npos) return InvalidArgument("EICAR test file");
    return std::string("clean");
  });
  auto infected =
      svc().AddAttachment(owner_, p->id, {"cv", "cv.pdf", "application/pdf", "%PDF-EICAR"});
  ASSERT_FALSE(infected);
  EXPECT_NE(infected.error().message.find("EICAR"), std::string::npos);
  auto ok = svc().AddAttachment(owner_, p->id, {"cv", "cv.pdf", "application/pdf", "%PDF-1.7 ok"});
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->sha256, Sha256Hex("%PDF-1.7 ok"));
  EXPECT_EQ(ok->scan, "clean");
  EXPECT_EQ(ok->size, 11);
  auto by_other = svc().AddAttachment(other_, p->id, {"cv", "cv.pdf", "application/pdf", "%PDF-"});
  ASSERT_FALSE(by_other);
  EXPECT_EQ(by_other.error().code, ErrorCode::kPermissionDenied);
  auto stored = svc().GetProposal(p->id);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->attachments.size(), 1u);
  EXPECT_TRUE(stored->eligible) << stored->check.dump();
  EXPECT_TRUE(svc().DeleteAttachment(owner_, p->id, ok->id));
  stored = svc().GetProposal(p->id);
  EXPECT_FALSE(stored->eligible);
}

TEST_P(ProgrammesTest, SubmissionScreensTheTeamForOfficersAndNotesSubjects) {
  auto listed = app_->compliance().ImportListBytes(
      kSystem, "test-list", compliance::ListFormat::kCsv,
      "entity_id,name,kind,country\nT-1,Kurogane Tetsuo,person,JP\n");
  ASSERT_TRUE(listed) << listed.error().ToString();
  Call call = MakeCall();
  Json c = Content(true);
  c["team"][2]["name"] = "Kurogane Tetsuo";
  c["team"][2]["country"] = "TH";
  auto p = svc().CreateProposal(owner_, call.id, c);
  ASSERT_TRUE(p);
  AttachCv(p->id);
  auto cur = svc().GetProposal(p->id);
  auto done = svc().Submit(owner_, p->id, cur->version, "");
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->first.screening_status, "alerts");
  EXPECT_FALSE(done->first.ToJson(false).contains("screening"));
  Json with = done->first.ToJson(true);
  ASSERT_TRUE(with.contains("screening"));
  bool found = false;
  for (const Json& m : with["screening"]["members"]) {
    if (m["field"] == "team[2]") {
      ASSERT_EQ(m["alerts"].size(), 1u);
      EXPECT_EQ(m["alerts"][0]["entity_id"], "T-1");
      found = true;
    } else {
      EXPECT_TRUE(m["alerts"].empty()) << m.dump();
    }
  }
  EXPECT_TRUE(found);
  // The team is noted for the compliance queue off the submission's path, by the worker.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM subjects WHERE source LIKE 'proposal:%'"), 0);
  // Right after a submission the worker's pass waits (submissions are arriving)...
  auto deferred = svc().NotePendingSubjects(false);
  ASSERT_TRUE(deferred);
  EXPECT_EQ(*deferred, 0);
  // ...and a pass that must do everything (commands, demo data) does it.
  auto noted = svc().NotePendingSubjects(true);
  ASSERT_TRUE(noted) << noted.error().ToString();
  EXPECT_EQ(*noted, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM subjects WHERE source LIKE 'proposal:%'"), 4);
  EXPECT_EQ(*svc().NotePendingSubjects(), 0);
  ASSERT_TRUE(app_->ProcessScreeningQueue());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hits h JOIN subjects s ON s.id = h.subject_id WHERE "
                  "s.source = 'proposal:" +
                  std::to_string(p->id) + ":team:2'"),
            1);
  programmes::ProposalFilter f;
  f.screening = "alerts";
  auto list = svc().CallProposals(call.id, f);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  auto totals = svc().CallTotals(call.id);
  ASSERT_TRUE(totals);
  EXPECT_EQ(totals->at(0).agency, "JST");
  EXPECT_EQ(totals->at(0).requested_submitted, 5000000);
  const std::string csv = programmes::ProposalsCsv(call, *list);
  EXPECT_NE(csv.find("Flood forecasting"), std::string::npos);
  EXPECT_NE(csv.find(",alerts,"), std::string::npos);
  auto xlsx = programmes::ProposalsXlsx(call, *list);
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
}

TEST_P(ProgrammesTest, TwoStageCallsTakePreProposalsThenInvitedFullProposals) {
  Json def = Definition();
  def["stages"] = 2;
  def["pre_proposal_closes"] = "2026-12-15T12:00:00";  // 03:00 UTC
  auto created = svc().CreateCall(kSystem, def);
  ASSERT_TRUE(created) << created.error().ToString();
  const Call call = *created;
  ASSERT_TRUE(call.pre_closes.has_value());
  EXPECT_EQ(FormatIso8601(*call.pre_closes), "2026-12-15T03:00:00Z");
  // A pre-proposal needs no sections or attachments yet; the eligibility rules apply.
  Json pre = Content(true);
  pre.erase("sections");
  auto a = svc().CreateProposal(owner_, call.id, pre);
  auto b = svc().CreateProposal(owner_, call.id, pre);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->stage, 1);
  EXPECT_TRUE(a->eligible) << a->check.dump();
  auto sent = svc().Submit(owner_, a->id, a->version, "");
  ASSERT_TRUE(sent) << sent.error().ToString();
  EXPECT_EQ(sent->second.stage, 1);
  EXPECT_NE(sent->second.number.find("-PRE"), std::string::npos);
  // One second after the pre-proposals' deadline: late, naming that deadline; no new ones.
  now_ = *call.pre_closes + 1;
  auto late = svc().Submit(owner_, b->id, b->version, "Asia/Tokyo");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().field, "pre_proposal_closes");
  EXPECT_NE(late.error().message.find("2026-12-15T12:00:00+09:00"), std::string::npos);
  auto fresh = svc().CreateProposal(owner_, call.id, pre);
  ASSERT_FALSE(fresh);
  EXPECT_EQ(fresh.error().field, "pre_proposal_closes");
  // Invited: a draft again at stage 2, which now needs the full form.
  EXPECT_FALSE(svc().Invite(kSystem, b->id));  // a draft is not invited
  auto invited = svc().Invite(kSystem, a->id);
  ASSERT_TRUE(invited) << invited.error().ToString();
  EXPECT_EQ(invited->state, "draft");
  EXPECT_EQ(invited->stage, 2);
  EXPECT_FALSE(invited->eligible);
  auto incomplete = svc().Submit(owner_, a->id, invited->version, "");
  ASSERT_FALSE(incomplete);
  EXPECT_EQ(incomplete.error().field, "sections.summary");
  auto full = svc().UpdateProposal(owner_, a->id, Content(true), invited->version);
  ASSERT_TRUE(full) << full.error().ToString();
  AttachCv(a->id);
  auto cur = svc().GetProposal(a->id);
  auto done = svc().Submit(owner_, a->id, cur->version, "");
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->second.stage, 2);
  auto receipts = svc().Receipts(a->id);
  ASSERT_TRUE(receipts);
  ASSERT_EQ(receipts->size(), 2u);
  EXPECT_EQ(receipts->at(0).stage, 1);
  EXPECT_EQ(receipts->at(1).stage, 2);
  // The pre-proposal stays as a frozen version.
  auto versions = svc().Versions(a->id);
  ASSERT_TRUE(versions);
  int submitted = 0;
  for (const auto& v : *versions) submitted += v.state == "submitted";
  EXPECT_EQ(submitted, 2);
}

TEST_P(ProgrammesTest, EuCallTopicsBecomeCallsOnceWithTheirBudgetsAndDeadlines) {
  const std::filesystem::path file =
      std::filesystem::path(ASTA_SHARED_DATA_DIR) / "eu-calls" / "eu_ft_call_topics.jsonl.gz";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "shared data absent: " << file;
  auto bytes = ReadFileBytes(file);
  ASSERT_TRUE(bytes);
  auto topics = programmes::ParseEuCallTopics(*bytes);
  ASSERT_TRUE(topics) << topics.error().ToString();
  auto report = svc().ImportEuTopics(kSystem, *topics);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->created, 629);
  EXPECT_EQ(report->with_budget, 466);
  EXPECT_EQ(report->two_stage, 28);
  auto again = svc().ImportEuTopics(kSystem, *topics);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->unchanged, 629);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM calls"), 629);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM call_funders WHERE budget IS NOT NULL"), 466);
  programmes::CallFilter f;
  f.limit = 1000;
  f.programme_id = report->programme_id;
  auto calls = svc().ListCalls(f);
  ASSERT_TRUE(calls);
  ASSERT_EQ(calls->size(), 629u);
  // Every deadline is 17:00 in Brussels on the published date.
  for (std::size_t i = 0; i < calls->size(); ++i) {
    const Call& c = calls->at(i);
    auto local = FormatInZone(c.closes, "Europe/Brussels");
    ASSERT_TRUE(local);
    EXPECT_EQ(local->substr(10, 9), "T17:00:00") << c.title;
    EXPECT_EQ(c.definition["links"]["deadline_date"], local->substr(0, 10));
  }
}

ASTA_INSTANTIATE_APP_TEST(ProgrammesTest);

}  // namespace
}  // namespace asta::testing
