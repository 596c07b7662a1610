// The network service: storage of organisations and people, imports, and the search
// index that follows the change log. network.h is the contract.
#include "modules/network/network.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/countries.h"
#include "core/crypto.h"
#include "core/regions.h"
#include "core/text.h"
#include "core/time.h"
#include "modules/compliance/compliance.h"
#include "modules/network/importers/people.h"
#include "modules/network/rows.h"
#include "modules/network/validate.h"

namespace asta::network {
namespace internal {

using store::Connection;
using store::Value;

constexpr std::size_t kChunk = 400;  // ids per IN (…) query

std::string ToJsonText(const std::vector<std::string>& values) { return Json(values).dump(); }

std::vector<std::string> StringsFromJson(const std::string& text) {
  std::vector<std::string> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

Value OptDouble(const std::optional<double>& v) { return v ? Value(*v) : Value(std::monostate{}); }

Value OptInt(const std::optional<int>& v) {
  return v ? Value(static_cast<std::int64_t>(*v)) : Value(std::monostate{});
}

Value OptId(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

Value TextOrNull(const std::string& s) { return s.empty() ? Value(std::monostate{}) : Value(s); }

std::string Placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

// ---------------------------------------------------------------------------------
// Organisation rows.

Json OrgNamesJson(const std::vector<OrgName>& names) {
  Json a = Json::array();
  for (const auto& n : names) a.push_back({{"value", n.value}, {"lang", n.lang}, {"kind", n.kind}});
  return a;
}

std::vector<OrgName> OrgNamesFromJson(const std::string& text) {
  std::vector<OrgName> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    OrgName n;
    n.value = v.value("value", "");
    n.lang = v.value("lang", "");
    n.kind = v.value("kind", "");
    out.push_back(std::move(n));
  }
  return out;
}

Json RelationsJson(const std::vector<OrgRelation>& relations) {
  Json a = Json::array();
  for (const auto& r : relations)
    a.push_back({{"type", r.type}, {"ror", r.ror}, {"label", r.label}});
  return a;
}

std::vector<OrgRelation> RelationsFromJson(const std::string& text) {
  std::vector<OrgRelation> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    out.push_back({v.value("type", ""), v.value("ror", ""), v.value("label", "")});
  }
  return out;
}

Json ExternalIdsJson(const std::map<std::string, std::string>& ids) {
  Json o = Json::object();
  for (const auto& [k, v] : ids) o[k] = v;
  return o;
}

std::map<std::string, std::string> ExternalIdsFromJson(const std::string& text) {
  std::map<std::string, std::string> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string()) out[k] = v.get<std::string>();
  }
  return out;
}

const char kOrgColumns[] =
    "id, ror, display_name, names_json, country, city, lat, lng, types_json, status, "
    "established, domains_json, links_json, external_ids_json, relations_json, region, source, "
    "ror_modified, created_at, updated_at, version";

Organization OrgFromRow(const store::Row& row) {
  Organization o;
  o.id = row.Int(0);
  o.record.ror = row.OptText(1).value_or("");
  o.record.display_name = row.Text(2);
  o.record.names = OrgNamesFromJson(row.Text(3));
  o.record.country = row.Text(4);
  o.record.city = row.Text(5);
  if (!row.IsNull(6)) o.record.lat = row.Double(6);
  if (!row.IsNull(7)) o.record.lng = row.Double(7);
  o.record.types = StringsFromJson(row.Text(8));
  o.record.status = row.Text(9);
  if (auto e = row.OptInt(10)) o.record.established = static_cast<int>(*e);
  o.record.domains = StringsFromJson(row.Text(11));
  o.record.links = StringsFromJson(row.Text(12));
  o.record.external_ids = ExternalIdsFromJson(row.Text(13));
  o.record.relations = RelationsFromJson(row.Text(14));
  o.region = row.Text(15);
  o.source = row.Text(16);
  o.record.last_modified = row.Text(17);
  o.created_at = row.Text(18);
  o.updated_at = row.Text(19);
  o.version = row.Int(20);
  return o;
}

// Everything a ROR import compares: two records with the same fingerprint are the same.
std::string OrgFingerprint(const OrgRecord& r) {
  Json j = {{"display_name", r.display_name},
            {"names", OrgNamesJson(r.names)},
            {"country", r.country},
            {"city", r.city},
            {"lat", r.lat ? Json(*r.lat) : Json()},
            {"lng", r.lng ? Json(*r.lng) : Json()},
            {"types", r.types},
            {"status", r.status},
            {"established", r.established ? Json(*r.established) : Json()},
            {"domains", r.domains},
            {"links", r.links},
            {"external_ids", ExternalIdsJson(r.external_ids)},
            {"relations", RelationsJson(r.relations)}};
  return Sha256Hex(j.dump());
}

std::vector<Value> OrgValues(const OrgRecord& r) {
  return {TextOrNull(r.ror),
          r.display_name,
          OrgNamesJson(r.names).dump(),
          r.country,
          r.city,
          OptDouble(r.lat),
          OptDouble(r.lng),
          ToJsonText(r.types),
          r.status,
          OptInt(r.established),
          ToJsonText(r.domains),
          ToJsonText(r.links),
          ExternalIdsJson(r.external_ids).dump(),
          RelationsJson(r.relations).dump()};
}

Result<std::int64_t> InsertOrg(Connection& conn, const OrgRecord& r, const std::string& region,
                               const std::string& source, const std::string& now) {
  std::vector<Value> v = OrgValues(r);
  v.push_back(region);
  v.push_back(source);
  v.push_back(r.last_modified);
  v.push_back(now);
  v.push_back(now);
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("INSERT INTO organizations (ror, display_name, names_json, country, city, lat, "
                 "lng, types_json, status, established, domains_json, links_json, "
                 "external_ids_json, relations_json, region, source, ror_modified, created_at, "
                 "updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1) "
                 "RETURNING id",
                 v));
  return rows.rows.at(0).Int(0);
}

Status UpdateOrgRow(Connection& conn, std::int64_t id, const OrgRecord& r,
                    const std::string& region, const std::string& now) {
  std::vector<Value> v = OrgValues(r);
  v.push_back(region);
  v.push_back(r.last_modified);
  v.push_back(now);
  v.push_back(id);
  return conn
      .Execute(
          "UPDATE organizations SET ror = ?, display_name = ?, names_json = ?, country = ?, "
          "city = ?, lat = ?, lng = ?, types_json = ?, status = ?, established = ?, "
          "domains_json = ?, links_json = ?, external_ids_json = ?, relations_json = ?, "
          "region = ?, ror_modified = ?, updated_at = ?, version = version + 1 WHERE id = ?",
          v)
      .map([](std::int64_t) {});
}

Status NoteChange(Connection& conn, const std::string& type, std::int64_t id,
                  const std::string& now) {
  return conn
      .Execute("INSERT INTO network_changes (entity_type, entity_id, at) VALUES (?, ?, ?)",
               {type, id, now})
      .map([](std::int64_t) {});
}

