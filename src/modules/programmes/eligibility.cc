#include "modules/programmes/eligibility.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "core/countries.h"
#include "modules/programmes/country_groups.h"

namespace asta::programmes {
namespace {

// ---------------------------------------------------------------------------------
// Reading JSON with errors that name the field.

Status Expect(bool ok, const std::string& field, const std::string& what) {
  if (!ok) return InvalidArgument(field + ": " + what, field);
  return Ok();
}

Result<std::string> String(const Json& obj, const std::string& key, const std::string& field,
                           bool required) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return InvalidArgument(field + ": required", field);
    return std::string();
  }
  if (!it->is_string()) return InvalidArgument(field + ": must be a string", field);
  return it->get<std::string>();
}

Result<std::int64_t> Integer(const Json& obj, const std::string& key, const std::string& field,
                             std::int64_t low, std::int64_t high) {
  const auto it = obj.find(key);
  if (it == obj.end()) return InvalidArgument(field + ": required", field);
  if (!it->is_number_integer()) return InvalidArgument(field + ": must be a whole number", field);
  const std::int64_t v = it->get<std::int64_t>();
  if (v < low || v > high) {
    return InvalidArgument(field + ": must be " + std::to_string(low) + ".." + std::to_string(high),
                           field);
  }
  return v;
}

// An ISO country code ("jp" or "JP" -> "JP"); the error names the field and the value.
Result<std::string> Country(const std::string& code, const std::string& field) {
  auto c = NormalizeCountry(code, field);
  if (!c) return InvalidArgument(field + ": \"" + code + "\" " + c.error().message, field);
  return c;
}

Status Currency(const std::string& code, const std::string& field) {
  const bool ok = code.size() == 3 && std::all_of(code.begin(), code.end(),
                                                  [](char c) { return c >= 'A' && c <= 'Z'; });
  return Expect(ok, field, "must be an ISO 4217 code such as JPY or EUR");
}

constexpr std::int64_t kMaxAmount = std::int64_t{1} << 50;  // far above any research budget

// A rule's optional "funder": "" or the agency of one of the call's funders.
Result<std::string> OptionalFunder(const Json& j, const std::string& at,
                                   const std::vector<Funder>& funders) {
  ASTA_ASSIGN_OR_RETURN(std::string agency, String(j, "funder", at + ".funder", false));
  if (!agency.empty()) {
    const bool known = std::any_of(funders.begin(), funders.end(),
                                   [&](const Funder& f) { return f.agency == agency; });
    ASTA_RETURN_IF_ERROR(Expect(known, at + ".funder", "not a funder of this call"));
  }
  return agency;
}

