#include "modules/demo/demo_network.h"

#include <map>

#include "modules/audit/audit_log.h"

namespace asta::demo {
namespace {

struct OrgSeed {
  const char* country;
  const char* en;
  const char* local;  // the name in the country's language, or nullptr
  const char* lang;
  const char* city;
  const char* type;
  double lat, lng;
};

// Real institutions, named as they name themselves; no ROR ids, so that demo data never
// collides with a ROR import.
constexpr OrgSeed kOrgs[] = {
    {"JP", "The University of Tokyo", "東京大学", "ja", "Tokyo", "education", 35.713, 139.762},
    {"JP", "Kyoto University", "京都大学", "ja", "Kyoto", "education", 35.026, 135.781},
    {"JP", "Osaka University", "大阪大学", "ja", "Suita", "education", 34.822, 135.524},
    {"JP", "Hokkaido University", "北海道大学", "ja", "Sapporo", "education", 43.071, 141.341},
    {"JP", "Kyushu University", "九州大学", "ja", "Fukuoka", "education", 33.596, 130.218},
    {"JP", "RIKEN", "理化学研究所", "ja", "Wako", "institute", 35.777, 139.611},
    {"JP", "National Institute for Materials Science", "物質・材料研究機構", "ja", "Tsukuba",
     "institute", 36.063, 140.117},
    {"JP", "Japan Agency for Marine-Earth Science and Technology", "海洋研究開発機構", "ja",
     "Yokosuka", "institute", 35.319, 139.650},
    {"CN", "Tsinghua University", "清华大学", "zh", "Beijing", "education", 40.000, 116.326},
    {"KR", "Seoul National University", "서울대학교", "ko", "Seoul", "education", 37.460, 126.952},
    {"TH", "Chulalongkorn University", "จุฬาลงกรณ์มหาวิทยาลัย", "th", "Bangkok", "education",
     13.738, 100.532},
    {"TH", "Mahidol University", "มหาวิทยาลัยมหิดล", "th", "Salaya", "education", 13.794, 100.323},
    {"VN", "Vietnam National University, Hanoi", "Đại học Quốc gia Hà Nội", "vi", "Hanoi",
     "education", 21.038, 105.782},
    {"EG", "Cairo University", "جامعة القاهرة", "ar", "Giza", "education", 30.027, 31.208},
    {"IN", "Indian Institute of Science", "भारतीय विज्ञान संस्थान", "hi", "Bengaluru",
     "education", 13.021, 77.567},
    {"DE", "Karlsruhe Institute of Technology", "Karlsruher Institut für Technologie", "de",
     "Karlsruhe", "education", 49.010, 8.412},
    {"ID", "Universitas Indonesia", nullptr, "id", "Depok", "education", -6.362, 106.827},
};

struct Field {
  const char* field;
  const char* theme;
  const char* keyword_a;
  const char* keyword_b;
  const char* bio_en;
  const char* bio_ja;
};

constexpr Field kFields[] = {
    {"renewable energy", "green-innovation", "perovskite solar cells", "energy storage",
     "Works on low-cost solar cells and grid storage for tropical climates.",
     "熱帯気候向けの低コスト太陽電池と蓄電システムを研究している。"},
    {"food production", "green-innovation", "rice breeding", "salinity tolerance",
     "Breeds rice varieties that tolerate salty and flooded fields.",
     "塩害や冠水に強いイネ品種の育種に取り組んでいる。"},
    {"environmental monitoring", "green-innovation", "remote sensing", "air quality",
     "Monitors air and water quality from satellites and ground sensors.",
     "衛星と地上センサーによる大気・水質の観測を行っている。"},
    {"water resources", "green-innovation", "flood forecasting", "groundwater",
     "Forecasts floods and manages groundwater in large river basins.",
     "大河川流域における洪水予測と地下水管理を研究している。"},
    {"infectious disease", "life-innovation", "dengue", "vaccine development",
     "Develops vaccines and rapid tests for mosquito-borne diseases.",
     "蚊が媒介する感染症のワクチンと迅速診断法を開発している。"},
    {"ageing society", "life-innovation", "elderly care robotics", "dementia",
     "Designs assistive robots for the care of older people.", "高齢者介護を支援するロボットを設計している。"},
    {"medical devices", "life-innovation", "wearable sensors", "diagnostics",
     "Builds wearable sensors for early diagnosis.", "早期診断のためのウェアラブルセンサーを開発している。"},
    {"disaster prevention", "safety-security", "earthquake early warning", "tsunami",
     "Studies earthquake early warning and tsunami evacuation.",
     "地震早期警報と津波避難の研究を行っている。"},
    {"materials science", "basic-research", "superconductors", "thin films",
     "Grows thin films of new superconducting materials.", "新しい超伝導材料の薄膜を作製している。"},
    {"information and communication technology", "ict", "machine learning", "edge computing",
     "Applies machine learning on small devices at the network edge.",
     "ネットワークの末端にある小型機器で機械学習を動かす研究をしている。"},
};

constexpr const char* kExperienceKinds[] = {"degree_study", "postdoc", "fellowship",
                                            "visiting_research", "training"};
constexpr const char* kFunding[] = {"MEXT Scholarship", "JSPS Postdoctoral Fellowship",
                                    "JSPS Invitational Fellowship", "SAKURA Science Exchange",
                                    "JICA Training Programme"};
constexpr const char* kStages[] = {"student", "early_career", "mid_career", "senior"};

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed ^ 0x9E3779B97F4A7C15ull) {}
  std::uint64_t Next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }

 private:
  std::uint64_t state_;
};

}  // namespace

