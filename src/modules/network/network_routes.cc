// HTTP routes of the network module (docs/network.md), described as RouteSpecs.
#include <array>
#include <set>
#include <string>
#include <vector>

#include "core/countries.h"
#include "core/text.h"
#include "modules/network/importers/people.h"
#include "modules/network/importers/ror_dump.h"
#include "modules/network/network.h"
#include "modules/network/routes_common.h"
#include "modules/network/validate.h"

namespace asta::network {
namespace internal {

audit::Actor ActorOf(const api::ApiRequest& req) {
  return audit::Actor{req.principal->user_id, req.principal->email};
}

Result<std::optional<std::int64_t>> VersionOf(const Json& body) {
  if (!body.is_object() || !body.contains("version") || body["version"].is_null()) {
    return std::optional<std::int64_t>();
  }
  if (!body["version"].is_number_integer()) return InvalidArgument("must be an integer", "version");
  return std::optional<std::int64_t>(body["version"].get<std::int64_t>());
}

api::ResourceScope OrgScope(const std::string& country) {
  api::ResourceScope scope;
  scope.countries = {country};
  scope.object = true;
  return scope;
}

api::ResourceScope PersonScope(const Person& p) {
  api::ResourceScope scope;
  scope.owner_user_id = p.user_id;
  scope.countries = p.Countries();
  scope.object = true;
  return scope;
}

}  // namespace internal

namespace {

using internal::ActorOf;
using internal::OrgScope;
using internal::PersonScope;
using internal::VersionOf;

using api::ApiRequest;
using api::ApiResponse;
using api::Method;
using api::Permission;
using api::RouteSpec;

constexpr char kTag[] = "network";
constexpr size_t kMaxUploadBytes = 20u << 20;

Result<std::string> DecodeBase64(std::string_view text, const std::string& field) {
  static const auto table = [] {
    std::array<int, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = i;
    t['-'] = 62;
    t['_'] = 63;
    return t;
  }();
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  bool padding = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    int v = table[static_cast<unsigned char>(c)];
    if (v < 0 || padding) return InvalidArgument("is not valid base64", field);
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (bits >= 6) return InvalidArgument("is not valid base64 (truncated)", field);
  return out;
}

// ---------------------------------------------------------------------------------
// Organisation bodies.

Result<std::vector<std::string>> StringList(const Json& body, const std::string& name,
                                            size_t max_items, size_t max_chars) {
  std::vector<std::string> out;
  if (!body.contains(name) || body[name].is_null()) return out;
  if (!body[name].is_array()) return InvalidArgument("must be an array of strings", name);
  if (body[name].size() > max_items) {
    return InvalidArgument("at most " + std::to_string(max_items) + " items", name);
  }
  for (std::size_t i = 0; i < body[name].size(); ++i) {
    const std::string at = name + "[" + std::to_string(i) + "]";
    if (!body[name][i].is_string()) return InvalidArgument("must be a string", at);
    ASTA_ASSIGN_OR_RETURN(std::string v,
                          ValidateText(body[name][i].get<std::string>(), at, max_chars));
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::string> StringField(const Json& o, const std::string& key, const std::string& at,
                                size_t max_chars) {
  if (!o.contains(key) || o[key].is_null()) return std::string();
  if (!o[key].is_string()) return InvalidArgument("must be a string", at);
  const std::string v = o[key].get<std::string>();
  if (Trim(v).empty()) return std::string();
  return ValidateText(v, at, max_chars);
}

// The organisation in a request body. Unknown keys are errors naming them.
Result<std::pair<OrgRecord, std::string>> OrgFromBody(const Json& body) {
  static const std::set<std::string> kKeys = {"ror",          "display_name", "names",   "country",
                                              "city",         "lat",          "lng",     "types",
                                              "status",       "established",  "domains", "links",
                                              "external_ids", "relations",    "region",  "version"};
  if (!body.is_object()) return InvalidArgument("must be a JSON object", "body");
  for (const auto& [k, v] : body.items()) {
    if (!kKeys.count(k)) return InvalidArgument("is not a field of an organisation", k);
  }
  OrgRecord r;
  ASTA_ASSIGN_OR_RETURN(r.ror, StringField(body, "ror", "ror", 40));
  ASTA_ASSIGN_OR_RETURN(r.display_name, StringField(body, "display_name", "display_name", 300));
  if (r.display_name.empty()) return InvalidArgument("is required", "display_name");
  if (body.contains("names") && !body["names"].is_null()) {
    if (!body["names"].is_array()) return InvalidArgument("must be an array", "names");
    for (std::size_t i = 0; i < body["names"].size(); ++i) {
      const Json& n = body["names"][i];
      const std::string at = "names[" + std::to_string(i) + "]";
      if (!n.is_object()) return InvalidArgument("must be an object", at);
      OrgName name;
      ASTA_ASSIGN_OR_RETURN(name.value, StringField(n, "value", at + ".value", 300));
      if (name.value.empty()) return InvalidArgument("is required", at + ".value");
      ASTA_ASSIGN_OR_RETURN(name.lang, StringField(n, "lang", at + ".lang", 8));
      name.lang = AsciiLower(name.lang);
      ASTA_ASSIGN_OR_RETURN(name.kind, StringField(n, "kind", at + ".kind", 20));
      if (name.kind.empty()) name.kind = "label";
      r.names.push_back(std::move(name));
    }
  }
  bool has_display = false;
  for (const auto& n : r.names) has_display = has_display || n.kind == "display";
  if (!has_display) r.names.insert(r.names.begin(), OrgName{r.display_name, "", "display"});
  ASTA_ASSIGN_OR_RETURN(std::string country, StringField(body, "country", "country", 8));
  if (country.empty()) return InvalidArgument("is required", "country");
  ASTA_ASSIGN_OR_RETURN(r.country, NormalizeCountry(country));
  ASTA_ASSIGN_OR_RETURN(r.city, StringField(body, "city", "city", 200));
  for (const char* key : {"lat", "lng"}) {
    if (!body.contains(key) || body[key].is_null()) continue;
    if (!body[key].is_number()) return InvalidArgument("must be a number", key);
    (std::string(key) == "lat" ? r.lat : r.lng) = body[key].get<double>();
  }
  ASTA_ASSIGN_OR_RETURN(r.types, StringList(body, "types", 10, 40));
  if (r.types.empty()) r.types.push_back("other");
  ASTA_ASSIGN_OR_RETURN(r.status, StringField(body, "status", "status", 20));
  if (r.status.empty()) r.status = "active";
  if (body.contains("established") && !body["established"].is_null()) {
    if (!body["established"].is_number_integer()) {
      return InvalidArgument("must be an integer year", "established");
    }
    r.established = body["established"].get<int>();
  }
  ASTA_ASSIGN_OR_RETURN(r.domains, StringList(body, "domains", 50, 253));
  ASTA_ASSIGN_OR_RETURN(r.links, StringList(body, "links", 50, 2000));
  if (body.contains("external_ids") && !body["external_ids"].is_null()) {
    if (!body["external_ids"].is_object())
      return InvalidArgument("must be an object", "external_ids");
    for (const auto& [k, v] : body["external_ids"].items()) {
      if (!v.is_string()) return InvalidArgument("must be a string", "external_ids." + k);
      r.external_ids[k] = v.get<std::string>();
    }
  }
  if (body.contains("relations") && !body["relations"].is_null()) {
    if (!body["relations"].is_array()) return InvalidArgument("must be an array", "relations");
    for (std::size_t i = 0; i < body["relations"].size(); ++i) {
      const Json& rel = body["relations"][i];
      const std::string at = "relations[" + std::to_string(i) + "]";
      if (!rel.is_object()) return InvalidArgument("must be an object", at);
      OrgRelation relation;
      ASTA_ASSIGN_OR_RETURN(relation.type, StringField(rel, "type", at + ".type", 20));
      ASTA_ASSIGN_OR_RETURN(relation.ror, StringField(rel, "ror", at + ".ror", 40));
      ASTA_ASSIGN_OR_RETURN(relation.label, StringField(rel, "label", at + ".label", 300));
      r.relations.push_back(std::move(relation));
    }
  }
  ASTA_ASSIGN_OR_RETURN(std::string region, StringField(body, "region", "region", 40));
  return std::make_pair(std::move(r), region);
}

bool MaySeePrivate(const ApiRequest& req, const Person& p) {
  return api::Authorize(req.principal, Permission::kPersonPrivateRead, PersonScope(p)).has_value();
}

// ---------------------------------------------------------------------------------
// People bodies: asta's person JSON (importers/people.h), one object.

Result<PersonRecord> PersonFromBody(const Json& body) {
  if (!body.is_object()) return InvalidArgument("must be a JSON object", "body");
  Json person = body;
  person.erase("version");
  person.erase("self");
  // The file readers need the file's own id; a person sent to the API has none.
  if (person.contains("person_id"))
    return InvalidArgument("is not a field of a person", "person_id");
  person["person_id"] = "api";
  auto records = PeopleFromJson(Json::array({person}));
  if (!records) {
    Error e = records.error();
    const std::string prefix = "record 1 (api), ";
    if (e.field.rfind(prefix, 0) == 0) e.field = e.field.substr(prefix.size());
    if (e.field.rfind("record 1 (api)", 0) == 0) e.field = "body";
    return tl::unexpected(e);
  }
  PersonRecord r = std::move(records->at(0));
  r.source_id.clear();
  return r;
}

// ---------------------------------------------------------------------------------
// Search.

Result<search::Query> QueryFromRequest(const ApiRequest& req) {
  search::Query q;
  if (auto text = req.Query("q")) {
    if (!IsValidUtf8(*text)) return InvalidArgument("must be UTF-8 text", "q");
    if (CodePointCount(*text) > 500) return InvalidArgument("at most 500 characters", "q");
    q.text = *text;
  }
  if (auto type = req.Query("type")) {
    if (*type == "person") {
      q.type = search::DocType::kPerson;
    } else if (*type == "organization") {
      q.type = search::DocType::kOrganization;
    } else {
      return InvalidArgument("must be person or organization", "type");
    }
  }
  static const std::set<std::string> kFacets = {"country",  "region",        "theme",
                                                "org_type", "jp_experience", "career_stage"};
  auto range = req.query.equal_range("facet");
  for (auto it = range.first; it != range.second; ++it) {
    if (!kFacets.count(it->second)) {
      return InvalidArgument(
          "must be one of country, region, theme, org_type, jp_experience, career_stage", "facet");
    }
    q.facets.push_back(it->second);
  }
  // filter=country:JP (repeatable): OR within a facet, AND across facets.
  auto filters = req.query.equal_range("filter");
  for (auto it = filters.first; it != filters.second; ++it) {
    auto colon = it->second.find(':');
    if (colon == std::string::npos) return InvalidArgument("must be facet:value", "filter");
    std::string facet = it->second.substr(0, colon);
    std::string value = it->second.substr(colon + 1);
    if (!kFacets.count(facet) || value.empty()) {
      return InvalidArgument("must be facet:value with a known facet", "filter");
    }
    q.filters[facet].push_back(value);
  }
  q.limit = 20;
  if (auto limit = req.Query("limit")) {
    char* end = nullptr;
    long v = std::strtol(limit->c_str(), &end, 10);
    if (limit->empty() || *end != '\0' || v < 1 || v > 200) {
      return InvalidArgument("must be an integer from 1 to 200", "limit");
    }
    q.limit = static_cast<std::size_t>(v);
  }
  if (auto cursor = req.Query("cursor")) q.cursor = *cursor;
  return q;
}

Json ResultsJson(const search::Results& results) {
  Json items = Json::array();
  for (const auto& h : results.hits) {
    auto colon = h.id.find(':');
    std::int64_t id = colon == std::string::npos ? 0 : std::stoll(h.id.substr(colon + 1));
    items.push_back({{"id", id},
                     {"type", std::string(search::DocTypeName(h.type))},
                     {"name", h.display_name},
                     {"ror", h.ror.empty() ? Json() : Json(h.ror)},
                     {"score", h.score}});
  }
  Json facets = Json::object();
  for (const auto& [facet, values] : results.facet_counts) {
    Json list = Json::array();
    for (const auto& v : values) list.push_back({{"value", v.value}, {"count", v.count}});
    facets[facet] = list;
  }
  return {{"items", items},
          {"facets", facets},
          {"total", results.total},
          {"next_cursor", results.next_cursor.empty() ? Json() : Json(results.next_cursor)}};
}

}  // namespace

std::vector<RouteSpec> NetworkRoutes(NetworkService& s) {
  std::vector<RouteSpec> r;

  r.push_back(
      RouteSpec{Method::kGet, "/api/v1/search", Permission::kNetworkRead,
                "Search people and organisations (free text, names in any script, facets, filters)",
                kTag, nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                  ASTA_ASSIGN_OR_RETURN(search::Query q, QueryFromRequest(req));
                  ASTA_ASSIGN_OR_RETURN(search::Results results, s.Search(q));
                  return ApiResponse::Ok(ResultsJson(results), false);
                }});

  // Organisations.
  r.push_back(RouteSpec{Method::kGet, "/api/v1/organizations", Permission::kNetworkRead,
                        "Organisations by id (filters: country, type)", kTag, nullptr, nullptr,
                        true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(api::PageRequest page, api::ParsePage(req));
                          OrganizationFilter f;
                          f.after_id = page.after_id;
                          f.limit = page.limit;
                          f.country = req.Query("country").value_or("");
                          f.type = req.Query("type").value_or("");
                          if (!f.type.empty() && !IsOrgType(f.type))
                            return InvalidArgument("is not an organisation type", "type");
                          ASTA_ASSIGN_OR_RETURN(auto orgs, s.ListOrganizations(f));
                          Json items = Json::array();
                          for (const auto& o : orgs) items.push_back(o.ToJson());
                          return ApiResponse::Ok(api::PageBody(std::move(items), page));
                        }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/organizations/{id}", Permission::kNetworkRead,
                        "One organisation", kTag, nullptr, nullptr, false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Organization o, s.GetOrganization(id));
                          return ApiResponse::Ok(o.ToJson());
                        }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/organizations", Permission::kOrganizationWrite,
      "Create an organisation (the office of its country's region, or an administrator)", kTag,
      nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto parsed, OrgFromBody(req.body));
        auto& [record, region] = parsed;
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kOrganizationWrite,
                                            OrgScope(record.country)));
        ASTA_ASSIGN_OR_RETURN(Organization o, s.CreateOrganization(ActorOf(req), record, region));
        return ApiResponse::Created(o.ToJson());
      }});
  r.push_back(RouteSpec{
      Method::kPut, "/api/v1/organizations/{id}", Permission::kOrganizationWrite,
      "Replace an organisation's fields (send the version read)", kTag, nullptr, nullptr, false,
      [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Organization before, s.GetOrganization(id));
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kOrganizationWrite,
                                            OrgScope(before.record.country)));
        ASTA_ASSIGN_OR_RETURN(auto parsed, OrgFromBody(req.body));
        auto& [record, region] = parsed;
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kOrganizationWrite,
                                            OrgScope(record.country)));
        ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
        ASTA_ASSIGN_OR_RETURN(Organization o,
                              s.UpdateOrganization(ActorOf(req), id, record, region, version));
        return ApiResponse::Ok(o.ToJson());
      }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/organizations/import-ror", Permission::kNetworkImport,
      "Import a ROR dump ({content_base64, dry_run?}); re-importing updates, never duplicates",
      kTag, nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        api::BodyReader b(req.body);
        ASTA_ASSIGN_OR_RETURN(std::string content, b.RequiredString("content_base64", 40u << 20));
        ASTA_ASSIGN_OR_RETURN(auto dry, b.OptionalBool("dry_run"));
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(std::string bytes, DecodeBase64(content, "content_base64"));
        if (bytes.size() > kMaxUploadBytes) {
          return InvalidArgument("is larger than 20 MiB; use asta import ror", "content_base64");
        }
        ASTA_ASSIGN_OR_RETURN(auto records, ReadRorDumpBytes(bytes));
        ASTA_ASSIGN_OR_RETURN(
            ImportReport report,
            s.ImportRor(ActorOf(req), records, dry.value_or(false) ? DryRun::kYes : DryRun::kNo));
        return ApiResponse::Ok(report.ToJson(), false);
      }});

  // People.
  r.push_back(
      RouteSpec{Method::kGet, "/api/v1/people", Permission::kNetworkRead,
                "People by id (filter: country); contact fields only where the caller may see them",
                kTag, nullptr, nullptr, true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                  ASTA_ASSIGN_OR_RETURN(api::PageRequest page, api::ParsePage(req));
                  PersonFilter f;
                  f.after_id = page.after_id;
                  f.limit = page.limit;
                  f.country = req.Query("country").value_or("");
                  ASTA_ASSIGN_OR_RETURN(auto people, s.ListPeople(f));
                  Json items = Json::array();
                  for (const auto& p : people) items.push_back(p.ToJson(MaySeePrivate(req, p)));
                  return ApiResponse::Ok(api::PageBody(std::move(items), page));
                }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/people/me", Permission::kAuthenticated,
                        "The caller's own profile (404 when they have none yet)", kTag, nullptr,
                        nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto p, s.FindPersonByUser(req.principal->user_id));
                          if (!p) return NotFound("you have no profile yet");
                          return ApiResponse::Ok(p->ToJson(true));
                        }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/people/{id}", Permission::kNetworkRead,
                        "One person; contact fields only where the caller may see them", kTag,
                        nullptr, nullptr, false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Person p, s.GetPerson(id));
                          return ApiResponse::Ok(p.ToJson(MaySeePrivate(req, p)));
                        }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/people", Permission::kPersonWrite,
      "Create a person; with \"self\": true the caller's own profile", kTag, nullptr, nullptr,
      false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        const bool self = req.body.is_object() && req.body.contains("self") &&
                          req.body["self"].is_boolean() && req.body["self"].get<bool>();
        if (req.body.is_object() && req.body.contains("self") && !req.body["self"].is_boolean()) {
          return InvalidArgument("must be a boolean", "self");
        }
        ASTA_ASSIGN_OR_RETURN(PersonRecord record, PersonFromBody(req.body));
        Person probe;
        probe.record = record;
        if (self) probe.user_id = req.principal->user_id;
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kPersonWrite, PersonScope(probe)));
        ASTA_ASSIGN_OR_RETURN(
            Person p, s.CreatePerson(ActorOf(req), record,
                                     self ? std::optional<std::int64_t>(req.principal->user_id)
                                          : std::nullopt));
        return ApiResponse::Created(p.ToJson(true));
      }});
  r.push_back(RouteSpec{
      Method::kPut, "/api/v1/people/{id}", Permission::kPersonWrite,
      "Replace a person's fields (send the version read): themselves, their region's office, "
      "an administrator",
      kTag, nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Person before, s.GetPerson(id));
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kPersonWrite, PersonScope(before)));
        ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
        ASTA_ASSIGN_OR_RETURN(PersonRecord record, PersonFromBody(req.body));
        ASTA_ASSIGN_OR_RETURN(Person p, s.UpdatePerson(ActorOf(req), id, record, version));
        return ApiResponse::Ok(p.ToJson(true));
      }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/people/import", Permission::kNetworkImport,
      "Import people ({format: csv|json|orcid, content_base64, dry_run?}); all or nothing", kTag,
      nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        api::BodyReader b(req.body);
        ASTA_ASSIGN_OR_RETURN(std::string format, b.RequiredString("format", 10));
        ASTA_ASSIGN_OR_RETURN(std::string content, b.RequiredString("content_base64", 40u << 20));
        ASTA_ASSIGN_OR_RETURN(auto dry, b.OptionalBool("dry_run"));
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(std::string bytes, DecodeBase64(content, "content_base64"));
        if (bytes.size() > kMaxUploadBytes) {
          return InvalidArgument("is larger than 20 MiB; use asta import people", "content_base64");
        }
        Result<std::vector<PersonRecord>> records;
        if (format == "csv") {
          records = ReadPeopleCsvBytes(bytes);
        } else if (format == "json") {
          records = ReadPeopleJsonBytes(bytes);
        } else if (format == "orcid") {
          records = ReadOrcidJsonBytes(bytes);
        } else {
          return InvalidArgument("must be csv, json or orcid", "format");
        }
        if (!records) return tl::unexpected(records.error());
        ASTA_ASSIGN_OR_RETURN(ImportReport report,
                              s.ImportPeople(ActorOf(req), *records,
                                             dry.value_or(false) ? DryRun::kYes : DryRun::kNo));
        return ApiResponse::Ok(report.ToJson(), false);
      }});
  r.push_back(
      RouteSpec{Method::kGet, "/api/v1/people/export", Permission::kNetworkImport,
                "Every person as asta people JSON (?format=json) or CSV (?format=csv, in {csv})",
                kTag, nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                  const std::string format = req.Query("format").value_or("json");
                  if (format != "json" && format != "csv")
                    return InvalidArgument("must be json or csv", "format");
                  ASTA_ASSIGN_OR_RETURN(auto people, s.AllPeople());
                  std::vector<PersonRecord> records;
                  for (auto& p : people) {
                    if (p.record.source_id.empty())
                      p.record.source_id = "asta-" + std::to_string(p.id);
                    records.push_back(p.record);
                  }
                  if (format == "csv")
                    return ApiResponse::Ok(Json{{"csv", WritePeopleCsv(records)}}, false);
                  return ApiResponse::Ok(PeopleToJson(records), false);
                }});

  return r;
}

}  // namespace asta::network