Result<Rule> ParseRule(const Json& j, const std::string& at,
                       const std::map<std::string, GroupInfo>& groups,
                       const std::vector<Funder>& funders) {
  ASTA_RETURN_IF_ERROR(Expect(j.is_object(), at, "must be an object"));
  ASTA_ASSIGN_OR_RETURN(const std::string kind, String(j, "kind", at + ".kind", true));
  Rule r;
  const auto count = [&](const char* key) -> Result<int> {
    ASTA_ASSIGN_OR_RETURN(const std::int64_t v, Integer(j, key, at + "." + key, 1, 1000));
    return static_cast<int>(v);
  };
  if (kind == "min_countries") {
    r.kind = RuleKind::kMinCountries;
    ASTA_ASSIGN_OR_RETURN(r.min, count("min"));
  } else if (kind == "countries_in_group") {
    r.kind = RuleKind::kCountriesInGroup;
    ASTA_ASSIGN_OR_RETURN(r.min, count("min"));
    ASTA_ASSIGN_OR_RETURN(r.group, String(j, "group", at + ".group", true));
    if (!groups.count(r.group)) {
      std::string known;
      for (const auto& [code, g] : groups) known += (known.empty() ? "" : ", ") + code;
      return InvalidArgument(
          at + ".group: no country group \"" + r.group + "\" (known: " + known + ")",
          at + ".group");
    }
  } else if (kind == "lead_from_funder_country") {
    r.kind = RuleKind::kLeadFromFunderCountry;
    ASTA_ASSIGN_OR_RETURN(r.funder, OptionalFunder(j, at, funders));
  } else if (kind == "members_fundable") {
    r.kind = RuleKind::kMembersFundable;
  } else if (kind == "org_type") {
    r.kind = RuleKind::kOrgType;
    ASTA_ASSIGN_OR_RETURN(r.min, count("min"));
    ASTA_ASSIGN_OR_RETURN(r.org_type, String(j, "org_type", at + ".org_type", true));
    ASTA_RETURN_IF_ERROR(Expect(!r.org_type.empty(), at + ".org_type", "must not be empty"));
  } else if (kind == "budget_max") {
    r.kind = RuleKind::kBudgetMax;
    ASTA_ASSIGN_OR_RETURN(r.max, Integer(j, "max", at + ".max", 0, kMaxAmount));
    ASTA_ASSIGN_OR_RETURN(const std::string per, String(j, "per", at + ".per", true));
    if (per == "funder") {
      r.per = BudgetPer::kFunder;
    } else if (per == "funder_year") {
      r.per = BudgetPer::kFunderYear;
    } else if (per == "team") {
      r.per = BudgetPer::kTeam;
    } else {
      return InvalidArgument(at + ".per: must be funder, funder_year or team", at + ".per");
    }
    ASTA_ASSIGN_OR_RETURN(r.funder, OptionalFunder(j, at, funders));
  } else if (kind == "budget_currency") {
    r.kind = RuleKind::kBudgetCurrency;
  } else if (kind == "statement") {
    r.kind = RuleKind::kStatement;
    ASTA_ASSIGN_OR_RETURN(r.statement, String(j, "statement", at + ".statement", true));
    ASTA_RETURN_IF_ERROR(Expect(!r.statement.empty(), at + ".statement", "must not be empty"));
    ASTA_ASSIGN_OR_RETURN(const std::int64_t chars,
                          Integer(j, "min_chars", at + ".min_chars", 1, 100000));
    r.min_chars = static_cast<int>(chars);
    ASTA_ASSIGN_OR_RETURN(r.label_en, String(j, "label_en", at + ".label_en", false));
    ASTA_ASSIGN_OR_RETURN(r.label_ja, String(j, "label_ja", at + ".label_ja", false));
    if (r.label_en.empty()) r.label_en = r.statement;
    if (r.label_ja.empty()) r.label_ja = r.label_en;
  } else {
    return InvalidArgument(at + ".kind: unknown rule kind \"" + kind +
                               "\" (min_countries, countries_in_group, lead_from_funder_country, "
                               "members_fundable, org_type, budget_max, budget_currency, "
                               "statement)",
                           at + ".kind");
  }
  return r;
}

