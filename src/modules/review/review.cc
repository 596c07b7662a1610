// The review service: review.h is the contract.
#include "modules/review/review.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "core/crypto.h"
#include "core/text.h"
#include "core/time.h"
#include "engines/assign/assign.h"
#include "engines/names/names.h"
#ifdef ASTA_HAVE_AFFINITY
#include "engines/affinity/affinity.h"
#endif
#ifdef ASTA_HAVE_SELECT
#include "engines/select/select.h"
#endif
#include "modules/api/api.h"
#include "modules/review/scoring.h"

namespace asta::review {

using store::Connection;
using store::Value;

namespace {

// The countries a proposal's team members give (each once, sorted).
std::set<std::string> TeamCountries(const programmes::Proposal& p) {
  std::set<std::string> countries;
  const Json team = p.content.value("team", Json::array());
  if (!team.is_array()) return countries;
  for (const Json& m : team) {
    if (m.is_object() && m.contains("country") && m["country"].is_string() &&
        !m["country"].get<std::string>().empty()) {
      countries.insert(m["country"].get<std::string>());
    }
  }
  return countries;
}

Value OptId(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

// One read statement on a connection of its own, returned at once: the service never
// holds a connection while it calls another service (an in-memory SQLite database has a
// single one).
Result<store::Rows> Query(store::Database& db, std::string_view sql,
                          const std::vector<Value>& params = {}) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db.Acquire());
  return lease->Query(sql, params);
}

std::string Quote(const std::string& s) { return "‘" + s + "’"; }

int YearNow(std::int64_t now) {
  const std::string iso = FormatIso8601(now);
  return std::stoi(iso.substr(0, 4));
}

// Reads an optional bounded integer of a settings body.
Result<std::optional<int>> IntField(const Json& body, const std::string& key,
                                    const std::string& field, int lo, int hi) {
  if (!body.contains(key) || body[key].is_null()) return std::optional<int>();
  const Json& v = body[key];
  if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi) {
    return InvalidArgument(
        field + ": must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi),
        field);
  }
  return std::optional<int>(static_cast<int>(v.get<std::int64_t>()));
}

Result<std::optional<bool>> BoolField(const Json& body, const std::string& key,
                                      const std::string& field) {
  if (!body.contains(key) || body[key].is_null()) return std::optional<bool>();
  if (!body[key].is_boolean()) return InvalidArgument(field + ": must be true or false", field);
  return std::optional<bool>(body[key].get<bool>());
}

Status OnlyKeys(const Json& obj, const std::set<std::string>& keys, const std::string& prefix) {
  for (const auto& [k, v] : obj.items()) {
    if (!keys.count(k)) {
      const std::string f = prefix.empty() ? k : prefix + "." + k;
      return InvalidArgument(f + ": unknown field", f);
    }
  }
  return Ok();
}

Result<std::string> TextField(const Json& body, const std::string& key, size_t max_chars,
                              bool required) {
  if (!body.contains(key) || body[key].is_null() ||
      (body[key].is_string() && Trim(body[key].get<std::string>()).empty())) {
    if (required) return InvalidArgument(key + ": required", key);
    return std::string();
  }
  if (!body[key].is_string()) return InvalidArgument(key + ": must be a string", key);
  return ValidateText(body[key].get<std::string>(), key, max_chars);
}

// Comments keep their line breaks: UTF-8, at most max_chars code points.
Result<std::string> CommentField(const Json& body, const std::string& key, size_t max_chars) {
  if (!body.contains(key) || body[key].is_null()) return std::string();
  if (!body[key].is_string()) return InvalidArgument(key + ": must be a string", key);
  std::string s = body[key].get<std::string>();
  if (!IsValidUtf8(s)) return InvalidArgument(key + ": must be UTF-8 text", key);
  if (CodePointCount(s) > max_chars) {
    return InvalidArgument(key + ": at most " + std::to_string(max_chars) + " characters", key);
  }
  return s;
}

std::string ProposalText(const programmes::Proposal& p) {
  std::string text = p.title + "\n" + p.content.value("abstract", std::string());
  const Json sections = p.content.value("sections", Json::object());
  if (sections.is_object()) {
    for (const auto& [k, v] : sections.items()) {
      if (v.is_string()) text += "\n" + v.get<std::string>();
    }
  }
  const Json keywords = p.content.value("keywords", Json::array());
  if (keywords.is_array()) {
    for (const Json& k : keywords) {
      if (k.is_string()) text += "\n" + k.get<std::string>();
    }
  }
  return text;
}

std::string MoneyText(std::int64_t v) {
  const std::string digits = std::to_string(v < 0 ? -v : v);
  std::string s = v < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

double Round6(double v) { return std::round(v * 1e6) / 1e6; }

}  // namespace

// ---------------------------------------------------------------------------------

Json Settings::ToJson() const {
  return Json{
      {"k", k},
      {"max_load", max_load},
      {"min_load", min_load},
      {"review_deadline", deadline_text.empty() ? Json() : Json(deadline_text)},
      {"review_deadline_utc", deadline ? Json(FormatIso8601(*deadline)) : Json()},
      {"coi", coi.ToJson()},
      {"diversity", Json{{"outside_applicant_countries", diversity.outside_applicant_countries},
                         {"max_per_country", diversity.max_per_country}}},
      {"mode", mode},
      {"move_cost", move_cost}};
}

Json ConflictItem::ToJson() const {
  return Json{{"proposal_id", proposal_id},
              {"proposal_title", proposal_title},
              {"reviewer_user_id", reviewer_user_id},
              {"reviewer_name", reviewer_name},
              {"kind", kind},
              {"explanation", explanation},
              {"explanation_ja", explanation_ja},
              {"source", source},
              {"overridden", overridden},
              {"override_reason", override_reason ? Json(*override_reason) : Json()},
              {"overridden_by", overridden_by ? Json(*overridden_by) : Json()}};
}

struct ReviewService::CallData {
  programmes::Call call;
  Settings settings;
  std::vector<programmes::Proposal> proposals;  // submitted, by id
  std::vector<ProposalFacts> facts;             // parallel to proposals
  struct Member {
    std::int64_t invitation_id = 0, user_id = 0;
    std::string status, name, email, country;
    std::optional<std::string> reminded_at;
    PersonFacts facts;
  };
  std::vector<Member> pool;
};

struct ReviewService::AssignmentRow {
  std::int64_t id = 0, call_id = 0, proposal_id = 0, reviewer_user_id = 0;
  double affinity = 0;
  std::string status;
};

ReviewService::ReviewService(store::Database& db, accounts::AccountsService& accounts,
                             network::NetworkService& network,
                             programmes::ProgrammesService& programmes)
    : db_(db), accounts_(accounts), network_(network), programmes_(programmes) {}

void ReviewService::set_clock(std::function<std::int64_t()> clock) {
  std::lock_guard<std::mutex> lock(mu_);
  clock_ = std::move(clock);
}

std::int64_t ReviewService::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return clock_ ? clock_() : NowUnixSeconds();
}

std::vector<Criterion> ReviewService::CriteriaOf(const programmes::Call& call) {
  std::vector<Criterion> out;
  const Json criteria = call.definition.value("criteria", Json::array());
  if (!criteria.is_array()) return out;
  for (const Json& c : criteria) {
    if (!c.is_object() || !c.contains("key") || !c["key"].is_string()) continue;
    Criterion k;
    k.key = c["key"].get<std::string>();
    k.title = c.value("title_en", k.key);
    k.title_ja = c.value("title_ja", std::string());
    k.weight = c.contains("weight") && c["weight"].is_number() ? c["weight"].get<double>() : 1.0;
    k.scale_max = c.contains("scale_max") && c["scale_max"].is_number_integer()
                      ? static_cast<int>(c["scale_max"].get<std::int64_t>())
                      : 5;
    out.push_back(std::move(k));
  }
  return out;
}

// ---- settings ---------------------------------------------------------------------

Result<Settings> ReviewService::GetSettings(std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(programmes::Call call, programmes_.GetCall(call_id));
  (void)call;
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        Query(db_,
                              "SELECT k, max_load, min_load, deadline_at, deadline_text, "
                              "coi_json, diversity_json, mode, move_cost FROM "
                              "review_settings WHERE call_id = ?",
                              {call_id}));
  Settings s;
  s.call_id = call_id;
  if (rows.empty()) return s;
  const auto& r = rows.rows[0];
  s.stored = true;
  s.k = static_cast<int>(r.Int(0));
  s.max_load = static_cast<int>(r.Int(1));
  s.min_load = static_cast<int>(r.Int(2));
  if (auto d = r.OptText(3)) {
    auto t = ParseIso8601(*d);
    if (t) s.deadline = *t;
  }
  s.deadline_text = r.Text(4);
  Json coi = Json::parse(r.Text(5), nullptr, false);
  if (coi.is_object()) {
    s.coi.org_years = coi["org_years"].is_number_integer()
                          ? std::optional<int>(coi["org_years"].get<int>())
                          : std::nullopt;
    s.coi.coauthor_years = coi["coauthor_years"].is_number_integer()
                               ? std::optional<int>(coi["coauthor_years"].get<int>())
                               : std::nullopt;
    s.coi.co_proposers = coi.value("co_proposers", true);
    s.coi.advisor = coi.value("advisor", true);
    s.coi.advisor_years = coi.contains("advisor_years") && coi["advisor_years"].is_number_integer()
                              ? std::optional<int>(coi["advisor_years"].get<int>())
                              : std::nullopt;
    s.coi.same_project = coi.value("same_project", true);
    if (coi.contains("project_years")) {
      s.coi.project_years = coi["project_years"].is_number_integer()
                                ? std::optional<int>(coi["project_years"].get<int>())
                                : std::nullopt;
    }
    s.coi.same_person = coi.value("same_person", true);
  }
  Json div = Json::parse(r.Text(6), nullptr, false);
  if (div.is_object()) {
    s.diversity.outside_applicant_countries = div.value("outside_applicant_countries", 0);
    s.diversity.max_per_country = div.value("max_per_country", 0);
  }
  s.mode = r.Text(7);
  s.move_cost = r.Double(8);
  return s;
}

