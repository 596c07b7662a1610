// asta people JSON: data/people_small.json is the golden export of the people in
// data/people_small.csv (so the two formats must agree), round trips through
// PeopleToJson, and malformed documents as lines of data with the error field expected.
#include "core/json.h"
#include "modules/network/importers/people.h"
#include "test_util.h"

namespace asta::network {
namespace {

using test_util::ExpectInvalid;
using test_util::kData;
using test_util::ReadBytes;

TEST(PeopleJsonTest, TheExportOfTheCsvPeopleIsTheGoldenFile) {
  auto people = ReadPeopleCsv(kData / "people_small.csv");
  ASSERT_TRUE(people) << people.error().ToString();
  const std::string golden = ReadBytes(kData / "people_small.json");
  EXPECT_EQ(PeopleToJson(*people).dump(2), golden);
  auto from_json = ReadPeopleJson(kData / "people_small.json");
  ASSERT_TRUE(from_json) << from_json.error().ToString();
  EXPECT_EQ(*from_json, *people);
}

TEST(PeopleJsonTest, RoundTripsThroughTextAndThroughTheTree) {
  auto people = ReadPeopleCsv(kData / "people_small.csv");
  ASSERT_TRUE(people) << people.error().ToString();
  auto orcid = ReadOrcidJson(kData / "orcid_record.json");
  ASSERT_TRUE(orcid) << orcid.error().ToString();
  people->insert(people->end(), orcid->begin(), orcid->end());
  const Json document = PeopleToJson(*people);
  auto from_text = ReadPeopleJsonBytes(document.dump());
  ASSERT_TRUE(from_text) << from_text.error().ToString();
  EXPECT_EQ(*from_text, *people);
  auto from_tree = PeopleFromJson(document);
  ASSERT_TRUE(from_tree) << from_tree.error().ToString();
  EXPECT_EQ(*from_tree, *people);
  // And through the CSV export too: every format holds the same people.
  auto from_csv = ReadPeopleCsvBytes(WritePeopleCsv(*from_text));
  ASSERT_TRUE(from_csv) << from_csv.error().ToString();
  EXPECT_EQ(*from_csv, *people);
}

TEST(PeopleJsonTest, ABareArrayAndMissingKeysAreAccepted) {
  auto r = ReadPeopleJsonBytes(
      R"([{"person_id": "x1", "name": "Ada Lovelace", "emails": null},
          {"person_id": "x2", "name": "Grace Hopper", "publications": [{"title": "COBOL"}]}])");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_TRUE((*r)[0].emails.empty());
  ASSERT_EQ((*r)[1].publications.size(), 1u);
  EXPECT_FALSE((*r)[1].publications[0].year.has_value());
  auto empty = ReadPeopleJsonBytes(R"({"format": "asta.people", "version": 1, "people": []})");
  ASSERT_TRUE(empty) << empty.error().ToString();
  EXPECT_TRUE(empty->empty());
}

TEST(PeopleJsonTest, SupervisionAndProjectsRoundTrip) {
  auto r = ReadPeopleJsonBytes(R"([{"person_id": "x1", "name": "Ada Lovelace",
      "relations": [{"kind": "Advisor", "level": "doctoral", "other_person_id": 12,
                     "start_year": 1990, "end_year": null},
                    {"kind": "advisee", "name": "B. Babbage", "email": "b@Example.ORG"}],
      "projects": [{"name": "Analytical Engine", "identifier": "AE-1", "start_year": 2001}]}])");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ((*r)[0].relations.size(), 2u);
  const PersonRelation& a = (*r)[0].relations[0];
  EXPECT_EQ(a.kind, "advisor");
  EXPECT_EQ(a.other_person_id, 12);
  EXPECT_EQ(a.start_year, 1990);
  EXPECT_FALSE(a.end_year.has_value());
  ASSERT_EQ((*r)[0].projects.size(), 1u);
  EXPECT_EQ((*r)[0].projects[0].start_year, 2001);
  EXPECT_EQ((*r)[0].relations[1].other_email, "b@example.org");
  auto back = PeopleFromJson(PeopleToJson(*r));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, *r);
}

struct JsonCase {
  const char* document;
  const char* field;
  const char* message;
};

