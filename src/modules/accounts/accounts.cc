#include "modules/accounts/accounts.h"

#include <algorithm>
#include <map>

#include "core/countries.h"
#include "core/crypto.h"
#include "core/regions.h"
#include "core/text.h"
#include "core/time.h"
#include "modules/accounts/password.h"
#include "modules/compliance/compliance.h"

namespace asta::accounts {
namespace {

using store::Connection;
using store::Value;

constexpr size_t kMaxNameChars = 200;
constexpr char kUserColumns[] =
    "SELECT id, email, display_name, latin_name, language, orcid, agency_id, disabled, "
    "created_at, updated_at FROM users ";

User UserFromRow(const store::Row& r) {
  User u;
  u.id = r.Int(0);
  u.email = r.Text(1);
  u.display_name = r.Text(2);
  u.latin_name = r.Text(3);
  u.language = r.Text(4);
  u.orcid = r.OptText(5);
  u.agency_id = r.OptInt(6);
  u.disabled = r.Int(7) != 0;
  u.created_at = r.Text(8);
  u.updated_at = r.Text(9);
  return u;
}

Value OptValue(const std::optional<std::string>& v) { return v ? Value(*v) : Value(); }
Value OptValue(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(); }

Result<std::string> ValidateLanguage(const std::string& language) {
  if (language != "ja" && language != "en") {
    return InvalidArgument("must be \"ja\" or \"en\"", "language");
  }
  return language;
}

Result<std::string> ValidateCode(const std::string& code) {
  if (code.empty() || code.size() > 32 || !std::all_of(code.begin(), code.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      })) {
    return InvalidArgument("must be 1 to 32 letters, digits, '-' or '_'", "code");
  }
  return code;
}

Status CheckAgencyExists(Connection& conn, std::int64_t agency_id) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id FROM agencies WHERE id = ?", {agency_id}));
  if (rows.empty()) return InvalidArgument("no agency has this id", "agency_id");
  return Ok();
}

Ministry MinistryFromRow(const store::Row& r) {
  return Ministry{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)};
}

Agency AgencyFromRow(const store::Row& r) {
  return Agency{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
}

constexpr char kAgencyColumns[] =
    "SELECT id, ministry_id, code, country, name, name_en, created_at FROM agencies ";

Json GrantJson(const api::RoleGrant& g) {
  return Json{{"id", g.id},
              {"role", api::RoleName(g.role)},
              {"scope_type", g.scope_type},
              {"scope_id", g.scope_id}};
}

// Runs `body` in a write transaction for changes that return no value.
Status WriteStatus(store::Database& db, const std::function<Status(Connection&)>& body) {
  return db
      .InWriteTransaction<std::monostate>([&](Connection& conn) -> Result<std::monostate> {
        ASTA_RETURN_IF_ERROR(body(conn));
        return std::monostate{};
      })
      .map([](std::monostate) {});
}

// People and organisations are screened against restricted-party lists: each change of
// a name is noted in the same transaction (docs/compliance.md).
Status NoteUser(Connection& conn, const User& u) {
  compliance::SubjectInput in;
  in.source = "user:" + std::to_string(u.id);
  in.kind = "person";
  in.name = u.display_name;
  if (u.latin_name != u.display_name) in.other_names.push_back(u.latin_name);
  return compliance::NoteSubject(conn, in).map([](std::int64_t) {});
}

Status NoteOrganization(Connection& conn, const std::string& source, const std::string& name,
                        const std::string& name_en, const std::string& country) {
  compliance::SubjectInput in;
  in.source = source;
  in.kind = "organization";
  in.name = name;
  if (name_en != name) in.other_names.push_back(name_en);
  in.country = country;
  return compliance::NoteSubject(conn, in).map([](std::int64_t) {});
}

std::string Plus(std::int64_t seconds) { return FormatIso8601(NowUnixSeconds() + seconds); }

}  // namespace

void User::AppendJson(std::string& out) const {
  auto key = [&out](const char* name) {
    out += '"';
    out += name;
    out += "\":";
  };
  out += '{';
  key("id");
  out += std::to_string(id);
  out += ',';
  key("email");
  AppendJsonString(out, email);
  out += ',';
  key("display_name");
  AppendJsonString(out, display_name);
  out += ',';
  key("latin_name");
  AppendJsonString(out, latin_name);
  out += ',';
  key("language");
  AppendJsonString(out, language);
  out += ',';
  key("orcid");
  if (orcid) {
    AppendJsonString(out, *orcid);
  } else {
    out += "null";
  }
  out += ',';
  key("agency_id");
  out += agency_id ? std::to_string(*agency_id) : std::string("null");
  out += ',';
  key("disabled");
  out += disabled ? "true" : "false";
  out += ',';
  key("roles");
  out += '[';
  for (size_t i = 0; i < roles.size(); ++i) {
    const auto& g = roles[i];
    if (i > 0) out += ',';
    out += "{\"id\":";
    out += std::to_string(g.id);
    out += ",\"role\":";
    AppendJsonString(out, api::RoleName(g.role));
    out += ",\"scope_type\":";
    AppendJsonString(out, g.scope_type);
    out += ",\"scope_id\":";
    AppendJsonString(out, g.scope_id);
    out += '}';
  }
  out += "],";
  key("created_at");
  AppendJsonString(out, created_at);
  out += ',';
  key("updated_at");
  AppendJsonString(out, updated_at);
  out += '}';
}

