// HTTP routes of the compliance module (docs/compliance.md), described as RouteSpecs.
#include <array>
#include <cmath>

#include "core/text.h"
#include "modules/accounts/accounts.h"
#include "modules/compliance/compliance.h"

namespace asta::compliance {
namespace {

using api::ApiRequest;
using api::ApiResponse;
using api::Method;
using api::Permission;
using api::RouteSpec;

constexpr char kPrefix[] = "/api/v1/compliance";
constexpr char kTag[] = "compliance";
// Decoded upload limit. The server's body limit (max_body_bytes, 1 MiB by default)
// applies first: raise it to upload large lists, or use `asta lists import`.
constexpr size_t kMaxListBytes = 20u << 20;
constexpr size_t kMaxBatch = 1000;

Result<std::string> DecodeBase64(std::string_view text, const std::string& field) {
  static const auto table = [] {
    std::array<int, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = i;
    t['-'] = 62;  // base64url too
    t['_'] = 63;
    return t;
  }();
  std::string out;
  out.reserve(text.size() / 4 * 3);
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

// Takes a numeric field out of `body` (so that BodyReader does not see it).
Result<std::optional<double>> TakeNumber(Json& body, const std::string& name) {
  if (!body.is_object() || !body.contains(name) || body[name].is_null()) {
    if (body.is_object()) body.erase(name);
    return std::optional<double>();
  }
  if (!body[name].is_number()) return InvalidArgument("must be a number", name);
  double v = body[name].get<double>();
  body.erase(name);
  if (!std::isfinite(v)) return InvalidArgument("must be a finite number", name);
  return std::optional<double>(v);
}

Result<std::vector<std::string>> TakeStrings(Json& body, const std::string& name, size_t max_items,
                                             size_t max_chars) {
  std::vector<std::string> out;
  if (!body.is_object() || !body.contains(name) || body[name].is_null()) {
    if (body.is_object()) body.erase(name);
    return out;
  }
  const Json& v = body[name];
  if (!v.is_array()) return InvalidArgument("must be an array of strings", name);
  if (v.size() > max_items) {
    return InvalidArgument("must hold at most " + std::to_string(max_items) + " items", name);
  }
  for (const auto& item : v) {
    if (!item.is_string()) return InvalidArgument("must be an array of strings", name);
    ASTA_ASSIGN_OR_RETURN(std::string s, ValidateText(item.get<std::string>(), name, max_chars));
    out.push_back(std::move(s));
  }
  body.erase(name);
  return out;
}

Result<ScreenOptions> ReadScreenOptions(Json& body) {
  ScreenOptions options;
  ASTA_ASSIGN_OR_RETURN(auto top, TakeNumber(body, "top"));
  if (top) {
    if (*top != std::floor(*top) || *top < 1 || *top > 100) {
      return InvalidArgument("must be an integer from 1 to 100", "top");
    }
    options.top = static_cast<int>(*top);
  }
  ASTA_ASSIGN_OR_RETURN(auto threshold, TakeNumber(body, "threshold"));
  if (threshold && (*threshold < 0 || *threshold > 1)) {
    return InvalidArgument("must be a number from 0 to 1", "threshold");
  }
  options.threshold = threshold;
  return options;
}

Json MatchesJson(const std::vector<ScreenMatch>& matches) {
  Json a = Json::array();
  for (const auto& m : matches) a.push_back(m.ToJson());
  return a;
}

template <class T>
Json ItemsJson(const std::vector<T>& items) {
  Json a = Json::array();
  for (const auto& i : items) a.push_back(i.ToJson());
  return a;
}

Json SubjectWithHits(ComplianceService& s, const Subject& subject, const std::vector<Hit>& hits) {
  Json j = subject.ToJson();
  j["hits"] = ItemsJson(hits);
  (void)s;
  return j;
}

// Schemas for the OpenAPI document.
Json ExplanationSchema() {
  return api::SchemaObject(
      {{"query_reading", api::SchemaString()},
       {"candidate_reading", api::SchemaString()},
       {"parts", api::SchemaArray(api::SchemaObject({{"query_part", api::SchemaString()},
                                                     {"candidate_part", api::SchemaString()},
                                                     {"how", api::SchemaString()},
                                                     {"similarity", Json{{"type", "number"}}},
                                                     {"weight", Json{{"type", "number"}}}}))}});
}

Json MatchSchema() {
  return api::SchemaObject({{"list", api::SchemaString()},
                            {"entity_id", api::SchemaString()},
                            {"matched_name", api::SchemaString()},
                            {"score", Json{{"type", "number"}}},
                            {"alert", api::SchemaBoolean()},
                            {"explanation", ExplanationSchema()}});
}

Json SubjectSchema() {
  return api::SchemaObject({{"id", api::SchemaInteger()},
                            {"kind", api::SchemaString()},
                            {"name", api::SchemaString(300)},
                            {"other_names", api::SchemaArray(api::SchemaString(300))},
                            {"country", Json{{"type", "string"}, {"nullable", true}}},
                            {"source", api::SchemaString()},
                            {"status", api::SchemaString()},
                            {"open_hits", api::SchemaInteger()},
                            {"screened_at", Json{{"type", "string"}, {"nullable", true}}}});
}

Json HitSchema() {
  return api::SchemaObject({{"id", api::SchemaInteger()},
                            {"subject", api::SchemaObject({{"id", api::SchemaInteger()},
                                                           {"kind", api::SchemaString()},
                                                           {"name", api::SchemaString()},
                                                           {"country", api::SchemaString()},
                                                           {"source", api::SchemaString()}})},
                            {"list", api::SchemaString()},
                            {"entity_id", api::SchemaString()},
                            {"matched_name", api::SchemaString()},
                            {"score", Json{{"type", "number"}}},
                            {"explanation", ExplanationSchema()},
                            {"status", api::SchemaString()},
                            {"reason", Json{{"type", "string"}, {"nullable", true}}},
                            {"decided_by", Json{{"type", "string"}, {"nullable", true}}},
                            {"decided_at", Json{{"type", "string"}, {"nullable", true}}},
                            {"created_at", api::SchemaString(0, "date-time")}});
}

Json CategorySchema() {
  return api::SchemaObject({{"code", api::SchemaString(32)},
                            {"title_en", api::SchemaString(300)},
                            {"title_ja", api::SchemaString(300)},
                            {"terms_en", api::SchemaArray(api::SchemaString(100))},
                            {"terms_ja", api::SchemaArray(api::SchemaString(100))}});
}

Json RequestSchema() {
  return api::SchemaObject({{"id", api::SchemaInteger()},
                            {"provider", api::SchemaObject({{"id", api::SchemaInteger()},
                                                            {"name", api::SchemaString()}})},
                            {"title", api::SchemaString(300)},
                            {"description", api::SchemaString(20000)},
                            {"project", api::SchemaString(300)},
                            {"recipient", SubjectSchema()},
                            {"suggested_categories", api::SchemaArray(Json::object())},
                            {"category_code", Json{{"type", "string"}, {"nullable", true}}},
                            {"status", api::SchemaString()},
                            {"licence_number", Json{{"type", "string"}, {"nullable", true}}},
                            {"conditions", Json{{"type", "string"}, {"nullable", true}}},
                            {"expires_on", Json{{"type", "string"}, {"nullable", true}}},
                            {"reason", Json{{"type", "string"}, {"nullable", true}}},
                            {"decided_by", Json{{"type", "string"}, {"nullable", true}}},
                            {"decided_at", Json{{"type", "string"}, {"nullable", true}}},
                            {"created_at", api::SchemaString(0, "date-time")},
                            {"updated_at", api::SchemaString(0, "date-time")}});
}

Result<std::int64_t> PathVersion(const ApiRequest& req) { return req.PathId("version"); }

bool MayReadHits(const ApiRequest& req) {
  return api::Authorize(req.principal, Permission::kHitsRead).has_value();
}

}  // namespace

std::vector<RouteSpec> ComplianceRoutes(ComplianceService& s) {
  std::vector<RouteSpec> r;
  const std::string p = kPrefix;

  r.push_back(RouteSpec{Method::kGet, p + "/lists", Permission::kListsRead,
                        "Restricted-party lists with their current version", kTag, nullptr,
                        api::SchemaObject({{"items", api::SchemaArray(Json::object())}}), false,
                        [&s](const ApiRequest&) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto lists, s.Lists());
                          return ApiResponse::Ok(Json{{"items", ItemsJson(lists)}});
                        }});