const JsonCase kInvalid[] = {
    {R"([{"person_id": "p1", "name": "Ada", "city": "London"}])", "record 1 (p1), city",
     "unknown key"},
    {R"([{"person_id": "p1", "name": "Ada", "emails": "ada@example.org"}])",
     "record 1 (p1), emails", "an array"},
    {R"([{"person_id": "p1", "name": "Ada", "emails": [1]}])", "record 1 (p1), emails[0]",
     "a string"},
    {R"([{"person_id": "p1", "name": "Ada", "emails": ["ada"]}])", "record 1 (p1), emails[0]",
     "name@domain"},
    {R"([{"person_id": "p1", "name": "Ada", "orcid": "0000-0002-1825-0098"}])",
     "record 1 (p1), orcid", "check digit"},
    {R"([{"person_id": "p1", "name": "Ada", "nationality": 81}])", "record 1 (p1), nationality",
     "a string"},
    {R"([{"person_id": "p1", "name": "Ada", "other_names": [{"value": "A", "lang": "english"}]}])",
     "record 1 (p1), other_names[0].lang", "ISO 639-1"},
    {R"([{"person_id": "p1", "name": "Ada", "affiliations": [{"org": "X"}]}])",
     "record 1 (p1), affiliations[0].org", "unknown key"},
    {R"([{"person_id": "p1", "name": "Ada", "affiliations": [{"name": "X", "start": "2020", "end": "2019-12"}]}])",
     "record 1 (p1), affiliations[0].end", "before the start"},
    {R"([{"person_id": "p1", "name": "Ada", "affiliations": ["X"]}])",
     "record 1 (p1), affiliations[0]", "an object"},
    {R"([{"person_id": "p1", "name": "Ada", "publications": [{"title": "T", "year": "2019"}]}])",
     "record 1 (p1), publications[0].year", "an integer"},
    {R"([{"person_id": "p1", "name": "Ada", "publications": [{"title": "T", "year": 1700}]}])",
     "record 1 (p1), publications[0].year", "1800"},
    {R"([{"person_id": "p1", "name": "Ada", "publications": [{"title": "T", "coauthors": [" "]}]}])",
     "record 1 (p1), publications[0].coauthors", "empty"},
    {R"([{"person_id": "p1", "name": "Ada", "publications": [{"doi": "10.1/x"}]}])",
     "record 1 (p1), publications[0].title", "required"},
    {R"([{"person_id": "p1", "name": "Ada", "japan_experience": [{"host_name": "RIKEN"}]}])",
     "record 1 (p1), japan_experience[0].kind", "required"},
    {R"([{"person_id": "p1", "name": "Ada", "japan_experience": [{"kind": "postdoc", "host_name": "RIKEN", "funding": "a\u0001b"}]}])",
     "record 1 (p1), japan_experience[0].funding", "control"},
    {R"([{"person_id": "p1", "name": "Ada", "relations": [{"kind": "mentor", "name": "B"}]}])",
     "record 1 (p1), relations[0].kind", "advisor, advisee"},
    {R"([{"person_id": "p1", "name": "Ada", "relations": [{"kind": "advisor", "other_person_id": "7"}]}])",
     "record 1 (p1), relations[0].other_person_id", "an integer"},
    {R"([{"person_id": "p1", "name": "Ada", "relations": [{"kind": "advisor"}]}])",
     "record 1 (p1), relations[0]", "other_person_id or name"},
    {R"([{"person_id": "p1", "name": "Ada", "relations": [{"kind": "advisee", "name": "B", "start_year": 2019, "end_year": 2015}]}])",
     "record 1 (p1), relations[0].end_year", "before the start"},
    {R"([{"person_id": "p1", "name": "Ada", "relations": [{"kind": "advisee", "name": "B", "level": "phd"}]}])",
     "record 1 (p1), relations[0].level", "doctoral, postdoctoral"},
    {R"([{"person_id": "p1", "name": "Ada", "projects": [{"identifier": "X-1"}]}])",
     "record 1 (p1), projects[0].name", "required"},
    {R"([{"person_id": "p1", "name": "Ada", "projects": [{"name": "P", "end_year": 99999}]}])",
     "record 1 (p1), projects[0].end_year", "expected a year"},
    {R"([{"person_id": "p1", "name": "Ada", "projects": [{"name": "P", "grant": "G"}]}])",
     "record 1 (p1), projects[0].grant", "unknown key"},
    {R"([{"person_id": "p1", "name": "Ada", "career_stage": "emeritus"}])",
     "record 1 (p1), career_stage", "senior"},
    {R"([{"person_id": "p1", "name": "李明"}])", "record 1 (p1), latin_name", "no Latin letter"},
    {R"([{"person_id": "p1"}])", "record 1 (p1), name", "required"},
    {R"([{"name": "Ada"}])", "record 1, person_id", "required"},
    {R"([{"person_id": "p1", "name": "Ada"}, {"person_id": "p1", "name": "Grace"}])",
     "record 2 (p1), person_id", "also used by record 1"},
    {R"([{"person_id": "p1", "name": "Ada", "orcid": "0000-0002-1825-0097"},
         {"person_id": "p2", "name": "Grace", "orcid": "https://orcid.org/0000-0002-1825-0097"}])",
     "record 2 (p2), orcid", "also given for record 1"},
    {R"([7])", "record 1", "a person object"},
    {R"({"format": "ror", "people": []})", "format", "asta.people"},
    {R"({"format": "asta.people", "version": 2, "people": []})", "version", "version 1"},
    {R"({"format": "asta.people", "persons": []})", "persons", "unknown key"},
    {R"({"format": "asta.people"})", "people", "required"},
    {"[\n{\"person_id\": \"p1\", \"name\": \"Ada\",}\n]", "line 2", "not valid JSON"},
    {"", "line 1", "not valid JSON"},
};

TEST(PeopleJsonTest, MalformedDocumentsNameTheField) {
  for (const JsonCase& c : kInvalid) {
    SCOPED_TRACE(c.document);
    ExpectInvalid(ReadPeopleJsonBytes(c.document), c.field, c.message);
  }
}

TEST(PeopleJsonTest, MissingFileIsNotFound) {
  auto r = ReadPeopleJson(kData / "no-such-people.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace asta::network
