// The ROR dump reader: one hand-written record (data/ror_record.json) read through every
// container (JSON array, JSON lines, gzip of each, release zips), malformed variants of
// it from data/ror_invalid_cases.jsonl (a JSON patch and the error field expected),
// broken containers, and the real ROR records in ../shared/data when present.
#include "modules/network/importers/ror_dump.h"

#include <chrono>
#include <cstdio>
#include <set>

#include "core/json.h"
#include "test_util.h"

namespace asta::network {
namespace {

using test_util::ExpectInvalid;
using test_util::Gzip;
using test_util::kData;
using test_util::kShared;
using test_util::MakeZip;
using test_util::ReadBytes;
using test_util::TempDir;
using test_util::WriteBytes;

Json Record() { return Json::parse(ReadBytes(kData / "ror_record.json")); }

// The record with another id and display name, to make dumps of several records.
Json OtherRecord() {
  Json r = Record();
  r["id"] = "https://ror.org/0qverty46";
  r["names"] = Json::parse(R"([{"value": "Example Polar Station", "lang": "en",
                                "types": ["ror_display"]}])");
  return r;
}

std::string JsonLines(const std::vector<Json>& records) {
  std::string out;
  for (const Json& r : records) out += r.dump() + "\n";
  return out;
}

std::string JsonArray(const std::vector<Json>& records) {
  Json array = Json::array();
  for (const Json& r : records) array.push_back(r);
  return array.dump(2);
}

void ExpectExampleRecord(const OrgRecord& org) {
  EXPECT_EQ(org.ror, "0abcdef23");
  EXPECT_EQ(org.display_name, "Example Institute of Marine Science");
  const std::vector<OrgName> names = {{"Example Institute of Marine Science", "en", "display"},
                                      {"海洋科学例示研究所", "ja", "label"},
                                      {"Kaiyō Kagaku Reiji Kenkyūjo", "", "alias"},
                                      {"EIMS", "", "acronym"}};
  EXPECT_EQ(org.names, names);
  EXPECT_EQ(org.country, "JP");  // the first location, not Singapore
  EXPECT_EQ(org.city, "Yokosuka");
  ASSERT_TRUE(org.lat && org.lng);
  EXPECT_DOUBLE_EQ(*org.lat, 35.28361);
  EXPECT_DOUBLE_EQ(*org.lng, 139.66722);
  EXPECT_EQ(org.types, (std::vector<std::string>{"facility", "government"}));
  const std::vector<OrgRelation> relations = {
      {"parent", "0test0147", "Example Agency for Ocean Research"},
      {"related", "0test0244", "Example Harbour University"}};
  EXPECT_EQ(org.relations, relations);
  EXPECT_EQ(org.domains, std::vector<std::string>{"eims.example.org"});
  EXPECT_EQ(org.links, std::vector<std::string>{"https://eims.example.org/"});
  EXPECT_EQ(org.established, 1971);
  EXPECT_EQ(org.status, "active");
  // isni has no preferred value: the first of all; the unknown "tenderid" is left out.
  const std::map<std::string, std::string> ids = {
      {"grid", "grid.000000.0a"}, {"isni", "0000 0004 0000 0001"}, {"wikidata", "Q00000001"}};
  EXPECT_EQ(org.external_ids, ids);
  EXPECT_EQ(org.last_modified, "2025-11-20");
}

TEST(RorIdTest, ChecksumsOfRealIds) {
  for (const char* id : {"0000cg692", "01dq60k83", "057zh3y96", "https://ror.org/04664mr26",
                         "ror.org/03bbyax37", "HTTPS://ROR.ORG/00KCD6X60"}) {
    auto r = NormalizeRorId(id);
    ASSERT_TRUE(r) << id << ": " << r.error().ToString();
    EXPECT_EQ(r->size(), 9u);
  }
  EXPECT_EQ(*NormalizeRorId("https://ror.org/01DQ60K83"), "01dq60k83");
  ExpectInvalid(NormalizeRorId("01dq60k84", "org"), "org", "checksum");
  ExpectInvalid(NormalizeRorId("11dq60k83"), "ror", "starts with 0");
  ExpectInvalid(NormalizeRorId("01dq6uk83"), "ror", "base32");
  ExpectInvalid(NormalizeRorId("01dq60kx3"), "ror", "checksum digits");
  ExpectInvalid(NormalizeRorId(""), "ror", "9 characters");
}

