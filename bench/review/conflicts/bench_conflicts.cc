// bench_conflicts: conflict-of-interest detection (issue 6) on a generated call in a fresh
// SQLite file. The network holds --people researchers (bulk-inserted; e-mails
// p<i>@net.example), the call --proposals submitted proposals (teams of four: a lead and
// three members with e-mails, half of them network people's, in several countries and
// organisations), --reviewers reviewers with network profiles (affiliations,
// publications) invited and accepted. Measured, each --runs times (medians):
//   baseline   reading the call's submitted proposals (what any listing of them costs);
//   list       ReviewService::Conflicts — the officer's whole list, also what the
//              assignment starts from;
//   access     ReviewService::AccessOf — one reviewer opening one proposal (every review
//              page and attachment download), over --pairs pairs.
// Prints one JSON line: sizes, the medians in ms, the conflicts found and the ratios
// list / baseline and access / baseline.
// Usage: bench_conflicts --dir DIR [--people 100000] [--proposals 300] [--reviewers 40]
//                        [--runs 3] [--pairs 20]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/time.h"
#include "modules/app.h"

namespace {

using asta::Json;
const asta::audit::Actor kSystem = asta::audit::Actor::System("bench-conflicts");

double Ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty()      ? 0
         : v.size() % 2 ? v[v.size() / 2]
                        : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

[[noreturn]] void Die(const std::string& what, const asta::Error& e) {
  std::fprintf(stderr, "bench_conflicts: %s: %s\n", what.c_str(), e.ToString().c_str());
  std::exit(1);
}
template <class T>
T Must(asta::Result<T> r, const std::string& what) {
  if (!r) Die(what, r.error());
  return std::move(*r);
}

// Local time in Tokyo as the call definition takes it, `days` from now.
std::string TokyoLocal(int days) {
  const std::string iso = asta::FormatIso8601(asta::NowUnixSeconds() + days * 86400 + 9 * 3600);
  return iso.substr(0, 19);  // "YYYY-MM-DDTHH:MM:SS" of UTC+9
}

const char* const kSurnames[] = {"Sato",   "Suzuki", "Nguyen", "Tran",   "Kim",  "Lee",
                                 "Wong",   "Singh",  "Santos", "Rahman", "Chen", "Park",
                                 "Yamada", "Ito",    "Pham",   "Jaidee", "Lim",  "Tan"};
const char* const kGiven[] = {"Kenji", "Hanako", "Minh",  "An",      "Minsu", "Wei", "Mai",
                              "Arun",  "Maria",  "Ahmad", "Somchai", "Siti",  "Jun", "Linh"};
const char* const kCountries[] = {"JP", "VN", "TH", "KR", "CN", "IN", "PH", "MY", "ID", "SG"};
// Organisations: 80, named by number (as many as a mid-sized call's teams come from).
std::string Org(int i) { return "University " + std::to_string(i % 80); }

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  int people = 100000, proposals = 300, reviewers = 40, runs = 3, pairs = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int v = std::atoi(argv[i + 1]);
    if (flag == "--dir")
      dir = argv[i + 1];
    else if (flag == "--people")
      people = v;
    else if (flag == "--proposals")
      proposals = v;
    else if (flag == "--reviewers")
      reviewers = v;
    else if (flag == "--runs")
      runs = v;
    else if (flag == "--pairs")
      pairs = v;
  }
  if (dir.empty() || people < 0 || proposals < 1 || reviewers < 1 || runs < 1 || pairs < 1) {
    std::fprintf(stderr,
                 "usage: bench_conflicts --dir DIR [--people N] [--proposals N] "
                 "[--reviewers N] [--runs N] [--pairs N]\n");
    return 2;
  }
  asta::Config config;
  config.db = "sqlite:" + dir + "/bench.db";
  auto app = Must(asta::App::Open(config), "open");
  std::mt19937_64 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto name_of = [&](int i) {
    return std::string(kGiven[i % 14]) + " " + kSurnames[(i / 14) % 18] + " " + std::to_string(i);
  };

  // The network: bulk rows (no child rows), one transaction.
  const auto t_people = std::chrono::steady_clock::now();
  Must(app->db().InWriteTransaction<bool>([&](asta::store::Connection& conn) -> asta::Result<bool> {
    const std::string now = asta::NowIso8601();
    for (int i = 0; i < people; ++i) {
      const std::string email = "p" + std::to_string(i) + "@net.example";
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "INSERT INTO people (name, latin_name, other_names_json, emails_json, nationality, "
          "residence_json, fields_json, keywords_json, themes_json, career_stage, bio_en, "
          "bio_ja, source_id, created_at, updated_at) VALUES (?,?,'[]',?,?,'[]','[]','[]','[]',"
          "'','','',?,?,?)",
          {name_of(i), name_of(i), "[\"" + email + "\"]", std::string(kCountries[i % 10]),
           "bench" + std::to_string(i), now, now}));
    }
    return true;
  }),
       "people");
  Must(app->network().EnsureEmailIndex(), "e-mail index");  // as at start-up
  const double people_ms = Ms(t_people);

  // The call.
  auto ministry =
      Must(app->accounts().CreateMinistry(kSystem, {0, "JP-MEXT", "JP", "文部科学省", "MEXT", ""}),
           "ministry");
  asta::accounts::Agency agency;
  agency.ministry_id = ministry.id;
  agency.code = "JST";
  agency.country = "JP";
  agency.name = "科学技術振興機構";
  agency.name_en = "Japan Science and Technology Agency";
  agency = Must(app->accounts().CreateAgency(kSystem, agency), "agency");
  asta::programmes::ProgrammeInput in;
  in.agency_id = agency.id;
  in.kind = "joint_research";
  in.name = "Joint research";
  auto programme = Must(app->programmes().CreateProgramme(kSystem, in), "programme");
  Json def{
      {"programme_id", programme.id},
      {"title", "Benchmark call"},
      {"opens", TokyoLocal(-1)},
      {"closes", TokyoLocal(60)},
      {"time_zone", "Asia/Tokyo"},
      {"funding_model", "virtual_common_pot"},
      {"funders", Json::array({Json{{"agency", "JST"},
                                    {"currency", "JPY"},
                                    {"budget", 1000000000},
                                    {"countries", {"JP", "VN", "TH", "KR", "CN"}}}})},
      {"criteria",
       Json::array({Json{
           {"key", "excellence"}, {"title_en", "Excellence"}, {"weight", 1}, {"scale_max", 5}}})}};
  auto call = Must(app->programmes().CreateCall(kSystem, def), "call");

  auto make_user = [&](const std::string& email, const std::string& name) {
    asta::accounts::NewUser u;
    u.email = email;
    u.display_name = name;
    u.latin_name = name;
    return Must(app->accounts().CreateUser(kSystem, u), "user " + email);
  };
  // Reviewers with network profiles: two affiliations, three publications with coauthors.
  std::vector<std::int64_t> reviewer_ids;
  for (int r = 0; r < reviewers; ++r) {
    const std::string email = "reviewer" + std::to_string(r) + "@rev.example";
    const std::string name = "Reviewer " + std::string(kSurnames[r % 18]) + " " + std::to_string(r);
    auto user = make_user(email, name);
    Must(app->accounts().GrantRole(kSystem, user.id, asta::api::Role::kReviewer, "self", ""),
         "role");
    asta::network::PersonRecord p;
    p.source_id = email;
    p.name = name;
    p.emails = {email};
    p.nationality = kCountries[r % 10];
    p.affiliations = {{"", Org(r), "", "2012", "2019"}, {"", Org(r + 37), "", "2019", ""}};
    for (int k = 0; k < 3; ++k) {
      p.publications.push_back({"Study " + std::to_string(r) + "." + std::to_string(k),
                                "Abstract.",
                                "",
                                2018 + k,
                                {name_of(pick(std::max(people, 1)))}});
    }
    Must(app->network().CreatePerson(kSystem, p, user.id), "reviewer profile");
    reviewer_ids.push_back(user.id);
  }
  // Proposals: 50 applicants; teams of four, half the members' e-mails network people's.
  std::vector<asta::audit::Actor> applicants;
  for (int a = 0; a < 50; ++a) {
    const std::string email = "applicant" + std::to_string(a) + "@app.example";
    auto user = make_user(email, "Applicant " + std::to_string(a));
    applicants.push_back(asta::audit::Actor{user.id, email});
  }
  std::vector<std::int64_t> proposal_ids;
  for (int i = 0; i < proposals; ++i) {
    Json team = Json::array();
    for (int m = 0; m < 4; ++m) {
      const int who = people > 0 ? pick(people) : 0;
      const bool networked = people > 0 && pick(2) == 0;
      team.push_back(Json{
          {"name",
           networked ? name_of(who) : "Member " + std::to_string(i) + "-" + std::to_string(m)},
          {"role", m == 0 ? "lead" : "member"},
          {"country", kCountries[pick(10)]},
          {"organization", Org(pick(80))},
          {"email", networked
                        ? "p" + std::to_string(who) + "@net.example"
                        : "m" + std::to_string(i) + "-" + std::to_string(m) + "@team.example"}});
    }
    Json content{{"title", "Proposal " + std::to_string(i)},
                 {"abstract", "A joint study."},
                 {"team", team},
                 {"budget", Json::array({Json{{"funder", "JST"},
                                              {"year", 2027},
                                              {"category", "personnel"},
                                              {"amount", 1000000},
                                              {"currency", "JPY"}}})}};
    const auto& owner = applicants[i % applicants.size()];
    auto p = Must(app->programmes().CreateProposal(owner, call.id, content), "proposal");
    Must(app->programmes().Submit(owner, p.id, p.version, ""), "submit");
    proposal_ids.push_back(p.id);
  }
  for (std::int64_t r : reviewer_ids) {
    auto inv = Must(app->review().Invite(kSystem, call.id, Json{{"user_id", r}}), "invite");
    Must(app->review().Answer(asta::audit::Actor{r, "r"}, inv.at("id").get<std::int64_t>(), true),
         "accept");
  }

  std::vector<double> base_ms, list_ms, access_ms;
  std::size_t conflicts = 0;
  for (int run = 0; run < runs; ++run) {
    asta::programmes::ProposalFilter f;
    f.state = "submitted";
    f.limit = 20000;
    auto t = std::chrono::steady_clock::now();
    auto read = Must(app->programmes().CallProposals(call.id, f), "read");
    base_ms.push_back(Ms(t));
    if (static_cast<int>(read.size()) != proposals) {
      std::fprintf(stderr, "bench_conflicts: %zu proposals read, %d made\n", read.size(),
                   proposals);
      return 1;
    }
    t = std::chrono::steady_clock::now();
    auto list = Must(app->review().Conflicts(call.id), "conflicts");
    list_ms.push_back(Ms(t));
    conflicts = list.size();
    for (int k = 0; k < pairs; ++k) {
      const std::int64_t r = reviewer_ids[pick(static_cast<int>(reviewer_ids.size()))];
      const std::int64_t p = proposal_ids[pick(static_cast<int>(proposal_ids.size()))];
      t = std::chrono::steady_clock::now();
      Must(app->review().AccessOf(r, p), "access");
      access_ms.push_back(Ms(t));
    }
  }
  const double base = Median(base_ms), list = Median(list_ms), access = Median(access_ms);
  std::printf(
      "{\"people\":%d,\"proposals\":%d,\"reviewers\":%d,\"people_insert_ms\":%.0f,"
      "\"baseline_read_ms\":%.1f,\"list_ms\":%.1f,\"access_ms\":%.1f,\"conflicts\":%zu,"
      "\"list_over_baseline\":%.1f,\"access_over_baseline\":%.1f}\n",
      people, proposals, reviewers, people_ms, base, list, access, conflicts, list / base,
      access / base);
  return 0;
}
