// The network module on every storage backend: ROR imports that update rather than
// duplicate, organisations and people with their affiliations and Japan experience,
// validation that names the field, stale versions refused, people imports all or
// nothing with a dry run, the search index following the change log (also a second
// service on the same database, as a second process would), and screening of every
// person and organisation written.
#include "modules/network/network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "modules/audit/audit_log.h"
#include "modules/network/importers/people.h"
#include "modules/network/validate.h"
#include "tests/modules/fixture.h"

namespace asta::testing {
namespace {

using network::DryRun;
using network::OrgRecord;
using network::PersonRecord;

const audit::Actor kOffice = audit::Actor::System("network-test");

OrgRecord Tohoku() {
  OrgRecord r;
  r.ror = "01dq60k83";
  r.display_name = "Tohoku University";
  r.names = {{"Tohoku University", "en", "display"}, {"東北大学", "ja", "label"}};
  r.country = "JP";
  r.city = "Sendai";
  r.lat = 38.25;
  r.lng = 140.87;
  r.types = {"education"};
  r.status = "active";
  r.established = 1907;
  return r;
}

OrgRecord Kyoto() {
  OrgRecord r;
  r.ror = "02kpeqv85";
  r.display_name = "Kyoto University";
  r.names = {{"Kyoto University", "en", "display"}, {"京都大学", "ja", "label"}};
  r.country = "JP";
  r.city = "Kyoto";
  r.types = {"education"};
  r.status = "active";
  return r;
}

OrgRecord Chulalongkorn() {
  OrgRecord r;
  r.ror = "028wp3y58";
  r.display_name = "Chulalongkorn University";
  r.names = {{"Chulalongkorn University", "en", "display"}, {"จุฬาลงกรณ์มหาวิทยาลัย", "th", "label"}};
  r.country = "TH";
  r.city = "Bangkok";
  r.types = {"education"};
  r.status = "active";
  return r;
}

PersonRecord Somchai() {
  PersonRecord p;
  p.source_id = "p-1";
  p.name = "สมชาย ใจดี";
  p.latin_name = "Somchai Jaidee";
  p.orcid = "0000-0002-1825-0097";
  p.emails = {"somchai@example.ac.th"};
  p.nationality = "TH";
  p.residence_countries = {"TH"};
  p.fields = {"environmental monitoring"};
  p.keywords = {"water resources", "remote sensing"};
  p.themes = {"green-innovation"};
  p.career_stage = "mid_career";
  p.bio_en = "Hydrologist working on flood forecasting in the Chao Phraya basin.";
  p.affiliations.push_back(
      {"028wp3y58", "Chulalongkorn University", "associate professor", "2016-04", ""});
  p.japan_experience.push_back(
      {"degree_study", "01dq60k83", "Tohoku University", "2008-04", "2011-03", "MEXT Scholarship"});
  return p;
}

class NetworkTest : public AppTest {
 protected:
  network::NetworkService& svc() { return app_->network(); }

  std::int64_t Count(const std::string& sql) {
    auto lease = app_->db().Acquire();
    EXPECT_TRUE(lease.has_value());
    auto rows = (*lease)->Query(sql);
    EXPECT_TRUE(rows.has_value()) << (rows ? "" : rows.error().ToString());
    return rows ? rows->rows.at(0).Int(0) : -1;
  }

