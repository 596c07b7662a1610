// Accounts, tenants and credentials: users (names in any script plus a Latin form,
// language, ORCID iD), ministries and the agencies under them, role grants with scopes,
// browser sessions, API tokens and login throttling. Every change is written to the
// audit trail in the same transaction. Implements api::Authenticator for the HTTP layer.
//
// Errors: InvalidArgument naming the field for bad input, AlreadyExists for a taken
// e-mail/ORCID/code, NotFound, Unauthenticated for bad credentials, ResourceExhausted
// when login attempts are throttled. Secrets (passwords, tokens) are never logged or
// written to the audit trail; only their hashes are stored.
//
// Thread-safety: AccountsService is thread-safe (state lives in the database).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config.h"
#include "core/json.h"
#include "core/result.h"
#include "modules/api/api.h"
#include "modules/audit/audit_log.h"
#include "store/database.h"

namespace asta::accounts {

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;  // as written, any script
  std::string latin_name;    // Latin-script form
  std::string language;      // "ja" | "en"
  std::optional<std::string> orcid;
  std::optional<std::int64_t> agency_id;
  bool disabled = false;
  std::vector<api::RoleGrant> roles;
  std::string created_at;
  std::string updated_at;

  // The one serialisation of a user, written directly as JSON text (the list routes
  // serve thousands of users a second); ToJson() parses it for the audit trail.
  void AppendJson(std::string& out) const;
  Json ToJson() const;
};

struct NewUser {
  std::string email;
  std::string display_name;
  std::string latin_name;
  std::string language = "en";
  std::optional<std::string> orcid;
  std::optional<std::int64_t> agency_id;
  std::optional<std::string> password;  // none: cannot sign in until one is set
};

// Fields left unset are unchanged; `clear_orcid`/`clear_agency` set them to null.
struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> latin_name;
  std::optional<std::string> language;
  std::optional<std::string> orcid;
  bool clear_orcid = false;
  std::optional<std::int64_t> agency_id;
  bool clear_agency = false;
  std::optional<bool> disabled;
};

struct Ministry {
  std::int64_t id = 0;
  std::string code, country, name, name_en, created_at;
  Json ToJson() const;
};

struct Agency {
  std::int64_t id = 0;
  std::int64_t ministry_id = 0;
  std::string code, country, name, name_en, created_at;
  Json ToJson() const;
};

struct SessionGrant {
  std::string token;  // the cookie value; shown to the client only
  std::string csrf_token;
  User user;
  int max_age_seconds = 0;
};

struct TokenInfo {
  std::int64_t id = 0;
  std::string name, prefix, created_at;
  std::optional<std::string> expires_at;
  bool revoked = false;
  Json ToJson() const;
};

struct CreatedToken {
  TokenInfo info;
  std::string token;  // shown once
};

class AccountsService : public api::Authenticator {
 public:
  AccountsService(store::Database& db, const Config& config) : db_(db), config_(config) {}

  // Users. Validation: e-mail, names (display up to 200, Latin up to 200 characters),
  // language ja|en, ORCID with check digit, existing agency, password policy.
  Result<User> CreateUser(const audit::Actor& actor, const NewUser& user);
  Result<User> GetUser(std::int64_t id);
  Result<User> FindUserByEmail(const std::string& email);
  // Users ordered by id after `after_id`; `query` filters by name or e-mail substring.
  Result<std::vector<User>> ListUsers(std::int64_t after_id, int limit, const std::string& query);
  Result<User> UpdateUser(const audit::Actor& actor, std::int64_t id, const UserPatch& patch);
  Status SetPassword(const audit::Actor& actor, std::int64_t id, const std::string& password);
  Result<api::RoleGrant> GrantRole(const audit::Actor& actor, std::int64_t user_id, api::Role role,
                                   const std::string& scope_type, const std::string& scope_id);
  Status RevokeRole(const audit::Actor& actor, std::int64_t user_id, std::int64_t grant_id);

  // Tenants.
  Result<Ministry> CreateMinistry(const audit::Actor& actor, const Ministry& ministry);
  Result<std::vector<Ministry>> ListMinistries(std::int64_t after_id, int limit);
  Result<Agency> CreateAgency(const audit::Actor& actor, const Agency& agency);
  Result<Agency> GetAgency(std::int64_t id);
  Result<std::vector<Agency>> ListAgencies(std::int64_t after_id, int limit,
                                           std::optional<std::int64_t> ministry_id);
  Result<Agency> UpdateAgency(const audit::Actor& actor, std::int64_t id, const Json& fields);

  // Sessions. Login checks throttling first (failures per e-mail and per address within
  // the configured window), then the password.
  Result<SessionGrant> Login(const std::string& email, const std::string& password,
                             const std::string& remote_addr);
  Status Logout(const api::Principal& principal);

  // API tokens for scripts: "asta_…", stored as SHA-256.
  Result<CreatedToken> CreateToken(const audit::Actor& actor, std::int64_t user_id,
                                   const std::string& name, std::optional<int> expires_days);
  Result<std::vector<TokenInfo>> ListTokens(std::int64_t user_id);
  Status RevokeToken(const audit::Actor& actor, std::int64_t user_id, std::int64_t token_id);

  // api::Authenticator.
  Result<api::Principal> AuthenticateSession(std::string_view session_token) override;
  Result<api::Principal> AuthenticateToken(std::string_view api_token) override;

  const Config& config() const { return config_; }

  // The version of everything a read may show: the audit head's sequence number, which
  // every committed change moves (in any process sharing the database).
  Result<std::int64_t> StateVersion();
  // A page of the user list as JSON text ({"items","next_cursor"}), served from a cache
  // that is valid while StateVersion() has not moved, else built and cached.
  Result<std::string> UserPageJson(std::int64_t after_id, int limit, const std::string& query);

 private:
  Result<User> LoadUser(store::Connection& conn, std::int64_t id);
  Result<std::vector<api::RoleGrant>> LoadGrants(store::Connection& conn, std::int64_t user_id);
  Result<api::Principal> PrincipalFor(store::Connection& conn, std::int64_t user_id,
                                      api::AuthMethod method);
  // Principals by credential hash, each valid while the audit head is where it was when
  // the principal was loaded: every change that could alter a principal (sign-out,
  // revocation, disabling, roles, passwords) writes an audit entry and so moves the head,
  // in this process or any other sharing the database. One small read replaces three.
  struct CachedPrincipal {
    api::Principal principal;
    std::int64_t audit_seq = 0;
    std::optional<std::string> expires_at;
  };
  std::optional<api::Principal> CachedLookup(const std::string& key, std::int64_t audit_seq);
  void CacheStore(const std::string& key, const api::Principal& principal, std::int64_t audit_seq,
                  std::optional<std::string> expires_at);

  store::Database& db_;
  Config config_;
  std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedPrincipal> cache_;
  std::mutex page_mutex_;
  std::unordered_map<std::string, std::pair<std::int64_t, std::string>> page_cache_;
};

// The accounts routes: session, users, roles, ministries, agencies, tokens.
std::vector<api::RouteSpec> AccountsRoutes(AccountsService& service);

// Actor for a request's principal.
audit::Actor ActorOf(const api::Principal& principal);

}  // namespace asta::accounts