Result<Settings> ReviewService::PutSettings(const audit::Actor& actor, std::int64_t call_id,
                                            const Json& body) {
  ASTA_ASSIGN_OR_RETURN(Settings before, GetSettings(call_id));
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  ASTA_RETURN_IF_ERROR(OnlyKeys(
      body,
      {"k", "max_load", "min_load", "review_deadline", "coi", "diversity", "mode", "move_cost"},
      ""));
  Settings s = before;
  ASTA_ASSIGN_OR_RETURN(auto k, IntField(body, "k", "k", 1, 20));
  ASTA_ASSIGN_OR_RETURN(auto max_load, IntField(body, "max_load", "max_load", 1, 1000));
  ASTA_ASSIGN_OR_RETURN(auto min_load, IntField(body, "min_load", "min_load", 0, 1000));
  if (k) s.k = *k;
  if (max_load) s.max_load = *max_load;
  if (min_load) s.min_load = *min_load;
  if (s.min_load > s.max_load) {
    return InvalidArgument(
        "min_load: must not exceed max_load (" + std::to_string(s.max_load) + ")", "min_load");
  }
  if (body.contains("review_deadline")) {
    const Json& d = body["review_deadline"];
    if (d.is_null()) {
      s.deadline.reset();
      s.deadline_text.clear();
    } else {
      if (!d.is_string()) {
        return InvalidArgument("review_deadline: must be an RFC 3339 time with an offset",
                               "review_deadline");
      }
      ASTA_ASSIGN_OR_RETURN(std::int64_t t, ParseIso8601(d.get<std::string>(), "review_deadline"));
      s.deadline = t;
      s.deadline_text = d.get<std::string>();
    }
  }
  if (body.contains("coi") && !body["coi"].is_null()) {
    const Json& c = body["coi"];
    if (!c.is_object()) return InvalidArgument("coi: must be an object", "coi");
    ASTA_RETURN_IF_ERROR(OnlyKeys(c,
                                  {"org_years", "coauthor_years", "co_proposers", "advisor",
                                   "advisor_years", "same_project", "project_years", "same_person"},
                                  "coi"));
    for (const char* key : {"advisor_years", "project_years"}) {
      if (!c.contains(key)) continue;
      ASTA_ASSIGN_OR_RETURN(auto v, IntField(c, key, std::string("coi.") + key, 0, 100));
      (std::string(key) == "advisor_years" ? s.coi.advisor_years : s.coi.project_years) = v;
    }
    for (const char* key : {"org_years", "coauthor_years"}) {
      if (!c.contains(key)) continue;
      ASTA_ASSIGN_OR_RETURN(auto v, IntField(c, key, std::string("coi.") + key, 0, 50));
      (std::string(key) == "org_years" ? s.coi.org_years : s.coi.coauthor_years) = v;
    }
    ASTA_ASSIGN_OR_RETURN(auto co, BoolField(c, "co_proposers", "coi.co_proposers"));
    ASTA_ASSIGN_OR_RETURN(auto adv, BoolField(c, "advisor", "coi.advisor"));
    ASTA_ASSIGN_OR_RETURN(auto proj, BoolField(c, "same_project", "coi.same_project"));
    ASTA_ASSIGN_OR_RETURN(auto same, BoolField(c, "same_person", "coi.same_person"));
    if (co) s.coi.co_proposers = *co;
    if (adv) s.coi.advisor = *adv;
    if (proj) s.coi.same_project = *proj;
    if (same) s.coi.same_person = *same;
  }
  if (body.contains("diversity") && !body["diversity"].is_null()) {
    const Json& d = body["diversity"];
    if (!d.is_object()) return InvalidArgument("diversity: must be an object", "diversity");
    ASTA_RETURN_IF_ERROR(
        OnlyKeys(d, {"outside_applicant_countries", "max_per_country"}, "diversity"));
    ASTA_ASSIGN_OR_RETURN(auto out, IntField(d, "outside_applicant_countries",
                                             "diversity.outside_applicant_countries", 0, 20));
    ASTA_ASSIGN_OR_RETURN(auto per,
                          IntField(d, "max_per_country", "diversity.max_per_country", 0, 20));
    if (out) s.diversity.outside_applicant_countries = *out;
    if (per) s.diversity.max_per_country = *per;
  }
  if (s.diversity.outside_applicant_countries > s.k) {
    return InvalidArgument("diversity.outside_applicant_countries: must not exceed k",
                           "diversity.outside_applicant_countries");
  }
  if (body.contains("mode") && !body["mode"].is_null()) {
    if (!body["mode"].is_string() || (body["mode"] != "total" && body["mode"] != "fair")) {
      return InvalidArgument("mode: must be total or fair", "mode");
    }
    s.mode = body["mode"].get<std::string>();
  }
  if (body.contains("move_cost") && !body["move_cost"].is_null()) {
    if (!body["move_cost"].is_number() || body["move_cost"].get<double>() < 0 ||
        !std::isfinite(body["move_cost"].get<double>())) {
      return InvalidArgument("move_cost: must be a number of at least 0", "move_cost");
    }
    s.move_cost = body["move_cost"].get<double>();
  }
  s.stored = true;
  Json div{{"outside_applicant_countries", s.diversity.outside_applicant_countries},
           {"max_per_country", s.diversity.max_per_country}};
  const std::string now = FormatIso8601(Now());
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    const std::vector<Value> params = {
        std::int64_t{s.k},
        std::int64_t{s.max_load},
        std::int64_t{s.min_load},
        s.deadline ? Value(FormatIso8601(*s.deadline)) : Value(std::monostate{}),
        s.deadline_text,
        s.coi.ToJson().dump(),
        div.dump(),
        s.mode,
        s.move_cost,
        now,
        OptId(actor.user_id),
        call_id};
    ASTA_ASSIGN_OR_RETURN(
        std::int64_t n,
        conn.Execute("UPDATE review_settings SET k = ?, max_load = ?, min_load = ?, deadline_at = "
                     "?, deadline_text = ?, coi_json = ?, diversity_json = ?, mode = ?, "
                     "move_cost = ?, updated_at = ?, updated_by = ? WHERE call_id = ?",
                     params));
    if (n == 0) {
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "INSERT INTO review_settings (k, max_load, min_load, deadline_at, deadline_text, "
          "coi_json, diversity_json, mode, move_cost, updated_at, updated_by, call_id) VALUES "
          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          params));
    }
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.settings", "call",
                                       std::to_string(call_id),
                                       before.stored ? before.ToJson() : Json(), s.ToJson()));
    return true;
  }));
  return s;
}

// ---- facts about people -------------------------------------------------------------

namespace {

void AddPersonRecord(PersonFacts& f, const network::Person& p) {
  f.person_id = p.id;
  if (p.user_id && !f.user_id) f.user_id = p.user_id;
  const auto add_name = [&](const std::string& n) {
    if (!n.empty() && std::find(f.names.begin(), f.names.end(), n) == f.names.end()) {
      f.names.push_back(n);
    }
  };
  add_name(p.record.name);
  add_name(p.record.latin_name);
  for (const auto& n : p.record.other_names) add_name(n.value);
  if (f.name.empty()) f.name = p.record.name;
  for (const auto& e : p.record.emails) {
    if (std::find(f.emails.begin(), f.emails.end(), AsciiLower(e)) == f.emails.end()) {
      f.emails.push_back(AsciiLower(e));
    }
  }
  for (const auto& c : p.Countries()) {
    if (std::find(f.countries.begin(), f.countries.end(), c) == f.countries.end()) {
      f.countries.push_back(c);
    }
  }
  for (size_t i = 0; i < p.record.affiliations.size(); ++i) {
    const auto& a = p.record.affiliations[i];
    PersonFacts::Affiliation out;
    if (i < p.affiliation_org_ids.size()) out.org_id = p.affiliation_org_ids[i];
    out.org_name = a.org_name.empty() ? a.org_ror : a.org_name;
    out.start = a.start;
    out.end = a.end;
    f.affiliations.push_back(std::move(out));
  }
  for (const auto& pub : p.record.publications) {
    f.publications.push_back({pub.title, pub.doi, pub.year, pub.coauthors});
  }
  for (const auto& r : p.record.relations) {
    f.relations.push_back({r.kind, r.level, r.other_person_id, r.other_name, r.other_email,
                           r.start_year, r.end_year});
  }
  for (const auto& x : p.record.projects) {
    f.projects.push_back({x.name, x.identifier, x.start_year, x.end_year});
  }
}

}  // namespace

Result<PersonFacts> ReviewService::ReviewerFacts(std::int64_t user_id) {
  ASTA_ASSIGN_OR_RETURN(accounts::User user, accounts_.GetUser(user_id));
  PersonFacts f;
  f.user_id = user.id;
  f.name = user.display_name;
  f.names.push_back(user.display_name);
  if (!user.latin_name.empty() && user.latin_name != user.display_name) {
    f.names.push_back(user.latin_name);
  }
  f.emails.push_back(AsciiLower(user.email));
  ASTA_ASSIGN_OR_RETURN(auto person, network_.FindPersonByUser(user_id));
  if (!person) {
    ASTA_ASSIGN_OR_RETURN(auto id, network_.FindPersonByEmail(user.email));
    if (id) {
      ASTA_ASSIGN_OR_RETURN(network::Person p, network_.GetPerson(*id));
      person = std::move(p);
    }
  }
  if (person) AddPersonRecord(f, *person);
  ASTA_RETURN_IF_ERROR(NameRelations(f));
  return f;
}

Status ReviewService::NameRelations(PersonFacts& f) {
  for (auto& r : f.relations) {
    if (!r.person_id || !r.name.empty()) continue;
    // A relation may name a record merged away since: it then keeps its id only.
    auto other = network_.GetPerson(*r.person_id);
    if (!other) {
      if (other.error().code == ErrorCode::kNotFound) continue;
      return tl::unexpected(other.error());
    }
    r.name = other->record.name;
    if (r.email.empty() && !other->record.emails.empty()) r.email = other->record.emails.front();
  }
  return Ok();
}

Result<std::vector<TeamMember>> ReviewService::MembersOf(const programmes::Proposal& p) {
  std::vector<TeamMember> out;
  const Json team = p.content.value("team", Json::array());
  if (!team.is_array()) return out;
  for (const Json& m : team) {
    if (!m.is_object()) continue;
    TeamMember t;
    t.role = m.value("role", std::string("member"));
    t.organization = m.value("organization", std::string());
    t.country = m.value("country", std::string());
    t.person.name = m.value("name", std::string());
    if (!t.person.name.empty()) t.person.names.push_back(t.person.name);
    const std::string email = m.value("email", std::string());
    if (!email.empty()) t.person.emails.push_back(AsciiLower(email));
    if (!t.country.empty()) t.person.countries.push_back(t.country);
    std::optional<std::int64_t> pid;
    if (m.contains("person_id") && m["person_id"].is_number_integer()) {
      pid = m["person_id"].get<std::int64_t>();
    } else if (!email.empty()) {
      ASTA_ASSIGN_OR_RETURN(pid, network_.FindPersonByEmail(email));
    }
    if (pid) {
      auto person = network_.GetPerson(*pid);
      if (person) AddPersonRecord(t.person, *person);
      ASTA_RETURN_IF_ERROR(NameRelations(t.person));
    }
    out.push_back(std::move(t));
  }
  return out;
}

Result<ProposalFacts> ReviewService::FactsOf(const programmes::Proposal& p,
                                             std::int64_t network_revision,
                                             std::map<std::int64_t, PersonFacts>& applicants) {
  ProposalFacts out;
  out.id = p.id;
  out.title = p.title;
  out.owner_user_id = p.owner_user_id;
  bool cached = false;
  {
    std::lock_guard<std::mutex> lock(members_mu_);
    auto it = members_cache_.find(p.id);
    if (it != members_cache_.end() && it->second.version == p.version &&
        it->second.network_revision == network_revision) {
      out.people = it->second.members;
      cached = true;
    }
  }
  if (!cached) {
    ASTA_ASSIGN_OR_RETURN(out.people, MembersOf(p));
    std::lock_guard<std::mutex> lock(members_mu_);
    if (members_cache_.size() >= 50000) members_cache_.clear();
    members_cache_[p.id] = CachedMembers{p.version, network_revision, out.people};
  }
  auto known = applicants.find(p.owner_user_id);
  if (known == applicants.end()) {
    ASTA_ASSIGN_OR_RETURN(PersonFacts f, ReviewerFacts(p.owner_user_id));
    known = applicants.emplace(p.owner_user_id, std::move(f)).first;
  }
  TeamMember applicant;
  applicant.role = "applicant";
  applicant.person = known->second;
  out.people.push_back(std::move(applicant));
  return out;
}

Result<ReviewService::CallData> ReviewService::LoadCallData(std::int64_t call_id, Facts facts) {
  CallData d;
  ASTA_ASSIGN_OR_RETURN(d.call, programmes_.GetCall(call_id));
  ASTA_ASSIGN_OR_RETURN(d.settings, GetSettings(call_id));
  programmes::ProposalFilter f;
  f.state = "submitted";
  f.limit = 20000;
  ASTA_ASSIGN_OR_RETURN(d.proposals, programmes_.CallProposals(call_id, f));
  if (facts == Facts::kAll) {
    // The network's revision before anything of it is read: a change after it makes the
    // cached members older than the next request's revision.
    ASTA_ASSIGN_OR_RETURN(auto revision,
                          Query(db_, "SELECT COALESCE(MAX(seq), 0) FROM network_changes", {}));
    const std::int64_t network_revision = revision.rows.at(0).Int(0);
    std::map<std::int64_t, PersonFacts> applicants;
    for (const auto& p : d.proposals) {
      ASTA_ASSIGN_OR_RETURN(ProposalFacts pf, FactsOf(p, network_revision, applicants));
      d.facts.push_back(std::move(pf));
    }
  }
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        Query(db_,
                              "SELECT i.id, i.user_id, i.status, i.reminded_at, "
                              "u.display_name, u.email FROM review_invitations i JOIN "
                              "users u ON u.id = i.user_id WHERE i.call_id = ? ORDER BY i.id",
                              {call_id}));
  for (const auto& r : rows.rows) {
    CallData::Member m;
    m.invitation_id = r.Int(0);
    m.user_id = r.Int(1);
    m.status = r.Text(2);
    m.reminded_at = r.OptText(3);
    m.name = r.Text(4);
    m.email = r.Text(5);
    if (facts != Facts::kNone) {
      ASTA_ASSIGN_OR_RETURN(m.facts, ReviewerFacts(m.user_id));
      if (!m.facts.countries.empty()) m.country = m.facts.countries.front();
    }
    d.pool.push_back(std::move(m));
  }
  return d;
}

