#include "modules/demo/demo_network.h"

#include <map>
#include <optional>

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
    {"TH", "Chulalongkorn University", "จุฬาลงกรณ์มหาวิทยาลัย", "th", "Bangkok", "education", 13.738,
     100.532},
    {"TH", "Mahidol University", "มหาวิทยาลัยมหิดล", "th", "Salaya", "education", 13.794, 100.323},
    {"VN", "Vietnam National University, Hanoi", "Đại học Quốc gia Hà Nội", "vi", "Hanoi",
     "education", 21.038, 105.782},
    {"EG", "Cairo University", "جامعة القاهرة", "ar", "Giza", "education", 30.027, 31.208},
    {"IN", "Indian Institute of Science", "भारतीय विज्ञान संस्थान", "hi", "Bengaluru", "education",
     13.021, 77.567},
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
     "Designs assistive robots for the care of older people.",
     "高齢者介護を支援するロボットを設計している。"},
    {"medical devices", "life-innovation", "wearable sensors", "diagnostics",
     "Builds wearable sensors for early diagnosis.",
     "早期診断のためのウェアラブルセンサーを開発している。"},
    {"disaster prevention", "safety-security", "earthquake early warning", "tsunami",
     "Studies earthquake early warning and tsunami evacuation.",
     "地震早期警報と津波避難の研究を行っている。"},
    {"materials science", "basic-research", "superconductors", "thin films",
     "Grows thin films of new superconducting materials.",
     "新しい超伝導材料の薄膜を作製している。"},
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

