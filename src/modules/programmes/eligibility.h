// Eligibility rules of a call: declarative, written by programme officers in the call
// editor (JSON below), shown to applicants as sentences in Japanese and English, and
// checked live while a proposal is edited and again at submission. Every rule yields a
// verdict, so the applicant sees a checklist; a failed verdict names the field to fix and
// says why in both languages. Pure computation over a call's funders, slots, rules and
// country groups and a proposal draft: no storage, no clock. Thread-safe (no shared
// state). Cost: linear in team size and budget lines per rule.
//
// Call rules as JSON:
//   {"funders": [{"agency": "JST", "currency": "JPY", "budget": 90000000,
//                 "countries": ["JP"]}, ...],
//    "rules":   [{"kind": "min_countries", "min": 3}, ...],
//    "slots":   [{"code": "oda", "name_en": "...", "name_ja": "...", "rules": [...]}]}
// Rule kinds and their parameters:
//   min_countries            min                 distinct countries in the team
//   countries_in_group       group, min          distinct team countries in a country group
//   lead_from_funder_country funder?             one lead, from a country a funder (that
//                                                funder, when given) funds
//   members_fundable                             every member from a country a funder funds
//   org_type                 org_type, min       members from organisations of that type
//   budget_max               per, max, funder?   per "funder", "funder_year" or "team"
//                                                (a team's request from one funder); only
//                                                that funder's lines when funder is given
//   budget_currency                              each budget line to a funder of the call,
//                                                in that funder's currency
//   statement                statement, min_chars, label_en?, label_ja?
//                                                a written statement of at least min_chars
//                                                characters (a slot's policy requirement)
// A slot's rules apply only to proposals in that slot.
//
// A proposal draft as JSON:
//   {"slot": "oda" | "",
//    "team": [{"name": "...", "role": "lead" | "co_lead" | "member", "country": "JP",
//              "org_type": "university", "team": "JP"}],
//    "budget": [{"funder": "JST", "year": 2027, "category": "personnel", "team": "JP",
//                "amount": 1000000, "currency": "JPY"}],
//    "statements": {"policy_requirement": "..."}}
// Amounts are whole units of the currency. A member's country may be empty while a draft
// is being written: the check then fails naming that member's country field.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace asta::programmes {

enum class Role { kLead, kCoLead, kMember };

struct Member {
  std::string name;
  Role role = Role::kMember;
  std::string country;  // ISO alpha-2, or "" while not yet given
  std::string org_type;
  std::string team;  // the team (usually a country's) the member belongs to
};

struct BudgetLine {
  std::string funder;  // agency code
  int year = 0;
  std::string category;
  std::string team;
  std::int64_t amount = 0;
  std::string currency;  // ISO 4217
};

struct Draft {
  std::string slot;  // "" = the call's general track
  std::vector<Member> team;
  std::vector<BudgetLine> budget;
  std::map<std::string, std::string> statements;
};

struct Funder {
  std::string agency;
  std::string currency;
  std::int64_t budget = 0;
  std::set<std::string> countries;  // the countries whose teams it pays for
};

enum class RuleKind {
  kMinCountries,
  kCountriesInGroup,
  kLeadFromFunderCountry,
  kMembersFundable,
  kOrgType,
  kBudgetMax,
  kBudgetCurrency,
  kStatement,
  kSlotExists,  // not written in rules: the verdict on a draft naming a slot the call lacks
};

enum class BudgetPer { kFunder, kFunderYear, kTeam };

struct Rule {
  RuleKind kind = RuleKind::kMinCountries;
  int min = 0;                         // kMinCountries, kCountriesInGroup, kOrgType
  std::string group;                   // kCountriesInGroup
  std::string org_type;                // kOrgType
  BudgetPer per = BudgetPer::kFunder;  // kBudgetMax
  std::string funder;                  // kBudgetMax, kLeadFromFunderCountry: "" = every funder
  std::int64_t max = 0;                // kBudgetMax
  std::string statement;               // kStatement: the key in Draft::statements
  int min_chars = 0;                   // kStatement
  std::string label_en, label_ja;      // kStatement: what the statement is, for messages
};

struct Slot {
  std::string code;
  std::string name_en, name_ja;
  std::vector<Rule> rules;
};

// A country group as the rules see it (seeded from country_groups.h, maintained data).
struct GroupInfo {
  std::string name_en, name_ja;
  std::set<std::string> countries;
};

struct CallRules {
  std::vector<Funder> funders;
  std::vector<Rule> rules;
  std::vector<Slot> slots;
  std::map<std::string, GroupInfo> groups;  // those the rules name
};

struct Verdict {
  std::string slot;      // "" for the call's own rules
  std::size_t rule = 0;  // index in the call's (or the slot's) rules
  RuleKind kind = RuleKind::kMinCountries;
  bool ok = true;
  std::string field;  // the draft field to fix ("team", "team[2].country", "budget[0]", ...)
  std::string message_en, message_ja;  // why it failed; empty when ok
  std::string rule_en, rule_ja;        // the rule as a sentence
};

struct Check {
  bool eligible = true;
  std::vector<Verdict> verdicts;  // the call's rules, then the slot's, in order
};

// The call's rules from JSON, with the country groups available. kInvalidArgument naming
// the field ("rules[2].min", "slots[0].rules[1].group", "funders[1].currency") for
// anything malformed: unknown kinds or groups, counts below 1, unknown countries or
// currencies, duplicate funders or slots.
Result<CallRules> ParseCallRules(const Json& json, const std::map<std::string, GroupInfo>& groups);

// The draft from JSON. kInvalidArgument naming the field for wrong types, unknown roles,
// malformed country or currency codes, negative amounts. An empty country is accepted
// (Evaluate reports it).
Result<Draft> ParseDraft(const Json& json);

// Every rule's verdict for the draft. Never fails: a draft that breaks a rule gets a
// failed verdict naming the field, including a slot the call does not have and members
// without a country.
Check Evaluate(const CallRules& call, const Draft& draft);

// The rule as a sentence for applicants: "At least 3 countries in the team." / 「チームに
// 3か国以上が参加していること。」.
std::string Describe(const Rule& rule, const CallRules& call, bool japanese);

Json ToJson(const Check& check);

// The groups of country_groups.h as GroupInfo.
std::map<std::string, GroupInfo> BuiltInGroups();

}  // namespace asta::programmes
