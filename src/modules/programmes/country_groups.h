// Country groups that calls name in their eligibility rules: ASEAN members, APEC
// economies, African Union members, and countries eligible for official development
// assistance (the OECD DAC list of ODA recipients). These are the built-in seed of
// maintained data: membership changes (Timor-Leste joined ASEAN in 2025; the DAC list is
// revised every three years), so a deployment keeps its own copy, seeded from these
// tables, that administrators edit; the eligibility rules take groups as a parameter and
// never read these tables directly. Pure functions over constant tables; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace asta::programmes {

struct CountryGroup {
  std::string code;                 // "asean"
  std::string name_en;              // "ASEAN member states"
  std::string name_ja;              // "ASEAN加盟国"
  std::string source;               // where the list comes from and as of when
  std::set<std::string> countries;  // ISO 3166-1 alpha-2 (XK for Kosovo, EH for the SADR)
};

// The built-in groups, by code: "asean", "apec", "african-union", "oda".
const std::map<std::string, CountryGroup>& BuiltInCountryGroups();

}  // namespace asta::programmes
