// asta people CSV: the hand-written data/people_small.csv (quoting, a multi-line bio,
// mixed line endings, escapes, every structured column), each validation rule as a line
// of data with the error field it must give, invalid UTF-8, and export → import round
// trips through WritePeopleCsv.
#include "modules/network/importers/people.h"
#include "test_util.h"

namespace asta::network {
namespace {

using test_util::ExpectInvalid;
using test_util::kData;
using test_util::ReadBytes;

TEST(PeopleCsvTest, ReadsTheSmallFile) {
  auto r = ReadPeopleCsv(kData / "people_small.csv");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 3u);

  const PersonRecord& yamada = (*r)[0];
  EXPECT_EQ(yamada.source_id, "p-001");
  EXPECT_EQ(yamada.name, "山田 太郎");
  EXPECT_EQ(yamada.latin_name, "Taro Yamada");
  EXPECT_EQ(yamada.other_names,
            (std::vector<PersonName>{{"やまだ たろう", "ja"}, {"Yamada Tarō", ""}}));
  EXPECT_EQ(yamada.orcid, "0000-0002-1825-0097");
  EXPECT_EQ(yamada.emails,
            (std::vector<std::string>{"t.yamada@example.ac.jp", "taro@example.org"}));
  EXPECT_EQ(yamada.nationality, "JP");
  EXPECT_EQ(yamada.residence_countries, std::vector<std::string>{"JP"});
  EXPECT_EQ(yamada.fields, (std::vector<std::string>{"materials science", "spintronics"}));
  EXPECT_EQ(yamada.keywords, (std::vector<std::string>{"magnetism", "thin films"}));
  EXPECT_EQ(yamada.themes, std::vector<std::string>{"green innovation"});
  EXPECT_EQ(yamada.career_stage, "senior");
  // Quoted, with a comma, doubled quotes and a blank line (CRLF in the file).
  EXPECT_EQ(yamada.bio_en,
            "Professor of materials science, working on \"spin\" devices.\n\nLeads the "
            "Sendai–Hanoi exchange.");
  EXPECT_EQ(yamada.bio_ja, "仙台で磁性材料を研究している。");
  const std::vector<Affiliation> affiliations = {
      {"01dq60k83", "Tohoku University", "professor", "2015-04", ""},
      {"057zh3y96", "The University of Tokyo", "assistant professor", "2008-04", "2015-03"}};
  EXPECT_EQ(yamada.affiliations, affiliations);
  EXPECT_TRUE(yamada.japan_experience.empty());
  EXPECT_TRUE(yamada.publications.empty());

  const PersonRecord& nguyen = (*r)[1];
  EXPECT_EQ(nguyen.name, "Nguyen, Thi Lan");
  EXPECT_EQ(nguyen.latin_name, "");  // the name is Latin already
  EXPECT_EQ(nguyen.other_names,
            (std::vector<PersonName>{{"Nguyễn Thị Lan", ""}, {"Nguyễn Thị Lan", "vi"}}));
  EXPECT_EQ(nguyen.orcid, "0000-0003-1234-5674");
  EXPECT_EQ(nguyen.residence_countries, (std::vector<std::string>{"VN", "JP"}));
  EXPECT_EQ(nguyen.keywords, (std::vector<std::string>{"water quality", "remote sensing|GIS"}));
  EXPECT_EQ(nguyen.themes, (std::vector<std::string>{"green innovation", "ICT"}));
  EXPECT_EQ(nguyen.affiliations,
            (std::vector<Affiliation>{
                {"", "Vietnam National University; Hanoi", "lecturer", "2021-04", ""}}));
  const std::vector<JapanExperience> experience = {
      {"postdoc", "057zh3y96", "The University of Tokyo", "2019-04", "2021-03",
       "JSPS Postdoctoral Fellowship for Research in Japan"},
      {"degree_study", "", "Kyoto University", "2014-10", "2019-03", "MEXT Scholarship"}};
  EXPECT_EQ(nguyen.japan_experience, experience);
  ASSERT_EQ(nguyen.publications.size(), 2u);
  const Publication& first = nguyen.publications[0];
  EXPECT_EQ(first.title, "River sediment, measured from orbit");
  EXPECT_EQ(first.doi, "10.5555/abc.123");
  EXPECT_EQ(first.year, 2020);
  EXPECT_EQ(first.coauthors, (std::vector<std::string>{"Taro Yamada", "Sato, H."}));
  const Publication& second = nguyen.publications[1];
  EXPECT_EQ(second.abstract, "We sample 40 sites.\nSeasonal effects dominate.");
  EXPECT_EQ(second.doi, "");
  EXPECT_EQ(second.year, 2018);