  std::vector<std::string> SearchIds(const std::string& text,
                                     std::optional<search::DocType> type = std::nullopt) {
    search::Query q;
    q.text = text;
    q.type = type;
    auto r = svc().Search(q);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
    std::vector<std::string> ids;
    if (r) {
      for (const auto& h : r->hits) ids.push_back(h.id);
    }
    return ids;
  }
};

// A person is found by e-mail through the index (migration 0008): case-blind, kept in step
// with updates and merges, and built once for profiles stored before the index existed.
TEST_P(NetworkTest, PeopleAreFoundByEmailThroughTheIndex) {
  PersonRecord a = Somchai();
  a.emails = {"Somchai@Example.ac.th", "s.jaidee@example.org", "somchai@example.ac.th"};
  auto first = svc().CreatePerson(kOffice, a, std::nullopt);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM person_emails"), 2) << "each address once, lower-cased";
  auto found = svc().FindPersonByEmail("SOMCHAI@example.AC.TH");
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  EXPECT_EQ(*found, std::optional<std::int64_t>(first->id));
  EXPECT_EQ(*svc().FindPersonByEmail("nobody@example.org"), std::nullopt);
  EXPECT_EQ(*svc().FindPersonByEmail(""), std::nullopt);
  // An update replaces the addresses.
  PersonRecord edit = first->record;
  edit.emails = {"new@example.ac.th"};
  auto updated = svc().UpdatePerson(kOffice, first->id, edit, first->version);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_EQ(*svc().FindPersonByEmail("s.jaidee@example.org"), std::nullopt);
  EXPECT_EQ(*svc().FindPersonByEmail("new@example.ac.th"), std::optional<std::int64_t>(first->id));
  // A second record with the same address: the lowest id; after a merge, the survivor.
  PersonRecord b;
  b.source_id = "p-2";
  b.name = "S. Jaidee";
  b.latin_name = "S. Jaidee";
  b.emails = {"new@example.ac.th", "other@example.org"};
  b.nationality = "TH";
  auto second = svc().CreatePerson(kOffice, b, std::nullopt);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  EXPECT_EQ(*svc().FindPersonByEmail("new@example.ac.th"), std::optional<std::int64_t>(first->id));
  auto merged = svc().MergePeople(kOffice, second->id, first->id, std::nullopt, {});
  ASSERT_TRUE(merged.has_value()) << merged.error().ToString();
  EXPECT_EQ(*svc().FindPersonByEmail("new@example.ac.th"), std::optional<std::int64_t>(second->id));
  EXPECT_EQ(*svc().FindPersonByEmail("other@example.org"), std::optional<std::int64_t>(second->id));
  // Profiles written without the index (as before migration 0008) are indexed once.
  {
    auto lease = app_->db().Acquire();
    ASSERT_TRUE(lease.has_value());
    ASSERT_TRUE((*lease)->Execute("DELETE FROM person_emails").has_value());
  }
  EXPECT_EQ(*svc().FindPersonByEmail("other@example.org"), std::nullopt);
  auto built = svc().EnsureEmailIndex();
  ASSERT_TRUE(built.has_value()) << built.error().ToString();
  EXPECT_EQ(*built, 2) << "both profiles have addresses";
  EXPECT_EQ(*svc().FindPersonByEmail("other@example.org"), std::optional<std::int64_t>(second->id));
  EXPECT_EQ(*svc().EnsureEmailIndex(), 0) << "once only";
}

TEST_P(NetworkTest, RorImportTwiceChangesNothingAndUpdatesWhatChanged) {
  auto first = svc().ImportRor(kOffice, {Tohoku(), Kyoto()}, DryRun::kNo);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(first->created, 2);
  auto again = svc().ImportRor(kOffice, {Tohoku(), Kyoto()}, DryRun::kNo);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organizations"), 2);

  OrgRecord renamed = Kyoto();
  renamed.names.push_back({"Kyodai", "en", "alias"});
  auto dry = svc().ImportRor(kOffice, {Tohoku(), renamed, Chulalongkorn()}, DryRun::kYes);
  ASSERT_TRUE(dry.has_value());
  EXPECT_TRUE(dry->dry_run);
  EXPECT_EQ(dry->created, 1);
  EXPECT_EQ(dry->updated, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organizations"), 2) << "a dry run writes nothing";

  auto third = svc().ImportRor(kOffice, {Tohoku(), renamed, Chulalongkorn()}, DryRun::kNo);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->created, 1);
  EXPECT_EQ(third->updated, 1);
  EXPECT_EQ(third->unchanged, 1);
  auto kyoto = svc().FindOrganizationByRor("02kpeqv85");
  ASSERT_TRUE(kyoto.has_value() && kyoto->has_value());
  EXPECT_EQ((*kyoto)->record.names.size(), 3u);
  EXPECT_EQ((*kyoto)->version, 2);
  // Every organisation written is a screening subject.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM subjects WHERE source LIKE 'organization:%'"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'organizations.import_ror'"), 3);
}

TEST_P(NetworkTest, RorImportWithADuplicateIdWritesNothing) {
  auto r = svc().ImportRor(kOffice, {Tohoku(), Kyoto(), Tohoku()}, DryRun::kNo);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "record 3");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organizations"), 0);
}

TEST_P(NetworkTest, OrganisationsAreValidatedAndVersioned) {
  OrgRecord r;
  r.display_name = "Asian Institute of Technology";
  r.country = "th";
  r.types = {"education"};
  auto bad_country = svc().CreateOrganization(kOffice, r, "");
  ASSERT_FALSE(bad_country.has_value());
  EXPECT_EQ(bad_country.error().field, "country");
  r.country = "TH";
  r.types = {"university"};
  auto bad_type = svc().CreateOrganization(kOffice, r, "");
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_EQ(bad_type.error().field, "types[0]");
  r.types = {"education"};
  r.lat = 14.08;
  auto half = svc().CreateOrganization(kOffice, r, "");
  ASSERT_FALSE(half.has_value());
  EXPECT_EQ(half.error().field, "lng");
  r.lng = 100.61;
  auto created = svc().CreateOrganization(kOffice, r, "");
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  EXPECT_EQ(created->source, "manual");
  EXPECT_EQ(created->version, 1);

  r.city = "Pathum Thani";
  auto updated = svc().UpdateOrganization(kOffice, created->id, r, "", 1);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->record.city, "Pathum Thani");
  auto stale = svc().UpdateOrganization(kOffice, created->id, r, "", 1);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  auto missing = svc().GetOrganization(created->id + 100);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(NetworkTest, PeopleKeepTheirAffiliationsAndJapanExperienceLinkedToOrganisations) {
  ASSERT_TRUE(svc().ImportRor(kOffice, {Tohoku(), Chulalongkorn()}, DryRun::kNo));
  auto p = svc().CreatePerson(kOffice, Somchai(), std::nullopt);
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  ASSERT_EQ(p->record.affiliations.size(), 1u);
  ASSERT_EQ(p->record.japan_experience.size(), 1u);
  EXPECT_TRUE(p->affiliation_org_ids[0].has_value()) << "Chulalongkorn is known";
  EXPECT_TRUE(p->experience_org_ids[0].has_value()) << "Tohoku is known";
  EXPECT_EQ(p->record.japan_experience[0].kind, "degree_study");
  EXPECT_EQ(p->Countries(), std::vector<std::string>({"TH"}));

  Json pub = p->ToJson(false);
  EXPECT_FALSE(pub.contains("emails"));
  EXPECT_FALSE(pub.contains("nationality"));
  Json full = p->ToJson(true);
  EXPECT_EQ(full["emails"][0], "somchai@example.ac.th");
  EXPECT_EQ(full["affiliations"][0]["org_id"], *p->affiliation_org_ids[0]);

  // The same ORCID iD twice is refused; the person is a screening subject.
  PersonRecord twin = Somchai();
  twin.source_id = "p-2";
  auto dup = svc().CreatePerson(kOffice, twin, std::nullopt);
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.error().field, "orcid");
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM subjects WHERE source = 'person:" + std::to_string(p->id) + "'"),
      1);
}