TEST(RorDumpTest, ReadsOnePrettyPrintedRecord) {
  auto r = ReadRorDump(kData / "ror_record.json");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 1u);
  ExpectExampleRecord(r->front());
}

TEST(RorDumpTest, EveryContainerReadsTheSameRecords) {
  TempDir dir;
  const std::vector<Json> records = {Record(), OtherRecord()};
  const std::string lines = JsonLines(records);
  const std::string array = JsonArray(records);
  const std::map<std::string, std::string> files = {
      {"dump.json", array},
      {"dump.jsonl", lines},
      {"dump.json.gz", Gzip(array)},
      {"dump.jsonl.gz", Gzip(lines)},
      // Two gzip members are one file, as `cat a.gz b.gz` makes.
      {"two-members.jsonl.gz", Gzip(records[0].dump() + "\n") + Gzip(records[1].dump() + "\n")},
      {"release.zip", MakeZip(dir.path(), {{"v1.99-2026-01-01-ror-data.json",
                                            ReadBytes(kData / "ror_record_v1.json")},
                                           {"v1.99-2026-01-01-ror-data.csv", "id,name\n"},
                                           {"v1.99-2026-01-01-ror-data_schema_v2.json", array}})},
      {"v2-release.zip", MakeZip(dir.path(), {{"v2.1-2026-01-01-ror-data.json", array},
                                              {"v2.1-2026-01-01-ror-data.csv", "id\n"}})},
      {"lines.zip", MakeZip(dir.path(), {{"records/ror.jsonl", lines}})},
      {"gz-in.zip", MakeZip(dir.path(), {{"ror.jsonl.gz", Gzip(lines)}})},
      {"no-extension", lines}};
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    WriteBytes(dir.path() / name, bytes);
    auto r = ReadRorDump(dir.path() / name);
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_EQ(r->size(), 2u);
    ExpectExampleRecord((*r)[0]);
    EXPECT_EQ((*r)[1].ror, "0qverty46");
    EXPECT_EQ((*r)[1].names, (std::vector<OrgName>{{"Example Polar Station", "en", "display"}}));
    auto from_bytes = ReadRorDumpBytes(bytes, name);
    ASSERT_TRUE(from_bytes) << from_bytes.error().ToString();
    EXPECT_EQ(*from_bytes, *r);
  }
}

TEST(RorDumpTest, ZipWithOnlyV1FileSaysSo) {
  TempDir dir;
  // Appended piecewise: g++ 12 at -O2 warns (-Wrestrict) on "literal" + std::string&&.
  std::string array = "[";
  array += ReadBytes(kData / "ror_record_v1.json");
  array += "]";
  const std::string zip = MakeZip(dir.path(), {{"v1.10-ror-data.json", array}});
  ExpectInvalid(ReadRorDumpBytes(zip, "v1.zip"),
                "v1.10-ror-data.json record 1 (https://ror.org/0qverty46), names", "schema v1");
}

TEST(RorDumpTest, ZipWithoutOrWithSeveralJsonFilesIsRejected) {
  TempDir dir;
  const std::string lines = JsonLines({Record()});
  ExpectInvalid(ReadRorDumpBytes(MakeZip(dir.path(), {{"ror.csv", "id\n"}}), "a.zip"), "a.zip",
                "no .json or .jsonl");
  ExpectInvalid(
      ReadRorDumpBytes(MakeZip(dir.path(), {{"a.json", lines}, {"b.jsonl", lines}}), "b.zip"),
      "b.zip", "several JSON files (a.json, b.jsonl)");
}

TEST(RorDumpTest, ErrorsInAZipEntryNameTheEntry) {
  TempDir dir;
  Json bad = OtherRecord();
  bad["status"] = "closed";
  const std::string zip = MakeZip(dir.path(), {{"x_schema_v2.json", JsonArray({Record(), bad})}});
  ExpectInvalid(ReadRorDumpBytes(zip, "x.zip"),
                "x_schema_v2.json record 2 (https://ror.org/0qverty46), status", "closed");
}