Json User::ToJson() const {
  std::string text;
  AppendJson(text);
  return Json::parse(text);
}

Json Ministry::ToJson() const {
  return Json{{"id", id},     {"code", code},       {"country", country},
              {"name", name}, {"name_en", name_en}, {"created_at", created_at}};
}

Json Agency::ToJson() const {
  return Json{{"id", id},
              {"ministry_id", ministry_id},
              {"code", code},
              {"country", country},
              {"name", name},
              {"name_en", name_en},
              {"created_at", created_at}};
}

Json TokenInfo::ToJson() const {
  return Json{{"id", id},
              {"name", name},
              {"prefix", prefix},
              {"created_at", created_at},
              {"expires_at", expires_at ? Json(*expires_at) : Json(nullptr)},
              {"revoked", revoked}};
}

audit::Actor ActorOf(const api::Principal& p) { return audit::Actor{p.user_id, p.email}; }

Result<std::vector<api::RoleGrant>> AccountsService::LoadGrants(Connection& conn,
                                                                std::int64_t user_id) {
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT id, role, scope_type, scope_id FROM role_grants WHERE user_id = ? "
                 "ORDER BY id",
                 {user_id}));
  std::vector<api::RoleGrant> grants;
  for (const auto& r : rows.rows) {
    auto role = api::ParseRole(r.Text(1));
    if (!role) continue;  // A role this binary does not know grants nothing.
    grants.push_back(api::RoleGrant{r.Int(0), *role, r.Text(2), r.Text(3)});
  }
  return grants;
}

Result<User> AccountsService::LoadUser(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(std::string(kUserColumns) + "WHERE id = ?", {id}));
  if (rows.empty()) return NotFound("no user has id " + std::to_string(id));
  User u = UserFromRow(rows.rows[0]);
  ASTA_ASSIGN_OR_RETURN(u.roles, LoadGrants(conn, id));
  return u;
}

Result<User> AccountsService::CreateUser(const audit::Actor& actor, const NewUser& in) {
  ASTA_ASSIGN_OR_RETURN(std::string email, NormalizeEmail(in.email));
  ASTA_ASSIGN_OR_RETURN(std::string display,
                        ValidateText(in.display_name, "display_name", kMaxNameChars));
  ASTA_ASSIGN_OR_RETURN(std::string latin,
                        ValidateText(in.latin_name, "latin_name", kMaxNameChars));
  ASTA_ASSIGN_OR_RETURN(std::string language, ValidateLanguage(in.language));
  std::optional<std::string> orcid;
  if (in.orcid) {
    ASTA_ASSIGN_OR_RETURN(orcid, NormalizeOrcid(*in.orcid));
  }
  std::optional<std::string> hash;
  if (in.password) {
    ASTA_RETURN_IF_ERROR(CheckPasswordPolicy(*in.password));
    ASTA_ASSIGN_OR_RETURN(hash, HashPassword(*in.password));
  }
  return db_.InWriteTransaction<User>([&](Connection& conn) -> Result<User> {
    if (in.agency_id) ASTA_RETURN_IF_ERROR(CheckAgencyExists(conn, *in.agency_id));
    std::string key = AsciiLower(email);
    ASTA_ASSIGN_OR_RETURN(auto taken,
                          conn.Query("SELECT id FROM users WHERE email_key = ?", {key}));
    if (!taken.empty()) return AlreadyExists("a user with this e-mail already exists", "email");
    if (orcid) {
      ASTA_ASSIGN_OR_RETURN(auto o, conn.Query("SELECT id FROM users WHERE orcid = ?", {*orcid}));
      if (!o.empty()) return AlreadyExists("a user with this ORCID iD already exists", "orcid");
    }
    std::string now = NowIso8601();
    ASTA_ASSIGN_OR_RETURN(
        auto ins,
        conn.Query("INSERT INTO users (email, email_key, display_name, latin_name, language, "
                   "orcid, agency_id, password_hash, disabled, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
                   {email, key, display, latin, language, OptValue(orcid), OptValue(in.agency_id),
                    OptValue(hash), now, now}));
    std::int64_t id = ins.rows.at(0).Int(0);
    ASTA_ASSIGN_OR_RETURN(User user, LoadUser(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "user.create", "user", std::to_string(id),
                                       nullptr, user.ToJson()));
    ASTA_RETURN_IF_ERROR(NoteUser(conn, user));
    return user;
  });
}

