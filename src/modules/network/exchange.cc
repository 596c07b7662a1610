// Exchange programmes, their participants, and the offices' cooperation needs.
// exchange.h is the contract.
#include "modules/network/exchange.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/countries.h"
#include "core/regions.h"
#include "core/text.h"
#include "core/time.h"
#include "modules/network/importers/internal.h"
#include "modules/network/rows.h"

namespace asta::network {
namespace {

using store::Connection;
using store::Value;

struct Transition {
  std::string_view kind;  // "" for every kind but those listed
  std::string_view from;
  std::vector<std::string_view> to;
};

// The moves a participation may make, per kind of programme (docs/network.md).
const std::vector<Transition>& Transitions() {
  static const std::vector<Transition> table = {
      {"reinvitation", "nominated", {"accepted", "declined", "withdrawn"}},
      {"reinvitation", "accepted", {"visiting", "withdrawn"}},
      {"reinvitation", "visiting", {"visited"}},
      {"reinvitation", "visited", {"reported"}},
      {"dispatch", "planned", {"ongoing", "withdrawn"}},
      {"dispatch", "ongoing", {"completed"}},
      {"dispatch", "completed", {"reported"}},
      {"secondment", "planned", {"ongoing", "withdrawn"}},
      {"secondment", "ongoing", {"completed"}},
      {"secondment", "completed", {"reported"}},
      {"alumni_association", "active", {"ended"}},
  };
  return table;
}

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

Value OptInt64(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

std::string Today() { return NowIso8601().substr(0, 10); }

// Validates an optional partial date in place.
Status CheckDate(std::string& date, std::string_view field) {
  if (Trim(date).empty()) {
    date.clear();
    return Ok();
  }
  ASTA_ASSIGN_OR_RETURN(date, internal::NormalizeDate(date, field));
  return Ok();
}

Status CheckPeriod(std::string& start, std::string& end, std::string_view start_field,
                   std::string_view end_field) {
  ASTA_RETURN_IF_ERROR(CheckDate(start, start_field));
  ASTA_RETURN_IF_ERROR(CheckDate(end, end_field));
  if (!start.empty() && !end.empty() && !internal::DateNotAfter(start, end)) {
    return InvalidArgument("is before the start (" + start + ")", std::string(end_field));
  }
  return Ok();
}

// InvalidArgument naming `field` unless `id` is a live organisation.
Status OrgExists(Connection& conn, std::int64_t id, std::string_view field) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT display_name FROM organizations WHERE id = "
                                              "? AND merged_into IS NULL",
                                              {id}));
  if (rows.empty()) {
    return InvalidArgument("no organisation " + std::to_string(id), std::string(field));
  }
  return Ok();
}

Status ValidateProgramme(ProgrammeInput& in) {
  if (!IsProgrammeKind(in.kind)) {
    return InvalidArgument("must be alumni_association, reinvitation, dispatch or secondment",
                           "kind");
  }
  ASTA_ASSIGN_OR_RETURN(in.name, ValidateText(in.name, "name", 300));
  ASTA_ASSIGN_OR_RETURN(in.name_ja, internal::OptionalText(in.name_ja, "name_ja", 300));
  ASTA_ASSIGN_OR_RETURN(in.description, internal::LongText(in.description, "description", 8000));
  if (Trim(in.country).empty()) return InvalidArgument("is required", "country");
  ASTA_ASSIGN_OR_RETURN(in.country, NormalizeCountry(in.country));
  std::vector<std::string> themes;
  for (std::size_t i = 0; i < in.themes.size(); ++i) {
    if (!IsTheme(in.themes[i])) {
      return InvalidArgument("must be one of " + Join(Themes()),
                             "themes[" + std::to_string(i) + "]");
    }
    if (std::find(themes.begin(), themes.end(), in.themes[i]) == themes.end()) {
      themes.push_back(in.themes[i]);
    }
  }
  in.themes = std::move(themes);
  ASTA_RETURN_IF_ERROR(CheckPeriod(in.start, in.end, "start", "end"));
  if (in.kind != "reinvitation" && (!Trim(in.call_open).empty() || !Trim(in.call_close).empty())) {
    return InvalidArgument("only re-invitation programmes have a nomination window",
                           Trim(in.call_open).empty() ? "call_close" : "call_open");
  }
  for (auto [value, field] : {std::pair<std::string*, const char*>{&in.call_open, "call_open"},
                              std::pair<std::string*, const char*>{&in.call_close, "call_close"}}) {
    ASTA_RETURN_IF_ERROR(CheckDate(*value, field));
    if (!value->empty() && value->size() != 10) {
      return InvalidArgument("must be a full date, YYYY-MM-DD", field);
    }
  }
  if (!in.call_open.empty() && !in.call_close.empty() && in.call_close < in.call_open) {
    return InvalidArgument("is before call_open (" + in.call_open + ")", "call_close");
  }
  if (in.status != "active" && in.status != "closed") {
    return InvalidArgument("must be active or closed", "status");
  }
  return Ok();
}

