// The review module. Pure parts by hand: leniency calibration on a worked example, each
// conflict kind with its explanation and the policy's windows, the keyword-overlap
// affinity. The service on every storage backend: conflicts detected, declared and
// overridden with a reason; a conflict-free assignment within loads and an infeasible k
// explained; reviews validated by field name, frozen once submitted, refused after the
// deadline, closed to other reviewers and to a reviewer who declared a conflict;
// decisions over a funder's budget refused; release only when every proposal is
// decided; the applicant's outcome anonymised.
#include "modules/review/review.h"

#include <gtest/gtest.h>

#include "core/time.h"
#include "modules/review/conflicts.h"
#include "modules/review/scoring.h"
#include "tests/modules/fixture.h"

namespace asta::testing {
namespace {

using review::Calibrate;
using review::CoiPolicy;
using review::DetectConflicts;
using review::PersonFacts;
using review::ProposalFacts;
using review::TeamMember;

const audit::Actor kSystem = audit::Actor::System("review-test");

// ---- pure -------------------------------------------------------------------------------

TEST(Calibration, LeniencyIsTheMeanGapToTheOtherReviewersOnTheSameProposals) {
  // P1: A 4, B 2; P2: A 5, C 3; P3: B 3, C 3.
  // A: (4-2 + 5-3)/2 = 2; B: (2-4 + 3-3)/2 = -1; C: (3-5 + 3-3)/2 = -1.
  auto c =
      Calibrate({{1, 100, 4}, {1, 200, 2}, {2, 100, 5}, {2, 300, 3}, {3, 200, 3}, {3, 300, 3}});
  EXPECT_DOUBLE_EQ(c.leniency[100], 2.0);
  EXPECT_DOUBLE_EQ(c.leniency[200], -1.0);
  EXPECT_DOUBLE_EQ(c.leniency[300], -1.0);
  EXPECT_DOUBLE_EQ(c.raw_mean[1], 3.0);
  EXPECT_DOUBLE_EQ(c.raw_mean[2], 4.0);
  EXPECT_DOUBLE_EQ(c.raw_mean[3], 3.0);
  // Calibrated: P1 (2 + 3)/2, P2 (3 + 4)/2, P3 (4 + 4)/2: the order changes.
  EXPECT_DOUBLE_EQ(c.calibrated_mean[1], 2.5);
  EXPECT_DOUBLE_EQ(c.calibrated_mean[2], 3.5);
  EXPECT_DOUBLE_EQ(c.calibrated_mean[3], 4.0);
  // A reviewer alone on a proposal has no evidence of leniency.
  auto alone = Calibrate({{1, 100, 5}});
  EXPECT_DOUBLE_EQ(alone.leniency[100], 0.0);
  EXPECT_DOUBLE_EQ(alone.calibrated_mean[1], 5.0);
}

TEST(Affinity, KeywordOverlapPrefersTheReviewerWhoseWorkSharesTheTerms) {
  auto s = review::KeywordOverlapAffinity(
      {"Coastal flood forecasting and early warning", "東南アジアの洪水予測"},
      {"Flood forecasting for coastal cities; early warning systems", "Protein folding dynamics",
       "洪水予測モデルの研究"});
  EXPECT_GT(s[0][0], 0.2);
  EXPECT_EQ(s[0][1], 0.0);
  EXPECT_GT(s[0][0], s[0][2]);
  EXPECT_GT(s[1][2], 0.1) << "Japanese text matches by character pairs";
  EXPECT_EQ(s[1][1], 0.0);
  const auto terms = review::AffinityTerms("The Flood-forecasting of 洪水");
  EXPECT_EQ(terms, (std::vector<std::string>{"flood", "forecasting", "洪水"}));
}

PersonFacts Reviewer() {
  PersonFacts r;
  r.person_id = 10;
  r.user_id = 100;
  r.name = "Yamada Hanako";
  r.names = {"Yamada Hanako", "山田 花子"};
  r.emails = {"hanako@example.jp"};
  r.countries = {"JP"};
  r.affiliations = {{std::nullopt, "Tohoku University", "2010", "2021"},
                    {std::nullopt, "RIKEN", "2021", ""}};
  r.publications = {{"Flood maps from radar", "10.1000/flood", 2024, {"Somchai Jaidee"}},
                    {"Old work", "", 2012, {"Tran Van Minh"}}};
  return r;
}

TeamMember Member(const std::string& name, const std::string& org, const std::string& country,
                  const std::string& role = "member") {
  TeamMember m;
  m.role = role;
  m.organization = org;
  m.country = country;
  m.person.name = name;
  m.person.names = {name};
  m.person.countries = {country};
  return m;
}

std::vector<std::string> Kinds(const std::vector<review::DetectedConflict>& list) {
  std::vector<std::string> out;
  for (const auto& c : list) {
    EXPECT_FALSE(c.explanation.empty());
    EXPECT_FALSE(c.explanation_ja.empty());
    out.push_back(c.kind);
  }
  return out;
}

TEST(Conflicts, SameOrganisationNowOrWithinTheYears) {
  ProposalFacts p{1, "Flood", 500, {Member("Sato Kenichi", "RIKEN", "JP", "lead")}};
  auto found = DetectConflicts(Reviewer(), p, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(found), std::vector<std::string>{"same_organization"});
  EXPECT_NE(found[0].explanation.find("RIKEN"), std::string::npos) << found[0].explanation;
  EXPECT_NE(found[0].explanation.find("2021–present"), std::string::npos);
  EXPECT_NE(found[0].explanation_ja.find("RIKEN"), std::string::npos);
  // Tohoku University ended in 2021: outside 3 years, inside 5; never when not checked.
  ProposalFacts q{2, "Flood", 500, {Member("Sato Kenichi", "Tohoku University", "JP", "lead")}};
  EXPECT_TRUE(DetectConflicts(Reviewer(), q, {}, CoiPolicy{}, 2026).empty());
  CoiPolicy five;
  five.org_years = 5;
  EXPECT_EQ(Kinds(DetectConflicts(Reviewer(), q, {}, five, 2026)),
            std::vector<std::string>{"same_organization"});
  CoiPolicy off;
  off.org_years.reset();
  ProposalFacts now{3, "F", 500, {Member("Sato Kenichi", "RIKEN", "JP")}};
  EXPECT_TRUE(DetectConflicts(Reviewer(), now, {}, off, 2026).empty());
}

TEST(Conflicts, CoauthorshipWithinTheYearsEitherWay) {
  ProposalFacts p{1, "Rice", 500, {Member("Somchai Jaidee", "Mahidol University", "TH", "lead")}};
  auto found = DetectConflicts(Reviewer(), p, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(found), std::vector<std::string>{"coauthorship"});
  EXPECT_NE(found[0].explanation.find("Flood maps from radar"), std::string::npos);
  EXPECT_NE(found[0].explanation.find("2024"), std::string::npos);
  // The 2012 paper with Tran Van Minh is too old.
  ProposalFacts old{2, "x", 500, {Member("Trần Văn Minh", "VNU", "VN")}};
  EXPECT_TRUE(DetectConflicts(Reviewer(), old, {}, CoiPolicy{}, 2026).empty());
  // The member's paper names the reviewer.
  TeamMember m = Member("Nguyen Thi Lan", "Hue University", "VN");
  m.person.publications = {{"Joint survey", "", 2025, {"山田 花子"}}};
  ProposalFacts theirs{3, "x", 500, {m}};
  EXPECT_EQ(Kinds(DetectConflicts(Reviewer(), theirs, {}, CoiPolicy{}, 2026)),
            std::vector<std::string>{"coauthorship"});
  CoiPolicy off;
  off.coauthor_years.reset();
  EXPECT_TRUE(DetectConflicts(Reviewer(), p, {}, off, 2026).empty());
}

TEST(Conflicts, CoProposersOnThisOrAnotherProposalOfTheCall) {
  TeamMember me = Member("Yamada Hanako", "Hokkaido University", "JP");
  me.person.emails = {"hanako@example.jp"};
  ProposalFacts mine{
      1, "Mine", 500, {Member("Le Thi Mai", "Can Tho University", "VN", "lead"), me}};
  auto found = DetectConflicts(Reviewer(), mine, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(found), std::vector<std::string>{"co_proposer"});
  EXPECT_NE(found[0].explanation.find("this proposal's team"), std::string::npos);
  // Another proposal with Le Thi Mai: the reviewer is with her on proposal 1.
  ProposalFacts other{2, "Other", 501, {Member("Lê Thị Mai", "Can Tho University", "VN", "lead")}};
  auto via = DetectConflicts(Reviewer(), other, {mine, other}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(via), std::vector<std::string>{"co_proposer"});
  EXPECT_NE(via[0].explanation.find("proposal 1"), std::string::npos) << via[0].explanation;
  CoiPolicy off;
  off.co_proposers = false;
  EXPECT_TRUE(DetectConflicts(Reviewer(), other, {mine, other}, off, 2026).empty());
  // The reviewer owns the proposal.
  ProposalFacts owned{3, "Owned", 100, {Member("Someone Else", "X", "JP")}};
  EXPECT_EQ(Kinds(DetectConflicts(Reviewer(), owned, {}, CoiPolicy{}, 2026)),
            std::vector<std::string>{"co_proposer"});
}

TEST(Conflicts, SamePersonUnderAnotherRecord) {
  TeamMember twin = Member("H. Yamada", "Somewhere", "JP");
  twin.person.person_id = 77;  // another network record
  twin.person.emails = {"hanako@example.jp"};
  ProposalFacts p{1, "x", 500, {twin}};
  auto found = DetectConflicts(Reviewer(), p, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(found), std::vector<std::string>{"same_person"});
  EXPECT_NE(found[0].explanation.find("77"), std::string::npos);
  EXPECT_NE(found[0].explanation.find("hanako@example.jp"), std::string::npos);
  CoiPolicy off;
  off.same_person = false;
  EXPECT_TRUE(DetectConflicts(Reviewer(), p, {}, off, 2026).empty());
  // Somebody else entirely.
  ProposalFacts none{2, "x", 500, {Member("Ahmed Mansour", "Cairo University", "EG")}};
  EXPECT_TRUE(DetectConflicts(Reviewer(), none, {}, CoiPolicy{}, 2026).empty());
}

PersonFacts::Relation Supervision(const std::string& kind, std::optional<std::int64_t> id,
                                  const std::string& name, const std::string& email,
                                  std::optional<int> from, std::optional<int> to) {
  return {kind, "doctoral", id, name, email, from, to};
}

TEST(Conflicts, AdvisorOnTheReviewersRecordByIdEmailOrName) {
  // The reviewer supervised Sato Kenichi (network record 42), 2015–2019.
  PersonFacts r = Reviewer();
  r.relations = {Supervision("advisee", 42, "", "", 2015, 2019)};
  TeamMember sato = Member("Sato Kenichi", "Osaka University", "JP", "lead");
  sato.person.person_id = 42;
  ProposalFacts p{1, "x", 500, {sato}};
  auto found = DetectConflicts(r, p, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(found), std::vector<std::string>{"advisor"});
  EXPECT_NE(found[0].explanation.find("Reviewer Yamada Hanako supervised team member Sato "
                                      "Kenichi (lead) (doctoral, 2015–2019)"),
            std::string::npos)
      << found[0].explanation;
  EXPECT_NE(found[0].explanation.find("network record 42"), std::string::npos);
  EXPECT_NE(found[0].explanation_ja.find("を指導しました（博士課程、2015年〜2019年）"),
            std::string::npos)
      << found[0].explanation_ja;
  // Another network record is another person, even with the same name.
  sato.person.person_id = 43;
  EXPECT_TRUE(
      DetectConflicts(r, ProposalFacts{1, "x", 500, {sato}}, {}, CoiPolicy{}, 2026).empty());

  // By e-mail: the member is not in the network; "advisor" means Sato supervised her.
  r.relations = {Supervision("advisor", std::nullopt, "K. Sato", "ksato@example.jp", 2005, 2009)};
  TeamMember by_mail = Member("Kenichi Sato", "Osaka University", "JP");
  by_mail.person.emails = {"ksato@example.jp"};
  auto mail = DetectConflicts(r, ProposalFacts{2, "x", 500, {by_mail}}, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(mail), std::vector<std::string>{"advisor"});
  EXPECT_NE(mail[0].explanation.find("was supervised by team member Kenichi Sato"),
            std::string::npos)
      << mail[0].explanation;
  EXPECT_NE(mail[0].explanation.find("e-mail ksato@example.jp"), std::string::npos);
  EXPECT_NE(mail[0].explanation_ja.find("の指導を受けました"), std::string::npos);

  // By name (the name engine): written in another script.
  r.relations = {Supervision("advisee", std::nullopt, "佐藤 健一", "", 2016, std::nullopt)};
  TeamMember by_name = Member("Sato Kenichi", "Osaka University", "JP", "applicant");
  by_name.person.names = {"Sato Kenichi", "佐藤 健一"};
  auto named = DetectConflicts(r, ProposalFacts{3, "x", 500, {by_name}}, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(named), std::vector<std::string>{"advisor"});
  EXPECT_NE(named[0].explanation.find("the applicant Sato Kenichi"), std::string::npos);
  // Somebody else by name is not matched.
  EXPECT_TRUE(DetectConflicts(r,
                              ProposalFacts{4, "x", 500, {Member("Ahmed Mansour", "Cairo", "EG")}},
                              {}, CoiPolicy{}, 2026)
                  .empty());
}

TEST(Conflicts, AdvisorOnTheMembersRecordAndTheWindow) {
  // The member's record says the reviewer (network record 10) was their advisor.
  TeamMember m = Member("Nguyen Van An", "Hanoi University of Science", "VN", "lead");
  m.person.person_id = 55;
  m.person.relations = {Supervision("advisor", 10, "", "", 2008, 2012)};
  ProposalFacts p{1, "x", 500, {m}};
  auto ever = DetectConflicts(Reviewer(), p, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(ever), std::vector<std::string>{"advisor"}) << "supervision counts for ever";
  EXPECT_NE(ever[0].explanation.find("supervised team member Nguyen Van An"), std::string::npos)
      << ever[0].explanation;
  EXPECT_NE(ever[0].explanation.find("the team member's record"), std::string::npos);
  // The member supervised the reviewer, named by e-mail.
  m.person.relations = {
      Supervision("advisee", std::nullopt, "Hanako Y.", "hanako@example.jp", 2000, 2004)};
  auto theirs = DetectConflicts(Reviewer(), ProposalFacts{1, "x", 500, {m}}, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(theirs), std::vector<std::string>{"advisor"});
  EXPECT_NE(theirs[0].explanation.find("was supervised by"), std::string::npos);
  // With a window of 10 years the supervision that ended in 2012 is outside; inside 15.
  m.person.relations = {Supervision("advisor", 10, "", "", 2008, 2012)};
  ProposalFacts q{1, "x", 500, {m}};
  CoiPolicy ten;
  ten.advisor_years = 10;
  EXPECT_TRUE(DetectConflicts(Reviewer(), q, {}, ten, 2026).empty());
  CoiPolicy fifteen;
  fifteen.advisor_years = 15;
  auto inside = DetectConflicts(Reviewer(), q, {}, fifteen, 2026);
  ASSERT_EQ(Kinds(inside), std::vector<std::string>{"advisor"});
  EXPECT_NE(inside[0].explanation.find("within 15 years"), std::string::npos);
  CoiPolicy off;
  off.advisor = false;
  EXPECT_TRUE(DetectConflicts(Reviewer(), q, {}, off, 2026).empty());
}

TEST(Conflicts, SameProjectByIdentifierOrNameWithinTheYears) {
  PersonFacts r = Reviewer();
  r.projects = {{"Mekong Delta Resilience", "JPMJSA 1902", 2019, 2023}};
  TeamMember m = Member("Tran Thi Hoa", "Can Tho University", "VN", "lead");
  m.person.projects = {{"Delta resilience consortium", "jpmjsa-1902", 2020, 2024}};
  ProposalFacts p{1, "x", 500, {m}};
  auto found = DetectConflicts(r, p, {}, CoiPolicy{}, 2026);
  ASSERT_EQ(Kinds(found), std::vector<std::string>{"same_project"})
      << "the same identifier, written differently";
  EXPECT_NE(found[0].explanation.find("worked on the same project “Mekong Delta Resilience” "
                                      "(JPMJSA 1902)"),
            std::string::npos)
      << found[0].explanation;
  EXPECT_NE(found[0].explanation.find("the reviewer 2019–2023, Tran Thi Hoa 2020–2024"),
            std::string::npos);
  EXPECT_NE(found[0].explanation_ja.find("同じプロジェクト「Mekong Delta Resilience」"),
            std::string::npos)
      << found[0].explanation_ja;
  // Different identifiers are different projects, whatever the names.
  m.person.projects = {{"Mekong Delta Resilience", "JPMJSA 2001", 2020, 2024}};
  EXPECT_TRUE(DetectConflicts(r, ProposalFacts{1, "x", 500, {m}}, {}, CoiPolicy{}, 2026).empty());
  // Without identifiers, by name after case and punctuation are set aside.
  m.person.projects = {{"mekong-delta  resilience", "", 2021, std::nullopt}};
  EXPECT_EQ(Kinds(DetectConflicts(r, ProposalFacts{1, "x", 500, {m}}, {}, CoiPolicy{}, 2026)),
            std::vector<std::string>{"same_project"});
  // Times that do not overlap are not a shared project.
  m.person.projects = {{"Mekong Delta Resilience", "", 2010, 2015}};
  EXPECT_TRUE(DetectConflicts(r, ProposalFacts{1, "x", 500, {m}}, {}, CoiPolicy{}, 2026).empty());
  // An overlap that ended in 2020: outside 5 years, inside 10, and counted with no window.
  r.projects = {{"Mekong Delta Resilience", "", 2016, 2020}};
  m.person.projects = {{"Mekong Delta Resilience", "", 2018, 2022}};
  ProposalFacts q{1, "x", 500, {m}};
  EXPECT_TRUE(DetectConflicts(r, q, {}, CoiPolicy{}, 2026).empty());
  CoiPolicy ten;
  ten.project_years = 10;
  EXPECT_EQ(Kinds(DetectConflicts(r, q, {}, ten, 2026)), std::vector<std::string>{"same_project"});
  CoiPolicy ever;
  ever.project_years.reset();
  EXPECT_EQ(Kinds(DetectConflicts(r, q, {}, ever, 2026)), std::vector<std::string>{"same_project"});
  CoiPolicy off = ever;
  off.same_project = false;
  EXPECT_TRUE(DetectConflicts(r, q, {}, off, 2026).empty());
}

// ---- the service on every backend ------------------------------------------------------

class ReviewTest : public AppTest {
 protected:
  review::ReviewService& svc() { return app_->review(); }
  programmes::ProgrammesService& pg() { return app_->programmes(); }

  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    pg().set_clock([this] { return now_; });
    svc().set_clock([this] { return now_; });
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
    in.name = "Joint research";
    auto prog = pg().CreateProgramme(kSystem, in);
    ASSERT_TRUE(prog) << prog.error().ToString();
    Json def{
        {"programme_id", prog->id},
        {"title", "Call 2027"},
        {"opens", "2026-11-01T10:00:00"},
        {"closes", "2027-03-31T17:00:00"},
        {"time_zone", "Asia/Tokyo"},
        {"funding_model", "virtual_common_pot"},
        {"funders", Json::array({Json{{"agency", "JST"},
                                      {"currency", "JPY"},
                                      {"budget", 10000000},
                                      {"countries", {"JP", "VN"}}},
                                 Json{{"agency", "NSTDA"},
                                      {"currency", "THB"},
                                      {"budget", 1000000},
                                      {"countries", {"TH"}}}})},
        {"rules", Json::array({Json{{"kind", "budget_currency"}}})},
        {"criteria",
         Json::array(
             {Json{{"key", "excellence"},
                   {"title_en", "Excellence"},
                   {"weight", 2},
                   {"scale_max", 5}},
              Json{{"key", "impact"}, {"title_en", "Impact"}, {"weight", 1}, {"scale_max", 5}}})}};
    auto call = pg().CreateCall(kSystem, def);
    ASSERT_TRUE(call) << call.error().ToString();
    call_ = call->id;

