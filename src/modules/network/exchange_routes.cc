// HTTP routes of exchange programmes, overseas offices and their cooperation needs,
// duplicates and merges, and the network views (docs/network.md, "API, continued").
#include <set>
#include <string>
#include <vector>

#include "core/regions.h"
#include "modules/network/exchange.h"
#include "modules/network/network.h"
#include "modules/network/routes_common.h"

namespace asta::network {
namespace {

using api::ApiRequest;
using api::ApiResponse;
using api::Method;
using api::Permission;
using api::RouteSpec;
using internal::ActorOf;
using internal::OrgScope;
using internal::PersonScope;
using internal::VersionOf;

constexpr char kTag[] = "network";

// A JSON object body read by key: unknown keys, and values of the wrong JSON type, are
// errors naming the key. The content of strings is checked by the service.
class Body {
 public:
  static Result<Body> Of(const Json& body, std::set<std::string> allowed) {
    if (body.is_null()) return Body(Json::object());
    if (!body.is_object()) return InvalidArgument("must be a JSON object", "body");
    for (const auto& [key, value] : body.items()) {
      if (!allowed.count(key)) return InvalidArgument("unknown field", key);
    }
    return Body(body);
  }
  bool Has(const std::string& key) const { return j_.contains(key) && !j_[key].is_null(); }
  Result<std::string> String(const std::string& key) const {
    if (!Has(key)) return std::string();
    if (!j_[key].is_string()) return InvalidArgument("must be a string", key);
    return j_[key].get<std::string>();
  }
  Result<std::optional<std::string>> OptString(const std::string& key) const {
    if (!Has(key)) return std::optional<std::string>();
    ASTA_ASSIGN_OR_RETURN(std::string v, String(key));
    return std::optional<std::string>(v);
  }
  Result<std::optional<std::int64_t>> Id(const std::string& key) const {
    if (!Has(key)) return std::optional<std::int64_t>();
    if (!j_[key].is_number_integer() || j_[key].get<std::int64_t>() < 1) {
      return InvalidArgument("must be a positive integer id", key);
    }
    return std::optional<std::int64_t>(j_[key].get<std::int64_t>());
  }
  Result<std::int64_t> RequiredId(const std::string& key) const {
    ASTA_ASSIGN_OR_RETURN(auto id, Id(key));
    if (!id) return InvalidArgument("is required", key);
    return *id;
  }
  Result<std::vector<std::string>> Strings(const std::string& key, std::size_t max_items) const {
    std::vector<std::string> out;
    if (!Has(key)) return out;
    if (!j_[key].is_array()) return InvalidArgument("must be an array of strings", key);
    if (j_[key].size() > max_items) {
      return InvalidArgument("at most " + std::to_string(max_items) + " items", key);
    }
    for (std::size_t i = 0; i < j_[key].size(); ++i) {
      if (!j_[key][i].is_string()) {
        return InvalidArgument("must be a string", key + "[" + std::to_string(i) + "]");
      }
      out.push_back(j_[key][i].get<std::string>());
    }
    return out;
  }
  const Json& json() const { return j_; }

