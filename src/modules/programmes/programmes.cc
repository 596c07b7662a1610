#include "modules/programmes/programmes.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "core/countries.h"
#include "core/crypto.h"
#include "core/text.h"
#include "core/time.h"
#include "core/zones.h"
#include "modules/network/exchange.h"
#include "modules/programmes/country_groups.h"

namespace asta::programmes {
namespace {

using store::Connection;
using store::Value;

constexpr std::int64_t kMaxAmount = std::int64_t{1} << 50;
constexpr std::int64_t kMaxAttachmentBytes = 10 * 1024 * 1024;
constexpr std::size_t kMaxTeam = 100;
constexpr std::size_t kMaxBudgetLines = 500;
constexpr std::size_t kMaxSectionChars = 100000;

Status Expect(bool ok, const std::string& field, const std::string& what) {
  if (!ok) return InvalidArgument(field + ": " + what, field);
  return Ok();
}

// Object keys outside `allowed` are errors naming them (a typo is not silently ignored).
Status OnlyKeys(const Json& obj, const std::string& at, const std::set<std::string>& allowed) {
  if (!obj.is_object())
    return InvalidArgument((at.empty() ? "body" : at) + ": must be an object",
                           at.empty() ? "body" : at);
  for (const auto& [key, value] : obj.items()) {
    const std::string field = at.empty() ? key : at + "." + key;
    if (!allowed.count(key)) return InvalidArgument(field + ": unknown field", field);
  }
  return Ok();
}

Result<std::string> Str(const Json& obj, const std::string& key, const std::string& field,
                        bool required, std::size_t max_chars = 2000) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return InvalidArgument(field + ": required", field);
    return std::string();
  }
  if (!it->is_string()) return InvalidArgument(field + ": must be a string", field);
  std::string v = it->get<std::string>();
  if (!IsValidUtf8(v)) return InvalidArgument(field + ": must be valid UTF-8", field);
  if (required && Trim(v).empty()) return InvalidArgument(field + ": must not be empty", field);
  if (CountChars(v) > static_cast<std::int64_t>(max_chars)) {
    return InvalidArgument(field + ": at most " + std::to_string(max_chars) + " characters", field);
  }
  return v;
}

Result<std::optional<std::int64_t>> OptInt(const Json& obj, const std::string& key,
                                           const std::string& field, std::int64_t low,
                                           std::int64_t high) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<std::int64_t>();
  if (!it->is_number_integer()) return InvalidArgument(field + ": must be a whole number", field);
  const std::int64_t v = it->get<std::int64_t>();
  if (v < low || v > high) {
    return InvalidArgument(
        field + ": must be from " + std::to_string(low) + " to " + std::to_string(high), field);
  }
  return std::optional<std::int64_t>(v);
}

Result<bool> Bool(const Json& obj, const std::string& key, const std::string& field) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return false;
  if (!it->is_boolean()) return InvalidArgument(field + ": must be true or false", field);
  return it->get<bool>();
}

Result<std::vector<std::string>> Strings(const Json& obj, const std::string& key,
                                         const std::string& field, std::size_t max_items) {
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) return InvalidArgument(field + ": must be a list of strings", field);
  if (it->size() > max_items) {
    return InvalidArgument(field + ": at most " + std::to_string(max_items) + " items", field);
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    if (!(*it)[i].is_string()) return InvalidArgument(at + ": must be a string", at);
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

bool IsKey(const std::string& key) {
  if (key.empty() || key.size() > 40) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

Json JsonList(const std::vector<std::string>& v) {
  Json out = Json::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

Json ParseStored(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

std::string Local(std::int64_t t, const std::string& zone) {
  auto s = FormatInZone(t, zone);
  return s ? *s : FormatIso8601(t);
}

// The MIME types an attachment rule may allow, with the leading bytes that identify them.
struct TypeSig {
  const char* type;
  const char* magic;
  std::size_t magic_len;
};
constexpr TypeSig kTypes[] = {
    {"application/pdf", "%PDF-", 5},
    {"image/png", "\x89PNG\r\n\x1a\n", 8},
    {"image/jpeg", "\xff\xd8\xff", 3},
    {"application/zip", "PK\x03\x04", 4},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04", 4},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04", 4},
    {"text/plain", "", 0},
    {"text/csv", "", 0},
};

const TypeSig* FindType(const std::string& type) {
  for (const TypeSig& t : kTypes) {
    if (type == t.type) return &t;
  }
  return nullptr;
}

std::string KnownTypes() {
  std::string out;
  for (const TypeSig& t : kTypes) {
    if (!out.empty()) out += ", ";
    out += t.type;
  }
  return out;
}

const Json* FindByKey(const Json& list, const std::string& key) {
  if (!list.is_array()) return nullptr;
  for (const Json& j : list) {
    if (j.is_object() && j.value("key", std::string()) == key) return &j;
  }
  return nullptr;
}

// A keyed, titled entry of a call's form or criteria: only `allowed` fields, a `key` of
// lower-case letters, digits, _ or - unique in its list, a `title_en`, an optional
// `title_ja`. Errors name the field under `at`.
Status KeyedEntry(const Json& entry, const std::string& at, const std::set<std::string>& allowed,
                  std::set<std::string>& keys) {
  ASTA_RETURN_IF_ERROR(OnlyKeys(entry, at, allowed));
  ASTA_ASSIGN_OR_RETURN(std::string key, Str(entry, "key", at + ".key", true, 40));
  ASTA_RETURN_IF_ERROR(
      Expect(IsKey(key), at + ".key", "must be lower-case letters, digits, _ or -"));
  ASTA_RETURN_IF_ERROR(Expect(keys.insert(key).second, at + ".key", "appears twice"));
  ASTA_ASSIGN_OR_RETURN(std::string title, Str(entry, "title_en", at + ".title_en", true, 300));
  ASTA_ASSIGN_OR_RETURN(title, Str(entry, "title_ja", at + ".title_ja", false, 300));
  return Ok();
}

// A call definition checked and normalised, field by field.
Result<Json> NormaliseDefinition(const Json& in) {
  ASTA_RETURN_IF_ERROR(
      OnlyKeys(in, "",
               {"programme_id", "title", "title_ja", "description", "themes", "opens", "closes",
                "time_zone", "pre_proposal_closes", "funding_model", "stages", "funders", "slots",
                "rules", "form", "criteria", "version", "source", "links"}));
  Json out = Json::object();
  ASTA_ASSIGN_OR_RETURN(auto programme_id,
                        OptInt(in, "programme_id", "programme_id", 1, std::int64_t{1} << 53));
  if (!programme_id) return InvalidArgument("programme_id: required", "programme_id");
  out["programme_id"] = *programme_id;
  ASTA_ASSIGN_OR_RETURN(std::string title, Str(in, "title", "title", true, 500));
  out["title"] = std::string(Trim(title));
  ASTA_ASSIGN_OR_RETURN(std::string title_ja, Str(in, "title_ja", "title_ja", false, 500));
  out["title_ja"] = title_ja;
  ASTA_ASSIGN_OR_RETURN(std::string description,
                        Str(in, "description", "description", false, 20000));
  out["description"] = description;
  ASTA_ASSIGN_OR_RETURN(auto themes, Strings(in, "themes", "themes", 5));
  for (std::size_t i = 0; i < themes.size(); ++i) {
    if (!network::IsTheme(themes[i])) {
      const std::string f = "themes[" + std::to_string(i) + "]";
      return InvalidArgument(f + ": unknown theme \"" + themes[i] + "\"", f);
    }
  }
  out["themes"] = JsonList(themes);
  ASTA_ASSIGN_OR_RETURN(std::string zone, Str(in, "time_zone", "time_zone", true, 64));
  ASTA_ASSIGN_OR_RETURN(zone, NormalizeTimeZone(zone, "time_zone"));
  out["time_zone"] = zone;
  for (const char* key : {"opens", "closes", "pre_proposal_closes"}) {
    const bool required = std::string(key) != "pre_proposal_closes";
    ASTA_ASSIGN_OR_RETURN(std::string local, Str(in, key, key, required, 40));
    if (local.empty()) continue;
    auto t = LocalToUnix(local, zone, key);
    if (!t) return InvalidArgument(std::string(key) + ": " + t.error().message, key);
    out[key] = local;
  }
  ASTA_ASSIGN_OR_RETURN(std::string model, Str(in, "funding_model", "funding_model", false, 40));
  if (model.empty()) model = "virtual_common_pot";
  ASTA_RETURN_IF_ERROR(
      Expect(model == "single_funder" || model == "common_pot" || model == "virtual_common_pot",
             "funding_model", "must be single_funder, common_pot or virtual_common_pot"));
  out["funding_model"] = model;
  ASTA_ASSIGN_OR_RETURN(auto stages, OptInt(in, "stages", "stages", 1, 2));
  out["stages"] = stages.value_or(1);
  if (out["stages"] == 2 && !out.contains("pre_proposal_closes")) {
    return InvalidArgument(
        "pre_proposal_closes: required for a two-stage call (the pre-proposals' deadline)",
        "pre_proposal_closes");
  }
  // Funders, rules and slots are checked by ParseCallRules (eligibility.h); here the
  // parts it does not read.
  out["funders"] = in.value("funders", Json::array());
  if (!out["funders"].is_array() || out["funders"].empty()) {
    return InvalidArgument("funders: at least one funder", "funders");
  }
  for (std::size_t i = 0; i < out["funders"].size(); ++i) {
    const std::string at = "funders[" + std::to_string(i) + "]";
    ASTA_RETURN_IF_ERROR(
        OnlyKeys(out["funders"][i], at, {"agency", "currency", "budget", "countries", "name"}));
  }
  if (model == "single_funder" && out["funders"].size() != 1) {
    return InvalidArgument("funders: a single-funder call has exactly one funder", "funders");
  }
  out["rules"] = in.value("rules", Json::array());
  out["slots"] = in.value("slots", Json::array());
  if (out["slots"].is_array()) {
    for (std::size_t i = 0; i < out["slots"].size(); ++i) {
      const std::string at = "slots[" + std::to_string(i) + "]";
      Json& s = out["slots"][i];
      ASTA_RETURN_IF_ERROR(OnlyKeys(s, at, {"code", "name_en", "name_ja", "quota", "rules"}));
      ASTA_ASSIGN_OR_RETURN(auto quota, OptInt(s, "quota", at + ".quota", 0, 100000));
      (void)quota;
    }
  }
  // The form.
  Json form = in.value("form", Json::object());
  ASTA_RETURN_IF_ERROR(OnlyKeys(form, "form", {"sections", "attachments"}));
  Json sections = form.value("sections", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(sections.is_array(), "form.sections", "must be a list"));
  std::set<std::string> keys;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const std::string at = "form.sections[" + std::to_string(i) + "]";
    Json& s = sections[i];
    ASTA_RETURN_IF_ERROR(KeyedEntry(
        s, at, {"key", "title_en", "title_ja", "max_chars", "max_words", "required"}, keys));
    ASTA_ASSIGN_OR_RETURN(auto mc, OptInt(s, "max_chars", at + ".max_chars", 1, kMaxSectionChars));
    ASTA_ASSIGN_OR_RETURN(auto mw, OptInt(s, "max_words", at + ".max_words", 1, 20000));
    ASTA_ASSIGN_OR_RETURN(bool req, Bool(s, "required", at + ".required"));
    (void)mc;
    (void)mw;
    s["required"] = req;
  }
  Json attachments = form.value("attachments", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(attachments.is_array(), "form.attachments", "must be a list"));
  keys.clear();
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    const std::string at = "form.attachments[" + std::to_string(i) + "]";
    Json& a = attachments[i];
    ASTA_RETURN_IF_ERROR(
        KeyedEntry(a, at, {"key", "title_en", "title_ja", "types", "max_bytes", "required"}, keys));
    ASTA_ASSIGN_OR_RETURN(auto types, Strings(a, "types", at + ".types", 10));
    ASTA_RETURN_IF_ERROR(Expect(!types.empty(), at + ".types", "must list the allowed types"));
    for (std::size_t k = 0; k < types.size(); ++k) {
      const std::string f = at + ".types[" + std::to_string(k) + "]";
      ASTA_RETURN_IF_ERROR(Expect(FindType(types[k]) != nullptr, f,
                                  "\"" + types[k] + "\" is not one of " + KnownTypes()));
    }
    ASTA_ASSIGN_OR_RETURN(auto max_bytes,
                          OptInt(a, "max_bytes", at + ".max_bytes", 1, kMaxAttachmentBytes));
    if (!max_bytes) return InvalidArgument(at + ".max_bytes: required", at + ".max_bytes");
    ASTA_ASSIGN_OR_RETURN(bool req, Bool(a, "required", at + ".required"));
    a["required"] = req;
  }
  out["form"] = Json{{"sections", sections}, {"attachments", attachments}};
  Json criteria = in.value("criteria", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(criteria.is_array(), "criteria", "must be a list"));
  keys.clear();
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    const std::string at = "criteria[" + std::to_string(i) + "]";
    Json& c = criteria[i];
    ASTA_RETURN_IF_ERROR(
        KeyedEntry(c, at, {"key", "title_en", "title_ja", "weight", "scale_max"}, keys));
    ASTA_ASSIGN_OR_RETURN(auto w, OptInt(c, "weight", at + ".weight", 1, 100));
    ASTA_ASSIGN_OR_RETURN(auto sm, OptInt(c, "scale_max", at + ".scale_max", 2, 100));
    c["weight"] = w.value_or(1);
    c["scale_max"] = sm.value_or(5);
  }
  out["criteria"] = criteria;
  if (in.contains("links")) out["links"] = in["links"];
  if (in.contains("source") && in["source"].is_string()) out["source"] = in["source"];
  return out;
}