// The screening subject of an organisation or person (compliance module).
Status NoteOrgSubject(Connection& conn, std::int64_t id, const OrgRecord& r) {
  compliance::SubjectInput in;
  in.source = "organization:" + std::to_string(id);
  in.kind = "organization";
  in.name = r.display_name;
  for (const auto& n : r.names) {
    if (n.value != r.display_name && n.kind != "acronym") in.other_names.push_back(n.value);
  }
  if (in.other_names.size() > 20) in.other_names.resize(20);
  in.country = r.country;
  return compliance::NoteSubject(conn, in).map([](std::int64_t) {});
}

Status NotePersonSubject(Connection& conn, std::int64_t id, const PersonRecord& r) {
  compliance::SubjectInput in;
  in.source = "person:" + std::to_string(id);
  in.kind = "person";
  in.name = r.name;
  if (!r.latin_name.empty() && r.latin_name != r.name) in.other_names.push_back(r.latin_name);
  for (const auto& n : r.other_names) {
    if (in.other_names.size() < 20) in.other_names.push_back(n.value);
  }
  in.country = !r.nationality.empty()
                   ? r.nationality
                   : (r.residence_countries.empty() ? "" : r.residence_countries[0]);
  return compliance::NoteSubject(conn, in).map([](std::int64_t) {});
}

// ---------------------------------------------------------------------------------
// Person rows.

Json PersonNamesJson(const std::vector<PersonName>& names) {
  Json a = Json::array();
  for (const auto& n : names) a.push_back({{"value", n.value}, {"lang", n.lang}});
  return a;
}

std::vector<PersonName> PersonNamesFromJson(const std::string& text) {
  std::vector<PersonName> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) out.push_back({v.value("value", ""), v.value("lang", "")});
  return out;
}

const char kPersonColumns[] =
    "id, name, latin_name, other_names_json, orcid, emails_json, nationality, residence_json, "
    "fields_json, keywords_json, themes_json, career_stage, bio_en, bio_ja, user_id, source_id, "
    "created_at, updated_at, version";

Person PersonFromRow(const store::Row& row) {
  Person p;
  p.id = row.Int(0);
  PersonRecord& r = p.record;
  r.name = row.Text(1);
  r.latin_name = row.Text(2);
  r.other_names = PersonNamesFromJson(row.Text(3));
  r.orcid = row.OptText(4).value_or("");
  r.emails = StringsFromJson(row.Text(5));
  r.nationality = row.Text(6);
  r.residence_countries = StringsFromJson(row.Text(7));
  r.fields = StringsFromJson(row.Text(8));
  r.keywords = StringsFromJson(row.Text(9));
  r.themes = StringsFromJson(row.Text(10));
  r.career_stage = row.Text(11);
  r.bio_en = row.Text(12);
  r.bio_ja = row.Text(13);
  p.user_id = row.OptInt(14);
  r.source_id = row.Text(15);
  p.created_at = row.Text(16);
  p.updated_at = row.Text(17);
  p.version = row.Int(18);
  return p;
}

std::vector<Value> PersonValues(const PersonRecord& r) {
  return {r.name,
          r.latin_name,
          PersonNamesJson(r.other_names).dump(),
          TextOrNull(r.orcid),
          ToJsonText(r.emails),
          r.nationality,
          ToJsonText(r.residence_countries),
          ToJsonText(r.fields),
          ToJsonText(r.keywords),
          ToJsonText(r.themes),
          r.career_stage,
          r.bio_en,
          r.bio_ja,
          r.source_id};
}

// The organisation a ROR id names, or else the one organisation whose display name is
// exactly `name`, when asta has it.
Result<std::optional<std::int64_t>> ResolveOrg(Connection& conn, const std::string& ror,
                                               const std::string& name) {
  if (!ror.empty()) {
    ASTA_ASSIGN_OR_RETURN(auto rows,
                          conn.Query("SELECT id FROM organizations WHERE ror = ? AND merged_into "
                                     "IS NULL",
                                     {ror}));
    if (!rows.empty()) return std::optional<std::int64_t>(rows.rows[0].Int(0));
  }
  if (name.empty()) return std::optional<std::int64_t>();
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id FROM organizations WHERE display_name = ? "
                                              "AND merged_into IS NULL LIMIT 2",
                                              {name}));
  if (rows.size() != 1) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(rows.rows[0].Int(0));
}

// Links the affiliations and Japan experience that name a ROR id asta did not know
// when they were written, now that it does; the people concerned are noted as changed.
Status LinkWaitingOrganizations(Connection& conn, const std::string& now) {
  ASTA_ASSIGN_OR_RETURN(
      auto people,
      conn.Query("SELECT DISTINCT a.person_id FROM affiliations a JOIN organizations o ON o.ror = "
                 "a.org_ror AND o.merged_into IS NULL WHERE a.org_id IS NULL AND a.org_ror <> '' "
                 "UNION SELECT DISTINCT e.person_id FROM japan_experience e JOIN organizations o "
                 "ON o.ror = e.host_ror AND o.merged_into IS NULL WHERE e.host_org_id IS NULL AND "
                 "e.host_ror <> ''"));
  if (people.empty()) return Ok();
  ASTA_RETURN_IF_ERROR(conn.Execute(
      "UPDATE affiliations SET org_id = (SELECT o.id FROM organizations o WHERE o.ror = "
      "affiliations.org_ror AND o.merged_into IS NULL) WHERE org_id IS NULL AND org_ror <> '' "
      "AND EXISTS (SELECT 1 FROM organizations o WHERE o.ror = affiliations.org_ror AND "
      "o.merged_into IS NULL)"));
  ASTA_RETURN_IF_ERROR(conn.Execute(
      "UPDATE japan_experience SET host_org_id = (SELECT o.id FROM organizations o WHERE o.ror = "
      "japan_experience.host_ror AND o.merged_into IS NULL) WHERE host_org_id IS NULL AND "
      "host_ror <> '' AND EXISTS (SELECT 1 FROM organizations o WHERE o.ror = "
      "japan_experience.host_ror AND o.merged_into IS NULL)"));
  for (const auto& row : people.rows) {
    ASTA_RETURN_IF_ERROR(NoteChange(conn, "person", row.Int(0), now));
  }
  return Ok();
}

// The e-mail index rows of a person (migration 0008), each address once, lower-cased.
Status WritePersonEmails(Connection& conn, std::int64_t id,
                         const std::vector<std::string>& emails) {
  std::set<std::string> seen;
  for (const auto& e : emails) {
    std::string email = AsciiLower(e);
    if (email.empty() || !seen.insert(email).second) continue;
    ASTA_RETURN_IF_ERROR(
        conn.Execute("INSERT INTO person_emails (email, person_id) VALUES (?, ?)", {email, id}));
  }
  return Ok();
}