 private:
  explicit Body(Json j) : j_(std::move(j)) {}
  Json j_;
};

Result<ProgrammeInput> ProgrammeFromBody(const Json& json, bool update) {
  std::set<std::string> keys = {"kind",       "name",   "name_ja", "description", "country",
                                "org_id",     "themes", "start",   "end",         "call_open",
                                "call_close", "status", "version"};
  ASTA_ASSIGN_OR_RETURN(Body b, Body::Of(json, keys));
  ProgrammeInput in;
  ASTA_ASSIGN_OR_RETURN(in.kind, b.String("kind"));
  if (in.kind.empty()) return InvalidArgument("is required", "kind");
  ASTA_ASSIGN_OR_RETURN(in.name, b.String("name"));
  if (in.name.empty()) return InvalidArgument("is required", "name");
  ASTA_ASSIGN_OR_RETURN(in.name_ja, b.String("name_ja"));
  ASTA_ASSIGN_OR_RETURN(in.description, b.String("description"));
  ASTA_ASSIGN_OR_RETURN(in.country, b.String("country"));
  ASTA_ASSIGN_OR_RETURN(in.org_id, b.Id("org_id"));
  ASTA_ASSIGN_OR_RETURN(in.themes, b.Strings("themes", 5));
  ASTA_ASSIGN_OR_RETURN(in.start, b.String("start"));
  ASTA_ASSIGN_OR_RETURN(in.end, b.String("end"));
  ASTA_ASSIGN_OR_RETURN(in.call_open, b.String("call_open"));
  ASTA_ASSIGN_OR_RETURN(in.call_close, b.String("call_close"));
  ASTA_ASSIGN_OR_RETURN(std::string status, b.String("status"));
  if (!status.empty()) {
    if (!update && status != "active") {
      return InvalidArgument("a new programme is active", "status");
    }
    in.status = status;
  }
  return in;
}

Result<NeedInput> NeedFromBody(const Json& json) {
  ASTA_ASSIGN_OR_RETURN(Body b, Body::Of(json, {"office_id", "country", "partner_org_id", "theme",
                                                "title", "body", "status", "version"}));
  NeedInput in;
  ASTA_ASSIGN_OR_RETURN(in.office_id, b.RequiredId("office_id"));
  ASTA_ASSIGN_OR_RETURN(in.country, b.String("country"));
  ASTA_ASSIGN_OR_RETURN(in.partner_org_id, b.Id("partner_org_id"));
  ASTA_ASSIGN_OR_RETURN(in.theme, b.String("theme"));
  if (in.theme.empty()) return InvalidArgument("is required", "theme");
  ASTA_ASSIGN_OR_RETURN(in.title, b.String("title"));
  if (in.title.empty()) return InvalidArgument("is required", "title");
  ASTA_ASSIGN_OR_RETURN(in.body, b.String("body"));
  ASTA_ASSIGN_OR_RETURN(std::string status, b.String("status"));
  if (!status.empty()) in.status = status;
  return in;
}

Result<MergePreferences> PreferencesOf(const Body& b) {
  MergePreferences out;
  if (!b.Has("prefer")) return out;
  const Json& p = b.json()["prefer"];
  if (!p.is_object())
    return InvalidArgument("must be an object of field: \"into\"|\"from\"", "prefer");
  for (const auto& [field, value] : p.items()) {
    if (!value.is_string())
      return InvalidArgument("must be \"into\" or \"from\"", "prefer." + field);
    out[field] = value.get<std::string>();
  }
  return out;
}

api::ResourceScope CountryScope(const std::string& country) { return OrgScope(country); }

// An office's staff act on what has a country of their region; the office's own region
// stands for it when the object names no country yet.
api::ResourceScope RegionScope(const std::string& region) {
  api::ResourceScope scope;
  scope.countries = CountriesOfRegion(region);
  scope.object = true;
  return scope;
}

// Note and report of a participation: those who run the programme and the participant.
bool MaySeeNotes(const ApiRequest& req, const Programme& programme, const Participation& p,
                 NetworkService& network) {
  if (api::Authorize(req.principal, Permission::kExchangeWrite,
                     CountryScope(programme.input.country))) {
    return true;
  }
  auto person = network.GetPerson(p.person_id);
  return person && person->user_id && *person->user_id == req.principal->user_id;
}

Result<search::DocType> TypeOf(const ApiRequest& req) {
  const std::string type = req.Query("type").value_or("person");
  if (type == "person") return search::DocType::kPerson;
  if (type == "organization") return search::DocType::kOrganization;
  return InvalidArgument("must be person or organization", "type");
}

Result<std::int64_t> QueryId(const ApiRequest& req, const std::string& name) {
  auto text = req.Query(name);
  if (!text || text->empty()) return InvalidArgument("is required", name);
  std::int64_t v = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || v > (std::int64_t{1} << 53)) {
      return InvalidArgument("must be a positive integer id", name);
    }
    v = v * 10 + (c - '0');
  }
  if (v < 1) return InvalidArgument("must be a positive integer id", name);
  return v;
}

