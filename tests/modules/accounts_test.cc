// Accounts on every backend: validation naming fields, names in any script, sessions,
// throttling, tokens, roles, and an audit entry for every change.
#include "modules/accounts/accounts.h"

#include "modules/audit/audit_log.h"
#include "modules/demo/demo.h"
#include "tests/modules/fixture.h"

namespace asta::testing {
namespace {

const audit::Actor kActor = audit::Actor::System("test");

class AccountsTest : public AppTest {
 protected:
  accounts::AccountsService& svc() { return app_->accounts(); }
  accounts::User MakeUser(const std::string& email, const char* password = nullptr) {
    accounts::NewUser u;
    u.email = email;
    u.display_name = "محمد علي";
    u.latin_name = "Mohamed Ali";
    u.language = "en";
    if (password) u.password = password;
    auto r = svc().CreateUser(kActor, u);
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r.value_or(accounts::User{});
  }
  std::int64_t AuditCount() {
    auto r = audit::Verify(app_->db());
    EXPECT_TRUE(r.has_value() && r->ok);
    return r ? r->entries : -1;
  }
};

TEST_P(AccountsTest, CreateKeepsNamesInAnyScript) {
  accounts::NewUser u{"Hanako@Example.org",  "山田 花子",  "Yamada Hanako", "ja",
                      "0000-0002-1825-0097", std::nullopt, std::nullopt};
  auto created = svc().CreateUser(kActor, u);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  auto got = svc().GetUser(created->id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->display_name, "山田 花子");
  EXPECT_EQ(got->latin_name, "Yamada Hanako");
  EXPECT_EQ(got->email, "Hanako@example.org");
  EXPECT_EQ(got->orcid, "0000-0002-1825-0097");
  EXPECT_EQ(AuditCount(), 1);
}

TEST_P(AccountsTest, BadInputNamesTheField) {
  struct Case {
    accounts::NewUser in;
    const char* field;
  } cases[] = {
      {{"not-an-email", "A", "A", "en", std::nullopt, std::nullopt, std::nullopt}, "email"},
      {{"a@example.org", "", "A", "en", std::nullopt, std::nullopt, std::nullopt}, "display_name"},
      {{"a@example.org", "A", "A", "fr", std::nullopt, std::nullopt, std::nullopt}, "language"},
      {{"a@example.org", "A", "A", "en", "0000-0002-1825-0098", std::nullopt, std::nullopt},
       "orcid"},
      {{"a@example.org", "A", "A", "en", std::nullopt, 999, std::nullopt}, "agency_id"},
      {{"a@example.org", "A", "A", "en", std::nullopt, std::nullopt, "short"}, "password"},
  };
  for (const auto& c : cases) {
    auto r = svc().CreateUser(kActor, c.in);
    ASSERT_FALSE(r.has_value()) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_EQ(AuditCount(), 0);  // nothing half-written
}

TEST_P(AccountsTest, EmailIsUniqueIgnoringCase) {
  MakeUser("kim@example.org");
  accounts::NewUser u{"KIM@EXAMPLE.ORG", "김민준",     "Kim Minjun", "en",
                      std::nullopt,      std::nullopt, std::nullopt};
  auto r = svc().CreateUser(kActor, u);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.error().field, "email");
}

TEST_P(AccountsTest, LoginSessionLogout) {
  auto user = MakeUser("ali@example.org", "correct horse battery");
  auto bad = svc().Login("ali@example.org", "wrong password!", "10.0.0.1");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kUnauthenticated);
  auto unknown = svc().Login("nobody@example.org", "whatever123", "10.0.0.1");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message, bad.error().message);  // no account enumeration

  auto grant = svc().Login("ALI@example.org", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(grant.has_value()) << grant.error().ToString();
  EXPECT_EQ(grant->user.id, user.id);
  auto principal = svc().AuthenticateSession(grant->token);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->user_id, user.id);
  EXPECT_EQ(principal->csrf_token, grant->csrf_token);
  EXPECT_FALSE(svc().AuthenticateSession("forged-token").has_value());

  ASSERT_TRUE(svc().Logout(*principal).has_value());
  EXPECT_FALSE(svc().AuthenticateSession(grant->token).has_value());
}