// Writes the child rows of a person (affiliations, Japan experience, publications,
// relations, projects, the e-mail index), replacing what was there.
Status WritePersonChildren(Connection& conn, std::int64_t id, const PersonRecord& r) {
  for (const char* table : {"affiliations", "japan_experience", "publications", "person_relations",
                            "person_projects", "person_emails"}) {
    ASTA_RETURN_IF_ERROR(
        conn.Execute(std::string("DELETE FROM ") + table + " WHERE person_id = ?", {id}));
  }
  ASTA_RETURN_IF_ERROR(WritePersonEmails(conn, id, r.emails));
  for (std::size_t i = 0; i < r.affiliations.size(); ++i) {
    const Affiliation& a = r.affiliations[i];
    ASTA_ASSIGN_OR_RETURN(auto org, ResolveOrg(conn, a.org_ror, a.org_name));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO affiliations (person_id, org_id, org_ror, org_name, role, start_date, "
        "end_date, position) VALUES (?,?,?,?,?,?,?,?)",
        {id, OptId(org), a.org_ror, a.org_name, a.role, a.start, a.end,
         static_cast<std::int64_t>(i)}));
  }
  for (std::size_t i = 0; i < r.japan_experience.size(); ++i) {
    const JapanExperience& e = r.japan_experience[i];
    ASTA_ASSIGN_OR_RETURN(auto org, ResolveOrg(conn, e.host_ror, e.host_name));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO japan_experience (person_id, kind, host_org_id, host_ror, host_name, "
        "start_date, end_date, funding_scheme, position) VALUES (?,?,?,?,?,?,?,?,?)",
        {id, e.kind, OptId(org), e.host_ror, e.host_name, e.start, e.end, e.funding_scheme,
         static_cast<std::int64_t>(i)}));
  }
  for (std::size_t i = 0; i < r.publications.size(); ++i) {
    const Publication& p = r.publications[i];
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO publications (person_id, title, abstract, year, doi, coauthors_json, "
        "position) VALUES (?,?,?,?,?,?,?)",
        {id, p.title, p.abstract, OptInt(p.year), p.doi, ToJsonText(p.coauthors),
         static_cast<std::int64_t>(i)}));
  }
  for (std::size_t i = 0; i < r.relations.size(); ++i) {
    const PersonRelation& rel = r.relations[i];
    if (rel.other_person_id) {
      const std::string field = "relations[" + std::to_string(i) + "].other_person_id";
      if (*rel.other_person_id == id) {
        return InvalidArgument("a person cannot supervise themselves", field);
      }
      ASTA_ASSIGN_OR_RETURN(auto other,
                            conn.Query("SELECT id FROM people WHERE id = ? AND merged_into IS NULL",
                                       {*rel.other_person_id}));
      if (other.empty()) {
        return InvalidArgument("no person " + std::to_string(*rel.other_person_id), field);
      }
    }
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO person_relations (person_id, kind, level, other_person_id, other_name, "
        "other_email, start_year, end_year, position) VALUES (?,?,?,?,?,?,?,?,?)",
        {id, rel.kind, rel.level, OptId(rel.other_person_id), rel.other_name, rel.other_email,
         OptInt(rel.start_year), OptInt(rel.end_year), static_cast<std::int64_t>(i)}));
  }
  for (std::size_t i = 0; i < r.projects.size(); ++i) {
    const PersonProject& x = r.projects[i];
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO person_projects (person_id, name, identifier, start_year, end_year, "
        "position) VALUES (?,?,?,?,?,?)",
        {id, x.name, x.identifier, OptInt(x.start_year), OptInt(x.end_year),
         static_cast<std::int64_t>(i)}));
  }
  return Ok();
}

// Loads the child rows of the people in `people` (by id).
Status LoadPersonChildren(Connection& conn, std::vector<Person>& people) {
  if (people.empty()) return Ok();
  std::unordered_map<std::int64_t, Person*> by_id;
  for (auto& p : people) by_id[p.id] = &p;
  for (std::size_t start = 0; start < people.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, people.size() - start);
    std::vector<Value> ids;
    for (std::size_t i = 0; i < n; ++i) ids.push_back(people[start + i].id);
    const std::string in = "(" + Placeholders(n) + ")";
    ASTA_ASSIGN_OR_RETURN(
        auto aff, conn.Query("SELECT a.person_id, a.org_id, a.org_name, a.role, a.start_date, "
                             "a.end_date, a.org_ror, o.country FROM affiliations a LEFT JOIN "
                             "organizations o ON o.id = a.org_id WHERE a.person_id IN " +
                                 in + " ORDER BY a.person_id, a.position",
                             ids));
    for (const auto& row : aff.rows) {
      Person* p = by_id[row.Int(0)];
      Affiliation a;
      a.org_name = row.Text(2);
      a.role = row.Text(3);
      a.start = row.Text(4);
      a.end = row.Text(5);
      a.org_ror = row.OptText(6).value_or("");
      p->record.affiliations.push_back(std::move(a));
      p->affiliation_org_ids.push_back(row.OptInt(1));
      if (auto c = row.OptText(7); c && !c->empty()) p->org_countries.push_back(*c);
    }
    ASTA_ASSIGN_OR_RETURN(auto exp,
                          conn.Query("SELECT e.person_id, e.kind, e.host_org_id, e.host_name, "
                                     "e.start_date, e.end_date, e.funding_scheme, e.host_ror FROM "
                                     "japan_experience e LEFT JOIN organizations o ON o.id = "
                                     "e.host_org_id WHERE e.person_id IN " +
                                         in + " ORDER BY e.person_id, e.position",
                                     ids));
    for (const auto& row : exp.rows) {
      Person* p = by_id[row.Int(0)];
      JapanExperience e;
      e.kind = row.Text(1);
      e.host_name = row.Text(3);
      e.start = row.Text(4);
      e.end = row.Text(5);
      e.funding_scheme = row.Text(6);
      e.host_ror = row.OptText(7).value_or("");
      p->record.japan_experience.push_back(std::move(e));
      p->experience_org_ids.push_back(row.OptInt(2));
    }
    ASTA_ASSIGN_OR_RETURN(
        auto pubs, conn.Query("SELECT person_id, title, abstract, year, doi, coauthors_json FROM "
                              "publications WHERE person_id IN " +
                                  in + " ORDER BY person_id, position",
                              ids));
    for (const auto& row : pubs.rows) {
      Person* p = by_id[row.Int(0)];
      Publication pub;
      pub.title = row.Text(1);
      pub.abstract = row.Text(2);
      if (auto y = row.OptInt(3)) pub.year = static_cast<int>(*y);
      pub.doi = row.Text(4);
      pub.coauthors = StringsFromJson(row.Text(5));
      p->record.publications.push_back(std::move(pub));
    }
    ASTA_ASSIGN_OR_RETURN(
        auto rels, conn.Query("SELECT person_id, kind, level, other_person_id, other_name, "
                              "other_email, start_year, end_year FROM person_relations WHERE "
                              "person_id IN " +
                                  in + " ORDER BY person_id, position",
                              ids));
    for (const auto& row : rels.rows) {
      PersonRelation rel;
      rel.kind = row.Text(1);
      rel.level = row.Text(2);
      rel.other_person_id = row.OptInt(3);
      rel.other_name = row.Text(4);
      rel.other_email = row.Text(5);
      if (auto y = row.OptInt(6)) rel.start_year = static_cast<int>(*y);
      if (auto y = row.OptInt(7)) rel.end_year = static_cast<int>(*y);
      by_id[row.Int(0)]->record.relations.push_back(std::move(rel));
    }
    ASTA_ASSIGN_OR_RETURN(
        auto projects, conn.Query("SELECT person_id, name, identifier, start_year, end_year FROM "
                                  "person_projects WHERE person_id IN " +
                                      in + " ORDER BY person_id, position",
                                  ids));
    for (const auto& row : projects.rows) {
      PersonProject x;
      x.name = row.Text(1);
      x.identifier = row.Text(2);
      if (auto y = row.OptInt(3)) x.start_year = static_cast<int>(*y);
      if (auto y = row.OptInt(4)) x.end_year = static_cast<int>(*y);
      by_id[row.Int(0)]->record.projects.push_back(std::move(x));
    }
  }
  for (auto& p : people) {
    std::sort(p.org_countries.begin(), p.org_countries.end());
    p.org_countries.erase(std::unique(p.org_countries.begin(), p.org_countries.end()),
                          p.org_countries.end());
  }
  return Ok();
}

