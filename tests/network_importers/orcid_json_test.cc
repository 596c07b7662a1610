// ORCID public record JSON: a hand-written v3.0 record of a fictional researcher
// (data/orcid_record.json: ROR-disambiguated employments and educations in Japan, works
// with DOIs), JSON lines with a Japanese name, the array form, and malformed variants
// from data/orcid_invalid_cases.jsonl (a JSON patch and the error field expected).
#include "core/json.h"
#include "modules/network/importers/people.h"
#include "test_util.h"

namespace asta::network {
namespace {

using test_util::ExpectInvalid;
using test_util::kData;
using test_util::ReadBytes;

TEST(OrcidJsonTest, ReadsARecordWithRorAffiliationsAndDois) {
  auto r = ReadOrcidJson(kData / "orcid_record.json");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 1u);
  const PersonRecord& p = r->front();
  EXPECT_EQ(p.orcid, "0000-0003-4217-7894");
  EXPECT_EQ(p.source_id, "0000-0003-4217-7894");
  EXPECT_EQ(p.name, "Kwame Mensah");
  EXPECT_EQ(p.latin_name, "");
  EXPECT_EQ(p.other_names,
            (std::vector<PersonName>{
                {"K. A. Mensah", ""}, {"Kwame Asante Mensah", ""}, {"メンサー クワメ", ""}}));
  EXPECT_EQ(p.emails, std::vector<std::string>{"k.mensah@example.edu.gh"});
  EXPECT_EQ(p.residence_countries, (std::vector<std::string>{"GH", "JP"}));
  EXPECT_EQ(p.keywords, (std::vector<std::string>{"hydrology", "disaster prevention"}));
  EXPECT_EQ(p.bio_en, "Hydrologist working on flood early warning.\nFormer JSPS fellow in Kyoto.");
  EXPECT_EQ(p.bio_ja, "");
  // Employments, then educations; of a group's summaries only the first.
  const std::vector<Affiliation> affiliations = {
      {"", "Example Water Research Institute", "Senior Research Scientist", "2018-01", ""},
      {"02kpeqv85", "Kyoto University", "JSPS Postdoctoral Fellow", "2015-10", "2017-12"},
      {"02kpeqv85", "Kyoto University", "PhD", "2012-10", "2015-09-30"},
      {"", "Example University of Ghana", "student", "2008", "2012"}};
  EXPECT_EQ(p.affiliations, affiliations);
  const std::vector<JapanExperience> experience = {
      {"postdoc", "02kpeqv85", "Kyoto University", "2015-10", "2017-12", ""},
      {"degree_study", "02kpeqv85", "Kyoto University", "2012-10", "2015-09-30", ""},
      {"visiting_research", "057zh3y96", "The University of Tokyo", "2023-04-01", "2023-06-30",
       ""}};
  EXPECT_EQ(p.japan_experience, experience);
  ASSERT_EQ(p.publications.size(), 3u);
  EXPECT_EQ(p.publications[0].title, "Flood warning lead times in the Volta basin");
  EXPECT_EQ(p.publications[0].year, 2019);
  EXPECT_EQ(p.publications[0].doi, "10.5555/flood.2019.01");
  // The summary has only the book's DOI (part-of): the group's own DOI is taken.
  EXPECT_EQ(p.publications[1].title, "Rainfall radar in West Africa");
  EXPECT_EQ(p.publications[1].doi, "10.5555/chapter.77.3");
  EXPECT_EQ(p.publications[1].year, 2021);
  EXPECT_EQ(p.publications[2].doi, "");
  EXPECT_FALSE(p.publications[2].year.has_value());
}

TEST(OrcidJsonTest, ReadsJsonLinesWithAJapaneseName) {
  auto r = ReadOrcidJson(kData / "orcid_records.jsonl");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  const PersonRecord& sato = (*r)[0];
  EXPECT_EQ(sato.name, "佐藤花子");  // family name first, no space
  EXPECT_EQ(sato.latin_name, "Hanako Sato");
  EXPECT_EQ(sato.other_names, (std::vector<PersonName>{{"さとう はなこ", ""}}));
  EXPECT_EQ(sato.bio_ja, "東京で地震工学を研究しています。");
  EXPECT_EQ(sato.bio_en, "");
  EXPECT_EQ(sato.residence_countries, std::vector<std::string>{"JP"});
  EXPECT_EQ(sato.affiliations, (std::vector<Affiliation>{{"057zh3y96", "The University of Tokyo",
                                                          "Associate Professor", "2016", ""}}));
  EXPECT_TRUE(sato.japan_experience.empty());  // a regular position is not an experience
  const PersonRecord& souza = (*r)[1];
  EXPECT_EQ(souza.name, "Ana Souza");
  EXPECT_EQ(souza.orcid, "0000-0001-9876-5439");
  EXPECT_TRUE(souza.affiliations.empty());
}

TEST(OrcidJsonTest, ReadsAnArrayOfRecords) {
  const std::string one = Json::parse(ReadBytes(kData / "orcid_record.json")).dump();
  std::string lines = ReadBytes(kData / "orcid_records.jsonl");
  const std::string first = lines.substr(0, lines.find('\n'));
  auto r = ReadOrcidJsonBytes("[\n" + one + ",\n" + first + "\n]\n");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].orcid, "0000-0003-4217-7894");
  EXPECT_EQ((*r)[1].orcid, "0000-0002-5550-3217");
}

TEST(OrcidJsonTest, InvalidRecordsNameTheField) {
  const Json record = Json::parse(ReadBytes(kData / "orcid_record.json"));
  std::istringstream in(ReadBytes(kData / "orcid_invalid_cases.jsonl"));
  std::string line;
  size_t count = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const Json c = Json::parse(line);
    SCOPED_TRACE(c["case"].get<std::string>());
    ExpectInvalid(ReadOrcidJsonBytes(record.patch(c["patch"]).dump(2)),
                  c["field"].get<std::string>(), c["message"].get<std::string>());
    ++count;
  }
  EXPECT_GE(count, 20u);
}

TEST(OrcidJsonTest, DuplicateRecordsAndBrokenJsonAreRejected) {
  const std::string lines = ReadBytes(kData / "orcid_records.jsonl");
  const std::string first = lines.substr(0, lines.find('\n') + 1);
  ExpectInvalid(ReadOrcidJsonBytes(lines + first),
                "record 3 (0000-0002-5550-3217), orcid-identifier.path", "also record 1");
  const std::string pretty = ReadBytes(kData / "orcid_record.json");
  ExpectInvalid(ReadOrcidJsonBytes(pretty.substr(0, pretty.size() / 2)), "line 1", "not closed");
  std::string broken = pretty;
  const size_t at = broken.find("\"value\": \"Kwame\"");
  broken.replace(at, 16, "\"value\" \"Kwame\"");  // a colon missing on line 12
  ExpectInvalid(ReadOrcidJsonBytes(broken), "line 12", "not valid JSON");
  ExpectInvalid(ReadOrcidJsonBytes("  \n"), "line 1", "no ORCID record");
  ExpectInvalid(ReadOrcidJsonBytes("[1]"), "record 1", "an ORCID record");
  auto missing = ReadOrcidJson(kData / "no-such-record.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace asta::network