// ---- conflicts -----------------------------------------------------------------------

Result<std::vector<ConflictItem>> ReviewService::ConflictsOf(
    CallData& d, std::optional<std::int64_t> only_proposal,
    std::optional<std::int64_t> only_reviewer) {
  std::vector<ConflictItem> out;
  const int year = YearNow(Now());
  ASTA_ASSIGN_OR_RETURN(auto overrides,
                        Query(db_,
                              "SELECT proposal_id, reviewer_user_id, reason, overridden_by "
                              "FROM review_conflict_overrides WHERE call_id = ?",
                              {d.call.id}));
  std::map<std::pair<std::int64_t, std::int64_t>,
           std::pair<std::string, std::optional<std::int64_t>>>
      lifted;
  for (const auto& r : overrides.rows) {
    lifted[{r.Int(0), r.Int(1)}] = {r.Text(2), r.OptInt(3)};
  }
  ASTA_ASSIGN_OR_RETURN(auto declared,
                        Query(db_,
                              "SELECT proposal_id, reviewer_user_id, source, declared_name, "
                              "declared_email, reason FROM review_conflict_declarations "
                              "WHERE call_id = ? ORDER BY id",
                              {d.call.id}));
  const double threshold = names::DefaultThreshold();
  // The proposals each reviewer is on, found once per reviewer: only these can make them a
  // co-proposer elsewhere (checking every other proposal for every pair is quadratic).
  std::vector<std::vector<ProposalFacts>> reviewer_on(d.pool.size());
  for (size_t mi = 0; mi < d.pool.size(); ++mi) {
    if (only_reviewer && *only_reviewer != d.pool[mi].user_id) continue;
    for (const ProposalFacts& q : d.facts) {
      if (OnProposal(d.pool[mi].facts, q)) reviewer_on[mi].push_back(q);
    }
  }
  for (size_t pi = 0; pi < d.proposals.size(); ++pi) {
    const auto& p = d.proposals[pi];
    if (only_proposal && *only_proposal != p.id) continue;
    for (size_t mi = 0; mi < d.pool.size(); ++mi) {
      const auto& m = d.pool[mi];
      if (only_reviewer && *only_reviewer != m.user_id) continue;
      std::vector<ConflictItem> pair;
      auto add = [&](std::string kind, std::string en, std::string ja, std::string source) {
        ConflictItem c;
        c.proposal_id = p.id;
        c.proposal_title = p.title;
        c.reviewer_user_id = m.user_id;
        c.reviewer_name = m.name;
        c.kind = std::move(kind);
        c.explanation = std::move(en);
        c.explanation_ja = std::move(ja);
        c.source = std::move(source);
        pair.push_back(std::move(c));
      };
      for (auto& dc :
           DetectConflicts(m.facts, d.facts[pi], reviewer_on[mi], d.settings.coi, year)) {
        add(dc.kind, dc.explanation, dc.explanation_ja, "detected");
      }
      for (const auto& r : declared.rows) {
        if (r.Int(0) != p.id) continue;
        const std::string source = r.Text(2);
        const std::string reason = r.Text(5);
        if (source == "declared_by_reviewer") {
          if (r.OptInt(1) != m.user_id) continue;
          add("declared", "Declared by the reviewer: " + reason, "審査員による申告：" + reason,
              source);
          continue;
        }
        // The applicant named someone: the pool member with that e-mail or name.
        const std::string name = r.Text(3), email = AsciiLower(r.Text(4));
        bool match = r.OptInt(1) == m.user_id;
        if (!match && !email.empty()) {
          match = std::find(m.facts.emails.begin(), m.facts.emails.end(), email) !=
                  m.facts.emails.end();
        }
        double score = 0;
        if (!match && !name.empty()) {
          score = BestNameScore(m.facts.names, name);
          match = score >= threshold;
        }
        if (!match) continue;
        add("declared",
            "Declared by the applicant, naming " + name +
                (email.empty() ? "" : " <" + email + ">") + ": " + reason,
            "申請者による申告（" + name + "）：" + reason, source);
      }
      auto it = lifted.find({p.id, m.user_id});
      for (auto& c : pair) {
        if (it != lifted.end()) {
          c.overridden = true;
          c.override_reason = it->second.first;
          c.overridden_by = it->second.second;
        }
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

Result<std::vector<ConflictItem>> ReviewService::Conflicts(std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kAll));
  return ConflictsOf(d, std::nullopt, std::nullopt);
}

Result<std::vector<ConflictItem>> ReviewService::PairConflicts(std::int64_t proposal_id,
                                                               std::int64_t reviewer_user_id) {
  ASTA_ASSIGN_OR_RETURN(programmes::Proposal p, programmes_.GetProposal(proposal_id));
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(p.call_id, Facts::kAll));
  return ConflictsOf(d, proposal_id, reviewer_user_id);
}

Result<ConflictItem> ReviewService::Override(const audit::Actor& actor, std::int64_t call_id,
                                             const Json& body) {
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  ASTA_RETURN_IF_ERROR(OnlyKeys(body, {"proposal_id", "reviewer_user_id", "reason"}, ""));
  for (const char* key : {"proposal_id", "reviewer_user_id"}) {
    if (!body.contains(key) || !body[key].is_number_integer()) {
      return InvalidArgument(std::string(key) + ": required, an id", key);
    }
  }
  ASTA_ASSIGN_OR_RETURN(std::string reason, TextField(body, "reason", 2000, true));
  const std::int64_t pid = body["proposal_id"].get<std::int64_t>();
  const std::int64_t rid = body["reviewer_user_id"].get<std::int64_t>();
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kAll));
  ASTA_ASSIGN_OR_RETURN(auto list, ConflictsOf(d, pid, rid));
  if (list.empty()) {
    return NotFound("no conflict between proposal " + std::to_string(pid) + " and reviewer " +
                    std::to_string(rid) + " in this call");
  }
  const std::string now = FormatIso8601(Now());
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "DELETE FROM review_conflict_overrides WHERE proposal_id = ? AND reviewer_user_id = ?",
        {pid, rid}));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO review_conflict_overrides (proposal_id, reviewer_user_id, call_id, reason, "
        "overridden_by, overridden_at) VALUES (?, ?, ?, ?, ?, ?)",
        {pid, rid, call_id, reason, OptId(actor.user_id), now}));
    Json kinds = Json::array();
    for (const auto& c : list) kinds.push_back(c.kind);
    ASTA_RETURN_IF_ERROR(audit::Append(
        conn, actor, "review.conflict_override", "proposal", std::to_string(pid), Json(),
        Json{{"reviewer_user_id", rid}, {"reason", reason}, {"kinds", kinds}}));
    return true;
  }));
  ConflictItem c = list.front();
  c.overridden = true;
  c.override_reason = reason;
  c.overridden_by = actor.user_id;
  return c;
}

Status ReviewService::RemoveOverride(const audit::Actor& actor, std::int64_t call_id,
                                     std::int64_t proposal_id, std::int64_t reviewer_user_id) {
  return db_
      .InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              conn.Query("SELECT reason FROM review_conflict_overrides WHERE "
                                         "proposal_id = ? AND reviewer_user_id = ? AND call_id = ?",
                                         {proposal_id, reviewer_user_id, call_id}));
        if (rows.empty()) return NotFound("no override for this pair");
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "DELETE FROM review_conflict_overrides WHERE proposal_id = ? AND reviewer_user_id = ?",
            {proposal_id, reviewer_user_id}));
        ASTA_RETURN_IF_ERROR(audit::Append(
            conn, actor, "review.conflict_override_removed", "proposal",
            std::to_string(proposal_id),
            Json{{"reviewer_user_id", reviewer_user_id}, {"reason", rows.rows[0].Text(0)}},
            Json()));
        return true;
      })
      .map([](bool) {});
}

Result<ReviewService::AssignmentRow> ReviewService::OwnAssignment(std::int64_t user_id,
                                                                  std::int64_t assignment_id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        Query(db_,
                              "SELECT id, call_id, proposal_id, reviewer_user_id, affinity, "
                              "status FROM review_assignments WHERE id = ?",
                              {assignment_id}));
  if (rows.empty()) return NotFound("no assignment " + std::to_string(assignment_id));
  const auto& r = rows.rows[0];
  AssignmentRow a{r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Double(4), r.Text(5)};
  if (a.reviewer_user_id != user_id) {
    return PermissionDenied("assignment " + std::to_string(assignment_id) +
                            " is another reviewer's");
  }
  return a;
}

Result<Json> ReviewService::DeclareByReviewer(const audit::Actor& actor, std::int64_t assignment_id,
                                              const Json& body) {
  if (!actor.user_id) return PermissionDenied("a reviewer declares their own conflicts");
  ASTA_ASSIGN_OR_RETURN(AssignmentRow a, OwnAssignment(*actor.user_id, assignment_id));
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  ASTA_RETURN_IF_ERROR(OnlyKeys(body, {"reason"}, ""));
  ASTA_ASSIGN_OR_RETURN(std::string reason, TextField(body, "reason", 2000, true));
  ASTA_ASSIGN_OR_RETURN(accounts::User user, accounts_.GetUser(*actor.user_id));
  const std::string now = FormatIso8601(Now());
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    ASTA_ASSIGN_OR_RETURN(auto rev, conn.Query("SELECT status FROM reviews WHERE assignment_id = ?",
                                               {assignment_id}));
    if (!rev.empty() && rev.rows[0].Text(0) == "submitted") {
      return FailedPrecondition("the review is already submitted");
    }
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE review_assignments SET status = 'withdrawn_conflict', updated_at = ? WHERE id = ?",
        {now, assignment_id}));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO review_conflict_declarations (call_id, proposal_id, reviewer_user_id, source, "
        "declared_name, declared_email, reason, declared_by, created_at) VALUES (?, ?, ?, "
        "'declared_by_reviewer', ?, ?, ?, ?, ?)",
        {a.call_id, a.proposal_id, *actor.user_id, user.display_name, user.email, reason,
         *actor.user_id, now}));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.conflict_declared", "assignment",
                                       std::to_string(assignment_id), Json{{"status", a.status}},
                                       Json{{"status", "withdrawn_conflict"}, {"reason", reason}}));
    return true;
  }));
  return Json{{"assignment_id", assignment_id},
              {"proposal_id", a.proposal_id},
              {"status", "withdrawn_conflict"}};
}

Result<Json> ReviewService::DeclareByApplicant(const audit::Actor& actor, std::int64_t proposal_id,
                                               const Json& body) {
  ASTA_ASSIGN_OR_RETURN(programmes::Proposal p, programmes_.GetProposal(proposal_id));
  if (!actor.user_id || *actor.user_id != p.owner_user_id) {
    return NotFound("no proposal " + std::to_string(proposal_id));
  }
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  ASTA_RETURN_IF_ERROR(OnlyKeys(body, {"name", "email", "reason"}, ""));
  ASTA_ASSIGN_OR_RETURN(std::string name, TextField(body, "name", 200, true));
  ASTA_ASSIGN_OR_RETURN(std::string email_in, TextField(body, "email", 320, false));
  std::string email;
  if (!email_in.empty()) {
    ASTA_ASSIGN_OR_RETURN(email, NormalizeEmail(email_in, "email"));
  }
  ASTA_ASSIGN_OR_RETURN(std::string reason, TextField(body, "reason", 2000, true));
  const std::string now = FormatIso8601(Now());
  ASTA_ASSIGN_OR_RETURN(
      std::int64_t id,
      db_.InWriteTransaction<std::int64_t>([&](Connection& conn) -> Result<std::int64_t> {
        ASTA_ASSIGN_OR_RETURN(
            auto rows,
            conn.Query("INSERT INTO review_conflict_declarations (call_id, proposal_id, "
                       "reviewer_user_id, source, declared_name, declared_email, reason, "
                       "declared_by, created_at) VALUES (?, ?, NULL, 'declared_by_applicant', ?, "
                       "?, ?, ?, ?) RETURNING id",
                       {p.call_id, proposal_id, name, email, reason, *actor.user_id, now}));
        const std::int64_t new_id = rows.rows.at(0).Int(0);
        ASTA_RETURN_IF_ERROR(audit::Append(
            conn, actor, "review.conflict_declared_by_applicant", "proposal",
            std::to_string(proposal_id), Json(),
            Json{
                {"declaration_id", new_id}, {"name", name}, {"email", email}, {"reason", reason}}));
        return new_id;
      }));
  return Json{{"id", id},         {"proposal_id", proposal_id},
              {"name", name},     {"email", email.empty() ? Json() : Json(email)},
              {"reason", reason}, {"created_at", now}};
}

