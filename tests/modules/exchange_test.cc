// Exchange programmes, offices and cooperation needs, duplicates and merges, and the
// network views, on every storage backend: validation naming the field, participations
// that only move forward, nominations inside the call window, needs kept to an office's
// region, duplicates across scripts, merges that lose nothing, and the graph and map.
#include "modules/network/exchange.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "modules/audit/audit_log.h"
#include "modules/network/network.h"
#include "tests/modules/fixture.h"

namespace asta::testing {
namespace {

using network::DryRun;
using network::OrgRecord;
using network::ParticipantInput;
using network::ParticipantUpdate;
using network::PersonRecord;
using network::ProgrammeInput;

const audit::Actor kActor = audit::Actor::System("exchange-test");

OrgRecord Org(const std::string& ror, const std::string& name, const std::string& country,
              std::vector<std::string> types = {"education"}) {
  OrgRecord r;
  r.ror = ror;
  r.display_name = name;
  r.names = {{name, "en", "display"}};
  r.country = country;
  r.city = "";
  r.types = std::move(types);
  r.status = "active";
  return r;
}

PersonRecord Person(const std::string& name, const std::string& latin,
                    const std::string& nationality) {
  PersonRecord p;
  p.source_id = name;
  p.name = name;
  p.latin_name = latin;
  p.nationality = nationality;
  return p;
}

class ExchangeTest : public AppTest {
 protected:
  network::NetworkService& net() { return app_->network(); }
  network::ExchangeService& ex() { return app_->exchange(); }

  std::int64_t Count(const std::string& sql) {
    auto lease = app_->db().Acquire();
    EXPECT_TRUE(lease.has_value());
    auto rows = (*lease)->Query(sql);
    EXPECT_TRUE(rows.has_value()) << (rows ? "" : rows.error().ToString());
    return rows ? rows->rows.at(0).Int(0) : -1;
  }

  std::int64_t NewPerson(PersonRecord p) {
    auto created = net().CreatePerson(kActor, std::move(p), std::nullopt);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().ToString());
    return created ? created->id : 0;
  }

  network::Programme NewProgramme(const std::string& kind, const std::string& country,
                                  const std::string& call_open = "",
                                  const std::string& call_close = "") {
    ProgrammeInput in;
    in.kind = kind;
    in.name = kind + " " + country;
    in.country = country;
    in.themes = {"green-innovation"};
    in.call_open = call_open;
    in.call_close = call_close;
    auto p = ex().CreateProgramme(kActor, in);
    EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().ToString());
    return p ? *p : network::Programme{};
  }
};

TEST_P(ExchangeTest, ProgrammesAreValidatedNamingTheField) {
  ProgrammeInput in;
  in.kind = "holiday";
  in.name = "x";
  in.country = "TH";
  auto bad_kind = ex().CreateProgramme(kActor, in);
  ASSERT_FALSE(bad_kind.has_value());
  EXPECT_EQ(bad_kind.error().field, "kind");
  in.kind = "dispatch";
  in.themes = {"ict", "gardening"};
  EXPECT_EQ(ex().CreateProgramme(kActor, in).error().field, "themes[1]");
  in.themes = {"ict"};
  in.start = "2025-04";
  in.end = "2024";
  EXPECT_EQ(ex().CreateProgramme(kActor, in).error().field, "end");
  in.end = "2027-03-31";
  in.call_open = "2025-01-01";
  EXPECT_EQ(ex().CreateProgramme(kActor, in).error().field, "call_open")
      << "only re-invitation has a call window";
  in.kind = "reinvitation";
  in.call_close = "2024-12-31";
  EXPECT_EQ(ex().CreateProgramme(kActor, in).error().field, "call_close");
  in.call_close = "2035-12-31";
  in.country = "ZZ";
  EXPECT_EQ(ex().CreateProgramme(kActor, in).error().field, "country");
  in.country = "th";
  in.org_id = 424242;
  EXPECT_EQ(ex().CreateProgramme(kActor, in).error().field, "org_id");
  in.org_id.reset();
  auto ok = ex().CreateProgramme(kActor, in);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(ok->input.country, "TH");
  EXPECT_EQ(ok->region, "southeast-asia");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_programmes"), 1) << "no half-written rows";

  // Stale versions are refused; the right one is taken.
  in.name = "Re-invitation 2026";
  auto stale = ex().UpdateProgramme(kActor, ok->id, in, ok->version + 1);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  auto updated = ex().UpdateProgramme(kActor, ok->id, in, ok->version);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->input.name, "Re-invitation 2026");
  EXPECT_EQ(updated->version, ok->version + 1);
}