Result<User> AccountsService::GetUser(std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  return LoadUser(*lease, id);
}

Result<User> AccountsService::FindUserByEmail(const std::string& email) {
  ASTA_ASSIGN_OR_RETURN(std::string normal, NormalizeEmail(email));
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(
      auto rows, lease->Query("SELECT id FROM users WHERE email_key = ?", {AsciiLower(normal)}));
  if (rows.empty()) return NotFound("no user has the e-mail " + normal);
  return LoadUser(*lease, rows.rows[0].Int(0));
}

Result<std::vector<User>> AccountsService::ListUsers(std::int64_t after_id, int limit,
                                                     const std::string& query) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  std::string sql = std::string(kUserColumns) + "WHERE id > ?";
  std::vector<Value> params{after_id};
  if (!query.empty()) {
    // Substring match on names and e-mail; LIKE wildcards in the query are escaped.
    std::string pattern = "%";
    for (char c : query) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    pattern += "%";
    sql +=
        " AND (display_name LIKE ? ESCAPE '\\' OR latin_name LIKE ? ESCAPE '\\' OR "
        "email_key LIKE ? ESCAPE '\\')";
    params.insert(params.end(), {pattern, pattern, AsciiLower(pattern)});
  }
  sql += " ORDER BY id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<User> users;
  users.reserve(rows.size());
  for (const auto& r : rows.rows) users.push_back(UserFromRow(r));
  if (users.empty()) return users;
  // One query for the grants of the whole page rather than one per user.
  std::string grants_sql =
      "SELECT user_id, id, role, scope_type, scope_id FROM role_grants WHERE user_id IN (";
  std::vector<Value> ids;
  std::map<std::int64_t, size_t> index;
  for (size_t i = 0; i < users.size(); ++i) {
    grants_sql += i == 0 ? "?" : ", ?";
    ids.push_back(users[i].id);
    index[users[i].id] = i;
  }
  grants_sql += ") ORDER BY id";
  ASTA_ASSIGN_OR_RETURN(auto grants, lease->Query(grants_sql, ids));
  for (const auto& g : grants.rows) {
    auto role = api::ParseRole(g.Text(2));
    if (!role) continue;
    users[index.at(g.Int(0))].roles.push_back(
        api::RoleGrant{g.Int(1), *role, g.Text(3), g.Text(4)});
  }
  return users;
}

Result<User> AccountsService::UpdateUser(const audit::Actor& actor, std::int64_t id,
                                         const UserPatch& p) {
  std::optional<std::string> display, latin, language, orcid;
  if (p.display_name) {
    ASTA_ASSIGN_OR_RETURN(display, ValidateText(*p.display_name, "display_name", kMaxNameChars));
  }
  if (p.latin_name) {
    ASTA_ASSIGN_OR_RETURN(latin, ValidateText(*p.latin_name, "latin_name", kMaxNameChars));
  }
  if (p.language) {
    ASTA_ASSIGN_OR_RETURN(language, ValidateLanguage(*p.language));
  }
  if (p.orcid) {
    ASTA_ASSIGN_OR_RETURN(orcid, NormalizeOrcid(*p.orcid));
  }
  return db_.InWriteTransaction<User>([&](Connection& conn) -> Result<User> {
    ASTA_ASSIGN_OR_RETURN(User before, LoadUser(conn, id));
    User after = before;
    if (display) after.display_name = *display;
    if (latin) after.latin_name = *latin;
    if (language) after.language = *language;
    if (orcid && orcid != before.orcid) {
      ASTA_ASSIGN_OR_RETURN(
          auto o, conn.Query("SELECT id FROM users WHERE orcid = ? AND id <> ?", {*orcid, id}));
      if (!o.empty()) return AlreadyExists("a user with this ORCID iD already exists", "orcid");
      after.orcid = orcid;
    }
    if (p.clear_orcid) after.orcid.reset();
    if (p.agency_id) {
      ASTA_RETURN_IF_ERROR(CheckAgencyExists(conn, *p.agency_id));
      after.agency_id = p.agency_id;
    }
    if (p.clear_agency) after.agency_id.reset();
    if (p.disabled) after.disabled = *p.disabled;
    after.updated_at = NowIso8601();
    ASTA_RETURN_IF_ERROR(
        conn.Execute("UPDATE users SET display_name = ?, latin_name = ?, language = ?, orcid = ?, "
                     "agency_id = ?, disabled = ?, updated_at = ? WHERE id = ?",
                     {after.display_name, after.latin_name, after.language, OptValue(after.orcid),
                      OptValue(after.agency_id), static_cast<std::int64_t>(after.disabled ? 1 : 0),
                      after.updated_at, id}));
    if (after.disabled && !before.disabled) {
      // A disabled account keeps no way in.
      ASTA_RETURN_IF_ERROR(conn.Execute("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {id}));
      ASTA_RETURN_IF_ERROR(
          conn.Execute("UPDATE api_tokens SET revoked = 1 WHERE user_id = ?", {id}));
    }
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "user.update", "user", std::to_string(id),
                                       before.ToJson(), after.ToJson()));
    if (after.display_name != before.display_name || after.latin_name != before.latin_name) {
      ASTA_RETURN_IF_ERROR(NoteUser(conn, after));
    }
    return after;
  });
}