// ---- pool ------------------------------------------------------------------------------

Result<Json> ReviewService::Reviewers(std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kPool));
  ASTA_ASSIGN_OR_RETURN(
      auto loads,
      Query(db_,
            "SELECT a.reviewer_user_id, COUNT(*), SUM(CASE WHEN r.status = 'submitted' "
            "THEN 1 ELSE 0 END) FROM review_assignments a LEFT JOIN reviews r ON "
            "r.assignment_id = a.id WHERE a.call_id = ? AND a.status = 'assigned' GROUP BY "
            "a.reviewer_user_id",
            {call_id}));
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> by_user;
  for (const auto& r : loads.rows) by_user[r.Int(0)] = {r.Int(1), r.Int(2)};
  Json items = Json::array();
  for (const auto& m : d.pool) {
    auto it = by_user.find(m.user_id);
    items.push_back(Json{{"id", m.invitation_id},
                         {"user_id", m.user_id},
                         {"name", m.name},
                         {"email", m.email},
                         {"person_id", m.facts.person_id ? Json(*m.facts.person_id) : Json()},
                         {"country", m.country.empty() ? Json() : Json(m.country)},
                         {"status", m.status},
                         {"load", it == by_user.end() ? 0 : it->second.first},
                         {"reviews_submitted", it == by_user.end() ? 0 : it->second.second},
                         {"reminded_at", m.reminded_at ? Json(*m.reminded_at) : Json()}});
  }
  return Json{{"items", items}};
}

Result<Json> ReviewService::Invite(const audit::Actor& actor, std::int64_t call_id,
                                   const Json& body) {
  ASTA_ASSIGN_OR_RETURN(programmes::Call call, programmes_.GetCall(call_id));
  (void)call;
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  ASTA_RETURN_IF_ERROR(OnlyKeys(body, {"user_id", "email"}, ""));
  std::optional<accounts::User> user;
  std::string field = "user_id";
  if (body.contains("user_id") && !body["user_id"].is_null()) {
    if (!body["user_id"].is_number_integer()) {
      return InvalidArgument("user_id: must be an id", "user_id");
    }
    auto u = accounts_.GetUser(body["user_id"].get<std::int64_t>());
    if (!u) return InvalidArgument("user_id: no such user", "user_id");
    user = std::move(*u);
  } else if (body.contains("email") && body["email"].is_string()) {
    field = "email";
    ASTA_ASSIGN_OR_RETURN(std::string email, NormalizeEmail(body["email"].get<std::string>()));
    auto u = accounts_.FindUserByEmail(email);
    if (!u) return InvalidArgument("email: no user has this e-mail address", "email");
    user = std::move(*u);
  } else {
    return InvalidArgument("user_id: required (or email)", "user_id");
  }
  bool reviewer = false;
  for (const auto& g : user->roles) reviewer = reviewer || g.role == api::Role::kReviewer;
  if (!reviewer || user->disabled) {
    return InvalidArgument(field + ": " + user->email + " does not hold the reviewer role", field);
  }
  const std::string now = FormatIso8601(Now());
  ASTA_ASSIGN_OR_RETURN(
      std::int64_t id,
      db_.InWriteTransaction<std::int64_t>([&](Connection& conn) -> Result<std::int64_t> {
        ASTA_ASSIGN_OR_RETURN(auto exists,
                              conn.Query("SELECT id FROM review_invitations WHERE call_id = ? AND "
                                         "user_id = ?",
                                         {call_id, user->id}));
        if (!exists.empty()) {
          return AlreadyExists(user->email + " is already in this call's reviewer pool", field);
        }
        ASTA_ASSIGN_OR_RETURN(
            auto rows, conn.Query("INSERT INTO review_invitations (call_id, user_id, status, "
                                  "invited_at) VALUES (?, ?, 'invited', ?) RETURNING id",
                                  {call_id, user->id, now}));
        const std::int64_t new_id = rows.rows.at(0).Int(0);
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.invite", "review_invitation",
                                           std::to_string(new_id), Json(),
                                           Json{{"call_id", call_id}, {"user_id", user->id}}));
        return new_id;
      }));
  ASTA_ASSIGN_OR_RETURN(Json pool, Reviewers(call_id));
  for (const Json& item : pool["items"]) {
    if (item["id"] == id) return item;
  }
  return Internal("the invitation just written is missing");
}

Status ReviewService::RemoveInvitation(const audit::Actor& actor, std::int64_t call_id,
                                       std::int64_t invitation_id) {
  return db_
      .InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
        ASTA_ASSIGN_OR_RETURN(auto inv, conn.Query("SELECT user_id, status FROM review_invitations "
                                                   "WHERE id = ? AND call_id = ?",
                                                   {invitation_id, call_id}));
        if (inv.empty()) return NotFound("no invitation " + std::to_string(invitation_id));
        const std::int64_t user_id = inv.rows[0].Int(0);
        ASTA_ASSIGN_OR_RETURN(
            auto submitted,
            conn.Query("SELECT COUNT(*) FROM reviews r JOIN review_assignments a ON a.id = "
                       "r.assignment_id WHERE a.call_id = ? AND a.reviewer_user_id = ? AND "
                       "r.status = 'submitted'",
                       {call_id, user_id}));
        if (submitted.rows[0].Int(0) > 0) {
          return FailedPrecondition("this reviewer has submitted reviews in the call");
        }
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "DELETE FROM reviews WHERE assignment_id IN (SELECT id FROM review_assignments WHERE "
            "call_id = ? AND reviewer_user_id = ?)",
            {call_id, user_id}));
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "DELETE FROM review_assignments WHERE call_id = ? AND reviewer_user_id = ?",
            {call_id, user_id}));
        ASTA_RETURN_IF_ERROR(
            conn.Execute("DELETE FROM review_invitations WHERE id = ?", {invitation_id}));
        ASTA_RETURN_IF_ERROR(audit::Append(
            conn, actor, "review.uninvite", "review_invitation", std::to_string(invitation_id),
            Json{{"call_id", call_id}, {"user_id", user_id}, {"status", inv.rows[0].Text(1)}},
            Json()));
        return true;
      })
      .map([](bool) {});
}

Result<Json> ReviewService::MyInvitations(std::int64_t user_id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        Query(db_,
                              "SELECT i.id, i.call_id, c.title, i.status, s.deadline_text FROM "
                              "review_invitations i JOIN calls c ON c.id = i.call_id LEFT JOIN "
                              "review_settings s ON s.call_id = i.call_id WHERE i.user_id = ? "
                              "ORDER BY i.id",
                              {user_id}));
  Json items = Json::array();
  for (const auto& r : rows.rows) {
    const std::string due = r.OptText(4).value_or("");
    items.push_back(Json{{"id", r.Int(0)},
                         {"call_id", r.Int(1)},
                         {"call_title", r.Text(2)},
                         {"status", r.Text(3)},
                         {"review_deadline", due.empty() ? Json() : Json(due)}});
  }
  return Json{{"items", items}};
}

Result<Json> ReviewService::Answer(const audit::Actor& actor, std::int64_t invitation_id,
                                   bool accept) {
  const std::string now = FormatIso8601(Now());
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    ASTA_ASSIGN_OR_RETURN(auto inv, conn.Query("SELECT user_id, status, call_id FROM "
                                               "review_invitations WHERE id = ?",
                                               {invitation_id}));
    if (inv.empty()) return NotFound("no invitation " + std::to_string(invitation_id));
    if (!actor.user_id || inv.rows[0].Int(0) != *actor.user_id) {
      return PermissionDenied("invitation " + std::to_string(invitation_id) +
                              " is another reviewer's");
    }
    const std::int64_t call_id = inv.rows[0].Int(2);
    if (!accept) {
      ASTA_ASSIGN_OR_RETURN(
          auto begun,
          conn.Query("SELECT COUNT(*) FROM reviews r JOIN review_assignments a ON a.id = "
                     "r.assignment_id WHERE a.call_id = ? AND a.reviewer_user_id = ? AND "
                     "a.status = 'assigned'",
                     {call_id, *actor.user_id}));
      if (begun.rows[0].Int(0) > 0) {
        return FailedPrecondition(
            "you have begun reviews in this call; ask the programme officer to release you");
      }
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "DELETE FROM review_assignments WHERE call_id = ? AND reviewer_user_id = ? AND status = "
          "'assigned'",
          {call_id, *actor.user_id}));
    }
    const std::string status = accept ? "accepted" : "declined";
    ASTA_RETURN_IF_ERROR(
        conn.Execute("UPDATE review_invitations SET status = ?, answered_at = ? WHERE id = ?",
                     {status, now, invitation_id}));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.invitation_" + status,
                                       "review_invitation", std::to_string(invitation_id),
                                       Json{{"status", inv.rows[0].Text(1)}},
                                       Json{{"status", status}}));
    return true;
  }));
  ASTA_ASSIGN_OR_RETURN(Json mine, MyInvitations(*actor.user_id));
  for (const Json& item : mine["items"]) {
    if (item["id"] == invitation_id) return item;
  }
  return Internal("the invitation just answered is missing");
}

// ---- assignment --------------------------------------------------------------------------

namespace {

// scores[proposal][reviewer]: the affinity engine's when this build has it, else the
// module's keyword overlap (scoring.h).
Result<std::vector<std::vector<double>>> AffinityScores(
    const std::vector<programmes::Proposal>& proposals,
    const std::vector<std::optional<network::Person>>& people, int year, std::string* source) {
#ifdef ASTA_HAVE_AFFINITY
  std::vector<affinity::Document> subs;
  for (const auto& p : proposals) {
    affinity::Document doc;
    doc.id = std::to_string(p.id);
    doc.title = p.title;
    std::string body = ProposalText(p);
    doc.abstract = body.substr(std::min(body.size(), p.title.size()));
    const Json keywords = p.content.value("keywords", Json::array());
    if (keywords.is_array()) {
      for (const Json& k : keywords) {
        if (k.is_string()) doc.keywords.push_back(k.get<std::string>());
      }
    }
    subs.push_back(std::move(doc));
  }
  std::vector<affinity::Reviewer> revs;
  for (size_t i = 0; i < people.size(); ++i) {
    affinity::Reviewer r;
    r.id = std::to_string(i);
    if (people[i]) {
      int n = 0;
      for (const auto& pub : people[i]->record.publications) {
        r.papers.push_back({std::to_string(n++), pub.title, pub.abstract, {}, pub.year});
      }
      r.keywords = people[i]->record.keywords;
      for (const auto& f : people[i]->record.fields) r.keywords.push_back(f);
    }
    revs.push_back(std::move(r));
  }
  affinity::Options options;
  options.current_year = year;
  options.threads = 1;
  auto computed = affinity::Compute(subs, revs, options);
  if (computed) {
    std::vector<std::vector<double>> out(proposals.size(), std::vector<double>(people.size()));
    for (const auto& sc : *computed) out[sc.submission][sc.reviewer] = Round6(sc.score);
    *source = "affinity_engine";
    return out;
  }
#else
  (void)year;
#endif
  std::vector<std::string> ptexts, rtexts;
  for (const auto& p : proposals) ptexts.push_back(ProposalText(p));
  for (const auto& person : people) {
    std::string text;
    if (person) {
      for (const auto& k : person->record.keywords) text += k + "\n";
      for (const auto& f : person->record.fields) text += f + "\n";
      for (const auto& pub : person->record.publications) {
        text += pub.title + "\n" + pub.abstract + "\n";
      }
    }
    rtexts.push_back(std::move(text));
  }
  *source = "keyword_overlap";
  return KeywordOverlapAffinity(ptexts, rtexts);
}

}  // namespace

