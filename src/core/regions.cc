#include "core/regions.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.h"

namespace asta {
namespace {

// Every ISO 3166-1 alpha-2 code with the index of its region in Regions(), sorted by
// code for binary search. Territories go with the region they lie in.
constexpr std::array<std::pair<std::string_view, int>, 250> kCountryRegion = {
    {{"AD", 6},  {"AE", 4},  {"AF", 2}, {"AG", 8}, {"AI", 8}, {"AL", 6}, {"AM", 6}, {"AO", 5},
     {"AQ", 10}, {"AR", 8},  {"AS", 9}, {"AT", 6}, {"AU", 9}, {"AW", 8}, {"AX", 6}, {"AZ", 6},
     {"BA", 6},  {"BB", 8},  {"BD", 2}, {"BE", 6}, {"BF", 5}, {"BG", 6}, {"BH", 4}, {"BI", 5},
     {"BJ", 5},  {"BL", 8},  {"BM", 7}, {"BN", 1}, {"BO", 8}, {"BQ", 8}, {"BR", 8}, {"BS", 8},
     {"BT", 2},  {"BV", 10}, {"BW", 5}, {"BY", 6}, {"BZ", 8}, {"CA", 7}, {"CC", 9}, {"CD", 5},
     {"CF", 5},  {"CG", 5},  {"CH", 6}, {"CI", 5}, {"CK", 9}, {"CL", 8}, {"CM", 5}, {"CN", 0},
     {"CO", 8},  {"CR", 8},  {"CU", 8}, {"CV", 5}, {"CW", 8}, {"CX", 9}, {"CY", 6}, {"CZ", 6},
     {"DE", 6},  {"DJ", 5},  {"DK", 6}, {"DM", 8}, {"DO", 8}, {"DZ", 4}, {"EC", 8}, {"EE", 6},
     {"EG", 4},  {"EH", 4},  {"ER", 5}, {"ES", 6}, {"ET", 5}, {"FI", 6}, {"FJ", 9}, {"FK", 8},
     {"FM", 9},  {"FO", 6},  {"FR", 6}, {"GA", 5}, {"GB", 6}, {"GD", 8}, {"GE", 6}, {"GF", 8},
     {"GG", 6},  {"GH", 5},  {"GI", 6}, {"GL", 7}, {"GM", 5}, {"GN", 5}, {"GP", 8}, {"GQ", 5},
     {"GR", 6},  {"GS", 10}, {"GT", 8}, {"GU", 9}, {"GW", 5}, {"GY", 8}, {"HK", 0}, {"HM", 9},
     {"HN", 8},  {"HR", 6},  {"HT", 8}, {"HU", 6}, {"ID", 1}, {"IE", 6}, {"IL", 4}, {"IM", 6},
     {"IN", 2},  {"IO", 2},  {"IQ", 4}, {"IR", 4}, {"IS", 6}, {"IT", 6}, {"JE", 6}, {"JM", 8},
     {"JO", 4},  {"JP", 0},  {"KE", 5}, {"KG", 3}, {"KH", 1}, {"KI", 9}, {"KM", 5}, {"KN", 8},
     {"KP", 0},  {"KR", 0},  {"KW", 4}, {"KY", 8}, {"KZ", 3}, {"LA", 1}, {"LB", 4}, {"LC", 8},
     {"LI", 6},  {"LK", 2},  {"LR", 5}, {"LS", 5}, {"LT", 6}, {"LU", 6}, {"LV", 6}, {"LY", 4},
     {"MA", 4},  {"MC", 6},  {"MD", 6}, {"ME", 6}, {"MF", 8}, {"MG", 5}, {"MH", 9}, {"MK", 6},
     {"ML", 5},  {"MM", 1},  {"MN", 0}, {"MO", 0}, {"MP", 9}, {"MQ", 8}, {"MR", 5}, {"MS", 8},
     {"MT", 6},  {"MU", 5},  {"MV", 2}, {"MW", 5}, {"MX", 8}, {"MY", 1}, {"MZ", 5}, {"NA", 5},
     {"NC", 9},  {"NE", 5},  {"NF", 9}, {"NG", 5}, {"NI", 8}, {"NL", 6}, {"NO", 6}, {"NP", 2},
     {"NR", 9},  {"NU", 9},  {"NZ", 9}, {"OM", 4}, {"PA", 8}, {"PE", 8}, {"PF", 9}, {"PG", 9},
     {"PH", 1},  {"PK", 2},  {"PL", 6}, {"PM", 7}, {"PN", 9}, {"PR", 8}, {"PS", 4}, {"PT", 6},
     {"PW", 9},  {"PY", 8},  {"QA", 4}, {"RE", 5}, {"RO", 6}, {"RS", 6}, {"RU", 6}, {"RW", 5},
     {"SA", 4},  {"SB", 9},  {"SC", 5}, {"SD", 5}, {"SE", 6}, {"SG", 1}, {"SH", 5}, {"SI", 6},
     {"SJ", 6},  {"SK", 6},  {"SL", 5}, {"SM", 6}, {"SN", 5}, {"SO", 5}, {"SR", 8}, {"SS", 5},
     {"ST", 5},  {"SV", 8},  {"SX", 8}, {"SY", 4}, {"SZ", 5}, {"TC", 8}, {"TD", 5}, {"TF", 10},
     {"TG", 5},  {"TH", 1},  {"TJ", 3}, {"TK", 9}, {"TL", 1}, {"TM", 3}, {"TN", 4}, {"TO", 9},
     {"TR", 6},  {"TT", 8},  {"TV", 9}, {"TW", 0}, {"TZ", 5}, {"UA", 6}, {"UG", 5}, {"UM", 9},
     {"US", 7},  {"UY", 8},  {"UZ", 3}, {"VA", 6}, {"VC", 8}, {"VE", 8}, {"VG", 8}, {"VI", 8},
     {"VN", 1},  {"VU", 9},  {"WF", 9}, {"WS", 9}, {"XK", 6}, {"YE", 4}, {"YT", 5}, {"ZA", 5},
     {"ZM", 5},  {"ZW", 5}}};

}  // namespace

const std::vector<Region>& Regions() {
  static const auto* regions = new std::vector<Region>{
      {"east-asia", "East Asia", "東アジア"},
      {"southeast-asia", "Southeast Asia", "東南アジア"},
      {"south-asia", "South Asia", "南アジア"},
      {"central-asia", "Central Asia", "中央アジア"},
      {"middle-east-north-africa", "Middle East and North Africa", "中東・北アフリカ"},
      {"sub-saharan-africa", "Sub-Saharan Africa", "サブサハラ・アフリカ"},
      {"europe", "Europe", "欧州"},
      {"north-america", "North America", "北米"},
      {"latin-america-caribbean", "Latin America and the Caribbean", "中南米・カリブ"},
      {"oceania", "Oceania", "オセアニア"},
      {"antarctica", "Antarctica and the southern islands", "南極・南方諸島"},
  };
  return *regions;
}

bool IsRegion(std::string_view code) {
  const auto& all = Regions();
  return std::any_of(all.begin(), all.end(), [&](const Region& r) { return r.code == code; });
}

std::string_view RegionOfCountry(std::string_view country) {
  auto it = std::lower_bound(kCountryRegion.begin(), kCountryRegion.end(), country,
                             [](const auto& entry, std::string_view c) { return entry.first < c; });
  if (it == kCountryRegion.end() || it->first != country) return {};
  return Regions()[static_cast<std::size_t>(it->second)].code;
}

std::vector<std::string> CountriesOfRegion(std::string_view region) {
  std::vector<std::string> out;
  for (const auto& [country, index] : kCountryRegion) {
    if (Regions()[static_cast<std::size_t>(index)].code == region) out.emplace_back(country);
  }
  return out;
}

Result<std::string> NormalizeRegion(std::string_view code, std::string_view field) {
  std::string lower = AsciiLower(Trim(code));
  if (!IsRegion(lower)) {
    return InvalidArgument("must be a region code such as southeast-asia or europe",
                           std::string(field));
  }
  return lower;
}

}  // namespace asta