  const PersonRecord& kim = (*r)[2];
  EXPECT_EQ(kim.name, "김민준");
  EXPECT_EQ(kim.latin_name, "Kim Minjun");
  EXPECT_EQ(kim.career_stage, "student");
  EXPECT_EQ(kim.japan_experience,
            (std::vector<JapanExperience>{{"training", "", "RIKEN", "2023-07", "2023-08", ""}}));
}

TEST(PeopleCsvTest, ColumnsMayComeInAnyOrderAndOptionalOnesMayBeLeftOut) {
  auto r = ReadPeopleCsvBytes(
      "\xEF\xBB\xBF"
      "Name , PERSON_ID\nAda Lovelace,x1\n\n\nGrace Hopper,x2");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].source_id, "x1");
  EXPECT_EQ((*r)[1].name, "Grace Hopper");
  auto header_only = ReadPeopleCsvBytes("person_id,name\r\n");
  ASSERT_TRUE(header_only) << header_only.error().ToString();
  EXPECT_TRUE(header_only->empty());
}

// One validation rule per line: a row under kHeader, the error field, and part of the
// message.
struct RuleCase {
  const char* row;
  const char* field;
  const char* message;
};

constexpr const char* kHeader =
    "person_id,name,latin_name,orcid,emails,nationality,residence_countries,career_stage,"
    "other_names,keywords,affiliations,japan_experience,publications\n";