Result<ComputeResult> ReviewService::Compute(const audit::Actor& actor, std::int64_t call_id,
                                             const ComputeOptions& options) {
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kAll));
  const std::string mode = options.mode.value_or(d.settings.mode);
  if (mode != "total" && mode != "fair")
    return InvalidArgument("mode: must be total or fair", "mode");
  ComputeResult result;
  std::vector<const CallData::Member*> reviewers;
  for (const auto& m : d.pool) {
    if (m.status == "accepted") reviewers.push_back(&m);
  }
  if (d.proposals.empty()) {
    result.reasons.push_back("the call has no submitted proposals");
    return result;
  }
  if (reviewers.empty()) {
    result.reasons.push_back("no reviewer of the pool has accepted the invitation yet");
    return result;
  }
  ASTA_ASSIGN_OR_RETURN(auto conflicts, ConflictsOf(d, std::nullopt, std::nullopt));
  std::set<std::pair<std::int64_t, std::int64_t>> excluded;
  for (const auto& c : conflicts) {
    if (!c.overridden) excluded.insert({c.proposal_id, c.reviewer_user_id});
  }
  // Current assignments: those with a review begun (or all, with keep_existing) stay.
  ASTA_ASSIGN_OR_RETURN(auto existing_rows,
                        Query(db_,
                              "SELECT a.id, a.proposal_id, a.reviewer_user_id, a.status, "
                              "r.id FROM review_assignments a LEFT JOIN reviews r ON "
                              "r.assignment_id = a.id WHERE a.call_id = ?",
                              {call_id}));
  struct Existing {
    std::int64_t id;
    std::string status;
    bool locked;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Existing> existing;
  std::map<std::int64_t, int> locked_per_proposal;
  for (const auto& r : existing_rows.rows) {
    const bool active = r.Text(3) == "assigned";
    const bool locked = active && !r.IsNull(4);
    existing[{r.Int(1), r.Int(2)}] = Existing{r.Int(0), r.Text(3), locked};
    if (locked) ++locked_per_proposal[r.Int(1)];
  }
  // Affinity between every proposal and accepted reviewer.
  std::vector<std::optional<network::Person>> people;
  for (const auto* m : reviewers) {
    ASTA_ASSIGN_OR_RETURN(auto person, network_.FindPersonByUser(m->user_id));
    if (!person && m->facts.person_id) {
      ASTA_ASSIGN_OR_RETURN(network::Person p, network_.GetPerson(*m->facts.person_id));
      person = std::move(p);
    }
    people.push_back(std::move(person));
  }
  std::string affinity_source;
  ASTA_ASSIGN_OR_RETURN(auto scores,
                        AffinityScores(d.proposals, people, YearNow(Now()), &affinity_source));

  assign::Problem problem;
  problem.proposals = static_cast<int>(d.proposals.size());
  problem.reviewers = static_cast<int>(reviewers.size());
  problem.k = d.settings.k;
  problem.max_load = d.settings.max_load;
  problem.min_load = d.settings.min_load;
  problem.k_of.assign(d.proposals.size(), -1);
  std::vector<std::string> pnames, rnames;
  for (size_t pi = 0; pi < d.proposals.size(); ++pi) {
    const auto& p = d.proposals[pi];
    pnames.push_back("p " + std::to_string(p.id) + " " + Quote(p.title));
    const int locked = locked_per_proposal[p.id];
    if (locked > 0) problem.k_of[pi] = std::max(0, d.settings.k - locked);
    for (size_t ri = 0; ri < reviewers.size(); ++ri) {
      const std::pair<std::int64_t, std::int64_t> key{p.id, reviewers[ri]->user_id};
      auto ex = existing.find(key);
      if (ex != existing.end() && ex->second.locked) continue;
      if (excluded.count(key)) {
        problem.conflicts.push_back({static_cast<int>(pi), static_cast<int>(ri)});
        continue;
      }
      problem.candidates.push_back({static_cast<int>(pi), static_cast<int>(ri), scores[pi][ri]});
    }
  }
  for (const auto* m : reviewers) rnames.push_back(m->name);
  // Diversity: the reviewers' countries against the teams' countries.
  problem.max_per_country = d.settings.diversity.max_per_country;
  problem.outside_countries = d.settings.diversity.outside_applicant_countries;
  for (const auto* m : reviewers) problem.reviewer_country.push_back(m->country);
  for (const auto& p : d.proposals) {
    const std::set<std::string> countries = TeamCountries(p);
    problem.proposal_countries.emplace_back(countries.begin(), countries.end());
  }
  // Re-assignment: the current pairs (reviews not begun) are kept unless moving them
  // gains more than the move cost.
  if (options.keep_existing) {
    problem.move_cost = options.move_cost.value_or(d.settings.move_cost);
    std::map<std::int64_t, int> pindex, rindex;
    for (size_t i = 0; i < d.proposals.size(); ++i) pindex[d.proposals[i].id] = static_cast<int>(i);
    for (size_t i = 0; i < reviewers.size(); ++i)
      rindex[reviewers[i]->user_id] = static_cast<int>(i);
    for (const auto& [key, ex] : existing) {
      if (ex.status != "assigned" || ex.locked) continue;
      if (!pindex.count(key.first) || !rindex.count(key.second)) continue;
      problem.existing.push_back({pindex[key.first], rindex[key.second]});
    }
  }
  result.reasons = assign::Explain(problem, pnames, rnames);
  if (!result.reasons.empty()) return result;
  assign::Options solve_options;
  solve_options.mode = mode == "fair" ? assign::Mode::kFair : assign::Mode::kTotal;
  auto solved = assign::Solve(problem, solve_options);
  if (!solved) {
    if (solved.error().code == ErrorCode::kFailedPrecondition) {
      result.reasons.push_back(solved.error().message);
      return result;
    }
    return tl::unexpected(solved.error());
  }
  std::set<std::pair<std::int64_t, std::int64_t>> chosen;
  std::map<std::pair<std::int64_t, std::int64_t>, double> affinity;
  for (const auto& c : solved->pairs) {
    const std::pair<std::int64_t, std::int64_t> key{d.proposals[c.proposal].id,
                                                    reviewers[c.reviewer]->user_id};
    chosen.insert(key);
    affinity[key] = c.score;
  }
  const std::string now = FormatIso8601(Now());
  int moved = 0, kept = 0;
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    for (const auto& [key, ex] : existing) {
      if (ex.status != "assigned") continue;
      if (ex.locked) {
        ++kept;
        continue;
      }
      if (chosen.count(key)) {
        ++kept;
        ASTA_RETURN_IF_ERROR(
            conn.Execute("UPDATE review_assignments SET affinity = ?, updated_at = ? WHERE id = ?",
                         {affinity[key], now, ex.id}));
        continue;
      }
      ++moved;
      ASTA_RETURN_IF_ERROR(conn.Execute("DELETE FROM review_assignments WHERE id = ?", {ex.id}));
    }
    for (const auto& key : chosen) {
      auto ex = existing.find(key);
      if (ex != existing.end() && ex->second.status == "assigned") continue;
      if (ex != existing.end()) {
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "UPDATE review_assignments SET status = 'assigned', affinity = ?, updated_at = ? "
            "WHERE id = ?",
            {affinity[key], now, ex->second.id}));
        continue;
      }
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "INSERT INTO review_assignments (call_id, proposal_id, reviewer_user_id, affinity, "
          "status, created_at, updated_at) VALUES (?, ?, ?, ?, 'assigned', ?, ?)",
          {call_id, key.first, key.second, affinity[key], now, now}));
    }
    ASTA_ASSIGN_OR_RETURN(auto totals,
                          conn.Query("SELECT proposal_id, COUNT(*), SUM(affinity) FROM "
                                     "review_assignments WHERE call_id = ? AND status = "
                                     "'assigned' GROUP BY proposal_id",
                                     {call_id}));
    std::int64_t assigned = 0;
    double total = 0, min_p = std::numeric_limits<double>::infinity();
    std::map<std::int64_t, double> per;
    for (const auto& r : totals.rows) per[r.Int(0)] = r.Double(2), assigned += r.Int(1);
    for (const auto& p : d.proposals) {
      const double v = per.count(p.id) ? per[p.id] : 0.0;
      total += v;
      min_p = std::min(min_p, v);
    }
    result.summary = Json{{"assigned", assigned},
                          {"total_affinity", Round6(total)},
                          {"min_proposal_affinity", Round6(std::isfinite(min_p) ? min_p : 0.0)},
                          {"moved", moved},
                          {"kept", kept},
                          {"affinity_source", affinity_source}};
    result.summary["mode"] = mode;
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.assign", "call",
                                       std::to_string(call_id), Json(), result.summary));
    return true;
  }));
  return result;
}

Result<Json> ReviewService::Assignments(std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(programmes::Call call, programmes_.GetCall(call_id));
  (void)call;
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      Query(db_,
            "SELECT a.id, a.proposal_id, p.title, a.reviewer_user_id, u.display_name, "
            "a.affinity, a.status, r.id, r.status FROM review_assignments a JOIN proposals "
            "p ON p.id = a.proposal_id JOIN users u ON u.id = a.reviewer_user_id LEFT JOIN "
            "reviews r ON r.assignment_id = a.id WHERE a.call_id = ? ORDER BY "
            "a.proposal_id, a.id",
            {call_id}));
  Json items = Json::array();
  for (const auto& r : rows.rows) {
    std::string status = r.Text(6);
    if (status == "assigned" && r.OptText(8).value_or("") == "submitted") status = "submitted";
    items.push_back(Json{{"id", r.Int(0)},
                         {"proposal_id", r.Int(1)},
                         {"proposal_title", r.Text(2)},
                         {"reviewer_user_id", r.Int(3)},
                         {"reviewer_name", r.Text(4)},
                         {"affinity", r.Double(5)},
                         {"status", status},
                         {"review_id", r.IsNull(7) ? Json() : Json(r.Int(7))}});
  }
  return Json{{"items", items}};
}

Result<std::int64_t> ReviewService::CallOfAssignment(std::int64_t assignment_id) {
  ASTA_ASSIGN_OR_RETURN(auto rows, Query(db_, "SELECT call_id FROM review_assignments WHERE id = ?",
                                         {assignment_id}));
  if (rows.empty()) return NotFound("no assignment " + std::to_string(assignment_id));
  return rows.rows[0].Int(0);
}

Status ReviewService::DeleteAssignment(const audit::Actor& actor, std::int64_t assignment_id) {
  return db_
      .InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              conn.Query("SELECT a.proposal_id, a.reviewer_user_id, r.status FROM "
                                         "review_assignments a LEFT JOIN reviews r ON "
                                         "r.assignment_id = a.id WHERE a.id = ?",
                                         {assignment_id}));
        if (rows.empty()) return NotFound("no assignment " + std::to_string(assignment_id));
        if (rows.rows[0].OptText(2).value_or("") == "submitted") {
          return FailedPrecondition("the review of this assignment is submitted");
        }
        ASTA_RETURN_IF_ERROR(
            conn.Execute("DELETE FROM reviews WHERE assignment_id = ?", {assignment_id}));
        ASTA_RETURN_IF_ERROR(
            conn.Execute("DELETE FROM review_assignments WHERE id = ?", {assignment_id}));
        ASTA_RETURN_IF_ERROR(audit::Append(
            conn, actor, "review.unassign", "assignment", std::to_string(assignment_id),
            Json{{"proposal_id", rows.rows[0].Int(0)}, {"reviewer_user_id", rows.rows[0].Int(1)}},
            Json()));
        return true;
      })
      .map([](bool) {});
}

// ---- reviews -------------------------------------------------------------------------------

Result<Json> ReviewService::MyReviews(std::int64_t user_id) {
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      Query(db_,
            "SELECT a.id, a.call_id, c.title, a.proposal_id, p.title, r.status, "
            "s.deadline_text FROM review_assignments a JOIN proposals p ON p.id = "
            "a.proposal_id JOIN calls c ON c.id = a.call_id LEFT JOIN reviews r ON "
            "r.assignment_id = a.id LEFT JOIN review_settings s ON s.call_id = a.call_id "
            "WHERE a.reviewer_user_id = ? AND a.status = 'assigned' ORDER BY a.id",
            {user_id}));
  Json items = Json::array();
  for (const auto& r : rows.rows) {
    const std::string due = r.OptText(6).value_or("");
    items.push_back(Json{{"assignment_id", r.Int(0)},
                         {"call_id", r.Int(1)},
                         {"call_title", r.Text(2)},
                         {"proposal_id", r.Int(3)},
                         {"proposal_title", r.Text(4)},
                         {"status", r.OptText(5).value_or("assigned")},
                         {"due", due.empty() ? Json() : Json(due)}});
  }
  return Json{{"items", items}};
}