TEST_P(ExchangeTest, ParticipationsMoveOnlyForwardAndReportsAreRequired) {
  const auto programme = NewProgramme("reinvitation", "VN", "2020-01-01", "2035-12-31");
  const std::int64_t person = NewPerson(Person("Nguyễn Văn An", "Nguyen Van An", "VN"));
  ParticipantInput in;
  in.person_id = person;
  auto nominated = ex().AddParticipant(kActor, programme.id, in);
  ASSERT_TRUE(nominated.has_value()) << nominated.error().ToString();
  EXPECT_EQ(nominated->status, "nominated");
  EXPECT_EQ(nominated->role, "invitee");
  auto twice = ex().AddParticipant(kActor, programme.id, in);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(twice.error().field, "person_id");
  in.person_id = 999999;
  EXPECT_EQ(ex().AddParticipant(kActor, programme.id, in).error().field, "person_id");
  in.person_id = person;
  in.role = "dispatched";
  EXPECT_EQ(ex().AddParticipant(kActor, programme.id, in).error().field, "role");

  auto move = [&](const std::string& status, std::optional<std::string> report = std::nullopt) {
    ParticipantUpdate u;
    u.status = status;
    u.report = std::move(report);
    return ex().UpdateParticipant(kActor, programme.id, nominated->id, u, std::nullopt);
  };
  auto skip = move("visited");
  ASSERT_FALSE(skip.has_value());
  EXPECT_EQ(skip.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(skip.error().field, "status");
  EXPECT_NE(skip.error().message.find("accepted"), std::string::npos) << skip.error().message;
  ASSERT_TRUE(move("accepted"));
  ASSERT_TRUE(move("visiting"));
  ASSERT_TRUE(move("visited"));
  auto no_report = move("reported");
  ASSERT_FALSE(no_report.has_value());
  EXPECT_EQ(no_report.error().field, "report");
  auto reported = move("reported", "Two joint papers drafted; a student exchange agreed.");
  ASSERT_TRUE(reported.has_value()) << reported.error().ToString();
  EXPECT_EQ(reported->status, "reported");
  EXPECT_TRUE(network::NextStatuses("reinvitation", "reported").empty());
  EXPECT_FALSE(move("accepted").has_value()) << "no way back";

  auto mine = ex().PersonProgrammes(person);
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].programme_name, programme.input.name);
  EXPECT_EQ((*mine)[0].status, "reported");
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'programme_participant.%'"), 5);
}

TEST_P(ExchangeTest, NominationsOnlyInTheCallWindowAndNotToClosedProgrammes) {
  const auto past = NewProgramme("reinvitation", "TH", "2020-01-01", "2020-12-31");
  const std::int64_t person = NewPerson(Person("Somchai Jaidee", "", "TH"));
  ParticipantInput in;
  in.person_id = person;
  auto late = ex().AddParticipant(kActor, past.id, in);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.error().field, "call_close");

  auto association = NewProgramme("alumni_association", "TH");
  ProgrammeInput closed = association.input;
  closed.status = "closed";
  ASSERT_TRUE(ex().UpdateProgramme(kActor, association.id, closed, std::nullopt));
  auto refused = ex().AddParticipant(kActor, association.id, in);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM programme_participants"), 0);
}