Status AccountsService::SetPassword(const audit::Actor& actor, std::int64_t id,
                                    const std::string& password) {
  ASTA_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  ASTA_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  return WriteStatus(db_, [&](Connection& conn) -> Status {
    ASTA_ASSIGN_OR_RETURN(auto n, conn.Execute("UPDATE users SET password_hash = ?, "
                                               "updated_at = ? WHERE id = ?",
                                               {hash, NowIso8601(), id}));
    if (n == 0) return NotFound("no user has id " + std::to_string(id));
    // Changing the password ends every browser session of the account.
    ASTA_RETURN_IF_ERROR(conn.Execute("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {id}));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "user.password", "user", std::to_string(id),
                                       nullptr, Json{{"password", "changed"}}));
    return Ok();
  });
}

Result<api::RoleGrant> AccountsService::GrantRole(const audit::Actor& actor, std::int64_t user_id,
                                                  api::Role role, const std::string& scope_type,
                                                  const std::string& scope_id_in) {
  const auto& allowed = api::AllowedScopeTypes(role);
  if (std::find(allowed.begin(), allowed.end(), scope_type) == allowed.end()) {
    std::string list;
    for (const auto& s : allowed) list += (list.empty() ? "" : ", ") + s;
    return InvalidArgument(
        "role " + std::string(api::RoleName(role)) + " can only be granted with scope type " + list,
        "scope_type");
  }
  std::string scope_id(Trim(scope_id_in));
  bool scopeless = scope_type == "global" || scope_type == "self";
  if (scopeless && !scope_id.empty()) {
    return InvalidArgument("must be empty for scope type " + scope_type, "scope_id");
  }
  if (!scopeless) {
    ASTA_ASSIGN_OR_RETURN(scope_id, ValidateText(scope_id, "scope_id", 100));
  }
  // An overseas office serves one of the regions of core/regions.h.
  if (scope_type == "region") {
    ASTA_ASSIGN_OR_RETURN(scope_id, NormalizeRegion(scope_id, "scope_id"));
  }
  return db_.InWriteTransaction<api::RoleGrant>([&](Connection& conn) -> Result<api::RoleGrant> {
    ASTA_ASSIGN_OR_RETURN(User user, LoadUser(conn, user_id));
    if (scope_type == "agency") {
      std::int64_t agency = 0;
      try {
        size_t used = 0;
        agency = std::stoll(scope_id, &used);
        if (used != scope_id.size()) agency = 0;
      } catch (const std::exception&) {
        agency = 0;
      }
      if (agency <= 0) return InvalidArgument("must be the id of an agency", "scope_id");
      auto exists = CheckAgencyExists(conn, agency);
      if (!exists) return InvalidArgument("no agency has this id", "scope_id");
    }
    auto ins = conn.Query(
        "INSERT INTO role_grants (user_id, role, scope_type, scope_id, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        {user_id, std::string(api::RoleName(role)), scope_type, scope_id, NowIso8601()});
    if (!ins && ins.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExists("the user already has this role with this scope", "role");
    }
    if (!ins) return tl::unexpected(ins.error());
    api::RoleGrant grant{ins->rows.at(0).Int(0), role, scope_type, scope_id};
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "role.grant", "user", std::to_string(user_id),
                                       nullptr, GrantJson(grant)));
    (void)user;
    return grant;
  });
}