const RuleCase kRuleCases[] = {
    {"p1,Ada Lovelace,,0000-0002-1825-0098,,,,,,,,,", "line 2, column orcid", "check digit"},
    {"p1,Ada Lovelace,,0000-0002-1825,,,,,,,,,", "line 2, column orcid", "0000-0002-1825-0097"},
    {"p1,Ada Lovelace,,,ada@example.org|ada@localhost,,,,,,,,", "line 2, column emails, item 2",
     "example.org"},
    {"p1,Ada Lovelace,,,ada example.org,,,,,,,,", "line 2, column emails, item 1", "name@domain"},
    {"p1,Ada Lovelace,,,,XX,,,,,,,", "line 2, column nationality", ""},
    {"p1,Ada Lovelace,,,,,GB|Britain,,,,,,", "line 2, column residence_countries, item 2", ""},
    {"p1,Ada Lovelace,,,,,,professor,,,,,", "line 2, column career_stage",
     "student, early_career, mid_career, senior"},
    {",Ada Lovelace,,,,,,,,,,,", "line 2, column person_id", "empty"},
    {"p1, ,,,,,,,,,,,", "line 2, column name", "empty"},
    {"p1,山田太郎,,,,,,,,,,,", "line 2, column latin_name", "no Latin letter"},
    {"p1,山田太郎,ヤマダ タロウ,,,,,,,,,,", "line 2, column latin_name", "Latin letters"},
    {"p1,Ada Lovelace,,,,,,,xx:Ada,,,,", "line 2, column other_names, item 1", "ISO 639-1"},
    {"p1,Ada Lovelace,,,,,,,,a\\,,,", "line 2, column keywords", "backslash"},
    {"p1,Ada Lovelace,,,,,,,,,name=X;start=2015-13,,",
     "line 2, column affiliations, item 1, key start", "month"},
    {"p1,Ada Lovelace,,,,,,,,,name=X;start=2015-02-29,,",
     "line 2, column affiliations, item 1, key start", "no such day"},
    {"p1,Ada Lovelace,,,,,,,,,name=X;start=15/04/2015,,",
     "line 2, column affiliations, item 1, key start", "YYYY-MM-DD"},
    {"p1,Ada Lovelace,,,,,,,,,name=X|name=Y;start=2015-04;end=2015-03,,",
     "line 2, column affiliations, item 2, key end", "before the start"},
    {"p1,Ada Lovelace,,,,,,,,,name=X;start=2015;end=2015-03,,", nullptr, nullptr},  // accepted
    {"p1,Ada Lovelace,,,,,,,,,name=X;city=Sendai,,",
     "line 2, column affiliations, item 1, key city",
     "unknown key 'city' (expected ror, name, role, start, end)"},
    {"p1,Ada Lovelace,,,,,,,,,role=professor,,", "line 2, column affiliations, item 1",
     "needs ror or name"},
    {"p1,Ada Lovelace,,,,,,,,,ror=01dq60k84,,", "line 2, column affiliations, item 1, key ror",
     "checksum"},
    {"p1,Ada Lovelace,,,,,,,,,name=X;start=2010;start=2011,,",
     "line 2, column affiliations, item 1, key start", "twice"},
    {"p1,Ada Lovelace,,,,,,,,,name=X;professor,,", "line 2, column affiliations, item 1",
     "key=value"},
    {"p1,Ada Lovelace,,,,,,,,,,kind=internship;host_name=RIKEN,",
     "line 2, column japan_experience, item 1, key kind", "degree_study, postdoc"},
    {"p1,Ada Lovelace,,,,,,,,,,host_name=RIKEN,",
     "line 2, column japan_experience, item 1, key kind", "required"},
    {"p1,Ada Lovelace,,,,,,,,,,kind=postdoc;funding=JSPS,",
     "line 2, column japan_experience, item 1", "host_ror or host_name"},
    {"p1,Ada Lovelace,,,,,,,,,,kind=postdoc;host_name=RIKEN;start=2012;end=2011,",
     "line 2, column japan_experience, item 1, key end", "before"},
    {"p1,Ada Lovelace,,,,,,,,,,,title=T;doi=11.1234/x",
     "line 2, column publications, item 1, key doi", "10.1234/abc"},
    {"p1,Ada Lovelace,,,,,,,,,,,title=T;doi=10.1234",
     "line 2, column publications, item 1, key doi", "DOI"},
    {"p1,Ada Lovelace,,,,,,,,,,,title=T;year=1700", "line 2, column publications, item 1, key year",
     "1800"},
    {"p1,Ada Lovelace,,,,,,,,,,,title=T;year=20x9", "line 2, column publications, item 1, key year",
     "four-digit"},
    {"p1,Ada Lovelace,,,,,,,,,,,doi=10.1234/x", "line 2, column publications, item 1, key title",
     "required"},
    {"p1,Ada Lovelace,,,,,,,,,,,title=T;journal=J",
     "line 2, column publications, item 1, key journal", "unknown key"},
    {"p1,Ada Lovelace,,,,,,,,,,", "line 2", "expected 13 fields as in the header, found 12"},
    {"p1,Ada Lovelace,,,,,,,,,,,,", "line 2", "found 14"},
    {"p1,\"Ada \"Countess\" Lovelace\",,,,,,,,,,,", "line 2", "after a closing quote"},
    {"p1,Ada \"Countess\" Lovelace,,,,,,,,,,,", "line 2", "quote inside an unquoted field"},
    {"p1,\"Ada Lovelace,,,,,,,,,,,", "line 2", "not closed"},
    {"p1,Ada Lovelace,,,,,,,,,,,\np1,Grace Hopper,,,,,,,,,,,", "line 3, column person_id",
     "also used by line 2"},
    {"p1,Ada Lovelace,,0000-0002-1825-0097,,,,,,,,,\n"
     "p2,Grace Hopper,,https://orcid.org/0000-0002-1825-0097,,,,,,,,,",
     "line 3, column orcid", "also given for line 2"},
    // Line numbers count the lines of a multi-line field.
    {"p1,Ada Lovelace,,,,,,,,,,,\"title=T;abstract=one\ntwo\nthree\"\np2,Grace "
     "Hopper,,0000-0002-1825-009X,,,,,,,,,",
     "line 5, column orcid", "check digit"},
};