TEST_P(AccountsTest, LoginIsThrottledPerEmail) {
  MakeUser("t@example.org", "correct horse battery");
  for (int i = 0; i < config_.login_max_failures; ++i) {
    auto r = svc().Login("t@example.org", "wrong password!", "10.0.0.2");
    ASSERT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
  auto r = svc().Login("t@example.org", "correct horse battery", "10.0.0.3");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
}

TEST_P(AccountsTest, DisabledUserLosesSessionsAndTokens) {
  auto user = MakeUser("d@example.org", "correct horse battery");
  auto grant = svc().Login("d@example.org", "correct horse battery", "10.0.0.4");
  ASSERT_TRUE(grant.has_value());
  auto token = svc().CreateToken(kActor, user.id, "script", std::nullopt);
  ASSERT_TRUE(token.has_value());
  ASSERT_TRUE(svc().AuthenticateToken(token->token).has_value());
  accounts::UserPatch p;
  p.disabled = true;
  ASSERT_TRUE(svc().UpdateUser(kActor, user.id, p).has_value());
  EXPECT_FALSE(svc().AuthenticateSession(grant->token).has_value());
  EXPECT_FALSE(svc().AuthenticateToken(token->token).has_value());
  EXPECT_FALSE(svc().Login("d@example.org", "correct horse battery", "10.0.0.4").has_value());
}

TEST_P(AccountsTest, TokensAreStoredHashedAndRevocable) {
  auto user = MakeUser("tok@example.org");
  auto token = svc().CreateToken(kActor, user.id, "nightly export", 30);
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->token.rfind("asta_", 0), 0u);
  {
    auto lease = app_->db().Acquire();
    ASSERT_TRUE(lease.has_value());
    auto rows = (*lease)->Query("SELECT token_hash FROM api_tokens");
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->rows.at(0).Text(0).find(token->token), std::string::npos);
    auto audit = (*lease)->Query("SELECT after_json FROM audit_log");
    for (const auto& r : audit->rows) {
      EXPECT_EQ(r.Text(0).find(token->token), std::string::npos) << "token leaked into audit";
    }
  }
  auto p = svc().AuthenticateToken(token->token);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->method, api::AuthMethod::kToken);
  ASSERT_TRUE(svc().RevokeToken(kActor, user.id, token->info.id).has_value());
  EXPECT_FALSE(svc().AuthenticateToken(token->token).has_value());
  // Someone else's token cannot be revoked by id.
  auto other = MakeUser("other@example.org");
  auto t2 = svc().CreateToken(kActor, other.id, "x", std::nullopt);
  EXPECT_EQ(svc().RevokeToken(kActor, user.id, t2->info.id).error().code, ErrorCode::kNotFound);
}

TEST_P(AccountsTest, RolesRespectScopeTypes) {
  auto user = MakeUser("po@example.org");
  auto bad = svc().GrantRole(kActor, user.id, api::Role::kProgrammeOfficer, "global", "");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "scope_type");
  auto no_agency = svc().GrantRole(kActor, user.id, api::Role::kProgrammeOfficer, "agency", "77");
  ASSERT_FALSE(no_agency.has_value());
  EXPECT_EQ(no_agency.error().field, "scope_id");
  auto ministry = svc().CreateMinistry(kActor, {0, "JP-MEXT", "jp", "文部科学省", "MEXT", ""});
  ASSERT_TRUE(ministry.has_value()) << ministry.error().ToString();
  EXPECT_EQ(ministry->country, "JP");
  accounts::Agency a;
  a.ministry_id = ministry->id;
  a.code = "JST";
  a.country = "JP";
  a.name = "科学技術振興機構";
  a.name_en = "Japan Science and Technology Agency";
  auto agency = svc().CreateAgency(kActor, a);
  ASSERT_TRUE(agency.has_value());
  auto g = svc().GrantRole(kActor, user.id, api::Role::kProgrammeOfficer, "agency",
                           std::to_string(agency->id));
  ASSERT_TRUE(g.has_value()) << g.error().ToString();
  auto dup = svc().GrantRole(kActor, user.id, api::Role::kProgrammeOfficer, "agency",
                             std::to_string(agency->id));
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto loaded = svc().GetUser(user.id);
  ASSERT_EQ(loaded->roles.size(), 1u);
  ASSERT_TRUE(svc().RevokeRole(kActor, user.id, g->id).has_value());
  EXPECT_TRUE(svc().GetUser(user.id)->roles.empty());
  // user, ministry, agency, grant, revoke
  EXPECT_EQ(AuditCount(), 5);
}

TEST_P(AccountsTest, ListPagesAndFilters) {
  for (int i = 0; i < 5; ++i) MakeUser("u" + std::to_string(i) + "@example.org");
  auto first = svc().ListUsers(0, 2, "");
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->size(), 3u);
  auto rest = svc().ListUsers((*first)[1].id, 10, "");
  ASSERT_EQ(rest->size(), 3u);
  auto filtered = svc().ListUsers(0, 10, "u3@");
  ASSERT_EQ(filtered->size(), 1u);
  auto wildcard = svc().ListUsers(0, 10, "%");
  EXPECT_TRUE(wildcard->empty());  // LIKE wildcards are literal
  EXPECT_EQ(svc().ListUsers(0, 10, "علي")->size(), 5u);
}

