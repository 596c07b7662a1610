#include "modules/demo/demo.h"

#include <map>

#include "core/text.h"
#include "modules/demo/demo_compliance.h"
#include "modules/demo/demo_network.h"
#include "modules/demo/demo_programmes.h"
#include "modules/demo/demo_review.h"

namespace asta::demo {
namespace {

// SplitMix64: a tiny generator whose output is fixed by its definition, unlike the
// standard distributions, so demo data is the same on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  std::uint64_t state_;
};

struct MinistrySeed {
  const char* code;
  const char* country;
  const char* name;
  const char* name_en;
};
struct AgencySeed {
  const char* ministry_code;
  const char* code;
  const char* country;
  const char* name;
  const char* name_en;
};

constexpr MinistrySeed kMinistries[] = {
    {"JP-MEXT", "JP", "文部科学省",
     "Ministry of Education, Culture, Sports, Science and Technology"},
    {"JP-METI", "JP", "経済産業省", "Ministry of Economy, Trade and Industry"},
    {"JP-MOFA", "JP", "外務省", "Ministry of Foreign Affairs"},
    {"JP-CAO", "JP", "内閣府", "Cabinet Office"},
    {"TH-MHESI", "TH", "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
     "Ministry of Higher Education, Science, Research and Innovation"},
    {"VN-MOST", "VN", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology"},
    {"KR-MSIT", "KR", "과학기술정보통신부", "Ministry of Science and ICT"},
    {"CN-MOST", "CN", "中华人民共和国科学技术部", "Ministry of Science and Technology"},
    {"IN-MOST", "IN", "विज्ञान और प्रौद्योगिकी मंत्रालय", "Ministry of Science and Technology"},
    {"EG-MHESR", "EG", "وزارة التعليم العالي والبحث العلمي",
     "Ministry of Higher Education and Scientific Research"},
    {"DE-BMBF", "DE", "Bundesministerium für Bildung und Forschung",
     "Federal Ministry of Education and Research"},
    {"ID-BRIN", "ID", "Badan Riset dan Inovasi Nasional",
     "National Research and Innovation Agency"},
};

constexpr AgencySeed kAgencies[] = {
    {"JP-MEXT", "JST", "JP", "国立研究開発法人科学技術振興機構",
     "Japan Science and Technology Agency"},
    {"JP-MEXT", "JSPS", "JP", "独立行政法人日本学術振興会",
     "Japan Society for the Promotion of Science"},
    {"JP-CAO", "AMED", "JP", "国立研究開発法人日本医療研究開発機構",
     "Japan Agency for Medical Research and Development"},
    {"JP-MOFA", "JICA", "JP", "独立行政法人国際協力機構", "Japan International Cooperation Agency"},
    {"JP-METI", "NEDO", "JP", "国立研究開発法人新エネルギー・産業技術総合開発機構",
     "New Energy and Industrial Technology Development Organization"},
    {"TH-MHESI", "NSTDA", "TH", "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ",
     "National Science and Technology Development Agency"},
    {"VN-MOST", "NAFOSTED", "VN", "Quỹ Phát triển khoa học và công nghệ Quốc gia",
     "National Foundation for Science and Technology Development"},
    {"KR-MSIT", "NRF", "KR", "한국연구재단", "National Research Foundation of Korea"},
    {"CN-MOST", "NSFC", "CN", "国家自然科学基金委员会",
     "National Natural Science Foundation of China"},
    {"IN-MOST", "DST", "IN", "विज्ञान और प्रौद्योगिकी विभाग", "Department of Science and Technology"},
    {"EG-MHESR", "ASRT", "EG", "أكاديمية البحث العلمي والتكنولوجيا",
     "Academy of Scientific Research and Technology"},
    {"DE-BMBF", "DFG", "DE", "Deutsche Forschungsgemeinschaft", "German Research Foundation"},
    {"ID-BRIN", "LPDP", "ID", "Lembaga Pengelola Dana Pendidikan",
     "Indonesia Endowment Fund for Education"},
};

// Given and family names in their own script with a Latin form, per country. The
// display order follows each culture (family name first in East Asia).
struct NamePart {
  const char* native;
  const char* latin;
};
struct NamePool {
  const char* country;
  const char* domain;
  bool family_first;
  const char* separator;
  std::vector<NamePart> family;
  std::vector<NamePart> given;
};

const std::vector<NamePool>& Pools() {
  static const std::vector<NamePool> pools = {
      {"JP",
       "u-tokyo.example",
       true,
       " ",
       {{"佐藤", "Sato"},
        {"鈴木", "Suzuki"},
        {"高橋", "Takahashi"},
        {"田中", "Tanaka"},
        {"伊藤", "Ito"},
        {"渡辺", "Watanabe"},
        {"山本", "Yamamoto"},
        {"中村", "Nakamura"},
        {"小林", "Kobayashi"},
        {"清水", "Shimizu"}},
       {{"健", "Ken"},
        {"陽子", "Yoko"},
        {"翔太", "Shota"},
        {"美咲", "Misaki"},
        {"大輔", "Daisuke"},
        {"さくら", "Sakura"},
        {"拓海", "Takumi"},
        {"結衣", "Yui"}}},
      {"CN",
       "tsinghua.example",
       true,
       "",
       {{"王", "Wang"},
        {"李", "Li"},
        {"张", "Zhang"},
        {"刘", "Liu"},
        {"陈", "Chen"},
        {"杨", "Yang"}},
       {{"芳", "Fang"},
        {"伟", "Wei"},
        {"静", "Jing"},
        {"磊", "Lei"},
        {"敏", "Min"},
        {"晓明", "Xiaoming"}}},
      {"KR",
       "snu.example",
       true,
       "",
       {{"김", "Kim"}, {"이", "Lee"}, {"박", "Park"}, {"최", "Choi"}, {"정", "Jung"}},
       {{"민준", "Minjun"},
        {"서연", "Seoyeon"},
        {"지훈", "Jihoon"},
        {"하은", "Haeun"},
        {"도윤", "Doyun"}}},
      {"TH",
       "chula.example",
       false,
       " ",
       {{"ใจดี", "Jaidee"}, {"ศรีสุข", "Srisuk"}, {"วงศ์ไทย", "Wongthai"}, {"บุญมา", "Boonma"}},
       {{"สมชาย", "Somchai"}, {"สุดา", "Suda"}, {"ประเสริฐ", "Prasert"}, {"มาลี", "Malee"}}},
      {"VN",
       "vnu.example",
       true,
       " ",
       {{"Nguyễn", "Nguyen"}, {"Trần", "Tran"}, {"Lê", "Le"}, {"Phạm", "Pham"}},
       {{"Văn An", "Van An"},
        {"Thị Hoa", "Thi Hoa"},
        {"Minh Đức", "Minh Duc"},
        {"Thu Hằng", "Thu Hang"}}},
      {"EG",
       "cu.example",
       false,
       " ",
       {{"علي", "Ali"}, {"حسن", "Hassan"}, {"إبراهيم", "Ibrahim"}, {"منصور", "Mansour"}},
       {{"محمد", "Mohamed"}, {"فاطمة", "Fatma"}, {"أحمد", "Ahmed"}, {"نور", "Nour"}}},
      {"IN",
       "iisc.example",
       false,
       " ",
       {{"शर्मा", "Sharma"}, {"पटेल", "Patel"}, {"राव", "Rao"}, {"गुप्ता", "Gupta"}},
       {{"अमित", "Amit"}, {"प्रिया", "Priya"}, {"राहुल", "Rahul"}, {"अनीता", "Anita"}}},
      {"DE",
       "kit.example",
       false,
       " ",
       {{"Müller", "Mueller"}, {"Schröder", "Schroeder"}, {"Weiß", "Weiss"}, {"Becker", "Becker"}},
       {{"Jürgen", "Juergen"}, {"Anna", "Anna"}, {"Lukas", "Lukas"}, {"Sophie", "Sophie"}}},
      {"ID",
       "ui.example",
       false,
       " ",
       {{"Santoso", "Santoso"}, {"Wijaya", "Wijaya"}, {"Hidayat", "Hidayat"}},
       {{"Budi", "Budi"}, {"Siti", "Siti"}, {"Agus", "Agus"}, {"Dewi", "Dewi"}}},
  };
  return pools;
}

// A valid ORCID iD (ISO 7064 MOD 11-2) from 15 random digits.
std::string MakeOrcid(Rng& rng) {
  std::string digits;
  int total = 0;
  for (int i = 0; i < 15; ++i) {
    int d = static_cast<int>(rng.Below(10));
    if (i < 3) d = 0;  // Issued iDs start 0000- or 0009-.
    digits += static_cast<char>('0' + d);
    total = (total + d) * 2;
  }
  int r = (12 - total % 11) % 11;
  digits += r == 10 ? 'X' : static_cast<char>('0' + r);
  return digits.substr(0, 4) + "-" + digits.substr(4, 4) + "-" + digits.substr(8, 4) + "-" +
         digits.substr(12, 4);
}

struct NamedAccount {
  const char* email;
  const char* display;
  const char* latin;
  const char* language;
  api::Role role;
  const char* scope_type;
  const char* agency_code;  // scope id for agency scopes; nullptr otherwise
  const char* scope_id;
};

constexpr NamedAccount kNamed[] = {
    {kDemoAdminEmail, "管理 花子", "Kanri Hanako", "ja", api::Role::kAdministrator, "global",
     nullptr, ""},
    {"officer@asta.example", "山田 太郎", "Yamada Taro", "ja", api::Role::kProgrammeOfficer,
     "agency", "JST", ""},
    {"compliance@asta.example", "清水 真理", "Shimizu Mari", "ja", api::Role::kComplianceOfficer,
     "agency", "JST", ""},
    {"reviewer@asta.example", "Somchai Srisuk", "Somchai Srisuk", "en", api::Role::kReviewer,
     "self", nullptr, ""},
    {"applicant@asta.example", "Nguyễn Thị Hoa", "Nguyen Thi Hoa", "en", api::Role::kApplicant,
     "self", nullptr, ""},
    {"facility@asta.example", "高橋 翔太", "Takahashi Shota", "ja", api::Role::kFacilityManager,
     "facility", nullptr, "SPring-8"},
    {"office@asta.example", "Fatma Hassan", "Fatma Hassan", "en", api::Role::kOverseasOffice,
     "region", nullptr, "southeast-asia"},
    {"analyst@asta.example", "伊藤 美咲", "Ito Misaki", "ja", api::Role::kAnalyst, "global",
     nullptr, ""},
};

}  // namespace

Result<DemoReport> Generate(App& app, const DemoOptions& options) {
  if (options.scale < 1 || options.scale > 1000) {
    return InvalidArgument("must be from 1 to 1000", "scale");
  }
  {
    ASTA_ASSIGN_OR_RETURN(auto lease, app.db().Acquire());
    ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query("SELECT COUNT(*) FROM users"));
    if (rows.rows.at(0).Int(0) > 0) {
      return FailedPrecondition(
          "the database already holds users; demo data goes into an "
          "empty database");
    }
  }
  auto& accounts = app.accounts();
  const audit::Actor actor = audit::Actor::System("demo");
  DemoReport report;
  Rng rng(options.seed);