Status AccountsService::RevokeRole(const audit::Actor& actor, std::int64_t user_id,
                                   std::int64_t grant_id) {
  return WriteStatus(db_, [&](Connection& conn) -> Status {
    ASTA_ASSIGN_OR_RETURN(auto rows,
                          conn.Query("SELECT id, role, scope_type, scope_id FROM role_grants "
                                     "WHERE id = ? AND user_id = ?",
                                     {grant_id, user_id}));
    if (rows.empty()) {
      return NotFound("user " + std::to_string(user_id) + " has no role grant " +
                      std::to_string(grant_id));
    }
    Json before{{"id", grant_id},
                {"role", rows.rows[0].Text(1)},
                {"scope_type", rows.rows[0].Text(2)},
                {"scope_id", rows.rows[0].Text(3)}};
    ASTA_RETURN_IF_ERROR(conn.Execute("DELETE FROM role_grants WHERE id = ?", {grant_id}));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "role.revoke", "user", std::to_string(user_id),
                                       before, nullptr));
    return Ok();
  });
}

Result<Ministry> AccountsService::CreateMinistry(const audit::Actor& actor, const Ministry& in) {
  Ministry m;
  ASTA_ASSIGN_OR_RETURN(m.code, ValidateCode(in.code));
  ASTA_ASSIGN_OR_RETURN(m.country, NormalizeCountry(in.country));
  ASTA_ASSIGN_OR_RETURN(m.name, ValidateText(in.name, "name", 300));
  ASTA_ASSIGN_OR_RETURN(m.name_en, ValidateText(in.name_en, "name_en", 300));
  m.created_at = NowIso8601();
  return db_.InWriteTransaction<Ministry>([&](Connection& conn) -> Result<Ministry> {
    auto ins = conn.Query(
        "INSERT INTO ministries (code, country, name, name_en, created_at) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id",
        {m.code, m.country, m.name, m.name_en, m.created_at});
    if (!ins && ins.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExists("a ministry with this code already exists", "code");
    }
    if (!ins) return tl::unexpected(ins.error());
    m.id = ins->rows.at(0).Int(0);
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "ministry.create", "ministry",
                                       std::to_string(m.id), nullptr, m.ToJson()));
    ASTA_RETURN_IF_ERROR(
        NoteOrganization(conn, "ministry:" + std::to_string(m.id), m.name, m.name_en, m.country));
    return m;
  });
}

Result<std::vector<Ministry>> AccountsService::ListMinistries(std::int64_t after_id, int limit) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        lease->Query("SELECT id, code, country, name, name_en, created_at FROM "
                                     "ministries WHERE id > ? ORDER BY id LIMIT ?",
                                     {after_id, static_cast<std::int64_t>(limit + 1)}));
  std::vector<Ministry> out;
  for (const auto& r : rows.rows) out.push_back(MinistryFromRow(r));
  return out;
}

Result<Agency> AccountsService::CreateAgency(const audit::Actor& actor, const Agency& in) {
  Agency a;
  a.ministry_id = in.ministry_id;
  ASTA_ASSIGN_OR_RETURN(a.code, ValidateCode(in.code));
  ASTA_ASSIGN_OR_RETURN(a.country, NormalizeCountry(in.country));
  ASTA_ASSIGN_OR_RETURN(a.name, ValidateText(in.name, "name", 300));
  ASTA_ASSIGN_OR_RETURN(a.name_en, ValidateText(in.name_en, "name_en", 300));
  a.created_at = NowIso8601();
  return db_.InWriteTransaction<Agency>([&](Connection& conn) -> Result<Agency> {
    ASTA_ASSIGN_OR_RETURN(auto m,
                          conn.Query("SELECT id FROM ministries WHERE id = ?", {a.ministry_id}));
    if (m.empty()) return InvalidArgument("no ministry has this id", "ministry_id");
    auto ins = conn.Query(
        "INSERT INTO agencies (ministry_id, code, country, name, name_en, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {a.ministry_id, a.code, a.country, a.name, a.name_en, a.created_at});
    if (!ins && ins.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExists("an agency with this code already exists", "code");
    }
    if (!ins) return tl::unexpected(ins.error());
    a.id = ins->rows.at(0).Int(0);
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "agency.create", "agency", std::to_string(a.id),
                                       nullptr, a.ToJson()));
    ASTA_RETURN_IF_ERROR(
        NoteOrganization(conn, "agency:" + std::to_string(a.id), a.name, a.name_en, a.country));
    return a;
  });
}

Result<Agency> AccountsService::GetAgency(std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        lease->Query(std::string(kAgencyColumns) + "WHERE id = ?", {id}));
  if (rows.empty()) return NotFound("no agency has id " + std::to_string(id));
  return AgencyFromRow(rows.rows[0]);
}

Result<std::vector<Agency>> AccountsService::ListAgencies(std::int64_t after_id, int limit,
                                                          std::optional<std::int64_t> ministry) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  std::string sql = std::string(kAgencyColumns) + "WHERE id > ?";
  std::vector<Value> params{after_id};
  if (ministry) {
    sql += " AND ministry_id = ?";
    params.push_back(*ministry);
  }
  sql += " ORDER BY id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<Agency> out;
  for (const auto& r : rows.rows) out.push_back(AgencyFromRow(r));
  return out;
}