TEST_P(NetworkTest, NothingIsLostWhenTheOrganisationsAreUnknownHere) {
  // No organisation imported: the ROR ids given stay with the person, unlinked.
  PersonRecord in = Somchai();
  in.publications.push_back({"Flood forecasting with satellite rainfall",
                             "We compare three "
                             "products.\nSecond paragraph.",
                             "10.5555/flood.2020",
                             2020,
                             {"Taro Yamada", "Lan Nguyen"}});
  in.other_names.push_back({"สมชาย", "th"});
  ASSERT_TRUE(network::ValidatePersonRecord(in, ""));
  auto created = svc().CreatePerson(kOffice, in, std::nullopt);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  auto loaded = svc().GetPerson(created->id);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(loaded->record == in) << loaded->ToJson(true).dump(1);
  EXPECT_FALSE(loaded->affiliation_org_ids[0].has_value());
  EXPECT_EQ(loaded->record.affiliations[0].org_ror, "028wp3y58");
  EXPECT_EQ(loaded->record.japan_experience[0].host_ror, "01dq60k83");
  // Importing the organisations later links them, and the person's facets follow.
  ASSERT_TRUE(svc().ImportRor(kOffice, {Chulalongkorn(), Tohoku()}, DryRun::kNo));
  auto linked = svc().GetPerson(created->id);
  ASSERT_TRUE(linked.has_value());
  ASSERT_TRUE(linked->affiliation_org_ids[0].has_value());
  ASSERT_TRUE(linked->experience_org_ids[0].has_value());
  auto chula = svc().FindOrganizationByRor("028wp3y58");
  ASSERT_TRUE(chula.has_value() && chula->has_value());
  EXPECT_EQ(*linked->affiliation_org_ids[0], (*chula)->id);
  EXPECT_TRUE(linked->record == in) << "linking changes no field";
}