Result<std::string> KindOf(const std::string& kind) {
  if (!IsProgrammeKind(kind)) {
    return InvalidArgument(
        "kind: must be joint_research, fellowship, invitation, capacity_building or "
        "facility_access",
        "kind");
  }
  return kind;
}

bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x20000 && c <= 0x2FFFF);
}

// Decodes UTF-8 (already validated) into code points.
std::u32string Decode(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0;
    int n = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1F;
      n = 2;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0F;
      n = 3;
    } else {
      cp = c & 0x07;
      n = 4;
    }
    for (int k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

Json ProblemsJson(const std::vector<FormProblem>& problems) {
  Json out = Json::array();
  for (const auto& p : problems) {
    out.push_back({{"field", p.field}, {"message_en", p.message_en}, {"message_ja", p.message_ja}});
  }
  return out;
}

// Per-funder totals of a content's budget lines.
std::map<std::string, std::int64_t> Requested(const Json& content) {
  std::map<std::string, std::int64_t> out;
  const Json budget = content.value("budget", Json::array());
  if (!budget.is_array()) return out;
  for (const Json& b : budget) {
    if (!b.is_object()) continue;
    const auto f = b.find("funder");
    const auto a = b.find("amount");
    if (f == b.end() || !f->is_string() || a == b.end() || !a->is_number_integer()) continue;
    out[f->get<std::string>()] += a->get<std::int64_t>();
  }
  return out;
}

// The amounts a content asks, per "funder|currency", as stored for the officers' totals.
std::string RequestedText(const Json& content) {
  Json out = Json::object();
  for (const Json& b : content.value("budget", Json::array())) {
    const std::string key =
        b.value("funder", std::string()) + "|" + b.value("currency", std::string());
    out[key] = out.value(key, std::int64_t{0}) + b.value("amount", std::int64_t{0});
  }
  return out.dump();
}

// The proposal content checked and normalised (a draft may be incomplete: members
// without country, empty sections). Errors name the field.
Result<Json> NormaliseContent(const Json& in) {
  ASTA_RETURN_IF_ERROR(
      OnlyKeys(in, "",
               {"title", "abstract", "slot", "team", "budget", "sections", "statements",
                "internationalisation", "language", "keywords", "version"}));
  Json out = Json::object();
  ASTA_ASSIGN_OR_RETURN(std::string title, Str(in, "title", "title", true, 500));
  out["title"] = std::string(Trim(title));
  ASTA_ASSIGN_OR_RETURN(std::string abstract, Str(in, "abstract", "abstract", false, 10000));
  out["abstract"] = abstract;
  ASTA_ASSIGN_OR_RETURN(std::string slot, Str(in, "slot", "slot", false, 40));
  out["slot"] = slot;
  ASTA_ASSIGN_OR_RETURN(std::string language, Str(in, "language", "language", false, 20));
  out["language"] = language;
  ASTA_ASSIGN_OR_RETURN(auto keywords, Strings(in, "keywords", "keywords", 30));
  out["keywords"] = JsonList(keywords);
  Json team = in.value("team", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(team.is_array(), "team", "must be a list"));
  ASTA_RETURN_IF_ERROR(
      Expect(team.size() <= kMaxTeam, "team", "at most " + std::to_string(kMaxTeam) + " members"));
  Json team_out = Json::array();
  for (std::size_t i = 0; i < team.size(); ++i) {
    const std::string at = "team[" + std::to_string(i) + "]";
    const Json& m = team[i];
    ASTA_RETURN_IF_ERROR(OnlyKeys(
        m, at,
        {"person_id", "email", "name", "role", "country", "organization", "org_type", "team"}));
    Json mo = Json::object();
    ASTA_ASSIGN_OR_RETURN(auto person_id,
                          OptInt(m, "person_id", at + ".person_id", 1, std::int64_t{1} << 53));
    if (person_id) mo["person_id"] = *person_id;
    ASTA_ASSIGN_OR_RETURN(std::string email, Str(m, "email", at + ".email", false, 320));
    if (!email.empty()) {
      auto e = NormalizeEmail(email, at + ".email");
      if (!e) return InvalidArgument(at + ".email: " + e.error().message, at + ".email");
      mo["email"] = *e;
    }
    // A row may be blank while it is being filled in: the form names what is missing.
    ASTA_ASSIGN_OR_RETURN(std::string name, Str(m, "name", at + ".name", false, 300));
    mo["name"] = std::string(Trim(name));
    ASTA_ASSIGN_OR_RETURN(std::string role, Str(m, "role", at + ".role", false, 20));
    if (role.empty()) role = "member";
    ASTA_RETURN_IF_ERROR(Expect(role == "lead" || role == "co_lead" || role == "member",
                                at + ".role", "must be lead, co_lead or member"));
    mo["role"] = role;
    ASTA_ASSIGN_OR_RETURN(std::string country, Str(m, "country", at + ".country", false, 10));
    if (!country.empty()) {
      auto c = NormalizeCountry(country, at + ".country");
      if (!c) {
        return InvalidArgument(at + ".country: \"" + country + "\" " + c.error().message,
                               at + ".country");
      }
      country = *c;
    }
    mo["country"] = country;
    ASTA_ASSIGN_OR_RETURN(std::string org,
                          Str(m, "organization", at + ".organization", false, 300));
    mo["organization"] = org;
    ASTA_ASSIGN_OR_RETURN(std::string org_type, Str(m, "org_type", at + ".org_type", false, 40));
    mo["org_type"] = org_type;
    ASTA_ASSIGN_OR_RETURN(std::string team_code, Str(m, "team", at + ".team", false, 40));
    mo["team"] = team_code.empty() ? country : team_code;
    team_out.push_back(std::move(mo));
  }
  out["team"] = std::move(team_out);
  Json budget = in.value("budget", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(budget.is_array(), "budget", "must be a list"));
  ASTA_RETURN_IF_ERROR(Expect(budget.size() <= kMaxBudgetLines, "budget",
                              "at most " + std::to_string(kMaxBudgetLines) + " lines"));
  Json budget_out = Json::array();
  for (std::size_t i = 0; i < budget.size(); ++i) {
    const std::string at = "budget[" + std::to_string(i) + "]";
    const Json& b = budget[i];
    ASTA_RETURN_IF_ERROR(
        OnlyKeys(b, at, {"funder", "year", "category", "team", "amount", "currency"}));
    Json bo = Json::object();
    ASTA_ASSIGN_OR_RETURN(std::string funder, Str(b, "funder", at + ".funder", false, 40));
    bo["funder"] = funder;
    ASTA_ASSIGN_OR_RETURN(auto year, OptInt(b, "year", at + ".year", 2000, 2100));
    if (year) bo["year"] = *year;
    ASTA_ASSIGN_OR_RETURN(std::string category, Str(b, "category", at + ".category", false, 60));
    bo["category"] = category;
    ASTA_ASSIGN_OR_RETURN(std::string team_code, Str(b, "team", at + ".team", false, 40));
    bo["team"] = team_code;
    ASTA_ASSIGN_OR_RETURN(auto amount, OptInt(b, "amount", at + ".amount", 0, kMaxAmount));
    if (amount) bo["amount"] = *amount;
    ASTA_ASSIGN_OR_RETURN(std::string currency, Str(b, "currency", at + ".currency", false, 3));
    const bool ok =
        currency.size() == 3 &&
        std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    ASTA_RETURN_IF_ERROR(Expect(ok || currency.empty(), at + ".currency",
                                "must be an ISO 4217 code such as JPY or EUR"));
    bo["currency"] = currency;
    budget_out.push_back(std::move(bo));
  }
  out["budget"] = std::move(budget_out);
  for (const char* map_key : {"sections", "statements"}) {
    Json m = in.value(map_key, Json::object());
    ASTA_RETURN_IF_ERROR(Expect(m.is_object(), map_key, "must be an object of key: text"));
    Json mo = Json::object();
    for (const auto& [key, value] : m.items()) {
      const std::string f = std::string(map_key) + "." + key;
      ASTA_RETURN_IF_ERROR(Expect(IsKey(key), f, "unknown key"));
      ASTA_RETURN_IF_ERROR(Expect(value.is_string(), f, "must be a string"));
      const std::string text = value.get<std::string>();
      ASTA_RETURN_IF_ERROR(Expect(IsValidUtf8(text), f, "must be valid UTF-8"));
      ASTA_RETURN_IF_ERROR(Expect(text.size() <= 4 * kMaxSectionChars, f, "is too long"));
      mo[key] = text;
    }
    out[map_key] = std::move(mo);
  }
  Json intl = in.value("internationalisation", Json::object());
  ASTA_RETURN_IF_ERROR(OnlyKeys(intl, "internationalisation", {"plan", "targets"}));
  Json io = Json::object();
  ASTA_ASSIGN_OR_RETURN(std::string plan,
                        Str(intl, "plan", "internationalisation.plan", false, 20000));
  io["plan"] = plan;
  Json targets = intl.value("targets", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(targets.is_array() && targets.size() <= 50,
                              "internationalisation.targets", "must be a list of at most 50"));
  Json to = Json::array();
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const std::string at = "internationalisation.targets[" + std::to_string(i) + "]";
    ASTA_RETURN_IF_ERROR(OnlyKeys(targets[i], at, {"indicator", "target"}));
    ASTA_ASSIGN_OR_RETURN(std::string ind,
                          Str(targets[i], "indicator", at + ".indicator", true, 300));
    ASTA_ASSIGN_OR_RETURN(std::string tgt, Str(targets[i], "target", at + ".target", true, 300));
    to.push_back({{"indicator", ind}, {"target", tgt}});
  }
  io["targets"] = std::move(to);
  out["internationalisation"] = std::move(io);
  return out;
}

Json CheckJson(const CallRules& rules, const Json& content, const std::vector<FormProblem>& form) {
  Json out;
  auto draft = ParseDraft(content);
  if (!draft) {
    out = Json{{"eligible", false}, {"verdicts", Json::array()}};
    out["form_errors"] = ProblemsJson(
        {FormProblem{draft.error().field, draft.error().message, draft.error().message}});
    return out;
  }
  out = ToJson(Evaluate(rules, *draft));
  out["form_errors"] = ProblemsJson(form);
  return out;
}