Result<Agency> AccountsService::UpdateAgency(const audit::Actor& actor, std::int64_t id,
                                             const Json& fields) {
  api::BodyReader reader(fields);
  ASTA_ASSIGN_OR_RETURN(auto name, reader.OptionalString("name", 300));
  ASTA_ASSIGN_OR_RETURN(auto name_en, reader.OptionalString("name_en", 300));
  ASTA_ASSIGN_OR_RETURN(auto country, reader.OptionalString("country", 2));
  ASTA_RETURN_IF_ERROR(reader.Finish());
  std::optional<std::string> country_code;
  if (country) {
    ASTA_ASSIGN_OR_RETURN(country_code, NormalizeCountry(*country));
  }
  return db_.InWriteTransaction<Agency>([&](Connection& conn) -> Result<Agency> {
    ASTA_ASSIGN_OR_RETURN(auto rows,
                          conn.Query(std::string(kAgencyColumns) + "WHERE id = ?", {id}));
    if (rows.empty()) return NotFound("no agency has id " + std::to_string(id));
    Agency before = AgencyFromRow(rows.rows[0]);
    Agency after = before;
    if (name) after.name = *name;
    if (name_en) after.name_en = *name_en;
    if (country_code) after.country = *country_code;
    ASTA_RETURN_IF_ERROR(
        conn.Execute("UPDATE agencies SET name = ?, name_en = ?, country = ? WHERE id = ?",
                     {after.name, after.name_en, after.country, id}));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "agency.update", "agency", std::to_string(id),
                                       before.ToJson(), after.ToJson()));
    ASTA_RETURN_IF_ERROR(NoteOrganization(conn, "agency:" + std::to_string(id), after.name,
                                          after.name_en, after.country));
    return after;
  });
}

Result<SessionGrant> AccountsService::Login(const std::string& email_in,
                                            const std::string& password,
                                            const std::string& remote_addr) {
  auto email = NormalizeEmail(email_in);
  if (!email) return tl::unexpected(email.error());
  if (password.empty()) return InvalidArgument("must not be empty", "password");
  std::string key = AsciiLower(*email);
  std::string window_start = Plus(-60LL * config_.login_window_minutes);
  {
    ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
    ASTA_ASSIGN_OR_RETURN(auto by_email,
                          lease->Query("SELECT COUNT(*) FROM login_failures WHERE email_key = ? "
                                       "AND at >= ?",
                                       {key, window_start}));
    ASTA_ASSIGN_OR_RETURN(auto by_addr,
                          lease->Query("SELECT COUNT(*) FROM login_failures WHERE remote_addr = ? "
                                       "AND at >= ?",
                                       {remote_addr, window_start}));
    if (by_email.rows.at(0).Int(0) >= config_.login_max_failures ||
        by_addr.rows.at(0).Int(0) >= 4LL * config_.login_max_failures) {
      return ResourceExhausted("too many failed sign-in attempts; try again in " +
                               std::to_string(config_.login_window_minutes) + " minutes");
    }
  }
  std::optional<std::int64_t> user_id;
  bool ok = false;
  {
    ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        lease->Query("SELECT id, password_hash, disabled FROM users WHERE email_key = ?", {key}));
    if (rows.empty() || !rows.rows[0].OptText(1)) {
      BurnVerificationTime(password);
    } else {
      user_id = rows.rows[0].Int(0);
      ok = VerifyPassword(password, *rows.rows[0].OptText(1)) && rows.rows[0].Int(2) == 0;
    }
  }
  if (!ok) {
    ASTA_RETURN_IF_ERROR(WriteStatus(db_, [&](Connection& conn) -> Status {
      ASTA_RETURN_IF_ERROR(
          conn.Execute("INSERT INTO login_failures (email_key, remote_addr, at) VALUES (?, ?, ?)",
                       {key, remote_addr, NowIso8601()}));
      return Ok();
    }));
    // The same answer whether the account exists or not.
    return Unauthenticated("the e-mail address or password is not correct");
  }
  SessionGrant grant;
  grant.token = Base64UrlEncode(RandomBytes(32));
  grant.csrf_token = Base64UrlEncode(RandomBytes(24));
  grant.max_age_seconds = config_.session_hours * 3600;
  ASTA_ASSIGN_OR_RETURN(
      grant.user, db_.InWriteTransaction<User>([&](Connection& conn) -> Result<User> {
        std::string now = NowIso8601();
        ASTA_ASSIGN_OR_RETURN(
            auto ins, conn.Query("INSERT INTO sessions (user_id, token_hash, csrf_token, "
                                 "created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                                 {*user_id, Sha256Hex(grant.token), grant.csrf_token, now,
                                  Plus(grant.max_age_seconds)}));
        ASTA_RETURN_IF_ERROR(conn.Execute("DELETE FROM login_failures WHERE email_key = ?", {key}));
        ASTA_ASSIGN_OR_RETURN(User user, LoadUser(conn, *user_id));
        ASTA_RETURN_IF_ERROR(audit::Append(
            conn, audit::Actor{user.id, user.email}, "session.login", "user",
            std::to_string(user.id), nullptr,
            Json{{"session_id", ins.rows.at(0).Int(0)}, {"remote_addr", remote_addr}}));
        return user;
      }));
  return grant;
}