    // Reviewers with network profiles.
    r1_ = MakeReviewer("hanako@rev.example", "Yamada Hanako", "JP",
                       {{"", "Tohoku University", "", "2010", "2021"}},
                       {{"Flood forecasting with radar",
                         "Coastal flood forecasting.",
                         "",
                         2024,
                         {"Somchai Jaidee"}}});
    r2_ = MakeReviewer("minsu@rev.example", "Kim Minsu", "KR",
                       {{"", "Mahidol University", "", "2019", ""}},
                       {{"Drought tolerant rice", "Rice genomics.", "", 2022, {}}});
    r3_ = MakeReviewer("mai@rev.example", "Le Thi Mai", "VN",
                       {{"", "Can Tho University", "", "2015", ""}},
                       {{"River sensors", "Low-cost river sensors.", "", 2023, {}}});
    r4_ = MakeReviewer("anna@rev.example", "Anna Mueller", "DE",
                       {{"", "Karlsruhe Institute of Technology", "", "2012", ""}},
                       {{"Sensor networks", "Wireless sensors for rivers.", "", 2020, {}}});
    r5_ = MakeReviewer("wei@rev.example", "Chen Wei", "CN",
                       {{"", "Tsinghua University", "", "2012", ""}},
                       {{"Flood models", "Hydrological flood models.", "", 2021, {}}});
    // Anna Mueller under a second record (not linked to her account), same e-mail.
    network::PersonRecord twin;
    twin.source_id = "twin";
    twin.name = "A. Müller";
    twin.latin_name = "A. Mueller";
    twin.emails = {"anna@rev.example"};
    twin.nationality = "DE";
    auto twin_person = app_->network().CreatePerson(kSystem, twin, std::nullopt);
    ASSERT_TRUE(twin_person) << twin_person.error().ToString();
    twin_ = twin_person->id;

