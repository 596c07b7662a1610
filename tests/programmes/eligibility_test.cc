// Eligibility rules: the golden tables of tests/golden/eligibility/*.jsonl (a proposal and
// a call's rules -> every failed verdict, its field and its message in English and
// Japanese; malformed rules and drafts -> the field named), and the built-in country
// groups.
#include "modules/programmes/eligibility.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/countries.h"
#include "modules/programmes/country_groups.h"

namespace asta::programmes {
namespace {

namespace fs = std::filesystem;

struct Line {
  std::string file;
  int number = 0;
  Json json;
};

std::vector<Line> GoldenLines() {
  std::vector<Line> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(ASTA_GOLDEN_DIR) / "eligibility")) {
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::ifstream in(f);
    std::string text;
    int n = 0;
    while (std::getline(in, text)) {
      ++n;
      if (text.empty() || text[0] == '#') continue;
      Line line{f.filename().string(), n, Json::parse(text, nullptr, false)};
      EXPECT_FALSE(line.json.is_discarded()) << line.file << ":" << n << ": not JSON";
      out.push_back(std::move(line));
    }
  }
  return out;
}

TEST(EligibilityGoldenTest, EveryCaseGetsItsVerdictsAndMessages) {
  const std::map<std::string, GroupInfo> groups = BuiltInGroups();
  std::map<std::string, CallRules> calls;
  std::size_t cases = 0, failures_checked = 0, errors_checked = 0;
  for (const Line& line : GoldenLines()) {
    const std::string where = line.file + ":" + std::to_string(line.number);
    const Json& j = line.json;
    if (j.contains("define")) {  // a call's rules, used by later lines
      auto call = ParseCallRules(j["rules"], groups);
      ASSERT_TRUE(call.has_value()) << where << ": " << call.error().ToString();
      calls[j["define"].get<std::string>()] = *call;
      continue;
    }
    ++cases;
    const std::string name = where + " (" + j.value("case", "") + ")";
    if (j.contains("rules")) {  // malformed rules
      auto call = ParseCallRules(j["rules"], groups);
      ASSERT_FALSE(call.has_value()) << name << ": rules accepted";
      EXPECT_EQ(call.error().field, j["error_field"].get<std::string>()) << name;
      EXPECT_NE(call.error().message.find(j["error"].get<std::string>()), std::string::npos)
          << name << ": " << call.error().message;
      ++errors_checked;
      continue;
    }
    ASSERT_TRUE(calls.count(j["call"].get<std::string>())) << name << ": no such call";
    const CallRules& call = calls[j["call"].get<std::string>()];
    auto draft = ParseDraft(j["proposal"]);
    if (j.contains("error_field")) {  // malformed draft
      ASSERT_FALSE(draft.has_value()) << name << ": draft accepted";
      EXPECT_EQ(draft.error().field, j["error_field"].get<std::string>()) << name;
      EXPECT_NE(draft.error().message.find(j["error"].get<std::string>()), std::string::npos)
          << name << ": " << draft.error().message;
      ++errors_checked;
      continue;
    }
    ASSERT_TRUE(draft.has_value()) << name << ": " << draft.error().ToString();
    const Check check = Evaluate(call, *draft);
    EXPECT_EQ(check.eligible, j["eligible"].get<bool>()) << name << "\n" << ToJson(check).dump(1);
    std::vector<Json> failed;
    for (const Verdict& v : check.verdicts) {
      if (!v.ok) failed.push_back({{"field", v.field}, {"en", v.message_en}, {"ja", v.message_ja}});
    }
    const Json expected = j.value("failures", Json::array());
    EXPECT_EQ(Json(failed), expected)
        << name << "\nactual:   " << Json(failed).dump() << "\nexpected: " << expected.dump();
    // One verdict per rule of the call, and of the slot when the draft is in one.
    std::size_t rules = call.rules.size();
    for (const Slot& s : call.slots) {
      if (s.code == draft->slot) rules += s.rules.size();
    }
    if (!draft->slot.empty() && rules == call.rules.size()) ++rules;  // the missing slot's
    EXPECT_EQ(check.verdicts.size(), rules) << name;
    failures_checked += failed.size();
  }
  EXPECT_GE(cases, 20u);
  EXPECT_GE(failures_checked, 15u);
  EXPECT_GE(errors_checked, 6u);
}

TEST(EligibilityTest, RulesReadAsSentencesInBothLanguages) {
  auto call = ParseCallRules(Json::parse(R"({
      "funders": [{"agency": "JST", "currency": "JPY", "budget": 100, "countries": ["JP"]}],
      "rules": [{"kind": "min_countries", "min": 3},
                {"kind": "countries_in_group", "group": "asean", "min": 2},
                {"kind": "budget_max", "per": "funder_year", "funder": "JST", "max": 10000000}]})"),
                             BuiltInGroups());
  ASSERT_TRUE(call.has_value()) << call.error().ToString();
  EXPECT_EQ(Describe(call->rules[0], *call, false), "At least 3 countries in the team.");
  EXPECT_EQ(Describe(call->rules[0], *call, true), "チームに3か国以上が参加していること。");
  EXPECT_EQ(Describe(call->rules[1], *call, false),
            "At least 2 countries among ASEAN member states in the team.");
  EXPECT_EQ(Describe(call->rules[2], *call, false), "At most 10,000,000 JPY a year from JST.");
  EXPECT_EQ(Describe(call->rules[2], *call, true),
            "JSTへの申請額が年度あたり10,000,000 JPY以下であること。");
}

TEST(CountryGroupsTest, MembershipsAsPublished) {
  const auto& g = BuiltInCountryGroups();
  EXPECT_EQ(g.at("asean").countries.size(), 11u);  // with Timor-Leste (2025)
  EXPECT_EQ(g.at("apec").countries.size(), 21u);
  EXPECT_EQ(g.at("african-union").countries.size(), 55u);
  EXPECT_TRUE(g.at("oda").countries.count("KE"));
  EXPECT_TRUE(g.at("oda").countries.count("VN"));
  EXPECT_FALSE(g.at("oda").countries.count("JP"));
  EXPECT_FALSE(g.at("oda").countries.count("SG"));  // a high-income economy
  EXPECT_FALSE(g.at("oda").countries.count("KR"));  // a DAC member
  for (const auto& [code, group] : g) {
    EXPECT_FALSE(group.name_en.empty()) << code;
    EXPECT_FALSE(group.name_ja.empty()) << code;
    for (const std::string& c : group.countries) {
      EXPECT_TRUE(IsIsoCountryCode(c)) << code << " " << c;
    }
  }
}

}  // namespace
}  // namespace asta::programmes
