// HTTP routes of programmes, calls and proposals (docs/programmes.md, "API").
#include "modules/programmes/programmes_routes.h"

#include <set>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "modules/programmes/programmes.h"

namespace asta::programmes {
namespace {

using api::ApiRequest;
using api::ApiResponse;
using api::Method;
using api::Permission;
using api::RouteSpec;

constexpr char kTag[] = "programmes";

audit::Actor ActorOf(const ApiRequest& req) {
  return audit::Actor{req.principal->user_id, req.principal->email};
}

Result<std::optional<std::int64_t>> VersionOf(const Json& body) {
  if (!body.is_object() || !body.contains("version") || body["version"].is_null()) {
    return std::optional<std::int64_t>();
  }
  if (!body["version"].is_number_integer()) {
    return InvalidArgument("version: must be an integer", "version");
  }
  return std::optional<std::int64_t>(body["version"].get<std::int64_t>());
}

Result<std::int64_t> QueryInt(const ApiRequest& req, const std::string& name, std::int64_t dflt) {
  auto text = req.Query(name);
  if (!text || text->empty()) return dflt;
  std::int64_t v = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || v > (std::int64_t{1} << 53)) {
      return InvalidArgument(name + ": must be a positive integer", name);
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

api::ResourceScope CallScope(const Call& call) {
  api::ResourceScope s;
  s.object = true;
  if (call.agency_id) s.agency_id = std::to_string(*call.agency_id);
  s.programme_id = std::to_string(call.programme_id);
  s.call_id = std::to_string(call.id);
  return s;
}

api::ResourceScope ProgrammeScope(const Programme& p) {
  api::ResourceScope s;
  s.object = true;
  if (p.input.agency_id) s.agency_id = std::to_string(*p.input.agency_id);
  s.programme_id = std::to_string(p.id);
  return s;
}

bool Oversees(const ApiRequest& req, const Call& call) {
  return api::Authorize(req.principal, Permission::kProposalsOversee, CallScope(call)).has_value();
}

// The proposal's owner, or an officer covering its call (who also sees screening).
struct Access {
  Proposal proposal;
  Call call;
  bool officer = false;
};

Result<Access> ReadAccess(ProgrammesService& svc, const ApiRequest& req, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(Proposal p, svc.GetProposal(id));
  ASTA_ASSIGN_OR_RETURN(Call call, svc.GetCall(p.call_id));
  api::ResourceScope scope = CallScope(call);
  scope.owner_user_id = p.owner_user_id;
  // Not found rather than forbidden: the existence of another's proposal is not told.
  if (!api::Authorize(req.principal, Permission::kProposalRead, scope)) {
    return NotFound("no proposal " + std::to_string(id));
  }
  const bool officer = Oversees(req, call);
  return Access{std::move(p), std::move(call), officer};
}

Result<Proposal> OwnedDraft(ProgrammesService& svc, const ApiRequest& req, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(Access a, ReadAccess(svc, req, id));
  api::ResourceScope scope;
  scope.object = true;
  scope.owner_user_id = a.proposal.owner_user_id;
  ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kProposalWrite, scope));
  return a.proposal;
}

Json Items(Json items, const std::string& next_cursor = "") {
  return Json{{"items", std::move(items)},
              {"next_cursor", next_cursor.empty() ? Json() : Json(next_cursor)}};
}

Result<ProgrammeInput> ProgrammeFromBody(const Json& body) {
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  static const std::set<std::string> kKeys = {
      "agency_id", "kind", "name", "name_ja", "description", "themes", "partner_agencies"};
  for (const auto& [k, v] : body.items()) {
    if (!kKeys.count(k)) return InvalidArgument(k + ": unknown field", k);
  }
  ProgrammeInput in;
  if (!body.contains("agency_id") || !body["agency_id"].is_number_integer() ||
      body["agency_id"].get<std::int64_t>() < 1) {
    return InvalidArgument("agency_id: required, the id of the owning agency", "agency_id");
  }
  in.agency_id = body["agency_id"].get<std::int64_t>();
  for (const char* key : {"kind", "name", "name_ja", "description"}) {
    if (body.contains(key) && !body[key].is_null() && !body[key].is_string()) {
      return InvalidArgument(std::string(key) + ": must be a string", key);
    }
  }
  in.kind = body.value("kind", std::string());
  in.name = body.value("name", std::string());
  in.name_ja = body.value("name_ja", std::string());
  in.description = body.value("description", std::string());
  for (const char* key : {"themes", "partner_agencies"}) {
    if (!body.contains(key)) continue;
    if (!body[key].is_array() || body[key].size() > 20) {
      return InvalidArgument(std::string(key) + ": must be a list of at most 20 strings", key);
    }
    for (const Json& t : body[key]) {
      if (!t.is_string()) return InvalidArgument(std::string(key) + ": must hold strings", key);
      (std::string(key) == "themes" ? in.themes : in.partners).push_back(t.get<std::string>());
    }
  }
  return in;
}

// The draft in a body: the body itself, or its "content" member for /check.
Result<Json> ContentOf(const Json& body) {
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object", "body");
  Json content = body;
  content.erase("version");
  return content;
}

std::string PercentEncode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<ApiResponse> Download(const std::string& bytes, const std::string& type,
                             const std::string& filename) {
  ApiResponse r;
  r.status = 200;
  r.json_text = bytes;
  r.content_type = type;
  r.headers["Content-Disposition"] = "attachment; filename=\"" + filename + "\"";
  r.headers["Cache-Control"] = "no-store";
  return r;
}

}  // namespace