TEST_P(ExchangeTest, NeedsBelongToAnOfficeAndStayInItsRegion) {
  auto office = net().CreateOrganization(
      kActor, Org("", "JST Singapore Office", "SG", {"overseas_office"}), "southeast-asia");
  ASSERT_TRUE(office.has_value()) << office.error().ToString();
  auto university = net().CreateOrganization(kActor, Org("", "Hanoi Example University", "VN"), "");
  ASSERT_TRUE(university.has_value());
  network::NeedInput in;
  in.office_id = university->id;
  in.country = "VN";
  in.theme = "life-innovation";
  in.title = "Infectious disease surveillance training";
  auto not_office = ex().CreateNeed(kActor, in);
  ASSERT_FALSE(not_office.has_value());
  EXPECT_EQ(not_office.error().field, "office_id");
  in.office_id = office->id;
  in.country = "KR";
  EXPECT_EQ(ex().CreateNeed(kActor, in).error().field, "country");
  in.country = "VN";
  in.theme = "space";
  EXPECT_EQ(ex().CreateNeed(kActor, in).error().field, "theme");
  in.theme = "life-innovation";
  in.partner_org_id = university->id;
  auto need = ex().CreateNeed(kActor, in);
  ASSERT_TRUE(need.has_value()) << need.error().ToString();
  EXPECT_EQ(need->region, "southeast-asia");
  EXPECT_EQ(need->partner_org_name, "Hanoi Example University");
  in.status = "addressed";
  ASSERT_TRUE(ex().UpdateNeed(kActor, need->id, in, need->version));
  in.theme = "ict";
  in.status = "open";
  ASSERT_TRUE(ex().CreateNeed(kActor, in));

  auto summary = ex().NeedsSummary("southeast-asia");
  ASSERT_TRUE(summary.has_value());
  ASSERT_EQ((*summary)["items"].size(), 2u);
  EXPECT_EQ((*summary)["items"][0]["theme"], "ict");
  EXPECT_EQ((*summary)["items"][1]["status"], "addressed");
  EXPECT_EQ((*ex().NeedsSummary("europe"))["items"].size(), 0u);

  // The office's page: alumni of the region (Japan experience), partners linked to the
  // network, its needs.
  PersonRecord alumna = Person("Trần Thị Mai", "Tran Thi Mai", "VN");
  alumna.japan_experience.push_back({"postdoc", "", "Kyoto University", "2015", "2017", ""});
  alumna.affiliations.push_back({"", "Hanoi Example University", "lecturer", "2018", ""});
  NewPerson(alumna);
  NewPerson(Person("Lee Min-jun", "", "KR"));
  auto page = ex().Office(office->id, true);
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  EXPECT_EQ((*page)["alumni_count"], 1);
  EXPECT_EQ((*page)["alumni"][0]["latin_name"], "Tran Thi Mai");
  EXPECT_EQ((*page)["partner_count"], 1);
  EXPECT_EQ((*page)["partners"][0]["people"], 1);
  EXPECT_EQ((*page)["needs"].size(), 2u);
  EXPECT_FALSE(ex().Office(office->id, false)->contains("needs"));
  auto offices = ex().Offices();
  ASSERT_TRUE(offices.has_value());
  ASSERT_EQ((*offices)["items"].size(), 1u);
  EXPECT_EQ((*offices)["items"][0]["open_needs"], 1);
  EXPECT_EQ(ex().Office(university->id, false).error().code, ErrorCode::kNotFound);
}