TEST(RorDumpTest, InvalidRecordsNameTheField) {
  const std::string cases = ReadBytes(kData / "ror_invalid_cases.jsonl");
  std::istringstream in(cases);
  std::string line;
  size_t count = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const Json c = Json::parse(line);
    SCOPED_TRACE(c["case"].get<std::string>());
    const Json record = Record().patch(c["patch"]);
    ExpectInvalid(ReadRorDumpBytes(record.dump() + "\n"), c["field"].get<std::string>(),
                  c["message"].get<std::string>());
    ++count;
  }
  EXPECT_GE(count, 25u);
}

TEST(RorDumpTest, AnErrorInALaterRecordNamesThatRecord) {
  Json bad = OtherRecord();
  bad["locations"][0]["geonames_details"]["country_code"] = "QQ";
  ExpectInvalid(ReadRorDumpBytes(JsonLines({Record(), bad})),
                "record 2 (https://ror.org/0qverty46), locations[0].geonames_details.country_code");
}

TEST(RorDumpTest, DuplicateIdsNameBothRecords) {
  const std::string lines = JsonLines({Record(), OtherRecord(), Record()});
  ExpectInvalid(ReadRorDumpBytes(lines), "record 3 (https://ror.org/0abcdef23), id",
                "records 1 and 3");
}

TEST(RorDumpTest, BrokenJsonNamesTheLine) {
  const std::string array = JsonArray({Record(), OtherRecord()});
  // Cut inside the second record: the error names the line it starts on.
  const size_t second = array.find("\"https://ror.org/0qverty46\"");
  ASSERT_NE(second, std::string::npos);
  const std::string truncated = array.substr(0, second + 10);
  size_t start_line = 1;
  const size_t open = truncated.rfind("\n  {");
  for (size_t i = 0; i <= open; ++i) start_line += truncated[i] == '\n' ? 1 : 0;
  ExpectInvalid(ReadRorDumpBytes(truncated), "line " + std::to_string(start_line), "not closed");
  // The array not closed after a complete record.
  ExpectInvalid(ReadRorDumpBytes(array.substr(0, array.rfind(']'))), "line 1", "array");
  // JSON lines: a syntax error on line 2.
  std::string lines = JsonLines({Record(), OtherRecord()});
  lines.replace(lines.find("\"status\":\"active\"", lines.find('\n')), 17, "\"status\":active");
  ExpectInvalid(ReadRorDumpBytes(lines), "line 2", "not valid JSON");
  // A line cut short, with the next line complete.
  const std::string one = Record().dump();
  ExpectInvalid(ReadRorDumpBytes(one + "\n" + one.substr(0, 40) + "\n" + one + "\n"), "line 2");
  ExpectInvalid(ReadRorDumpBytes("[" + one + " " + one + "]"), "line 1", "expected , or ]");
  ExpectInvalid(ReadRorDumpBytes(""), "line 1", "no ROR records");
  ExpectInvalid(ReadRorDumpBytes("[]"), "line 1", "no ROR records");
  // Bytes that are not UTF-8 inside a string.
  std::string latin1 = one;
  latin1[latin1.find("Yokosuka")] = '\xd9';
  ExpectInvalid(ReadRorDumpBytes(latin1), "line 1", "not valid JSON");
}

TEST(RorDumpTest, BrokenContainersAreRejected) {
  TempDir dir;
  const std::string gz = Gzip(JsonLines({Record(), OtherRecord()}));
  ExpectInvalid(ReadRorDumpBytes(gz.substr(0, gz.size() - 12), "ror.jsonl.gz"), "ror.jsonl.gz",
                "truncated");
  std::string corrupt = gz;
  corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x5a);
  corrupt[corrupt.size() / 2 + 1] = static_cast<char>(corrupt[corrupt.size() / 2 + 1] ^ 0x5a);
  auto r = ReadRorDumpBytes(corrupt, "ror.jsonl.gz");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  ExpectInvalid(ReadRorDumpBytes(gz + "garbage", "ror.jsonl.gz"), "ror.jsonl.gz",
                "after the end of the gzip data");
  const std::string zip = MakeZip(dir.path(), {{"ror.json", JsonArray({Record()})}});
  auto cut = ReadRorDumpBytes(zip.substr(0, zip.size() / 2), "ror.zip");
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(cut.error().field, "ror.zip");
}