  r.push_back(RouteSpec{
      Method::kPost, p + "/lists/{name}/versions", Permission::kListsManage,
      "Import a new version of a list (the whole file, base64)", kTag,
      api::SchemaObject(
          {{"format", api::SchemaString(20)}, {"content_base64", api::SchemaString(0, "byte")}},
          {"format", "content_base64"}),
      api::SchemaObject({{"name", api::SchemaString()},
                         {"version", api::SchemaInteger()},
                         {"entities", api::SchemaInteger()},
                         {"names", api::SchemaInteger()},
                         {"added", api::SchemaInteger()},
                         {"changed", api::SchemaInteger()},
                         {"removed", api::SchemaInteger()}}),
      false,
      [&s](const ApiRequest& req) -> Result<ApiResponse> {
        const std::string name = req.path_params.at("name");
        Json body = req.body.is_null() ? Json::object() : req.body;
        if (!body.is_object()) return InvalidArgument("must be a JSON object", "body");
        // The content is taken out before BodyReader, which rejects line breaks that
        // MIME-style base64 may hold.
        std::string encoded;
        if (!body.contains("content_base64") || body["content_base64"].is_null()) {
          return InvalidArgument("is required", "content_base64");
        }
        if (!body["content_base64"].is_string()) {
          return InvalidArgument("must be a string", "content_base64");
        }
        encoded = body["content_base64"].get<std::string>();
        body.erase("content_base64");
        api::BodyReader b(body);
        ASTA_ASSIGN_OR_RETURN(auto format_name, b.RequiredString("format", 20));
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(ListFormat format, ParseListFormat(format_name, "format"));
        if (encoded.size() / 4 * 3 > kMaxListBytes + 3) {
          return InvalidArgument(
              "must decode to at most 20 MiB; use `asta lists import` for "
              "larger files",
              "content_base64");
        }
        ASTA_ASSIGN_OR_RETURN(std::string bytes, DecodeBase64(encoded, "content_base64"));
        if (bytes.empty()) return InvalidArgument("must not be empty", "content_base64");
        ASTA_ASSIGN_OR_RETURN(
            auto report, s.ImportListBytes(accounts::ActorOf(*req.principal), name, format, bytes));
        return ApiResponse::Created(report.ToJson());
      },
      201});