std::string CsvCell(const std::string& s) {
  // Cells that a spreadsheet would read as a formula are prefixed with a quote.
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

// The export's rows: a header, then one row per proposal (xlsx_export.cc uses it too).
std::vector<std::vector<std::string>> ExportTable(const Call& call,
                                                  const std::vector<Proposal>& proposals) {
  std::vector<std::string> header = {"proposal_id", "title",    "applicant", "state",
                                     "slot",        "eligible", "screening", "submitted_at",
                                     "countries",   "team_size"};
  for (const Funder& f : call.rules.funders) header.push_back(f.agency + " (" + f.currency + ")");
  std::vector<std::vector<std::string>> rows = {header};
  for (const Proposal& p : proposals) {
    std::set<std::string> countries;
    std::size_t team = 0;
    for (const Json& m : p.content.value("team", Json::array())) {
      ++team;
      const std::string c = m.value("country", std::string());
      if (!c.empty()) countries.insert(c);
    }
    std::string cs;
    for (const auto& c : countries) cs += (cs.empty() ? "" : " ") + c;
    std::vector<std::string> row = {std::to_string(p.id),
                                    p.title,
                                    p.owner_name,
                                    p.state,
                                    p.slot,
                                    p.eligible ? "yes" : "no",
                                    p.screening_status,
                                    p.submitted_at.value_or(""),
                                    cs,
                                    std::to_string(team)};
    for (const Funder& f : call.rules.funders) {
      auto it = p.requested.find(f.agency);
      row.push_back(std::to_string(it == p.requested.end() ? 0 : it->second));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool IsProgrammeKind(const std::string& kind) {
  return kind == "joint_research" || kind == "fellowship" || kind == "invitation" ||
         kind == "capacity_building" || kind == "facility_access";
}

std::int64_t CountChars(const std::string& text) {
  std::int64_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::int64_t CountWords(const std::string& text) {
  std::int64_t n = 0;
  bool in_word = false;
  for (char32_t c : Decode(text)) {
    if (IsCjk(c)) {
      ++n;
      in_word = false;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0) {
      in_word = false;
    } else if (!in_word) {
      ++n;
      in_word = true;
    }
  }
  return n;
}

// ---- JSON forms ----------------------------------------------------------------------

Json Programme::ToJson() const {
  return Json{{"id", id},
              {"agency_id", input.agency_id ? Json(*input.agency_id) : Json()},
              {"agency_code", input.agency_code},
              {"kind", input.kind},
              {"name", input.name},
              {"name_ja", input.name_ja},
              {"description", input.description},
              {"themes", JsonList(input.themes)},
              {"partner_agencies", JsonList(input.partners)},
              {"source", source},
              {"call_count", call_count},
              {"created_at", created_at},
              {"updated_at", updated_at},
              {"version", version}};
}

std::string Call::StatusAt(std::int64_t now) const {
  if (now < opens) return "upcoming";
  if (now > closes) return "closed";
  return "open";
}

Json Call::Summary(std::int64_t now, bool officer) const {
  Json funders = Json::array();
  const Json& defs = definition.value("funders", Json::array());
  for (std::size_t i = 0; i < rules.funders.size(); ++i) {
    const Funder& f = rules.funders[i];
    Json budget = f.budget;
    if (i < defs.size() && defs[i].is_object() &&
        (!defs[i].contains("budget") || defs[i]["budget"].is_null())) {
      budget = Json();
    }
    funders.push_back(
        {{"agency", f.agency},
         {"budget", budget},
         {"currency", f.currency},
         {"countries", Json(std::vector<std::string>(f.countries.begin(), f.countries.end()))}});
  }
  Json out{{"id", id},
           {"programme_id", programme_id},
           {"programme_name", programme_name},
           {"title", title},
           {"title_ja", title_ja},
           {"opens", FormatIso8601(opens)},
           {"closes", FormatIso8601(closes)},
           {"opens_local", Local(opens, time_zone)},
           {"closes_local", Local(closes, time_zone)},
           {"time_zone", time_zone},
           {"status", StatusAt(now)},
           {"funding_model", funding_model},
           {"stages", stages},
           {"funders", std::move(funders)},
           {"version", version}};
  if (definition.contains("pre_proposal_closes")) {
    auto t = LocalToUnix(definition["pre_proposal_closes"].get<std::string>(), time_zone);
    if (t) {
      out["pre_proposal_closes"] = FormatIso8601(*t);
      out["pre_proposal_closes_local"] = Local(*t, time_zone);
    }
  }
  if (officer) out["proposal_count"] = proposal_count;
  return out;
}

Json Call::Full(std::int64_t now, bool officer) const {
  Json out = Summary(now, officer);
  out["description"] = definition.value("description", std::string());
  out["themes"] = definition.value("themes", Json::array());
  Json slots = definition.value("slots", Json::array());
  out["slots"] = slots;
  out["rules"] = definition.value("rules", Json::array());
  Json text = Json::array();
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    text.push_back({{"slot", ""},
                    {"rule", i},
                    {"en", Describe(rules.rules[i], rules, false)},
                    {"ja", Describe(rules.rules[i], rules, true)}});
  }
  for (const Slot& s : rules.slots) {
    for (std::size_t i = 0; i < s.rules.size(); ++i) {
      text.push_back({{"slot", s.code},
                      {"rule", i},
                      {"en", Describe(s.rules[i], rules, false)},
                      {"ja", Describe(s.rules[i], rules, true)}});
    }
  }
  out["rules_text"] = std::move(text);
  out["form"] = definition.value("form", Json::object());
  out["criteria"] = definition.value("criteria", Json::array());
  out["source"] = source;
  if (definition.contains("links")) out["links"] = definition["links"];
  out["created_at"] = created_at;
  out["updated_at"] = updated_at;
  return out;
}

Json Attachment::ToJson() const {
  return Json{
      {"id", id},     {"key", key},       {"filename", filename}, {"content_type", content_type},
      {"size", size}, {"sha256", sha256}, {"scan", scan},         {"created_at", created_at}};
}

Json Receipt::ToJson() const {
  return Json{{"number", number},
              {"proposal_id", proposal_id},
              {"version", version},
              {"stage", stage},
              {"submitted_at", FormatIso8601(submitted_at)},
              {"submitted_local", Local(submitted_at, time_zone)},
              {"time_zone", time_zone},
              {"sha256", sha256}};
}

Json Proposal::Summary(bool with_screening) const {
  Json requested_json = Json::object();
  for (const auto& [k, v] : requested) requested_json[k] = v;
  std::set<std::string> countries;
  for (const Json& m : content.value("team", Json::array())) {
    const std::string c = m.value("country", std::string());
    if (!c.empty()) countries.insert(c);
  }
  Json out{{"id", id},
           {"call_id", call_id},
           {"owner_user_id", owner_user_id},
           {"owner_name", owner_name},
           {"state", state},
           {"stage", stage},
           {"title", title},
           {"slot", slot},
           {"eligible", eligible},
           {"countries", Json(std::vector<std::string>(countries.begin(), countries.end()))},
           {"requested", std::move(requested_json)},
           {"submitted_version", submitted_version ? Json(*submitted_version) : Json()},
           {"submitted_at", submitted_at ? Json(*submitted_at) : Json()},
           {"created_at", created_at},
           {"updated_at", updated_at},
           {"version", version}};
  if (with_screening) {
    out["screening_status"] = screening_status;
    out["screening"] = screening;
  }
  return out;
}

Json Proposal::ToJson(bool with_screening) const {
  Json out = Summary(with_screening);
  for (const auto& [k, v] : content.items()) {
    if (!out.contains(k)) out[k] = v;
  }
  out["check"] = check;
  out["form_errors"] = ProblemsJson(form_problems);
  Json atts = Json::array();
  for (const auto& a : attachments) atts.push_back(a.ToJson());
  out["attachments"] = std::move(atts);
  return out;
}

Json FunderTotal::ToJson() const {
  return Json{{"agency", agency},
              {"currency", currency},
              {"budget", budget ? Json(*budget) : Json()},
              {"requested", requested},
              {"requested_submitted", requested_submitted}};
}

Json VersionInfo::ToJson(bool with_content) const {
  Json out{{"number", number},
           {"state", state},
           {"sha256", sha256},
           {"created_at", created_at},
           {"submitted", state == "submitted"}};
  if (with_content) out["content"] = content;
  return out;
}

// ---- form checks ---------------------------------------------------------------------

std::vector<FormProblem> FormProblems(const Call& call, const Json& content,
                                      const std::vector<Attachment>& attachments, int stage) {
  const bool full = stage != 1;
  std::vector<FormProblem> out;
  const Json form = call.definition.value("form", Json::object());
  const Json sections = content.value("sections", Json::object());
  for (const Json& s : form.value("sections", Json::array())) {
    const std::string key = s.value("key", std::string());
    const std::string field = "sections." + key;
    const std::string title = s.value("title_en", key);
    const std::string title_ja = s.value("title_ja", title);
    const std::string text = sections.value(key, std::string());
    if (full && s.value("required", false) && Trim(text).empty()) {
      out.push_back({field, "\"" + title + "\" is required.", "「" + title_ja + "」は必須です。"});
      continue;
    }
    if (s.contains("max_chars")) {
      const std::int64_t max = s["max_chars"].get<std::int64_t>();
      const std::int64_t n = CountChars(text);
      if (n > max) {
        out.push_back({field,
                       "\"" + title + "\" has " + std::to_string(n) + " characters; at most " +
                           std::to_string(max) + " are allowed.",
                       "「" + title_ja + "」は" + std::to_string(n) + "文字です。上限は" +
                           std::to_string(max) + "文字です。"});
      }
    }
    if (s.contains("max_words")) {
      const std::int64_t max = s["max_words"].get<std::int64_t>();
      const std::int64_t n = CountWords(text);
      if (n > max) {
        out.push_back({field,
                       "\"" + title + "\" has " + std::to_string(n) + " words; at most " +
                           std::to_string(max) + " are allowed.",
                       "「" + title_ja + "」は" + std::to_string(n) + "語です。上限は" +
                           std::to_string(max) + "語です。"});
      }
    }
  }
  for (const auto& [key, value] : sections.items()) {
    if (FindByKey(form.value("sections", Json::array()), key) == nullptr) {
      out.push_back({"sections." + key, "The call's form has no section \"" + key + "\".",
                     "公募の様式にセクション「" + key + "」はありません。"});
    }
  }
  for (const Json& a : form.value("attachments", Json::array())) {
    if (!full || !a.value("required", false)) continue;
    const std::string key = a.value("key", std::string());
    const bool present = std::any_of(attachments.begin(), attachments.end(),
                                     [&](const Attachment& x) { return x.key == key; });
    if (!present) {
      const std::string title = a.value("title_en", key);
      out.push_back({"attachments." + key, "The attachment \"" + title + "\" is required.",
                     "添付書類「" + a.value("title_ja", title) + "」が必要です。"});
    }
  }
  const Json team = content.value("team", Json::array());
  if (team.empty()) {
    out.push_back({"team", "The team has no members.", "チームにメンバーがいません。"});
  }
  for (std::size_t i = 0; i < team.size(); ++i) {
    if (team[i].value("country", std::string()).empty()) {
      const std::string name = team[i].value("name", std::string());
      out.push_back({"team[" + std::to_string(i) + "].country",
                     "Team member " + std::to_string(i + 1) + " (" + name + ") has no country.",
                     "チームメンバー" + std::to_string(i + 1) + "（" + name +
                         "）の国が入力されていません。"});
    }
  }
  for (std::size_t i = 0; i < team.size(); ++i) {
    if (Trim(team[i].value("name", std::string())).empty()) {
      out.push_back({"team[" + std::to_string(i) + "].name",
                     "Team member " + std::to_string(i + 1) + " has no name.",
                     "チームメンバー" + std::to_string(i + 1) + "の氏名が入力されていません。"});
    }
  }
  const Json budget = content.value("budget", Json::array());
  for (std::size_t i = 0; i < budget.size(); ++i) {
    const std::string at = "budget[" + std::to_string(i) + "]";
    for (const char* key : {"funder", "year", "amount", "currency"}) {
      if (!budget[i].contains(key) || (budget[i][key].is_string() && budget[i][key] == "")) {
        out.push_back(
            {at + "." + key, "Budget line " + std::to_string(i + 1) + " has no " + key + ".",
             "予算の" + std::to_string(i + 1) + "行目に" + key + "が入力されていません。"});
      }
    }
    const std::string funder = budget[i].value("funder", std::string());
    const std::string currency = budget[i].value("currency", std::string());
    const Funder* f = nullptr;
    for (const Funder& x : call.rules.funders) {
      if (x.agency == funder) f = &x;
    }
    if (funder.empty() || currency.empty()) continue;  // named above
    if (f == nullptr) {
      out.push_back({at + ".funder", "\"" + funder + "\" is not a funder of this call.",
                     "「" + funder + "」はこの公募の資金配分機関ではありません。"});
    } else if (f->currency != currency) {
      out.push_back(
          {at + ".currency",
           "Amounts asked of " + funder + " must be in " + f->currency + ", not " + currency + ".",
           funder + "への申請額は" + currency + "ではなく" + f->currency + "で記入してください。"});
    }
  }
  if (!content.value("slot", std::string()).empty()) {
    bool known = false;
    for (const Slot& s : call.rules.slots) known = known || s.code == content["slot"];
    (void)known;  // an unknown slot is an eligibility verdict (kSlotExists)
  }
  return out;
}

// ---- service -------------------------------------------------------------------------

namespace {
std::int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

ProgrammesService::ProgrammesService(store::Database& db, compliance::ComplianceService& compliance)
    : db_(db), compliance_(compliance) {}

void ProgrammesService::set_virus_scanner(VirusScanner scanner) {
  std::lock_guard<std::mutex> lock(mu_);
  scanner_ = std::move(scanner);
}

void ProgrammesService::set_clock(std::function<std::int64_t()> clock) {
  std::lock_guard<std::mutex> lock(mu_);
  clock_ = std::move(clock);
}

std::int64_t ProgrammesService::Now() const {
  std::function<std::int64_t()> clock;
  {
    std::lock_guard<std::mutex> lock(mu_);
    clock = clock_;
  }
  return clock ? clock() : NowUnixSeconds();
}

Result<std::map<std::string, GroupInfo>> ProgrammesService::Groups() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (groups_) return *groups_;
  }
  auto loaded = db_.InWriteTransaction<std::map<std::string, GroupInfo>>(
      [&](Connection& conn) -> Result<std::map<std::string, GroupInfo>> {
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT COUNT(*) FROM country_groups"));
        if (rows.rows.at(0).Int(0) == 0) {
          const std::string now = NowIso8601();
          for (const auto& [code, g] : BuiltInCountryGroups()) {
            ASTA_RETURN_IF_ERROR(conn.Execute(
                "INSERT INTO country_groups (code, name_en, name_ja, source, countries_json, "
                "updated_at) VALUES (?,?,?,?,?,?)",
                {code, g.name_en, g.name_ja, g.source,
                 Json(std::vector<std::string>(g.countries.begin(), g.countries.end())).dump(),
                 now}));
          }
        }
        ASTA_ASSIGN_OR_RETURN(
            auto all,
            conn.Query("SELECT code, name_en, name_ja, countries_json FROM country_groups"));
        std::map<std::string, GroupInfo> out;
        for (const auto& r : all.rows) {
          GroupInfo g;
          g.name_en = r.Text(1);
          g.name_ja = r.Text(2);
          for (const Json& c : ParseStored(r.Text(3))) g.countries.insert(c.get<std::string>());
          out[r.Text(0)] = std::move(g);
        }
        return out;
      });
  if (!loaded) return loaded;
  std::lock_guard<std::mutex> lock(mu_);
  groups_ = *loaded;
  return *loaded;
}

Result<Json> ProgrammesService::GroupsJson() {
  ASTA_RETURN_IF_ERROR(Groups().map([](auto&&) {}));
  return db_.InReadTransaction<Json>([&](Connection& conn) -> Result<Json> {
    ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT code, name_en, name_ja, source, "
                                                "countries_json, updated_at FROM country_groups "
                                                "ORDER BY code"));
    Json items = Json::array();
    for (const auto& r : rows.rows) {
      items.push_back({{"code", r.Text(0)},
                       {"name_en", r.Text(1)},
                       {"name_ja", r.Text(2)},
                       {"source", r.Text(3)},
                       {"countries", ParseStored(r.Text(4))},
                       {"updated_at", r.Text(5)}});
    }
    return Json{{"items", std::move(items)}};
  });
}

Result<Json> ProgrammesService::PutGroup(const audit::Actor& actor, const std::string& code,
                                         const Json& body) {
  ASTA_RETURN_IF_ERROR(Expect(IsKey(code), "code", "must be lower-case letters, digits or -"));
  ASTA_RETURN_IF_ERROR(OnlyKeys(body, "", {"name_en", "name_ja", "source", "countries"}));
  ASTA_ASSIGN_OR_RETURN(std::string name_en, Str(body, "name_en", "name_en", true, 200));
  ASTA_ASSIGN_OR_RETURN(std::string name_ja, Str(body, "name_ja", "name_ja", false, 200));
  ASTA_ASSIGN_OR_RETURN(std::string source, Str(body, "source", "source", false, 2000));
  ASTA_ASSIGN_OR_RETURN(auto countries, Strings(body, "countries", "countries", 300));
  ASTA_RETURN_IF_ERROR(Expect(!countries.empty(), "countries", "must list the group's countries"));
  std::set<std::string> set;
  for (std::size_t i = 0; i < countries.size(); ++i) {
    const std::string f = "countries[" + std::to_string(i) + "]";
    auto c = NormalizeCountry(countries[i], f);
    if (!c) return InvalidArgument(f + ": \"" + countries[i] + "\" " + c.error().message, f);
    set.insert(*c);
  }
  ASTA_RETURN_IF_ERROR(Groups().map([](auto&&) {}));
  Json after{{"code", code},
             {"name_en", name_en},
             {"name_ja", name_ja.empty() ? name_en : name_ja},
             {"source", source},
             {"countries", Json(std::vector<std::string>(set.begin(), set.end()))}};
  auto stored = db_.InWriteTransaction<Json>([&](Connection& conn) -> Result<Json> {
    ASTA_RETURN_IF_ERROR(
        conn.Execute("DELETE FROM country_groups WHERE code = ?", {code}).map([](auto) {}));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO country_groups (code, name_en, name_ja, source, countries_json, updated_at) "
        "VALUES (?,?,?,?,?,?)",
        {code, after["name_en"].get<std::string>(), after["name_ja"].get<std::string>(), source,
         after["countries"].dump(), NowIso8601()}));
    ASTA_RETURN_IF_ERROR(
        audit::Append(conn, actor, "country_group.put", "country_group", code, Json(), after));
    return after;
  });
  if (stored) {
    std::lock_guard<std::mutex> lock(mu_);
    groups_.reset();
  }
  return stored;
}