Result<ReviewerAccess> ReviewService::AccessOf(std::int64_t user_id, std::int64_t proposal_id) {
  ASTA_ASSIGN_OR_RETURN(auto rows, Query(db_,
                                         "SELECT status FROM review_assignments WHERE "
                                         "proposal_id = ? AND reviewer_user_id = ?",
                                         {proposal_id, user_id}));
  if (!rows.empty() && rows.rows[0].Text(0) != "assigned") return ReviewerAccess::kConflicted;
  if (rows.empty()) {
    ASTA_ASSIGN_OR_RETURN(auto pool,
                          Query(db_,
                                "SELECT i.id FROM review_invitations i JOIN proposals p ON "
                                "p.call_id = i.call_id WHERE p.id = ? AND i.user_id = ?",
                                {proposal_id, user_id}));
    if (pool.empty()) return ReviewerAccess::kNotInvolved;
  }
  ASTA_ASSIGN_OR_RETURN(auto conflicts, PairConflicts(proposal_id, user_id));
  for (const auto& c : conflicts) {
    if (!c.overridden) return ReviewerAccess::kConflicted;
  }
  return rows.empty() ? ReviewerAccess::kUnassigned : ReviewerAccess::kAssigned;
}

namespace {

Json ReviewJson(const store::Rows& rows) {
  if (rows.empty()) {
    return Json{{"scores", Json::object()},
                {"comment_to_applicant", ""},
                {"confidential_comment", ""},
                {"status", "assigned"},
                {"submitted_at", Json()}};
  }
  const auto& r = rows.rows[0];
  Json scores = Json::parse(r.Text(0), nullptr, false);
  return Json{{"scores", scores.is_object() ? scores : Json::object()},
              {"comment_to_applicant", r.Text(1)},
              {"confidential_comment", r.Text(2)},
              {"status", r.Text(3)},
              {"submitted_at", r.IsNull(4) ? Json() : Json(r.Text(4))}};
}

constexpr char kReviewSelect[] =
    "SELECT scores_json, comment_to_applicant, confidential_comment, status, submitted_at FROM "
    "reviews WHERE assignment_id = ?";

}  // namespace

Result<Json> ReviewService::GetReview(std::int64_t user_id, std::int64_t assignment_id) {
  ASTA_ASSIGN_OR_RETURN(AssignmentRow a, OwnAssignment(user_id, assignment_id));
  if (a.status != "assigned") {
    return PermissionDenied("you declared a conflict of interest with this proposal");
  }
  ASTA_ASSIGN_OR_RETURN(auto conflicts, PairConflicts(a.proposal_id, user_id));
  for (const auto& c : conflicts) {
    if (!c.overridden) {
      return PermissionDenied("you have a conflict of interest with this proposal: " +
                              c.explanation);
    }
  }
  ASTA_ASSIGN_OR_RETURN(programmes::Proposal p, programmes_.GetProposal(a.proposal_id));
  ASTA_ASSIGN_OR_RETURN(programmes::Call call, programmes_.GetCall(a.call_id));
  Json criteria = Json::array();
  for (const auto& c : CriteriaOf(call)) {
    criteria.push_back(Json{{"key", c.key},
                            {"title", c.title},
                            {"title_ja", c.title_ja},
                            {"weight", c.weight},
                            {"scale_min", c.scale_min},
                            {"scale_max", c.scale_max}});
  }
  ASTA_ASSIGN_OR_RETURN(Settings s, GetSettings(a.call_id));
  ASTA_ASSIGN_OR_RETURN(auto rows, Query(db_, kReviewSelect, {assignment_id}));
  return Json{{"assignment_id", assignment_id},
              {"proposal", p.ToJson(false)},
              {"form", Json{{"criteria", criteria}}},
              {"due", s.deadline_text.empty() ? Json() : Json(s.deadline_text)},
              {"review", ReviewJson(rows)}};
}

Result<Json> ReviewService::SaveReview(const audit::Actor& actor, std::int64_t assignment_id,
                                       const Json& body) {
  if (!actor.user_id) return PermissionDenied("reviews are written by their reviewer");
  ASTA_ASSIGN_OR_RETURN(Json current, GetReview(*actor.user_id, assignment_id));
  ASTA_ASSIGN_OR_RETURN(AssignmentRow a, OwnAssignment(*actor.user_id, assignment_id));
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  ASTA_RETURN_IF_ERROR(
      OnlyKeys(body, {"scores", "comment_to_applicant", "confidential_comment"}, ""));
  if (current["review"]["status"] == "submitted") {
    return FailedPrecondition("the review is submitted and can no longer change");
  }
  ASTA_ASSIGN_OR_RETURN(Settings s, GetSettings(a.call_id));
  if (s.deadline && Now() > *s.deadline) {
    return FailedPrecondition("the review deadline (" + s.deadline_text + ") has passed");
  }
  Json review = current["review"];
  if (body.contains("scores") && !body["scores"].is_null()) {
    const Json& scores = body["scores"];
    if (!scores.is_object()) return InvalidArgument("scores: must be an object", "scores");
    std::map<std::string, Json> criteria;
    for (const Json& c : current["form"]["criteria"]) criteria[c["key"].get<std::string>()] = c;
    Json out = Json::object();
    for (const auto& [k, v] : scores.items()) {
      const std::string field = "scores." + k;
      auto it = criteria.find(k);
      if (it == criteria.end())
        return InvalidArgument(field + ": not a criterion of this call", field);
      if (v.is_null()) continue;
      const int lo = it->second["scale_min"].get<int>(), hi = it->second["scale_max"].get<int>();
      const bool integral = v.is_number_integer() ||
                            (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
      if (!v.is_number() || !integral || v.get<double>() < lo || v.get<double>() > hi) {
        return InvalidArgument(field + ": must be a whole number from " + std::to_string(lo) +
                                   " to " + std::to_string(hi),
                               field);
      }
      out[k] = static_cast<int>(v.get<double>());
    }
    review["scores"] = out;
  }
  if (body.contains("comment_to_applicant")) {
    ASTA_ASSIGN_OR_RETURN(std::string c, CommentField(body, "comment_to_applicant", 20000));
    review["comment_to_applicant"] = c;
  }
  if (body.contains("confidential_comment")) {
    ASTA_ASSIGN_OR_RETURN(std::string c, CommentField(body, "confidential_comment", 20000));
    review["confidential_comment"] = c;
  }
  const std::string now = FormatIso8601(Now());
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query("SELECT status FROM reviews WHERE assignment_id = ?", {assignment_id}));
    if (!rows.empty() && rows.rows[0].Text(0) == "submitted") {
      return FailedPrecondition("the review is submitted and can no longer change");
    }
    const std::vector<Value> params = {
        review["scores"].dump(), review["comment_to_applicant"].get<std::string>(),
        review["confidential_comment"].get<std::string>(), now, assignment_id};
    if (rows.empty()) {
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "INSERT INTO reviews (scores_json, comment_to_applicant, confidential_comment, status, "
          "updated_at, assignment_id) VALUES (?, ?, ?, 'draft', ?, ?)",
          params));
    } else {
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "UPDATE reviews SET scores_json = ?, comment_to_applicant = ?, confidential_comment = "
          "?, updated_at = ? WHERE assignment_id = ?",
          params));
    }
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.save", "assignment",
                                       std::to_string(assignment_id), Json(),
                                       Json{{"scores", review["scores"]}}));
    return true;
  }));
  return GetReview(*actor.user_id, assignment_id);
}

Result<Json> ReviewService::SubmitReview(const audit::Actor& actor, std::int64_t assignment_id) {
  if (!actor.user_id) return PermissionDenied("reviews are submitted by their reviewer");
  ASTA_ASSIGN_OR_RETURN(Json current, GetReview(*actor.user_id, assignment_id));
  ASTA_ASSIGN_OR_RETURN(AssignmentRow a, OwnAssignment(*actor.user_id, assignment_id));
  const Json& review = current["review"];
  if (review["status"] == "submitted") {
    return FailedPrecondition("the review is already submitted");
  }
  ASTA_ASSIGN_OR_RETURN(Settings s, GetSettings(a.call_id));
  if (s.deadline && Now() > *s.deadline) {
    return FailedPrecondition("the review deadline (" + s.deadline_text + ") has passed");
  }
  for (const Json& c : current["form"]["criteria"]) {
    const std::string key = c["key"].get<std::string>();
    if (!review["scores"].contains(key)) {
      return InvalidArgument(
          "scores." + key + ": a score for ‘" + c["title"].get<std::string>() + "’ is required",
          "scores." + key);
    }
  }
  if (Trim(review["comment_to_applicant"].get<std::string>()).empty()) {
    return InvalidArgument("comment_to_applicant: required before submitting",
                           "comment_to_applicant");
  }
  const std::string now = FormatIso8601(Now());
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    ASTA_ASSIGN_OR_RETURN(
        std::int64_t n, conn.Execute("UPDATE reviews SET status = 'submitted', submitted_at = ?, "
                                     "updated_at = ? WHERE assignment_id = ? AND status = 'draft'",
                                     {now, now, assignment_id}));
    if (n != 1) return FailedPrecondition("the review is already submitted");
    ASTA_RETURN_IF_ERROR(audit::Append(
        conn, actor, "review.submit", "assignment", std::to_string(assignment_id),
        Json{{"status", "draft"}}, Json{{"status", "submitted"}, {"scores", review["scores"]}}));
    return true;
  }));
  return GetReview(*actor.user_id, assignment_id);
}

// ---- panel ---------------------------------------------------------------------------------

namespace {

struct PanelReview {
  std::int64_t assignment_id, proposal_id, reviewer;
  Json scores;
  std::string comment;
};

double WeightedScore(const Json& scores, const std::vector<Criterion>& criteria) {
  double num = 0, den = 0;
  for (const auto& c : criteria) {
    if (!scores.contains(c.key) || !scores[c.key].is_number()) continue;
    num += c.weight * scores[c.key].get<double>();
    den += c.weight;
  }
  return den > 0 ? num / den : 0.0;
}

Result<std::vector<PanelReview>> SubmittedReviews(store::Database& db, std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      Query(db,
            "SELECT a.id, a.proposal_id, a.reviewer_user_id, r.scores_json, "
            "r.comment_to_applicant FROM reviews r JOIN review_assignments a ON a.id = "
            "r.assignment_id WHERE a.call_id = ? AND a.status = 'assigned' AND r.status = "
            "'submitted' ORDER BY a.id",
            {call_id}));
  std::vector<PanelReview> out;
  for (const auto& r : rows.rows) {
    Json s = Json::parse(r.Text(3), nullptr, false);
    out.push_back({r.Int(0), r.Int(1), r.Int(2), s.is_object() ? s : Json::object(), r.Text(4)});
  }
  return out;
}

struct Funder {
  std::string agency, currency;
  std::optional<std::int64_t> budget;
};