TEST_P(NetworkTest, BadPeopleAreRefusedNamingTheField) {
  PersonRecord bad_orcid = Somchai();
  bad_orcid.orcid = "0000-0002-1825-0098";  // wrong check digit
  auto r1 = svc().CreatePerson(kOffice, bad_orcid, std::nullopt);
  ASSERT_FALSE(r1.has_value());
  EXPECT_EQ(r1.error().field, "orcid");

  PersonRecord bad_dates = Somchai();
  bad_dates.japan_experience[0].start = "2012-04";
  bad_dates.japan_experience[0].end = "2011-03";
  auto r2 = svc().CreatePerson(kOffice, bad_dates, std::nullopt);
  ASSERT_FALSE(r2.has_value());
  EXPECT_NE(r2.error().field.find("japan_experience[0]"), std::string::npos) << r2.error().field;

  PersonRecord bad_country = Somchai();
  bad_country.nationality = "XX";
  auto r3 = svc().CreatePerson(kOffice, bad_country, std::nullopt);
  ASSERT_FALSE(r3.has_value());
  EXPECT_EQ(r3.error().field, "nationality");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people"), 0);
}

TEST_P(NetworkTest, SupervisionAndProjectsAreKeptWithThePersonAndValidated) {
  PersonRecord advisor;
  advisor.name = "Tanaka Ichiro";
  advisor.emails = {"tanaka@example.ac.jp"};
  auto a = svc().CreatePerson(kOffice, advisor, std::nullopt);
  ASSERT_TRUE(a.has_value()) << a.error().ToString();

  PersonRecord in = Somchai();
  in.relations = {
      {"advisor", "doctoral", a->id, "", "", 2008, 2012},
      {"ADVISEE", "", std::nullopt, "Nguyen Van An", "An.Nguyen@Example.VN", 2019, std::nullopt}};
  in.projects = {{"Mekong flood early warning", "JPMJSA1902", 2019, 2023},
                 {"Chao Phraya sediment", "", std::nullopt, std::nullopt}};
  auto created = svc().CreatePerson(kOffice, in, std::nullopt);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  auto loaded = svc().GetPerson(created->id);
  ASSERT_TRUE(loaded.has_value());
  ASSERT_EQ(loaded->record.relations.size(), 2u);
  EXPECT_EQ(loaded->record.relations[0].other_person_id, a->id);
  EXPECT_EQ(loaded->record.relations[0].start_year, 2008);
  EXPECT_EQ(loaded->record.relations[1].kind, "advisee") << "normalised";
  EXPECT_EQ(loaded->record.relations[1].other_email, "An.Nguyen@example.vn");
  EXPECT_FALSE(loaded->record.relations[1].end_year.has_value());
  ASSERT_EQ(loaded->record.projects.size(), 2u);
  EXPECT_EQ(loaded->record.projects[0].identifier, "JPMJSA1902");
  EXPECT_FALSE(loaded->record.projects[1].start_year.has_value());
  // The API's JSON carries them, and reads back equal.
  Json j = loaded->ToJson(true);
  EXPECT_EQ(j["relations"][0]["other_person_id"], a->id);
  EXPECT_EQ(j["relations"][0]["level"], "doctoral");
  EXPECT_EQ(j["projects"][0]["end_year"], 2023);
  EXPECT_TRUE(j["projects"][1]["start_year"].is_null());
  EXPECT_EQ(j["relations"][1]["email"], "An.Nguyen@example.vn");
  EXPECT_FALSE(loaded->ToJson(false)["relations"][1].contains("email"))
      << "the other person's e-mail is a contact field";
  auto back = network::PeopleFromJson(network::PeopleToJson({loaded->record}));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_TRUE(back->at(0) == loaded->record);
  // An update replaces them.
  PersonRecord edit = loaded->record;
  edit.relations.pop_back();
  edit.projects = {{"Delta water", "", 2024, std::nullopt}};
  auto v2 = svc().UpdatePerson(kOffice, created->id, edit, loaded->version);
  ASSERT_TRUE(v2.has_value()) << v2.error().ToString();
  EXPECT_EQ(v2->record.relations.size(), 1u);
  ASSERT_EQ(v2->record.projects.size(), 1u);
  EXPECT_EQ(v2->record.projects[0].name, "Delta water");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM person_projects"), 1);

  // Bad input is refused naming the field.
  auto refused = [&](PersonRecord r, const std::string& field) {
    r.orcid.clear();
    auto result = svc().CreatePerson(kOffice, r, std::nullopt);
    ASSERT_FALSE(result.has_value()) << field;
    EXPECT_EQ(result.error().field, field) << result.error().ToString();
  };
  PersonRecord bad = in;
  bad.relations[0].kind = "mentor";
  refused(bad, "relations[0].kind");
  bad = in;
  bad.relations[1].level = "masters";
  refused(bad, "relations[1].level");
  bad = in;
  bad.relations[1].other_name.clear();
  refused(bad, "relations[1]");
  bad = in;
  bad.relations[1].other_email = "not an address";
  refused(bad, "relations[1].email");
  bad = in;
  bad.relations[0].end_year = 2001;
  refused(bad, "relations[0].end_year");
  bad = in;
  bad.relations[0].other_person_id = a->id + 1000;
  refused(bad, "relations[0].other_person_id");
  bad = in;
  bad.projects[1].name = " ";
  refused(bad, "projects[1].name");
  bad = in;
  bad.projects[0].start_year = 1492;
  refused(bad, "projects[0].start_year");
  // A person cannot be their own advisor.
  PersonRecord self = edit;
  self.relations = {{"advisor", "", created->id, "", "", std::nullopt, std::nullopt}};
  auto own = svc().UpdatePerson(kOffice, created->id, self, std::nullopt);
  ASSERT_FALSE(own.has_value());
  EXPECT_EQ(own.error().field, "relations[0].other_person_id");

  // Merging the advisor's duplicate into them moves the supervision that named it.
  PersonRecord dup = advisor;
  dup.name = "Ichiro Tanaka";
  auto d = svc().CreatePerson(kOffice, dup, std::nullopt);
  ASSERT_TRUE(d.has_value());
  PersonRecord naming = v2->record;
  naming.relations = {{"advisor", "doctoral", d->id, "", "", 2008, 2012}};
  auto v3 = svc().UpdatePerson(kOffice, created->id, naming, std::nullopt);
  ASSERT_TRUE(v3.has_value()) << v3.error().ToString();
  auto merged = svc().MergePeople(kOffice, a->id, d->id, std::nullopt, {});
  ASSERT_TRUE(merged.has_value()) << merged.error().ToString();
  auto after = svc().GetPerson(created->id);
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->record.relations.size(), 1u);
  EXPECT_EQ(after->record.relations[0].other_person_id, a->id);
}