// ---- programmes ----------------------------------------------------------------------

namespace {
constexpr char kProgrammeSelect[] =
    "SELECT p.id, p.agency_id, p.agency_code, p.kind, p.name, p.name_ja, p.description, "
    "p.themes_json, p.partners_json, p.source, p.created_at, p.updated_at, p.version, "
    "(SELECT COUNT(*) FROM calls c WHERE c.programme_id = p.id) FROM programmes p";

Programme ProgrammeOf(const store::Row& r) {
  Programme p;
  p.id = r.Int(0);
  if (!r.IsNull(1)) p.input.agency_id = r.Int(1);
  p.input.agency_code = r.Text(2);
  p.input.kind = r.Text(3);
  p.input.name = r.Text(4);
  p.input.name_ja = r.Text(5);
  p.input.description = r.Text(6);
  for (const Json& t : ParseStored(r.Text(7))) p.input.themes.push_back(t.get<std::string>());
  for (const Json& t : ParseStored(r.Text(8))) p.input.partners.push_back(t.get<std::string>());
  p.source = r.Text(9);
  p.created_at = r.Text(10);
  p.updated_at = r.Text(11);
  p.version = r.Int(12);
  p.call_count = r.Int(13);
  return p;
}

Result<Programme> LoadProgramme(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        conn.Query(std::string(kProgrammeSelect) + " WHERE p.id = ?", {id}));
  if (rows.rows.empty()) return NotFound("no programme " + std::to_string(id));
  return ProgrammeOf(rows.rows.at(0));
}

Result<Programme> InsertProgramme(Connection& conn, const audit::Actor& actor,
                                  const ProgrammeInput& in, const std::string& source) {
  const std::string now = NowIso8601();
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("INSERT INTO programmes (agency_id, agency_code, kind, name, name_ja, "
                 "description, themes_json, partners_json, source, created_at, updated_at, "
                 "version) VALUES (?,?,?,?,?,?,?,?,?,?,?,1) RETURNING id",
                 {in.agency_id ? Value(*in.agency_id) : Value(), in.agency_code, in.kind, in.name,
                  in.name_ja, in.description, JsonList(in.themes).dump(),
                  JsonList(in.partners).dump(), source, now, now}));
  const std::int64_t id = rows.rows.at(0).Int(0);
  ASTA_ASSIGN_OR_RETURN(Programme p, LoadProgramme(conn, id));
  ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "programme.create", "programme",
                                     std::to_string(id), Json(), p.ToJson()));
  return p;
}
}  // namespace

Result<Programme> ProgrammesService::CreateProgramme(const audit::Actor& actor, ProgrammeInput in) {
  ASTA_ASSIGN_OR_RETURN(in.kind, KindOf(in.kind));
  in.name = std::string(Trim(in.name));
  ASTA_RETURN_IF_ERROR(Expect(!in.name.empty(), "name", "is required"));
  ASTA_RETURN_IF_ERROR(Expect(CountChars(in.name) <= 300, "name", "at most 300 characters"));
  if (in.name_ja.empty()) in.name_ja = in.name;
  for (std::size_t i = 0; i < in.themes.size(); ++i) {
    const std::string f = "themes[" + std::to_string(i) + "]";
    ASTA_RETURN_IF_ERROR(Expect(network::IsTheme(in.themes[i]), f, "unknown theme"));
  }
  return db_.InWriteTransaction<Programme>([&](Connection& conn) -> Result<Programme> {
    if (in.agency_id) {
      ASTA_ASSIGN_OR_RETURN(auto rows,
                            conn.Query("SELECT code FROM agencies WHERE id = ?", {*in.agency_id}));
      if (rows.rows.empty()) return InvalidArgument("agency_id: no such agency", "agency_id");
      in.agency_code = rows.rows.at(0).Text(0);
    }
    ASTA_RETURN_IF_ERROR(Expect(!in.agency_code.empty(), "agency_id", "is required"));
    return InsertProgramme(conn, actor, in, "");
  });
}

Result<Programme> ProgrammesService::GetProgramme(std::int64_t id) {
  return db_.InReadTransaction<Programme>(
      [&](Connection& conn) -> Result<Programme> { return LoadProgramme(conn, id); });
}

Result<std::vector<Programme>> ProgrammesService::ListProgrammes() {
  return db_.InReadTransaction<std::vector<Programme>>(
      [&](Connection& conn) -> Result<std::vector<Programme>> {
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              conn.Query(std::string(kProgrammeSelect) + " ORDER BY p.id"));
        std::vector<Programme> out;
        for (const auto& r : rows.rows) out.push_back(ProgrammeOf(r));
        return out;
      });
}

// ---- calls ---------------------------------------------------------------------------

namespace {
// The proposal count is a 17th column in lists only: one call's page asks for it apart
// (CountProposals), so that loading a call for a proposal does not count its proposals.
constexpr char kCallColumns[] =
    "SELECT c.id, c.programme_id, p.agency_id, p.name, c.title, c.title_ja, c.opens_at, "
    "c.closes_at, c.time_zone, c.funding_model, c.stages, c.definition_json, c.source, "
    "c.created_at, c.updated_at, c.version";
constexpr char kCallFrom[] = " FROM calls c JOIN programmes p ON p.id = c.programme_id";
}  // namespace

Result<Call> ProgrammesService::BuildCall(const Json& definition,
                                          const std::map<std::string, GroupInfo>& groups) {
  ASTA_ASSIGN_OR_RETURN(Json def, NormaliseDefinition(definition));
  Json for_rules = def;
  const bool imported = def.contains("source");
  for (std::size_t i = 0; i < for_rules["funders"].size(); ++i) {
    Json& f = for_rules["funders"][i];
    if (f.is_object() && (!f.contains("budget") || f["budget"].is_null())) {
      if (!imported) {
        const std::string at = "funders[" + std::to_string(i) + "].budget";
        return InvalidArgument(at + ": required", at);
      }
      f["budget"] = 0;
    }
  }
  Call call;
  ASTA_ASSIGN_OR_RETURN(call.rules, ParseCallRules(for_rules, groups));
  call.programme_id = def["programme_id"].get<std::int64_t>();
  call.title = def["title"].get<std::string>();
  call.title_ja = def["title_ja"].get<std::string>();
  call.time_zone = def["time_zone"].get<std::string>();
  ASTA_ASSIGN_OR_RETURN(call.opens,
                        LocalToUnix(def["opens"].get<std::string>(), call.time_zone, "opens"));
  ASTA_ASSIGN_OR_RETURN(call.closes,
                        LocalToUnix(def["closes"].get<std::string>(), call.time_zone, "closes"));
  if (call.closes <= call.opens) {
    return InvalidArgument("closes: must be after opens", "closes");
  }
  if (def.contains("pre_proposal_closes")) {
    ASTA_ASSIGN_OR_RETURN(auto pre, LocalToUnix(def["pre_proposal_closes"].get<std::string>(),
                                                call.time_zone, "pre_proposal_closes"));
    if (pre <= call.opens || pre >= call.closes) {
      return InvalidArgument("pre_proposal_closes: must fall between opens and closes",
                             "pre_proposal_closes");
    }
    call.pre_closes = pre;
  }
  call.funding_model = def["funding_model"].get<std::string>();
  call.stages = static_cast<int>(def["stages"].get<std::int64_t>());
  if (call.stages != 2) call.pre_closes.reset();
  if (imported) {
    call.source = def["source"].get<std::string>();
    def.erase("source");
  }
  call.definition = std::move(def);
  return call;
}

Result<Call> ProgrammesService::ParseCall(const Json& definition) {
  ASTA_ASSIGN_OR_RETURN(auto groups, Groups());
  Json def = definition;
  if (def.is_object()) def.erase("source");  // only the importer sets it
  return BuildCall(def, groups);
}

Result<Call> ProgrammesService::LoadCall(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(
      auto rows, conn.Query(std::string(kCallColumns) + kCallFrom + " WHERE c.id = ?", {id}));
  if (rows.rows.empty()) return NotFound("no call " + std::to_string(id));
  const auto& r = rows.rows.at(0);
  const std::int64_t version = r.Int(15);
  {
    // A call's parsed definition is kept while its version stands.
    std::lock_guard<std::mutex> lock(mu_);
    auto it = calls_.find(id);
    if (it != calls_.end() && it->second.version == version &&
        it->second.updated_at == r.Text(14)) {
      return it->second;
    }
  }
  ASTA_ASSIGN_OR_RETURN(auto groups, Groups());
  Json def = ParseStored(r.Text(11));
  if (!r.Text(12).empty()) def["source"] = r.Text(12);
  auto built = BuildCall(def, groups);
  if (!built) {
    return Internal("call " + std::to_string(id) +
                    " holds a definition that no longer parses: " + built.error().message);
  }
  Call call = std::move(*built);
  call.id = r.Int(0);
  if (!r.IsNull(2)) call.agency_id = r.Int(2);
  call.programme_name = r.Text(3);
  call.source = r.Text(12);
  call.created_at = r.Text(13);
  call.updated_at = r.Text(14);
  call.version = version;
  std::lock_guard<std::mutex> lock(mu_);
  if (calls_.size() > 4096) calls_.clear();
  calls_[id] = call;
  return call;
}