// Everything an import compares for a person.
std::string PersonFingerprint(const PersonRecord& r) {
  Json j = PeopleToJson({r})["people"][0];
  j.erase("person_id");
  return Sha256Hex(j.dump());
}

// ---------------------------------------------------------------------------------
// Search documents.

void AddFacet(search::Document& d, const std::string& facet, const std::string& value) {
  if (value.empty()) return;
  auto& v = d.facets[facet];
  if (std::find(v.begin(), v.end(), value) == v.end()) v.push_back(value);
}

search::Document OrgDocument(const Organization& o) {
  search::Document d;
  d.id = "organization:" + std::to_string(o.id);
  d.type = search::DocType::kOrganization;
  d.display_name = o.record.display_name;
  d.ror = o.record.ror;
  d.names.push_back(o.record.display_name);
  for (const auto& n : o.record.names) {
    if (n.value != o.record.display_name) d.names.push_back(n.value);
  }
  AddFacet(d, "country", o.record.country);
  AddFacet(d, "region", std::string(RegionOfCountry(o.record.country)));
  for (const auto& t : o.record.types) AddFacet(d, "org_type", t);
  if (!o.record.city.empty()) d.text_en.push_back(o.record.city);
  return d;
}

search::Document PersonDocumentOf(const Person& p) {
  search::Document d;
  const PersonRecord& r = p.record;
  d.id = "person:" + std::to_string(p.id);
  d.type = search::DocType::kPerson;
  d.display_name = r.name;
  d.names.push_back(r.name);
  if (!r.latin_name.empty() && r.latin_name != r.name) d.names.push_back(r.latin_name);
  for (const auto& n : r.other_names) d.names.push_back(n.value);
  auto add_text = [&](const std::string& text) {
    if (!text.empty()) d.text_en.push_back(text);
  };
  for (const auto& f : r.fields) add_text(f);
  for (const auto& k : r.keywords) add_text(k);
  add_text(r.bio_en);
  if (!r.bio_ja.empty()) d.text_ja.push_back(r.bio_ja);
  for (const auto& a : r.affiliations) add_text(a.org_name);
  for (const auto& e : r.japan_experience) {
    add_text(e.host_name);
    add_text(e.funding_scheme);
  }
  for (const auto& pub : r.publications) {
    add_text(pub.title);
    add_text(pub.abstract);
  }
  for (const auto& x : r.projects) add_text(x.name);
  for (const auto& c : p.Countries()) {
    AddFacet(d, "country", c);
    AddFacet(d, "region", std::string(RegionOfCountry(c)));
  }
  for (const auto& t : r.themes) AddFacet(d, "theme", t);
  for (const auto& e : r.japan_experience) AddFacet(d, "jp_experience", e.kind);
  AddFacet(d, "career_stage", r.career_stage);
  return d;
}

// Prepares `docs` on up to four threads (name analysis is the costly part of indexing)
// and upserts them in order from this one.
Status UpsertAll(search::Index& index, const std::vector<search::Document>& docs) {
  const std::size_t threads = std::min<std::size_t>(
      {4, std::max(1u, std::thread::hardware_concurrency()), (docs.size() + 63) / 64});
  std::vector<Result<search::PreparedDocument>> prepared;
  prepared.reserve(docs.size());
  for (std::size_t i = 0; i < docs.size(); ++i) prepared.emplace_back(search::PreparedDocument());
  auto work = [&](std::size_t t) {
    for (std::size_t i = t; i < docs.size(); i += threads)
      prepared[i] = search::Index::Prepare(docs[i]);
  };
  if (threads <= 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
  }
  for (auto& p : prepared) {
    if (!p) return tl::unexpected(p.error());
    ASTA_RETURN_IF_ERROR(index.Upsert(std::move(*p)));
  }
  return Ok();
}

}  // namespace internal

using namespace internal;

// ---------------------------------------------------------------------------------
// JSON views.

Json Organization::ToJson() const {
  Json j = {{"id", id},
            {"ror", record.ror.empty() ? Json() : Json(record.ror)},
            {"display_name", record.display_name},
            {"names", OrgNamesJson(record.names)},
            {"country", record.country},
            {"city", record.city},
            {"lat", record.lat ? Json(*record.lat) : Json()},
            {"lng", record.lng ? Json(*record.lng) : Json()},
            {"types", record.types},
            {"status", record.status},
            {"established", record.established ? Json(*record.established) : Json()},
            {"domains", record.domains},
            {"links", record.links},
            {"external_ids", ExternalIdsJson(record.external_ids)},
            {"relations", RelationsJson(record.relations)},
            {"region", region},
            {"source", source},
            {"created_at", created_at},
            {"updated_at", updated_at},
            {"version", version}};
  return j;
}

std::vector<std::string> Person::Countries() const {
  std::set<std::string> all;
  if (!record.nationality.empty()) all.insert(record.nationality);
  for (const auto& c : record.residence_countries) all.insert(c);
  for (const auto& c : org_countries) all.insert(c);
  return {all.begin(), all.end()};
}

Json Person::ToJson(bool with_private) const {
  Json j = PeopleToJson({record})["people"][0];
  j.erase("person_id");
  if (!with_private) {
    j.erase("emails");
    j.erase("nationality");
    j.erase("residence_countries");
    // The e-mail of the other person in a supervision is a contact field too.
    for (auto& r : j["relations"]) r.erase("email");
  }
  Json out = {{"id", id}};
  for (auto& [k, v] : j.items()) out[k] = v;
  for (std::size_t i = 0; i < affiliation_org_ids.size() && i < out["affiliations"].size(); ++i) {
    out["affiliations"][i]["org_id"] =
        affiliation_org_ids[i] ? Json(*affiliation_org_ids[i]) : Json();
  }
  for (std::size_t i = 0; i < experience_org_ids.size() && i < out["japan_experience"].size();
       ++i) {
    out["japan_experience"][i]["host_org_id"] =
        experience_org_ids[i] ? Json(*experience_org_ids[i]) : Json();
  }
  out["user_id"] = user_id ? Json(*user_id) : Json();
  out["created_at"] = created_at;
  out["updated_at"] = updated_at;
  out["version"] = version;
  return out;
}