constexpr char kProgrammeSelect[] =
    "SELECT p.id, p.kind, p.name, p.name_ja, p.description, p.country, p.region, p.org_id, "
    "p.themes_json, p.start_date, p.end_date, p.call_open, p.call_close, p.status, "
    "p.created_at, p.updated_at, p.version, o.display_name, "
    "(SELECT COUNT(*) FROM programme_participants pp WHERE pp.programme_id = p.id) "
    "FROM exchange_programmes p LEFT JOIN organizations o ON o.id = p.org_id";

Programme ProgrammeFromRow(const store::Row& row) {
  Programme p;
  p.id = row.Int(0);
  p.input.kind = row.Text(1);
  p.input.name = row.Text(2);
  p.input.name_ja = row.Text(3);
  p.input.description = row.Text(4);
  p.input.country = row.Text(5);
  p.region = row.Text(6);
  p.input.org_id = row.OptInt(7);
  p.input.themes = internal::StringsFromJson(row.Text(8));
  p.input.start = row.Text(9);
  p.input.end = row.Text(10);
  p.input.call_open = row.Text(11);
  p.input.call_close = row.Text(12);
  p.input.status = row.Text(13);
  p.created_at = row.Text(14);
  p.updated_at = row.Text(15);
  p.version = row.Int(16);
  p.org_name = row.OptText(17).value_or("");
  p.participant_count = row.Int(18);
  return p;
}

constexpr char kParticipantSelect[] =
    "SELECT pp.id, pp.programme_id, pp.person_id, pe.name, pe.latin_name, pp.role, pp.org_id, "
    "o.display_name, pp.start_date, pp.end_date, pp.status, pp.note, pp.report, "
    "pp.nominated_by, pp.created_at, pp.updated_at, pp.version, ep.kind, ep.name, ep.country "
    "FROM programme_participants pp JOIN people pe ON pe.id = pp.person_id "
    "JOIN exchange_programmes ep ON ep.id = pp.programme_id "
    "LEFT JOIN organizations o ON o.id = pp.org_id";

Participation ParticipationFromRow(const store::Row& row) {
  Participation p;
  p.id = row.Int(0);
  p.programme_id = row.Int(1);
  p.person_id = row.Int(2);
  p.person_name = row.Text(3);
  p.person_latin_name = row.Text(4);
  p.role = row.Text(5);
  p.org_id = row.OptInt(6);
  p.org_name = row.OptText(7).value_or("");
  p.start = row.Text(8);
  p.end = row.Text(9);
  p.status = row.Text(10);
  p.note = row.Text(11);
  p.report = row.Text(12);
  p.nominated_by = row.OptInt(13);
  p.created_at = row.Text(14);
  p.updated_at = row.Text(15);
  p.version = row.Int(16);
  p.programme_kind = row.Text(17);
  p.programme_name = row.Text(18);
  p.programme_country = row.Text(19);
  return p;
}

Result<Programme> LoadProgramme(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        conn.Query(std::string(kProgrammeSelect) + " WHERE p.id = ?", {id}));
  if (rows.empty()) return NotFound("no exchange programme " + std::to_string(id));
  return ProgrammeFromRow(rows.rows[0]);
}

Result<Participation> LoadParticipation(Connection& conn, std::int64_t programme_id,
                                        std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(std::string(kParticipantSelect) +
                                                  " WHERE pp.id = ? AND pp.programme_id = ?",
                                              {id, programme_id}));
  if (rows.empty()) {
    return NotFound("no participant " + std::to_string(id) + " in programme " +
                    std::to_string(programme_id));
  }
  return ParticipationFromRow(rows.rows[0]);
}

Status ValidateNeed(NeedInput& in) {
  if (!IsTheme(in.theme)) return InvalidArgument("must be one of " + Join(Themes()), "theme");
  ASTA_ASSIGN_OR_RETURN(in.title, ValidateText(in.title, "title", 200));
  ASTA_ASSIGN_OR_RETURN(in.body, internal::LongText(in.body, "body", 8000));
  if (Trim(in.country).empty()) return InvalidArgument("is required", "country");
  ASTA_ASSIGN_OR_RETURN(in.country, NormalizeCountry(in.country));
  if (in.status != "open" && in.status != "addressed" && in.status != "closed") {
    return InvalidArgument("must be open, addressed or closed", "status");
  }
  return Ok();
}

// The region of an organisation of type overseas_office, or NotFound naming `field`.
Result<std::string> OfficeRegionOf(Connection& conn, std::int64_t office_id,
                                   std::string_view field) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT region, types_json FROM organizations "
                                              "WHERE id = ? AND merged_into IS NULL",
                                              {office_id}));
  if (rows.empty()) {
    return InvalidArgument("no organisation " + std::to_string(office_id), std::string(field));
  }
  const auto types = internal::StringsFromJson(rows.rows[0].Text(1));
  if (std::find(types.begin(), types.end(), "overseas_office") == types.end()) {
    return InvalidArgument("is not an overseas office", std::string(field));
  }
  if (rows.rows[0].Text(0).empty()) {
    return InvalidArgument("the office has no region; set it first", std::string(field));
  }
  return rows.rows[0].Text(0);
}