Status AccountsService::Logout(const api::Principal& p) {
  if (p.method != api::AuthMethod::kSession) return Ok();
  return WriteStatus(db_, [&](Connection& conn) -> Status {
    ASTA_RETURN_IF_ERROR(
        conn.Execute("UPDATE sessions SET revoked = 1 WHERE id = ?", {p.session_id}));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, ActorOf(p), "session.logout", "user",
                                       std::to_string(p.user_id), nullptr,
                                       Json{{"session_id", p.session_id}}));
    return Ok();
  });
}

Result<CreatedToken> AccountsService::CreateToken(const audit::Actor& actor, std::int64_t user_id,
                                                  const std::string& name,
                                                  std::optional<int> expires_days) {
  ASTA_ASSIGN_OR_RETURN(std::string clean, ValidateText(name, "name", 100));
  if (expires_days && (*expires_days < 1 || *expires_days > 3650)) {
    return InvalidArgument("must be from 1 to 3650 days", "expires_days");
  }
  CreatedToken out;
  out.token = "asta_" + Base64UrlEncode(RandomBytes(32));
  out.info.name = clean;
  out.info.prefix = out.token.substr(0, 10);
  out.info.created_at = NowIso8601();
  if (expires_days) out.info.expires_at = Plus(86400LL * *expires_days);
  ASTA_ASSIGN_OR_RETURN(
      out.info.id,
      db_.InWriteTransaction<std::int64_t>([&](Connection& conn) -> Result<std::int64_t> {
        ASTA_RETURN_IF_ERROR(LoadUser(conn, user_id));
        ASTA_ASSIGN_OR_RETURN(
            auto ins, conn.Query("INSERT INTO api_tokens (user_id, name, token_hash, prefix, "
                                 "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                 {user_id, clean, Sha256Hex(out.token), out.info.prefix,
                                  out.info.created_at, OptValue(out.info.expires_at)}));
        std::int64_t id = ins.rows.at(0).Int(0);
        out.info.id = id;
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "token.create", "user",
                                           std::to_string(user_id), nullptr, out.info.ToJson()));
        return id;
      }));
  return out;
}

Result<std::vector<TokenInfo>> AccountsService::ListTokens(std::int64_t user_id) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(
      auto rows, lease->Query("SELECT id, name, prefix, created_at, expires_at, revoked FROM "
                              "api_tokens WHERE user_id = ? ORDER BY id",
                              {user_id}));
  std::vector<TokenInfo> out;
  for (const auto& r : rows.rows) {
    out.push_back(
        TokenInfo{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.OptText(4), r.Int(5) != 0});
  }
  return out;
}

Status AccountsService::RevokeToken(const audit::Actor& actor, std::int64_t user_id,
                                    std::int64_t token_id) {
  return WriteStatus(db_, [&](Connection& conn) -> Status {
    ASTA_ASSIGN_OR_RETURN(auto n, conn.Execute("UPDATE api_tokens SET revoked = 1 WHERE id = ? AND "
                                               "user_id = ? AND revoked = 0",
                                               {token_id, user_id}));
    if (n == 0) return NotFound("you have no active token " + std::to_string(token_id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "token.revoke", "user", std::to_string(user_id),
                                       Json{{"token_id", token_id}}, nullptr));
    return Ok();
  });
}

Result<api::Principal> AccountsService::PrincipalFor(Connection& conn, std::int64_t user_id,
                                                     api::AuthMethod method) {
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT email, display_name, language, disabled FROM users WHERE id = ?",
                 {user_id}));
  if (rows.empty() || rows.rows[0].Int(3) != 0) {
    return Unauthenticated("the account is disabled or no longer exists");
  }
  api::Principal p;
  p.user_id = user_id;
  p.email = rows.rows[0].Text(0);
  p.display_name = rows.rows[0].Text(1);
  p.language = rows.rows[0].Text(2);
  p.method = method;
  ASTA_ASSIGN_OR_RETURN(p.grants, LoadGrants(conn, user_id));
  return p;
}