Result<std::int64_t> ProgrammesService::CountProposals(std::int64_t call_id) {
  return db_.InReadTransaction<std::int64_t>([&](Connection& conn) -> Result<std::int64_t> {
    ASTA_ASSIGN_OR_RETURN(
        auto rows, conn.Query("SELECT COUNT(*) FROM proposals WHERE call_id = ?", {call_id}));
    return rows.rows.at(0).Int(0);
  });
}

Result<Call> ProgrammesService::StoreCall(const audit::Actor& actor, Call call,
                                          std::optional<std::int64_t> id,
                                          std::optional<std::int64_t> expected_version) {
  return db_.InWriteTransaction<Call>([&](Connection& conn) -> Result<Call> {
    ASTA_ASSIGN_OR_RETURN(
        auto prog, conn.Query("SELECT id FROM programmes WHERE id = ?", {call.programme_id}));
    if (prog.rows.empty())
      return InvalidArgument("programme_id: no such programme", "programme_id");
    const std::string now = NowIso8601();
    Json before;
    std::int64_t call_id = 0;
    if (id) {
      ASTA_ASSIGN_OR_RETURN(Call old, LoadCall(conn, *id));
      if (expected_version && *expected_version != old.version) {
        return FailedPrecondition("the call was changed meanwhile (version " +
                                      std::to_string(old.version) + "); reload and try again",
                                  "version");
      }
      before = old.definition;
      call_id = *id;
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "UPDATE calls SET programme_id = ?, title = ?, title_ja = ?, opens_at = ?, "
          "closes_at = ?, time_zone = ?, funding_model = ?, stages = ?, definition_json = ?, "
          "updated_at = ?, version = version + 1 WHERE id = ?",
          {call.programme_id, call.title, call.title_ja, FormatIso8601(call.opens),
           FormatIso8601(call.closes), call.time_zone, call.funding_model,
           std::int64_t{call.stages}, call.definition.dump(), now, call_id}));
      ASTA_RETURN_IF_ERROR(
          conn.Execute("DELETE FROM call_funders WHERE call_id = ?", {call_id}).map([](auto) {}));
    } else {
      ASTA_ASSIGN_OR_RETURN(
          auto rows,
          conn.Query("INSERT INTO calls (programme_id, title, title_ja, opens_at, closes_at, "
                     "time_zone, funding_model, stages, definition_json, source, created_at, "
                     "updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1) RETURNING id",
                     {call.programme_id, call.title, call.title_ja, FormatIso8601(call.opens),
                      FormatIso8601(call.closes), call.time_zone, call.funding_model,
                      std::int64_t{call.stages}, call.definition.dump(), call.source, now, now}));
      call_id = rows.rows.at(0).Int(0);
    }
    const Json& defs = call.definition["funders"];
    for (std::size_t i = 0; i < call.rules.funders.size(); ++i) {
      const Funder& f = call.rules.funders[i];
      const bool no_budget = !defs[i].contains("budget") || defs[i]["budget"].is_null();
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "INSERT INTO call_funders (call_id, position, agency, budget, currency, "
          "countries_json) VALUES (?,?,?,?,?,?)",
          {call_id, static_cast<std::int64_t>(i), f.agency, no_budget ? Value() : Value(f.budget),
           f.currency,
           Json(std::vector<std::string>(f.countries.begin(), f.countries.end())).dump()}));
    }
    ASTA_ASSIGN_OR_RETURN(Call stored, LoadCall(conn, call_id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, id ? "call.update" : "call.create", "call",
                                       std::to_string(call_id), before, stored.definition));
    return stored;
  });
}

Result<Call> ProgrammesService::CreateCall(const audit::Actor& actor, const Json& definition) {
  ASTA_ASSIGN_OR_RETURN(Call call, ParseCall(definition));
  return StoreCall(actor, std::move(call), std::nullopt, std::nullopt);
}

Result<Call> ProgrammesService::UpdateCall(const audit::Actor& actor, std::int64_t id,
                                           const Json& definition,
                                           std::optional<std::int64_t> expected_version) {
  ASTA_ASSIGN_OR_RETURN(Call current, GetCall(id));
  Json def = definition;
  if (!current.source.empty() && def.is_object()) def["source"] = current.source;
  ASTA_ASSIGN_OR_RETURN(auto groups, Groups());
  if (def.is_object() && current.source.empty()) def.erase("source");
  ASTA_ASSIGN_OR_RETURN(Call call, BuildCall(def, groups));
  call.source = current.source;
  return StoreCall(actor, std::move(call), id, expected_version);
}

Result<Call> ProgrammesService::GetCall(std::int64_t id) {
  return db_.InReadTransaction<Call>(
      [&](Connection& conn) -> Result<Call> { return LoadCall(conn, id); });
}

Result<std::vector<Call>> ProgrammesService::ListCalls(const CallFilter& filter) {
  const int limit = std::clamp(filter.limit, 1, 1000);
  const std::string now = FormatIso8601(Now());
  std::string sql = std::string(kCallColumns) +
                    ", (SELECT COUNT(*) FROM proposals x WHERE x.call_id = c.id)" + kCallFrom +
                    " WHERE c.id > ?";
  std::vector<Value> params = {filter.after_id};
  if (filter.programme_id) {
    sql += " AND c.programme_id = ?";
    params.push_back(*filter.programme_id);
  }
  if (filter.status == "open") {
    sql += " AND c.opens_at <= ? AND c.closes_at >= ?";
    params.push_back(now);
    params.push_back(now);
  } else if (filter.status == "upcoming") {
    sql += " AND c.opens_at > ?";
    params.push_back(now);
  } else if (filter.status == "closed") {
    sql += " AND c.closes_at < ?";
    params.push_back(now);
  } else if (!filter.status.empty()) {
    return InvalidArgument("status: must be open, upcoming or closed", "status");
  }
  if (!filter.q.empty()) {
    sql += " AND (LOWER(c.title) LIKE ? OR c.title_ja LIKE ?)";
    std::string pattern;
    for (char ch : AsciiLower(filter.q)) {
      if (ch == '%' || ch == '_' || ch == '\\') continue;
      pattern += ch;
    }
    params.push_back("%" + pattern + "%");
    params.push_back("%" + pattern + "%");
  }
  sql += " ORDER BY c.id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto groups, Groups());
  return db_.InReadTransaction<std::vector<Call>>(
      [&](Connection& conn) -> Result<std::vector<Call>> {
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
        std::vector<Call> out;
        for (const auto& r : rows.rows) {
          Json def = ParseStored(r.Text(11));
          if (!r.Text(12).empty()) def["source"] = r.Text(12);
          auto built = BuildCall(def, groups);
          if (!built) {
            return Internal("call " + std::to_string(r.Int(0)) +
                            " holds a definition that no longer parses: " + built.error().message);
          }
          Call call = std::move(*built);
          call.id = r.Int(0);
          if (!r.IsNull(2)) call.agency_id = r.Int(2);
          call.programme_name = r.Text(3);
          call.source = r.Text(12);
          call.created_at = r.Text(13);
          call.updated_at = r.Text(14);
          call.version = r.Int(15);
          call.proposal_count = r.Int(16);
          out.push_back(std::move(call));
        }
        return out;
      });
}

Result<Json> ProgrammesService::CheckContent(const Call& call, const Json& content) {
  ASTA_ASSIGN_OR_RETURN(Json normal, NormaliseContent(content));
  return CheckJson(call.rules, normal, FormProblems(call, normal, {}));
}

// ---- proposals -----------------------------------------------------------------------

namespace {
constexpr char kProposalSelect[] =
    "SELECT x.id, x.call_id, x.owner_user_id, u.display_name, x.state, x.title, x.slot, "
    "x.content_json, x.eligible, x.check_json, x.screening_status, x.screening_json, "
    "x.submitted_version, x.submitted_at, x.created_at, x.updated_at, x.version, x.stage "
    "FROM proposals x JOIN users u ON u.id = x.owner_user_id";

Proposal ProposalOf(const store::Row& r) {
  Proposal p;
  p.id = r.Int(0);
  p.call_id = r.Int(1);
  p.owner_user_id = r.Int(2);
  p.owner_name = r.Text(3);
  p.state = r.Text(4);
  p.title = r.Text(5);
  p.slot = r.Text(6);
  p.content = ParseStored(r.Text(7));
  p.eligible = r.Int(8) != 0;
  p.check = ParseStored(r.Text(9));
  p.screening_status = r.Text(10);
  p.screening = ParseStored(r.Text(11));
  if (!r.IsNull(12)) p.submitted_version = r.Int(12);
  p.submitted_at = r.OptText(13);
  p.created_at = r.Text(14);
  p.updated_at = r.Text(15);
  p.version = r.Int(16);
  p.stage = static_cast<int>(r.Int(17));
  p.requested = Requested(p.content);
  if (p.check.is_object() && p.check.contains("form_errors")) {
    for (const Json& e : p.check["form_errors"]) {
      p.form_problems.push_back({e.value("field", std::string()),
                                 e.value("message_en", std::string()),
                                 e.value("message_ja", std::string())});
    }
  }
  return p;
}

Result<std::vector<Attachment>> LoadAttachments(Connection& conn, std::int64_t proposal_id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        conn.Query("SELECT id, key, filename, content_type, size, sha256, scan, "
                                   "created_at FROM proposal_attachments WHERE proposal_id = ? "
                                   "ORDER BY id",
                                   {proposal_id}));
  std::vector<Attachment> out;
  for (const auto& r : rows.rows) {
    out.push_back(Attachment{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5),
                             r.Text(6), r.Text(7)});
  }
  return out;
}

Json AuditForm(const Proposal& p) {
  return Json{{"state", p.state},
              {"stage", p.stage},
              {"version", p.version},
              {"title", p.title},
              {"sha256", Sha256Hex(p.content.dump())}};
}
}  // namespace

Result<Proposal> ProgrammesService::LoadProposal(Connection& conn, std::int64_t id,
                                                 bool attachments) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        conn.Query(std::string(kProposalSelect) + " WHERE x.id = ?", {id}));
  if (rows.rows.empty()) return NotFound("no proposal " + std::to_string(id));
  Proposal p = ProposalOf(rows.rows.at(0));
  if (attachments) {
    ASTA_ASSIGN_OR_RETURN(p.attachments, LoadAttachments(conn, id));
  }
  return p;
}

Result<Proposal> ProgrammesService::CreateProposal(const audit::Actor& actor, std::int64_t call_id,
                                                   const Json& content) {
  if (!actor.user_id) return FailedPrecondition("a proposal is written by a signed-in user");
  ASTA_ASSIGN_OR_RETURN(Json normal, NormaliseContent(content));
  ASTA_ASSIGN_OR_RETURN(Call call, GetCall(call_id));
  if (call.StatusAt(Now()) == "closed") {
    return FailedPrecondition(
        "the call closed at " + Local(call.closes, call.time_zone) + "; no new proposals",
        "call_id");
  }
  // A two-stage call takes new proposals as pre-proposals, until their deadline.
  const int stage = call.pre_closes ? 1 : 2;
  if (call.pre_closes && Now() > *call.pre_closes) {
    return FailedPrecondition("the pre-proposal stage closed at " +
                                  Local(*call.pre_closes, call.time_zone) +
                                  "; only invited proposals continue",
                              "pre_proposal_closes");
  }
  const std::vector<FormProblem> problems = FormProblems(call, normal, {}, stage);
  const Json check = CheckJson(call.rules, normal, problems);
  const bool eligible = check.value("eligible", false) && problems.empty();
  return db_.InWriteTransaction<Proposal>([&](Connection& conn) -> Result<Proposal> {
    const std::string now = NowIso8601();
    const std::string text = normal.dump();
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query(
            "INSERT INTO proposals (call_id, owner_user_id, state, stage, title, slot, "
            "content_json, requested_json, eligible, check_json, screening_status, "
            "screening_json, created_at, updated_at, version) VALUES "
            "(?,?,'draft',?,?,?,?,?,?,?,'none','{}',?,?,1) RETURNING id",
            {call_id, *actor.user_id, std::int64_t{stage}, normal["title"].get<std::string>(),
             normal["slot"].get<std::string>(), text, RequestedText(normal),
             std::int64_t{eligible ? 1 : 0}, check.dump(), now, now}));
    const std::int64_t id = rows.rows.at(0).Int(0);
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO proposal_versions (proposal_id, number, state, content_json, sha256, "
        "created_at, created_by) VALUES (?,1,'draft',?,?,?,?)",
        {id, text, Sha256Hex(text), now, *actor.user_id}));
    ASTA_ASSIGN_OR_RETURN(Proposal p, LoadProposal(conn, id, true));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "proposal.create", "proposal",
                                       std::to_string(id), Json(), AuditForm(p)));
    return p;
  });
}