    a1_ = MakeUser("a1@app.example", "Applicant One");
    a2_ = MakeUser("a2@app.example", "Applicant Two");
    a3_ = MakeUser("a3@app.example", "Applicant Three");
    p1_ = Submit(a1_, "Coastal flood forecasting",
                 Json::array({Json{{"name", "Sato Kenichi"},
                                   {"role", "lead"},
                                   {"country", "JP"},
                                   {"organization", "Tohoku University"}}}),
                 Json::array({Line("JST", 6000000, "JPY")}));
    p2_ = Submit(a2_, "Rice genomics for drought",
                 Json::array({Json{{"name", "Somchai Jaidee"},
                                   {"role", "lead"},
                                   {"country", "TH"},
                                   {"organization", "Mahidol University"}},
                              Json{{"name", "A. Müller"},
                                   {"role", "member"},
                                   {"country", "DE"},
                                   {"person_id", twin_person->id}}}),
                 Json::array({Line("JST", 5000000, "JPY"), Line("NSTDA", 500000, "THB")}));
    p3_ =
        Submit(a3_, "River sensors in the delta",
               Json::array({Json{{"name", "Le Thi Mai"},
                                 {"role", "lead"},
                                 {"country", "VN"},
                                 {"email", "mai@rev.example"},
                                 {"organization", "Can Tho University"}},
                            Json{{"name", "Sato Kenichi"}, {"role", "member"}, {"country", "JP"}}}),
               Json::array({Line("JST", 3000000, "JPY")}));
    for (std::int64_t r : {r1_, r2_, r3_, r4_, r5_}) {
      auto inv = svc().Invite(kSystem, call_, Json{{"user_id", r}});
      ASSERT_TRUE(inv) << inv.error().ToString();
      auto ok = svc().Answer(audit::Actor{r, "r"}, inv->at("id").get<std::int64_t>(), true);
      ASSERT_TRUE(ok) << ok.error().ToString();
    }
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

