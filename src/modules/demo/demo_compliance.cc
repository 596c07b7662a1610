#include "modules/demo/demo_compliance.h"

#include <string>
#include <vector>

namespace asta::demo {
namespace {

struct CategorySeed {
  const char* code;
  const char* title_en;
  const char* title_ja;
  std::vector<std::string> terms_en;
  std::vector<std::string> terms_ja;
};

// A starter table in the style of the Wassenaar Arrangement's categories 0–9 (nuclear,
// materials, processing, electronics, computers, telecommunications and information
// security, sensors, navigation, marine, aerospace). The terms are a first cut for the
// classifier, written for the demo; an officer maintains the real table.
const std::vector<CategorySeed>& Categories() {
  static const std::vector<CategorySeed> seeds = {
      {"0A001",
       "Nuclear reactors and their components",
       "原子炉及びその部分品",
       {"nuclear reactor", "reactor core", "control rod", "fuel element"},
       {"原子炉", "制御棒", "燃料要素", "炉心"}},
      {"0B001",
       "Isotope separation plant and equipment",
       "同位体分離装置",
       {"isotope separation", "uranium enrichment", "gas centrifuge", "enrichment cascade"},
       {"同位体分離", "ウラン濃縮", "遠心分離機"}},
      {"1C002",
       "Metal alloys and superalloys",
       "合金及び超合金",
       {"superalloy", "titanium alloy", "nickel alloy", "aluminide"},
       {"超合金", "チタン合金", "ニッケル合金"}},
      {"1C010",
       "Fibrous and filamentary materials",
       "繊維状又はフィラメント状の材料",
       {"carbon fibre", "carbon fiber", "aramid", "prepreg", "filament winding"},
       {"炭素繊維", "アラミド", "プリプレグ"}},
      {"1C350",
       "Chemical weapon precursors",
       "化学兵器の原料となり得る化学物質",
       {"precursor", "nerve agent", "organophosphorus", "thiodiglycol"},
       {"化学兵器", "前駆体", "神経剤", "有機リン"}},
      {"1C351",
       "Human and animal pathogens and toxins",
       "ヒト及び動物の病原体並びに毒素",
       {"pathogen", "virus", "toxin", "bacteria", "gain of function"},
       {"病原体", "ウイルス", "毒素", "細菌"}},
      {"2B001",
       "Machine tools for removing or cutting metals",
       "工作機械",
       {"machine tool", "numerical control", "cnc", "five axis", "grinding machine"},
       {"工作機械", "数値制御", "研削盤", "5軸"}},
      {"2B352",
       "Biological manufacturing and handling equipment",
       "生物製剤の製造装置",
       {"fermenter", "bioreactor", "centrifugal separator", "freeze drying"},
       {"発酵槽", "バイオリアクター", "遠心分離器", "凍結乾燥"}},
      {"3A001",
       "Electronic components and integrated circuits",
       "電子部品及び集積回路",
       {"integrated circuit", "fpga", "microprocessor", "analog to digital converter",
        "radiation hardened"},
       {"集積回路", "マイクロプロセッサ", "耐放射線", "AD変換器"}},
      {"3B001",
       "Semiconductor manufacturing equipment",
       "半導体製造装置",
       {"lithography", "wafer", "etching", "deposition", "extreme ultraviolet"},
       {"露光装置", "ウェハ", "エッチング", "成膜", "極端紫外線"}},
      {"4A003",
       "High-performance computers",
       "高性能電子計算機",
       {"supercomputer", "high performance computing", "exascale"},
       {"スーパーコンピュータ", "高性能計算"}},
      {"4D004",
       "Intrusion software",
       "侵入プログラム",
       {"intrusion software", "exploit", "command and control", "malware"},
       {"侵入プログラム", "マルウェア", "脆弱性攻撃"}},
      {"5A001",
       "Telecommunications: jamming and interception",
       "通信の妨害及び傍受装置",
       {"jamming", "interception", "lawful interception", "signal intelligence"},
       {"妨害", "傍受", "電波妨害"}},
      {"5A002",
       "Information security: cryptography",
       "情報セキュリティ(暗号)",
       {"encryption", "cryptography", "cryptographic", "quantum key distribution"},
       {"暗号", "量子鍵配送", "暗号化"}},
      {"6A003",
       "Cameras and thermal imaging",
       "カメラ及び熱画像装置",
       {"thermal imaging", "infrared camera", "focal plane array", "night vision"},
       {"赤外線カメラ", "熱画像", "焦点面アレイ", "暗視"}},
      {"6A008",
       "Radar systems",
       "レーダー",
       {"radar", "synthetic aperture", "phased array"},
       {"レーダー", "合成開口", "フェーズドアレイ"}},
      {"7A003",
       "Inertial navigation systems",
       "慣性航法装置",
       {"inertial navigation", "gyroscope", "accelerometer", "gyro"},
       {"慣性航法", "ジャイロ", "加速度計"}},
      {"8A001",
       "Submersible vehicles",
       "潜水艇",
       {"submersible", "underwater vehicle", "autonomous underwater"},
       {"潜水艇", "無人潜水機", "水中ロボット"}},
      {"9A004",
       "Space launch vehicles and spacecraft",
       "宇宙用の飛しょう体",
       {"launch vehicle", "spacecraft", "satellite", "rocket"},
       {"ロケット", "人工衛星", "宇宙機"}},
      {"9A012",
       "Unmanned aerial vehicles",
       "無人航空機",
       {"unmanned aerial vehicle", "drone", "uav", "autopilot"},
       {"無人航空機", "ドローン", "自律飛行"}},
      {"9E003",
       "Gas turbine engine technology",
       "ガスタービンエンジンの技術",
       {"gas turbine", "turbine blade", "combustor", "thermal barrier coating"},
       {"ガスタービン", "タービンブレード", "燃焼器", "遮熱コーティング"}},
  };
  return seeds;
}

// Fictional names in several scripts; any likeness to a real listed party is chance.
constexpr char kDemoList[] =
    "entity_id,name,kind,country\n"
    "DEMO-001,Boris Vetrovsky,person,RU\n"
    "DEMO-001,Борис Ветровский,person,RU\n"
    "DEMO-002,Kurogane Tetsuo,person,JP\n"
    "DEMO-002,黒金 鉄男,person,JP\n"
    "DEMO-002,クロガネ テツオ,person,JP\n"
    "DEMO-003,Eastern Star Trading Co. Ltd.,organization,HK\n"
    "DEMO-003,東星貿易有限公司,organization,HK\n"
    "DEMO-004,Farid Al-Zamani,person,IR\n"
    "DEMO-004,فريد الزماني,person,IR\n"
    "DEMO-005,Nordlicht Praezisionsmaschinen GmbH,organization,DE\n"
    "DEMO-006,Zhao Minghai,person,CN\n"
    "DEMO-006,赵明海,person,CN\n"
    "DEMO-007,Khalil Haddadin,person,SY\n"
    "DEMO-007,خليل حدادين,person,SY\n"
    "DEMO-008,Polar Vector Instruments,organization,RU\n"
    "DEMO-008,Полярный Вектор Приборы,organization,RU\n"
    "DEMO-009,Ri Chol Ung,person,KP\n"
    "DEMO-009,리철웅,person,KP\n"
    "DEMO-010,Sakuragawa Tsusho,organization,JP\n"
    "DEMO-010,サクラガワ通商,organization,JP\n"
    "DEMO-011,Viktor Sokolenko,person,UA\n"
    "DEMO-011,Виктор Соколенко,person,UA\n"
    "DEMO-012,Blue Crane Logistics FZE,organization,AE\n"
    "DEMO-013,Amir Rostamifar,person,IR\n"
    "DEMO-013,امیر رستمی فر,person,IR\n"
    "DEMO-014,Golden Lotus Electronics Ltd,organization,CN\n"
    "DEMO-014,金莲电子有限公司,organization,CN\n"
    "DEMO-015,Mikhail Drozdov,person,RU\n"
    "DEMO-015,Михаил Дроздов,person,RU\n"
    "DEMO-016,Red Harbor Shipping,organization,RU\n"
    "DEMO-016,Красная Гавань Шиппинг,organization,RU\n"
    "DEMO-017,Hoshikage Gorozaemon,person,JP\n"
    "DEMO-017,星影 五郎左衛門,person,JP\n"
    "DEMO-018,Oasis Dynamics Trading LLC,organization,AE\n"
    "DEMO-018,شركة واحة الديناميكية للتجارة,organization,AE\n"
    "DEMO-019,Qiu Yaozu,person,CN\n"
    "DEMO-019,邱耀祖,person,CN\n"
    "DEMO-020,Nadia Kovalenko,person,BY\n"
    "DEMO-020,Надя Коваленко,person,BY\n";

}  // namespace

const char* DemoListCsv() { return kDemoList; }

Result<ComplianceDemoReport> GenerateCompliance(App& app, std::int64_t applicant_user_id) {
  auto& compliance = app.compliance();
  const audit::Actor actor = audit::Actor::System("demo");
  ComplianceDemoReport report;
  for (const auto& c : Categories()) {
    ASTA_RETURN_IF_ERROR(compliance.PutCategory(
        actor,
        compliance::ControlCategory{c.code, c.title_en, c.title_ja, c.terms_en, c.terms_ja}));
    ++report.categories;
  }
  ASTA_ASSIGN_OR_RETURN(
      auto imported,
      compliance.ImportListBytes(actor, "demo-list", compliance::ListFormat::kCsv, kDemoList));
  report.list_entities = static_cast<int>(imported.entities);

  // A party registered by the compliance office that matches a listed organisation.
  compliance::SubjectInput party;
  party.kind = "organization";
  party.name = "Eastern Star Trading Company Limited";
  party.other_names = {"東星貿易有限公司"};
  party.country = "HK";
  ASTA_RETURN_IF_ERROR(compliance.RegisterParty(actor, party));

  // A request from the demo applicant to a recipient on the demo list: submitted, and
  // blocked by the open hit until an officer decides it.
  compliance::NewTechRequest request;
  request.title = "Calibration know-how for infrared cameras";
  request.description =
      "Transfer of calibration procedures for thermal imaging sensors (infrared camera with a "
      "cooled focal plane array) used in volcano monitoring, including the software that "
      "corrects the detector non-uniformity.";
  request.project = "Volcanic hazard monitoring with thermal imaging";
  request.recipient.kind = "person";
  request.recipient.name = "Boris Vetrovsky";
  request.recipient.country = "RU";
  ASTA_RETURN_IF_ERROR(compliance.CreateTechRequest(actor, applicant_user_id, request));

  // Everyone created so far (demo users, ministries, agencies) is screened now.
  ASTA_RETURN_IF_ERROR(compliance.ProcessQueue());
  ASTA_ASSIGN_OR_RETURN(auto hits, compliance.ListHits("open", 0, 1000));
  report.open_hits = static_cast<int>(hits.size());
  return report;
}

}  // namespace asta::demo