Result<Proposal> ProgrammesService::UpdateProposal(const audit::Actor& actor, std::int64_t id,
                                                   const Json& content,
                                                   std::optional<std::int64_t> expected_version) {
  ASTA_ASSIGN_OR_RETURN(Json normal, NormaliseContent(content));
  ASTA_ASSIGN_OR_RETURN(Proposal current, GetProposal(id));
  ASTA_ASSIGN_OR_RETURN(Call call, GetCall(current.call_id));
  const std::vector<FormProblem> problems =
      FormProblems(call, normal, current.attachments, current.stage);
  const Json check = CheckJson(call.rules, normal, problems);
  const bool eligible = check.value("eligible", false) && problems.empty();
  return db_.InWriteTransaction<Proposal>([&](Connection& conn) -> Result<Proposal> {
    ASTA_ASSIGN_OR_RETURN(Proposal before, LoadProposal(conn, id, false));
    if (!actor.user_id || *actor.user_id != before.owner_user_id) {
      return PermissionDenied("only the proposal's owner edits it");
    }
    if (before.state != "draft") {
      return FailedPrecondition("a " + before.state + " proposal cannot be edited", "state");
    }
    if (expected_version && *expected_version != before.version) {
      return FailedPrecondition("the proposal was changed meanwhile (version " +
                                    std::to_string(before.version) + "); reload and try again",
                                "version");
    }
    const std::string now = NowIso8601();
    const std::string text = normal.dump();
    ASTA_ASSIGN_OR_RETURN(
        std::int64_t n,
        conn.Execute("UPDATE proposals SET title = ?, slot = ?, content_json = ?, "
                     "requested_json = ?, eligible = ?, check_json = ?, updated_at = ?, "
                     "version = version + 1 WHERE id = ? AND version = ? AND state = 'draft'",
                     {normal["title"].get<std::string>(), normal["slot"].get<std::string>(), text,
                      RequestedText(normal), std::int64_t{eligible ? 1 : 0}, check.dump(), now, id,
                      before.version}));
    if (n != 1) return FailedPrecondition("the proposal was changed meanwhile; reload", "version");
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO proposal_versions (proposal_id, number, state, content_json, sha256, "
        "created_at, created_by) VALUES (?,?,'draft',?,?,?,?)",
        {id, before.version + 1, text, Sha256Hex(text), now, *actor.user_id}));
    ASTA_ASSIGN_OR_RETURN(Proposal after, LoadProposal(conn, id, true));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "proposal.update", "proposal",
                                       std::to_string(id), AuditForm(before), AuditForm(after)));
    return after;
  });
}

Result<Proposal> ProgrammesService::GetProposal(std::int64_t id) {
  return db_.InReadTransaction<Proposal>(
      [&](Connection& conn) -> Result<Proposal> { return LoadProposal(conn, id, true); });
}

Result<std::vector<Proposal>> ProgrammesService::ProposalsOf(std::int64_t owner_user_id) {
  return db_.InReadTransaction<std::vector<Proposal>>(
      [&](Connection& conn) -> Result<std::vector<Proposal>> {
        ASTA_ASSIGN_OR_RETURN(
            auto rows, conn.Query(std::string(kProposalSelect) +
                                      " WHERE x.owner_user_id = ? ORDER BY x.id DESC LIMIT 500",
                                  {owner_user_id}));
        std::vector<Proposal> out;
        for (const auto& r : rows.rows) out.push_back(ProposalOf(r));
        return out;
      });
}

Result<std::vector<Proposal>> ProgrammesService::CallProposals(std::int64_t call_id,
                                                               const ProposalFilter& f) {
  const int limit = std::clamp(f.limit, 1, 20000);
  std::string sql = std::string(kProposalSelect) + " WHERE x.call_id = ? AND x.id > ?";
  std::vector<Value> params = {call_id, f.after_id};
  if (!f.state.empty()) {
    if (f.state != "draft" && f.state != "submitted" && f.state != "withdrawn") {
      return InvalidArgument("state: must be draft, submitted or withdrawn", "state");
    }
    sql += " AND x.state = ?";
    params.push_back(f.state);
  }
  if (f.stage != 0) {
    sql += " AND x.stage = ?";
    params.push_back(std::int64_t{f.stage});
  }
  if (f.eligible) {
    sql += " AND x.eligible = ?";
    params.push_back(std::int64_t{*f.eligible ? 1 : 0});
  }
  if (!f.screening.empty()) {
    if (f.screening != "none" && f.screening != "pending" && f.screening != "clear" &&
        f.screening != "alerts") {
      return InvalidArgument("screening: must be none, pending, clear or alerts", "screening");
    }
    sql += " AND x.screening_status = ?";
    params.push_back(f.screening);
  }
  if (!f.slot.empty()) {
    sql += " AND x.slot = ?";
    params.push_back(f.slot);
  }
  if (!f.q.empty()) {
    std::string pattern;
    for (char ch : AsciiLower(f.q)) {
      if (ch == '%' || ch == '_' || ch == '\\') continue;
      pattern += ch;
    }
    sql += " AND LOWER(x.title) LIKE ?";
    params.push_back("%" + pattern + "%");
  }
  sql += " ORDER BY x.id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(limit + 1));
  return db_.InReadTransaction<std::vector<Proposal>>(
      [&](Connection& conn) -> Result<std::vector<Proposal>> {
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
        std::vector<Proposal> out;
        for (const auto& r : rows.rows) out.push_back(ProposalOf(r));
        return out;
      });
}

Result<std::vector<FunderTotal>> ProgrammesService::CallTotals(std::int64_t call_id) {
  ASTA_ASSIGN_OR_RETURN(Call call, GetCall(call_id));
  std::vector<FunderTotal> out;
  const Json& defs = call.definition["funders"];
  for (std::size_t i = 0; i < call.rules.funders.size(); ++i) {
    const Funder& f = call.rules.funders[i];
    FunderTotal t;
    t.agency = f.agency;
    t.currency = f.currency;
    if (defs[i].contains("budget") && !defs[i]["budget"].is_null()) t.budget = f.budget;
    out.push_back(t);
  }
  return db_.InReadTransaction<std::vector<FunderTotal>>(
      [&](Connection& conn) -> Result<std::vector<FunderTotal>> {
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              conn.Query("SELECT state, requested_json FROM proposals WHERE "
                                         "call_id = ? AND state <> 'withdrawn'",
                                         {call_id}));
        for (const auto& r : rows.rows) {
          const bool submitted = r.Text(0) == "submitted";
          const Json requested = ParseStored(r.Text(1));
          if (!requested.is_object()) continue;
          for (FunderTotal& t : out) {
            const auto it = requested.find(t.agency + "|" + t.currency);
            if (it == requested.end() || !it->is_number_integer()) continue;
            t.requested += it->get<std::int64_t>();
            if (submitted) t.requested_submitted += it->get<std::int64_t>();
          }
        }
        return out;
      });
}

Result<Attachment> ProgrammesService::AddAttachment(const audit::Actor& actor,
                                                    std::int64_t proposal_id, AttachmentInput in) {
  ASTA_ASSIGN_OR_RETURN(Proposal p, GetProposal(proposal_id));
  ASTA_ASSIGN_OR_RETURN(Call call, GetCall(p.call_id));
  const Json form_attachments =
      call.definition.value("form", Json::object()).value("attachments", Json::array());
  const Json* rule = FindByKey(form_attachments, in.key);
  if (rule == nullptr) {
    return InvalidArgument("key: the call's form asks for no attachment \"" + in.key + "\"", "key");
  }
  in.filename = std::string(Trim(in.filename));
  ASTA_RETURN_IF_ERROR(Expect(!in.filename.empty() && in.filename.size() <= 255 &&
                                  IsValidUtf8(in.filename) &&
                                  in.filename.find_first_of("/\\") == std::string::npos,
                              "filename", "must be a file name without folders"));
  bool allowed = false;
  for (const Json& t : (*rule)["types"])
    allowed = allowed || t.get<std::string>() == in.content_type;
  if (!allowed) {
    std::string types;
    for (const Json& t : (*rule)["types"])
      types += (types.empty() ? "" : ", ") + t.get<std::string>();
    return InvalidArgument("content_type: \"" + in.content_type + "\" is not accepted for \"" +
                               in.key + "\" (accepted: " + types + ")",
                           "content_type");
  }
  const std::int64_t max = (*rule)["max_bytes"].get<std::int64_t>();
  if (static_cast<std::int64_t>(in.bytes.size()) > max) {
    return InvalidArgument("content_base64: the file has " + std::to_string(in.bytes.size()) +
                               " bytes; \"" + in.key + "\" takes at most " + std::to_string(max),
                           "content_base64");
  }
  if (in.bytes.empty())
    return InvalidArgument("content_base64: the file is empty", "content_base64");
  const TypeSig* sig = FindType(in.content_type);
  if (sig != nullptr && sig->magic_len > 0 &&
      in.bytes.compare(0, sig->magic_len, sig->magic, sig->magic_len) != 0) {
    return InvalidArgument("content_base64: the file is not a " + in.content_type +
                               " file (its first bytes say otherwise)",
                           "content_base64");
  }
  if (sig != nullptr && sig->magic_len == 0 && !IsValidUtf8(in.bytes)) {
    return InvalidArgument("content_base64: a text file must be UTF-8", "content_base64");
  }
  VirusScanner scanner;
  {
    std::lock_guard<std::mutex> lock(mu_);
    scanner = scanner_;
  }
  std::string scan = "not_scanned";
  if (scanner) {
    auto verdict = scanner(in.bytes);
    if (!verdict) {
      return InvalidArgument(
          "content_base64: refused by the virus scanner: " + verdict.error().message,
          "content_base64");
    }
    scan = *verdict;
  }
  const std::string sha = Sha256Hex(in.bytes);
  return db_.InWriteTransaction<Attachment>([&](Connection& conn) -> Result<Attachment> {
    ASTA_ASSIGN_OR_RETURN(Proposal cur, LoadProposal(conn, proposal_id, false));
    if (!actor.user_id || *actor.user_id != cur.owner_user_id) {
      return PermissionDenied("only the proposal's owner adds attachments");
    }
    if (cur.state != "draft") {
      return FailedPrecondition("a " + cur.state + " proposal cannot change", "state");
    }
    // One file per key: a new upload replaces the old.
    ASTA_RETURN_IF_ERROR(conn.Execute("DELETE FROM proposal_attachments WHERE proposal_id = ? AND "
                                      "key = ?",
                                      {proposal_id, in.key})
                             .map([](auto) {}));
    const std::string now = NowIso8601();
    ASTA_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query(
            "INSERT INTO proposal_attachments (proposal_id, key, filename, content_type, "
            "size, sha256, scan, bytes, created_at) VALUES (?,?,?,?,?,?,?,?,?) "
            "RETURNING id",
            {proposal_id, in.key, in.filename, in.content_type,
             static_cast<std::int64_t>(in.bytes.size()), sha, scan, store::Blob{in.bytes}, now}));
    Attachment a{rows.rows.at(0).Int(0),
                 in.key,
                 in.filename,
                 in.content_type,
                 static_cast<std::int64_t>(in.bytes.size()),
                 sha,
                 scan,
                 now};
    // The form problems depend on the attachments: refresh the stored check.
    ASTA_ASSIGN_OR_RETURN(auto atts, LoadAttachments(conn, proposal_id));
    const auto problems = FormProblems(call, cur.content, atts, cur.stage);
    const Json check = CheckJson(call.rules, cur.content, problems);
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE proposals SET check_json = ?, eligible = ?, updated_at = ? WHERE id = ?",
        {check.dump(), std::int64_t{check.value("eligible", false) && problems.empty() ? 1 : 0},
         now, proposal_id}));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "proposal.attach", "proposal",
                                       std::to_string(proposal_id), Json(), a.ToJson()));
    return a;
  });
}

Result<std::pair<Attachment, std::string>> ProgrammesService::GetAttachment(
    std::int64_t proposal_id, std::int64_t attachment_id) {
  return db_.InReadTransaction<std::pair<Attachment, std::string>>(
      [&](Connection& conn) -> Result<std::pair<Attachment, std::string>> {
        ASTA_ASSIGN_OR_RETURN(
            auto rows, conn.Query("SELECT id, key, filename, content_type, size, sha256, scan, "
                                  "created_at, bytes FROM proposal_attachments WHERE id = ? AND "
                                  "proposal_id = ?",
                                  {attachment_id, proposal_id}));
        if (rows.rows.empty()) return NotFound("no attachment " + std::to_string(attachment_id));
        const auto& r = rows.rows.at(0);
        Attachment a{r.Int(0), r.Text(1), r.Text(2), r.Text(3),
                     r.Int(4), r.Text(5), r.Text(6), r.Text(7)};
        std::string bytes;
        if (const auto* blob = std::get_if<store::Blob>(&r.at(8))) {
          bytes = blob->bytes;
        } else if (const auto* text = std::get_if<std::string>(&r.at(8))) {
          bytes = *text;
        }
        if (Sha256Hex(bytes) != a.sha256) {
          return Internal("attachment " + std::to_string(attachment_id) +
                          " does not match its SHA-256");
        }
        return std::make_pair(std::move(a), std::move(bytes));
      });
}

