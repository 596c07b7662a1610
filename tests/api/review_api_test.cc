// The review workflow over real HTTP on the demo data (issue 6 acceptance, server side):
// from the demo's open multilateral call, the officer sets the review up and invites the
// demo reviewers, who accept; conflicts are detected and explained (same organisation,
// co-authorship, an applicant's declaration); an impossible k is refused with reasons;
// the computed assignment is conflict-free and within loads; reviewers submit reviews
// (bad scores named by field); the panel ranks; selection (when the select engine is
// built) and decisions respect every funder's budget; results are released and the
// applicant sees anonymised reviews. Role tests: a conflicted reviewer gets 403 on the
// proposal and the review, a reviewer cannot open another's assignment, officers of
// another agency get 403, analysts cannot write.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "modules/api/authz.h"
#include "tests/api/api_fixture.h"

namespace asta::testing {
namespace {

class ReviewApiTest : public ::testing::Test {
 protected:
  struct Reply {
    int status = 0;
    Json body;
    std::string raw;
    httplib::Headers headers;
  };

  // A token for any user of the demo data (created once per e-mail).
  static std::string TokenOf(const std::string& email) {
    static std::map<std::string, std::string> tokens;
    auto it = tokens.find(email);
    if (it != tokens.end()) return it->second;
    auto& env = ApiEnvironment::Get();
    auto user = env.app().accounts().FindUserByEmail(email);
    EXPECT_TRUE(user) << email;
    if (!user) return "";
    auto token = env.app().accounts().CreateToken(audit::Actor::System("test"), user->id,
                                                  "review api test", std::nullopt);
    EXPECT_TRUE(token);
    return tokens[email] = token->token;
  }

  static Reply SendAs(const std::string& token, const std::string& method, const std::string& path,
                      const Json& body = nullptr) {
    auto& env = ApiEnvironment::Get();
    httplib::Client client = env.Client();
    httplib::Headers headers{{"Authorization", "Bearer " + token}};
    const std::string text = body.is_null() ? "{}" : body.dump();
    httplib::Result res =
        method == "GET"      ? client.Get(path.c_str(), headers)
        : method == "PUT"    ? client.Put(path.c_str(), headers, text, "application/json")
        : method == "DELETE" ? client.Delete(path.c_str(), headers)
                             : client.Post(path.c_str(), headers, text, "application/json");
    Reply reply;
    if (!res) {
      ADD_FAILURE() << method << " " << path << ": no response";
      return reply;
    }
    reply.status = res->status;
    reply.raw = res->body;
    reply.headers = res->headers;
    reply.body = Json::parse(res->body, nullptr, false);
    return reply;
  }
  static Reply Send(const std::string& role, const std::string& method, const std::string& path,
                    const Json& body = nullptr) {
    return SendAs(ApiEnvironment::Get().TokenFor(role), method, path, body);
  }
  static std::string FieldOf(const Reply& r) {
    if (!r.body.is_object() || !r.body.contains("error")) return "";
    return r.body["error"].value("field", "");
  }
  static std::string Reviewer(int i) { return "reviewer" + std::to_string(i) + "@asta.example"; }

  static std::int64_t OpenCall() {
    auto calls = Send("programme_officer", "GET", "/api/v1/calls?status=open&q=multilateral");
    EXPECT_EQ(calls.status, 200) << calls.raw;
    for (const Json& c : calls.body["items"]) return c["id"].get<std::int64_t>();
    ADD_FAILURE() << "no open multilateral call in the demo data";
    return 0;
  }