Result<ApiResponse> AttachmentDownload(ProgrammesService& service, std::int64_t proposal_id,
                                       std::int64_t attachment_id) {
  ASTA_ASSIGN_OR_RETURN(auto file, service.GetAttachment(proposal_id, attachment_id));
  // The stored type was checked on upload; the name is sent ASCII-safe and as UTF-8.
  std::string ascii;
  for (char c : file.first.filename) {
    ascii += (static_cast<unsigned char>(c) < 0x80 && c != '"' && c != '\\') ? c : '_';
  }
  ApiResponse r;
  r.json_text = std::move(file.second);
  r.content_type = file.first.content_type;
  r.headers["Content-Disposition"] = "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
                                     PercentEncode(file.first.filename);
  r.headers["Cache-Control"] = "private, no-store";
  r.headers["X-Checksum-SHA256"] = file.first.sha256;
  return r;
}

std::vector<RouteSpec> ProgrammesRoutes(ProgrammesService& svc) {
  std::vector<RouteSpec> r;
  ProgrammesService* s = &svc;

  // ---- country groups ----
  r.push_back(RouteSpec{Method::kGet, "/api/v1/country-groups", Permission::kCallsRead,
                        "Country groups that eligibility rules name", kTag, Json(), Json(), false,
                        [s](const ApiRequest&) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(Json j, s->GroupsJson());
                          return ApiResponse::Ok(j);
                        }});
  r.push_back(RouteSpec{Method::kPut, "/api/v1/country-groups/{code}",
                        Permission::kCountryGroupsWrite, "Create or replace a country group", kTag,
                        Json(), Json(), false, [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(
                              Json j,
                              s->PutGroup(ActorOf(req), req.path_params.at("code"), req.body));
                          return ApiResponse::Ok(j, false);
                        }});

  // ---- programmes ----
  r.push_back(RouteSpec{Method::kGet, "/api/v1/programmes", Permission::kCallsRead,
                        "Programmes and their calls' counts", kTag, Json(), Json(), false,
                        [s](const ApiRequest&) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto list, s->ListProgrammes());
                          Json items = Json::array();
                          for (const auto& p : list) items.push_back(p.ToJson());
                          return ApiResponse::Ok(Items(std::move(items)));
                        }});
  r.push_back(RouteSpec{Method::kPost, "/api/v1/programmes", Permission::kCallsManage,
                        "Create a programme owned by an agency", kTag, Json(), Json(), false,
                        [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(ProgrammeInput in, ProgrammeFromBody(req.body));
                          api::ResourceScope scope;
                          scope.object = true;
                          scope.agency_id = std::to_string(*in.agency_id);
                          ASTA_RETURN_IF_ERROR(
                              api::Authorize(req.principal, Permission::kCallsManage, scope));
                          ASTA_ASSIGN_OR_RETURN(Programme p, s->CreateProgramme(ActorOf(req), in));
                          return ApiResponse::Created(p.ToJson());
                        },
                        201});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/programmes/{id}", Permission::kCallsRead,
                        "One programme", kTag, Json(), Json(), false,
                        [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Programme p, s->GetProgramme(id));
                          return ApiResponse::Ok(p.ToJson());
                        }});

  // ---- calls ----
  r.push_back(RouteSpec{Method::kGet, "/api/v1/calls", Permission::kCallsRead,
                        "Calls, filtered by programme, status and title", kTag, Json(), Json(),
                        true, [s](const ApiRequest& req) -> Result<ApiResponse> {
                          CallFilter f;
                          ASTA_ASSIGN_OR_RETURN(std::int64_t programme,
                                                QueryInt(req, "programme", 0));
                          if (programme > 0) f.programme_id = programme;
                          f.status = req.Query("status").value_or("");
                          f.q = req.Query("q").value_or("");
                          ASTA_ASSIGN_OR_RETURN(f.after_id, QueryInt(req, "cursor", 0));
                          ASTA_ASSIGN_OR_RETURN(std::int64_t limit, QueryInt(req, "limit", 50));
                          f.limit = static_cast<int>(std::clamp<std::int64_t>(limit, 1, 200));
                          ASTA_ASSIGN_OR_RETURN(auto calls, s->ListCalls(f));
                          std::string next;
                          if (static_cast<int>(calls.size()) > f.limit) {
                            calls.resize(f.limit);
                            next = std::to_string(calls.back().id);
                          }
                          const std::int64_t now = s->Now();
                          Json items = Json::array();
                          for (const auto& c : calls)
                            items.push_back(c.Summary(now, Oversees(req, c)));
                          return ApiResponse::Ok(Items(std::move(items), next));
                        }});
  r.push_back(RouteSpec{Method::kPost, "/api/v1/calls", Permission::kCallsManage, "Create a call",
                        kTag, Json(), Json(), false,
                        [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(Call parsed, s->ParseCall(req.body));
                          ASTA_ASSIGN_OR_RETURN(Programme p, s->GetProgramme(parsed.programme_id));
                          ASTA_RETURN_IF_ERROR(api::Authorize(
                              req.principal, Permission::kCallsManage, ProgrammeScope(p)));
                          ASTA_ASSIGN_OR_RETURN(Call call, s->CreateCall(ActorOf(req), req.body));
                          return ApiResponse::Created(call.Full(s->Now(), true));
                        },
                        201});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/calls/{id}", Permission::kCallsRead,
                        "One call with its rules, form and criteria", kTag, Json(), Json(), false,
                        [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Call call, s->GetCall(id));
                          const bool officer = Oversees(req, call);
                          if (officer) {
                            ASTA_ASSIGN_OR_RETURN(call.proposal_count, s->CountProposals(id));
                          }
                          return ApiResponse::Ok(call.Full(s->Now(), officer));
                        }});
  r.push_back(
      RouteSpec{Method::kPut, "/api/v1/calls/{id}", Permission::kCallsManage, "Edit a call", kTag,
                Json(), Json(), false, [s](const ApiRequest& req) -> Result<ApiResponse> {
                  ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                  ASTA_ASSIGN_OR_RETURN(Call current, s->GetCall(id));
                  ASTA_RETURN_IF_ERROR(
                      api::Authorize(req.principal, Permission::kCallsManage, CallScope(current)));
                  ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
                  Json def = req.body;
                  if (def.is_object()) def.erase("version");
                  // Moving a call to another programme needs the right over that one too.
                  if (def.is_object() && def.contains("programme_id") &&
                      def["programme_id"].is_number_integer() &&
                      def["programme_id"].get<std::int64_t>() != current.programme_id) {
                    ASTA_ASSIGN_OR_RETURN(Programme p,
                                          s->GetProgramme(def["programme_id"].get<std::int64_t>()));
                    ASTA_RETURN_IF_ERROR(
                        api::Authorize(req.principal, Permission::kCallsManage, ProgrammeScope(p)));
                  }
                  ASTA_ASSIGN_OR_RETURN(Call call, s->UpdateCall(ActorOf(req), id, def, version));
                  ASTA_ASSIGN_OR_RETURN(call.proposal_count, s->CountProposals(id));
                  return ApiResponse::Ok(call.Full(s->Now(), true), false);
                }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/calls/{id}/check", Permission::kCallsRead,
      "Check a draft against the call's rules (or an unsaved definition's)", kTag, Json(), Json(),
      false, [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Call call, s->GetCall(id));
        if (!req.body.is_object() || !req.body.contains("draft")) {
          return InvalidArgument("draft: required, the proposal content to check", "draft");
        }
        for (const auto& [k, v] : req.body.items()) {
          if (k != "draft" && k != "definition") return InvalidArgument(k + ": unknown field", k);
        }
        if (req.body.contains("definition") && !req.body["definition"].is_null()) {
          ASTA_RETURN_IF_ERROR(
              api::Authorize(req.principal, Permission::kCallsManage, CallScope(call)));
          auto parsed = s->ParseCall(req.body["definition"]);
          if (!parsed) {
            Error e = parsed.error();
            e.field = "definition." + e.field;
            e.message = "definition." + e.message;
            return tl::unexpected(e);
          }
          parsed->id = call.id;
          call = std::move(*parsed);
        }
        auto check = s->CheckContent(call, req.body["draft"]);
        if (!check) {
          Error e = check.error();
          e.field = "draft." + e.field;
          e.message = "draft." + e.message;
          return tl::unexpected(e);
        }
        return ApiResponse::Ok(*check, false);
      }});

  // ---- a call's proposals (officers) ----
  auto oversee = [s](const ApiRequest& req) -> Result<Call> {
    ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
    ASTA_ASSIGN_OR_RETURN(Call call, s->GetCall(id));
    ASTA_RETURN_IF_ERROR(
        api::Authorize(req.principal, Permission::kProposalsOversee, CallScope(call)));
    return call;
  };
  auto filter_of = [](const ApiRequest& req) -> Result<ProposalFilter> {
    ProposalFilter f;
    f.state = req.Query("state").value_or("");
    const std::string stage = req.Query("stage").value_or("");
    if (stage == "1" || stage == "2") {
      f.stage = stage[0] - '0';
    } else if (!stage.empty()) {
      return InvalidArgument("stage: must be 1 or 2", "stage");
    }
    const std::string eligible = req.Query("eligible").value_or("");
    if (eligible == "true") {
      f.eligible = true;
    } else if (eligible == "false") {
      f.eligible = false;
    } else if (!eligible.empty()) {
      return InvalidArgument("eligible: must be true or false", "eligible");
    }
    f.screening = req.Query("screening").value_or("");
    f.slot = req.Query("slot").value_or("");
    f.q = req.Query("q").value_or("");
    ASTA_ASSIGN_OR_RETURN(f.after_id, QueryInt(req, "cursor", 0));
    ASTA_ASSIGN_OR_RETURN(std::int64_t limit, QueryInt(req, "limit", 100));
    f.limit = static_cast<int>(std::clamp<std::int64_t>(limit, 1, 1000));
    return f;
  };
  r.push_back(RouteSpec{
      Method::kGet, "/api/v1/calls/{id}/proposals", Permission::kProposalsOversee,
      "A call's proposals with eligibility, screening and budget totals per funder", kTag, Json(),
      Json(), true, [s, oversee, filter_of](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(Call call, oversee(req));
        ASTA_ASSIGN_OR_RETURN(ProposalFilter f, filter_of(req));
        ASTA_ASSIGN_OR_RETURN(auto list, s->CallProposals(call.id, f));
        std::string next;
        if (static_cast<int>(list.size()) > f.limit) {
          list.resize(f.limit);
          next = std::to_string(list.back().id);
        }
        Json items = Json::array();
        for (const auto& p : list) items.push_back(p.Summary(true));
        Json out = Items(std::move(items), next);
        ASTA_ASSIGN_OR_RETURN(auto totals, s->CallTotals(call.id));
        Json t = Json::array();
        for (const auto& x : totals) t.push_back(x.ToJson());
        out["totals"] = std::move(t);
        return ApiResponse::Ok(out, false);
      }});
  r.push_back(RouteSpec{
      Method::kGet, "/api/v1/calls/{id}/proposals/export", Permission::kProposalsOversee,
      "A call's proposals as CSV or XLSX (format=csv|xlsx)", kTag, Json(), Json(), false,
      [s, oversee, filter_of](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(Call call, oversee(req));
        ASTA_ASSIGN_OR_RETURN(ProposalFilter f, filter_of(req));
        f.limit = 20000;
        const std::string format = req.Query("format").value_or("csv");
        ASTA_ASSIGN_OR_RETURN(auto list, s->CallProposals(call.id, f));
        const std::string base = "call-" + std::to_string(call.id) + "-proposals";
        if (format == "csv") {
          return Download(ProposalsCsv(call, list), "text/csv; charset=utf-8", base + ".csv");
        }
        if (format == "xlsx") {
          ASTA_ASSIGN_OR_RETURN(std::string bytes, ProposalsXlsx(call, list));
          return Download(bytes,
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          base + ".xlsx");
        }
        return InvalidArgument("format: must be csv or xlsx", "format");
      }});

  // ---- proposals ----
  r.push_back(
      RouteSpec{Method::kPost, "/api/v1/calls/{id}/proposals", Permission::kProposalWrite,
                "Start a proposal to a call (the caller owns it)", kTag, Json(), Json(), false,
                [s](const ApiRequest& req) -> Result<ApiResponse> {
                  ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                  ASTA_ASSIGN_OR_RETURN(Json content, ContentOf(req.body));
                  ASTA_ASSIGN_OR_RETURN(Proposal p, s->CreateProposal(ActorOf(req), id, content));
                  return ApiResponse::Created(p.ToJson(false));
                },
                201});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/proposals", Permission::kProposalWrite,
                        "The caller's own proposals", kTag, Json(), Json(), false,
                        [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto list, s->ProposalsOf(req.principal->user_id));
                          Json items = Json::array();
                          for (const auto& p : list) items.push_back(p.Summary(false));
                          return ApiResponse::Ok(Items(std::move(items)), false);
                        }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/proposals/{id}", Permission::kProposalRead,
                        "One proposal (screening results for officers only)", kTag, Json(), Json(),
                        false, [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Access a, ReadAccess(*s, req, id));
                          return ApiResponse::Ok(a.proposal.ToJson(a.officer), false);
                        }});
  r.push_back(RouteSpec{Method::kPut, "/api/v1/proposals/{id}", Permission::kProposalWrite,
                        "Save a draft (a new version; eligibility checked again)", kTag, Json(),
                        Json(), false, [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Proposal p, OwnedDraft(*s, req, id));
                          (void)p;
                          ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
                          ASTA_ASSIGN_OR_RETURN(Json content, ContentOf(req.body));
                          ASTA_ASSIGN_OR_RETURN(
                              Proposal after,
                              s->UpdateProposal(ActorOf(req), id, content, version));
                          return ApiResponse::Ok(after.ToJson(false), false);
                        }});
  r.push_back(RouteSpec{Method::kPost, "/api/v1/proposals/{id}/check", Permission::kProposalRead,
                        "Eligibility of unsaved edits ({content}) or of the stored draft", kTag,
                        Json(), Json(), false, [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Access a, ReadAccess(*s, req, id));
                          if (req.body.is_object()) {
                            for (const auto& [k, v] : req.body.items()) {
                              if (k != "content") return InvalidArgument(k + ": unknown field", k);
                            }
                          }
                          if (req.body.is_object() && req.body.contains("content")) {
                            ASTA_ASSIGN_OR_RETURN(Json content, ContentOf(req.body["content"]));
                            auto check = s->CheckContent(a.call, content);
                            if (!check) {
                              Error e = check.error();
                              e.field = "content." + e.field;
                              e.message = "content." + e.message;
                              return tl::unexpected(e);
                            }
                            // Attachments already uploaded count for the form's requirements.
                            Json out = *check;
                            Json problems = Json::array();
                            for (const auto& fp :
                                 FormProblems(a.call, content, a.proposal.attachments)) {
                              problems.push_back({{"field", fp.field},
                                                  {"message_en", fp.message_en},
                                                  {"message_ja", fp.message_ja}});
                            }
                            out["form_errors"] = problems;
                            return ApiResponse::Ok(out, false);
                          }
                          return ApiResponse::Ok(a.proposal.check, false);
                        }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/proposals/{id}/attachments", Permission::kProposalWrite,
      "Attach a file (base64) to a draft: type- and size-checked, SHA-256, virus scan", kTag,
      Json(), Json(), false,
      [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Proposal p, OwnedDraft(*s, req, id));
        (void)p;
        const Json& b = req.body;
        if (!b.is_object()) return InvalidArgument("body: must be a JSON object", "body");
        for (const auto& [k, v] : b.items()) {
          if (k != "key" && k != "filename" && k != "content_type" && k != "content_base64") {
            return InvalidArgument(k + ": unknown field", k);
          }
          if (!v.is_string()) return InvalidArgument(k + ": must be a string", k);
        }
        AttachmentInput in;
        in.key = b.value("key", std::string());
        if (in.key.empty()) return InvalidArgument("key: required", "key");
        in.filename = b.value("filename", std::string());
        in.content_type = b.value("content_type", std::string());
        if (in.content_type.empty())
          return InvalidArgument("content_type: required", "content_type");
        auto bytes = Base64Decode(b.value("content_base64", std::string()));
        if (!bytes) return InvalidArgument("content_base64: not valid base64", "content_base64");
        in.bytes = std::move(*bytes);
        ASTA_ASSIGN_OR_RETURN(Attachment a, s->AddAttachment(ActorOf(req), id, std::move(in)));
        return ApiResponse::Created(a.ToJson());
      },
      201});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/proposals/{id}/attachments/{aid}",
                        Permission::kProposalRead,
                        "Download an attachment (its owner and the call's officers)", kTag, Json(),
                        Json(), false, [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(std::int64_t aid, req.PathId("aid"));
                          ASTA_ASSIGN_OR_RETURN(Access a, ReadAccess(*s, req, id));
                          (void)a;
                          return AttachmentDownload(*s, id, aid);
                        }});
  r.push_back(RouteSpec{Method::kDelete, "/api/v1/proposals/{id}/attachments/{aid}",
                        Permission::kProposalWrite, "Remove an attachment from a draft", kTag,
                        Json(), Json(), false, [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(std::int64_t aid, req.PathId("aid"));
                          ASTA_ASSIGN_OR_RETURN(Proposal p, OwnedDraft(*s, req, id));
                          (void)p;
                          ASTA_RETURN_IF_ERROR(s->DeleteAttachment(ActorOf(req), id, aid));
                          return ApiResponse::NoContent();
                        }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/proposals/{id}/submit", Permission::kProposalWrite,
      "Submit: deadline by the server clock, eligibility, screening; returns a receipt", kTag,
      Json(), Json(), false, [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Proposal p, OwnedDraft(*s, req, id));
        (void)p;
        std::string zone;
        if (req.body.is_object()) {
          for (const auto& [k, v] : req.body.items()) {
            if (k != "version" && k != "time_zone")
              return InvalidArgument(k + ": unknown field", k);
          }
          if (req.body.contains("time_zone")) {
            if (!req.body["time_zone"].is_string()) {
              return InvalidArgument("time_zone: must be an IANA zone name", "time_zone");
            }
            zone = req.body["time_zone"].get<std::string>();
          }
        }
        ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
        ASTA_ASSIGN_OR_RETURN(auto done, s->Submit(ActorOf(req), id, version, zone));
        return ApiResponse::Ok(
            Json{{"proposal", done.first.ToJson(false)}, {"receipt", done.second.ToJson()}}, false);
      }});
  r.push_back(RouteSpec{
      Method::kPost, "/api/v1/proposals/{id}/invite", Permission::kProposalsOversee,
      "Two-stage calls: invite a submitted pre-proposal to the full proposal", kTag, Json(), Json(),
      false, [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Proposal p, s->GetProposal(id));
        ASTA_ASSIGN_OR_RETURN(Call call, s->GetCall(p.call_id));
        // Not found for those who may not see the proposal at all.
        if (!api::Authorize(req.principal, Permission::kProposalsOversee, CallScope(call))) {
          return NotFound("no proposal " + std::to_string(id));
        }
        ASTA_ASSIGN_OR_RETURN(Proposal after, s->Invite(ActorOf(req), id));
        return ApiResponse::Ok(after.ToJson(true), false);
      }});
  r.push_back(RouteSpec{Method::kPost, "/api/v1/proposals/{id}/withdraw",
                        Permission::kProposalWrite, "Withdraw a proposal", kTag, Json(), Json(),
                        false, [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Proposal p, OwnedDraft(*s, req, id));
                          (void)p;
                          ASTA_ASSIGN_OR_RETURN(auto version, VersionOf(req.body));
                          ASTA_ASSIGN_OR_RETURN(Proposal after,
                                                s->Withdraw(ActorOf(req), id, version));
                          return ApiResponse::Ok(after.ToJson(false), false);
                        }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/proposals/{id}/versions", Permission::kProposalRead,
                        "A proposal's saved versions", kTag, Json(), Json(), false,
                        [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Access a, ReadAccess(*s, req, id));
                          (void)a;
                          ASTA_ASSIGN_OR_RETURN(auto list, s->Versions(id));
                          Json items = Json::array();
                          for (const auto& v : list) items.push_back(v.ToJson(false));
                          return ApiResponse::Ok(Items(std::move(items)), false);
                        }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/proposals/{id}/versions/{n}",
                        Permission::kProposalRead, "One saved version (frozen once submitted)",
                        kTag, Json(), Json(), false,
                        [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(std::int64_t n, req.PathId("n"));
                          ASTA_ASSIGN_OR_RETURN(Access a, ReadAccess(*s, req, id));
                          (void)a;
                          ASTA_ASSIGN_OR_RETURN(VersionInfo v, s->GetVersion(id, n));
                          return ApiResponse::Ok(v.ToJson(true));
                        }});
  r.push_back(RouteSpec{Method::kGet, "/api/v1/proposals/{id}/receipts", Permission::kProposalRead,
                        "Submission receipts", kTag, Json(), Json(), false,
                        [s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Access a, ReadAccess(*s, req, id));
                          (void)a;
                          ASTA_ASSIGN_OR_RETURN(auto list, s->Receipts(id));
                          Json items = Json::array();
                          for (const auto& x : list) items.push_back(x.ToJson());
                          return ApiResponse::Ok(Items(std::move(items)), false);
                        }});
  return r;
}

}  // namespace asta::programmes