TEST_P(ExchangeTest, DuplicatePeopleAcrossScriptsAreFoundAndMergedWithoutLoss) {
  PersonRecord kanji = Person("山田 太郎", "Yamada Taro", "JP");
  kanji.emails = {"taro.yamada@example.ac.jp"};
  kanji.bio_ja = "東北大学で材料科学を研究。";
  kanji.keywords = {"perovskite"};
  PersonRecord latin = Person("Taro Yamada", "", "");
  latin.orcid = "0000-0002-1825-0097";
  latin.emails = {"tyamada@example.org"};
  latin.bio_en = "Materials scientist.";
  latin.keywords = {"solar cells", "perovskite"};
  latin.publications.push_back({"Stable perovskite films", "", "10.1234/pvk.1", 2021, {}});
  const std::int64_t a = NewPerson(kanji);
  const std::int64_t b = NewPerson(latin);
  const std::int64_t c = NewPerson(Person("山田 花子", "Yamada Hanako", "JP"));

  network::DuplicateQuery q;
  auto pairs = net().FindDuplicates(q);
  ASSERT_TRUE(pairs.has_value()) << pairs.error().ToString();
  ASSERT_FALSE(pairs->empty());
  const auto& top = (*pairs)[0];
  EXPECT_EQ(top.a["id"], a);
  EXPECT_EQ(top.b["id"], b);
  for (const auto& p : *pairs) {
    EXPECT_FALSE(p.a["id"] == c || p.b["id"] == c) << "Hanako is not Taro";
  }

  // Side by side, then a merge into the kanji record keeping the Latin record's English
  // biography; the programme the other record took part in moves over.
  auto programme = NewProgramme("alumni_association", "JP");
  ParticipantInput member;
  member.person_id = b;
  ASSERT_TRUE(ex().AddParticipant(kActor, programme.id, member));
  auto compared = net().ComparePeople(a, b);
  ASSERT_TRUE(compared.has_value());
  bool name_differs = false;
  for (const auto& f : (*compared)["fields"]) {
    if (f["field"] == "name") name_differs = !f["same"].get<bool>();
  }
  EXPECT_TRUE(name_differs);

  auto bad_pref = net().MergePeople(kActor, a, b, std::nullopt, {{"bio_en", "both"}});
  ASSERT_FALSE(bad_pref.has_value());
  EXPECT_EQ(bad_pref.error().field, "prefer.bio_en");
  auto self = net().MergePeople(kActor, a, a, std::nullopt, {});
  EXPECT_FALSE(self.has_value());
  auto merged = net().MergePeople(kActor, a, b, std::nullopt, {});
  ASSERT_TRUE(merged.has_value()) << merged.error().ToString();
  const PersonRecord& m = merged->record;
  EXPECT_EQ(m.name, "山田 太郎");
  EXPECT_EQ(m.orcid, "0000-0002-1825-0097") << "the target had none";
  EXPECT_EQ(m.bio_ja, "東北大学で材料科学を研究。");
  EXPECT_EQ(m.bio_en, "Materials scientist.") << "the target had none";
  EXPECT_EQ(m.emails.size(), 2u);
  EXPECT_EQ(m.keywords, (std::vector<std::string>{"perovskite", "solar cells"}));
  ASSERT_EQ(m.publications.size(), 1u);
  bool kept_name = false;
  for (const auto& n : m.other_names) kept_name = kept_name || n.value == "Taro Yamada";
  EXPECT_TRUE(kept_name) << "the other record's name stays a name of the person";
  EXPECT_EQ(net().GetPerson(b).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people WHERE id = " + std::to_string(b) +
                  " AND merged_into = " + std::to_string(a)),
            1)
      << "the other record is kept, hidden";
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM programme_participants WHERE person_id = " + std::to_string(a)),
      1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.merge'"), 1);

  // The search index drops the merged record and finds the merged one by either name.
  search::Query query;
  query.text = "Taro Yamada";
  auto found = net().Search(query);
  ASSERT_TRUE(found.has_value());
  ASSERT_FALSE(found->hits.empty());
  EXPECT_EQ(found->hits[0].id, "person:" + std::to_string(a));
  for (const auto& h : found->hits) EXPECT_NE(h.id, "person:" + std::to_string(b));

  // Two different ORCID iDs are two people.
  PersonRecord other = Person("Yamada Taro", "", "JP");
  other.orcid = "0000-0001-5109-3700";
  const std::int64_t d = NewPerson(other);
  auto refused = net().MergePeople(kActor, a, d, std::nullopt, {});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().field, "orcid");
  auto after = net().FindDuplicates(q);
  ASSERT_TRUE(after.has_value());
  for (const auto& p : *after) {
    EXPECT_FALSE((p.a["id"] == a && p.b["id"] == d) || (p.a["id"] == d && p.b["id"] == a))
        << "what cannot be merged is not proposed";
  }
}