constexpr char kNeedSelect[] =
    "SELECT n.id, n.office_id, n.region, n.country, n.partner_org_id, n.theme, n.title, n.body, "
    "n.status, n.reported_by, n.created_at, n.updated_at, n.version, o.display_name, "
    "p.display_name FROM cooperation_needs n JOIN organizations o ON o.id = n.office_id "
    "LEFT JOIN organizations p ON p.id = n.partner_org_id";

Need NeedFromRow(const store::Row& row) {
  Need n;
  n.id = row.Int(0);
  n.input.office_id = row.Int(1);
  n.region = row.Text(2);
  n.input.country = row.Text(3);
  n.input.partner_org_id = row.OptInt(4);
  n.input.theme = row.Text(5);
  n.input.title = row.Text(6);
  n.input.body = row.Text(7);
  n.input.status = row.Text(8);
  n.reported_by = row.OptInt(9);
  n.created_at = row.Text(10);
  n.updated_at = row.Text(11);
  n.version = row.Int(12);
  n.office_name = row.Text(13);
  n.partner_org_name = row.OptText(14).value_or("");
  return n;
}

Result<Need> LoadNeed(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(std::string(kNeedSelect) + " WHERE n.id = ?", {id}));
  if (rows.empty()) return NotFound("no cooperation need " + std::to_string(id));
  return NeedFromRow(rows.rows[0]);
}

// Checks a need's references: the office (its region becomes the need's), the country
// within that region, the partner organisation.
Result<std::string> CheckNeedReferences(Connection& conn, const NeedInput& in) {
  ASTA_ASSIGN_OR_RETURN(std::string region, OfficeRegionOf(conn, in.office_id, "office_id"));
  if (RegionOfCountry(in.country) != region) {
    return InvalidArgument("is not in the office's region (" + region + ")", "country");
  }
  if (in.partner_org_id) {
    ASTA_RETURN_IF_ERROR(OrgExists(conn, *in.partner_org_id, "partner_org_id"));
  }
  return region;
}

Json OptJson(const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(); }

// People with Japan experience (alumni) tied to a country of `countries` by nationality
// or residence: id, name, latin name, their countries in the region.
struct Alumnus {
  std::int64_t id = 0;
  std::string name, latin_name;
  std::vector<std::string> countries;
};

Result<std::vector<Alumnus>> AlumniOf(Connection& conn, const std::set<std::string>& countries) {
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT p.id, p.name, p.latin_name, p.nationality, p.residence_json FROM people p "
                 "WHERE p.merged_into IS NULL AND EXISTS (SELECT 1 FROM japan_experience j WHERE "
                 "j.person_id = p.id) ORDER BY p.id"));
  std::vector<Alumnus> out;
  for (const auto& row : rows.rows) {
    std::set<std::string> mine;
    if (countries.count(row.Text(3))) mine.insert(row.Text(3));
    for (const auto& c : internal::StringsFromJson(row.Text(4))) {
      if (countries.count(c)) mine.insert(c);
    }
    if (mine.empty()) continue;
    out.push_back({row.Int(0), row.Text(1), row.Text(2), {mine.begin(), mine.end()}});
  }
  return out;
}

// Organisations of the region linked to the network (people affiliated with them,
// programmes or needs naming them), offices left out: id, name, country, linked people.
Result<std::vector<Json>> PartnersOf(Connection& conn, const std::vector<std::string>& countries) {
  std::vector<Json> out;
  if (countries.empty()) return out;
  std::vector<Value> params;
  for (const auto& c : countries) params.push_back(c);
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT o.id, o.display_name, o.country, o.city, o.types_json, "
                 "(SELECT COUNT(DISTINCT a.person_id) FROM affiliations a JOIN people pe ON "
                 "pe.id = a.person_id WHERE a.org_id = o.id AND pe.merged_into IS NULL) AS people "
                 "FROM organizations o WHERE o.merged_into IS NULL AND o.country IN (" +
                     internal::Placeholders(countries.size()) +
                     ") AND (EXISTS (SELECT 1 FROM affiliations a WHERE a.org_id = o.id) OR "
                     "EXISTS (SELECT 1 FROM exchange_programmes e WHERE e.org_id = o.id) OR "
                     "EXISTS (SELECT 1 FROM programme_participants pp WHERE pp.org_id = o.id) OR "
                     "EXISTS (SELECT 1 FROM cooperation_needs n WHERE n.partner_org_id = o.id)) "
                     "ORDER BY people DESC, o.id",
                 params));
  for (const auto& row : rows.rows) {
    const auto types = internal::StringsFromJson(row.Text(4));
    if (std::find(types.begin(), types.end(), "overseas_office") != types.end()) continue;
    out.push_back({{"id", row.Int(0)},
                   {"display_name", row.Text(1)},
                   {"country", row.Text(2)},
                   {"city", row.Text(3)},
                   {"types", types},
                   {"people", row.Int(5)}});
  }
  return out;
}

}  // namespace