  std::int64_t MakeReviewer(const std::string& email, const std::string& name,
                            const std::string& country,
                            std::vector<network::Affiliation> affiliations,
                            std::vector<network::Publication> pubs) {
    audit::Actor a = MakeUser(email, name);
    EXPECT_TRUE(app_->accounts().GrantRole(kSystem, *a.user_id, api::Role::kReviewer, "self", ""));
    network::PersonRecord p;
    p.source_id = email;
    p.name = name;
    p.emails = {email};
    p.nationality = country;
    p.affiliations = std::move(affiliations);
    p.publications = std::move(pubs);
    auto person = app_->network().CreatePerson(kSystem, p, *a.user_id);
    EXPECT_TRUE(person) << (person ? "" : person.error().ToString());
    return *a.user_id;
  }

  static Json Line(const char* funder, std::int64_t amount, const char* currency) {
    return Json{{"funder", funder},
                {"year", 2027},
                {"category", "personnel"},
                {"amount", amount},
                {"currency", currency}};
  }

  std::int64_t Submit(const audit::Actor& owner, const std::string& title, Json team, Json budget) {
    Json content{{"title", title},
                 {"abstract", title + " with partners."},
                 {"team", team},
                 {"budget", budget}};
    auto p = pg().CreateProposal(owner, call_, content);
    EXPECT_TRUE(p) << (p ? "" : p.error().ToString());
    if (!p) return 0;
    auto done = pg().Submit(owner, p->id, p->version, "");
    EXPECT_TRUE(done) << (done ? "" : done.error().ToString());
    return p->id;
  }