TEST_P(AccountsTest, CachedPagesAndPrincipalsFollowEveryChange) {
  auto user = MakeUser("cache@example.org", "correct horse battery");
  auto first = svc().UserPageJson(0, 50, "");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(Json::parse(*first)["items"].size(), 1u);
  EXPECT_EQ(*svc().UserPageJson(0, 50, ""), *first);  // served again unchanged
  MakeUser("second@example.org");
  auto second = svc().UserPageJson(0, 50, "");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(Json::parse(*second)["items"].size(), 2u) << "a cached page outlived a change";
  accounts::UserPatch patch;
  patch.display_name = "新しい 名前";
  ASSERT_TRUE(svc().UpdateUser(kActor, user.id, patch).has_value());
  EXPECT_EQ(Json::parse(*svc().UserPageJson(0, 50, ""))["items"][0]["display_name"], "新しい 名前");

  // A cached principal loses a revoked role at once.
  auto token = svc().CreateToken(kActor, user.id, "t", std::nullopt);
  ASSERT_TRUE(token.has_value());
  auto g = svc().GrantRole(kActor, user.id, api::Role::kAnalyst, "global", "");
  ASSERT_TRUE(g.has_value());
  ASSERT_EQ(svc().AuthenticateToken(token->token)->grants.size(), 1u);
  ASSERT_EQ(svc().AuthenticateToken(token->token)->grants.size(), 1u);  // from the cache
  ASSERT_TRUE(svc().RevokeRole(kActor, user.id, g->id).has_value());
  EXPECT_TRUE(svc().AuthenticateToken(token->token)->grants.empty());
  // And a second service on the same database (another process) sees revocations too.
  if (GetParam() != Backend::kSqliteMemory) {
    auto other = App::Open(config_);
    ASSERT_TRUE(other.has_value());
    ASSERT_TRUE(svc().AuthenticateToken(token->token).has_value());
    ASSERT_TRUE((*other)->accounts().RevokeToken(kActor, user.id, token->info.id).has_value());
    EXPECT_FALSE(svc().AuthenticateToken(token->token).has_value());
  }
}

TEST_P(AccountsTest, DemoIsDeterministicAndComplete) {
  demo::DemoOptions options;
  auto report = demo::Generate(*app_, options);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  // One account per role, 120 researchers, and the review workflow's six reviewers.
  EXPECT_EQ(report->users, 8 + 120 + 6);
  ASSERT_EQ(report->reviewer_logins.size(), 6u);
  for (const auto& email : report->reviewer_logins) {
    auto reviewer = svc().Login(email, demo::kDemoPassword, "127.0.0.1");
    ASSERT_TRUE(reviewer.has_value()) << email;
    EXPECT_TRUE(reviewer->user.roles.at(0).role == api::Role::kReviewer) << email;
  }
  EXPECT_GE(report->agencies, 10);
  auto again = demo::Generate(*app_, options);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  auto admin = svc().Login(demo::kDemoAdminEmail, demo::kDemoPassword, "127.0.0.1");
  ASSERT_TRUE(admin.has_value());
  EXPECT_TRUE(admin->user.roles.at(0).role == api::Role::kAdministrator);
  auto users = svc().ListUsers(0, 200, "");
  ASSERT_TRUE(users.has_value());
  // Names in their own scripts: Han, Hangul, Thai, Arabic, Devanagari.
  std::string all;
  for (const auto& u : *users) all += u.display_name + "|";
  for (const char* script_sample : {"山", "김", "ส", "م", "श"}) {
    bool found = false;
    for (const auto& u : *users) found |= u.display_name.find(script_sample) != std::string::npos;
    EXPECT_TRUE(found) << script_sample;
  }
  // Same seed, same data: compare with a second database.
  Config other = config_;
  other.db = "sqlite::memory:";
  auto app2 = App::Open(other);
  ASSERT_TRUE(app2.has_value());
  ASSERT_TRUE(demo::Generate(**app2, options).has_value());
  auto users2 = (*app2)->accounts().ListUsers(0, 200, "");
  ASSERT_EQ(users->size(), users2->size());
  for (size_t i = 0; i < users->size(); ++i) {
    EXPECT_EQ((*users)[i].email, (*users2)[i].email);
    EXPECT_EQ((*users)[i].display_name, (*users2)[i].display_name);
    EXPECT_EQ((*users)[i].orcid, (*users2)[i].orcid);
  }
  EXPECT_TRUE(audit::Verify(app_->db())->ok);
}

ASTA_INSTANTIATE_APP_TEST(AccountsTest);

}  // namespace
}  // namespace asta::testing