namespace {

constexpr size_t kPrincipalCacheMax = 10000;

Result<std::int64_t> AuditSeq(Connection& conn) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT seq FROM audit_head WHERE id = 1"));
  if (rows.empty()) return Internal("audit_head row is missing; the audit log is damaged");
  return rows.rows[0].Int(0);
}

}  // namespace

Result<std::int64_t> AccountsService::StateVersion() {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  return AuditSeq(*lease);
}

Result<std::string> AccountsService::UserPageJson(std::int64_t after_id, int limit,
                                                  const std::string& query) {
  constexpr size_t kMaxPages = 512;
  // The version is read before the page, so a change committed in between leaves the
  // cached page already stale rather than wrongly fresh.
  ASTA_ASSIGN_OR_RETURN(std::int64_t version, StateVersion());
  std::string key = std::to_string(after_id) + "|" + std::to_string(limit) + "|" + query;
  {
    std::lock_guard<std::mutex> lock(page_mutex_);
    auto it = page_cache_.find(key);
    if (it != page_cache_.end() && it->second.first == version) return it->second.second;
  }
  ASTA_ASSIGN_OR_RETURN(auto users, ListUsers(after_id, limit, query));
  const size_t shown = std::min(users.size(), static_cast<size_t>(limit));
  std::string text = "{\"items\":[";
  text.reserve(shown * 330 + 64);
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) text += ',';
    users[i].AppendJson(text);
  }
  text += "],\"next_cursor\":";
  if (users.size() > shown) {
    AppendJsonString(text, api::EncodeCursor(users[shown - 1].id));
  } else {
    text += "null";
  }
  text += '}';
  std::lock_guard<std::mutex> lock(page_mutex_);
  if (page_cache_.size() >= kMaxPages) page_cache_.clear();
  page_cache_[key] = {version, text};
  return text;
}

std::optional<api::Principal> AccountsService::CachedLookup(const std::string& key,
                                                            std::int64_t audit_seq) {
  std::lock_guard<std::mutex> lock(cache_mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return std::nullopt;
  if (it->second.audit_seq != audit_seq ||
      (it->second.expires_at && *it->second.expires_at <= NowIso8601())) {
    cache_.erase(it);
    return std::nullopt;
  }
  return it->second.principal;
}

void AccountsService::CacheStore(const std::string& key, const api::Principal& principal,
                                 std::int64_t audit_seq, std::optional<std::string> expires_at) {
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache_.size() >= kPrincipalCacheMax) cache_.clear();
  cache_[key] = CachedPrincipal{principal, audit_seq, std::move(expires_at)};
}

Result<api::Principal> AccountsService::AuthenticateSession(std::string_view token) {
  if (token.empty() || token.size() > 200) return Unauthenticated("sign in again");
  const std::string hash = Sha256Hex(token);
  const std::string key = "s:" + hash;
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(std::int64_t seq, AuditSeq(*lease));
  if (auto hit = CachedLookup(key, seq)) return *hit;
  ASTA_ASSIGN_OR_RETURN(
      auto rows, lease->Query("SELECT id, user_id, csrf_token, expires_at FROM sessions WHERE "
                              "token_hash = ? AND revoked = 0",
                              {hash}));
  if (rows.empty() || rows.rows[0].Text(3) <= NowIso8601()) {
    return Unauthenticated("your session has ended; sign in again");
  }
  ASTA_ASSIGN_OR_RETURN(api::Principal p,
                        PrincipalFor(*lease, rows.rows[0].Int(1), api::AuthMethod::kSession));
  p.session_id = rows.rows[0].Int(0);
  p.csrf_token = rows.rows[0].Text(2);
  CacheStore(key, p, seq, rows.rows[0].Text(3));
  return p;
}

Result<api::Principal> AccountsService::AuthenticateToken(std::string_view token) {
  if (token.size() < 10 || token.size() > 200) return Unauthenticated("the API token is not valid");
  const std::string hash = Sha256Hex(token);
  const std::string key = "t:" + hash;
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(std::int64_t seq, AuditSeq(*lease));
  if (auto hit = CachedLookup(key, seq)) return *hit;
  ASTA_ASSIGN_OR_RETURN(
      auto rows, lease->Query("SELECT user_id, expires_at FROM api_tokens WHERE token_hash = ? "
                              "AND revoked = 0",
                              {hash}));
  if (rows.empty()) return Unauthenticated("the API token is not valid");
  auto expires = rows.rows[0].OptText(1);
  if (expires && *expires <= NowIso8601()) return Unauthenticated("the API token has expired");
  ASTA_ASSIGN_OR_RETURN(api::Principal p,
                        PrincipalFor(*lease, rows.rows[0].Int(0), api::AuthMethod::kToken));
  CacheStore(key, p, seq, expires);
  return p;
}

}  // namespace asta::accounts