  std::map<std::string, std::int64_t> ministry_ids, agency_ids;
  for (const auto& m : kMinistries) {
    ASTA_ASSIGN_OR_RETURN(auto created, accounts.CreateMinistry(
                                            actor, {0, m.code, m.country, m.name, m.name_en, ""}));
    ministry_ids[m.code] = created.id;
    ++report.ministries;
  }
  for (const auto& a : kAgencies) {
    accounts::Agency in;
    in.ministry_id = ministry_ids.at(a.ministry_code);
    in.code = a.code;
    in.country = a.country;
    in.name = a.name;
    in.name_en = a.name_en;
    ASTA_ASSIGN_OR_RETURN(auto created, accounts.CreateAgency(actor, in));
    agency_ids[a.code] = created.id;
    ++report.agencies;
  }

  std::int64_t applicant_id = 0;
  for (const auto& n : kNamed) {
    accounts::NewUser u;
    u.email = n.email;
    u.display_name = n.display;
    u.latin_name = n.latin;
    u.language = n.language;
    u.password = kDemoPassword;
    if (n.agency_code) u.agency_id = agency_ids.at(n.agency_code);
    ASTA_ASSIGN_OR_RETURN(auto user, accounts.CreateUser(actor, u));
    if (n.role == api::Role::kApplicant) applicant_id = user.id;
    std::string scope_id =
        n.agency_code ? std::to_string(agency_ids.at(n.agency_code)) : std::string(n.scope_id);
    ASTA_RETURN_IF_ERROR(accounts.GrantRole(actor, user.id, n.role, n.scope_type, scope_id));
    report.logins.emplace_back(n.email, std::string(api::RoleName(n.role)));
    ++report.users;
  }