const std::vector<std::string>& Themes() {
  static const std::vector<std::string> themes = {"green-innovation", "life-innovation",
                                                  "safety-security", "basic-research", "ict"};
  return themes;
}

bool IsTheme(std::string_view theme) {
  const auto& t = Themes();
  return std::find(t.begin(), t.end(), theme) != t.end();
}

bool IsProgrammeKind(std::string_view kind) {
  return kind == "alumni_association" || kind == "reinvitation" || kind == "dispatch" ||
         kind == "secondment";
}

std::vector<std::string> RolesOf(std::string_view kind) {
  if (kind == "alumni_association") return {"member", "officer"};
  if (kind == "reinvitation") return {"invitee"};
  if (kind == "dispatch") return {"dispatched"};
  if (kind == "secondment") return {"seconded"};
  return {};
}

std::string FirstStatus(std::string_view kind) {
  if (kind == "reinvitation") return "nominated";
  if (kind == "alumni_association") return "active";
  return "planned";
}

std::vector<std::string> NextStatuses(std::string_view kind, std::string_view from) {
  for (const auto& t : Transitions()) {
    if (t.kind == kind && t.from == from) return {t.to.begin(), t.to.end()};
  }
  return {};
}

Json Participation::ToJson(bool with_notes) const {
  Json j = {{"id", id},
            {"programme_id", programme_id},
            {"person_id", person_id},
            {"person_name", person_name},
            {"person_latin_name", person_latin_name},
            {"role", role},
            {"org_id", OptJson(org_id)},
            {"org_name", org_id ? Json(org_name) : Json()},
            {"start", start},
            {"end", end},
            {"status", status},
            {"next_statuses", NextStatuses(programme_kind, status)},
            {"nominated_by", OptJson(nominated_by)},
            {"created_at", created_at},
            {"updated_at", updated_at},
            {"version", version}};
  if (with_notes) {
    j["note"] = note;
    j["report"] = report;
  }
  if (!programme_name.empty()) {
    j["programme"] = {{"id", programme_id},
                      {"kind", programme_kind},
                      {"name", programme_name},
                      {"country", programme_country}};
  }
  return j;
}

Json Programme::ToJson() const {
  return {{"id", id},
          {"kind", input.kind},
          {"name", input.name},
          {"name_ja", input.name_ja},
          {"description", input.description},
          {"country", input.country},
          {"region", region},
          {"org_id", OptJson(input.org_id)},
          {"org_name", input.org_id ? Json(org_name) : Json()},
          {"themes", input.themes},
          {"start", input.start},
          {"end", input.end},
          {"call_open", input.call_open},
          {"call_close", input.call_close},
          {"status", input.status},
          {"roles", RolesOf(input.kind)},
          {"participant_count", participant_count},
          {"created_at", created_at},
          {"updated_at", updated_at},
          {"version", version}};
}

Json Need::ToJson() const {
  return {{"id", id},
          {"office_id", input.office_id},
          {"office_name", office_name},
          {"region", region},
          {"country", input.country},
          {"partner_org_id", OptJson(input.partner_org_id)},
          {"partner_org_name", input.partner_org_id ? Json(partner_org_name) : Json()},
          {"theme", input.theme},
          {"title", input.title},
          {"body", input.body},
          {"status", input.status},
          {"reported_by", OptJson(reported_by)},
          {"created_at", created_at},
          {"updated_at", updated_at},
          {"version", version}};
}

ExchangeService::ExchangeService(store::Database& db) : db_(db) {}

// ---------------------------------------------------------------------------------
// Programmes.

Result<Programme> ExchangeService::CreateProgramme(const audit::Actor& actor,
                                                   ProgrammeInput input) {
  ASTA_RETURN_IF_ERROR(ValidateProgramme(input));
  return db_.InWriteTransaction<Programme>([&](Connection& conn) -> Result<Programme> {
    if (input.org_id) ASTA_RETURN_IF_ERROR(OrgExists(conn, *input.org_id, "org_id"));
    const std::string now = NowIso8601();
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query("INSERT INTO exchange_programmes (kind, name, name_ja, description, country, "
                   "region, org_id, themes_json, start_date, end_date, call_open, call_close, "
                   "status, created_at, updated_at, version) VALUES "
                   "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1) RETURNING id",
                   {input.kind, input.name, input.name_ja, input.description, input.country,
                    std::string(RegionOfCountry(input.country)), OptInt64(input.org_id),
                    internal::ToJsonText(input.themes), input.start, input.end, input.call_open,
                    input.call_close, input.status, now, now}));
    const std::int64_t id = rows.rows.at(0).Int(0);
    ASTA_ASSIGN_OR_RETURN(Programme p, LoadProgramme(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "exchange_programme.create",
                                       "exchange_programme", std::to_string(id), Json(),
                                       p.ToJson()));
    return p;
  });
}