TEST_P(ExchangeTest, DuplicateOrganisationsMergeAndTheirReferencesMove) {
  ASSERT_TRUE(net().ImportRor(kActor, {Org("01dq60k83", "Tohoku University", "JP")}, DryRun::kNo));
  auto ror = net().FindOrganizationByRor("01dq60k83");
  ASSERT_TRUE(ror.has_value() && ror->has_value());
  const std::int64_t tohoku = (*ror)->id;
  OrgRecord typed = Org("", "東北大学", "JP");
  typed.names = {{"東北大学", "ja", "display"}};
  typed.domains = {"tohoku.ac.jp"};
  auto manual = net().CreateOrganization(kActor, typed, "");
  ASSERT_TRUE(manual.has_value());
  PersonRecord p = Person("Sato Kenji", "", "JP");
  p.affiliations.push_back({"", "東北大学", "professor", "2010", ""});
  const std::int64_t person = NewPerson(p);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM affiliations WHERE org_id = " + std::to_string(manual->id)),
            1);

  network::DuplicateQuery q;
  q.type = search::DocType::kOrganization;
  auto pairs = net().FindDuplicates(q);
  ASSERT_TRUE(pairs.has_value()) << pairs.error().ToString();
  ASSERT_EQ(pairs->size(), 1u) << "the Japanese and the English name of one university";
  EXPECT_EQ((*pairs)[0].a["id"], tohoku);
  EXPECT_EQ((*pairs)[0].b["id"], manual->id);

  auto merged = net().MergeOrganizations(kActor, tohoku, manual->id, std::nullopt, {});
  ASSERT_TRUE(merged.has_value()) << merged.error().ToString();
  EXPECT_EQ(merged->record.ror, "01dq60k83");
  EXPECT_EQ(merged->record.display_name, "Tohoku University");
  bool japanese = false;
  for (const auto& n : merged->record.names) japanese = japanese || n.value == "東北大学";
  EXPECT_TRUE(japanese);
  EXPECT_EQ(merged->record.domains, std::vector<std::string>{"tohoku.ac.jp"});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM affiliations WHERE org_id = " + std::to_string(tohoku)), 1)
      << "the affiliation moved";
  auto person_now = net().GetPerson(person);
  ASSERT_TRUE(person_now.has_value());
  EXPECT_EQ(person_now->affiliation_org_ids.at(0), tohoku);
  EXPECT_EQ(net().GetOrganization(manual->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(net().FindDuplicates(q)->empty());
}

TEST_P(ExchangeTest, GraphLinksCoauthorsAndProgrammesAndTheMapCountsAlumni) {
  PersonRecord ana = Person("Ana Souza", "", "BR");
  ana.publications.push_back(
      {"Flood forecasting with radar", "", "10.5555/flood.1", 2022, {"Kenji Sato", "Jane Roe"}});
  ana.japan_experience.push_back({"fellowship", "", "Kyoto University", "2019", "2020", ""});
  PersonRecord kenji = Person("佐藤 健二", "Sato Kenji", "JP");
  PersonRecord mai = Person("Tran Thi Mai", "", "VN");
  mai.publications.push_back({"Flood forecasting with radar", "", "10.5555/flood.1", 2022, {}});
  mai.japan_experience.push_back({"postdoc", "", "Tohoku University", "2015", "2017", ""});
  const std::int64_t a = NewPerson(ana);
  const std::int64_t k = NewPerson(kenji);
  const std::int64_t m = NewPerson(mai);
  const std::int64_t lone = NewPerson(Person("Nobody Linked", "", "DE"));
  auto programme = NewProgramme("alumni_association", "BR");
  for (std::int64_t who : {a, lone}) {
    ParticipantInput in;
    in.person_id = who;
    ASSERT_TRUE(ex().AddParticipant(kActor, programme.id, in));
  }
  auto graph = net().PersonGraph(a);
  ASSERT_TRUE(graph.has_value()) << graph.error().ToString();
  auto has_edge = [&](const std::string& x, const std::string& y, const std::string& kind) {
    for (const auto& e : (*graph)["edges"]) {
      const bool ends =
          (e["source"] == x && e["target"] == y) || (e["source"] == y && e["target"] == x);
      const auto& kinds = e["kinds"];
      if (ends && std::find(kinds.begin(), kinds.end(), Json(kind)) != kinds.end()) return true;
    }
    return false;
  };
  const std::string me = "person:" + std::to_string(a);
  EXPECT_TRUE(has_edge(me, "person:" + std::to_string(k), "coauthor")) << "by name";
  EXPECT_TRUE(has_edge(me, "person:" + std::to_string(m), "coauthor")) << "by DOI";
  EXPECT_TRUE(has_edge(me, "person:" + std::to_string(lone), "programme"));
  EXPECT_TRUE(has_edge(me, "external:jane roe", "coauthor"));
  bool external = false;
  for (const auto& n : (*graph)["nodes"]) {
    if (n["id"] == "external:jane roe") external = n["external"].get<bool>();
  }
  EXPECT_TRUE(external);
  EXPECT_EQ(net().PersonGraph(999999).error().code, ErrorCode::kNotFound);

  auto map = net().Map("alumni", "");
  ASSERT_TRUE(map.has_value());
  std::map<std::string, std::int64_t> counts;
  for (const auto& c : (*map)["countries"]) counts[c["country"]] = c["count"];
  EXPECT_EQ(counts, (std::map<std::string, std::int64_t>{{"BR", 1}, {"VN", 1}}));
  auto asia = net().Map("alumni", "southeast-asia");
  ASSERT_TRUE(asia.has_value());
  ASSERT_EQ((*asia)["countries"].size(), 1u);
  EXPECT_EQ((*asia)["countries"][0]["country"], "VN");
  EXPECT_EQ(net().Map("rivers", "").error().field, "layer");
  EXPECT_EQ(net().Map("alumni", "atlantis").error().field, "region");
}

ASTA_INSTANTIATE_APP_TEST(ExchangeTest);

}  // namespace
}  // namespace asta::testing