Status ProgrammesService::DeleteAttachment(const audit::Actor& actor, std::int64_t proposal_id,
                                           std::int64_t attachment_id) {
  ASTA_ASSIGN_OR_RETURN(Proposal p, GetProposal(proposal_id));
  ASTA_ASSIGN_OR_RETURN(Call call, GetCall(p.call_id));
  return db_
      .InWriteTransaction<bool>([&](Connection& conn) -> Result<bool> {
        ASTA_ASSIGN_OR_RETURN(Proposal cur, LoadProposal(conn, proposal_id, false));
        if (!actor.user_id || *actor.user_id != cur.owner_user_id) {
          return PermissionDenied("only the proposal's owner removes attachments");
        }
        if (cur.state != "draft") {
          return FailedPrecondition("a " + cur.state + " proposal cannot change", "state");
        }
        ASTA_ASSIGN_OR_RETURN(std::int64_t n,
                              conn.Execute("DELETE FROM proposal_attachments WHERE id = ? "
                                           "AND proposal_id = ?",
                                           {attachment_id, proposal_id}));
        if (n == 0) return NotFound("no attachment " + std::to_string(attachment_id));
        ASTA_ASSIGN_OR_RETURN(auto atts, LoadAttachments(conn, proposal_id));
        const auto problems = FormProblems(call, cur.content, atts, cur.stage);
        const Json check = CheckJson(call.rules, cur.content, problems);
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "UPDATE proposals SET check_json = ?, eligible = ?, updated_at = ? WHERE id = ?",
            {check.dump(), std::int64_t{check.value("eligible", false) && problems.empty() ? 1 : 0},
             NowIso8601(), proposal_id}));
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "proposal.detach", "proposal",
                                           std::to_string(proposal_id),
                                           Json{{"attachment_id", attachment_id}}, Json()));
        return true;
      })
      .map([](bool) {});
}

Result<Json> ProgrammesService::ScreenTeam(const Json& content) {
  std::vector<compliance::ScreenQuery> queries;
  std::vector<std::string> fields;
  const Json team = content.value("team", Json::array());
  std::set<std::string> orgs;
  for (std::size_t i = 0; i < team.size(); ++i) {
    compliance::ScreenQuery q;
    q.name = team[i].value("name", std::string());
    q.kind = "person";
    q.country = team[i].value("country", std::string());
    queries.push_back(q);
    fields.push_back("team[" + std::to_string(i) + "]");
    const std::string org = team[i].value("organization", std::string());
    if (!org.empty() && orgs.insert(org).second) {
      compliance::ScreenQuery o;
      o.name = org;
      o.kind = "organization";
      o.country = q.country;
      queries.push_back(o);
      fields.push_back("team[" + std::to_string(i) + "].organization");
    }
  }
  compliance::ScreenOptions options;
  options.top = 3;
  options.explain = false;
  ASTA_ASSIGN_OR_RETURN(auto results, compliance_.ScreenBatch(queries, options));
  Json members = Json::array();
  bool alerts = false;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    Json found = Json::array();
    for (const auto& m : results[i]) {
      if (!m.alert) continue;
      alerts = true;
      found.push_back({{"list", m.list},
                       {"entity_id", m.entity_id},
                       {"matched_name", m.matched_name},
                       {"score", m.score}});
    }
    members.push_back({{"field", fields[i]},
                       {"kind", queries[i].kind},
                       {"name", queries[i].name},
                       {"country", queries[i].country},
                       {"alerts", std::move(found)}});
  }
  return Json{{"status", alerts ? "alerts" : "clear"},
              {"screened_at", NowIso8601()},
              {"members", std::move(members)}};
}

Result<std::pair<Proposal, Receipt>> ProgrammesService::Submit(
    const audit::Actor& actor, std::int64_t id, std::optional<std::int64_t> expected_version,
    const std::string& time_zone_in) {
  // The server's clock, read once at arrival: the deadline is exact to the second.
  const std::int64_t now = Now();
  ASTA_ASSIGN_OR_RETURN(Proposal p, GetProposal(id));
  if (!actor.user_id || *actor.user_id != p.owner_user_id) {
    return PermissionDenied("only the proposal's owner submits it");
  }
  ASTA_ASSIGN_OR_RETURN(Call call, GetCall(p.call_id));
  std::string zone = call.time_zone;
  if (!time_zone_in.empty()) {
    ASTA_ASSIGN_OR_RETURN(zone, NormalizeTimeZone(time_zone_in));
  }
  if (p.state != "draft") {
    return FailedPrecondition("the proposal is already " + p.state, "state");
  }
  if (expected_version && *expected_version != p.version) {
    return FailedPrecondition("the proposal was changed meanwhile (version " +
                                  std::to_string(p.version) + "); reload and try again",
                              "version");
  }
  if (now < call.opens) {
    return FailedPrecondition("the call opens at " + Local(call.opens, zone) + " (" + zone +
                                  "); submissions are not accepted before",
                              "opens");
  }
  const bool pre = p.stage == 1 && call.pre_closes.has_value();
  const std::int64_t deadline = pre ? *call.pre_closes : call.closes;
  if (now > deadline) {
    return FailedPrecondition(std::string("the deadline has passed: ") +
                                  (pre ? "pre-proposals closed at " : "the call closed at ") +
                                  Local(deadline, zone) + " (" + zone + ", your time zone); " +
                                  "it is now " + Local(now, zone) + ". Late proposals are not " +
                                  "accepted.",
                              pre ? "pre_proposal_closes" : "closes");
  }
  const auto problems = FormProblems(call, p.content, p.attachments, p.stage);
  auto draft = ParseDraft(p.content);
  if (!draft) return tl::unexpected(draft.error());
  const Check check = Evaluate(call.rules, *draft);
  if (!problems.empty()) {
    std::string all;
    for (const auto& x : problems) all += (all.empty() ? "" : " ") + x.message_en;
    return InvalidArgument(problems.front().field + ": " + all, problems.front().field);
  }
  if (!check.eligible) {
    for (const Verdict& v : check.verdicts) {
      if (!v.ok) {
        return InvalidArgument(v.field + ": not eligible: " + v.message_en, v.field);
      }
    }
  }
  ASTA_ASSIGN_OR_RETURN(Json screening, ScreenTeam(p.content));
  const std::string status = screening["status"].get<std::string>();
  auto done = db_.InWriteTransaction<std::pair<Proposal, Receipt>>(
      [&](Connection& conn) -> Result<std::pair<Proposal, Receipt>> {
        const std::string at = FormatIso8601(now);
        const std::string text = p.content.dump();
        const std::string sha = Sha256Hex(text);
        const std::int64_t number = p.version + 1;
        Json check_json = ToJson(check);
        check_json["form_errors"] = Json::array();
        ASTA_ASSIGN_OR_RETURN(
            std::int64_t n,
            conn.Execute("UPDATE proposals SET state = 'submitted', eligible = 1, check_json = ?, "
                         "screening_status = ?, screening_json = ?, subjects_noted = 0, "
                         "submitted_version = ?, "
                         "submitted_at = ?, updated_at = ?, version = ? "
                         "WHERE id = ? AND version = ? AND state = 'draft'",
                         {check_json.dump(), status, screening.dump(), number, at, at, number, id,
                          p.version}));
        if (n != 1) {
          return FailedPrecondition("the proposal was changed meanwhile; reload and try again",
                                    "version");
        }
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "INSERT INTO proposal_versions (proposal_id, number, state, content_json, sha256, "
            "created_at, created_by) VALUES (?,?,'submitted',?,?,?,?)",
            {id, number, text, sha, at, *actor.user_id}));
        Receipt receipt;
        receipt.number = "C" + std::to_string(call.id) + "-P" + std::to_string(id) + "-V" +
                         std::to_string(number) + (pre ? "-PRE" : "");
        receipt.stage = p.stage;
        receipt.proposal_id = id;
        receipt.version = number;
        receipt.submitted_at = now;
        receipt.time_zone = zone;
        receipt.sha256 = sha;
        ASTA_RETURN_IF_ERROR(conn.Execute(
            "INSERT INTO proposal_receipts (number, proposal_id, version, stage, submitted_at, "
            "time_zone, sha256) VALUES (?,?,?,?,?,?,?)",
            {receipt.number, id, number, std::int64_t{p.stage}, at, zone, sha}));
        // The proposal as stored now, without reading it back.
        Proposal after = p;
        after.state = "submitted";
        after.eligible = true;
        after.check = check_json;
        after.form_problems.clear();
        after.screening_status = status;
        after.screening = screening;
        after.submitted_version = number;
        after.submitted_at = at;
        after.updated_at = at;
        after.version = number;
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "proposal.submit", "proposal",
                                           std::to_string(id), AuditForm(p), AuditForm(after)));
        return std::make_pair(std::move(after), std::move(receipt));
      });
  // The team's screening subjects are noted by the worker, off the submission's path.
  if (done) last_submit_ms_.store(SteadyMs());
  return done;
}

Result<int> ProgrammesService::NotePendingSubjects(bool all) {
  int total = 0;
  for (;;) {
    ASTA_ASSIGN_OR_RETURN(
        auto pending,
        db_.InReadTransaction<store::Rows>([&](Connection& conn) -> Result<store::Rows> {
          return conn.Query(
              "SELECT id, content_json, submitted_at FROM proposals WHERE "
              "subjects_noted = 0 AND state = 'submitted' ORDER BY id LIMIT 20");
        }));
    if (pending.rows.empty()) return total;
    if (!all && SteadyMs() - last_submit_ms_.load() < kQuietMs) {
      // Submissions are arriving: wait, unless the oldest has waited too long (then one
      // small batch per pass).
      const auto oldest = ParseIso8601(pending.rows.at(0).Text(2));
      if (oldest && Now() - *oldest < kMaxLagSeconds) return total;
      ASTA_ASSIGN_OR_RETURN(int n, NoteBatch(pending));
      return total + n;
    }
    ASTA_ASSIGN_OR_RETURN(int n, NoteBatch(pending));
    total += n;
  }
}

Result<int> ProgrammesService::NoteBatch(const store::Rows& pending) {
  return db_.InWriteTransaction<int>([&](Connection& conn) -> Result<int> {
    int noted = 0;
    for (const auto& r : pending.rows) {
      const std::int64_t id = r.Int(0);
      // Another process may have noted it meanwhile (writes are serialised).
      ASTA_ASSIGN_OR_RETURN(std::int64_t claimed,
                            conn.Execute("UPDATE proposals SET subjects_noted = 1 WHERE id = ? "
                                         "AND subjects_noted = 0 AND state = 'submitted'",
                                         {id}));
      if (claimed != 1) continue;
      const Json content = ParseStored(r.Text(1));
      const Json team = content.value("team", Json::array());
      for (std::size_t i = 0; i < team.size(); ++i) {
        compliance::SubjectInput s;
        s.source = "proposal:" + std::to_string(id) + ":team:" + std::to_string(i);
        s.kind = "person";
        s.name = team[i].value("name", std::string());
        s.country = team[i].value("country", std::string());
        if (Trim(s.name).empty()) continue;
        ASTA_RETURN_IF_ERROR(compliance::NoteSubject(conn, s).map([](auto) {}));
        const std::string org = team[i].value("organization", std::string());
        if (!Trim(org).empty()) {
          compliance::SubjectInput o;
          o.source = "proposal:" + std::to_string(id) + ":org:" + std::to_string(i);
          o.kind = "organization";
          o.name = org;
          o.country = s.country;
          ASTA_RETURN_IF_ERROR(compliance::NoteSubject(conn, o).map([](auto) {}));
        }
      }
      ++noted;
    }
    return noted;
  });
}