Result<Programme> ExchangeService::UpdateProgramme(const audit::Actor& actor, std::int64_t id,
                                                   ProgrammeInput input,
                                                   std::optional<std::int64_t> expected_version) {
  ASTA_RETURN_IF_ERROR(ValidateProgramme(input));
  return db_.InWriteTransaction<Programme>([&](Connection& conn) -> Result<Programme> {
    ASTA_ASSIGN_OR_RETURN(Programme before, LoadProgramme(conn, id));
    if (expected_version && *expected_version != before.version) {
      return FailedPrecondition("the programme was changed meanwhile (version " +
                                std::to_string(before.version) + "); reload and try again");
    }
    if (input.kind != before.input.kind && before.participant_count > 0) {
      return FailedPrecondition("the kind of a programme with participants cannot change", "kind");
    }
    if (input.org_id) ASTA_RETURN_IF_ERROR(OrgExists(conn, *input.org_id, "org_id"));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE exchange_programmes SET kind = ?, name = ?, name_ja = ?, description = ?, "
        "country = ?, region = ?, org_id = ?, themes_json = ?, start_date = ?, end_date = ?, "
        "call_open = ?, call_close = ?, status = ?, updated_at = ?, version = version + 1 "
        "WHERE id = ?",
        {input.kind, input.name, input.name_ja, input.description, input.country,
         std::string(RegionOfCountry(input.country)), OptInt64(input.org_id),
         internal::ToJsonText(input.themes), input.start, input.end, input.call_open,
         input.call_close, input.status, NowIso8601(), id}));
    ASTA_ASSIGN_OR_RETURN(Programme after, LoadProgramme(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "exchange_programme.update",
                                       "exchange_programme", std::to_string(id), before.ToJson(),
                                       after.ToJson()));
    return after;
  });
}

Result<Programme> ExchangeService::GetProgramme(std::int64_t id) {
  return db_.InReadTransaction<Programme>([&](Connection& conn) -> Result<Programme> {
    ASTA_ASSIGN_OR_RETURN(Programme p, LoadProgramme(conn, id));
    ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(std::string(kParticipantSelect) +
                                                    " WHERE pp.programme_id = ? ORDER BY pp.id",
                                                {id}));
    for (const auto& row : rows.rows) p.participants.push_back(ParticipationFromRow(row));
    return p;
  });
}

Result<std::vector<Programme>> ExchangeService::ListProgrammes(const ProgrammeFilter& f) {
  if (f.limit < 1 || f.limit > 200) return InvalidArgument("must be 1..200", "limit");
  std::string sql = std::string(kProgrammeSelect) + " WHERE p.id > ?";
  std::vector<Value> params{f.after_id};
  if (!f.kind.empty()) {
    if (!IsProgrammeKind(f.kind)) {
      return InvalidArgument("must be alumni_association, reinvitation, dispatch or secondment",
                             "kind");
    }
    sql += " AND p.kind = ?";
    params.push_back(f.kind);
  }
  if (!f.country.empty()) {
    ASTA_ASSIGN_OR_RETURN(std::string country, NormalizeCountry(f.country));
    sql += " AND p.country = ?";
    params.push_back(country);
  }
  if (!f.region.empty()) {
    ASTA_ASSIGN_OR_RETURN(std::string region, NormalizeRegion(f.region));
    sql += " AND p.region = ?";
    params.push_back(region);
  }
  sql += " ORDER BY p.id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(f.limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<Programme> out;
  for (const auto& row : rows.rows) out.push_back(ProgrammeFromRow(row));
  return out;
}

// ---------------------------------------------------------------------------------
// Participants.