std::vector<Funder> FundersOf(const programmes::Call& call) {
  std::vector<Funder> out;
  const Json funders = call.definition.value("funders", Json::array());
  if (!funders.is_array()) return out;
  for (const Json& f : funders) {
    if (!f.is_object()) continue;
    Funder x;
    x.agency = f.value("agency", std::string());
    x.currency = f.value("currency", std::string());
    if (f.contains("budget") && f["budget"].is_number_integer()) {
      x.budget = f["budget"].get<std::int64_t>();
    }
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

Result<Json> ReviewService::Panel(std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kNone));
  const auto criteria = CriteriaOf(d.call);
  double max_weighted = 0, min_weighted = 0;
  {
    double den = 0;
    for (const auto& c : criteria) {
      max_weighted += c.weight * c.scale_max;
      min_weighted += c.weight * c.scale_min;
      den += c.weight;
    }
    if (den > 0) max_weighted /= den, min_weighted /= den;
  }
  ASTA_ASSIGN_OR_RETURN(auto reviews, SubmittedReviews(db_, call_id));
  std::vector<ScoredReview> scored;
  for (const auto& r : reviews) {
    scored.push_back({r.proposal_id, r.reviewer, WeightedScore(r.scores, criteria)});
  }
  const Calibration cal = Calibrate(scored);
  ASTA_ASSIGN_OR_RETURN(auto entries,
                        Query(db_,
                              "SELECT proposal_id, panel_rank, note, decision, "
                              "decision_reason, decided_by, decided_at FROM panel_entries "
                              "WHERE call_id = ?",
                              {call_id}));
  std::map<std::int64_t, const store::Row*> by_proposal;
  for (const auto& r : entries.rows) by_proposal[r.Int(0)] = &r;
  Json items = Json::array();
  for (const auto& p : d.proposals) {
    const std::set<std::string> countries = TeamCountries(p);
    Json funders = Json::array();
    for (const auto& [agency, amount] : p.requested) {
      funders.push_back(Json{{"agency", agency}, {"amount", amount}});
    }
    const bool has = cal.count.count(p.id) > 0;
    const double raw = has ? cal.raw_mean.at(p.id) : 0.0;
    const double calibrated = has ? cal.calibrated_mean.at(p.id) : 0.0;
    const double span = max_weighted - min_weighted;
    Json item{
        {"proposal_id", p.id},
        {"title", p.title},
        {"applicant_countries", Json(std::vector<std::string>(countries.begin(), countries.end()))},
        {"funders", funders},
        {"slot", p.slot.empty() ? Json() : Json(p.slot)},
        {"reviews", has ? cal.count.at(p.id) : 0},
        {"raw_mean", has ? Json(Round6(raw)) : Json()},
        {"calibrated_mean", has ? Json(Round6(calibrated)) : Json()},
        {"weighted_score",
         has && span > 0 ? Json(Round6(100.0 * (calibrated - min_weighted) / span)) : Json()},
        {"rank", Json()},
        {"note", ""},
        {"decision", Json()},
        {"decision_reason", ""}};
    auto it = by_proposal.find(p.id);
    if (it != by_proposal.end()) {
      const store::Row& r = *it->second;
      if (!r.IsNull(1)) item["rank"] = r.Int(1);
      item["note"] = r.Text(2);
      if (!r.IsNull(3)) item["decision"] = r.Text(3);
      item["decision_reason"] = r.Text(4);
      if (!r.IsNull(5)) item["decided_by"] = r.Int(5);
      if (!r.IsNull(6)) item["decided_at"] = r.Text(6);
    }
    items.push_back(std::move(item));
  }
  // Ranked first by rank, then the others by calibrated mean (best first), then id.
  std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    const bool ra = !a["rank"].is_null(), rb = !b["rank"].is_null();
    if (ra != rb) return ra;
    if (ra) return a["rank"].get<std::int64_t>() < b["rank"].get<std::int64_t>();
    const double ca = a["calibrated_mean"].is_null() ? -1e9 : a["calibrated_mean"].get<double>();
    const double cb = b["calibrated_mean"].is_null() ? -1e9 : b["calibrated_mean"].get<double>();
    if (ca != cb) return ca > cb;
    return a["proposal_id"].get<std::int64_t>() < b["proposal_id"].get<std::int64_t>();
  });
  Json reviewers = Json::array();
  for (const auto& [user_id, n] : cal.reviews) {
    std::string name;
    auto u = accounts_.GetUser(user_id);
    if (u) name = u->display_name;
    reviewers.push_back(Json{{"user_id", user_id},
                             {"name", name},
                             {"leniency", Round6(cal.leniency.at(user_id))},
                             {"reviews", n}});
  }
  Json funders = Json::array();
  for (const auto& f : FundersOf(d.call)) {
    funders.push_back(Json{{"agency", f.agency},
                           {"currency", f.currency},
                           {"budget", f.budget ? Json(*f.budget) : Json()}});
  }
  return Json{{"call_id", call_id},
              {"items", items},
              {"reviewers", reviewers},
              {"funders", funders},
              {"criteria_scale", Json{{"min", min_weighted}, {"max", max_weighted}}}};
}

Result<Json> ReviewService::PutRanking(const audit::Actor& actor, std::int64_t call_id,
                                       const Json& body) {
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kNone));
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  ASTA_RETURN_IF_ERROR(OnlyKeys(body, {"order", "notes"}, ""));
  if (!body.contains("order") || !body["order"].is_array()) {
    return InvalidArgument("order: required, the submitted proposals' ids best first", "order");
  }
  std::set<std::int64_t> submitted;
  for (const auto& p : d.proposals) submitted.insert(p.id);
  std::vector<std::int64_t> order;
  std::set<std::int64_t> seen;
  for (const Json& v : body["order"]) {
    if (!v.is_number_integer()) return InvalidArgument("order: must hold proposal ids", "order");
    const std::int64_t id = v.get<std::int64_t>();
    if (!submitted.count(id)) {
      return InvalidArgument(
          "order: " + std::to_string(id) + " is not a submitted proposal of this call", "order");
    }
    if (!seen.insert(id).second) {
      return InvalidArgument("order: proposal " + std::to_string(id) + " is listed twice", "order");
    }
    order.push_back(id);
  }
  for (std::int64_t id : submitted) {
    if (!seen.count(id)) {
      return InvalidArgument("order: proposal " + std::to_string(id) + " is missing", "order");
    }
  }
  std::map<std::int64_t, std::string> notes;
  if (body.contains("notes") && !body["notes"].is_null()) {
    if (!body["notes"].is_object()) return InvalidArgument("notes: must be an object", "notes");
    for (const auto& [k, v] : body["notes"].items()) {
      const std::string field = "notes." + k;
      std::int64_t id = 0;
      try {
        id = std::stoll(k);
      } catch (...) {
        return InvalidArgument(field + ": not a proposal id", field);
      }
      if (!submitted.count(id)) {
        return InvalidArgument(field + ": not a submitted proposal of this call", field);
      }
      if (!v.is_string()) return InvalidArgument(field + ": must be a string", field);
      ASTA_ASSIGN_OR_RETURN(std::string note, CommentField(body["notes"], k, 5000));
      notes[id] = note;
    }
  }
  const std::string now = FormatIso8601(Now());
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    for (size_t i = 0; i < order.size(); ++i) {
      const std::int64_t id = order[i];
      const std::int64_t rank = static_cast<std::int64_t>(i) + 1;
      ASTA_ASSIGN_OR_RETURN(std::int64_t n,
                            conn.Execute("UPDATE panel_entries SET panel_rank = ?, updated_at = ? "
                                         "WHERE proposal_id = ?",
                                         {rank, now, id}));
      if (n == 0) {
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "INSERT INTO panel_entries (proposal_id, call_id, panel_rank, note, decision_reason, "
            "updated_at) VALUES (?, ?, ?, '', '', ?)",
            {id, call_id, rank, now}));
      }
      auto note = notes.find(id);
      if (note != notes.end()) {
        ASTA_RETURN_IF_ERROR(conn.Execute("UPDATE panel_entries SET note = ? WHERE proposal_id = ?",
                                          {note->second, id}));
      }
    }
    Json notes_json = Json::object();
    for (const auto& [id, text] : notes) notes_json[std::to_string(id)] = text;
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.ranking", "call",
                                       std::to_string(call_id), Json(),
                                       Json{{"order", order}, {"notes", notes_json}}));
    return true;
  }));
  return Panel(call_id);
}

Result<Json> ReviewService::Selection(std::int64_t call_id) {
#ifdef ASTA_HAVE_SELECT
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kNone));
  if (d.proposals.empty()) return FailedPrecondition("the call has no submitted proposals");
  ASTA_ASSIGN_OR_RETURN(auto ranks, Query(db_,
                                          "SELECT proposal_id, panel_rank FROM "
                                          "panel_entries WHERE call_id = ? AND "
                                          "panel_rank IS NOT NULL",
                                          {call_id}));
  std::map<std::int64_t, std::int64_t> rank;
  for (const auto& r : ranks.rows) rank[r.Int(0)] = r.Int(1);
  for (const auto& p : d.proposals) {
    if (!rank.count(p.id)) {
      return FailedPrecondition("rank every submitted proposal first (PUT panel/ranking): " +
                                std::to_string(p.id) + " has no rank");
    }
  }
  const auto funders = FundersOf(d.call);
  select::Problem problem;
  std::map<std::string, int> funder_index;
  for (const auto& f : funders) {
    funder_index[f.agency] = static_cast<int>(problem.funders.size());
    // A funder without a budget is not limited.
    problem.funders.push_back({f.agency, f.budget ? static_cast<double>(*f.budget) : 1e13});
  }
  std::map<std::string, int> slot_index;
  const Json slots = d.call.definition.value("slots", Json::array());
  if (slots.is_array()) {
    for (const Json& sl : slots) {
      if (!sl.is_object() || !sl.contains("code") || !sl["code"].is_string()) continue;
      slot_index[sl["code"].get<std::string>()] = static_cast<int>(problem.slots.size());
      problem.slots.push_back(sl["code"].get<std::string>());
      select::Bounds b;
      if (sl.contains("quota") && sl["quota"].is_number_integer()) {
        b.max = static_cast<int>(sl["quota"].get<std::int64_t>());
      }
      if (sl.contains("min") && sl["min"].is_number_integer()) {
        b.min = static_cast<int>(sl["min"].get<std::int64_t>());
      }
      problem.slot_quotas.push_back(b);
    }
  }
  const double n = static_cast<double>(d.proposals.size());
  for (const auto& p : d.proposals) {
    select::Proposal sp;
    sp.id = std::to_string(p.id);
    // Merit from the panel's rank: the best gets n, the last 1 (the rank rule keeps the
    // order; the objective prefers more and better-ranked proposals).
    sp.merit = n - static_cast<double>(rank[p.id]) + 1;
    auto slot = slot_index.find(p.slot);
    if (!p.slot.empty() && slot != slot_index.end()) sp.slot = slot->second;
    for (const auto& [agency, amount] : p.requested) {
      auto f = funder_index.find(agency);
      if (f == funder_index.end() || amount <= 0) continue;
      sp.shares.push_back({f->second, static_cast<double>(amount)});
    }
    problem.proposals.push_back(std::move(sp));
  }
  problem.time_limit_seconds = 20;
  auto solved = select::Solve(problem);
  if (!solved) {
    if (solved.error().code == ErrorCode::kFailedPrecondition) {
      return FailedPrecondition("no selection meets every constraint: " + solved.error().message);
    }
    return tl::unexpected(solved.error());
  }
  Json selected = Json::array();
  for (int i : solved->selected) {
    selected.push_back(std::stoll(problem.proposals[i].id));
  }
  Json funders_json = Json::array();
  for (const auto& u : solved->funders) {
    const auto& f = funders[u.funder];
    funders_json.push_back(Json{{"agency", f.agency},
                                {"currency", f.currency},
                                {"budget", f.budget ? Json(*f.budget) : Json()},
                                {"used", u.used},
                                {"marginal_value", u.step > 0 ? u.gain / u.step : 0.0},
                                {"marginal_step", u.step},
                                {"marginal_gain", u.gain}});
  }
  Json skipped = Json::array();
  for (const auto& sk : solved->skipped) {
    const auto& f = funders[sk.funder];
    skipped.push_back(Json{
        {"proposal_id", std::stoll(problem.proposals[sk.proposal].id)},
        {"funder", f.agency},
        {"reason", "budget of " + f.agency + " exhausted (needs " +
                       MoneyText(static_cast<std::int64_t>(std::llround(sk.needed))) + ", " +
                       MoneyText(static_cast<std::int64_t>(std::llround(sk.left))) + " left)"}});
  }
  return Json{{"selected", selected},
              {"total_merit", solved->total_merit},
              {"proven_optimal", solved->proven_optimal},
              {"funders", funders_json},
              {"skipped", skipped}};
#else
  ASTA_ASSIGN_OR_RETURN(programmes::Call call, programmes_.GetCall(call_id));
  (void)call;
  return Unavailable("selection engine not available");
#endif
}