// Overseas offices, exchange programmes with participants at every stage, cooperation
// needs, and one pair of duplicates of each kind for the merge page to show.
Status GenerateExchange(App& app, const std::vector<network::Person>& people,
                        NetworkDemoReport& report) {
  const audit::Actor actor = audit::Actor::System("demo");
  auto& network = app.network();
  auto& exchange = app.exchange();
  struct Office {
    const char* name;
    const char* name_ja;
    const char* country;
    const char* city;
    const char* region;
    double lat, lng;
  };
  constexpr Office kOffices[] = {
      {"JST Singapore Office", "JSTシンガポール事務所", "SG", "Singapore", "southeast-asia", 1.290,
       103.851},
      {"JSPS Bonn Office", "JSPSボン研究連絡センター", "DE", "Bonn", "europe", 50.734, 7.099},
      {"JST Beijing Office", "JST北京事務所", "CN", "Beijing", "east-asia", 39.913, 116.391},
  };
  std::vector<network::Organization> offices;
  for (const Office& o : kOffices) {
    network::OrgRecord r;
    r.display_name = o.name;
    r.names = {{o.name, "en", "display"}, {o.name_ja, "ja", "label"}};
    r.country = o.country;
    r.city = o.city;
    r.lat = o.lat;
    r.lng = o.lng;
    r.types = {"overseas_office"};
    r.status = "active";
    ASTA_ASSIGN_OR_RETURN(auto created, network.CreateOrganization(actor, r, o.region));
    offices.push_back(created);
    ++report.organizations;
  }
  auto org_named = [&](const std::string& name) -> std::optional<std::int64_t> {
    auto orgs = network.ListOrganizations({"", "", 0, 200});
    if (!orgs) return std::nullopt;
    for (const auto& o : *orgs) {
      if (o.record.display_name == name) return o.id;
    }
    return std::nullopt;
  };
  auto alumni_of = [&](const std::string& country) {
    std::vector<const network::Person*> out;
    for (const auto& p : people) {
      if (p.record.nationality == country && !p.record.japan_experience.empty()) out.push_back(&p);
    }
    return out;
  };

  // An alumni association with its members.
  network::ProgrammeInput association;
  association.kind = "alumni_association";
  association.name = "JSPS Alumni Association of Thailand";
  association.name_ja = "タイJSPS同窓会";
  association.description = "Former JSPS fellows and MEXT scholars in Thailand.";
  association.country = "TH";
  association.org_id = org_named("Chulalongkorn University");
  association.themes = {"green-innovation", "life-innovation"};
  association.start = "2004";
  ASTA_ASSIGN_OR_RETURN(auto thai, exchange.CreateProgramme(actor, association));
  ++report.programmes;
  int n = 0;
  for (const auto* p : alumni_of("TH")) {
    network::ParticipantInput in;
    in.person_id = p->id;
    in.role = n++ == 0 ? "officer" : "member";
    ASTA_RETURN_IF_ERROR(exchange.AddParticipant(actor, thai.id, in));
  }

  // A re-invitation programme whose nominations are at every stage.
  network::ProgrammeInput reinvite;
  reinvite.kind = "reinvitation";
  reinvite.name = "Re-invitation of former fellows to Japan 2026";
  reinvite.name_ja = "外国人研究者再招へい事業 2026";
  reinvite.description =
      "Invites former fellows back to their host institutions for up to "
      "60 days to renew the collaboration.";
  reinvite.country = "VN";
  reinvite.themes = {"green-innovation", "ict"};
  reinvite.start = "2026-04";
  reinvite.end = "2027-03";
  reinvite.call_open = "2026-01-01";
  reinvite.call_close = "2027-03-31";
  ASTA_ASSIGN_OR_RETURN(auto again, exchange.CreateProgramme(actor, reinvite));
  ++report.programmes;
  const std::vector<std::vector<std::string>> stages = {
      {}, {"accepted"}, {"accepted", "visiting"}, {"accepted", "visiting", "visited", "reported"}};
  std::vector<const network::Person*> invitees;
  for (const char* country : {"VN", "ID", "TH", "IN"}) {
    for (const auto* p : alumni_of(country)) {
      if (invitees.size() < stages.size()) invitees.push_back(p);
    }
  }
  for (std::size_t i = 0; i < invitees.size(); ++i) {
    network::ParticipantInput in;
    in.person_id = invitees[i]->id;
    in.start = "2026-10";
    in.end = "2026-12";
    in.note = "Nominated by the host laboratory.";
    ASTA_ASSIGN_OR_RETURN(auto part, exchange.AddParticipant(actor, again.id, in));
    for (const auto& status : stages[i]) {
      network::ParticipantUpdate u;
      u.status = status;
      if (status == "reported") {
        u.report = "Two joint papers in preparation; a student exchange agreed for 2027.";
      }
      ASTA_RETURN_IF_ERROR(exchange.UpdateParticipant(actor, again.id, part.id, u, std::nullopt));
    }
  }

  // Japanese researchers dispatched abroad.
  network::ProgrammeInput dispatch;
  dispatch.kind = "dispatch";
  dispatch.name = "Young researchers to ASEAN universities";
  dispatch.name_ja = "若手研究者ASEAN派遣プログラム";
  dispatch.country = "TH";
  dispatch.org_id = org_named("Mahidol University");
  dispatch.themes = {"life-innovation"};
  dispatch.start = "2025-04";
  ASTA_ASSIGN_OR_RETURN(auto sent, exchange.CreateProgramme(actor, dispatch));
  ++report.programmes;
  int dispatched = 0;
  for (const auto& p : people) {
    if (p.record.nationality != "JP" || dispatched >= 2) continue;
    network::ParticipantInput in;
    in.person_id = p.id;
    in.org_id = dispatch.org_id;
    in.start = "2025-09";
    in.end = "2026-08";
    ASTA_ASSIGN_OR_RETURN(auto part, exchange.AddParticipant(actor, sent.id, in));
    if (dispatched++ == 0) {
      network::ParticipantUpdate u;
      u.status = "ongoing";
      ASTA_RETURN_IF_ERROR(exchange.UpdateParticipant(actor, sent.id, part.id, u, std::nullopt));
    }
  }

  // What partners in Southeast Asia ask for.
  struct NeedSeed {
    const char* country;
    const char* partner;
    const char* theme;
    const char* title;
    const char* body;
  };
  constexpr NeedSeed kNeeds[] = {
      {"VN", "Vietnam National University, Hanoi", "green-innovation",
       "Flood forecasting for the Red River delta",
       "Joint work on radar-based nowcasting and training for provincial agencies."},
      {"TH", "Mahidol University", "life-innovation", "Dengue vaccine trials",
       "Partners seek Japanese collaborators for phase II trials and cold-chain logistics."},
      {"ID", "Universitas Indonesia", "safety-security", "Earthquake early warning in Java",
       "Sensor networks and evacuation drills; interest in Japanese warning systems."},
  };
  for (const NeedSeed& seed : kNeeds) {
    network::NeedInput in;
    in.office_id = offices[0].id;
    in.country = seed.country;
    in.partner_org_id = org_named(seed.partner);
    in.theme = seed.theme;
    in.title = seed.title;
    in.body = seed.body;
    ASTA_RETURN_IF_ERROR(exchange.CreateNeed(actor, in));
    ++report.needs;
  }

  // One person entered twice (in kanji with an account-less Latin twin) and one
  // university entered under an abbreviated name.
  network::PersonRecord kanji;
  kanji.name = "山本 直樹";
  kanji.latin_name = "Yamamoto Naoki";
  kanji.emails = {"n.yamamoto@example.ac.jp"};
  kanji.nationality = "JP";
  kanji.fields = {"disaster prevention"};
  kanji.bio_ja = "津波避難の研究を行っている。";
  ASTA_RETURN_IF_ERROR(network.CreatePerson(actor, kanji, std::nullopt));
  network::PersonRecord latin;
  latin.name = "Naoki Yamamoto";
  latin.emails = {"n.yamamoto@example.ac.jp"};
  latin.residence_countries = {"JP"};
  latin.keywords = {"tsunami evacuation"};
  latin.bio_en = "Studies tsunami evacuation.";
  ASTA_RETURN_IF_ERROR(network.CreatePerson(actor, latin, std::nullopt));
  report.people += 2;
  network::OrgRecord twin;
  twin.display_name = "Chulalongkorn Univ.";
  twin.names = {{"Chulalongkorn Univ.", "en", "display"}};
  twin.country = "TH";
  twin.city = "Bangkok";
  twin.types = {"education"};
  twin.status = "active";
  ASTA_RETURN_IF_ERROR(network.CreateOrganization(actor, twin, ""));
  ++report.organizations;
  return Ok();
}

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
  std::vector<network::Person> people;
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
      p.japan_experience.push_back(
          {kExperienceKinds[kind], "", host->en, std::to_string(start) + "-04",
           std::to_string(start + 1 + static_cast<int>(rng.Below(4))) + "-03", kFunding[kind]});
    }
    auto created = network.CreatePerson(actor, p, d.user_id);
    if (!created) return tl::unexpected(created.error());
    people.push_back(*created);
    ++report.people;
  }
  ASTA_RETURN_IF_ERROR(GenerateExchange(app, people, report));
  return report;
}

}  // namespace asta::demo