Result<Participation> ExchangeService::AddParticipant(const audit::Actor& actor,
                                                      std::int64_t programme_id,
                                                      ParticipantInput in) {
  ASTA_RETURN_IF_ERROR(CheckPeriod(in.start, in.end, "start", "end"));
  ASTA_ASSIGN_OR_RETURN(in.note, internal::LongText(in.note, "note", 4000));
  return db_.InWriteTransaction<Participation>([&](Connection& conn) -> Result<Participation> {
    ASTA_ASSIGN_OR_RETURN(Programme programme, LoadProgramme(conn, programme_id));
    if (programme.input.status != "active") {
      return FailedPrecondition("the programme is closed", "status");
    }
    const auto roles = RolesOf(programme.input.kind);
    if (in.role.empty()) in.role = roles.at(0);
    if (std::find(roles.begin(), roles.end(), in.role) == roles.end()) {
      return InvalidArgument("must be " + Join(roles) + " in a " + programme.input.kind, "role");
    }
    if (programme.input.kind == "reinvitation") {
      const std::string today = Today();
      if ((!programme.input.call_open.empty() && today < programme.input.call_open) ||
          (!programme.input.call_close.empty() && today > programme.input.call_close)) {
        return FailedPrecondition(
            "nominations are taken from " +
                (programme.input.call_open.empty() ? std::string("the start")
                                                   : programme.input.call_open) +
                " to " +
                (programme.input.call_close.empty() ? std::string("the end")
                                                    : programme.input.call_close),
            "call_close");
      }
    }
    ASTA_ASSIGN_OR_RETURN(
        auto person,
        conn.Query("SELECT id FROM people WHERE id = ? AND merged_into IS NULL", {in.person_id}));
    if (person.empty()) {
      return InvalidArgument("no person " + std::to_string(in.person_id), "person_id");
    }
    if (in.org_id) ASTA_RETURN_IF_ERROR(OrgExists(conn, *in.org_id, "org_id"));
    ASTA_ASSIGN_OR_RETURN(auto existing, conn.Query("SELECT id FROM programme_participants WHERE "
                                                    "programme_id = ? AND person_id = ?",
                                                    {programme_id, in.person_id}));
    if (!existing.empty()) {
      return AlreadyExists("the person takes part in this programme already", "person_id");
    }
    const std::string now = NowIso8601();
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query(
            "INSERT INTO programme_participants (programme_id, person_id, role, org_id, "
            "start_date, end_date, status, note, report, nominated_by, created_at, "
            "updated_at, version) VALUES (?,?,?,?,?,?,?,?,'',?,?,?,1) RETURNING id",
            {programme_id, in.person_id, in.role, OptInt64(in.org_id), in.start, in.end,
             FirstStatus(programme.input.kind), in.note, OptInt64(actor.user_id), now, now}));
    const std::int64_t id = rows.rows.at(0).Int(0);
    ASTA_ASSIGN_OR_RETURN(Participation p, LoadParticipation(conn, programme_id, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "programme_participant.add",
                                       "programme_participant", std::to_string(id), Json(),
                                       p.ToJson(true)));
    return p;
  });
}

Result<Participation> ExchangeService::UpdateParticipant(
    const audit::Actor& actor, std::int64_t programme_id, std::int64_t participation_id,
    ParticipantUpdate update, std::optional<std::int64_t> expected_version) {
  return db_.InWriteTransaction<Participation>([&](Connection& conn) -> Result<Participation> {
    ASTA_ASSIGN_OR_RETURN(Participation before,
                          LoadParticipation(conn, programme_id, participation_id));
    if (expected_version && *expected_version != before.version) {
      return FailedPrecondition("the participation was changed meanwhile (version " +
                                std::to_string(before.version) + "); reload and try again");
    }
    Participation after = before;
    if (update.role) {
      const auto roles = RolesOf(before.programme_kind);
      if (std::find(roles.begin(), roles.end(), *update.role) == roles.end()) {
        return InvalidArgument("must be " + Join(roles) + " in a " + before.programme_kind, "role");
      }
      after.role = *update.role;
    }
    if (update.start) after.start = *update.start;
    if (update.end) after.end = *update.end;
    ASTA_RETURN_IF_ERROR(CheckPeriod(after.start, after.end, "start", "end"));
    if (update.note) {
      ASTA_ASSIGN_OR_RETURN(after.note, internal::LongText(*update.note, "note", 4000));
    }
    if (update.report) {
      ASTA_ASSIGN_OR_RETURN(after.report, internal::LongText(*update.report, "report", 20000));
    }
    if (update.org_id) {
      after.org_id = *update.org_id;
      if (after.org_id) ASTA_RETURN_IF_ERROR(OrgExists(conn, *after.org_id, "org_id"));
    }
    if (update.status && *update.status != before.status) {
      const auto next = NextStatuses(before.programme_kind, before.status);
      if (std::find(next.begin(), next.end(), *update.status) == next.end()) {
        return FailedPrecondition(
            "cannot move from " + before.status + " to " + *update.status +
                (next.empty() ? std::string("; it is final") : "; allowed: " + Join(next)),
            "status");
      }
      after.status = *update.status;
    }
    if (after.status == "reported" && after.report.empty()) {
      return InvalidArgument("is required to mark the participation reported", "report");
    }
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE programme_participants SET role = ?, org_id = ?, start_date = ?, end_date = ?, "
        "status = ?, note = ?, report = ?, updated_at = ?, version = version + 1 WHERE id = ?",
        {after.role, OptInt64(after.org_id), after.start, after.end, after.status, after.note,
         after.report, NowIso8601(), participation_id}));
    ASTA_ASSIGN_OR_RETURN(Participation stored,
                          LoadParticipation(conn, programme_id, participation_id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "programme_participant.update",
                                       "programme_participant", std::to_string(participation_id),
                                       before.ToJson(true), stored.ToJson(true)));
    return stored;
  });
}