Result<NetworkDemoReport> GenerateNetwork(App& app, const std::vector<DemoResearcher>& researchers,
                                          std::uint64_t seed) {
  const audit::Actor actor = audit::Actor::System("demo");
  auto& network = app.network();
  NetworkDemoReport report;
  std::map<std::string, std::vector<const OrgSeed*>> by_country;
  std::vector<const OrgSeed*> japanese;
  for (const OrgSeed& o : kOrgs) {
    network::OrgRecord r;
    r.display_name = o.en;
    r.names.push_back({o.en, "en", "display"});
    if (o.local) r.names.push_back({o.local, o.lang, "label"});
    r.country = o.country;
    r.city = o.city;
    r.lat = o.lat;
    r.lng = o.lng;
    r.types = {o.type};
    r.status = "active";
    ASTA_RETURN_IF_ERROR(network.CreateOrganization(actor, r, ""));
    by_country[o.country].push_back(&o);
    if (std::string(o.country) == "JP") japanese.push_back(&o);
    ++report.organizations;
  }
  Rng rng(seed);
  for (std::size_t i = 0; i < researchers.size(); ++i) {
    const DemoResearcher& d = researchers[i];
    const Field& f = kFields[rng.Below(std::size(kFields))];
    network::PersonRecord p;
    p.name = d.name;
    if (d.latin_name != d.name) p.latin_name = d.latin_name;
    p.orcid = d.orcid;
    p.emails = {d.email};
    p.nationality = d.country;
    p.residence_countries = {d.country};
    p.fields = {f.field};
    p.keywords = {f.keyword_a, f.keyword_b};
    p.themes = {f.theme};
    p.career_stage = kStages[rng.Below(std::size(kStages))];
    p.bio_en = f.bio_en;
    if (d.country == "JP" || rng.Below(3) == 0) p.bio_ja = f.bio_ja;
    auto home = by_country.find(d.country);
    if (home != by_country.end()) {
      const OrgSeed* org = home->second[rng.Below(home->second.size())];
      p.affiliations.push_back({"", org->en, rng.Below(2) ? "professor" : "researcher",
                                std::to_string(2008 + rng.Below(12)), ""});
    }
    // Most researchers from abroad studied or worked in Japan.
    if (d.country != "JP" && rng.Below(4) != 0) {
      const OrgSeed* host = japanese[rng.Below(japanese.size())];
      const std::size_t kind = rng.Below(std::size(kExperienceKinds));
      const int start = 2000 + static_cast<int>(rng.Below(18));
      p.japan_experience.push_back({kExperienceKinds[kind], "", host->en,
                                    std::to_string(start) + "-04",
                                    std::to_string(start + 1 + static_cast<int>(rng.Below(4))) +
                                        "-03",
                                    kFunding[kind]});
    }
    auto created = network.CreatePerson(actor, p, d.user_id);
    if (!created) return tl::unexpected(created.error());
    ++report.people;
  }
  return report;
}

}  // namespace asta::demo