Result<Json> ReviewService::Decide(const audit::Actor& actor, std::int64_t call_id,
                                   const Json& body) {
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kNone));
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  ASTA_RETURN_IF_ERROR(OnlyKeys(body, {"decisions"}, ""));
  if (!body.contains("decisions") || !body["decisions"].is_array() || body["decisions"].empty()) {
    return InvalidArgument("decisions: required, a list of {proposal_id, decision, reason}",
                           "decisions");
  }
  std::map<std::int64_t, const programmes::Proposal*> submitted;
  for (const auto& p : d.proposals) submitted[p.id] = &p;
  struct D {
    std::int64_t id;
    std::string decision, reason;
  };
  std::vector<D> incoming;
  std::set<std::int64_t> seen;
  for (size_t i = 0; i < body["decisions"].size(); ++i) {
    const Json& x = body["decisions"][i];
    const std::string at = "decisions[" + std::to_string(i) + "]";
    if (!x.is_object()) return InvalidArgument(at + ": must be an object", at);
    for (const auto& [k, v] : x.items()) {
      if (k != "proposal_id" && k != "decision" && k != "reason") {
        return InvalidArgument(at + "." + k + ": unknown field", at + "." + k);
      }
    }
    if (!x.contains("proposal_id") || !x["proposal_id"].is_number_integer() ||
        !submitted.count(x["proposal_id"].get<std::int64_t>())) {
      return InvalidArgument(at + ".proposal_id: not a submitted proposal of this call",
                             at + ".proposal_id");
    }
    const std::int64_t id = x["proposal_id"].get<std::int64_t>();
    if (!seen.insert(id).second) {
      return InvalidArgument(
          at + ".proposal_id: proposal " + std::to_string(id) + " is decided twice",
          at + ".proposal_id");
    }
    const std::string decision = x.value("decision", std::string());
    if (decision != "funded" && decision != "not_funded" && decision != "reserve") {
      return InvalidArgument(at + ".decision: must be funded, not_funded or reserve",
                             at + ".decision");
    }
    std::string reason;
    if (x.contains("reason") && !x["reason"].is_null()) {
      if (!x["reason"].is_string()) {
        return InvalidArgument(at + ".reason: must be a string", at + ".reason");
      }
      reason = x["reason"].get<std::string>();
      if (!IsValidUtf8(reason) || CodePointCount(reason) > 5000) {
        return InvalidArgument(at + ".reason: UTF-8 text of at most 5000 characters",
                               at + ".reason");
      }
    }
    incoming.push_back({id, decision, reason});
  }
  const std::string now = FormatIso8601(Now());
  const auto funders = FundersOf(d.call);
  Json used_json = Json::array();
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    ASTA_ASSIGN_OR_RETURN(auto released, conn.Query("SELECT released_at FROM review_releases "
                                                    "WHERE call_id = ?",
                                                    {call_id}));
    if (!released.empty()) {
      return FailedPrecondition("the results were released at " + released.rows[0].Text(0) +
                                "; decisions can no longer change");
    }
    ASTA_ASSIGN_OR_RETURN(auto current, conn.Query("SELECT proposal_id, decision, decision_reason "
                                                   "FROM panel_entries WHERE call_id = ?",
                                                   {call_id}));
    std::map<std::int64_t, std::string> decision;
    std::map<std::int64_t, Json> before;
    for (const auto& r : current.rows) {
      if (!r.IsNull(1)) decision[r.Int(0)] = r.Text(1);
      before[r.Int(0)] =
          Json{{"decision", r.IsNull(1) ? Json() : Json(r.Text(1))}, {"reason", r.Text(2)}};
    }
    for (const auto& x : incoming) decision[x.id] = x.decision;
    for (const auto& f : funders) {
      std::int64_t used = 0;
      for (const auto& [id, dec] : decision) {
        if (dec != "funded" || !submitted.count(id)) continue;
        auto it = submitted[id]->requested.find(f.agency);
        if (it != submitted[id]->requested.end()) used += it->second;
      }
      if (f.budget && used > *f.budget) {
        return InvalidArgument("decisions: the funded proposals ask " + f.agency + " for " +
                                   MoneyText(used) + " " + f.currency +
                                   ", more than its budget of " + MoneyText(*f.budget) + " " +
                                   f.currency + " (over by " + MoneyText(used - *f.budget) + ")",
                               "decisions");
      }
      used_json.push_back(Json{
          {"agency", f.agency}, {"budget", f.budget ? Json(*f.budget) : Json()}, {"used", used}});
    }
    for (const auto& x : incoming) {
      ASTA_ASSIGN_OR_RETURN(
          std::int64_t n,
          conn.Execute("UPDATE panel_entries SET decision = ?, decision_reason = ?, decided_by = "
                       "?, decided_at = ?, updated_at = ? WHERE proposal_id = ?",
                       {x.decision, x.reason, OptId(actor.user_id), now, now, x.id}));
      if (n == 0) {
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "INSERT INTO panel_entries (proposal_id, call_id, note, decision, decision_reason, "
            "decided_by, decided_at, updated_at) VALUES (?, ?, '', ?, ?, ?, ?, ?)",
            {x.id, call_id, x.decision, x.reason, OptId(actor.user_id), now, now}));
      }
      ASTA_RETURN_IF_ERROR(audit::Append(
          conn, actor, "review.decision", "proposal", std::to_string(x.id),
          before.count(x.id) ? before[x.id] : Json(),
          Json{{"decision", x.decision}, {"reason", x.reason}, {"call_id", call_id}}));
    }
    return true;
  }));
  Json out = Json::array();
  for (const auto& x : incoming) {
    out.push_back(Json{{"proposal_id", x.id},
                       {"decision", x.decision},
                       {"reason", x.reason},
                       {"decided_at", now}});
  }
  return Json{{"decisions", out}, {"funders", used_json}};
}

Result<Json> ReviewService::Release(const audit::Actor& actor, std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kNone));
  const std::string now = FormatIso8601(Now());
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    ASTA_ASSIGN_OR_RETURN(auto released, conn.Query("SELECT released_at FROM review_releases "
                                                    "WHERE call_id = ?",
                                                    {call_id}));
    if (!released.empty()) {
      return FailedPrecondition("the results were already released at " + released.rows[0].Text(0));
    }
    if (d.proposals.empty()) return FailedPrecondition("the call has no submitted proposals");
    ASTA_ASSIGN_OR_RETURN(auto decided, conn.Query("SELECT proposal_id FROM panel_entries WHERE "
                                                   "call_id = ? AND decision IS NOT NULL",
                                                   {call_id}));
    std::set<std::int64_t> has;
    for (const auto& r : decided.rows) has.insert(r.Int(0));
    std::string missing;
    int n_missing = 0;
    for (const auto& p : d.proposals) {
      if (has.count(p.id)) continue;
      if (n_missing++ < 10) missing += (missing.empty() ? "" : ", ") + std::to_string(p.id);
    }
    if (n_missing > 0) {
      return FailedPrecondition(std::to_string(n_missing) +
                                " submitted proposal(s) have no decision yet: " + missing);
    }
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO review_releases (call_id, released_at, released_by) VALUES (?, ?, ?)",
        {call_id, now, OptId(actor.user_id)}));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.release", "call",
                                       std::to_string(call_id), Json(),
                                       Json{{"released_at", now}}));
    return true;
  }));
  return Json{{"call_id", call_id}, {"released_at", now}};
}

Result<Json> ReviewService::Outcome(std::int64_t proposal_id) {
  ASTA_ASSIGN_OR_RETURN(programmes::Proposal p, programmes_.GetProposal(proposal_id));
  ASTA_ASSIGN_OR_RETURN(programmes::Call call, programmes_.GetCall(p.call_id));
  ASTA_ASSIGN_OR_RETURN(auto released, Query(db_,
                                             "SELECT released_at FROM review_releases WHERE "
                                             "call_id = ?",
                                             {p.call_id}));
  if (released.empty() || p.state != "submitted") {
    return Json{{"proposal_id", proposal_id}, {"released", false}};
  }
  ASTA_ASSIGN_OR_RETURN(auto entry, Query(db_,
                                          "SELECT decision FROM panel_entries WHERE "
                                          "proposal_id = ?",
                                          {proposal_id}));
  ASTA_ASSIGN_OR_RETURN(auto reviews, SubmittedReviews(db_, p.call_id));
  std::vector<std::pair<std::string, const PanelReview*>> mine;
  for (const auto& r : reviews) {
    if (r.proposal_id != proposal_id) continue;
    // An order that tells nothing of reviewer or assignment ids, fixed per proposal.
    mine.push_back({Sha256Hex("asta-review-order:" + std::to_string(proposal_id) + ":" +
                              std::to_string(r.assignment_id)),
                    &r});
  }
  std::sort(mine.begin(), mine.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto criteria = CriteriaOf(call);
  Json out = Json::array();
  for (size_t i = 0; i < mine.size(); ++i) {
    Json scores = Json::object();
    for (const auto& c : criteria) {
      if (mine[i].second->scores.contains(c.key)) scores[c.key] = mine[i].second->scores[c.key];
    }
    out.push_back(Json{{"label", "Reviewer " + std::to_string(i + 1)},
                       {"label_ja", "審査員 " + std::to_string(i + 1)},
                       {"scores", scores},
                       {"comment_to_applicant", mine[i].second->comment}});
  }
  Json crit = Json::array();
  for (const auto& c : criteria) {
    crit.push_back(Json{{"key", c.key},
                        {"title", c.title},
                        {"title_ja", c.title_ja},
                        {"scale_min", c.scale_min},
                        {"scale_max", c.scale_max}});
  }
  return Json{
      {"proposal_id", proposal_id},
      {"released", true},
      {"released_at", released.rows[0].Text(0)},
      {"decision", entry.empty() || entry.rows[0].IsNull(0) ? Json() : Json(entry.rows[0].Text(0))},
      {"criteria", crit},
      {"reviews", out}};
}

Result<Json> ReviewService::Remind(const audit::Actor& actor, std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(programmes::Call call, programmes_.GetCall(call_id));
  (void)call;
  const std::string now = FormatIso8601(Now());
  Json reminded = Json::array();
  ASTA_RETURN_IF_ERROR(db_.InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query("SELECT a.reviewer_user_id, u.display_name, COUNT(*) FROM review_assignments a "
                   "JOIN users u ON u.id = a.reviewer_user_id LEFT JOIN reviews r ON "
                   "r.assignment_id = a.id WHERE a.call_id = ? AND a.status = 'assigned' AND "
                   "(r.status IS NULL OR r.status <> 'submitted') GROUP BY a.reviewer_user_id, "
                   "u.display_name ORDER BY a.reviewer_user_id",
                   {call_id}));
    for (const auto& r : rows.rows) {
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "UPDATE review_invitations SET reminded_at = ? WHERE call_id = ? AND user_id = ?",
          {now, call_id, r.Int(0)}));
      reminded.push_back(Json{{"user_id", r.Int(0)}, {"name", r.Text(1)}, {"due", r.Int(2)}});
    }
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "review.remind", "call",
                                       std::to_string(call_id), Json(),
                                       Json{{"reminded", reminded}, {"at", now}}));
    return true;
  }));
  return Json{{"reminded", reminded}, {"reminded_at", now}};
}

// ---- status -----------------------------------------------------------------------------

Result<Json> ReviewService::Overview(std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(CallData d, LoadCallData(call_id, Facts::kNone));
  std::int64_t accepted = 0;
  for (const auto& m : d.pool) accepted += m.status == "accepted";
  ASTA_ASSIGN_OR_RETURN(
      auto a, Query(db_,
                    "SELECT COUNT(*), SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 "
                    "END) FROM review_assignments a LEFT JOIN reviews r ON r.assignment_id "
                    "= a.id WHERE a.call_id = ? AND a.status = 'assigned'",
                    {call_id}));
  const std::int64_t assignments = a.rows[0].Int(0);
  const std::int64_t submitted = a.rows[0].OptInt(1).value_or(0);
  ASTA_ASSIGN_OR_RETURN(auto ranked, Query(db_,
                                           "SELECT COUNT(panel_rank), COUNT(decision) FROM "
                                           "panel_entries WHERE call_id = ?",
                                           {call_id}));
  ASTA_ASSIGN_OR_RETURN(
      auto released,
      Query(db_, "SELECT released_at FROM review_releases WHERE call_id = ?", {call_id}));
  const std::int64_t n_proposals = static_cast<std::int64_t>(d.proposals.size());
  std::string stage = "setup";
  if (!released.empty()) {
    stage = "released";
  } else if (n_proposals > 0 && ranked.rows[0].Int(1) >= n_proposals) {
    stage = "decided";
  } else if (assignments > 0 && (submitted == assignments || ranked.rows[0].Int(0) > 0)) {
    stage = "panel";
  } else if (assignments > 0) {
    stage = "reviewing";
  } else if (accepted > 0) {
    stage = "assigning";
  }
  return Json{{"call_id", call_id},
              {"call_title", d.call.title},
              {"stage", stage},
              {"settings", d.settings.ToJson()},
              {"released_at", released.empty() ? Json() : Json(released.rows[0].Text(0))},
              {"counts", Json{{"proposals", n_proposals},
                              {"reviewers", static_cast<std::int64_t>(d.pool.size())},
                              {"accepted", accepted},
                              {"assignments", assignments},
                              {"reviews_submitted", submitted},
                              {"reviews_due", assignments - submitted}}}};
}

}  // namespace asta::review