  std::set<std::tuple<std::int64_t, std::int64_t, std::string>> ConflictSet() {
    auto list = svc().Conflicts(call_);
    EXPECT_TRUE(list) << (list ? "" : list.error().ToString());
    std::set<std::tuple<std::int64_t, std::int64_t, std::string>> out;
    if (!list) return out;
    for (const auto& c : *list) {
      EXPECT_FALSE(c.explanation.empty());
      EXPECT_FALSE(c.explanation_ja.empty());
      if (!c.overridden) out.insert({c.proposal_id, c.reviewer_user_id, c.kind});
    }
    return out;
  }

  Json ComputeOk(int k, int max_load) {
    EXPECT_TRUE(svc().PutSettings(kSystem, call_, Json{{"k", k}, {"max_load", max_load}}));
    auto r = svc().Compute(kSystem, call_, {});
    EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
    if (!r) return Json();
    EXPECT_TRUE(r->reasons.empty()) << Json(r->reasons).dump();
    auto list = svc().Assignments(call_);
    EXPECT_TRUE(list);
    return list ? (*list)["items"] : Json();
  }

  std::int64_t call_ = 0, r1_ = 0, r2_ = 0, r3_ = 0, r4_ = 0, r5_ = 0, p1_ = 0, p2_ = 0, p3_ = 0;
  std::int64_t twin_ = 0;  // Anna Mueller's second record, on proposal 2's team
  audit::Actor a1_, a2_, a3_;
  std::int64_t now_ = 1796000000;  // 2026-11-30
};

TEST_P(ReviewTest, ConflictsAreDetectedDeclaredAndOverridden) {
  auto c = ConflictSet();
  EXPECT_TRUE(c.count({p2_, r1_, "coauthorship"}));
  EXPECT_TRUE(c.count({p2_, r2_, "same_organization"}));
  EXPECT_TRUE(c.count({p3_, r3_, "co_proposer"}));
  EXPECT_TRUE(c.count({p1_, r3_, "co_proposer"})) << "with Sato Kenichi on proposal 3";
  EXPECT_TRUE(c.count({p2_, r4_, "same_person"}));
  EXPECT_FALSE(c.count({p1_, r1_, "same_organization"})) << "Tohoku ended in 2021";
  std::string all;
  for (const auto& [p, r, kind] : c) {
    all += std::to_string(p) + "/" + std::to_string(r) + "/" + kind + " ";
  }
  EXPECT_EQ(c.size(), 5u) << all;
  // A wider window finds Tohoku University.
  ASSERT_TRUE(svc().PutSettings(kSystem, call_, Json{{"coi", Json{{"org_years", 6}}}}));
  EXPECT_TRUE(ConflictSet().count({p1_, r1_, "same_organization"}));
  auto bad = svc().PutSettings(kSystem, call_, Json{{"coi", Json{{"org_years", -1}}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "coi.org_years");

  // The applicant declares Chen Wei by name.
  auto declared =
      svc().DeclareByApplicant(a1_, p1_, Json{{"name", "Chen Wei"}, {"reason", "rival"}});
  ASSERT_TRUE(declared) << declared.error().ToString();
  EXPECT_TRUE(ConflictSet().count({p1_, r5_, "declared"}));
  auto stranger = svc().DeclareByApplicant(a2_, p1_, Json{{"name", "Chen Wei"}, {"reason", "x"}});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, ErrorCode::kNotFound);

  // An override needs a reason and is recorded; removing it restores the exclusion.
  auto no_reason =
      svc().Override(kSystem, call_, Json{{"proposal_id", p2_}, {"reviewer_user_id", r2_}});
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "reason");
  auto lifted = svc().Override(
      kSystem, call_,
      Json{{"proposal_id", p2_}, {"reviewer_user_id", r2_}, {"reason", "different department"}});
  ASSERT_TRUE(lifted) << lifted.error().ToString();
  EXPECT_TRUE(lifted->overridden);
  EXPECT_FALSE(ConflictSet().count({p2_, r2_, "same_organization"}));
  auto entries = audit::List(app_->db(), {std::nullopt, 50, "proposal", std::to_string(p2_)});
  ASSERT_TRUE(entries);
  bool audited = false;
  for (const auto& e : *entries) audited |= e.action == "review.conflict_override";
  EXPECT_TRUE(audited);
  ASSERT_TRUE(svc().RemoveOverride(kSystem, call_, p2_, r2_));
  EXPECT_TRUE(ConflictSet().count({p2_, r2_, "same_organization"}));
  auto none = svc().Override(
      kSystem, call_, Json{{"proposal_id", p1_}, {"reviewer_user_id", r2_}, {"reason", "x"}});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST_P(ReviewTest, SupervisionAndSharedProjectsOnNetworkRecordsAreConflicts) {
  // Kim Minsu supervised Sato Kenichi (not in the network: by name), who is on proposals 1
  // and 3; Chen Wei and Le Thi Mai (on proposal 3, linked by e-mail) share a grant.
  auto kim = app_->network().FindPersonByUser(r2_);
  ASSERT_TRUE(kim && *kim);
  network::PersonRecord rec = (*kim)->record;
  rec.relations = {{"advisee", "doctoral", std::nullopt, "Sato Kenichi", "", 2014, 2018}};
  ASSERT_TRUE(app_->network().UpdatePerson(kSystem, (*kim)->id, rec, std::nullopt));
  auto chen = app_->network().FindPersonByUser(r5_);
  auto mai = app_->network().FindPersonByUser(r3_);
  ASSERT_TRUE(chen && *chen && mai && *mai);
  rec = (*chen)->record;
  rec.projects = {{"Delta flood observatory", "JPMJSA-2201", 2022, std::nullopt}};
  ASSERT_TRUE(app_->network().UpdatePerson(kSystem, (*chen)->id, rec, std::nullopt));
  rec = (*mai)->record;
  rec.projects = {{"Mekong observatory", "jpmjsa 2201", 2023, 2025}};
  ASSERT_TRUE(app_->network().UpdatePerson(kSystem, (*mai)->id, rec, std::nullopt));

  auto c = ConflictSet();
  EXPECT_TRUE(c.count({p1_, r2_, "advisor"}));
  EXPECT_TRUE(c.count({p3_, r2_, "advisor"}));
  EXPECT_TRUE(c.count({p3_, r5_, "same_project"}));
  auto list = svc().Conflicts(call_);
  ASSERT_TRUE(list);
  bool explained = false;
  for (const auto& item : *list) {
    if (item.kind != "advisor" || item.proposal_id != p1_) continue;
    explained = true;
    EXPECT_NE(item.explanation.find("Reviewer Kim Minsu supervised team member Sato Kenichi "
                                    "(lead) (doctoral, 2014–2018)"),
              std::string::npos)
        << item.explanation;
    EXPECT_NE(item.explanation_ja.find("を指導しました"), std::string::npos);
  }
  EXPECT_TRUE(explained);

  // The call's policy: supervision within 5 years (it ended in 2018), projects off.
  auto set = svc().PutSettings(kSystem, call_,
                               Json{{"coi", Json{{"advisor_years", 5}, {"same_project", false}}}});
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->coi.advisor_years, 5);
  c = ConflictSet();
  EXPECT_FALSE(c.count({p1_, r2_, "advisor"}));
  EXPECT_FALSE(c.count({p3_, r5_, "same_project"}));
  auto stored = svc().GetSettings(call_);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->coi.advisor_years, 5);
  EXPECT_EQ(stored->coi.project_years, 5) << "the default, kept";
  auto bad = svc().PutSettings(kSystem, call_, Json{{"coi", Json{{"project_years", "ever"}}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "coi.project_years");
  // null: ever.
  ASSERT_TRUE(svc().PutSettings(
      kSystem, call_, Json{{"coi", Json{{"advisor_years", nullptr}, {"same_project", true}}}}));
  c = ConflictSet();
  EXPECT_TRUE(c.count({p1_, r2_, "advisor"}));
  EXPECT_TRUE(c.count({p3_, r5_, "same_project"}));
}

// The team members' facts are kept between requests (review.h members_cache_) but never
// outlive a change in the network: a project added to a team member's record after the
// conflicts were computed is a conflict at the next check, in the list and for access.
TEST_P(ReviewTest, ANetworkChangeAfterACheckIsSeenByTheNext) {
  auto chen = app_->network().FindPersonByUser(r5_);
  ASSERT_TRUE(chen && *chen);
  network::PersonRecord rec = (*chen)->record;
  rec.projects = {{"Rice drought network", "", 2020, std::nullopt}};
  ASSERT_TRUE(app_->network().UpdatePerson(kSystem, (*chen)->id, rec, std::nullopt));
  auto before = ConflictSet();
  EXPECT_FALSE(before.count({p2_, r5_, "same_project"}));
  auto access = svc().AccessOf(r5_, p2_);
  ASSERT_TRUE(access) << access.error().ToString();
  EXPECT_EQ(*access, review::ReviewerAccess::kUnassigned);
  // The member's record (proposal 2's "A. Müller") gains the same project.
  auto twin = app_->network().GetPerson(twin_);
  ASSERT_TRUE(twin) << twin.error().ToString();
  rec = twin->record;
  rec.projects = {{"Rice drought network", "", 2021, std::nullopt}};
  ASSERT_TRUE(app_->network().UpdatePerson(kSystem, twin_, rec, std::nullopt));
  auto after = ConflictSet();
  EXPECT_TRUE(after.count({p2_, r5_, "same_project"}));
  access = svc().AccessOf(r5_, p2_);
  ASSERT_TRUE(access) << access.error().ToString();
  EXPECT_EQ(*access, review::ReviewerAccess::kConflicted);
  // And back.
  rec.projects.clear();
  ASSERT_TRUE(app_->network().UpdatePerson(kSystem, twin_, rec, std::nullopt));
  EXPECT_FALSE(ConflictSet().count({p2_, r5_, "same_project"}));
}

TEST_P(ReviewTest, AssignmentIsConflictFreeWithinLoadsAndInfeasibilityIsExplained) {
  const auto conflicts = ConflictSet();
  Json items = ComputeOk(2, 2);
  ASSERT_EQ(items.size(), 6u);
  std::map<std::int64_t, int> per_p, per_r;
  for (const Json& a : items) {
    const std::int64_t p = a["proposal_id"], r = a["reviewer_user_id"];
    for (const auto& [cp, cr, kind] : conflicts) {
      EXPECT_FALSE(cp == p && cr == r) << "conflicted pair assigned: " << a.dump();
    }
    ++per_p[p];
    ++per_r[r];
  }
  for (const auto& [p, n] : per_p) EXPECT_EQ(n, 2);
  for (const auto& [r, n] : per_r) EXPECT_LE(n, 2);
  // Proposal 2 has two conflict-free reviewers (3 and 5): k = 3 cannot be met.
  ASSERT_TRUE(svc().PutSettings(kSystem, call_, Json{{"k", 3}}));
  auto infeasible = svc().Compute(kSystem, call_, {});
  ASSERT_TRUE(infeasible);
  ASSERT_FALSE(infeasible->reasons.empty());
  EXPECT_NE(Json(infeasible->reasons).dump().find("p " + std::to_string(p2_)), std::string::npos)
      << Json(infeasible->reasons).dump();
  // The assignment stored before is untouched.
  EXPECT_EQ((*svc().Assignments(call_))["items"].size(), 6u);
  // Overriding Anna Mueller's conflict makes k = 3 possible.
  ASSERT_TRUE(svc().Override(
      kSystem, call_,
      Json{{"proposal_id", p2_}, {"reviewer_user_id", r4_}, {"reason", "checked: two people"}}));
  Json three = ComputeOk(3, 2);
  EXPECT_EQ(three.size(), 9u);
  // The fair mode raises the worst-served proposal first: never below the total mode's.
  auto total = svc().Compute(kSystem, call_, {});
  ASSERT_TRUE(total && total->reasons.empty());
  auto fair = svc().Compute(kSystem, call_, {false, std::nullopt, std::string("fair")});
  ASSERT_TRUE(fair) << fair.error().ToString();
  ASSERT_TRUE(fair->reasons.empty()) << Json(fair->reasons).dump();
  EXPECT_EQ(fair->summary["mode"], "fair");
  EXPECT_GE(fair->summary["min_proposal_affinity"].get<double>() + 1e-9,
            total->summary["min_proposal_affinity"].get<double>());
  EXPECT_LE(fair->summary["total_affinity"].get<double>(),
            total->summary["total_affinity"].get<double>() + 1e-9);
}

TEST_P(ReviewTest, DiversityKeepsReviewersFromOutsideTheApplicantsCountries) {
  // k = 2, both from outside the team's countries: Yamada Hanako (JP) reviews neither the
  // Japanese-led proposal 1 nor proposal 3 (VN, JP), and conflicts with proposal 2.
  ASSERT_TRUE(svc().PutSettings(kSystem, call_,
                                Json{{"diversity", Json{{"outside_applicant_countries", 2}}}}));
  Json items = ComputeOk(2, 2);
  ASSERT_EQ(items.size(), 6u);
  for (const Json& a : items) EXPECT_NE(a["reviewer_user_id"], r1_) << a.dump();
  // Three from outside cannot be met with k = 2 … nor asked for.
  auto bad = svc().PutSettings(kSystem, call_,
                               Json{{"diversity", Json{{"outside_applicant_countries", 3}}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "diversity.outside_applicant_countries");
  // Keeping the assignment: nothing moves when nothing changed.
  auto kept = svc().Compute(kSystem, call_, {true, 1.0, std::nullopt});
  ASSERT_TRUE(kept) << kept.error().ToString();
  ASSERT_TRUE(kept->reasons.empty());
  EXPECT_EQ(kept->summary["moved"], 0);
  EXPECT_EQ(kept->summary["kept"], 6);
}

TEST_P(ReviewTest, ReviewsAreValidatedByFieldFrozenAndKeepTheDeadline) {
  ASSERT_TRUE(
      svc().PutSettings(kSystem, call_, Json{{"review_deadline", "2026-12-31T17:00:00+09:00"}}));
  Json items = ComputeOk(2, 2);
  ASSERT_FALSE(items.empty());
  const std::int64_t aid = items[0]["id"], reviewer = items[0]["reviewer_user_id"];
  const audit::Actor me{reviewer, "me"};
  auto bad = svc().SaveReview(me, aid, Json{{"scores", Json{{"excellence", 6}}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "scores.excellence");
  bad = svc().SaveReview(me, aid, Json{{"scores", Json{{"novelty", 3}}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "scores.novelty");
  bad = svc().SaveReview(me, aid, Json{{"scores", Json{{"excellence", 2.5}}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "scores.excellence");
  ASSERT_TRUE(svc().SaveReview(me, aid, Json{{"scores", Json{{"excellence", 4}}}}));
  auto submit = svc().SubmitReview(me, aid);
  ASSERT_FALSE(submit);
  EXPECT_EQ(submit.error().field, "scores.impact");
  ASSERT_TRUE(svc().SaveReview(me, aid, Json{{"scores", Json{{"excellence", 4}, {"impact", 3}}}}));
  submit = svc().SubmitReview(me, aid);
  ASSERT_FALSE(submit);
  EXPECT_EQ(submit.error().field, "comment_to_applicant");
  ASSERT_TRUE(svc().SaveReview(me, aid, Json{{"comment_to_applicant", "Solid plan."}}));
  auto done = svc().SubmitReview(me, aid);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ((*done)["review"]["status"], "submitted");
  auto frozen = svc().SaveReview(me, aid, Json{{"comment_to_applicant", "Changed."}});
  ASSERT_FALSE(frozen);
  EXPECT_EQ(frozen.error().code, ErrorCode::kFailedPrecondition);

  // A reminder goes to every reviewer with reviews due, not to the one who submitted all.
  auto reminded = svc().Remind(kSystem, call_);
  ASSERT_TRUE(reminded) << reminded.error().ToString();
  std::set<std::int64_t> due;
  for (const Json& a : items) {
    if (a["id"] != aid) due.insert(a["reviewer_user_id"].get<std::int64_t>());
  }
  ASSERT_EQ((*reminded)["reminded"].size(), due.size()) << reminded->dump();
  for (const Json& r : (*reminded)["reminded"]) EXPECT_GE(r["due"].get<int>(), 1);
  auto pool = svc().Reviewers(call_);
  ASSERT_TRUE(pool);
  int with_reminder = 0;
  for (const Json& m : (*pool)["items"]) with_reminder += m["reminded_at"].is_string() ? 1 : 0;
  EXPECT_EQ(with_reminder, static_cast<int>(due.size()));

  // Another reviewer cannot open it.
  std::int64_t other = 0;
  for (std::int64_t r : {r1_, r2_, r3_, r4_, r5_}) {
    if (r != reviewer) other = r;
  }
  auto foreign = svc().GetReview(other, aid);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kPermissionDenied);

  // A second assignment: after the deadline nothing is saved.
  const std::int64_t aid2 = items[1]["id"], reviewer2 = items[1]["reviewer_user_id"];
  now_ = *ParseIso8601("2026-12-31T08:00:01Z");
  auto late = svc().SaveReview({reviewer2, "r"}, aid2, Json{{"comment_to_applicant", "late"}});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(late.error().message.find("deadline"), std::string::npos);

  // Declaring a conflict withdraws the assignment and closes the proposal to the reviewer.
  const std::int64_t pid2 = items[1]["proposal_id"];
  EXPECT_EQ(*svc().AccessOf(reviewer2, pid2), review::ReviewerAccess::kAssigned);
  auto reason = svc().DeclareByReviewer({reviewer2, "r"}, aid2, Json::object());
  ASSERT_FALSE(reason);
  EXPECT_EQ(reason.error().field, "reason");
  ASSERT_TRUE(
      svc().DeclareByReviewer({reviewer2, "r"}, aid2, Json{{"reason", "my former student"}}));
  EXPECT_EQ(*svc().AccessOf(reviewer2, pid2), review::ReviewerAccess::kConflicted);
  auto closed = svc().GetReview(reviewer2, aid2);
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, ErrorCode::kPermissionDenied);
  bool declared = false;
  auto listed = svc().Conflicts(call_);
  ASSERT_TRUE(listed);
  for (const auto& c : *listed) {
    declared |= c.proposal_id == pid2 && c.reviewer_user_id == reviewer2 &&
                c.source == "declared_by_reviewer" &&
                c.explanation.find("my former student") != std::string::npos;
  }
  EXPECT_TRUE(declared);
}

TEST_P(ReviewTest, PanelDecisionsWithinBudgetsReleaseAndAnonymisedOutcome) {
  Json items = ComputeOk(2, 2);
  ASSERT_EQ(items.size(), 6u);
  // Every reviewer scores excellence 4 and impact 1 (weighted (8 + 1) / 3 = 3), except
  // the first, who gives 5 and 5.
  const std::int64_t lenient = items[0]["reviewer_user_id"];
  for (const Json& a : items) {
    const std::int64_t r = a["reviewer_user_id"];
    const int e = r == lenient ? 5 : 4, i = r == lenient ? 5 : 1;
    ASSERT_TRUE(svc().SaveReview({r, "r"}, a["id"],
                                 Json{{"scores", Json{{"excellence", e}, {"impact", i}}},
                                      {"comment_to_applicant", "Comment " + std::to_string(r)},
                                      {"confidential_comment", "SECRET"}}));
    ASSERT_TRUE(svc().SubmitReview({r, "r"}, a["id"]));
  }
  auto panel = svc().Panel(call_);
  ASSERT_TRUE(panel) << panel.error().ToString();
  std::vector<review::ScoredReview> scored;
  for (const Json& a : items) {
    const std::int64_t r = a["reviewer_user_id"];
    scored.push_back({a["proposal_id"], r, r == lenient ? 5.0 : 3.0});
  }
  const review::Calibration expected = Calibrate(scored);
  for (const Json& item : (*panel)["items"]) {
    EXPECT_EQ(item["reviews"], 2);
    const std::int64_t p = item["proposal_id"];
    bool has_lenient = false;
    for (const Json& a : items) {
      has_lenient |= a["proposal_id"] == p && a["reviewer_user_id"] == lenient;
    }
    // With the lenient reviewer the raw mean is (5 + 3) / 2, else 3.
    EXPECT_DOUBLE_EQ(item["raw_mean"].get<double>(), has_lenient ? 4.0 : 3.0) << item.dump();
    EXPECT_NEAR(item["calibrated_mean"].get<double>(), expected.calibrated_mean.at(p), 1e-6);
    if (has_lenient) {
      EXPECT_LT(item["calibrated_mean"].get<double>(), 4.0) << item.dump();
    }
  }
  bool found = false;
  for (const Json& r : (*panel)["reviewers"]) {
    if (r["user_id"] == lenient) {
      found = true;
      EXPECT_DOUBLE_EQ(r["leniency"].get<double>(), 2.0) << "5 against 3 on every proposal";
    }
  }
  EXPECT_TRUE(found);

  auto rank_bad = svc().PutRanking(kSystem, call_, Json{{"order", {p1_, p2_, p2_}}});
  ASSERT_FALSE(rank_bad);
  EXPECT_EQ(rank_bad.error().field, "order");
  EXPECT_NE(rank_bad.error().message.find(std::to_string(p2_)), std::string::npos);
  ASSERT_TRUE(svc().PutRanking(kSystem, call_, Json{{"order", {p1_, p2_, p3_}}}));

  // P1 and P2 together ask JST for 11,000,000 JPY of its 10,000,000.
  auto over = svc().Decide(kSystem, call_,
                           Json{{"decisions",
                                 {Json{{"proposal_id", p1_}, {"decision", "funded"}},
                                  Json{{"proposal_id", p2_}, {"decision", "funded"}}}}});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().field, "decisions");
  EXPECT_NE(over.error().message.find("JST"), std::string::npos) << over.error().message;
  EXPECT_NE(over.error().message.find("11,000,000"), std::string::npos) << over.error().message;
  auto ok =
      svc().Decide(kSystem, call_,
                   Json{{"decisions",
                         {Json{{"proposal_id", p1_}, {"decision", "funded"}, {"reason", "first"}},
                          Json{{"proposal_id", p3_}, {"decision", "funded"}}}}});
  ASSERT_TRUE(ok) << ok.error().ToString();
  auto early = svc().Release(kSystem, call_);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(early.error().message.find(std::to_string(p2_)), std::string::npos);
  // Funding P2 as well is refused even one at a time.
  auto later = svc().Decide(
      kSystem, call_, Json{{"decisions", {Json{{"proposal_id", p2_}, {"decision", "funded"}}}}});
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().field, "decisions");

  auto before = svc().Outcome(p1_);
  ASSERT_TRUE(before);
  EXPECT_FALSE((*before)["released"]);
  EXPECT_FALSE(before->contains("reviews"));
  ASSERT_TRUE(svc().Decide(
      kSystem, call_,
      Json{{"decisions",
            {Json{{"proposal_id", p2_}, {"decision", "not_funded"}, {"reason", "budget"}}}}}));
  auto released = svc().Release(kSystem, call_);
  ASSERT_TRUE(released) << released.error().ToString();
  ASSERT_FALSE(svc().Release(kSystem, call_));
  auto outcome = svc().Outcome(p1_);
  ASSERT_TRUE(outcome);
  EXPECT_TRUE((*outcome)["released"]);
  EXPECT_EQ((*outcome)["decision"], "funded");
  ASSERT_EQ((*outcome)["reviews"].size(), 2u);
  const std::string text = outcome->dump();
  EXPECT_EQ(text.find("SECRET"), std::string::npos);
  EXPECT_EQ(text.find("rev.example"), std::string::npos);
  for (const char* name :
       {"Yamada Hanako", "Kim Minsu", "Le Thi Mai", "Anna Mueller", "Chen Wei"}) {
    EXPECT_EQ(text.find(name), std::string::npos) << name;
  }
  EXPECT_EQ((*outcome)["reviews"][0]["label"], "Reviewer 1");
  EXPECT_EQ((*outcome)["reviews"][1]["label"], "Reviewer 2");
  auto status = svc().Overview(call_);
  ASSERT_TRUE(status);
  EXPECT_EQ((*status)["stage"], "released");
  EXPECT_EQ((*status)["counts"]["reviews_submitted"], 6);
}

ASTA_INSTANTIATE_APP_TEST(ReviewTest);

}  // namespace
}  // namespace asta::testing