TEST(RorDumpTest, KosovoTakesTheGeoNamesCode) {
  Json r = Record();
  r["locations"][0]["geonames_details"]["country_code"] = "XK";
  auto read = ReadRorDumpBytes(r.dump());
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->front().country, "XK");
}

TEST(RorDumpTest, MissingFileIsNotFound) {
  auto r = ReadRorDump(kData / "no-such-dump.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

// The real data: ../shared/data/ror, never copied into the repository.

const OrgRecord* Find(const std::vector<OrgRecord>& records, std::string_view ror) {
  for (const OrgRecord& r : records) {
    if (r.ror == ror) return &r;
  }
  return nullptr;
}

TEST(RorRealDataTest, JapaneseRecordsReadWithTohokuUniversity) {
  const auto path = kShared / "ror" / "ror_v2_records_JP.jsonl";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no real ROR data at " << path;
  auto r = ReadRorDump(path);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->size(), 4676u);
  for (const OrgRecord& org : *r) {
    EXPECT_EQ(org.country, "JP") << org.ror;
    ASSERT_FALSE(org.names.empty());
    EXPECT_EQ(org.names.front().kind, "display");
    EXPECT_EQ(org.names.front().value, org.display_name);
  }
  const OrgRecord* tohoku = Find(*r, "01dq60k83");
  ASSERT_NE(tohoku, nullptr);
  EXPECT_EQ(tohoku->display_name, "Tohoku University");
  const std::vector<OrgName> names = {{"Tohoku University", "en", "display"},
                                      {"東北大学", "ja", "label"},
                                      {"Tōhoku daigaku", "", "alias"}};
  EXPECT_EQ(tohoku->names, names);
  EXPECT_EQ(tohoku->country, "JP");
  EXPECT_EQ(tohoku->city, "Sendai");
  ASSERT_TRUE(tohoku->lat && tohoku->lng);
  EXPECT_NEAR(*tohoku->lat, 38.27, 0.01);
  EXPECT_NEAR(*tohoku->lng, 140.87, 0.01);
  EXPECT_EQ(tohoku->types, (std::vector<std::string>{"education", "funder"}));
  EXPECT_EQ(tohoku->established, 1907);
  EXPECT_EQ(tohoku->status, "active");
  EXPECT_EQ(tohoku->external_ids.at("grid"), "grid.69566.3a");
  EXPECT_EQ(tohoku->external_ids.at("isni"), "0000 0001 2248 6943");  // no preferred: first
  EXPECT_EQ(tohoku->external_ids.at("wikidata"), "Q1062129");
  EXPECT_EQ(tohoku->external_ids.at("fundref"), "501100006004");
  const OrgRelation child{"child", "04664mr26",
                          "Institute for Materials Research, Tohoku University"};
  EXPECT_NE(std::find(tohoku->relations.begin(), tohoku->relations.end(), child),
            tohoku->relations.end());
  EXPECT_FALSE(tohoku->links.empty());
  EXPECT_EQ(tohoku->last_modified.size(), 10u);
}

TEST(RorRealDataTest, EveryRecordOfTheFullDumpReads) {
  const auto path = kShared / "ror" / "ror_v2_records.jsonl.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no real ROR data at " << path;
  const auto start = std::chrono::steady_clock::now();
  auto r = ReadRorDump(path);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r) << r.error().ToString();
  std::printf("read %zu ROR records from %s in %.2f s\n", r->size(), path.c_str(), seconds);
  RecordProperty("seconds", std::to_string(seconds));
  EXPECT_EQ(r->size(), 35990u);
  std::set<std::string> countries, ids;
  size_t japanese = 0, chinese = 0, korean = 0;
  for (const OrgRecord& org : *r) {
    countries.insert(org.country);
    ids.insert(org.ror);
    bool ja = false, zh = false, ko = false;
    for (const OrgName& n : org.names) {
      ja |= n.lang == "ja";
      zh |= n.lang == "zh";
      ko |= n.lang == "ko";
    }
    japanese += ja;
    chinese += zh;
    korean += ko;
  }
  EXPECT_EQ(countries.size(), 213u);
  EXPECT_EQ(ids.size(), r->size());
  // The figures ../shared/data/README.md gives for this file.
  EXPECT_EQ(japanese, 4652u);
  EXPECT_EQ(chinese, 1130u);
  EXPECT_EQ(korean, 550u);
}

}  // namespace
}  // namespace asta::network