Json ImportReport::ToJson() const {
  return {{"records", records},
          {"created", created},
          {"updated", updated},
          {"unchanged", unchanged},
          {"dry_run", dry_run}};
}

// ---------------------------------------------------------------------------------
// The service.

NetworkService::NetworkService(store::Database& db, std::filesystem::path index_dir)
    : db_(db), index_dir_(std::move(index_dir)) {}

NetworkService::~NetworkService() { StopFollower(); }

Result<search::Index*> NetworkService::IndexLocked() {
  if (index_) return index_.get();
  Result<std::unique_ptr<search::Index>> opened =
      index_dir_.empty() ? search::Index::InMemory() : search::Index::Open(index_dir_);
  if (!opened && opened.error().code == ErrorCode::kUnavailable) {
    // Another process holds the directory (`asta serve` while a command runs): keep a
    // private copy, caught up from the change log like any other.
    opened = search::Index::InMemory();
  }
  if (!opened && opened.error().code == ErrorCode::kFailedPrecondition && !index_dir_.empty()) {
    // An index of another format version: it is derived state, so start afresh.
    std::error_code ec;
    std::filesystem::remove_all(index_dir_, ec);
    opened = search::Index::Open(index_dir_);
  }
  if (!opened) return tl::unexpected(opened.error());
  index_ = std::move(*opened);
  return index_.get();
}

Result<ImportReport> NetworkService::ImportRor(const audit::Actor& actor,
                                               const std::vector<OrgRecord>& records,
                                               DryRun dry_run) {
  ImportReport report;
  report.records = static_cast<std::int64_t>(records.size());
  report.dry_run = dry_run == DryRun::kYes;
  {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < records.size(); ++i) {
      ASTA_RETURN_IF_ERROR(ValidateOrgRecord(records[i], "record " + std::to_string(i + 1)));
      if (records[i].ror.empty()) {
        return InvalidArgument("a ROR record needs its ROR id", "record " + std::to_string(i + 1));
      }
      if (!seen.insert(records[i].ror).second) {
        return InvalidArgument("ROR id " + records[i].ror + " appears twice",
                               "record " + std::to_string(i + 1));
      }
    }
  }
  auto body = [&](Connection& conn) -> Result<ImportReport> {
    ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT " + std::string(kOrgColumns) +
                                                " FROM organizations WHERE ror IS NOT NULL"));
    std::unordered_map<std::string, std::pair<std::int64_t, std::string>> existing;
    std::unordered_map<std::string, std::string> regions;
    for (const auto& row : rows.rows) {
      Organization o = OrgFromRow(row);
      existing[o.record.ror] = {o.id, OrgFingerprint(o.record)};
      regions[o.record.ror] = o.region;
    }
    const std::string now = NowIso8601();
    for (const OrgRecord& r : records) {
      auto it = existing.find(r.ror);
      if (it == existing.end()) {
        ++report.created;
        if (report.dry_run) continue;
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, InsertOrg(conn, r, "", "ror", now));
        ASTA_RETURN_IF_ERROR(NoteChange(conn, "organization", id, now));
        ASTA_RETURN_IF_ERROR(NoteOrgSubject(conn, id, r));
      } else if (it->second.second != OrgFingerprint(r)) {
        ++report.updated;
        if (report.dry_run) continue;
        ASTA_RETURN_IF_ERROR(UpdateOrgRow(conn, it->second.first, r, regions[r.ror], now));
        ASTA_RETURN_IF_ERROR(NoteChange(conn, "organization", it->second.first, now));
        ASTA_RETURN_IF_ERROR(NoteOrgSubject(conn, it->second.first, r));
      } else {
        ++report.unchanged;
      }
    }
    if (!report.dry_run) {
      ASTA_RETURN_IF_ERROR(LinkWaitingOrganizations(conn, now));
      ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "organizations.import_ror", "organization",
                                         "", Json(), report.ToJson()));
    }
    return report;
  };
  if (report.dry_run) return db_.InReadTransaction<ImportReport>(body);
  return db_.InWriteTransaction<ImportReport>(body);
}

Result<Organization> NetworkService::CreateOrganization(const audit::Actor& actor, OrgRecord record,
                                                        const std::string& region) {
  if (record.names.empty()) record.names.push_back({record.display_name, "", "display"});
  if (record.status.empty()) record.status = "active";
  ASTA_RETURN_IF_ERROR(ValidateOrgRecord(record, ""));
  if (!region.empty()) ASTA_RETURN_IF_ERROR(NormalizeRegion(region));
  return db_.InWriteTransaction<Organization>([&](Connection& conn) -> Result<Organization> {
    if (!record.ror.empty()) {
      ASTA_ASSIGN_OR_RETURN(auto found, ResolveOrg(conn, record.ror));
      if (found) return AlreadyExists("an organisation with this ROR id exists", "ror");
    }
    const std::string now = NowIso8601();
    ASTA_ASSIGN_OR_RETURN(std::int64_t id, InsertOrg(conn, record, region, "manual", now));
    ASTA_RETURN_IF_ERROR(NoteChange(conn, "organization", id, now));
    ASTA_RETURN_IF_ERROR(NoteOrgSubject(conn, id, record));
    if (!record.ror.empty()) ASTA_RETURN_IF_ERROR(LinkWaitingOrganizations(conn, now));
    ASTA_ASSIGN_OR_RETURN(Organization o, LoadOrganization(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "organization.create", "organization",
                                       std::to_string(id), Json(), o.ToJson()));
    return o;
  });
}

Result<Organization> NetworkService::UpdateOrganization(
    const audit::Actor& actor, std::int64_t id, OrgRecord record, const std::string& region,
    std::optional<std::int64_t> expected_version) {
  if (record.names.empty()) record.names.push_back({record.display_name, "", "display"});
  if (record.status.empty()) record.status = "active";
  ASTA_RETURN_IF_ERROR(ValidateOrgRecord(record, ""));
  if (!region.empty()) ASTA_RETURN_IF_ERROR(NormalizeRegion(region));
  return db_.InWriteTransaction<Organization>([&](Connection& conn) -> Result<Organization> {
    ASTA_ASSIGN_OR_RETURN(Organization before, LoadOrganization(conn, id));
    if (expected_version && *expected_version != before.version) {
      return FailedPrecondition("the organisation was changed meanwhile (version " +
                                std::to_string(before.version) + "); reload and try again");
    }
    if (record.ror != before.record.ror && !record.ror.empty()) {
      ASTA_ASSIGN_OR_RETURN(auto found, ResolveOrg(conn, record.ror));
      if (found) return AlreadyExists("an organisation with this ROR id exists", "ror");
    }
    const std::string now = NowIso8601();
    ASTA_RETURN_IF_ERROR(UpdateOrgRow(conn, id, record, region, now));
    ASTA_RETURN_IF_ERROR(NoteChange(conn, "organization", id, now));
    ASTA_RETURN_IF_ERROR(NoteOrgSubject(conn, id, record));
    ASTA_ASSIGN_OR_RETURN(Organization after, LoadOrganization(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "organization.update", "organization",
                                       std::to_string(id), before.ToJson(), after.ToJson()));
    return after;
  });
}