Result<Proposal> ProgrammesService::Invite(const audit::Actor& actor, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(Proposal p, GetProposal(id));
  ASTA_ASSIGN_OR_RETURN(Call call, GetCall(p.call_id));
  if (!call.pre_closes || p.stage != 1) {
    return FailedPrecondition("only a two-stage call's pre-proposals are invited", "stage");
  }
  if (p.state != "submitted") {
    return FailedPrecondition("only a submitted pre-proposal is invited; this one is " + p.state,
                              "state");
  }
  if (Now() > call.closes) {
    return FailedPrecondition("the call closed at " + Local(call.closes, call.time_zone), "closes");
  }
  const auto problems = FormProblems(call, p.content, p.attachments, 2);
  Json check = CheckJson(call.rules, p.content, problems);
  const bool eligible = check.value("eligible", false) && problems.empty();
  return db_.InWriteTransaction<Proposal>([&](Connection& conn) -> Result<Proposal> {
    const std::string now = NowIso8601();
    const std::string text = p.content.dump();
    ASTA_ASSIGN_OR_RETURN(
        std::int64_t n,
        conn.Execute("UPDATE proposals SET state = 'draft', stage = 2, eligible = ?, "
                     "check_json = ?, submitted_version = NULL, submitted_at = NULL, "
                     "updated_at = ?, version = version + 1 "
                     "WHERE id = ? AND version = ? AND state = 'submitted' AND stage = 1",
                     {std::int64_t{eligible ? 1 : 0}, check.dump(), now, id, p.version}));
    if (n != 1) return FailedPrecondition("the proposal was changed meanwhile", "version");
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO proposal_versions (proposal_id, number, state, content_json, sha256, "
        "created_at, created_by) VALUES (?,?,'draft',?,?,?,?)",
        {id, p.version + 1, text, Sha256Hex(text), now,
         actor.user_id ? Value(*actor.user_id) : Value()}));
    ASTA_ASSIGN_OR_RETURN(Proposal after, LoadProposal(conn, id, true));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "proposal.invite", "proposal",
                                       std::to_string(id), AuditForm(p), AuditForm(after)));
    return after;
  });
}

Result<Proposal> ProgrammesService::Withdraw(const audit::Actor& actor, std::int64_t id,
                                             std::optional<std::int64_t> expected_version) {
  return db_.InWriteTransaction<Proposal>([&](Connection& conn) -> Result<Proposal> {
    ASTA_ASSIGN_OR_RETURN(Proposal before, LoadProposal(conn, id, false));
    if (!actor.user_id || *actor.user_id != before.owner_user_id) {
      return PermissionDenied("only the proposal's owner withdraws it");
    }
    if (before.state == "withdrawn") return FailedPrecondition("already withdrawn", "state");
    if (expected_version && *expected_version != before.version) {
      return FailedPrecondition("the proposal was changed meanwhile (version " +
                                    std::to_string(before.version) + "); reload and try again",
                                "version");
    }
    ASTA_ASSIGN_OR_RETURN(std::int64_t n,
                          conn.Execute("UPDATE proposals SET state = 'withdrawn', updated_at = ?, "
                                       "version = version + 1 WHERE id = ? AND version = ?",
                                       {NowIso8601(), id, before.version}));
    if (n != 1) return FailedPrecondition("the proposal was changed meanwhile", "version");
    ASTA_ASSIGN_OR_RETURN(Proposal after, LoadProposal(conn, id, true));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "proposal.withdraw", "proposal",
                                       std::to_string(id), AuditForm(before), AuditForm(after)));
    return after;
  });
}

Result<std::vector<VersionInfo>> ProgrammesService::Versions(std::int64_t proposal_id) {
  return db_.InReadTransaction<std::vector<VersionInfo>>(
      [&](Connection& conn) -> Result<std::vector<VersionInfo>> {
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              conn.Query("SELECT number, state, sha256, created_at FROM "
                                         "proposal_versions WHERE proposal_id = ? ORDER BY number",
                                         {proposal_id}));
        std::vector<VersionInfo> out;
        for (const auto& r : rows.rows) {
          out.push_back(VersionInfo{r.Int(0), r.Text(1), r.Text(2), r.Text(3), Json()});
        }
        return out;
      });
}

Result<VersionInfo> ProgrammesService::GetVersion(std::int64_t proposal_id, std::int64_t number) {
  return db_.InReadTransaction<VersionInfo>([&](Connection& conn) -> Result<VersionInfo> {
    ASTA_ASSIGN_OR_RETURN(auto rows,
                          conn.Query("SELECT number, state, sha256, created_at, content_json FROM "
                                     "proposal_versions WHERE proposal_id = ? AND number = ?",
                                     {proposal_id, number}));
    if (rows.rows.empty()) return NotFound("no version " + std::to_string(number));
    const auto& r = rows.rows.at(0);
    return VersionInfo{r.Int(0), r.Text(1), r.Text(2), r.Text(3), ParseStored(r.Text(4))};
  });
}

Result<std::vector<Receipt>> ProgrammesService::Receipts(std::int64_t proposal_id) {
  return db_.InReadTransaction<std::vector<Receipt>>(
      [&](Connection& conn) -> Result<std::vector<Receipt>> {
        ASTA_ASSIGN_OR_RETURN(auto rows,
                              conn.Query("SELECT number, version, submitted_at, time_zone, "
                                         "sha256, stage FROM proposal_receipts WHERE "
                                         "proposal_id = ? ORDER BY version",
                                         {proposal_id}));
        std::vector<Receipt> out;
        for (const auto& r : rows.rows) {
          Receipt x;
          x.number = r.Text(0);
          x.proposal_id = proposal_id;
          x.version = r.Int(1);
          x.submitted_at = ParseIso8601(r.Text(2)).value_or(0);
          x.time_zone = r.Text(3);
          x.sha256 = r.Text(4);
          x.stage = static_cast<int>(r.Int(5));
          out.push_back(std::move(x));
        }
        return out;
      });
}

// ---- EU topics -----------------------------------------------------------------------

namespace {
// The EU's 27 member states: the countries whose teams the EU funder pays for in these
// demo calls (associated countries vary by programme and are not modelled).
const std::vector<std::string> kEu27 = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
                                        "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
                                        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"};

Json TopicDefinition(const EuTopic& t, std::int64_t programme_id) {
  // Opening is not in the file: the call is taken as open from a year before the deadline.
  const std::string day = t.deadline_date;
  const std::string opens =
      std::to_string(std::stoi(day.substr(0, 4)) - 1) + day.substr(4) + "T00:00:00";
  Json funder{{"agency", "EU"}, {"currency", "EUR"}, {"countries", kEu27}};
  if (t.budget_max) {
    funder["budget"] = *t.budget_max * t.expected_grants.value_or(1);
  } else {
    funder["budget"] = Json();
  }
  Json def{
      {"programme_id", programme_id},
      {"title", t.title},
      {"title_ja", ""},
      {"description", t.call_title + (t.action_type.empty() ? "" : " (" + t.action_type + ")") +
                          (t.keywords.empty() ? "" : "\nKeywords: " + t.keywords)},
      {"themes", Json::array()},
      {"opens", opens},
      {"closes", day + "T" + kEuDeadlineTime},
      {"time_zone", kEuDeadlineZone},
      {"funding_model", "single_funder"},
      {"stages", t.stages},
      {"funders", Json::array({funder})},
      {"rules", Json::array({Json{{"kind", "budget_currency"}}})},
      {"slots", Json::array()},
      {"form", Json{{"sections", Json::array()}, {"attachments", Json::array()}}},
      {"criteria", Json::array()},
      {"source", "eu:" + t.topic_id},
      {"links", Json{{"topic_id", t.topic_id},
                     {"call_identifier", t.call_identifier},
                     {"programme", t.programme},
                     {"status", t.status},
                     {"deadline_model", t.deadline_model},
                     {"deadline_date", t.deadline_date},
                     {"deadline_rule", "17:00 Brussels time on the published date"},
                     {"budget_per_grant_min", t.budget_min ? Json(*t.budget_min) : Json()},
                     {"budget_per_grant_max", t.budget_max ? Json(*t.budget_max) : Json()},
                     {"expected_grants", t.expected_grants ? Json(*t.expected_grants) : Json()},
                     {"url", t.url}}}};
  if (t.stages == 2) {
    // The first stage's date is not in the file; the pre-proposal deadline is set four
    // months before the final one, at the same hour, and said to be an assumption.
    std::int64_t y = std::stoi(day.substr(0, 4));
    int m = std::stoi(day.substr(5, 2)) - 4;
    if (m < 1) {
      m += 12;
      --y;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%s", static_cast<long long>(y), m,
                  std::min(day.substr(8, 2), std::string("28")).c_str());
    def["pre_proposal_closes"] = std::string(buf) + "T" + kEuDeadlineTime;
    def["links"]["pre_proposal_rule"] =
        "first-stage date not published in the file: assumed "
        "four months before the final deadline";
  }
  return def;
}
}  // namespace

Result<EuImportReport> ProgrammesService::ImportEuTopics(const audit::Actor& actor,
                                                         const std::vector<EuTopic>& topics) {
  ASTA_ASSIGN_OR_RETURN(auto groups, Groups());
  EuImportReport report;
  report.topics = static_cast<std::int64_t>(topics.size());
  // Every topic's definition is built and checked before anything is written.
  std::vector<Call> calls;
  calls.reserve(topics.size());
  for (std::size_t i = 0; i < topics.size(); ++i) {
    auto call = BuildCall(TopicDefinition(topics[i], 1), groups);
    if (!call) {
      return InvalidArgument("topic " + topics[i].topic_id + ": " + call.error().message,
                             call.error().field);
    }
    calls.push_back(std::move(*call));
    if (topics[i].budget_max) ++report.with_budget;
    if (topics[i].stages == 2) ++report.two_stage;
  }
  auto done =
      db_.InWriteTransaction<EuImportReport>([&](Connection& conn) -> Result<EuImportReport> {
        ASTA_ASSIGN_OR_RETURN(auto prog,
                              conn.Query("SELECT id FROM programmes WHERE source = 'eu-calls'"));
        std::int64_t programme_id = 0;
        if (prog.rows.empty()) {
          ProgrammeInput in;
          in.agency_code = "EU";
          in.kind = "joint_research";
          in.name = "EU Funding & Tenders call topics (imported)";
          in.name_ja = "EU Funding & Tenders 公募トピック（取込）";
          in.description =
              "Call topics of the EU Funding & Tenders Portal, imported with `asta import "
              "eu-calls` to show real calls held in asta. Deadlines are the published dates at "
              "17:00 Brussels time.";
          ASTA_ASSIGN_OR_RETURN(Programme p, InsertProgramme(conn, actor, in, "eu-calls"));
          programme_id = p.id;
        } else {
          programme_id = prog.rows.at(0).Int(0);
        }
        ASTA_ASSIGN_OR_RETURN(auto existing, conn.Query("SELECT source, id, definition_json FROM "
                                                        "calls WHERE source LIKE 'eu:%'"));
        std::map<std::string, std::pair<std::int64_t, std::string>> by_source;
        for (const auto& r : existing.rows) by_source[r.Text(0)] = {r.Int(1), r.Text(2)};
        const std::string now = NowIso8601();
        for (Call& call : calls) {
          call.programme_id = programme_id;
          call.definition["programme_id"] = programme_id;
          const std::string text = call.definition.dump();
          auto it = by_source.find(call.source);
          std::int64_t call_id = 0;
          if (it != by_source.end()) {
            if (it->second.second == text) {
              ++report.unchanged;
              continue;
            }
            call_id = it->second.first;
            ASTA_RETURN_IF_ERROR(conn.Execute(
                "UPDATE calls SET title = ?, opens_at = ?, closes_at = ?, stages = ?, "
                "definition_json = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                {call.title, FormatIso8601(call.opens), FormatIso8601(call.closes),
                 std::int64_t{call.stages}, text, now, call_id}));
            ASTA_RETURN_IF_ERROR(
                conn.Execute("DELETE FROM call_funders WHERE call_id = ?", {call_id}).map([](auto) {
                }));
            ++report.updated;
          } else {
            ASTA_ASSIGN_OR_RETURN(
                auto rows,
                conn.Query("INSERT INTO calls (programme_id, title, title_ja, opens_at, closes_at, "
                           "time_zone, funding_model, stages, definition_json, source, created_at, "
                           "updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1) RETURNING id",
                           {programme_id, call.title, call.title_ja, FormatIso8601(call.opens),
                            FormatIso8601(call.closes), call.time_zone, call.funding_model,
                            std::int64_t{call.stages}, text, call.source, now, now}));
            call_id = rows.rows.at(0).Int(0);
            ++report.created;
          }
          const Json& f = call.definition["funders"][0];
          ASTA_RETURN_IF_ERROR(conn.Execute(
              "INSERT INTO call_funders (call_id, position, agency, budget, currency, "
              "countries_json) VALUES (?,0,?,?,?,?)",
              {call_id, f["agency"].get<std::string>(),
               f["budget"].is_null() ? Value() : Value(f["budget"].get<std::int64_t>()),
               f["currency"].get<std::string>(), f["countries"].dump()}));
        }
        report.programme_id = programme_id;
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "calls.import_eu", "programme",
                                           std::to_string(programme_id), Json(),
                                           Json{{"topics", report.topics},
                                                {"created", report.created},
                                                {"updated", report.updated},
                                                {"unchanged", report.unchanged}}));
        return report;
      });
  return done;
}

// ---- exports -------------------------------------------------------------------------

std::string ProposalsCsv(const Call& call, const std::vector<Proposal>& proposals) {
  std::string out = "\xEF\xBB\xBF";  // a BOM, so that spreadsheet programs read UTF-8
  for (const auto& row : ExportTable(call, proposals)) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      out += CsvCell(row[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace asta::programmes