// The countries of the caller's office regions, when merging is theirs only by region;
// empty for administrators (every pair).
std::vector<std::string> MergeCountries(const ApiRequest& req) {
  if (req.principal->Has(api::Role::kAdministrator)) return {};
  std::vector<std::string> out;
  for (const auto& grant : req.principal->grants) {
    if (grant.role != api::Role::kOverseasOffice || grant.scope_type != "region") continue;
    for (const auto& c : CountriesOfRegion(grant.scope_id)) out.push_back(c);
  }
  if (out.empty()) out.push_back("--");  // no region: nothing is in scope
  return out;
}

}  // namespace

std::vector<RouteSpec> ExchangeRoutes(NetworkService& network, ExchangeService& s) {
  std::vector<RouteSpec> r;

  // Exchange programmes.
  r.push_back(RouteSpec{Method::kGet, "/api/v1/exchange-programmes", Permission::kNetworkRead,
                        "Exchange programmes (filters: kind, country, region)", kTag, nullptr,
                        nullptr, true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(api::PageRequest page, api::ParsePage(req));
                          ProgrammeFilter f;
                          f.after_id = page.after_id;
                          f.limit = page.limit;
                          f.kind = req.Query("kind").value_or("");
                          f.country = req.Query("country").value_or("");
                          f.region = req.Query("region").value_or("");
                          ASTA_ASSIGN_OR_RETURN(auto list, s.ListProgrammes(f));
                          Json items = Json::array();
                          for (const auto& p : list) items.push_back(p.ToJson());
                          return ApiResponse::Ok(api::PageBody(std::move(items), page));
                        }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/exchange-programmes/{id}", Permission::kNetworkRead,
                        "One exchange programme with its participants", kTag, nullptr, nullptr,
                        false, [&s, &network](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Programme p, s.GetProgramme(id));
                          Json out = p.ToJson();
                          Json participants = Json::array();
                          for (const auto& part : p.participants) {
                            participants.push_back(part.ToJson(MaySeeNotes(req, p, part, network)));
                          }
                          out["participants"] = participants;
                          out["may_manage"] =
                              api::Authorize(req.principal, Permission::kExchangeWrite,
                                             CountryScope(p.input.country))
                                  .has_value();
                          return ApiResponse::Ok(out);
                        }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/exchange-programmes", Permission::kExchangeWrite,
      "Create an exchange programme (administrators, programme officers, the office of its "
      "region)",
      kTag, nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(ProgrammeInput in, ProgrammeFromBody(req.body, false));
        if (!in.country.empty()) {
          ASTA_RETURN_IF_ERROR(
              api::Authorize(req.principal, Permission::kExchangeWrite, CountryScope(in.country)));
        }
        ASTA_ASSIGN_OR_RETURN(Programme p, s.CreateProgramme(ActorOf(req), in));
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kExchangeWrite,
                                            CountryScope(p.input.country)));
        return ApiResponse::Created(p.ToJson());
      }});
  r.push_back(RouteSpec{
      Method::kPut, "/api/v1/exchange-programmes/{id}", Permission::kExchangeWrite,
      "Replace an exchange programme's fields (send the version read)", kTag, nullptr, nullptr,
      false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Programme before, s.GetProgramme(id));
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kExchangeWrite,
                                            CountryScope(before.input.country)));
        ASTA_ASSIGN_OR_RETURN(ProgrammeInput in, ProgrammeFromBody(req.body, true));
        if (!in.country.empty()) {
          ASTA_RETURN_IF_ERROR(
              api::Authorize(req.principal, Permission::kExchangeWrite, CountryScope(in.country)));
        }
        ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
        ASTA_ASSIGN_OR_RETURN(Programme p, s.UpdateProgramme(ActorOf(req), id, in, version));
        return ApiResponse::Ok(p.ToJson());
      }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/exchange-programmes/{id}/participants", Permission::kExchangeWrite,
      "Add a person to a programme (a nomination, a member, a dispatch, a secondment)", kTag,
      nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Programme programme, s.GetProgramme(id));
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kExchangeWrite,
                                            CountryScope(programme.input.country)));
        ASTA_ASSIGN_OR_RETURN(
            Body b, Body::Of(req.body, {"person_id", "role", "org_id", "start", "end", "note"}));
        ParticipantInput in;
        ASTA_ASSIGN_OR_RETURN(in.person_id, b.RequiredId("person_id"));
        ASTA_ASSIGN_OR_RETURN(in.role, b.String("role"));
        ASTA_ASSIGN_OR_RETURN(in.org_id, b.Id("org_id"));
        ASTA_ASSIGN_OR_RETURN(in.start, b.String("start"));
        ASTA_ASSIGN_OR_RETURN(in.end, b.String("end"));
        ASTA_ASSIGN_OR_RETURN(in.note, b.String("note"));
        ASTA_ASSIGN_OR_RETURN(Participation p, s.AddParticipant(ActorOf(req), id, in));
        return ApiResponse::Created(p.ToJson(true));
      }});
  r.push_back(RouteSpec{
      Method::kPut, "/api/v1/exchange-programmes/{id}/participants/{pid}",
      Permission::kExchangeWrite,
      "Change a participation: its status (forward only), role, organisation, dates, note, "
      "report",
      kTag, nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(std::int64_t pid, req.PathId("pid"));
        ASTA_ASSIGN_OR_RETURN(Programme programme, s.GetProgramme(id));
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kExchangeWrite,
                                            CountryScope(programme.input.country)));
        ASTA_ASSIGN_OR_RETURN(Body b, Body::Of(req.body, {"status", "role", "org_id", "start",
                                                          "end", "note", "report", "version"}));
        ParticipantUpdate u;
        ASTA_ASSIGN_OR_RETURN(u.status, b.OptString("status"));
        ASTA_ASSIGN_OR_RETURN(u.role, b.OptString("role"));
        ASTA_ASSIGN_OR_RETURN(u.start, b.OptString("start"));
        ASTA_ASSIGN_OR_RETURN(u.end, b.OptString("end"));
        ASTA_ASSIGN_OR_RETURN(u.note, b.OptString("note"));
        ASTA_ASSIGN_OR_RETURN(u.report, b.OptString("report"));
        if (b.json().contains("org_id")) {
          ASTA_ASSIGN_OR_RETURN(auto org, b.Id("org_id"));
          u.org_id = org;
        }
        ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
        ASTA_ASSIGN_OR_RETURN(Participation p,
                              s.UpdateParticipant(ActorOf(req), id, pid, u, version));
        return ApiResponse::Ok(p.ToJson(true));
      }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/people/{id}/programmes", Permission::kNetworkRead,
                        "The exchange programmes a person takes part in", kTag, nullptr, nullptr,
                        false, [&s, &network](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(auto list, s.PersonProgrammes(id));
                          ASTA_ASSIGN_OR_RETURN(Person person, network.GetPerson(id));
                          const bool self =
                              person.user_id && *person.user_id == req.principal->user_id;
                          Json items = Json::array();
                          for (const auto& p : list) {
                            const bool manages =
                                api::Authorize(req.principal, Permission::kExchangeWrite,
                                               CountryScope(p.programme_country))
                                    .has_value();
                            items.push_back(p.ToJson(self || manages));
                          }
                          return ApiResponse::Ok(Json{{"items", items}});
                        }});

  // Overseas offices and cooperation needs.
  r.push_back(RouteSpec{Method::kGet, "/api/v1/offices", Permission::kNetworkRead,
                        "Overseas offices with their region's counts", kTag, nullptr, nullptr,
                        false, [&s](const ApiRequest&) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(Json out, s.Offices());
                          return ApiResponse::Ok(out);
                        }});
  r.push_back(RouteSpec{
      Method::kGet, "/api/v1/offices/{id}", Permission::kNetworkRead,
      "One office: its region's alumni, partners, programmes and (for needs readers) needs", kTag,
      nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        const bool needs = api::Authorize(req.principal, Permission::kNeedsRead).has_value();
        ASTA_ASSIGN_OR_RETURN(Json out, s.Office(id, needs));
        out["may_report"] = api::Authorize(req.principal, Permission::kNeedsWrite,
                                           RegionScope(out["region"].get<std::string>()))
                                .has_value();
        return ApiResponse::Ok(out);
      }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/cooperation-needs", Permission::kNeedsRead,
                        "Cooperation needs (filters: region, theme, status, office_id)", kTag,
                        nullptr, nullptr, true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(api::PageRequest page, api::ParsePage(req));
                          NeedFilter f;
                          f.after_id = page.after_id;
                          f.limit = page.limit;
                          f.region = req.Query("region").value_or("");
                          f.theme = req.Query("theme").value_or("");
                          f.status = req.Query("status").value_or("");
                          if (req.Query("office_id")) {
                            ASTA_ASSIGN_OR_RETURN(std::int64_t office, QueryId(req, "office_id"));
                            f.office_id = office;
                          }
                          ASTA_ASSIGN_OR_RETURN(auto list, s.ListNeeds(f));
                          Json items = Json::array();
                          for (const auto& n : list) items.push_back(n.ToJson());
                          return ApiResponse::Ok(api::PageBody(std::move(items), page));
                        }});
  r.push_back(
      RouteSpec{Method::kGet, "/api/v1/cooperation-needs/summary", Permission::kNeedsRead,
                "Cooperation needs counted by theme and status (filter: region)", kTag, nullptr,
                nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                  ASTA_ASSIGN_OR_RETURN(Json out, s.NeedsSummary(req.Query("region").value_or("")));
                  return ApiResponse::Ok(out);
                }});
  r.push_back(RouteSpec{Method::kPost, "/api/v1/cooperation-needs", Permission::kNeedsWrite,
                        "Report a cooperation need (the office of the region, or an administrator)",
                        kTag, nullptr, nullptr, false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(NeedInput in, NeedFromBody(req.body));
                          auto region = s.OfficeRegion(in.office_id);
                          if (!region) return InvalidArgument(region.error().message, "office_id");
                          ASTA_RETURN_IF_ERROR(api::Authorize(
                              req.principal, Permission::kNeedsWrite, RegionScope(*region)));
                          ASTA_ASSIGN_OR_RETURN(Need n, s.CreateNeed(ActorOf(req), in));
                          return ApiResponse::Created(n.ToJson());
                        }});
  r.push_back(RouteSpec{
      Method::kPut, "/api/v1/cooperation-needs/{id}", Permission::kNeedsWrite,
      "Replace a cooperation need's fields, its status among them (send the version read)", kTag,
      nullptr, nullptr, false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Need before, s.GetNeed(id));
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kNeedsWrite, RegionScope(before.region)));
        ASTA_ASSIGN_OR_RETURN(NeedInput in, NeedFromBody(req.body));
        auto region = s.OfficeRegion(in.office_id);
        if (!region) return InvalidArgument(region.error().message, "office_id");
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kNeedsWrite, RegionScope(*region)));
        ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
        ASTA_ASSIGN_OR_RETURN(Need n, s.UpdateNeed(ActorOf(req), id, in, version));
        return ApiResponse::Ok(n.ToJson());
      }});

  // Duplicates and merges.
  r.push_back(RouteSpec{Method::kGet, "/api/v1/duplicates", Permission::kNetworkMerge,
                        "Proposed duplicate people or organisations (type, limit), best first",
                        kTag, nullptr, nullptr, false,
                        [&network](const ApiRequest& req) -> Result<ApiResponse> {
                          DuplicateQuery q;
                          ASTA_ASSIGN_OR_RETURN(q.type, TypeOf(req));
                          if (auto limit = req.Query("limit")) {
                            ASTA_ASSIGN_OR_RETURN(std::int64_t n, QueryId(req, "limit"));
                            if (n > 200) return InvalidArgument("must be 1..200", "limit");
                            q.limit = static_cast<std::size_t>(n);
                          }
                          q.countries = MergeCountries(req);
                          ASTA_ASSIGN_OR_RETURN(auto pairs, network.FindDuplicates(q));
                          Json items = Json::array();
                          for (const auto& p : pairs) items.push_back(p.ToJson());
                          return ApiResponse::Ok(Json{{"items", items}}, false);
                        }});
  r.push_back(RouteSpec{
      Method::kGet, "/api/v1/duplicates/compare", Permission::kNetworkMerge,
      "Two people or organisations side by side (type, a, b)", kTag, nullptr, nullptr, false,
      [&network](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(search::DocType type, TypeOf(req));
        ASTA_ASSIGN_OR_RETURN(std::int64_t a, QueryId(req, "a"));
        ASTA_ASSIGN_OR_RETURN(std::int64_t b, QueryId(req, "b"));
        if (type == search::DocType::kPerson) {
          ASTA_ASSIGN_OR_RETURN(Person pa, network.GetPerson(a));
          ASTA_ASSIGN_OR_RETURN(Person pb, network.GetPerson(b));
          ASTA_RETURN_IF_ERROR(
              api::Authorize(req.principal, Permission::kNetworkMerge, PersonScope(pa)));
          ASTA_RETURN_IF_ERROR(
              api::Authorize(req.principal, Permission::kNetworkMerge, PersonScope(pb)));
          ASTA_ASSIGN_OR_RETURN(Json out, network.ComparePeople(a, b));
          return ApiResponse::Ok(out, false);
        }
        ASTA_ASSIGN_OR_RETURN(Organization oa, network.GetOrganization(a));
        ASTA_ASSIGN_OR_RETURN(Organization ob, network.GetOrganization(b));
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kNetworkMerge, OrgScope(oa.record.country)));
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kNetworkMerge, OrgScope(ob.record.country)));
        ASTA_ASSIGN_OR_RETURN(Json out, network.CompareOrganizations(a, b));
        return ApiResponse::Ok(out, false);
      }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/people/{id}/merge", Permission::kNetworkMerge,
      "Merge another person into this one ({from, version?, prefer?}); nothing is lost", kTag,
      nullptr, nullptr, false, [&network](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Body b, Body::Of(req.body, {"from", "version", "prefer"}));
        ASTA_ASSIGN_OR_RETURN(std::int64_t from, b.RequiredId("from"));
        ASTA_ASSIGN_OR_RETURN(auto prefer, PreferencesOf(b));
        ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
        ASTA_ASSIGN_OR_RETURN(Person into, network.GetPerson(id));
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kNetworkMerge, PersonScope(into)));
        auto other = network.GetPerson(from);
        if (!other) return InvalidArgument(other.error().message, "from");
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kNetworkMerge, PersonScope(*other)));
        ASTA_ASSIGN_OR_RETURN(Person merged,
                              network.MergePeople(ActorOf(req), id, from, version, prefer));
        return ApiResponse::Ok(merged.ToJson(true));
      }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/organizations/{id}/merge", Permission::kNetworkMerge,
      "Merge another organisation into this one ({from, version?, prefer?}); nothing is lost", kTag,
      nullptr, nullptr, false, [&network](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Body b, Body::Of(req.body, {"from", "version", "prefer"}));
        ASTA_ASSIGN_OR_RETURN(std::int64_t from, b.RequiredId("from"));
        ASTA_ASSIGN_OR_RETURN(auto prefer, PreferencesOf(b));
        ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
        ASTA_ASSIGN_OR_RETURN(Organization into, network.GetOrganization(id));
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kNetworkMerge,
                                            OrgScope(into.record.country)));
        auto other = network.GetOrganization(from);
        if (!other) return InvalidArgument(other.error().message, "from");
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kNetworkMerge,
                                            OrgScope(other->record.country)));
        ASTA_ASSIGN_OR_RETURN(Organization merged,
                              network.MergeOrganizations(ActorOf(req), id, from, version, prefer));
        return ApiResponse::Ok(merged.ToJson());
      }});

  // Views.
  r.push_back(RouteSpec{Method::kGet, "/api/v1/people/{id}/graph", Permission::kNetworkRead,
                        "A person's collaboration graph: co-authors and shared programmes", kTag,
                        nullptr, nullptr, false,
                        [&network](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Json out, network.PersonGraph(id));
                          return ApiResponse::Ok(out);
                        }});
  r.push_back(RouteSpec{
      Method::kGet, "/api/v1/network/map", Permission::kNetworkRead,
      "Alumni, partner organisations or offices by country and as points (layer, region)", kTag,
      nullptr, nullptr, false, [&network](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(Json out, network.Map(req.Query("layer").value_or("alumni"),
                                                    req.Query("region").value_or("")));
        return ApiResponse::Ok(out);
      }});
  return r;
}

}  // namespace asta::network