  r.push_back(RouteSpec{
      Method::kGet, p + "/lists/{name}/versions", Permission::kListsRead,
      "Versions of a list with their diff counts", kTag, nullptr, api::SchemaPage(Json::object()),
      true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
        ASTA_ASSIGN_OR_RETURN(auto versions,
                              s.Versions(req.path_params.at("name"), page.after_id, page.limit));
        return ApiResponse::Ok(api::PageBody(ItemsJson(versions), page, "version"));
      }});

  r.push_back(
      RouteSpec{Method::kGet, p + "/lists/{name}/versions/{version}/diff", Permission::kListsRead,
                "Entities added, changed and removed by a version", kTag, nullptr,
                api::SchemaObject({{"added", api::SchemaArray(Json::object())},
                                   {"changed", api::SchemaArray(Json::object())},
                                   {"removed", api::SchemaArray(Json::object())}}),
                false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                  ASTA_ASSIGN_OR_RETURN(auto version, PathVersion(req));
                  ASTA_ASSIGN_OR_RETURN(auto diff, s.Diff(req.path_params.at("name"), version));
                  return ApiResponse::Ok(diff.ToJson());
                }});

  r.push_back(RouteSpec{
      Method::kGet, p + "/lists/{name}/entities", Permission::kListsRead,
      "Entities of the current version; q filters by name", kTag, nullptr,
      api::SchemaPage(api::SchemaObject({{"entity_id", api::SchemaString()},
                                         {"kind", api::SchemaString()},
                                         {"names", api::SchemaArray(api::SchemaString())},
                                         {"countries", api::SchemaArray(api::SchemaString())},
                                         {"programme", api::SchemaString()}})),
      true, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
        std::string q = req.Query("q").value_or("");
        if (q.size() > 200) return InvalidArgument("must be at most 200 characters", "q");
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              s.Entities(req.path_params.at("name"), q, page.after_id, page.limit));
        return ApiResponse::Ok(api::PageBody(ItemsJson(rows), page));
      }});

  r.push_back(RouteSpec{Method::kPost, p + "/screen", Permission::kScreen,
                        "Screen one name against the current lists", kTag,
                        api::SchemaObject({{"name", api::SchemaString(300)},
                                           {"kind", api::SchemaString()},
                                           {"country", api::SchemaString(2)},
                                           {"top", api::SchemaInteger()},
                                           {"threshold", Json{{"type", "number"}}}},
                                          {"name"}),
                        api::SchemaObject({{"threshold", Json{{"type", "number"}}},
                                           {"results", api::SchemaArray(MatchSchema())}}),
                        false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          Json body = req.body.is_null() ? Json::object() : req.body;
                          if (!body.is_object())
                            return InvalidArgument("must be a JSON object", "body");
                          ASTA_ASSIGN_OR_RETURN(ScreenOptions options, ReadScreenOptions(body));
                          api::BodyReader b(body);
                          ScreenQuery q;
                          ASTA_ASSIGN_OR_RETURN(q.name, b.RequiredString("name", 300));
                          ASTA_ASSIGN_OR_RETURN(auto kind, b.OptionalString("kind", 20));
                          ASTA_ASSIGN_OR_RETURN(auto country, b.OptionalString("country", 2));
                          ASTA_RETURN_IF_ERROR(b.Finish());
                          q.kind = kind.value_or("");
                          q.country = country.value_or("");
                          ASTA_ASSIGN_OR_RETURN(auto results, s.Screen(q, options));
                          double threshold = options.threshold.value_or(names::DefaultThreshold());
                          return ApiResponse::Ok(
                              Json{{"threshold", threshold}, {"results", MatchesJson(results)}},
                              false);
                        }});

  r.push_back(RouteSpec{
      Method::kPost, p + "/screen/batch", Permission::kScreen, "Screen up to 1000 names at once",
      kTag,
      api::SchemaObject(
          {{"queries", api::SchemaArray(api::SchemaObject({{"id", api::SchemaString(100)},
                                                           {"name", api::SchemaString(300)},
                                                           {"kind", api::SchemaString()},
                                                           {"country", api::SchemaString(2)}},
                                                          {"id", "name"}))},
           {"top", api::SchemaInteger()},
           {"threshold", Json{{"type", "number"}}}},
          {"queries"}),
      api::SchemaObject({{"results", api::SchemaArray(api::SchemaObject(
                                         {{"id", api::SchemaString()},
                                          {"matches", api::SchemaArray(MatchSchema())}}))}}),
      false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        Json body = req.body.is_null() ? Json::object() : req.body;
        if (!body.is_object()) return InvalidArgument("must be a JSON object", "body");
        ASTA_ASSIGN_OR_RETURN(ScreenOptions options, ReadScreenOptions(body));
        if (!body.contains("queries") || body["queries"].is_null()) {
          return InvalidArgument("is required", "queries");
        }
        if (!body["queries"].is_array()) {
          return InvalidArgument("must be an array of objects", "queries");
        }
        const Json& list = body["queries"];
        if (list.size() > kMaxBatch) {
          return InvalidArgument("must hold at most 1000 queries", "queries");
        }
        std::vector<ScreenQuery> queries;
        for (size_t i = 0; i < list.size(); ++i) {
          const std::string at = "queries[" + std::to_string(i) + "]";
          if (!list[i].is_object()) return InvalidArgument("must be an object", at);
          api::BodyReader b(list[i]);
          ScreenQuery q;
          auto field = [&](const Error& e) {
            Error out = e;
            out.field = at + "." + e.field;
            return tl::unexpected(out);
          };
          auto id = b.RequiredString("id", 100);
          if (!id) return field(id.error());
          auto name = b.RequiredString("name", 300);
          if (!name) return field(name.error());
          auto kind = b.OptionalString("kind", 20);
          if (!kind) return field(kind.error());
          auto country = b.OptionalString("country", 2);
          if (!country) return field(country.error());
          if (auto f = b.Finish(); !f) return field(f.error());
          q.id = *id;
          q.name = *name;
          q.kind = kind->value_or("");
          q.country = country->value_or("");
          queries.push_back(std::move(q));
        }
        body.erase("queries");
        ASTA_RETURN_IF_ERROR(api::BodyReader(body).Finish());
        ASTA_ASSIGN_OR_RETURN(auto results, s.ScreenBatch(queries, options, 2));
        Json out = Json::array();
        for (size_t i = 0; i < queries.size(); ++i) {
          out.push_back(Json{{"id", queries[i].id}, {"matches", MatchesJson(results[i])}});
        }
        return ApiResponse::Ok(Json{{"results", out}}, false);
      }});

  r.push_back(RouteSpec{
      Method::kGet, p + "/subjects", Permission::kScreen, "People and organisations asta screens",
      kTag, nullptr, api::SchemaPage(SubjectSchema()), true,
      [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
        ASTA_ASSIGN_OR_RETURN(auto items, s.ListSubjects(page.after_id, page.limit));
        return ApiResponse::Ok(api::PageBody(ItemsJson(items), page));
      }});

  r.push_back(
      RouteSpec{Method::kPost, p + "/subjects", Permission::kScreen,
                "Register a party (a foreign person or organisation); it is screened at once", kTag,
                api::SchemaObject({{"kind", api::SchemaString()},
                                   {"name", api::SchemaString(300)},
                                   {"other_names", api::SchemaArray(api::SchemaString(300))},
                                   {"country", api::SchemaString(2)}},
                                  {"kind", "name"}),
                SubjectSchema(), false,
                [&s](const ApiRequest& req) -> Result<ApiResponse> {
                  Json body = req.body.is_null() ? Json::object() : req.body;
                  if (!body.is_object()) return InvalidArgument("must be a JSON object", "body");
                  SubjectInput in;
                  ASTA_ASSIGN_OR_RETURN(in.other_names, TakeStrings(body, "other_names", 20, 300));
                  api::BodyReader b(body);
                  ASTA_ASSIGN_OR_RETURN(in.kind, b.RequiredString("kind", 20));
                  ASTA_ASSIGN_OR_RETURN(in.name, b.RequiredString("name", 300));
                  ASTA_ASSIGN_OR_RETURN(auto country, b.OptionalString("country", 2));
                  ASTA_RETURN_IF_ERROR(b.Finish());
                  in.country = country.value_or("");
                  ASTA_ASSIGN_OR_RETURN(Subject subject,
                                        s.RegisterParty(accounts::ActorOf(*req.principal), in));
                  ASTA_ASSIGN_OR_RETURN(auto hits, s.HitsOfSubject(subject.id));
                  return ApiResponse::Created(SubjectWithHits(s, subject, hits));
                },
                201});

  r.push_back(RouteSpec{Method::kGet, p + "/subjects/{id}", Permission::kScreen,
                        "One subject with its hits", kTag, nullptr, SubjectSchema(), false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Subject subject, s.GetSubject(id));
                          ASTA_ASSIGN_OR_RETURN(auto hits, s.HitsOfSubject(id));
                          return ApiResponse::Ok(SubjectWithHits(s, subject, hits));
                        }});

  r.push_back(
      RouteSpec{Method::kGet, p + "/hits", Permission::kHitsRead, "The hit queue; status filters",
                kTag, nullptr, api::SchemaPage(HitSchema()), true,
                [&s](const ApiRequest& req) -> Result<ApiResponse> {
                  ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
                  std::string status = req.Query("status").value_or("");
                  ASTA_ASSIGN_OR_RETURN(auto hits, s.ListHits(status, page.after_id, page.limit));
                  return ApiResponse::Ok(api::PageBody(ItemsJson(hits), page));
                }});

  r.push_back(RouteSpec{Method::kGet, p + "/hits/{id}", Permission::kHitsRead, "One hit", kTag,
                        nullptr, HitSchema(), false,
                        [&s](const ApiRequest& req) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
                          ASTA_ASSIGN_OR_RETURN(Hit hit, s.GetHit(id));
                          return ApiResponse::Ok(hit.ToJson());
                        }});

  r.push_back(RouteSpec{
      Method::kPost, p + "/hits/{id}/decision", Permission::kHitsDecide,
      "Decide a hit: true match or false positive, with a reason", kTag,
      api::SchemaObject(
          {{"status", Json{{"type", "string"}, {"enum", {"true_match", "false_positive"}}}},
           {"reason", api::SchemaString(2000)}},
          {"status", "reason"}),
      HitSchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
        api::BodyReader b(req.body);
        ASTA_ASSIGN_OR_RETURN(auto status, b.RequiredString("status", 20));
        ASTA_ASSIGN_OR_RETURN(auto reason, b.RequiredString("reason", 2000));
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(Hit hit,
                              s.DecideHit(accounts::ActorOf(*req.principal), id, status, reason));
        return ApiResponse::Ok(hit.ToJson(), false);
      }});

  r.push_back(RouteSpec{Method::kGet, p + "/control-categories", Permission::kAuthenticated,
                        "The control-list category table", kTag, nullptr,
                        api::SchemaObject({{"items", api::SchemaArray(CategorySchema())}}), false,
                        [&s](const ApiRequest&) -> Result<ApiResponse> {
                          ASTA_ASSIGN_OR_RETURN(auto items, s.Categories());
                          return ApiResponse::Ok(Json{{"items", ItemsJson(items)}});
                        }});

  r.push_back(RouteSpec{
      Method::kPut, p + "/control-categories/{code}", Permission::kControlCategoriesWrite,
      "Create or replace a control category", kTag,
      api::SchemaObject({{"title_en", api::SchemaString(300)},
                         {"title_ja", api::SchemaString(300)},
                         {"terms_en", api::SchemaArray(api::SchemaString(100))},
                         {"terms_ja", api::SchemaArray(api::SchemaString(100))}},
                        {"title_en", "title_ja"}),
      CategorySchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        Json body = req.body.is_null() ? Json::object() : req.body;
        if (!body.is_object()) return InvalidArgument("must be a JSON object", "body");
        ControlCategory c;
        c.code = req.path_params.at("code");
        ASTA_ASSIGN_OR_RETURN(c.terms_en, TakeStrings(body, "terms_en", 200, 100));
        ASTA_ASSIGN_OR_RETURN(c.terms_ja, TakeStrings(body, "terms_ja", 200, 100));
        api::BodyReader b(body);
        ASTA_ASSIGN_OR_RETURN(c.title_en, b.RequiredString("title_en", 300));
        ASTA_ASSIGN_OR_RETURN(c.title_ja, b.RequiredString("title_ja", 300));
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(auto saved, s.PutCategory(accounts::ActorOf(*req.principal), c));
        return ApiResponse::Ok(saved.ToJson(), false);
      }});

  r.push_back(
      RouteSpec{Method::kPost, p + "/classify", Permission::kAuthenticated,
                "Suggest control categories for a technology description", kTag,
                api::SchemaObject({{"description", api::SchemaString(20000)}}, {"description"}),
                api::SchemaObject(
                    {{"items", api::SchemaArray(api::SchemaObject(
                                   {{"code", api::SchemaString()},
                                    {"title_en", api::SchemaString()},
                                    {"title_ja", api::SchemaString()},
                                    {"score", Json{{"type", "number"}}},
                                    {"matched_terms", api::SchemaArray(api::SchemaString())}}))}}),
                false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
                  api::BodyReader b(req.body);
                  ASTA_ASSIGN_OR_RETURN(auto description, b.RequiredString("description", 20000));
                  ASTA_RETURN_IF_ERROR(b.Finish());
                  ASTA_ASSIGN_OR_RETURN(auto items, s.Classify(description));
                  return ApiResponse::Ok(Json{{"items", ItemsJson(items)}}, false);
                }});

  auto list_requests = [&s](const ApiRequest& req, std::int64_t provider) -> Result<ApiResponse> {
    ASTA_ASSIGN_OR_RETURN(auto page, api::ParsePage(req));
    std::string status = req.Query("status").value_or("");
    ASTA_ASSIGN_OR_RETURN(auto items,
                          s.ListTechRequests(status, provider, page.after_id, page.limit));
    Json a = Json::array();
    for (const auto& t : items) a.push_back(t.ToJson(false));
    return ApiResponse::Ok(api::PageBody(a, page));
  };

  r.push_back(RouteSpec{Method::kGet, p + "/tech-requests", Permission::kTechRequestsList,
                        "Every technology-provision request; status filters", kTag, nullptr,
                        api::SchemaPage(RequestSchema()), true,
                        [list_requests](const ApiRequest& req) -> Result<ApiResponse> {
                          return list_requests(req, 0);
                        }});

  r.push_back(RouteSpec{Method::kGet, p + "/tech-requests/mine", Permission::kAuthenticated,
                        "The caller's own technology-provision requests", kTag, nullptr,
                        api::SchemaPage(RequestSchema()), true,
                        [list_requests](const ApiRequest& req) -> Result<ApiResponse> {
                          return list_requests(req, req.principal->user_id);
                        }});

  r
      .push_back(RouteSpec{Method::kPost, p + "/tech-requests", Permission::kTechRequestCreate,
                           "File a technology-provision request; the recipient is screened at once",
                           kTag,
                           api::SchemaObject(
                               {{"title", api::SchemaString(300)},
                                {"description", api::SchemaString(20000)},
                                {"project", api::SchemaString(300)},
                                {"recipient", api::SchemaObject(
                                                  {{"kind", api::SchemaString()},
                                                   {"name", api::SchemaString(300)},
                                                   {"other_names",
                                                    api::SchemaArray(api::SchemaString(300))},
                                                   {"country", api::SchemaString(2)}},
                                                  {"kind", "name", "country"})}},
                               {"title", "description", "recipient"}),
                           RequestSchema(), false,
                           [&s](const ApiRequest& req) -> Result<ApiResponse> {
                             Json body = req.body.is_null() ? Json::object() : req.body;
                             if (!body.is_object())
                               return InvalidArgument("must be a JSON object", "body");
                             NewTechRequest in;
                             if (!body.contains("recipient") || body["recipient"].is_null()) {
                               return InvalidArgument("is required", "recipient");
                             }
                             if (!body["recipient"].is_object())
                               return InvalidArgument("must be an object", "recipient");
                             Json recipient = body["recipient"];
                             body.erase("recipient");
                             api::BodyReader b(body);
                             ASTA_ASSIGN_OR_RETURN(in.title, b.RequiredString("title", 300));
                             ASTA_ASSIGN_OR_RETURN(in.description,
                                                   b.RequiredString("description", 20000));
                             ASTA_ASSIGN_OR_RETURN(auto project, b.OptionalString("project", 300));
                             ASTA_RETURN_IF_ERROR(b.Finish());
                             in.project = project.value_or("");
                             auto prefixed = [](const Error& e) {
                               Error out = e;
                               out.field = "recipient." + e.field;
                               return tl::unexpected(out);
                             };
                             auto others = TakeStrings(recipient, "other_names", 20, 300);
                             if (!others) return prefixed(others.error());
                             in.recipient.other_names = *others;
                             api::BodyReader rb(recipient);
                             auto kind = rb.RequiredString("kind", 20);
                             if (!kind) return prefixed(kind.error());
                             auto name = rb.RequiredString("name", 300);
                             if (!name) return prefixed(name.error());
                             auto country = rb.RequiredString("country", 2);
                             if (!country) return prefixed(country.error());
                             if (auto f = rb.Finish(); !f) return prefixed(f.error());
                             in.recipient.kind = *kind;
                             in.recipient.name = *name;
                             in.recipient.country = *country;
                             ASTA_ASSIGN_OR_RETURN(
                                 TechRequest created,
                                 s.CreateTechRequest(accounts::ActorOf(*req.principal),
                                                     req.principal->user_id, in));
                             return ApiResponse::Created(created.ToJson(MayReadHits(req)));
                           },
                           201});

  r.push_back(RouteSpec{
      Method::kGet, p + "/tech-requests/{id}", Permission::kTechRequestRead,
      "One request: its provider or compliance; hit details for compliance only", kTag, nullptr,
      RequestSchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(TechRequest t, s.GetTechRequest(id));
        ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, Permission::kTechRequestRead,
                                            api::ResourceScope{t.provider_user_id}));
        return ApiResponse::Ok(t.ToJson(MayReadHits(req)));
      }});

  r.push_back(RouteSpec{
      Method::kPost, p + "/tech-requests/{id}/decision", Permission::kTechRequestDecide,
      "Approve or reject a request; approval is refused while the recipient has unresolved "
      "hits",
      kTag,
      api::SchemaObject({{"status", Json{{"type", "string"}, {"enum", {"approved", "rejected"}}}},
                         {"category_code", api::SchemaString(32)},
                         {"licence_number", api::SchemaString(100)},
                         {"conditions", api::SchemaString(4000)},
                         {"expires_on", api::SchemaString(10, "date")},
                         {"reason", api::SchemaString(2000)}},
                        {"status", "category_code"}),
      RequestSchema(), false, [&s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
        api::BodyReader b(req.body);
        TechDecision d;
        ASTA_ASSIGN_OR_RETURN(d.status, b.RequiredString("status", 20));
        ASTA_ASSIGN_OR_RETURN(d.category_code, b.RequiredString("category_code", 32));
        ASTA_ASSIGN_OR_RETURN(d.licence_number, b.OptionalString("licence_number", 100));
        ASTA_ASSIGN_OR_RETURN(d.conditions, b.OptionalString("conditions", 4000));
        ASTA_ASSIGN_OR_RETURN(d.expires_on, b.OptionalString("expires_on", 10));
        ASTA_ASSIGN_OR_RETURN(d.reason, b.OptionalString("reason", 2000));
        ASTA_RETURN_IF_ERROR(b.Finish());
        ASTA_ASSIGN_OR_RETURN(TechRequest t,
                              s.DecideTechRequest(accounts::ActorOf(*req.principal), id, d));
        return ApiResponse::Ok(t.ToJson(true), false);
      }});

  return r;
}

}  // namespace asta::compliance