Result<Organization> NetworkService::LoadOrganization(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        conn.Query("SELECT " + std::string(kOrgColumns) +
                                       " FROM organizations WHERE id = ? AND merged_into IS NULL",
                                   {id}));
  if (rows.empty()) return NotFound("no organisation " + std::to_string(id));
  return OrgFromRow(rows.rows[0]);
}

Result<Organization> NetworkService::GetOrganization(std::int64_t id) {
  return db_.InReadTransaction<Organization>(
      [&](Connection& conn) { return LoadOrganization(conn, id); });
}

Result<std::optional<Organization>> NetworkService::FindOrganizationByRor(const std::string& ror) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query("SELECT " + std::string(kOrgColumns) +
                                                    " FROM organizations WHERE ror = ?",
                                                {ror}));
  if (rows.empty()) return std::optional<Organization>();
  return std::optional<Organization>(OrgFromRow(rows.rows[0]));
}

Result<std::vector<Organization>> NetworkService::ListOrganizations(const OrganizationFilter& f) {
  if (f.limit < 1 || f.limit > 200) return InvalidArgument("must be 1..200", "limit");
  std::string sql = "SELECT " + std::string(kOrgColumns) +
                    " FROM organizations WHERE merged_into IS NULL AND id > ?";
  std::vector<Value> params{f.after_id};
  if (!f.country.empty()) {
    ASTA_ASSIGN_OR_RETURN(std::string country, NormalizeCountry(f.country));
    sql += " AND country = ?";
    params.push_back(country);
  }
  if (!f.type.empty()) {
    sql += " AND types_json LIKE ?";
    params.push_back("%\"" + f.type + "\"%");
  }
  sql += " ORDER BY id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(f.limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<Organization> out;
  for (const auto& row : rows.rows) out.push_back(OrgFromRow(row));
  return out;
}

// ---------------------------------------------------------------------------------
// People.

Result<ImportReport> NetworkService::ImportPeople(const audit::Actor& actor,
                                                  const std::vector<PersonRecord>& records,
                                                  DryRun dry_run) {
  ImportReport report;
  report.records = static_cast<std::int64_t>(records.size());
  report.dry_run = dry_run == DryRun::kYes;
  std::vector<PersonRecord> valid = records;
  for (std::size_t i = 0; i < valid.size(); ++i) {
    ASTA_RETURN_IF_ERROR(ValidatePersonRecord(valid[i], "record " + std::to_string(i + 1)));
  }
  auto body = [&](Connection& conn) -> Result<ImportReport> {
    const std::string now = NowIso8601();
    for (std::size_t i = 0; i < valid.size(); ++i) {
      const PersonRecord& r = valid[i];
      std::optional<std::int64_t> id;
      if (!r.orcid.empty()) {
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id FROM people WHERE orcid = ? AND "
                                                    "merged_into IS NULL",
                                                    {r.orcid}));
        if (!rows.empty()) id = rows.rows[0].Int(0);
      }
      if (!id && !r.source_id.empty()) {
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id FROM people WHERE source_id = ? "
                                                    "AND merged_into IS NULL",
                                                    {r.source_id}));
        if (!rows.empty()) id = rows.rows[0].Int(0);
      }
      if (!id) {
        ++report.created;
        if (report.dry_run) continue;
        std::vector<Value> v = PersonValues(r);
        v.push_back(now);
        v.push_back(now);
        ASTA_ASSIGN_OR_RETURN(
            auto rows,
            conn.Query("INSERT INTO people (name, latin_name, other_names_json, orcid, "
                       "emails_json, nationality, residence_json, fields_json, keywords_json, "
                       "themes_json, career_stage, bio_en, bio_ja, source_id, created_at, "
                       "updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1) "
                       "RETURNING id",
                       v));
        const std::int64_t new_id = rows.rows.at(0).Int(0);
        ASTA_RETURN_IF_ERROR(WritePersonChildren(conn, new_id, r));
        ASTA_RETURN_IF_ERROR(NoteChange(conn, "person", new_id, now));
        ASTA_RETURN_IF_ERROR(NotePersonSubject(conn, new_id, r));
        continue;
      }
      ASTA_ASSIGN_OR_RETURN(Person before, LoadPerson(conn, *id));
      PersonRecord merged = r;
      if (merged.source_id.empty()) merged.source_id = before.record.source_id;
      if (PersonFingerprint(before.record) == PersonFingerprint(merged)) {
        ++report.unchanged;
        continue;
      }
      ++report.updated;
      if (report.dry_run) continue;
      std::vector<Value> v = PersonValues(merged);
      v.push_back(now);
      v.push_back(*id);
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "UPDATE people SET name = ?, latin_name = ?, other_names_json = ?, orcid = ?, "
          "emails_json = ?, nationality = ?, residence_json = ?, fields_json = ?, keywords_json = "
          "?, themes_json = ?, career_stage = ?, bio_en = ?, bio_ja = ?, source_id = ?, "
          "updated_at = ?, version = version + 1 WHERE id = ?",
          v));
      ASTA_RETURN_IF_ERROR(WritePersonChildren(conn, *id, merged));
      ASTA_RETURN_IF_ERROR(NoteChange(conn, "person", *id, now));
      ASTA_RETURN_IF_ERROR(NotePersonSubject(conn, *id, merged));
    }
    if (!report.dry_run) {
      ASTA_RETURN_IF_ERROR(
          audit::Append(conn, actor, "people.import", "person", "", Json(), report.ToJson()));
    }
    return report;
  };
  if (report.dry_run) return db_.InReadTransaction<ImportReport>(body);
  return db_.InWriteTransaction<ImportReport>(body);
}

Result<Person> NetworkService::CreatePerson(const audit::Actor& actor, PersonRecord record,
                                            std::optional<std::int64_t> user_id) {
  ASTA_RETURN_IF_ERROR(ValidatePersonRecord(record, ""));
  return db_.InWriteTransaction<Person>([&](Connection& conn) -> Result<Person> {
    if (!record.orcid.empty()) {
      ASTA_ASSIGN_OR_RETURN(auto rows,
                            conn.Query("SELECT id FROM people WHERE orcid = ?", {record.orcid}));
      if (!rows.empty()) return AlreadyExists("a person with this ORCID iD exists", "orcid");
    }
    if (user_id) {
      ASTA_ASSIGN_OR_RETURN(auto rows,
                            conn.Query("SELECT id FROM people WHERE user_id = ?", {*user_id}));
      if (!rows.empty()) return AlreadyExists("this account has a profile already", "user_id");
    }
    const std::string now = NowIso8601();
    std::vector<Value> v = PersonValues(record);
    v.push_back(OptId(user_id));
    v.push_back(now);
    v.push_back(now);
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query("INSERT INTO people (name, latin_name, other_names_json, orcid, emails_json, "
                   "nationality, residence_json, fields_json, keywords_json, themes_json, "
                   "career_stage, bio_en, bio_ja, source_id, user_id, created_at, updated_at, "
                   "version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1) RETURNING id",
                   v));
    const std::int64_t id = rows.rows.at(0).Int(0);
    ASTA_RETURN_IF_ERROR(WritePersonChildren(conn, id, record));
    ASTA_RETURN_IF_ERROR(NoteChange(conn, "person", id, now));
    ASTA_RETURN_IF_ERROR(NotePersonSubject(conn, id, record));
    ASTA_ASSIGN_OR_RETURN(Person p, LoadPerson(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "person.create", "person", std::to_string(id),
                                       Json(), p.ToJson(true)));
    return p;
  });
}