  const auto& pools = Pools();
  const int researchers = 120 * options.scale;
  std::map<std::string, int> used_emails;
  std::vector<DemoResearcher> profiles;
  for (int i = 0; i < researchers; ++i) {
    const NamePool& pool = pools[rng.Below(pools.size())];
    const NamePart& family = pool.family[rng.Below(pool.family.size())];
    const NamePart& given = pool.given[rng.Below(pool.given.size())];
    accounts::NewUser u;
    if (pool.family_first) {
      u.display_name = std::string(family.native) + pool.separator + given.native;
      u.latin_name = std::string(family.latin) + " " + given.latin;
    } else {
      u.display_name = std::string(given.native) + pool.separator + family.native;
      u.latin_name = std::string(given.latin) + " " + family.latin;
    }
    std::string local = AsciiLower(std::string(given.latin) + "." + family.latin);
    for (char& c : local) {
      if (c == ' ') c = '-';
    }
    int n = ++used_emails[local + pool.domain];
    if (n > 1) local += std::to_string(n);
    u.email = local + "@" + pool.domain;
    u.language = std::string(pool.country) == "JP" ? "ja" : "en";
    if (rng.Below(3) != 0) u.orcid = MakeOrcid(rng);
    ASTA_ASSIGN_OR_RETURN(auto user, accounts.CreateUser(actor, u));
    api::Role role = rng.Below(4) == 0 ? api::Role::kReviewer : api::Role::kApplicant;
    ASTA_RETURN_IF_ERROR(accounts.GrantRole(actor, user.id, role, "self", ""));
    profiles.push_back(
        {user.id, pool.country, u.display_name, u.latin_name, u.email, u.orcid.value_or("")});
    ++report.users;
  }
  ASTA_ASSIGN_OR_RETURN(auto net, GenerateNetwork(app, profiles, options.seed));
  report.organizations = net.organizations;
  report.people = net.people;
  report.programmes = net.programmes;
  report.needs = net.needs;
  ASTA_ASSIGN_OR_RETURN(auto compliance, GenerateCompliance(app, applicant_id));
  report.control_categories = compliance.categories;
  report.list_entities = compliance.list_entities;
  report.open_hits = compliance.open_hits;
  ASTA_ASSIGN_OR_RETURN(auto progs, GenerateProgrammes(app, agency_ids, applicant_id, profiles));
  report.calls = progs.calls;
  report.proposals = progs.proposals;
  ASTA_ASSIGN_OR_RETURN(report.reviewer_logins, GenerateReviewers(app));
  report.users += static_cast<int>(report.reviewer_logins.size());
  // Submissions noted their teams for screening: screen them now, as a request would.
  ASTA_RETURN_IF_ERROR(app.ProcessScreeningQueue());
  return report;
}

}  // namespace asta::demo