Result<std::vector<Rule>> ParseRules(const Json& j, const std::string& at,
                                     const std::map<std::string, GroupInfo>& groups,
                                     const std::vector<Funder>& funders,
                                     std::set<std::string>& used_groups) {
  std::vector<Rule> out;
  if (j.is_null()) return out;
  ASTA_RETURN_IF_ERROR(Expect(j.is_array(), at, "must be a list"));
  for (std::size_t i = 0; i < j.size(); ++i) {
    ASTA_ASSIGN_OR_RETURN(Rule r,
                          ParseRule(j[i], at + "[" + std::to_string(i) + "]", groups, funders));
    if (r.kind == RuleKind::kCountriesInGroup) used_groups.insert(r.group);
    out.push_back(std::move(r));
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Messages.

// 12345678 -> "12,345,678".
std::string Amount(std::int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string MemberName(const Member& m, std::size_t i) {
  return m.name.empty() ? "member " + std::to_string(i + 1) : m.name;
}

std::string MemberNameJa(const Member& m, std::size_t i) {
  return m.name.empty() ? "メンバー" + std::to_string(i + 1) : m.name;
}

std::set<std::string> FundedCountries(const CallRules& call) {
  std::set<std::string> out;
  for (const Funder& f : call.funders) out.insert(f.countries.begin(), f.countries.end());
  return out;
}

const Funder* FindFunder(const CallRules& call, const std::string& agency) {
  for (const Funder& f : call.funders) {
    if (f.agency == agency) return &f;
  }
  return nullptr;
}

std::set<std::string> TeamCountries(const Draft& d) {
  std::set<std::string> out;
  for (const Member& m : d.team) {
    if (!m.country.empty()) out.insert(m.country);
  }
  return out;
}

void Fail(Verdict& v, std::string field, std::string en, std::string ja) {
  if (!v.ok) return;  // the first failure of a rule is the one shown
  v.ok = false;
  v.field = std::move(field);
  v.message_en = std::move(en);
  v.message_ja = std::move(ja);
}

void Apply(const Rule& r, const CallRules& call, const Draft& d, Verdict& v) {
  switch (r.kind) {
    case RuleKind::kMinCountries: {
      const std::size_t n = TeamCountries(d).size();
      if (n < static_cast<std::size_t>(r.min)) {
        Fail(v, "team",
             "The team has members from " + std::to_string(n) +
                 (n == 1 ? " country" : " countries") + "; this call needs at least " +
                 std::to_string(r.min) + ".",
             "チームの参加国は" + std::to_string(n) + "か国です。この公募では" +
                 std::to_string(r.min) + "か国以上が必要です。");
      }
      break;
    }
    case RuleKind::kCountriesInGroup: {
      const GroupInfo& g = call.groups.at(r.group);
      std::set<std::string> in;
      for (const std::string& c : TeamCountries(d)) {
        if (g.countries.count(c)) in.insert(c);
      }
      if (in.size() < static_cast<std::size_t>(r.min)) {
        Fail(v, "team",
             "The team has " + std::to_string(in.size()) +
                 (in.size() == 1 ? " country" : " countries") + " among " + g.name_en +
                 (in.empty() ? "" : " (" + Join(in) + ")") + "; at least " + std::to_string(r.min) +
                 " " + (r.min == 1 ? "is" : "are") + " needed.",
             g.name_ja + "からの参加は" + std::to_string(in.size()) + "か国" +
                 (in.empty() ? "" : "（" + Join(in) + "）") + "です。" + std::to_string(r.min) +
                 "か国以上が必要です。");
      }
      break;
    }
    case RuleKind::kLeadFromFunderCountry: {
      std::vector<std::size_t> leads;
      for (std::size_t i = 0; i < d.team.size(); ++i) {
        if (d.team[i].role == Role::kLead) leads.push_back(i);
      }
      if (leads.empty()) {
        Fail(v, "team", "The team has no lead: give one member the role \"lead\".",
             "代表者がいません。メンバーの一人の役割を「lead」（代表者）にしてください。");
      } else if (leads.size() > 1) {
        Fail(v, "team[" + std::to_string(leads[1]) + "].role",
             "The team has " + std::to_string(leads.size()) + " leads; a proposal has one.",
             "代表者が" + std::to_string(leads.size()) + "人います。代表者は一人です。");
      } else {
        const Member& lead = d.team[leads[0]];
        const Funder* only = r.funder.empty() ? nullptr : FindFunder(call, r.funder);
        const std::set<std::string> funded = only ? only->countries : FundedCountries(call);
        const std::string field = "team[" + std::to_string(leads[0]) + "].country";
        if (lead.country.empty()) {
          Fail(v, field, "The lead has no country yet.", "代表者の国が入力されていません。");
        } else if (!funded.count(lead.country) && only != nullptr) {
          Fail(v, field,
               "The lead, " + MemberName(lead, leads[0]) + ", is from " + lead.country +
                   "; the lead must be from a country " + only->agency + " funds (" + Join(funded) +
                   ").",
               "代表者（" + MemberNameJa(lead, leads[0]) + "）の国は" + lead.country +
                   "です。代表者は" + only->agency + "の対象国（" + Join(funded) +
                   "）の所属である必要があります。");
        } else if (!funded.count(lead.country)) {
          Fail(v, field,
               "The lead, " + MemberName(lead, leads[0]) + ", is from " + lead.country +
                   ", which no funder of this call funds (" + Join(funded) + ").",
               "代表者（" + MemberNameJa(lead, leads[0]) + "）の国" + lead.country +
                   "は、この公募のどの資金配分機関の対象国でもありません（対象: " + Join(funded) +
                   "）。");
        }
      }
      break;
    }
    case RuleKind::kMembersFundable: {
      const std::set<std::string> funded = FundedCountries(call);
      for (std::size_t i = 0; i < d.team.size(); ++i) {
        const Member& m = d.team[i];
        if (m.country.empty() || funded.count(m.country)) continue;
        Fail(v, "team[" + std::to_string(i) + "].country",
             MemberName(m, i) + " is from " + m.country + ", which no funder of this call funds (" +
                 Join(funded) + ").",
             MemberNameJa(m, i) + "の国" + m.country +
                 "は、この公募のどの資金配分機関の対象国でもありません（対象: " + Join(funded) +
                 "）。");
      }
      break;
    }
    case RuleKind::kOrgType: {
      std::size_t n = 0;
      for (const Member& m : d.team) n += m.org_type == r.org_type;
      if (n < static_cast<std::size_t>(r.min)) {
        Fail(v, "team",
             "The team has " + std::to_string(n) + (n == 1 ? " member" : " members") +
                 " from an organisation of type \"" + r.org_type + "\"; at least " +
                 std::to_string(r.min) + " " + (r.min == 1 ? "is" : "are") + " needed.",
             "種別「" + r.org_type + "」の機関に所属するメンバーは" + std::to_string(n) +
                 "人です。" + std::to_string(r.min) + "人以上が必要です。");
      }
      break;
    }
    case RuleKind::kBudgetMax: {
      // Sums by (funder, year or team), in the order first met, so the message is stable.
      std::vector<std::pair<std::string, std::string>> keys;
      std::map<std::pair<std::string, std::string>, std::int64_t> sums;
      for (const BudgetLine& b : d.budget) {
        if (!r.funder.empty() && b.funder != r.funder) continue;
        std::string second;
        if (r.per == BudgetPer::kFunderYear) second = std::to_string(b.year);
        if (r.per == BudgetPer::kTeam) second = b.team;
        const auto key = std::make_pair(b.funder, second);
        if (!sums.count(key)) keys.push_back(key);
        sums[key] += b.amount;
      }
      for (const auto& key : keys) {
        const std::int64_t sum = sums[key];
        if (sum <= r.max) continue;
        const Funder* f = FindFunder(call, key.first);
        const std::string currency = f ? f->currency : "";
        std::string scope_en = key.first + " budget", scope_ja = key.first + "への申請額";
        if (r.per == BudgetPer::kFunderYear) {
          scope_en += " for " + key.second;
          scope_ja = key.first + "への" + key.second + "年度の申請額";
        } else if (r.per == BudgetPer::kTeam) {
          scope_en += " of team " + (key.second.empty() ? "(none)" : key.second);
          scope_ja = "チーム" + (key.second.empty() ? "（なし）" : key.second) + "の" + key.first +
                     "への申請額";
        }
        const char* per_en = r.per == BudgetPer::kFunder       ? ""
                             : r.per == BudgetPer::kFunderYear ? " a year"
                                                               : " a team";
        const char* per_ja = r.per == BudgetPer::kFunder       ? ""
                             : r.per == BudgetPer::kFunderYear ? "（年度あたり）"
                                                               : "（チームあたり）";
        Fail(v, "budget",
             "The " + scope_en + " is " + Amount(sum) + " " + currency + "; the limit is " +
                 Amount(r.max) + " " + currency + per_en + ".",
             scope_ja + "は" + Amount(sum) + " " + currency + "です。上限は" + Amount(r.max) + " " +
                 currency + per_ja + "です。");
      }
      break;
    }
    case RuleKind::kBudgetCurrency: {
      for (std::size_t i = 0; i < d.budget.size(); ++i) {
        const BudgetLine& b = d.budget[i];
        const std::string at = "budget[" + std::to_string(i) + "]";
        const Funder* f = FindFunder(call, b.funder);
        if (f == nullptr) {
          std::set<std::string> agencies;
          for (const Funder& x : call.funders) agencies.insert(x.agency);
          Fail(v, at + ".funder",
               "Budget line " + std::to_string(i + 1) + " asks " + b.funder +
                   ", which does not fund this call (" + Join(agencies) + ").",
               "予算の" + std::to_string(i + 1) + "行目の配分機関" + b.funder +
                   "はこの公募の資金配分機関ではありません（" + Join(agencies) + "）。");
        } else if (b.currency != f->currency) {
          Fail(v, at + ".currency",
               "Budget line " + std::to_string(i + 1) + " is in " + b.currency + "; " + f->agency +
                   " pays in " + f->currency + ".",
               "予算の" + std::to_string(i + 1) + "行目の通貨は" + b.currency + "です。" +
                   f->agency + "の通貨は" + f->currency + "です。");
        }
      }
      break;
    }
    case RuleKind::kSlotExists:
      break;  // Evaluate decides it
    case RuleKind::kStatement: {
      const auto it = d.statements.find(r.statement);
      const std::size_t n = it == d.statements.end() ? 0 : CodePoints(it->second);
      if (n < static_cast<std::size_t>(r.min_chars)) {
        Fail(v, "statements." + r.statement,
             "The " + r.label_en + " has " + std::to_string(n) + " characters; at least " +
                 std::to_string(r.min_chars) + " are needed.",
             "「" + r.label_ja + "」は" + std::to_string(n) + "文字です。" +
                 std::to_string(r.min_chars) + "文字以上が必要です。");
      }
      break;
    }
  }
}

}  // namespace

std::map<std::string, GroupInfo> BuiltInGroups() {
  std::map<std::string, GroupInfo> out;
  for (const auto& [code, g] : BuiltInCountryGroups()) {
    out[code] = GroupInfo{g.name_en, g.name_ja, g.countries};
  }
  return out;
}

Result<CallRules> ParseCallRules(const Json& json, const std::map<std::string, GroupInfo>& groups) {
  ASTA_RETURN_IF_ERROR(Expect(json.is_object(), "rules", "must be an object"));
  CallRules call;
  const Json funders = json.value("funders", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(funders.is_array(), "funders", "must be a list"));
  for (std::size_t i = 0; i < funders.size(); ++i) {
    const std::string at = "funders[" + std::to_string(i) + "]";
    const Json& j = funders[i];
    ASTA_RETURN_IF_ERROR(Expect(j.is_object(), at, "must be an object"));
    Funder f;
    ASTA_ASSIGN_OR_RETURN(f.agency, String(j, "agency", at + ".agency", true));
    ASTA_RETURN_IF_ERROR(Expect(!f.agency.empty(), at + ".agency", "must not be empty"));
    ASTA_RETURN_IF_ERROR(
        Expect(FindFunder(call, f.agency) == nullptr, at + ".agency", "funds this call twice"));
    ASTA_ASSIGN_OR_RETURN(f.currency, String(j, "currency", at + ".currency", true));
    ASTA_RETURN_IF_ERROR(Currency(f.currency, at + ".currency"));
    ASTA_ASSIGN_OR_RETURN(f.budget, Integer(j, "budget", at + ".budget", 0, kMaxAmount));
    const Json countries = j.value("countries", Json::array());
    ASTA_RETURN_IF_ERROR(Expect(countries.is_array() && !countries.empty(), at + ".countries",
                                "must list the countries whose teams it funds"));
    for (std::size_t k = 0; k < countries.size(); ++k) {
      const std::string cat = at + ".countries[" + std::to_string(k) + "]";
      ASTA_RETURN_IF_ERROR(Expect(countries[k].is_string(), cat, "must be a country code"));
      ASTA_ASSIGN_OR_RETURN(std::string c, Country(countries[k].get<std::string>(), cat));
      f.countries.insert(std::move(c));
    }
    call.funders.push_back(std::move(f));
  }
  std::set<std::string> used;
  ASTA_ASSIGN_OR_RETURN(
      call.rules, ParseRules(json.value("rules", Json()), "rules", groups, call.funders, used));
  const Json slots = json.value("slots", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(slots.is_array(), "slots", "must be a list"));
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const std::string at = "slots[" + std::to_string(i) + "]";
    const Json& j = slots[i];
    ASTA_RETURN_IF_ERROR(Expect(j.is_object(), at, "must be an object"));
    Slot s;
    ASTA_ASSIGN_OR_RETURN(s.code, String(j, "code", at + ".code", true));
    ASTA_RETURN_IF_ERROR(Expect(!s.code.empty(), at + ".code", "must not be empty"));
    for (const Slot& other : call.slots) {
      ASTA_RETURN_IF_ERROR(Expect(other.code != s.code, at + ".code", "appears twice"));
    }
    ASTA_ASSIGN_OR_RETURN(s.name_en, String(j, "name_en", at + ".name_en", false));
    ASTA_ASSIGN_OR_RETURN(s.name_ja, String(j, "name_ja", at + ".name_ja", false));
    if (s.name_en.empty()) s.name_en = s.code;
    if (s.name_ja.empty()) s.name_ja = s.name_en;
    ASTA_ASSIGN_OR_RETURN(
        s.rules, ParseRules(j.value("rules", Json()), at + ".rules", groups, call.funders, used));
    call.slots.push_back(std::move(s));
  }
  for (const std::string& g : used) call.groups[g] = groups.at(g);
  return call;
}

Result<Draft> ParseDraft(const Json& json) {
  ASTA_RETURN_IF_ERROR(Expect(json.is_object(), "proposal", "must be an object"));
  Draft d;
  ASTA_ASSIGN_OR_RETURN(d.slot, String(json, "slot", "slot", false));
  const Json team = json.value("team", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(team.is_array(), "team", "must be a list"));
  for (std::size_t i = 0; i < team.size(); ++i) {
    const std::string at = "team[" + std::to_string(i) + "]";
    const Json& j = team[i];
    ASTA_RETURN_IF_ERROR(Expect(j.is_object(), at, "must be an object"));
    Member m;
    ASTA_ASSIGN_OR_RETURN(m.name, String(j, "name", at + ".name", false));
    ASTA_ASSIGN_OR_RETURN(const std::string role, String(j, "role", at + ".role", false));
    if (role.empty() || role == "member") {
      m.role = Role::kMember;
    } else if (role == "lead") {
      m.role = Role::kLead;
    } else if (role == "co_lead") {
      m.role = Role::kCoLead;
    } else {
      return InvalidArgument(at + ".role: must be lead, co_lead or member", at + ".role");
    }
    ASTA_ASSIGN_OR_RETURN(const std::string country, String(j, "country", at + ".country", false));
    if (!country.empty()) {
      ASTA_ASSIGN_OR_RETURN(m.country, Country(country, at + ".country"));
    }
    ASTA_ASSIGN_OR_RETURN(m.org_type, String(j, "org_type", at + ".org_type", false));
    ASTA_ASSIGN_OR_RETURN(m.team, String(j, "team", at + ".team", false));
    d.team.push_back(std::move(m));
  }
  const Json budget = json.value("budget", Json::array());
  ASTA_RETURN_IF_ERROR(Expect(budget.is_array(), "budget", "must be a list"));
  for (std::size_t i = 0; i < budget.size(); ++i) {
    const std::string at = "budget[" + std::to_string(i) + "]";
    const Json& j = budget[i];
    ASTA_RETURN_IF_ERROR(Expect(j.is_object(), at, "must be an object"));
    BudgetLine b;
    ASTA_ASSIGN_OR_RETURN(b.funder, String(j, "funder", at + ".funder", true));
    ASTA_ASSIGN_OR_RETURN(const std::int64_t year, Integer(j, "year", at + ".year", 2000, 2100));
    b.year = static_cast<int>(year);
    ASTA_ASSIGN_OR_RETURN(b.category, String(j, "category", at + ".category", false));
    ASTA_ASSIGN_OR_RETURN(b.team, String(j, "team", at + ".team", false));
    ASTA_ASSIGN_OR_RETURN(b.amount, Integer(j, "amount", at + ".amount", 0, kMaxAmount));
    ASTA_ASSIGN_OR_RETURN(b.currency, String(j, "currency", at + ".currency", true));
    ASTA_RETURN_IF_ERROR(Currency(b.currency, at + ".currency"));
    d.budget.push_back(std::move(b));
  }
  const Json statements = json.value("statements", Json::object());
  ASTA_RETURN_IF_ERROR(Expect(statements.is_object(), "statements", "must be an object"));
  for (const auto& [key, value] : statements.items()) {
    ASTA_RETURN_IF_ERROR(Expect(value.is_string(), "statements." + key, "must be a string"));
    d.statements[key] = value.get<std::string>();
  }
  return d;
}

std::string Describe(const Rule& r, const CallRules& call, bool ja) {
  const std::string n = std::to_string(r.min);
  switch (r.kind) {
    case RuleKind::kMinCountries:
      return ja ? "チームに" + n + "か国以上が参加していること。"
                : "At least " + n + (r.min == 1 ? " country" : " countries") + " in the team.";
    case RuleKind::kCountriesInGroup: {
      const GroupInfo& g = call.groups.at(r.group);
      return ja ? g.name_ja + "から" + n + "か国以上が参加していること。"
                : "At least " + n + (r.min == 1 ? " country" : " countries") + " among " +
                      g.name_en + " in the team.";
    }
    case RuleKind::kLeadFromFunderCountry:
      if (!r.funder.empty()) {
        return ja ? "代表者が一人で、" + r.funder + "の対象国の所属であること。"
                  : "One lead, from a country " + r.funder + " funds.";
      }
      return ja ? "代表者が一人で、資金配分機関の対象国の所属であること。"
                : "One lead, from a country a funder of the call funds.";
    case RuleKind::kMembersFundable:
      return ja ? "全メンバーが資金配分機関の対象国の所属であること。"
                : "Every member from a country a funder of the call funds.";
    case RuleKind::kOrgType:
      return ja ? "種別「" + r.org_type + "」の機関のメンバーが" + n + "人以上いること。"
                : "At least " + n + (r.min == 1 ? " member" : " members") +
                      " from an organisation of type \"" + r.org_type + "\".";
    case RuleKind::kBudgetMax: {
      const Funder* f = r.funder.empty() ? nullptr : FindFunder(call, r.funder);
      const std::string cur = f ? " " + f->currency : "";
      const std::string who_en = r.funder.empty() ? "each funder" : r.funder;
      const std::string who_ja = r.funder.empty() ? "各資金配分機関" : r.funder;
      const char* per_en = r.per == BudgetPer::kFunder       ? ""
                           : r.per == BudgetPer::kFunderYear ? " a year"
                                                             : " a team";
      const char* per_ja = r.per == BudgetPer::kFunder       ? ""
                           : r.per == BudgetPer::kFunderYear ? "年度あたり"
                                                             : "チームあたり";
      return ja ? who_ja + "への申請額が" + per_ja + Amount(r.max) + cur + "以下であること。"
                : "At most " + Amount(r.max) + cur + per_en + " from " + who_en + ".";
    }
    case RuleKind::kBudgetCurrency:
      return ja ? "予算の各行が公募の資金配分機関宛てで、その機関の通貨であること。"
                : "Each budget line to a funder of the call, in its currency.";
    case RuleKind::kSlotExists:
      return ja ? "提案の枠が公募の枠のいずれかであること。"
                : "The proposal's slot is one of the call's.";
    case RuleKind::kStatement:
      return ja ? "「" + r.label_ja + "」を" + std::to_string(r.min_chars) +
                      "文字以上記述すること。"
                : "A " + r.label_en + " of at least " + std::to_string(r.min_chars) +
                      " characters.";
  }
  return {};
}

Check Evaluate(const CallRules& call, const Draft& d) {
  Check check;
  const auto run = [&](const std::vector<Rule>& rules, const std::string& slot) {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      Verdict v;
      v.slot = slot;
      v.rule = i;
      v.kind = rules[i].kind;
      v.rule_en = Describe(rules[i], call, false);
      v.rule_ja = Describe(rules[i], call, true);
      Apply(rules[i], call, d, v);
      // A member without a country fails every rule about countries, naming the member.
      if (v.ok && (v.kind == RuleKind::kMinCountries || v.kind == RuleKind::kCountriesInGroup ||
                   v.kind == RuleKind::kMembersFundable)) {
        for (std::size_t k = 0; k < d.team.size(); ++k) {
          if (!d.team[k].country.empty()) continue;
          Fail(v, "team[" + std::to_string(k) + "].country",
               MemberName(d.team[k], k) + " has no country: every team member needs one.",
               MemberNameJa(d.team[k], k) + "の国が入力されていません。全メンバーに国が必要です。");
        }
      }
      check.eligible = check.eligible && v.ok;
      check.verdicts.push_back(std::move(v));
    }
  };
  run(call.rules, "");
  if (!d.slot.empty()) {
    const auto it = std::find_if(call.slots.begin(), call.slots.end(),
                                 [&](const Slot& s) { return s.code == d.slot; });
    if (it == call.slots.end()) {
      Verdict v;
      v.slot = d.slot;
      v.kind = RuleKind::kSlotExists;
      std::set<std::string> codes;
      for (const Slot& s : call.slots) codes.insert(s.code);
      Fail(v, "slot",
           "This call has no slot \"" + d.slot + "\"" +
               (codes.empty() ? "." : " (slots: " + Join(codes) + ")."),
           "この公募に枠「" + d.slot + "」はありません" +
               (codes.empty() ? "。" : "（枠: " + Join(codes) + "）。"));
      v.rule_en = Describe(Rule{RuleKind::kSlotExists}, call, false);
      v.rule_ja = Describe(Rule{RuleKind::kSlotExists}, call, true);
      check.eligible = false;
      check.verdicts.push_back(std::move(v));
    } else {
      run(it->rules, it->code);
    }
  }
  return check;
}

Json ToJson(const Check& check) {
  static const char* const kKinds[] = {
      "min_countries",    "countries_in_group", "lead_from_funder_country",
      "members_fundable", "org_type",           "budget_max",
      "budget_currency",  "statement",          "slot"};
  Json verdicts = Json::array();
  for (const Verdict& v : check.verdicts) {
    Json j = {{"slot", v.slot}, {"rule", v.rule},       {"kind", kKinds[static_cast<int>(v.kind)]},
              {"ok", v.ok},     {"rule_en", v.rule_en}, {"rule_ja", v.rule_ja}};
    if (!v.ok) {
      j["field"] = v.field;
      j["message_en"] = v.message_en;
      j["message_ja"] = v.message_ja;
    }
    verdicts.push_back(std::move(j));
  }
  return {{"eligible", check.eligible}, {"verdicts", verdicts}};
}

}  // namespace asta::programmes