Result<Person> NetworkService::UpdatePerson(const audit::Actor& actor, std::int64_t id,
                                            PersonRecord record,
                                            std::optional<std::int64_t> expected_version) {
  ASTA_RETURN_IF_ERROR(ValidatePersonRecord(record, ""));
  return db_.InWriteTransaction<Person>([&](Connection& conn) -> Result<Person> {
    ASTA_ASSIGN_OR_RETURN(Person before, LoadPerson(conn, id));
    if (expected_version && *expected_version != before.version) {
      return FailedPrecondition("the profile was changed meanwhile (version " +
                                std::to_string(before.version) + "); reload and try again");
    }
    if (!record.orcid.empty() && record.orcid != before.record.orcid) {
      ASTA_ASSIGN_OR_RETURN(auto rows,
                            conn.Query("SELECT id FROM people WHERE orcid = ?", {record.orcid}));
      if (!rows.empty()) return AlreadyExists("a person with this ORCID iD exists", "orcid");
    }
    if (record.source_id.empty()) record.source_id = before.record.source_id;
    const std::string now = NowIso8601();
    std::vector<Value> v = PersonValues(record);
    v.push_back(now);
    v.push_back(id);
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE people SET name = ?, latin_name = ?, other_names_json = ?, orcid = ?, "
        "emails_json = ?, nationality = ?, residence_json = ?, fields_json = ?, keywords_json = ?, "
        "themes_json = ?, career_stage = ?, bio_en = ?, bio_ja = ?, source_id = ?, updated_at = ?, "
        "version = version + 1 WHERE id = ?",
        v));
    ASTA_RETURN_IF_ERROR(WritePersonChildren(conn, id, record));
    ASTA_RETURN_IF_ERROR(NoteChange(conn, "person", id, now));
    ASTA_RETURN_IF_ERROR(NotePersonSubject(conn, id, record));
    ASTA_ASSIGN_OR_RETURN(Person after, LoadPerson(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "person.update", "person", std::to_string(id),
                                       before.ToJson(true), after.ToJson(true)));
    return after;
  });
}

Result<Person> NetworkService::LoadPerson(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        conn.Query("SELECT " + std::string(kPersonColumns) +
                                       " FROM people WHERE id = ? AND merged_into IS NULL",
                                   {id}));
  if (rows.empty()) return NotFound("no person " + std::to_string(id));
  std::vector<Person> people{PersonFromRow(rows.rows[0])};
  ASTA_RETURN_IF_ERROR(LoadPersonChildren(conn, people));
  return std::move(people[0]);
}

Result<Person> NetworkService::GetPerson(std::int64_t id) {
  return db_.InReadTransaction<Person>([&](Connection& conn) { return LoadPerson(conn, id); });
}

Result<std::optional<Person>> NetworkService::FindPersonByUser(std::int64_t user_id) {
  return db_.InReadTransaction<std::optional<Person>>(
      [&](Connection& conn) -> Result<std::optional<Person>> {
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id FROM people WHERE user_id = ? AND "
                                                    "merged_into IS NULL",
                                                    {user_id}));
        if (rows.empty()) return std::optional<Person>();
        ASTA_ASSIGN_OR_RETURN(Person p, LoadPerson(conn, rows.rows[0].Int(0)));
        return std::optional<Person>(std::move(p));
      });
}

Result<std::optional<std::int64_t>> NetworkService::FindPersonByEmail(const std::string& email) {
  const std::string key = AsciiLower(email);
  if (key.empty()) return std::optional<std::int64_t>();
  return db_.InReadTransaction<std::optional<std::int64_t>>(
      [&](Connection& conn) -> Result<std::optional<std::int64_t>> {
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              conn.Query("SELECT e.person_id FROM person_emails e JOIN people p ON "
                                         "p.id = e.person_id WHERE e.email = ? AND "
                                         "p.merged_into IS NULL ORDER BY e.person_id LIMIT 1",
                                         {key}));
        if (rows.empty()) return std::optional<std::int64_t>();
        return std::optional<std::int64_t>(rows.rows[0].Int(0));
      });
}

Result<std::int64_t> NetworkService::EnsureEmailIndex() {
  return db_.InWriteTransaction<std::int64_t>([&](Connection& conn) -> Result<std::int64_t> {
    ASTA_ASSIGN_OR_RETURN(auto indexed, conn.Query("SELECT 1 FROM person_emails LIMIT 1", {}));
    if (!indexed.empty()) return std::int64_t{0};
    ASTA_ASSIGN_OR_RETURN(auto rows,
                          conn.Query("SELECT id, emails_json FROM people WHERE emails_json <> '[]' "
                                     "ORDER BY id",
                                     {}));
    std::int64_t written = 0;
    for (const auto& r : rows.rows) {
      const Json emails = Json::parse(r.Text(1), nullptr, false);
      if (!emails.is_array()) continue;
      std::vector<std::string> list;
      for (const Json& e : emails)
        if (e.is_string()) list.push_back(e.get<std::string>());
      ASTA_RETURN_IF_ERROR(WritePersonEmails(conn, r.Int(0), list));
      ++written;
    }
    return written;
  });
}

Result<std::vector<Person>> NetworkService::ListPeople(const PersonFilter& f) {
  if (f.limit < 1 || f.limit > 200) return InvalidArgument("must be 1..200", "limit");
  std::string sql = "SELECT " + std::string(kPersonColumns) +
                    " FROM people p WHERE merged_into IS NULL AND id > ?";
  std::vector<Value> params{f.after_id};
  if (!f.country.empty()) {
    ASTA_ASSIGN_OR_RETURN(std::string country, NormalizeCountry(f.country));
    sql +=
        " AND (nationality = ? OR residence_json LIKE ? OR EXISTS (SELECT 1 FROM affiliations a "
        "JOIN organizations o ON o.id = a.org_id WHERE a.person_id = p.id AND o.country = ?))";
    params.push_back(country);
    params.push_back("%\"" + country + "\"%");
    params.push_back(country);
  }
  sql += " ORDER BY id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(f.limit + 1));
  return db_.InReadTransaction<std::vector<Person>>(
      [&](Connection& conn) -> Result<std::vector<Person>> {
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
        std::vector<Person> out;
        for (const auto& row : rows.rows) out.push_back(PersonFromRow(row));
        ASTA_RETURN_IF_ERROR(LoadPersonChildren(conn, out));
        return out;
      });
}

