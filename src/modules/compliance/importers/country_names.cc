// Country names as the list publishers write them, to ISO 3166-1 alpha-2. Covers the
// ISO short names, the UN's formal names ("Iran (Islamic Republic of)"), OFAC's
// inverted forms ("Korea, North") and the Japanese names METI uses. Unknown names map
// to nothing: publishers also write regions and historical states ("former Soviet
// Union", "Region: Crimea"), which have no current code and are left out rather than
// guessed.
#include <unordered_map>

#include "modules/compliance/importers/internal.h"

namespace asta::compliance::internal {
namespace {

struct Entry {
  const char* code;
  const char* names;  // '|'-separated
};

constexpr Entry kNames[] = {
    {"AD", "Andorra|アンドラ"},
    {"AE", "United Arab Emirates|UAE|アラブ首長国連邦"},
    {"AF",
     "Afghanistan|Islamic Republic of Afghanistan|Islamic Emirate of Afghanistan|アフガニスタン"},
    {"AG", "Antigua and Barbuda"},
    {"AI", "Anguilla"},
    {"AL", "Albania|アルバニア"},
    {"AM", "Armenia|アルメニア"},
    {"AO", "Angola|アンゴラ"},
    {"AQ", "Antarctica"},
    {"AR", "Argentina|アルゼンチン"},
    {"AS", "American Samoa"},
    {"AT", "Austria|オーストリア"},
    {"AU", "Australia|オーストラリア"},
    {"AW", "Aruba"},
    {"AX", "Aland Islands|Åland Islands"},
    {"AZ", "Azerbaijan|アゼルバイジャン"},
    {"BA", "Bosnia and Herzegovina|Bosnia-Herzegovina"},
    {"BB", "Barbados"},
    {"BD", "Bangladesh|バングラデシュ"},
    {"BE", "Belgium|ベルギー"},
    {"BF", "Burkina Faso"},
    {"BG", "Bulgaria|ブルガリア"},
    {"BH", "Bahrain|バーレーン"},
    {"BI", "Burundi"},
    {"BJ", "Benin"},
    {"BL", "Saint Barthelemy|Saint Barthélemy"},
    {"BM", "Bermuda"},
    {"BN", "Brunei|Brunei Darussalam"},
    {"BO", "Bolivia|Bolivia (Plurinational State of)|Plurinational State of Bolivia"},
    {"BQ", "Bonaire, Sint Eustatius and Saba|Caribbean Netherlands"},
    {"BR", "Brazil|ブラジル"},
    {"BS", "Bahamas|Bahamas, The"},
    {"BT", "Bhutan"},
    {"BV", "Bouvet Island"},
    {"BW", "Botswana"},
    {"BY", "Belarus|Republic of Belarus|ベラルーシ"},
    {"BZ", "Belize"},
    {"CA", "Canada|カナダ"},
    {"CC", "Cocos (Keeling) Islands|Cocos Islands"},
    {"CD",
     "Democratic Republic of the Congo|Congo, Democratic Republic of the|Congo, The "
     "Democratic Republic of the|DR Congo|DRC|Congo (Kinshasa)|コンゴ民主共和国"},
    {"CF", "Central African Republic|中央アフリカ"},
    {"CG", "Congo|Republic of the Congo|Congo, Republic of the|Congo (Brazzaville)"},
    {"CH", "Switzerland|スイス"},
    {"CI", "Cote d'Ivoire|Côte d'Ivoire|Cote d Ivoire|Ivory Coast"},
    {"CK", "Cook Islands"},
    {"CL", "Chile|チリ"},
    {"CM", "Cameroon"},
    {"CN", "China|People's Republic of China|PRC|China, People's Republic of|中国|中華人民共和国"},
    {"CO", "Colombia|コロンビア"},
    {"CR", "Costa Rica"},
    {"CU", "Cuba|キューバ"},
    {"CV", "Cabo Verde|Cape Verde"},
    {"CW", "Curacao|Curaçao"},
    {"CX", "Christmas Island"},
    {"CY", "Cyprus|キプロス"},
    {"CZ", "Czechia|Czech Republic|チェコ"},
    {"DE", "Germany|Federal Republic of Germany|ドイツ"},
    {"DJ", "Djibouti"},
    {"DK", "Denmark|デンマーク"},
    {"DM", "Dominica"},
    {"DO", "Dominican Republic"},
    {"DZ", "Algeria|アルジェリア"},
    {"EC", "Ecuador"},
    {"EE", "Estonia|エストニア"},
    {"EG", "Egypt|Arab Republic of Egypt|エジプト"},
    {"EH", "Western Sahara"},
    {"ER", "Eritrea|エリトリア"},
    {"ES", "Spain|スペイン"},
    {"ET", "Ethiopia|エチオピア"},
    {"FI", "Finland|フィンランド"},
    {"FJ", "Fiji"},
    {"FK", "Falkland Islands|Falkland Islands (Malvinas)"},
    {"FM", "Micronesia|Micronesia (Federated States of)|Micronesia, Federated States of"},
    {"FO", "Faroe Islands"},
    {"FR", "France|French Republic|フランス"},
    {"GA", "Gabon"},
    {"GB",
     "United Kingdom|United Kingdom of Great Britain and Northern Ireland|UK|Great "
     "Britain|イギリス|英国"},
    {"GD", "Grenada"},
    {"GE", "Georgia|ジョージア"},
    {"GF", "French Guiana"},
    {"GG", "Guernsey"},
    {"GH", "Ghana"},
    {"GI", "Gibraltar"},
    {"GL", "Greenland"},
    {"GM", "Gambia|The Gambia|Gambia, The"},
    {"GN", "Guinea"},
    {"GP", "Guadeloupe"},
    {"GQ", "Equatorial Guinea"},
    {"GR", "Greece|ギリシャ"},
    {"GS", "South Georgia and the South Sandwich Islands"},
    {"GT", "Guatemala"},
    {"GU", "Guam"},
    {"GW", "Guinea-Bissau"},
    {"GY", "Guyana"},
    {"HK",
     "Hong Kong|Hong Kong SAR|Hong Kong, China|China, Hong Kong Special Administrative "
     "Region|香港"},
    {"HM", "Heard Island and McDonald Islands"},
    {"HN", "Honduras"},
    {"HR", "Croatia|クロアチア"},
    {"HT", "Haiti"},
    {"HU", "Hungary|ハンガリー"},
    {"ID", "Indonesia|インドネシア"},
    {"IE", "Ireland|アイルランド"},
    {"IL", "Israel|State of Israel|イスラエル"},
    {"IM", "Isle of Man"},
    {"IN", "India|Republic of India|インド"},
    {"IO", "British Indian Ocean Territory"},
    {"IQ", "Iraq|Republic of Iraq|イラク"},
    {"IR",
     "Iran|Islamic Republic of Iran|Iran (Islamic Republic of)|Iran, Islamic Republic "
     "of|イラン"},
    {"IS", "Iceland"},
    {"IT", "Italy|イタリア"},
    {"JE", "Jersey"},
    {"JM", "Jamaica"},
    {"JO", "Jordan|ヨルダン"},
    {"JP", "Japan|日本"},
    {"KE", "Kenya|ケニア"},
    {"KG", "Kyrgyzstan|Kyrgyz Republic"},
    {"KH", "Cambodia|カンボジア"},
    {"KI", "Kiribati"},
    {"KM", "Comoros"},
    {"KN", "Saint Kitts and Nevis"},
    {"KP",
     "North Korea|Korea, North|Democratic People's Republic of Korea|DPRK|Korea, "
     "Democratic People's Republic of|北朝鮮|朝鮮民主主義人民共和国"},
    {"KR", "South Korea|Korea, South|Republic of Korea|Korea, Republic of|韓国|大韓民国"},
    {"KW", "Kuwait|クウェート"},
    {"KY", "Cayman Islands"},
    {"KZ", "Kazakhstan|カザフスタン"},
    {"LA", "Laos|Lao People's Democratic Republic|Lao PDR"},
    {"LB", "Lebanon|Republic of Lebanon|Lebanese Republic|レバノン"},
    {"LC", "Saint Lucia"},
    {"LI", "Liechtenstein"},
    {"LK", "Sri Lanka"},
    {"LR", "Liberia"},
    {"LS", "Lesotho"},
    {"LT", "Lithuania|リトアニア"},
    {"LU", "Luxembourg"},
    {"LV", "Latvia|ラトビア"},
    {"LY", "Libya|State of Libya|Libyan Arab Jamahiriya|リビア"},
    {"MA", "Morocco|モロッコ"},
    {"MC", "Monaco"},
    {"MD", "Moldova|Republic of Moldova|Moldova, Republic of"},
    {"ME", "Montenegro"},
    {"MF", "Saint Martin|Saint Martin (French part)"},
    {"MG", "Madagascar"},
    {"MH", "Marshall Islands"},
    {"MK",
     "North Macedonia|Macedonia|Republic of North Macedonia|The former Yugoslav "
     "Republic of Macedonia"},
    {"ML", "Mali"},
    {"MM", "Myanmar|Burma|ミャンマー"},
    {"MN", "Mongolia|モンゴル"},
    {"MO", "Macau|Macao|Macao SAR|China, Macao Special Administrative Region|マカオ"},
    {"MP", "Northern Mariana Islands"},
    {"MQ", "Martinique"},
    {"MR", "Mauritania"},
    {"MS", "Montserrat"},
    {"MT", "Malta|マルタ"},
    {"MU", "Mauritius"},
    {"MV", "Maldives"},
    {"MW", "Malawi"},
    {"MX", "Mexico|メキシコ"},
    {"MY", "Malaysia|マレーシア"},
    {"MZ", "Mozambique"},
    {"NA", "Namibia"},
    {"NC", "New Caledonia"},
    {"NE", "Niger"},
    {"NF", "Norfolk Island"},
    {"NG", "Nigeria|ナイジェリア"},
    {"NI", "Nicaragua"},
    {"NL", "Netherlands|Kingdom of the Netherlands|Netherlands (Kingdom of the)|オランダ"},
    {"NO", "Norway|ノルウェー"},
    {"NP", "Nepal"},
    {"NR", "Nauru"},
    {"NU", "Niue"},
    {"NZ", "New Zealand|ニュージーランド"},
    {"OM", "Oman|オマーン"},
    {"PA", "Panama|パナマ"},
    {"PE", "Peru"},
    {"PF", "French Polynesia"},
    {"PG", "Papua New Guinea"},
    {"PH", "Philippines|フィリピン"},
    {"PK", "Pakistan|Islamic Republic of Pakistan|パキスタン"},
    {"PL", "Poland|ポーランド"},
    {"PM", "Saint Pierre and Miquelon"},
    {"PN", "Pitcairn"},
    {"PR", "Puerto Rico"},
    {"PS",
     "State of Palestine|Palestine|Palestine, State of|Palestinian|Occupied Palestinian "
     "Territory|West Bank|Gaza|Region: Gaza|パレスチナ"},
    {"PT", "Portugal|ポルトガル"},
    {"PW", "Palau"},
    {"PY", "Paraguay"},
    {"QA", "Qatar|カタール"},
    {"RE", "Reunion|Réunion"},
    {"RO", "Romania|ルーマニア"},
    {"RS", "Serbia|セルビア"},
    {"RU", "Russia|Russian Federation|ロシア|ロシア連邦"},
    {"RW", "Rwanda"},
    {"SA", "Saudi Arabia|Kingdom of Saudi Arabia|サウジアラビア"},
    {"SB", "Solomon Islands"},
    {"SC", "Seychelles"},
    {"SD", "Sudan|Republic of the Sudan|スーダン"},
    {"SE", "Sweden|スウェーデン"},
    {"SG", "Singapore|シンガポール"},
    {"SH", "Saint Helena|Saint Helena, Ascension and Tristan da Cunha"},
    {"SI", "Slovenia|スロベニア"},
    {"SJ", "Svalbard and Jan Mayen"},
    {"SK", "Slovakia|スロバキア"},
    {"SL", "Sierra Leone"},
    {"SM", "San Marino"},
    {"SN", "Senegal"},
    {"SO", "Somalia|ソマリア"},
    {"SR", "Suriname"},
    {"SS", "South Sudan|南スーダン"},
    {"ST", "Sao Tome and Principe|São Tomé and Príncipe"},
    {"SV", "El Salvador"},
    {"SX", "Sint Maarten|Sint Maarten (Dutch part)"},
    {"SY", "Syria|Syrian Arab Republic|シリア"},
    {"SZ", "Eswatini|Swaziland"},
    {"TC", "Turks and Caicos Islands"},
    {"TD", "Chad"},
    {"TF", "French Southern Territories"},
    {"TG", "Togo"},
    {"TH", "Thailand|タイ"},
    {"TJ", "Tajikistan|タジキスタン"},
    {"TK", "Tokelau"},
    {"TL", "Timor-Leste|East Timor"},
    {"TM", "Turkmenistan|トルクメニスタン"},
    {"TN", "Tunisia|チュニジア"},
    {"TO", "Tonga"},
    {"TR", "Turkey|Türkiye|Turkiye|Republic of Turkey|トルコ"},
    {"TT", "Trinidad and Tobago"},
    {"TV", "Tuvalu"},
    {"TW", "Taiwan|Taiwan, Province of China|Chinese Taipei|台湾"},
    {"TZ", "Tanzania|United Republic of Tanzania|Tanzania, United Republic of"},
    {"UA", "Ukraine|ウクライナ"},
    {"UG", "Uganda"},
    {"UM", "United States Minor Outlying Islands"},
    {"US", "United States|United States of America|USA|US|アメリカ|アメリカ合衆国|米国"},
    {"UY", "Uruguay"},
    {"UZ", "Uzbekistan|ウズベキスタン"},
    {"VA", "Holy See|Vatican City|Holy See (Vatican City State)"},
    {"VC", "Saint Vincent and the Grenadines"},
    {"VE",
     "Venezuela|Venezuela (Bolivarian Republic of)|Bolivarian Republic of "
     "Venezuela|ベネズエラ"},
    {"VG", "British Virgin Islands|Virgin Islands, British|Virgin Islands (British)"},
    {"VI", "United States Virgin Islands|Virgin Islands, U.S.|Virgin Islands (U.S.)"},
    {"VN", "Vietnam|Viet Nam|ベトナム"},
    {"VU", "Vanuatu"},
    {"WF", "Wallis and Futuna"},
    {"WS", "Samoa"},
    {"YE", "Yemen|Republic of Yemen|イエメン"},
    {"YT", "Mayotte"},
    {"ZA", "South Africa|南アフリカ"},
    {"ZM", "Zambia"},
    {"ZW", "Zimbabwe|ジンバブエ"},
};

// Lower-cases ASCII, treats punctuation as space, drops a leading "the" and collapses
// spaces, so that "Congo, The Democratic Republic of the" and "congo the democratic
// republic of the" meet. Non-ASCII bytes (Japanese names, "Türkiye") pass unchanged.
std::string Key(std::string_view name) {
  std::string out;
  bool space = false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    const bool letter = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (!letter && c != '\'') {
      space = !out.empty();
      continue;
    }
    if (c == '\'') continue;  // "People's" and "Peoples" alike
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  if (out.rfind("the ", 0) == 0) out.erase(0, 4);
  return out;
}

const std::unordered_map<std::string, std::string>& Table() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string, std::string>();
    for (const Entry& e : kNames) {
      std::string_view names = e.names;
      size_t start = 0;
      while (start <= names.size()) {
        size_t bar = names.find('|', start);
        if (bar == std::string_view::npos) bar = names.size();
        t->emplace(Key(names.substr(start, bar - start)), e.code);
        start = bar + 1;
      }
    }
    return t;
  }();
  return *table;
}

}  // namespace

std::string CountryFromName(std::string_view name) {
  const auto& table = Table();
  const auto it = table.find(Key(CleanText(name)));
  return it == table.end() ? std::string() : it->second;
}

}  // namespace asta::compliance::internal
