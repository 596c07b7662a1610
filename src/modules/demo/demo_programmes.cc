#include "modules/demo/demo_programmes.h"

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "core/zones.h"
#include "modules/programmes/country_groups.h"

namespace asta::demo {
namespace {

constexpr char kTokyo[] = "Asia/Tokyo";
constexpr std::int64_t kDay = 86400;

// The wall-clock date `days` from now in Tokyo, at `hour`.
std::string TokyoDay(std::int64_t days, const char* hour) {
  auto local = FormatInZone(NowUnixSeconds() + days * kDay, kTokyo);
  return (local ? local->substr(0, 10) : std::string("2027-01-01")) + "T" + hour;
}

Json Funder(const char* agency, const char* currency, std::int64_t budget,
            std::vector<std::string> countries) {
  return Json{
      {"agency", agency}, {"currency", currency}, {"budget", budget}, {"countries", countries}};
}

Json Form(bool with_statement) {
  Json sections = Json::array({Json{{"key", "summary"},
                                    {"title_en", "Summary"},
                                    {"title_ja", "研究概要"},
                                    {"max_words", 300},
                                    {"required", true}},
                               Json{{"key", "plan"},
                                    {"title_en", "Research plan"},
                                    {"title_ja", "研究計画"},
                                    {"max_chars", 8000},
                                    {"required", true}}});
  if (with_statement) {
    sections.push_back(Json{{"key", "impact"},
                            {"title_en", "Development impact"},
                            {"title_ja", "開発効果"},
                            {"max_chars", 3000},
                            {"required", false}});
  }
  return Json{{"sections", sections},
              {"attachments", Json::array({Json{{"key", "cv"},
                                                {"title_en", "CVs of the principal investigators"},
                                                {"title_ja", "研究代表者の履歴書"},
                                                {"types", Json::array({"application/pdf"})},
                                                {"max_bytes", 2 * 1024 * 1024},
                                                {"required", false}}})}};
}

// A one-page PDF showing `line` (ASCII) in Helvetica, with a correct cross-reference
// table: the demo's CV attachment.
std::string OnePagePdf(const std::string& line) {
  const std::string stream = "BT /F1 14 Tf 50 120 Td (" + line + ") Tj ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    std::string n = std::to_string(offset);
    pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

Json Criteria() {
  return Json::array({Json{{"key", "excellence"},
                           {"title_en", "Scientific excellence"},
                           {"title_ja", "科学的卓越性"},
                           {"weight", 40},
                           {"scale_max", 5}},
                      Json{{"key", "impact"},
                           {"title_en", "Impact and international synergy"},
                           {"title_ja", "インパクトと国際的な相乗効果"},
                           {"weight", 30},
                           {"scale_max", 5}},
                      Json{{"key", "implementation"},
                           {"title_en", "Quality of implementation"},
                           {"title_ja", "実施体制"},
                           {"weight", 30},
                           {"scale_max", 5}}});
}

Json Member(const std::string& name, const char* role, const char* country, const char* org,
            const char* org_type = "university") {
  return Json{{"name", name},        {"role", role},         {"country", country},
              {"organization", org}, {"org_type", org_type}, {"team", country}};
}

Json Line(const char* funder, int year, const char* category, const char* team, std::int64_t amount,
          const char* currency) {
  return Json{{"funder", funder}, {"year", year},     {"category", category},
              {"team", team},     {"amount", amount}, {"currency", currency}};
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

Result<ProgrammesDemoReport> GenerateProgrammes(
    App& app, const std::map<std::string, std::int64_t>& agency_ids, std::int64_t applicant_user_id,
    const std::vector<DemoResearcher>& researchers) {
  auto& svc = app.programmes();
  const audit::Actor system = audit::Actor::System("demo");
  ProgrammesDemoReport report;

  programmes::ProgrammeInput jrp;
  jrp.agency_id = agency_ids.at("JST");
  jrp.kind = "joint_research";
  jrp.name = "Multilateral Joint Research Programme for Asia";
  jrp.name_ja = "アジア多国間共同研究プログラム";
  jrp.description =
      "International joint research in which each agency funds its own country's teams "
      "(virtual common pot); consortia of at least three member countries.";
  jrp.themes = {"green-innovation", "life-innovation", "safety-security"};
  jrp.partners = {"NSTDA", "NAFOSTED", "DOST", "JICA"};
  ASTA_ASSIGN_OR_RETURN(auto p_jrp, svc.CreateProgramme(system, jrp));
  programmes::ProgrammeInput fel;
  fel.agency_id = agency_ids.at("JSPS");
  fel.kind = "fellowship";
  fel.name = "Invitational Fellowships for Research in Japan";
  fel.name_ja = "外国人研究者招へい事業";
  fel.description = "Fellowships for researchers abroad to work with colleagues in Japan.";
  fel.themes = {"basic-research"};
  ASTA_ASSIGN_OR_RETURN(auto p_fel, svc.CreateProgramme(system, fel));
  programmes::ProgrammeInput cap;
  cap.agency_id = agency_ids.at("JICA");
  cap.kind = "capacity_building";
  cap.name = "Science and Technology Capacity Building with Africa";
  cap.name_ja = "アフリカ科学技術人材育成プログラム";
  cap.description = "Training and joint research for universities in African Union countries.";
  cap.themes = {"life-innovation", "ict"};
  ASTA_ASSIGN_OR_RETURN(auto p_cap, svc.CreateProgramme(system, cap));
  report.programmes = 3;

  // 1. The open three-country multilateral call.
  Json c1{
      {"programme_id", p_jrp.id},
      {"title", "Multilateral Call 2027: Climate-resilient cities in Southeast Asia"},
      {"title_ja", "2027年度多国間共同研究公募：東南アジアの気候変動に強い都市"},
      {"description",
       "Joint research by teams from at least three countries, two of them ASEAN members. "
       "Each agency funds its own country's team."},
      {"themes", Json::array({"green-innovation", "safety-security"})},
      {"opens", TokyoDay(-30, "10:00:00")},
      {"closes", TokyoDay(120, "17:00:00")},
      {"time_zone", kTokyo},
      {"funding_model", "virtual_common_pot"},
      {"stages", 1},
      {"funders", Json::array({Funder("JST", "JPY", 90000000, {"JP"}),
                               Funder("NSTDA", "THB", 12000000, {"TH"}),
                               Funder("NAFOSTED", "VND", 6000000000, {"VN"}),
                               Funder("DOST", "PHP", 15000000, {"PH"})})},
      {"rules", Json::array({Json{{"kind", "min_countries"}, {"min", 3}},
                             Json{{"kind", "countries_in_group"}, {"group", "asean"}, {"min", 2}},
                             Json{{"kind", "lead_from_funder_country"}},
                             Json{{"kind", "members_fundable"}}, Json{{"kind", "budget_currency"}},
                             Json{{"kind", "budget_max"},
                                  {"per", "funder_year"},
                                  {"funder", "JST"},
                                  {"max", 10000000}}})},
      {"slots", Json::array()},
      {"form", Form(false)},
      {"criteria", Criteria()}};
  ASTA_ASSIGN_OR_RETURN(auto call1, svc.CreateCall(system, c1));

  // 2. The aid-linked call with a special slot, two stages.
  std::vector<std::string> oda;
  for (const auto& c : programmes::BuiltInCountryGroups().at("oda").countries) oda.push_back(c);
  Json c2{
      {"programme_id", p_jrp.id},
      {"title", "Aid-linked Joint Research 2027: Disaster risk reduction"},
      {"title_ja", "2027年度 開発援助連携共同研究：防災・減災"},
      {"description",
       "JST funds the Japanese team and JICA the partner country's. The special slot "
       "\"Science and technology diplomacy\" asks for a statement on the policy aim."},
      {"themes", Json::array({"safety-security"})},
      {"opens", TokyoDay(-10, "10:00:00")},
      {"pre_proposal_closes", TokyoDay(40, "12:00:00")},
      {"closes", TokyoDay(150, "12:00:00")},
      {"time_zone", kTokyo},
      {"funding_model", "virtual_common_pot"},
      {"stages", 2},
      {"funders", Json::array({Funder("JST", "JPY", 120000000, {"JP"}),
                               Funder("JICA", "JPY", 300000000, oda)})},
      {"rules", Json::array({Json{{"kind", "min_countries"}, {"min", 2}},
                             Json{{"kind", "lead_from_funder_country"}, {"funder", "JST"}},
                             Json{{"kind", "members_fundable"}}, Json{{"kind", "budget_currency"}},
                             Json{{"kind", "budget_max"}, {"per", "team"}, {"max", 100000000}}})},
      {"slots",
       Json::array(
           {Json{{"code", "oda-priority"},
                 {"name_en", "Science and technology diplomacy"},
                 {"name_ja", "科学技術外交枠"},
                 {"quota", 2},
                 {"rules",
                  Json::array({Json{{"kind", "countries_in_group"}, {"group", "oda"}, {"min", 1}},
                               Json{{"kind", "statement"},
                                    {"statement", "policy_requirement"},
                                    {"min_chars", 200},
                                    {"label_en", "policy requirement"},
                                    {"label_ja", "政策要件"}}})}}})},
      {"form", Form(true)},
      {"criteria", Criteria()}};
  ASTA_ASSIGN_OR_RETURN(auto call2, svc.CreateCall(system, c2));

  // 3. A fellowship call that has closed; 4. an upcoming capacity-building call.
  Json c3{{"programme_id", p_fel.id},
          {"title", "Invitational Fellowships 2026 (long term)"},
          {"title_ja", "2026年度 外国人招へい研究者（長期）"},
          {"opens", TokyoDay(-200, "09:00:00")},
          {"closes", TokyoDay(-20, "17:00:00")},
          {"time_zone", kTokyo},
          {"funding_model", "single_funder"},
          {"funders", Json::array({Funder("JSPS", "JPY", 50000000, {"JP"})})},
          {"rules", Json::array({Json{{"kind", "budget_currency"}}})},
          {"form", Form(false)},
          {"criteria", Criteria()}};
  ASTA_RETURN_IF_ERROR(svc.CreateCall(system, c3).map([](auto&&) {}));
  std::vector<std::string> au;
  for (const auto& c : programmes::BuiltInCountryGroups().at("african-union").countries) {
    au.push_back(c);
  }
  Json c4{
      {"programme_id", p_cap.id},
      {"title", "Capacity Building with Africa 2027: Digital health"},
      {"title_ja", "2027年度 アフリカ人材育成：デジタルヘルス"},
      {"opens", TokyoDay(40, "09:00:00")},
      {"closes", TokyoDay(200, "17:00:00")},
      {"time_zone", "Africa/Nairobi"},
      {"funding_model", "common_pot"},
      {"funders", Json::array({Funder("JICA", "JPY", 80000000, au)})},
      {"rules",
       Json::array({Json{{"kind", "countries_in_group"}, {"group", "african-union"}, {"min", 2}},
                    Json{{"kind", "org_type"}, {"org_type", "university"}, {"min", 2}}})},
      {"form", Form(false)},
      {"criteria", Criteria()}};
  // Opens in the future: the call is stored with its zone and starts as "upcoming".
  c4["opens"] = TokyoDay(40, "09:00:00");
  c4["closes"] = TokyoDay(200, "17:00:00");
  ASTA_RETURN_IF_ERROR(svc.CreateCall(system, c4).map([](auto&&) {}));
  report.calls = 4;

  // Proposals in several languages. Owners: the demo applicant and researchers.
  auto owner = [&](std::size_t i) -> audit::Actor {
    if (researchers.empty()) return audit::Actor{applicant_user_id, "applicant@asta.example"};
    const auto& r = researchers[i % researchers.size()];
    return audit::Actor{r.user_id, r.email};
  };
  const std::string plan_en = Repeat(
      "Field campaigns in three river basins, shared flood models and joint training of "
      "early-career researchers. ",
      8);
  const std::string plan_ja =
      Repeat("三つの流域での現地観測、洪水モデルの共同開発、若手研究者の合同研修を行う。", 10);
  struct Seed {
    std::int64_t call;
    Json content;
    bool submit;
    audit::Actor actor;
    std::optional<programmes::AttachmentInput> attachment = std::nullopt;
  };
  std::vector<Seed> seeds;
  seeds.push_back(
      {call1.id,
       Json{
           {"title", "東南アジア沿岸都市の洪水予測と早期警戒の共同研究"},
           {"abstract", "タイ、ベトナムと日本の研究者が、沿岸都市の洪水予測を共同で高度化する。"},
           {"language", "ja"},
           {"team",
            Json::array({Member("佐藤 健一", "lead", "JP", "東北大学"),
                         Member("Somchai Wongsakul", "co_lead", "TH", "Chulalongkorn University"),
                         Member("Trần Văn Minh", "co_lead", "VN", "Vietnam National University"),
                         Member("Maria Santos", "member", "PH", "University of the Philippines")})},
           {"budget", Json::array({Line("JST", 2027, "personnel", "JP", 6000000, "JPY"),
                                   Line("JST", 2028, "equipment", "JP", 8000000, "JPY"),
                                   Line("NSTDA", 2027, "personnel", "TH", 1500000, "THB"),
                                   Line("NAFOSTED", 2027, "travel", "VN", 900000000, "VND"),
                                   Line("DOST", 2027, "personnel", "PH", 2000000, "PHP")})},
           {"sections",
            Json{{"summary", "沿岸都市の洪水を予測し、早期警戒を実現する。"}, {"plan", plan_ja}}},
           {"internationalisation",
            Json{{"plan", "各国の若手研究者を相互に派遣し、共著論文を作る。"},
                 {"targets",
                  Json::array({Json{{"indicator", "共著論文"}, {"target", "6本"}},
                               Json{{"indicator", "相互派遣"}, {"target", "延べ12名"}}})}}}},
       true, owner(0)});
  seeds.push_back(
      {call1.id,
       Json{{"title", "การจัดการน้ำท่วมในเมืองด้วยข้อมูลดาวเทียมร่วมกับญี่ปุ่นและเวียดนาม"},
            {"abstract", "Urban flood management with satellite data, Thailand–Japan–Viet Nam."},
            {"language", "th"},
            {"team", Json::array({Member("สมชาย ศรีสุข", "lead", "TH", "Kasetsart University"),
                                  Member("Tanaka Yui", "co_lead", "JP", "Kyoto University"),
                                  Member("Nguyễn Văn An", "member", "VN",
                                         "Hanoi University of Science and Technology")})},
            {"budget", Json::array({Line("NSTDA", 2027, "personnel", "TH", 2500000, "THB"),
                                    Line("JST", 2027, "personnel", "JP", 7000000, "JPY"),
                                    Line("NAFOSTED", 2027, "equipment", "VN", 1200000000, "VND")})},
            {"sections", Json{{"summary", "Satellite-based flood maps shared across three cities."},
                              {"plan", plan_en}}},
            {"internationalisation",
             Json{{"plan", "Joint summer schools in Bangkok, Kyoto and Hanoi."},
                  {"targets",
                   Json::array({Json{{"indicator", "co-authored papers"}, {"target", "4"}}})}}}},
       true, owner(1),
       programmes::AttachmentInput{"cv", "CV_สมชาย ศรีสุข.pdf", "application/pdf",
                                   OnePagePdf("CVs of the principal investigators (demo)")}});
  seeds.push_back(
      {call1.id,
       Json{{"title", "Low-cost sensors for river monitoring in the Mekong delta"},
            {"abstract", "A sensor network built and maintained with local universities."},
            {"language", "en"},
            {"team", Json::array({Member("Kurogane Tetsuo", "lead", "JP", "Osaka University"),
                                  Member("Lê Thị Mai", "co_lead", "VN", "Can Tho University"),
                                  Member("Anan Chaiyasit", "member", "TH", "Mahidol University")})},
            {"budget", Json::array({Line("JST", 2027, "equipment", "JP", 9000000, "JPY"),
                                    Line("NAFOSTED", 2027, "personnel", "VN", 700000000, "VND"),
                                    Line("NSTDA", 2027, "travel", "TH", 400000, "THB")})},
            {"sections",
             Json{{"summary", "River sensors for the Mekong delta."}, {"plan", plan_en}}},
            {"internationalisation",
             Json{{"plan", "Students from the three countries build the sensors together."},
                  {"targets", Json::array()}}}},
       true, owner(2)});
  seeds.push_back(
      {call1.id,
       Json{{"title", "Nghiên cứu vật liệu xây dựng chống ngập cho đô thị ven biển"},
            {"abstract", "Flood-resistant building materials (draft in Vietnamese)."},
            {"language", "vi"},
            {"team",
             Json::array({Member("Nguyễn Thị Hoa", "lead", "VN", "Vietnam National University"),
                          Member("Yamamoto Ken", "member", "JP", "")})},
            {"budget", Json::array({Line("NAFOSTED", 2027, "personnel", "VN", 500000000, "VND"),
                                    Line("JST", 2027, "personnel", "JP", 3000000, "USD")})},
            {"sections", Json{{"summary", "Vật liệu chống ngập."}}}},
       false, audit::Actor{applicant_user_id, "applicant@asta.example"}});
  seeds.push_back(
      {call2.id,
       Json{
           {"title", "Landslide early warning for mountain communities in Nepal and Laos"},
           {"abstract", "Community-operated landslide warning with Japanese sensing technology."},
           {"language", "en"},
           {"slot", "oda-priority"},
           {"team", Json::array({Member("鈴木 花子", "lead", "JP", "京都大学"),
                                 Member("Bikash Shrestha", "co_lead", "NP", "Tribhuvan University"),
                                 Member("Souksavanh Phommachanh", "member", "LA",
                                        "National University of Laos")})},
           {"budget", Json::array({Line("JST", 2027, "personnel", "JP", 20000000, "JPY"),
                                   Line("JICA", 2027, "equipment", "NP", 30000000, "JPY"),
                                   Line("JICA", 2027, "training", "LA", 10000000, "JPY")})},
           {"sections", Json{{"summary", "Landslide warning run by the communities themselves."},
                             {"plan", plan_en},
                             {"impact", "Fewer casualties in two districts."}}},
           {"statements",
            Json{{"policy_requirement",
                  Repeat("The project supports the Sendai Framework for disaster risk reduction "
                         "and the partner governments' own plans. ",
                         3)}}},
           {"internationalisation",
            Json{{"plan", "Engineers from Nepal and Laos train in Japan and train others at home."},
                 {"targets",
                  Json::array({Json{{"indicator", "trained engineers"}, {"target", "30"}}})}}}},
       true, owner(3)});
  for (auto& seed : seeds) {
    if (!seed.actor.user_id) continue;
    ASTA_ASSIGN_OR_RETURN(auto p, svc.CreateProposal(seed.actor, seed.call, seed.content));
    ++report.proposals;
    if (seed.attachment) {
      ASTA_RETURN_IF_ERROR(svc.AddAttachment(seed.actor, p.id, *seed.attachment));
      ASTA_ASSIGN_OR_RETURN(p, svc.GetProposal(p.id));
    }
    if (seed.submit) {
      ASTA_ASSIGN_OR_RETURN(auto done, svc.Submit(seed.actor, p.id, p.version, ""));
      (void)done;
      ++report.submitted;
    }
  }
  return report;
}

}  // namespace asta::demo