  // A programme officer of another agency (JSPS), created once.
  static std::string OtherOfficer() {
    static std::string token;
    if (!token.empty()) return token;
    auto& env = ApiEnvironment::Get();
    auto& accounts = env.app().accounts();
    auto agencies = accounts.ListAgencies(0, 200, std::nullopt);
    EXPECT_TRUE(agencies);
    std::int64_t jsps = 0;
    for (const auto& a : *agencies) {
      if (a.code == "JSPS") jsps = a.id;
    }
    accounts::NewUser u;
    u.email = "jsps-officer@asta.example";
    u.display_name = "Officer of JSPS";
    u.latin_name = u.display_name;
    u.password = "another-demo-password";
    auto user = accounts.CreateUser(audit::Actor::System("test"), u);
    EXPECT_TRUE(user) << (user ? "" : user.error().ToString());
    EXPECT_TRUE(accounts.GrantRole(audit::Actor::System("test"), user->id,
                                   api::Role::kProgrammeOfficer, "agency", std::to_string(jsps)));
    auto t = accounts.CreateToken(audit::Actor::System("test"), user->id, "t", std::nullopt);
    EXPECT_TRUE(t);
    token = t->token;
    return token;
  }
};

TEST_F(ReviewApiTest, WholeWorkflowFromTheOpenCall) {
  const std::int64_t call_id = OpenCall();
  ASSERT_GT(call_id, 0);
  const std::string base = "/api/v1/calls/" + std::to_string(call_id);

  auto status = Send("programme_officer", "GET", base + "/review");
  ASSERT_EQ(status.status, 200) << status.raw;
  EXPECT_EQ(status.body["stage"], "setup");
  const std::int64_t n = status.body["counts"]["proposals"].get<std::int64_t>();
  ASSERT_GE(n, 3) << "the demo's open call has three submitted proposals";

  // The submitted proposals, by title.
  auto listed = Send("programme_officer", "GET", base + "/proposals?state=submitted");
  ASSERT_EQ(listed.status, 200) << listed.raw;
  std::map<std::int64_t, Json> proposals;
  std::int64_t bangkok = 0, mekong = 0, coastal = 0;
  for (const Json& p : listed.body["items"]) {
    const std::int64_t id = p["id"].get<std::int64_t>();
    proposals[id] = p;
    const std::string title = p["title"].get<std::string>();
    if (title.rfind("การจัดการน้ำท่วม", 0) == 0) bangkok = id;
    if (title.rfind("Low-cost sensors", 0) == 0) mekong = id;
    if (title.rfind("東南アジア沿岸都市", 0) == 0) coastal = id;
  }
  ASSERT_EQ(static_cast<std::int64_t>(proposals.size()), n);
  ASSERT_TRUE(bangkok && mekong && coastal) << listed.raw;

  // Settings: bad input names the field; then k = 2.
  auto bad = Send("programme_officer", "PUT", base + "/review/settings", Json{{"k", 0}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(FieldOf(bad), "k");
  bad = Send("programme_officer", "PUT", base + "/review/settings",
             Json{{"coi", Json{{"org_years", "three"}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(FieldOf(bad), "coi.org_years");
  bad = Send("programme_officer", "PUT", base + "/review/settings",
             Json{{"coi", Json{{"advisor_years", -2}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(FieldOf(bad), "coi.advisor_years");
  auto settings = Send("programme_officer", "PUT", base + "/review/settings",
                       Json{{"k", 2},
                            {"max_load", n},
                            {"min_load", 0},
                            {"review_deadline", "2099-05-01T17:00:00+09:00"},
                            {"coi", Json{{"org_years", 3},
                                         {"coauthor_years", 5},
                                         {"advisor_years", nullptr},
                                         {"project_years", 5}}}});
  ASSERT_EQ(settings.status, 200) << settings.raw;
  EXPECT_TRUE(settings.body["coi"]["advisor_years"].is_null()) << "supervision counts for ever";
  EXPECT_EQ(settings.body["coi"]["project_years"], 5);
  EXPECT_EQ(settings.body["k"], 2);
  EXPECT_EQ(settings.body["review_deadline"], "2099-05-01T17:00:00+09:00");

  // The pool: six demo reviewers; an applicant cannot be invited; twice is a conflict.
  for (int i = 1; i <= 6; ++i) {
    auto inv = Send("programme_officer", "POST", base + "/reviewers", Json{{"email", Reviewer(i)}});
    ASSERT_EQ(inv.status, 201) << inv.raw;
    EXPECT_EQ(inv.body["status"], "invited");
    EXPECT_FALSE(inv.body["person_id"].is_null()) << "demo reviewers have network profiles";
  }
  auto again = Send("programme_officer", "POST", base + "/reviewers", Json{{"email", Reviewer(1)}});
  EXPECT_EQ(again.status, 409) << again.raw;
  auto not_reviewer = Send("programme_officer", "POST", base + "/reviewers",
                           Json{{"email", "applicant@asta.example"}});
  EXPECT_EQ(not_reviewer.status, 400) << not_reviewer.raw;
  EXPECT_EQ(FieldOf(not_reviewer), "email");

  // Reviewers answer their own invitations only: 1–5 accept, 6 declines.
  std::map<int, std::int64_t> invitation;
  for (int i = 1; i <= 6; ++i) {
    auto mine = SendAs(TokenOf(Reviewer(i)), "GET", "/api/v1/me/review-invitations");
    ASSERT_EQ(mine.status, 200) << mine.raw;
    for (const Json& it : mine.body["items"]) {
      if (it["call_id"] == call_id) invitation[i] = it["id"].get<std::int64_t>();
    }
    ASSERT_TRUE(invitation.count(i));
  }
  auto foreign = SendAs(TokenOf(Reviewer(2)), "POST",
                        "/api/v1/review-invitations/" + std::to_string(invitation[1]) + "/accept");
  EXPECT_EQ(foreign.status, 403) << foreign.raw;
  for (int i = 1; i <= 6; ++i) {
    auto answer = SendAs(TokenOf(Reviewer(i)), "POST",
                         "/api/v1/review-invitations/" + std::to_string(invitation[i]) +
                             (i <= 5 ? "/accept" : "/decline"));
    ASSERT_EQ(answer.status, 200) << answer.raw;
    EXPECT_EQ(answer.body["status"], i <= 5 ? "accepted" : "declined");
  }

  // The applicant of the coastal proposal declares reviewer2 (by name) a conflict.
  const std::int64_t coastal_owner = proposals[coastal]["owner_user_id"].get<std::int64_t>();
  auto owner_user = ApiEnvironment::Get().app().accounts().GetUser(coastal_owner);
  ASSERT_TRUE(owner_user);
  const std::string owner_token = TokenOf(owner_user->email);
  auto declared_bad = SendAs(owner_token, "POST",
                             "/api/v1/proposals/" + std::to_string(coastal) + "/declared-conflicts",
                             Json{{"name", "Mori Hiroshi"}});
  EXPECT_EQ(declared_bad.status, 400);
  EXPECT_EQ(FieldOf(declared_bad), "reason");
  auto declared = SendAs(owner_token, "POST",
                         "/api/v1/proposals/" + std::to_string(coastal) + "/declared-conflicts",
                         Json{{"name", "Mori Hiroshi"}, {"reason", "a competing group"}});
  ASSERT_EQ(declared.status, 201) << declared.raw;
  EXPECT_FALSE(declared.body.contains("reviewer_user_id")) << "the pool is not revealed";
  auto not_owner = Send("applicant", "POST",
                        "/api/v1/proposals/" + std::to_string(coastal) + "/declared-conflicts",
                        Json{{"name", "Mori Hiroshi"}, {"reason", "x"}});
  EXPECT_EQ(not_owner.status, 404) << not_owner.raw;

  // Conflicts, explained in both languages.
  const std::int64_t r1 = ApiEnvironment::Get().app().accounts().FindUserByEmail(Reviewer(1))->id;
  const std::int64_t r2 = ApiEnvironment::Get().app().accounts().FindUserByEmail(Reviewer(2))->id;
  const std::int64_t r3 = ApiEnvironment::Get().app().accounts().FindUserByEmail(Reviewer(3))->id;
  const std::int64_t r4 = ApiEnvironment::Get().app().accounts().FindUserByEmail(Reviewer(4))->id;
  auto conflicts = Send("programme_officer", "GET", base + "/conflicts");
  ASSERT_EQ(conflicts.status, 200) << conflicts.raw;
  bool same_org = false, coauthor = false, by_applicant = false, advisor = false;
  std::set<std::pair<std::int64_t, std::int64_t>> excluded;
  for (const Json& c : conflicts.body["items"]) {
    EXPECT_FALSE(c["explanation"].get<std::string>().empty());
    EXPECT_FALSE(c["explanation_ja"].get<std::string>().empty());
    excluded.insert(
        {c["proposal_id"].get<std::int64_t>(), c["reviewer_user_id"].get<std::int64_t>()});
    if (c["kind"] == "same_organization" && c["proposal_id"] == bangkok &&
        c["reviewer_user_id"] == r1) {
      same_org = true;
      EXPECT_NE(c["explanation"].get<std::string>().find("Kasetsart University"), std::string::npos)
          << c.dump();
      EXPECT_EQ(c["source"], "detected");
    }
    if (c["kind"] == "coauthorship" && c["proposal_id"] == mekong && c["reviewer_user_id"] == r4) {
      coauthor = true;
      EXPECT_NE(c["explanation"].get<std::string>().find("Kurogane Tetsuo"), std::string::npos)
          << c.dump();
    }
    // The demo's reviewer3 supervised Nguyễn Văn An (network record: supervision).
    if (c["kind"] == "advisor" && c["proposal_id"] == bangkok && c["reviewer_user_id"] == r3) {
      advisor = true;
      EXPECT_EQ(c["source"], "detected");
      EXPECT_NE(c["explanation"].get<std::string>().find(
                    "supervised team member Nguyễn Văn An (member) (doctoral, 2012–2016)"),
                std::string::npos)
          << c.dump();
      EXPECT_NE(c["explanation_ja"].get<std::string>().find("を指導しました"), std::string::npos)
          << c.dump();
    }
    if (c["kind"] == "declared" && c["proposal_id"] == coastal && c["reviewer_user_id"] == r2) {
      by_applicant = true;
      EXPECT_EQ(c["source"], "declared_by_applicant");
    }
  }
  EXPECT_TRUE(same_org) << conflicts.raw;
  EXPECT_TRUE(coauthor) << conflicts.raw;
  EXPECT_TRUE(by_applicant) << conflicts.raw;
  EXPECT_TRUE(advisor) << conflicts.raw;

  // An override needs a reason, lifts the exclusion, and can be withdrawn.
  auto no_reason = Send("programme_officer", "POST", base + "/conflicts/override",
                        Json{{"proposal_id", mekong}, {"reviewer_user_id", r4}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(FieldOf(no_reason), "reason");
  auto lifted = Send("programme_officer", "POST", base + "/conflicts/override",
                     Json{{"proposal_id", mekong},
                          {"reviewer_user_id", r4},
                          {"reason", "the paper was a large consortium report"}});
  ASSERT_EQ(lifted.status, 200) << lifted.raw;
  EXPECT_TRUE(lifted.body["overridden"]);
  EXPECT_EQ(lifted.body["override_reason"], "the paper was a large consortium report");
  auto restored = Send("programme_officer", "DELETE",
                       base + "/conflicts/override?proposal_id=" + std::to_string(mekong) +
                           "&reviewer_user_id=" + std::to_string(r4));
  EXPECT_EQ(restored.status, 204) << restored.raw;

  // k = 5 with five accepted reviewers cannot be met where one is conflicted.
  ASSERT_EQ(Send("programme_officer", "PUT", base + "/review/settings", Json{{"k", 5}}).status,
            200);
  auto infeasible = Send("programme_officer", "POST", base + "/assignments/compute");
  ASSERT_EQ(infeasible.status, 422) << infeasible.raw;
  EXPECT_EQ(infeasible.body["error"]["code"], "infeasible");
  ASSERT_TRUE(infeasible.body["reasons"].is_array());
  ASSERT_FALSE(infeasible.body["reasons"].empty());
  EXPECT_NE(infeasible.body["reasons"].dump().find("p " + std::to_string(bangkok)),
            std::string::npos)
      << infeasible.raw;
  ASSERT_EQ(Send("programme_officer", "PUT", base + "/review/settings", Json{{"k", 2}}).status,
            200);

  // The assignment: every proposal gets two conflict-free reviewers within the loads.
  auto computed = Send("programme_officer", "POST", base + "/assignments/compute");
  ASSERT_EQ(computed.status, 200) << computed.raw;
  EXPECT_EQ(computed.body["assigned"], 2 * n);
  // The demo reviewers' publications share terms with the proposals.
  EXPECT_GT(computed.body["total_affinity"].get<double>(), 0.0) << computed.raw;
  std::printf("[ review   ] compute: %s\n", computed.raw.c_str());
  auto assignments = Send("programme_officer", "GET", base + "/assignments");
  ASSERT_EQ(assignments.status, 200);
  std::map<std::int64_t, int> per_proposal, per_reviewer;
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> by_reviewer;
  for (const Json& a : assignments.body["items"]) {
    const std::int64_t p = a["proposal_id"].get<std::int64_t>();
    const std::int64_t r = a["reviewer_user_id"].get<std::int64_t>();
    EXPECT_FALSE(excluded.count({p, r})) << "conflicted pair assigned: " << a.dump();
    EXPECT_EQ(a["status"], "assigned");
    ++per_proposal[p];
    ++per_reviewer[r];
    by_reviewer[r].push_back({a["id"].get<std::int64_t>(), p});
  }
  for (const auto& [p, c] : per_proposal) EXPECT_EQ(c, 2) << p;
  EXPECT_EQ(static_cast<std::int64_t>(per_proposal.size()), n);
  for (const auto& [r, c] : per_reviewer) EXPECT_LE(c, n);
  const std::int64_t r6 = ApiEnvironment::Get().app().accounts().FindUserByEmail(Reviewer(6))->id;
  EXPECT_FALSE(per_reviewer.count(r6)) << "reviewer6 declined";

  // Role tests: the conflicted reviewer1 cannot open the Bangkok proposal; a reviewer not
  // assigned cannot either; an assigned one can; nobody opens another's assignment.
  auto conflicted =
      SendAs(TokenOf(Reviewer(1)), "GET", "/api/v1/proposals/" + std::to_string(bangkok));
  EXPECT_EQ(conflicted.status, 403) << conflicted.raw;
  EXPECT_EQ(conflicted.raw.find("Kasetsart"), std::string::npos);
  auto unassigned =
      SendAs(TokenOf(Reviewer(6)), "GET", "/api/v1/proposals/" + std::to_string(bangkok));
  EXPECT_EQ(unassigned.status, 403);
  // The Bangkok proposal's CV (demo): an assigned reviewer downloads it; the conflicted
  // reviewer1 and the unassigned reviewer6 get 403, a reviewer outside the call 404.
  {
    auto owner_view =
        Send("programme_officer", "GET", "/api/v1/proposals/" + std::to_string(bangkok));
    ASSERT_EQ(owner_view.status, 200) << owner_view.raw;
    ASSERT_EQ(owner_view.body["attachments"].size(), 1u) << owner_view.raw;
    const Json cv = owner_view.body["attachments"][0];
    const std::string path = "/api/v1/proposals/" + std::to_string(bangkok) + "/attachments/" +
                             std::to_string(cv["id"].get<std::int64_t>());
    std::string assigned_email;
    for (const auto& [r, list] : by_reviewer) {
      for (const auto& [assignment, p] : list) {
        if (p == bangkok) assigned_email = ApiEnvironment::Get().app().accounts().GetUser(r)->email;
      }
    }
    ASSERT_FALSE(assigned_email.empty());
    auto got = SendAs(TokenOf(assigned_email), "GET", path);
    ASSERT_EQ(got.status, 200) << got.raw;
    EXPECT_EQ(got.raw.rfind("%PDF-1.4", 0), 0u);
    EXPECT_EQ(static_cast<std::int64_t>(got.raw.size()), cv["size"].get<std::int64_t>());
    auto header = [&](const char* name) {
      auto it = got.headers.find(name);
      return it == got.headers.end() ? std::string() : it->second;
    };
    EXPECT_EQ(header("X-Checksum-SHA256"), cv["sha256"].get<std::string>());
    // The name as UTF-8 (this HTTP client decodes the percent-encoding of header values).
    const std::string disposition = header("Content-Disposition");
    EXPECT_TRUE(disposition.find("filename*=UTF-8''CV_%E0%B8%AA") != std::string::npos ||
                disposition.find("filename*=UTF-8''CV_สมชาย ศรีสุข.pdf") != std::string::npos)
        << disposition;
    EXPECT_EQ(got.headers.count("Cache-Control"), 1u);
    EXPECT_EQ(header("Cache-Control"), "private, no-store");
    auto denied = SendAs(TokenOf(Reviewer(1)), "GET", path);
    EXPECT_EQ(denied.status, 403) << denied.raw;
    EXPECT_EQ(denied.raw.find("%PDF"), std::string::npos);
    EXPECT_EQ(SendAs(TokenOf(Reviewer(6)), "GET", path).status, 403);
    EXPECT_EQ(Send("reviewer", "GET", path).status, 404) << "a reviewer outside the call";
    EXPECT_EQ(Send("applicant", "GET", path).status, 404) << "another applicant";
  }

  std::int64_t some_assignment = 0, its_reviewer = 0;
  for (const auto& [r, list] : by_reviewer) {
    some_assignment = list.front().first;
    its_reviewer = r;
    const std::string email = ApiEnvironment::Get().app().accounts().GetUser(r)->email;
    auto open =
        SendAs(TokenOf(email), "GET", "/api/v1/proposals/" + std::to_string(list.front().second));
    EXPECT_EQ(open.status, 200) << open.raw;
    EXPECT_FALSE(open.body.contains("screening")) << "reviewers never see screening";
    break;
  }
  for (int i = 1; i <= 5; ++i) {
    const std::string email = Reviewer(i);
    if (ApiEnvironment::Get().app().accounts().FindUserByEmail(email)->id == its_reviewer) continue;
    auto other =
        SendAs(TokenOf(email), "GET", "/api/v1/reviews/" + std::to_string(some_assignment));
    EXPECT_EQ(other.status, 403) << other.raw;
    break;
  }

  // Applicants see nothing before release.
  auto early =
      SendAs(owner_token, "GET", "/api/v1/proposals/" + std::to_string(coastal) + "/outcome");
  ASSERT_EQ(early.status, 200) << early.raw;
  EXPECT_FALSE(early.body["released"]);
  EXPECT_FALSE(early.body.contains("reviews"));

  // Reviews: field-named errors, draft, submit, frozen.
  std::map<std::int64_t, int> score_of = {};
  int reviewer_index = 0;
  for (const auto& [r, list] : by_reviewer) {
    ++reviewer_index;
    const std::string token = TokenOf(ApiEnvironment::Get().app().accounts().GetUser(r)->email);
    auto mine = SendAs(token, "GET", "/api/v1/me/reviews");
    ASSERT_EQ(mine.status, 200);
    EXPECT_GE(mine.body["items"].size(), list.size());
    for (const auto& [aid, pid] : list) {
      const std::string path = "/api/v1/reviews/" + std::to_string(aid);
      auto form = SendAs(token, "GET", path);
      ASSERT_EQ(form.status, 200) << form.raw;
      ASSERT_EQ(form.body["form"]["criteria"].size(), 3u);
      EXPECT_EQ(form.body["proposal"]["id"], pid);
      EXPECT_FALSE(form.body["proposal"].contains("screening"));
      auto out_of_scale = SendAs(token, "PUT", path, Json{{"scores", Json{{"excellence", 9}}}});
      EXPECT_EQ(out_of_scale.status, 400);
      EXPECT_EQ(FieldOf(out_of_scale), "scores.excellence");
      auto unknown = SendAs(token, "PUT", path, Json{{"scores", Json{{"novelty", 3}}}});
      EXPECT_EQ(unknown.status, 400);
      EXPECT_EQ(FieldOf(unknown), "scores.novelty");
      // Reviewer 1 is lenient (always 5); the others score by proposal.
      const int base_score = reviewer_index == 1 ? 5 : static_cast<int>(1 + pid % 4);
      auto draft = SendAs(token, "PUT", path,
                          Json{{"scores", Json{{"excellence", base_score}}},
                               {"confidential_comment", "CONFIDENTIAL-" + std::to_string(aid)}});
      ASSERT_EQ(draft.status, 200) << draft.raw;
      EXPECT_EQ(draft.body["review"]["status"], "draft");
      auto incomplete = SendAs(token, "POST", path + "/submit");
      EXPECT_EQ(incomplete.status, 400);
      EXPECT_EQ(FieldOf(incomplete), "scores.impact");
      auto filled = SendAs(token, "PUT", path,
                           Json{{"scores", Json{{"excellence", base_score},
                                                {"impact", base_score},
                                                {"implementation", base_score}}}});
      ASSERT_EQ(filled.status, 200);
      auto no_comment = SendAs(token, "POST", path + "/submit");
      EXPECT_EQ(no_comment.status, 400);
      EXPECT_EQ(FieldOf(no_comment), "comment_to_applicant");
      ASSERT_EQ(SendAs(token, "PUT", path,
                       Json{{"comment_to_applicant",
                             "Clear aims; reviewed by reviewer-" + std::to_string(r)}})
                    .status,
                200);
      auto submitted = SendAs(token, "POST", path + "/submit");
      ASSERT_EQ(submitted.status, 200) << submitted.raw;
      EXPECT_EQ(submitted.body["review"]["status"], "submitted");
      auto frozen = SendAs(token, "PUT", path, Json{{"comment_to_applicant", "changed"}});
      EXPECT_EQ(frozen.status, 409);
    }
  }

  // The panel: raw and calibrated means beside each other, reviewers' leniency.
  auto panel = Send("programme_officer", "GET", base + "/panel");
  ASSERT_EQ(panel.status, 200) << panel.raw;
  ASSERT_EQ(static_cast<std::int64_t>(panel.body["items"].size()), n);
  for (const Json& item : panel.body["items"]) {
    EXPECT_EQ(item["reviews"], 2) << item.dump();
    EXPECT_TRUE(item["raw_mean"].is_number());
    EXPECT_TRUE(item["calibrated_mean"].is_number());
  }
  bool lenient_found = false;
  for (const Json& rv : panel.body["reviewers"]) {
    if (by_reviewer.begin()->first == rv["user_id"].get<std::int64_t>()) {
      lenient_found = true;
      EXPECT_GE(rv["leniency"].get<double>(), 0.0) << "reviewer scoring 5 everywhere";
    }
  }
  EXPECT_TRUE(lenient_found);

  // Ranking: every submitted proposal exactly once.
  Json order = Json::array();
  for (const Json& item : panel.body["items"]) order.push_back(item["proposal_id"]);
  Json partial = order;
  const std::int64_t dropped = partial.back().get<std::int64_t>();
  partial.erase(partial.size() - 1);
  auto bad_rank =
      Send("programme_officer", "PUT", base + "/panel/ranking", Json{{"order", partial}});
  EXPECT_EQ(bad_rank.status, 400);
  EXPECT_EQ(FieldOf(bad_rank), "order");
  EXPECT_NE(bad_rank.body["error"]["message"].get<std::string>().find(std::to_string(dropped)),
            std::string::npos);
  auto ranked =
      Send("programme_officer", "PUT", base + "/panel/ranking",
           Json{{"order", order},
                {"notes",
                 Json{{std::to_string(order[0].get<std::int64_t>()), "Strongest consortium."}}}});
  ASSERT_EQ(ranked.status, 200) << ranked.raw;
  EXPECT_EQ(ranked.body["items"][0]["rank"], 1);
  EXPECT_EQ(ranked.body["items"][0]["note"], "Strongest consortium.");

  // Budgets of the call's funders, for checking selections and decisions.
  auto call = Send("programme_officer", "GET", base);
  std::map<std::string, std::int64_t> budget;
  for (const Json& f : call.body["funders"]) budget[f["agency"]] = f["budget"].get<std::int64_t>();
  auto within_budgets = [&](const std::vector<std::int64_t>& funded) {
    std::map<std::string, std::int64_t> used;
    for (std::int64_t id : funded) {
      auto full = Send("programme_officer", "GET", "/api/v1/proposals/" + std::to_string(id));
      for (const auto& [agency, amount] : full.body["requested"].items()) {
        used[agency] += amount.get<std::int64_t>();
      }
    }
    for (const auto& [agency, amount] : used) {
      if (budget.count(agency) && amount > budget[agency]) return false;
    }
    return true;
  };

  // Selection through the select engine, when this build has it.
  auto selection = Send("programme_officer", "POST", base + "/selection");
  std::vector<std::int64_t> funded;
  std::printf("[ review   ] POST selection -> %d\n", selection.status);
  if (selection.status == 503) {
    EXPECT_EQ(selection.body["error"]["message"], "selection engine not available");
    funded.push_back(order[0].get<std::int64_t>());
  } else {
    ASSERT_EQ(selection.status, 200) << selection.raw;
    for (const Json& id : selection.body["selected"]) funded.push_back(id.get<std::int64_t>());
    EXPECT_FALSE(funded.empty());
    EXPECT_TRUE(within_budgets(funded)) << selection.raw;
    for (const Json& f : selection.body["funders"]) {
      if (!f["budget"].is_null()) {
        EXPECT_LE(f["used"].get<double>(), f["budget"].get<double>()) << f.dump();
      }
    }
  }
  ASSERT_TRUE(within_budgets(funded));

  // Decisions: release refused until every proposal is decided.
  Json first{{"decisions", Json::array({Json{{"proposal_id", funded[0]},
                                             {"decision", "funded"},
                                             {"reason", "ranked first"}}})}};
  auto decided = Send("programme_officer", "POST", base + "/decisions", first);
  ASSERT_EQ(decided.status, 200) << decided.raw;
  auto early_release = Send("programme_officer", "POST", base + "/release");
  EXPECT_EQ(early_release.status, 409) << early_release.raw;
  Json rest = Json::array();
  for (const auto& [id, p] : proposals) {
    const bool is_funded = std::find(funded.begin(), funded.end(), id) != funded.end();
    rest.push_back(
        Json{{"proposal_id", id},
             {"decision", is_funded ? "funded" : (id == coastal ? "reserve" : "not_funded")},
             {"reason", is_funded ? "within every budget" : "lower in the ranking"}});
  }
  auto all = Send("programme_officer", "POST", base + "/decisions", Json{{"decisions", rest}});
  ASSERT_EQ(all.status, 200) << all.raw;
  for (const Json& f : all.body["funders"]) {
    if (!f["budget"].is_null()) {
      EXPECT_LE(f["used"].get<std::int64_t>(), f["budget"].get<std::int64_t>());
    }
  }
  auto released = Send("programme_officer", "POST", base + "/release");
  ASSERT_EQ(released.status, 200) << released.raw;
  EXPECT_TRUE(released.body["released_at"].is_string());
  EXPECT_EQ(Send("programme_officer", "POST", base + "/release").status, 409);
  EXPECT_EQ(Send("programme_officer", "POST", base + "/decisions", first).status, 409);
  auto final_status = Send("programme_officer", "GET", base + "/review");
  EXPECT_EQ(final_status.body["stage"], "released");

  // The applicant sees the decision and anonymised reviews.
  auto outcome =
      SendAs(owner_token, "GET", "/api/v1/proposals/" + std::to_string(coastal) + "/outcome");
  ASSERT_EQ(outcome.status, 200) << outcome.raw;
  EXPECT_TRUE(outcome.body["released"]);
  EXPECT_EQ(
      outcome.body["decision"],
      std::find(funded.begin(), funded.end(), coastal) != funded.end() ? "funded" : "reserve");
  ASSERT_EQ(outcome.body["reviews"].size(), 2u);
  EXPECT_EQ(outcome.body["reviews"][0]["label"], "Reviewer 1");
  EXPECT_EQ(outcome.body["reviews"][0]["scores"].size(), 3u);
  EXPECT_EQ(outcome.raw.find("CONFIDENTIAL"), std::string::npos);
  EXPECT_EQ(outcome.raw.find("@asta.example"), std::string::npos);
  EXPECT_EQ(outcome.raw.find("reviewer_user_id"), std::string::npos);
  for (int i = 1; i <= 6; ++i) {
    auto u = ApiEnvironment::Get().app().accounts().FindUserByEmail(Reviewer(i));
    EXPECT_EQ(outcome.raw.find(u->display_name), std::string::npos) << u->display_name;
  }
  // Another applicant sees nothing of it.
  auto stranger =
      Send("applicant", "GET", "/api/v1/proposals/" + std::to_string(coastal) + "/outcome");
  EXPECT_EQ(stranger.status, 404);
}

TEST_F(ReviewApiTest, OfficersOfAnotherAgencyAndAnalystsAreRefused) {
  const std::int64_t call_id = OpenCall();
  ASSERT_GT(call_id, 0);
  const std::string base = "/api/v1/calls/" + std::to_string(call_id);
  const std::string other = OtherOfficer();
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/review"},
                                                        {"GET", "/conflicts"},
                                                        {"GET", "/panel"},
                                                        {"PUT", "/review/settings"},
                                                        {"POST", "/reviewers"},
                                                        {"POST", "/assignments/compute"},
                                                        {"POST", "/decisions"},
                                                        {"POST", "/release"}}) {
    auto r = SendAs(other, method, base + path, Json{{"k", 2}});
    EXPECT_EQ(r.status, 403) << method << " " << path << ": " << r.raw;
  }
  // Analysts read the review but change nothing.
  EXPECT_EQ(Send("analyst", "GET", base + "/review").status, 200);
  EXPECT_EQ(Send("analyst", "GET", base + "/panel").status, 200);
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"PUT", "/review/settings"},
                                                        {"POST", "/assignments/compute"},
                                                        {"PUT", "/panel/ranking"},
                                                        {"POST", "/release"},
                                                        {"POST", "/reminders"}}) {
    auto r = Send("analyst", method, base + path, Json{{"k", 2}});
    EXPECT_EQ(r.status, 403) << method << " " << path << ": " << r.raw;
  }
  // Applicants and reviewers do not see the panel.
  EXPECT_EQ(Send("applicant", "GET", base + "/panel").status, 403);
  EXPECT_EQ(Send("reviewer", "GET", base + "/conflicts").status, 403);
  // Officers do not act as reviewers.
  EXPECT_EQ(Send("programme_officer", "GET", "/api/v1/me/reviews").status, 403);
}

}  // namespace
}  // namespace asta::testing