TEST_P(NetworkTest, PeopleImportIsAllOrNothingAndMatchesByOrcid) {
  PersonRecord a = Somchai();
  PersonRecord b;
  b.source_id = "p-2";
  b.name = "Nguyen Thi Lan";
  b.nationality = "VN";
  b.japan_experience.push_back({"postdoc", "", "Kyoto University", "2014-10", "2016-09", ""});
  PersonRecord broken = b;
  broken.source_id = "p-3";
  broken.nationality = "ZZ";
  auto failed = svc().ImportPeople(kOffice, {a, b, broken}, DryRun::kNo);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().field, "record 3, nationality");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people"), 0) << "nothing of a failed import is written";

  auto dry = svc().ImportPeople(kOffice, {a, b}, DryRun::kYes);
  ASSERT_TRUE(dry.has_value()) << dry.error().ToString();
  EXPECT_EQ(dry->created, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people"), 0);

  auto done = svc().ImportPeople(kOffice, {a, b}, DryRun::kNo);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->created, 2);
  // Re-import: the same people, one changed (matched by ORCID iD although its source id
  // differs, and by source id for the one without an ORCID iD).
  a.source_id = "other-file-17";
  a.keywords.push_back("typhoons");
  auto again = svc().ImportPeople(kOffice, {a, b}, DryRun::kNo);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 1);
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people"), 2);
}

TEST_P(NetworkTest, ProfilesAreVersionedAndOneAccountHasOneProfile) {
  auto p = svc().CreatePerson(kOffice, Somchai(), std::nullopt);
  ASSERT_TRUE(p.has_value());
  PersonRecord edit = p->record;
  edit.bio_en = "Flood forecasting and early warning.";
  auto v2 = svc().UpdatePerson(kOffice, p->id, edit, p->version);
  ASSERT_TRUE(v2.has_value()) << v2.error().ToString();
  EXPECT_EQ(v2->version, p->version + 1);
  EXPECT_EQ(v2->record.bio_en, "Flood forecasting and early warning.");
  auto stale = svc().UpdatePerson(kOffice, p->id, edit, p->version);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.update' AND "
                  "entity_id = '" +
                  std::to_string(p->id) + "'"),
            1);
}