Result<std::vector<Participation>> ExchangeService::PersonProgrammes(std::int64_t person_id) {
  return db_.InReadTransaction<std::vector<Participation>>(
      [&](Connection& conn) -> Result<std::vector<Participation>> {
        ASTA_ASSIGN_OR_RETURN(auto person, conn.Query("SELECT id FROM people WHERE id = ? AND "
                                                      "merged_into IS NULL",
                                                      {person_id}));
        if (person.empty()) return NotFound("no person " + std::to_string(person_id));
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(std::string(kParticipantSelect) +
                                                        " WHERE pp.person_id = ? ORDER BY pp.id",
                                                    {person_id}));
        std::vector<Participation> out;
        for (const auto& row : rows.rows) out.push_back(ParticipationFromRow(row));
        return out;
      });
}

// ---------------------------------------------------------------------------------
// Offices.

Result<Json> ExchangeService::Offices() {
  return db_.InReadTransaction<Json>([&](Connection& conn) -> Result<Json> {
    ASTA_ASSIGN_OR_RETURN(auto rows,
                          conn.Query("SELECT " + std::string(internal::kOrgColumns) +
                                     " FROM organizations WHERE merged_into IS NULL AND "
                                     "types_json LIKE '%\"overseas_office\"%' ORDER BY id"));
    Json items = Json::array();
    for (const auto& row : rows.rows) {
      Organization office = internal::OrgFromRow(row);
      std::vector<std::string> countries = CountriesOfRegion(office.region);
      ASTA_ASSIGN_OR_RETURN(auto alumni, AlumniOf(conn, {countries.begin(), countries.end()}));
      ASTA_ASSIGN_OR_RETURN(auto partners, PartnersOf(conn, countries));
      ASTA_ASSIGN_OR_RETURN(auto needs, conn.Query("SELECT COUNT(*) FROM cooperation_needs WHERE "
                                                   "office_id = ? AND status = 'open'",
                                                   {office.id}));
      items.push_back({{"office", office.ToJson()},
                       {"alumni_count", static_cast<std::int64_t>(alumni.size())},
                       {"partner_count", static_cast<std::int64_t>(partners.size())},
                       {"open_needs", needs.rows.at(0).Int(0)}});
    }
    return Json{{"items", items}};
  });
}

Result<std::string> ExchangeService::OfficeRegion(std::int64_t office_id) {
  return db_.InReadTransaction<std::string>([&](Connection& conn) -> Result<std::string> {
    auto region = OfficeRegionOf(conn, office_id, "id");
    if (!region) return NotFound("no overseas office " + std::to_string(office_id));
    return *region;
  });
}

