#include "modules/demo/demo_review.h"

#include "modules/demo/demo.h"

namespace asta::demo {
namespace {

struct Paper {
  const char* title;
  const char* abstract;
  int year;
  std::vector<std::string> coauthors;
};

struct ReviewerSeed {
  const char* email;
  const char* name;        // as written
  const char* latin_name;  // Latin form ("" when the name is Latin)
  const char* country;
  const char* organization;
  const char* since;
  std::vector<std::string> keywords;
  std::vector<Paper> papers;
};

const std::vector<ReviewerSeed>& Seeds() {
  static const std::vector<ReviewerSeed> seeds = {
      {"reviewer1@asta.example",
       "กิตติพงษ์ รัตนากร",
       "Kittipong Rattanakorn",
       "TH",
       "Kasetsart University",
       "2016",
       {"urban flood", "satellite remote sensing", "flood mapping"},
       {{"Satellite flood maps for urban flood management in Bangkok",
         "Flood extent mapping from radar satellite data for city flood management.",
         2023,
         {}},
        {"Urban flood risk from remote sensing in the Chao Phraya basin",
         "Remote sensing of flood risk and urban drainage.",
         2021,
         {}}}},
      {"reviewer2@asta.example",
       "森 浩",
       "Mori Hiroshi",
       "JP",
       "National Research Institute for Earth Science and Disaster Resilience",
       "2015",
       {"coastal flood forecasting", "early warning", "洪水予測"},
       {{"東南アジア沿岸都市における洪水予測と早期警戒システム",
         "沿岸都市の洪水予測モデルと早期警戒の高度化。",
         2022,
         {}},
        {"Coastal flood forecasting and early warning with ensemble models",
         "Ensemble forecasting of coastal floods and storm surge for early warning.",
         2020,
         {}}}},
      {"reviewer3@asta.example",
       "Đỗ Thanh Bình",
       "Do Thanh Binh",
       "VN",
       "Institute of Water Resources Planning",
       "2012",
       {"river monitoring", "Mekong delta", "water resources"},
       {{"Water level monitoring in the Mekong delta",
         "River monitoring stations and water resources planning in the Mekong delta.",
         2022,
         {}}}},
      {"reviewer4@asta.example",
       "Maria Cruz",
       "",
       "PH",
       "Ateneo de Manila University",
       "2010",
       {"low-cost sensors", "environmental monitoring"},
       {{"Low-cost sensors for river monitoring: a field comparison",
         "Low-cost water level sensors built with local universities for river monitoring.",
         2024,
         {"Kurogane Tetsuo", "Lê Thị Mai"}}}},
      {"reviewer5@asta.example",
       "Katharina Vogel",
       "",
       "DE",
       "Leibniz Institute for Freshwater Ecology",
       "2014",
       {"sensor networks", "hydrology"},
       {{"Sensor networks for river hydrology",
         "Wireless sensor networks measuring river discharge and water quality.",
         2019,
         {}}}},
      {"reviewer6@asta.example",
       "한동현",
       "Han Donghyun",
       "KR",
       "Korea Institute of Civil Engineering and Building Technology",
       "2011",
       {"flood-resistant building materials", "disaster risk reduction"},
       {{"Flood-resistant building materials for coastal cities",
         "Materials and construction that withstand urban floods.",
         2021,
         {}}}},
  };
  return seeds;
}

}  // namespace

Result<std::vector<std::string>> GenerateReviewers(App& app) {
  const audit::Actor actor = audit::Actor::System("demo");
  std::vector<std::string> emails;
  int n = 0;
  for (const ReviewerSeed& s : Seeds()) {
    accounts::NewUser u;
    u.email = s.email;
    u.display_name = s.name;
    u.latin_name = *s.latin_name ? s.latin_name : s.name;
    u.language = std::string(s.country) == "JP" ? "ja" : "en";
    u.password = kDemoPassword;
    ASTA_ASSIGN_OR_RETURN(auto user, app.accounts().CreateUser(actor, u));
    ASTA_RETURN_IF_ERROR(
        app.accounts().GrantRole(actor, user.id, api::Role::kReviewer, "self", ""));
    network::PersonRecord p;
    p.source_id = "demo-reviewer-" + std::to_string(++n);
    p.name = s.name;
    if (*s.latin_name) p.latin_name = s.latin_name;
    p.emails = {s.email};
    p.nationality = s.country;
    p.residence_countries = {s.country};
    p.keywords = s.keywords;
    p.career_stage = "senior";
    p.affiliations.push_back({"", s.organization, "professor", s.since, ""});
    for (const Paper& paper : s.papers) {
      network::Publication pub;
      pub.title = paper.title;
      pub.abstract = paper.abstract;
      pub.year = paper.year;
      pub.coauthors = paper.coauthors;
      p.publications.push_back(std::move(pub));
    }
    // Supervision the demo shows as a conflict of interest (kind "advisor"): Đỗ Thanh
    // Bình supervised the doctorate of Nguyễn Văn An, on the team of the Bangkok urban
    // flood proposal of the open call (demo_programmes.cc); matched by name.
    if (std::string(s.email) == "reviewer3@asta.example") {
      p.relations.push_back({"advisee", "doctoral", std::nullopt, "Nguyễn Văn An", "", 2012, 2016});
    }
    ASTA_RETURN_IF_ERROR(app.network().CreatePerson(actor, p, user.id).map([](auto&&) {}));
    emails.push_back(s.email);
  }
  return emails;
}

}  // namespace asta::demo