TEST_P(NetworkTest, SearchFollowsEveryChange) {
  ASSERT_TRUE(svc().ImportRor(kOffice, {Tohoku(), Kyoto(), Chulalongkorn()}, DryRun::kNo));
  for (const std::string q : {"東北大学", "Tohoku University", "tohoku univ"}) {
    auto ids = SearchIds(q, search::DocType::kOrganization);
    ASSERT_FALSE(ids.empty()) << q;
    auto tohoku = svc().FindOrganizationByRor("01dq60k83");
    ASSERT_TRUE(tohoku.has_value() && tohoku->has_value());
    EXPECT_EQ(ids[0], "organization:" + std::to_string((*tohoku)->id)) << q;
  }
  auto p = svc().CreatePerson(kOffice, Somchai(), std::nullopt);
  ASSERT_TRUE(p.has_value());
  const std::string id = "person:" + std::to_string(p->id);
  EXPECT_EQ(SearchIds("Somchai Jaidee").at(0), id);
  EXPECT_EQ(SearchIds("สมชาย").at(0), id);
  EXPECT_EQ(SearchIds("flood forecasting").at(0), id);

  // Facets count every match; a filter narrows.
  search::Query q;
  q.facets = {"country", "jp_experience"};
  q.filters["country"] = {"TH"};
  auto faceted = svc().Search(q);
  ASSERT_TRUE(faceted.has_value());
  EXPECT_EQ(faceted->total, 2u) << "Chulalongkorn and Somchai";
  ASSERT_EQ(faceted->facet_counts["jp_experience"].size(), 1u);
  EXPECT_EQ(faceted->facet_counts["jp_experience"][0].value, "degree_study");

  // A rename is followed; the old name no longer finds the person.
  PersonRecord renamed = p->record;
  renamed.latin_name = "Somchai Rakdee";
  renamed.name = "สมชาย รักดี";
  ASSERT_TRUE(svc().UpdatePerson(kOffice, p->id, renamed, std::nullopt));
  EXPECT_EQ(SearchIds("Rakdee").at(0), id);
  auto old = SearchIds("Jaidee");
  EXPECT_TRUE(std::find(old.begin(), old.end(), id) == old.end());

  // A second service on the same database (another process) catches up from the log.
  network::NetworkService other(app_->db(), "");
  search::Query qq;
  qq.text = "Rakdee";
  auto found = other.Search(qq);
  ASSERT_TRUE(found.has_value());
  ASSERT_FALSE(found->hits.empty());
  EXPECT_EQ(found->hits[0].id, id);

  // Reindex rebuilds the same index from the database.
  auto count = svc().Reindex();
  ASSERT_TRUE(count.has_value()) << count.error().ToString();
  EXPECT_EQ(*count, 4u);
  EXPECT_EQ(SearchIds("Rakdee").at(0), id);
}

TEST_P(NetworkTest, BackgroundFollowerPicksUpChangesWithoutASearch) {
  network::NetworkService follower(app_->db(), "");
  follower.StartFollower(std::chrono::milliseconds(50));
  auto p = svc().CreatePerson(kOffice, Somchai(), std::nullopt);
  ASSERT_TRUE(p.has_value());
  std::int64_t last = Count("SELECT MAX(seq) FROM network_changes");
  ASSERT_GT(last, 0);
  // Only the follower applies changes here: watch the position it records.
  std::int64_t position = 0;
  for (int i = 0; i < 200 && position < last; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto pos = follower.IndexPosition();
    ASSERT_TRUE(pos.has_value());
    position = *pos;
  }
  EXPECT_EQ(position, last);
  follower.StopFollower();
  follower.StopFollower();  // twice is fine
  auto more = svc().CreatePerson(
      kOffice,
      [] {
        PersonRecord r;
        r.source_id = "x";
        r.name = "Ana Souza";
        return r;
      }(),
      std::nullopt);
  ASSERT_TRUE(more.has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  auto after = follower.IndexPosition();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, last) << "a stopped follower applies nothing";
}

ASTA_INSTANTIATE_APP_TEST(NetworkTest);

}  // namespace
}  // namespace asta::testing