TEST(PeopleCsvTest, EachRuleNamesItsField) {
  for (const RuleCase& c : kRuleCases) {
    SCOPED_TRACE(c.row);
    auto r = ReadPeopleCsvBytes(std::string(kHeader) + c.row + "\n");
    if (c.field == nullptr) {
      EXPECT_TRUE(r) << r.error().ToString();
      continue;
    }
    ExpectInvalid(r, c.field, c.message);
  }
}

TEST(PeopleCsvTest, HeaderProblemsNameLineOne) {
  ExpectInvalid(ReadPeopleCsvBytes("person_id,name,city\np1,Ada,London\n"), "line 1, column city",
                "unknown column 'city'");
  ExpectInvalid(ReadPeopleCsvBytes("person_id,name,name\n"), "line 1, column name", "twice");
  ExpectInvalid(ReadPeopleCsvBytes("person_id,latin_name\n"), "line 1", "no column name");
  ExpectInvalid(ReadPeopleCsvBytes(""), "line 1", "header");
}

TEST(PeopleCsvTest, InvalidUtf8NamesTheLine) {
  ExpectInvalid(ReadPeopleCsvBytes("person_id,name\np1,Ada\np2,Jos\xe9 Garc\xed"
                                   "a\n"),
                "line 3", "UTF-8");
  // Inside a multi-line quoted field: the physical line.
  ExpectInvalid(ReadPeopleCsvBytes("person_id,name,bio_en\np1,Ada,\"one\ntwo \xc3\x28\"\n"),
                "line 3", "UTF-8");
  // An overlong encoding of "/" is not UTF-8 either.
  ExpectInvalid(ReadPeopleCsvBytes("person_id,name\n\xc0\xaf,Ada\n"), "line 2", "UTF-8");
}

TEST(PeopleCsvTest, MissingFileIsNotFound) {
  auto r = ReadPeopleCsv(kData / "no-such-people.csv");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST(PeopleCsvTest, ExportThenImportRoundTrips) {
  auto people = ReadPeopleCsv(kData / "people_small.csv");
  ASSERT_TRUE(people) << people.error().ToString();
  const std::string written = WritePeopleCsv(*people);
  EXPECT_EQ(written.substr(0, 3), "\xEF\xBB\xBF");
  auto again = ReadPeopleCsvBytes(written);
  ASSERT_TRUE(again) << again.error().ToString() << "\n" << written;
  EXPECT_EQ(*again, *people);
  EXPECT_EQ(WritePeopleCsv(*again), written);  // stable
}

// Values that need every kind of quoting and escaping.
PersonRecord Awkward() {
  PersonRecord p;
  p.source_id = "id,with \"quotes\"";
  p.name = "Ōta, Hanako";
  p.other_names = {{"ab:cd", ""},
                   {"de:Lehmann", ""},
                   {"pipe|semi;back\\slash", "en"},
                   {"太田 花子", "ja"},
                   {"\\", ""}};
  p.emails = {"hanako@example.org"};
  p.fields = {"a|b", "c;d", "e\\f", "g=h"};
  p.keywords = {"ends with backslash\\"};
  p.bio_en = "Line one, with a comma.\nLine \"two\".\n\nLine four | ; \\";
  p.bio_ja = "一行目\n二行目";
  p.affiliations = {{"01dq60k83", "A; B | C = D", "role \\ x", "2001", "2001-02-03"},
                    {"", "Only name", "", "", ""}};
  p.publications = {{"Title; with | marks",
                     "Abstract\nover lines; with = and |",
                     "10.1000/x;y",
                     1999,
                     {"Smith, J.", "Doe; J.", "O\\Brien"}},
                    {"No year", "", "", std::nullopt, {}}};
  p.japan_experience = {
      {"visiting_research", "057zh3y96", "", "2010-01-31", "", "Fund; with | marks"}};
  return p;
}

TEST(PeopleCsvTest, AwkwardValuesRoundTrip) {
  const std::vector<PersonRecord> people = {Awkward()};
  const std::string written = WritePeopleCsv(people);
  auto again = ReadPeopleCsvBytes(written);
  ASSERT_TRUE(again) << again.error().ToString() << "\n" << written;
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front(), people.front()) << written;
}

}  // namespace
}  // namespace asta::network