Result<Json> ExchangeService::Office(std::int64_t id, bool with_needs) {
  return db_.InReadTransaction<Json>([&](Connection& conn) -> Result<Json> {
    auto region = OfficeRegionOf(conn, id, "id");
    if (!region) return NotFound("no overseas office " + std::to_string(id));
    ASTA_ASSIGN_OR_RETURN(auto org_rows, conn.Query("SELECT " + std::string(internal::kOrgColumns) +
                                                        " FROM organizations WHERE id = ?",
                                                    {id}));
    Organization office = internal::OrgFromRow(org_rows.rows.at(0));
    std::vector<std::string> countries = CountriesOfRegion(*region);
    constexpr std::size_t kShown = 50;
    ASTA_ASSIGN_OR_RETURN(auto alumni, AlumniOf(conn, {countries.begin(), countries.end()}));
    Json alumni_json = Json::array();
    for (std::size_t i = 0; i < alumni.size() && i < kShown; ++i) {
      alumni_json.push_back({{"id", alumni[i].id},
                             {"name", alumni[i].name},
                             {"latin_name", alumni[i].latin_name},
                             {"countries", alumni[i].countries}});
    }
    ASTA_ASSIGN_OR_RETURN(auto partners, PartnersOf(conn, countries));
    Json partners_json = Json::array();
    for (std::size_t i = 0; i < partners.size() && i < kShown; ++i)
      partners_json.push_back(partners[i]);
    ASTA_ASSIGN_OR_RETURN(auto programmes,
                          conn.Query(std::string(kProgrammeSelect) +
                                         " WHERE p.region = ? ORDER BY p.id DESC LIMIT 50",
                                     {*region}));
    Json programmes_json = Json::array();
    for (const auto& row : programmes.rows)
      programmes_json.push_back(ProgrammeFromRow(row).ToJson());
    Json out = {
        {"office", office.ToJson()}, {"region", *region},
        {"countries", countries},    {"alumni_count", static_cast<std::int64_t>(alumni.size())},
        {"alumni", alumni_json},     {"partner_count", static_cast<std::int64_t>(partners.size())},
        {"partners", partners_json}, {"programmes", programmes_json}};
    if (with_needs) {
      ASTA_ASSIGN_OR_RETURN(auto needs,
                            conn.Query(std::string(kNeedSelect) +
                                           " WHERE n.office_id = ? ORDER BY n.id DESC LIMIT 50",
                                       {id}));
      Json needs_json = Json::array();
      for (const auto& row : needs.rows) needs_json.push_back(NeedFromRow(row).ToJson());
      out["needs"] = needs_json;
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------
// Cooperation needs.

Result<Need> ExchangeService::CreateNeed(const audit::Actor& actor, NeedInput input) {
  ASTA_RETURN_IF_ERROR(ValidateNeed(input));
  return db_.InWriteTransaction<Need>([&](Connection& conn) -> Result<Need> {
    ASTA_ASSIGN_OR_RETURN(std::string region, CheckNeedReferences(conn, input));
    const std::string now = NowIso8601();
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query(
            "INSERT INTO cooperation_needs (office_id, region, country, partner_org_id, "
            "theme, title, body, status, reported_by, created_at, updated_at, version) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,1) RETURNING id",
            {input.office_id, region, input.country, OptInt64(input.partner_org_id), input.theme,
             input.title, input.body, input.status, OptInt64(actor.user_id), now, now}));
    const std::int64_t id = rows.rows.at(0).Int(0);
    ASTA_ASSIGN_OR_RETURN(Need n, LoadNeed(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "cooperation_need.create", "cooperation_need",
                                       std::to_string(id), Json(), n.ToJson()));
    return n;
  });
}

Result<Need> ExchangeService::UpdateNeed(const audit::Actor& actor, std::int64_t id,
                                         NeedInput input,
                                         std::optional<std::int64_t> expected_version) {
  ASTA_RETURN_IF_ERROR(ValidateNeed(input));
  return db_.InWriteTransaction<Need>([&](Connection& conn) -> Result<Need> {
    ASTA_ASSIGN_OR_RETURN(Need before, LoadNeed(conn, id));
    if (expected_version && *expected_version != before.version) {
      return FailedPrecondition("the need was changed meanwhile (version " +
                                std::to_string(before.version) + "); reload and try again");
    }
    ASTA_ASSIGN_OR_RETURN(std::string region, CheckNeedReferences(conn, input));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE cooperation_needs SET office_id = ?, region = ?, country = ?, partner_org_id = ?, "
        "theme = ?, title = ?, body = ?, status = ?, updated_at = ?, version = version + 1 "
        "WHERE id = ?",
        {input.office_id, region, input.country, OptInt64(input.partner_org_id), input.theme,
         input.title, input.body, input.status, NowIso8601(), id}));
    ASTA_ASSIGN_OR_RETURN(Need after, LoadNeed(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "cooperation_need.update", "cooperation_need",
                                       std::to_string(id), before.ToJson(), after.ToJson()));
    return after;
  });
}

Result<Need> ExchangeService::GetNeed(std::int64_t id) {
  return db_.InReadTransaction<Need>([&](Connection& conn) { return LoadNeed(conn, id); });
}

Result<std::vector<Need>> ExchangeService::ListNeeds(const NeedFilter& f) {
  if (f.limit < 1 || f.limit > 200) return InvalidArgument("must be 1..200", "limit");
  std::string sql = std::string(kNeedSelect) + " WHERE n.id > ?";
  std::vector<Value> params{f.after_id};
  if (!f.region.empty()) {
    ASTA_ASSIGN_OR_RETURN(std::string region, NormalizeRegion(f.region));
    sql += " AND n.region = ?";
    params.push_back(region);
  }
  if (!f.theme.empty()) {
    if (!IsTheme(f.theme)) return InvalidArgument("must be one of " + Join(Themes()), "theme");
    sql += " AND n.theme = ?";
    params.push_back(f.theme);
  }
  if (!f.status.empty()) {
    if (f.status != "open" && f.status != "addressed" && f.status != "closed") {
      return InvalidArgument("must be open, addressed or closed", "status");
    }
    sql += " AND n.status = ?";
    params.push_back(f.status);
  }
  if (f.office_id) {
    sql += " AND n.office_id = ?";
    params.push_back(*f.office_id);
  }
  sql += " ORDER BY n.id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(f.limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<Need> out;
  for (const auto& row : rows.rows) out.push_back(NeedFromRow(row));
  return out;
}

Result<Json> ExchangeService::NeedsSummary(const std::string& region) {
  std::string sql = "SELECT theme, status, COUNT(*) FROM cooperation_needs";
  std::vector<Value> params;
  if (!region.empty()) {
    ASTA_ASSIGN_OR_RETURN(std::string r, NormalizeRegion(region));
    sql += " WHERE region = ?";
    params.push_back(r);
  }
  sql += " GROUP BY theme, status ORDER BY theme, status";
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  Json items = Json::array();
  for (const auto& row : rows.rows) {
    items.push_back({{"theme", row.Text(0)}, {"status", row.Text(1)}, {"count", row.Int(2)}});
  }
  return Json{{"items", items}};
}

}  // namespace asta::network