Result<std::vector<Person>> NetworkService::AllPeople() {
  return db_.InReadTransaction<std::vector<Person>>(
      [&](Connection& conn) -> Result<std::vector<Person>> {
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              conn.Query("SELECT " + std::string(kPersonColumns) +
                                         " FROM people WHERE merged_into IS NULL ORDER BY id"));
        std::vector<Person> out;
        for (const auto& row : rows.rows) out.push_back(PersonFromRow(row));
        ASTA_RETURN_IF_ERROR(LoadPersonChildren(conn, out));
        return out;
      });
}

// ---------------------------------------------------------------------------------
// Search and the change log.

Result<search::Document> NetworkService::OrganizationDocument(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(Organization o, LoadOrganization(conn, id));
  return OrgDocument(o);
}

Result<search::Document> NetworkService::PersonDocument(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(Person p, LoadPerson(conn, id));
  return PersonDocumentOf(p);
}

Result<std::size_t> NetworkService::CatchUp() {
  std::lock_guard<std::mutex> lock(catch_up_mutex_);
  ASTA_ASSIGN_OR_RETURN(search::Index * index, IndexLocked());
  return CatchUpLocked(*index);
}

Result<std::size_t> NetworkService::CatchUpLocked(search::Index& index) {
  ASTA_ASSIGN_OR_RETURN(std::string position, index.GetMetadata("network_seq"));
  std::int64_t seen = position.empty() ? 0 : std::stoll(position);
  std::size_t applied = 0;
  while (true) {
    // Each batch reads one snapshot: the changes and the rows they name agree.
    auto batch = db_.InReadTransaction<std::int64_t>([&](Connection& conn) -> Result<std::int64_t> {
      ASTA_ASSIGN_OR_RETURN(auto changes,
                            conn.Query("SELECT seq, entity_type, entity_id FROM network_changes "
                                       "WHERE seq > ? ORDER BY seq LIMIT 2000",
                                       {seen}));
      if (changes.empty()) return seen;
      std::map<std::int64_t, bool> orgs, people;  // ordered, deduplicated
      std::int64_t last = seen;
      for (const auto& row : changes.rows) {
        last = row.Int(0);
        (row.Text(1) == "organization" ? orgs : people)[row.Int(2)] = true;
      }
      auto apply = [&](const std::string& type, const std::map<std::int64_t, bool>& ids) -> Status {
        std::vector<std::int64_t> list;
        for (const auto& [id, _] : ids) list.push_back(id);
        for (std::size_t start = 0; start < list.size(); start += kChunk) {
          const std::size_t n = std::min(kChunk, list.size() - start);
          std::vector<Value> params;
          for (std::size_t i = 0; i < n; ++i) params.push_back(list[start + i]);
          std::set<std::int64_t> found;
          if (type == "organization") {
            ASTA_ASSIGN_OR_RETURN(auto rows,
                                  conn.Query("SELECT " + std::string(kOrgColumns) +
                                                 " FROM organizations WHERE merged_into IS NULL "
                                                 "AND id IN (" +
                                                 Placeholders(n) + ")",
                                             params));
            std::vector<search::Document> docs;
            for (const auto& row : rows.rows) {
              Organization o = OrgFromRow(row);
              found.insert(o.id);
              docs.push_back(OrgDocument(o));
            }
            ASTA_RETURN_IF_ERROR(UpsertAll(index, docs));
          } else {
            ASTA_ASSIGN_OR_RETURN(auto rows,
                                  conn.Query("SELECT " + std::string(kPersonColumns) +
                                                 " FROM people WHERE merged_into IS NULL AND id "
                                                 "IN (" +
                                                 Placeholders(n) + ")",
                                             params));
            std::vector<Person> batch_people;
            for (const auto& row : rows.rows) batch_people.push_back(PersonFromRow(row));
            ASTA_RETURN_IF_ERROR(LoadPersonChildren(conn, batch_people));
            std::vector<search::Document> docs;
            for (const auto& p : batch_people) {
              found.insert(p.id);
              docs.push_back(PersonDocumentOf(p));
            }
            ASTA_RETURN_IF_ERROR(UpsertAll(index, docs));
          }
          for (std::size_t i = 0; i < n; ++i) {
            if (!found.count(list[start + i])) {
              ASTA_RETURN_IF_ERROR(index.Remove(type + ":" + std::to_string(list[start + i])));
            }
          }
        }
        return Ok();
      };
      ASTA_RETURN_IF_ERROR(apply("organization", orgs));
      ASTA_RETURN_IF_ERROR(apply("person", people));
      applied += changes.rows.size();
      return last;
    });
    if (!batch) return tl::unexpected(batch.error());
    if (*batch == seen) break;
    seen = *batch;
    ASTA_RETURN_IF_ERROR(index.SetMetadata("network_seq", std::to_string(seen)));
    ASTA_RETURN_IF_ERROR(index.Commit());
  }
  return applied;
}

Result<std::int64_t> NetworkService::IndexPosition() {
  std::lock_guard<std::mutex> lock(catch_up_mutex_);
  ASTA_ASSIGN_OR_RETURN(search::Index * index, IndexLocked());
  ASTA_ASSIGN_OR_RETURN(std::string position, index->GetMetadata("network_seq"));
  return position.empty() ? std::int64_t{0} : std::stoll(position);
}

Result<std::size_t> NetworkService::Reindex() {
  std::lock_guard<std::mutex> lock(catch_up_mutex_);
  ASTA_ASSIGN_OR_RETURN(search::Index * index, IndexLocked());
  ASTA_RETURN_IF_ERROR(index->Clear());
  ASTA_RETURN_IF_ERROR(index->SetMetadata("network_seq", "0"));
  ASTA_RETURN_IF_ERROR(index->Commit());
  ASTA_RETURN_IF_ERROR(CatchUpLocked(*index));
  return index->size();
}

Result<search::Results> NetworkService::Search(const search::Query& query) {
  search::Index* index = nullptr;
  {
    std::lock_guard<std::mutex> lock(catch_up_mutex_);
    ASTA_ASSIGN_OR_RETURN(index, IndexLocked());
    ASTA_RETURN_IF_ERROR(CatchUpLocked(*index));
  }
  // The index object lives as long as the service; searches run without the lock.
  return index->Search(query);
}

void NetworkService::StartFollower(std::chrono::milliseconds interval) {
  std::lock_guard<std::mutex> lock(follower_mutex_);
  if (follower_.joinable()) return;
  follower_stop_ = false;
  follower_ = std::thread([this, interval] { FollowerLoop(interval); });
}

void NetworkService::StopFollower() {
  {
    std::lock_guard<std::mutex> lock(follower_mutex_);
    follower_stop_ = true;
  }
  follower_cv_.notify_all();
  if (follower_.joinable()) follower_.join();
}

void NetworkService::FollowerLoop(std::chrono::milliseconds interval) {
  std::unique_lock<std::mutex> lock(follower_mutex_);
  while (!follower_stop_) {
    lock.unlock();
    (void)CatchUp();  // a failure is retried at the next tick
    lock.lock();
    follower_cv_.wait_for(lock, interval, [this] { return follower_stop_; });
  }
}

}  // namespace asta::network
