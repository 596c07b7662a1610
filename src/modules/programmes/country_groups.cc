#include "modules/programmes/country_groups.h"

namespace asta::programmes {
namespace {

std::set<std::string> Codes(std::string_view spaced) {
  std::set<std::string> out;
  std::size_t i = 0;
  while (i < spaced.size()) {
    const std::size_t j = spaced.find(' ', i);
    const std::string_view code = spaced.substr(i, j == std::string_view::npos ? j : j - i);
    if (!code.empty()) out.emplace(code);
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

std::map<std::string, CountryGroup> Make() {
  std::map<std::string, CountryGroup> groups;
  groups["asean"] = {"asean", "ASEAN member states", "ASEAN加盟国",
                     "ASEAN Secretariat; Timor-Leste admitted as the 11th member in October 2025",
                     Codes("BN KH ID LA MY MM PH SG TH VN TL")};
  groups["apec"] = {"apec", "APEC member economies", "APEC参加エコノミー",
                    "APEC Secretariat: the 21 member economies",
                    Codes("AU BN CA CL CN HK ID JP KR MY MX NZ PG PE PH RU SG TW TH US VN")};
  groups["african-union"] = {
      "african-union", "African Union member states", "アフリカ連合加盟国",
      "African Union: 55 member states (the Sahrawi Republic as EH)",
      Codes("DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS "
            "LR LY MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW "
            "EH")};
  groups["oda"] = {
      "oda", "ODA-eligible countries (DAC list)", "ODA対象国（DACリスト）",
      "OECD DAC List of ODA Recipients for reporting on 2024 and 2025 flows (seed copy; "
      "check against the current list)",
      Codes(
          // Least developed countries.
          "AF AO BD BJ BF BI KH CF TD KM CD DJ ER ET GM GN GW HT KI LA LS LR MG MW ML MR MZ "
          "MM NP NE RW ST SN SL SB SO SS SD TZ TL TG TV UG YE ZM "
          // Other low-income countries.
          "KP SY "
          // Lower-middle-income countries and territories.
          "DZ BZ BT BO CV CM CG CI EG SV SZ GH HN IN IR JO KE KG LB FM MN MA NI NG PK PG PH "
          "WS LK TJ TN UA UZ VU VN PS ZW "
          // Upper-middle-income countries and territories.
          "AL AR AM AZ BY BA BW BR CN CO CR CU DM DO EC GQ FJ GA GE GD GT ID IQ JM KZ XK LY "
          "MY MV MH MU MX MD ME MS NA MK NU PY PE SH LC VC RS ZA SR TH TK TO TR TM VE WF")};
  return groups;
}

}  // namespace

const std::map<std::string, CountryGroup>& BuiltInCountryGroups() {
  static const std::map<std::string, CountryGroup> groups = Make();
  return groups;
}

}  // namespace asta::programmes
