// The restricted-party list readers: each format on small files written for these tests
// (well-formed, and malformed with the error naming the right line or cell), snapshot
// diffs, and the real published lists in ../shared/data when they are present.
#include <gtest/gtest.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "modules/compliance/importers/internal.h"
#include "modules/compliance/importers/lists.h"

namespace asta::compliance {
namespace {

namespace fs = std::filesystem;

const fs::path kData = ASTA_COMPLIANCE_TESTDATA;
const fs::path kShared = ASTA_SHARED_DATA_DIR;

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteBytes(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("asta_importers_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Writes a zip archive of `files` (name → content) with libzip and returns its bytes.
std::string MakeZip(const fs::path& dir, const std::map<std::string, std::string>& files) {
  const fs::path path = dir / "archive.zip";
  fs::remove(path);
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  if (archive == nullptr) return {};
  for (const auto& [name, content] : files) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(archive), 0);  // the buffers are read here, while still alive
  return ReadBytes(path);
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A cell of a generated worksheet: a number, a shared string, a shared string written
// as rich-text runs with a phonetic guide (as Excel writes Japanese), or an inline string.
struct XCell {
  enum Kind { kNone, kNumber, kShared, kRich, kInline } kind = kNone;
  std::string text;
};
XCell N(std::string v) { return {XCell::kNumber, std::move(v)}; }
XCell S(std::string v) { return {XCell::kShared, std::move(v)}; }
XCell R(std::string v) { return {XCell::kRich, std::move(v)}; }
XCell I(std::string v) { return {XCell::kInline, std::move(v)}; }
XCell E() { return {}; }
using XRow = std::vector<XCell>;  // columns A, B, C, …

// Builds an xlsx workbook with one sheet "Sheet1" holding `rows` (row 1 first), the way
// Excel lays it out: workbook.xml, its relationships, sharedStrings.xml and the sheet.
std::string MakeXlsx(const fs::path& dir, const std::vector<XRow>& rows) {
  std::string shared;
  size_t shared_count = 0;
  std::string sheet =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<sheetData>";
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string row_number = std::to_string(r + 1);
    sheet += "<row r=\"" + row_number + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const XCell& cell = rows[r][c];
      const std::string ref = std::string(1, static_cast<char>('A' + c)) + row_number;
      switch (cell.kind) {
        case XCell::kNone:
          break;
        case XCell::kNumber:
          sheet += "<c r=\"" + ref + "\"><f>ROW()-1</f><v>" + cell.text + "</v></c>";
          break;
        case XCell::kShared:
        case XCell::kRich: {
          if (cell.kind == XCell::kShared) {
            shared += "<si><t xml:space=\"preserve\">" + XmlEscape(cell.text) +
                      "</t><phoneticPr fontId=\"1\"/></si>";
          } else {
            const size_t half = cell.text.size() / 2;
            shared += "<si><r><t xml:space=\"preserve\">" + XmlEscape(cell.text.substr(0, half)) +
                      "</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">" +
                      XmlEscape(cell.text.substr(half)) +
                      "</t></r><rPh sb=\"0\" eb=\"1\"><t>フリガナ</t></rPh></si>";
          }
          sheet += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(shared_count++) + "</v></c>";
          break;
        }
        case XCell::kInline:
          sheet += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + XmlEscape(cell.text) +
                   "</t></is></c>";
          break;
      }
    }
    sheet += "</row>";
  }
  sheet += "</sheetData></worksheet>";
  const std::string sst =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" +
      std::to_string(shared_count) + "\">" + shared + "</sst>";
  const std::string workbook =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId2\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
      "Target=\"sharedStrings.xml\"/>"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"worksheets/sheet1.xml\"/></Relationships>";
  return MakeZip(dir, {{"xl/workbook.xml", workbook},
                       {"xl/_rels/workbook.xml.rels", rels},
                       {"xl/sharedStrings.xml", sst},
                       {"xl/worksheets/sheet1.xml", sheet}});
}

std::vector<std::string> Ids(const ListSnapshot& s) {
  std::vector<std::string> ids;
  for (const ListEntity& e : s.entities) ids.push_back(e.entity_id);
  return ids;
}

// "name|note" for each name, primary first.
std::vector<std::string> Names(const ListEntity& e) {
  std::vector<std::string> out;
  for (const ListName& n : e.names) out.push_back(n.name + "|" + n.note);
  return out;
}

void ExpectOnePrimary(const ListSnapshot& s) {
  for (const ListEntity& e : s.entities) {
    ASSERT_FALSE(e.names.empty()) << e.entity_id;
    EXPECT_TRUE(e.names.front().primary) << e.entity_id;
    size_t primaries = 0;
    for (const ListName& n : e.names) primaries += n.primary ? 1 : 0;
    EXPECT_EQ(primaries, 1u) << e.entity_id;
  }
}

void ExpectInvalid(const Result<ListSnapshot>& result, const std::string& field) {
  ASSERT_FALSE(result.has_value()) << "expected an error naming " << field;
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << result.error().ToString();
  EXPECT_EQ(result.error().field, field) << result.error().ToString();
  EXPECT_FALSE(result.error().message.empty());
}

using Strings = std::vector<std::string>;

// Counts of the real lists as these readers produce them. Where they differ from the
// figures in ../shared/data/README.md, the difference is explained here; both are printed.
// UN: the README counts 4,133 non-empty names; 12 aliases repeat a name already on the
// same entry and are dropped (names are deduplicated within an entity).
constexpr size_t kUnNames = 4121;
// UN: names holding a character of the Arabic block (U+0600–U+06FF): 366 original-script
// names and 29 aliases. The README's 372 is counted some other way it does not state.
constexpr size_t kUnArabic = 395;
// OFAC: the README counts every sdn.csv and alt.csv row (8,976 + 11,910 = 20,886); six
// aliases repeat a name already on the same entry and are dropped.
constexpr size_t kOfacNames = 20880;
// METI: 835 main names, 191 further names on their own parenthesised line of the company
// cell (the local-script name or an acronym), 1,468 aliases (1,469 alias lines, one of
// which continues a wrapped alias), less 4 repeating a name of the same entity. The
// README's 2,501 (1,469 aliases) counts lines of cells, not names.
constexpr size_t kMetiNames = 2490;
// METI: names holding a CJK unified ideograph (U+4E00–U+9FFF); the README says 265
// without stating how it counted.
constexpr size_t kMetiHan = 278;

// ---------------------------------------------------------------------------- formats

TEST(ListFormatTest, NamesRoundTrip) {
  for (const char* name : {"un-xml", "ofac-csv", "meti-xlsx", "ftm-json", "csv"}) {
    auto format = ParseListFormat(name);
    ASSERT_TRUE(format.has_value()) << name;
    EXPECT_EQ(ListFormatName(*format), name);
  }
  auto bad = ParseListFormat("xlsx", "list_format");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "list_format");
}

TEST(CountryNamesTest, PublishersSpellingsMapToIso) {
  using internal::CountryFromName;
  EXPECT_EQ(CountryFromName("Iran (Islamic Republic of)"), "IR");
  EXPECT_EQ(CountryFromName("Korea, North"), "KP");
  EXPECT_EQ(CountryFromName("Democratic People's Republic of Korea"), "KP");
  EXPECT_EQ(CountryFromName("Congo, Democratic Republic of the"), "CD");
  EXPECT_EQ(CountryFromName("Congo"), "CG");
  EXPECT_EQ(CountryFromName("  the Gambia "), "GM");
  EXPECT_EQ(CountryFromName("China, Hong Kong Special Administrative Region"), "HK");
  EXPECT_EQ(CountryFromName("Türkiye"), "TR");
  EXPECT_EQ(CountryFromName("ロシア"), "RU");
  EXPECT_EQ(CountryFromName("北朝鮮"), "KP");
  EXPECT_EQ(CountryFromName("former Soviet Union"), "");
  EXPECT_EQ(CountryFromName("Region: Crimea"), "");
  EXPECT_EQ(CountryFromName(""), "");
}

TEST(ReadListTest, MissingPathsAreNotFound) {
  for (ListFormat format : {ListFormat::kUnXml, ListFormat::kOfacCsv, ListFormat::kMetiXlsx,
                            ListFormat::kFtmJson, ListFormat::kCsv}) {
    auto result = ReadList(format, kData / "no-such-file");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound) << ListFormatName(format);
  }
  // A folder missing alt.csv.
  TempDir tmp;
  WriteBytes(tmp.path() / "sdn.csv", ReadBytes(kData / "ofac_small/sdn.csv"));
  auto result = ReadList(ListFormat::kOfacCsv, tmp.path());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

// ---------------------------------------------------------------------------- UN XML

TEST(UnXmlTest, ReadsIndividualsAndEntities) {
  auto result = ReadList(ListFormat::kUnXml, kData / "un_small.xml");
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  const ListSnapshot& s = *result;
  EXPECT_EQ(s.format, ListFormat::kUnXml);
  EXPECT_EQ(s.version, "2026-01-15");
  ASSERT_EQ(Ids(s), (Strings{"KPe.900", "KPi.900", "QDi.900"}));
  ExpectOnePrimary(s);

  const ListEntity& org = s.entities[0];
  EXPECT_EQ(org.kind, "organization");
  EXPECT_EQ(Names(org), (Strings{"TEST TRADING COMPANY|", "TTC|aka", "Old Test Trading|fka"}));
  EXPECT_EQ(org.countries, (Strings{"CN", "KP"}));  // from the addresses
  EXPECT_EQ(org.programme, "DPRK");
  EXPECT_EQ(org.listed_on, "2017-08-05");

  const ListEntity& kim = s.entities[1];
  EXPECT_EQ(kim.kind, "person");
  EXPECT_EQ(Names(kim), (Strings{"KIM TEST|"}));
  EXPECT_EQ(kim.countries, (Strings{"KP"}));

  // The name parts are joined and white space collapsed; the empty alias placeholder
  // and the alias repeating the main name are dropped; "former Soviet Union" has no code.
  const ListEntity& abdul = s.entities[2];
  EXPECT_EQ(abdul.kind, "person");
  EXPECT_EQ(Names(abdul), (Strings{"ABDUL KARIM AL-TEST|", "عبد الكريم|original script",
                                   "Abdul Kerim|aka", "Abu Test|weak aka"}));
  EXPECT_EQ(abdul.countries, (Strings{"AF", "IR"}));
  EXPECT_EQ(abdul.programme, "Al-Qaida");
  EXPECT_EQ(abdul.listed_on, "2001-10-06");
  EXPECT_EQ(abdul.remarks, "Test person.");

  // The same bytes through the upload path give the same snapshot.
  auto bytes = ReadListBytes(ListFormat::kUnXml, ReadBytes(kData / "un_small.xml"));
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(Ids(*bytes), Ids(s));
  EXPECT_EQ(Names(bytes->entities[2]), Names(abdul));
}

TEST(UnXmlTest, MissingReferenceNumberNamesTheLine) {
  ExpectInvalid(ReadList(ListFormat::kUnXml, kData / "un_missing_reference.xml"), "line 10");
}

TEST(UnXmlTest, TruncatedFileNamesTheLastLine) {
  ExpectInvalid(ReadList(ListFormat::kUnXml, kData / "un_truncated.xml"), "line 12");
}

TEST(UnXmlTest, RejectsBadNamesAndDuplicates) {
  const std::string head =
      "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-01-01\">\n"
      "<ENTITIES>\n<ENTITY><FIRST_NAME>GOOD</FIRST_NAME>"
      "<REFERENCE_NUMBER>A.1</REFERENCE_NUMBER></ENTITY>\n";
  const std::string tail = "</ENTITIES>\n</CONSOLIDATED_LIST>\n";
  // Invalid UTF-8 in a name (line 5).
  ExpectInvalid(
      ReadListBytes(ListFormat::kUnXml, head +
                                            "<ENTITY><FIRST_NAME>BAD \xC3\x28</FIRST_NAME>"
                                            "<REFERENCE_NUMBER>A.2</REFERENCE_NUMBER></ENTITY>\n" +
                                            tail),
      "line 5");
  // An empty main name (line 5).
  ExpectInvalid(
      ReadListBytes(ListFormat::kUnXml, head +
                                            "<ENTITY><FIRST_NAME> </FIRST_NAME>"
                                            "<REFERENCE_NUMBER>A.2</REFERENCE_NUMBER></ENTITY>\n" +
                                            tail),
      "line 5");
  // A reference number used twice: the second occurrence (line 5) is named.
  ExpectInvalid(
      ReadListBytes(ListFormat::kUnXml, head +
                                            "<ENTITY><FIRST_NAME>OTHER</FIRST_NAME>"
                                            "<REFERENCE_NUMBER>A.1</REFERENCE_NUMBER></ENTITY>\n" +
                                            tail),
      "line 5");
  // Not the UN list at all.
  ExpectInvalid(ReadListBytes(ListFormat::kUnXml, "<?xml version=\"1.0\"?>\n\n<html/>"), "line 3");
  ExpectInvalid(ReadListBytes(ListFormat::kUnXml, ""), "line 1");
}

TEST(UnXmlTest, EveryTruncationIsRejectedWhole) {
  const std::string xml = ReadBytes(kData / "un_small.xml");
  const size_t end = xml.rfind("</CONSOLIDATED_LIST>");
  ASSERT_NE(end, std::string::npos);
  for (size_t cut = 0; cut < end; cut += 7) {
    auto result = ReadListBytes(ListFormat::kUnXml, xml.substr(0, cut));
    ASSERT_FALSE(result.has_value()) << "cut at " << cut;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().field.rfind("line ", 0), 0u) << result.error().field;
  }
}

// ---------------------------------------------------------------------------- OFAC

void ExpectOfacSmall(const ListSnapshot& s) {
  EXPECT_EQ(s.format, ListFormat::kOfacCsv);
  EXPECT_EQ(s.version, "");
  ASSERT_EQ(Ids(s), (Strings{"1001", "1002", "1003"}));
  ExpectOnePrimary(s);
  const ListEntity& person = s.entities[0];
  EXPECT_EQ(person.kind, "person");
  EXPECT_EQ(Names(person), (Strings{"TEST, Person|", "TEST, P.|aka", "TESTOV, Piotr|nka"}));
  EXPECT_EQ(person.countries, (Strings{"KP"}));
  EXPECT_EQ(person.programme, "SDGT] [IRGC");
  EXPECT_EQ(person.remarks, "DOB 01 Jan 1970.");
  const ListEntity& company = s.entities[1];
  EXPECT_EQ(company.kind, "organization");
  // The alias repeating the main name is dropped; quotes are unescaped.
  EXPECT_EQ(Names(company), (Strings{"ACME \"EXPORT\" CO., LTD.|", "ACME TRADING|fka"}));
  EXPECT_EQ(company.countries, (Strings{"AE", "IR"}));
  EXPECT_EQ(company.remarks, "");
  const ListEntity& vessel = s.entities[2];
  EXPECT_EQ(vessel.kind, "organization");
  EXPECT_EQ(Names(vessel), (Strings{"SEA TEST|"}));
  EXPECT_TRUE(vessel.countries.empty());           // "undetermined"
  EXPECT_EQ(vessel.remarks, "Line one line two");  // a quoted line break
}

TEST(OfacCsvTest, ReadsFolder) {
  auto result = ReadList(ListFormat::kOfacCsv, kData / "ofac_small");
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  ExpectOfacSmall(*result);
}

TEST(OfacCsvTest, ReadsZipUpload) {
  TempDir tmp;
  const std::string zip =
      MakeZip(tmp.path(), {{"sdn.csv", ReadBytes(kData / "ofac_small/sdn.csv")},
                           {"alt.csv", ReadBytes(kData / "ofac_small/alt.csv")},
                           {"add.csv", ReadBytes(kData / "ofac_small/add.csv")}});
  auto result = ReadListBytes(ListFormat::kOfacCsv, zip);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  ExpectOfacSmall(*result);
  // ReadList takes the archive as a file too.
  WriteBytes(tmp.path() / "sdn.zip", zip);
  auto from_file = ReadList(ListFormat::kOfacCsv, tmp.path() / "sdn.zip");
  ASSERT_TRUE(from_file.has_value()) << from_file.error().ToString();
  ExpectOfacSmall(*from_file);

  // A truncated archive is rejected whole.
  ExpectInvalid(ReadListBytes(ListFormat::kOfacCsv, zip.substr(0, zip.size() / 2)), "archive");
  // An archive without alt.csv.
  const std::string only_sdn =
      MakeZip(tmp.path(), {{"sdn.csv", ReadBytes(kData / "ofac_small/sdn.csv")}});
  ExpectInvalid(ReadListBytes(ListFormat::kOfacCsv, only_sdn), "archive");
  ExpectInvalid(ReadListBytes(ListFormat::kOfacCsv, "not a zip"), "archive");
}

TEST(OfacCsvTest, AliasOfUnknownEntryNamesTheAltLine) {
  ExpectInvalid(ReadList(ListFormat::kOfacCsv, kData / "ofac_orphan_alt"), "alt.csv line 3");
}

TEST(OfacCsvTest, MalformedRowsNameFileAndLine) {
  TempDir tmp;
  const std::string alt = "1,1,\"aka\",\"ALIAS\",-0- \r\n";
  const auto read = [&](const std::string& sdn, const std::string& alt_csv) {
    return ReadListBytes(ListFormat::kOfacCsv,
                         MakeZip(tmp.path(), {{"sdn.csv", sdn}, {"alt.csv", alt_csv}}));
  };
  const std::string good = "1,\"ONE\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
  // An unclosed quote on line 2.
  ExpectInvalid(read(good + "2,\"TWO,-0- ,\"P\"\r\n", alt), "sdn.csv line 2");
  // Too few columns on line 2.
  ExpectInvalid(read(good + "2,\"TWO\",-0- \r\n", alt), "sdn.csv line 2");
  // An unknown SDN_Type on line 2.
  ExpectInvalid(
      read(good + "2,\"TWO\",\"spaceship\",\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", alt),
      "sdn.csv line 2");
  // A duplicate ent_num on line 2.
  ExpectInvalid(read(good + good, alt), "sdn.csv line 2");
  // An empty alias name on line 2 of alt.csv.
  ExpectInvalid(read(good, alt + "1,2,\"aka\",-0- ,-0- \r\n"), "alt.csv line 2");
  // Invalid UTF-8 in a name.
  ExpectInvalid(
      read(good + "2,\"T\xFFO\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", alt),
      "sdn.csv line 2");
  // A name line broken inside quotes counts its lines: the bad row starts on line 3.
  ExpectInvalid(
      read("1,\"ONE\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a\r\nb\"\r\n" +
               std::string("3,\"\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"),
           alt),
      "sdn.csv line 3");
  auto ok = read(good, alt);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(Names(ok->entities[0]), (Strings{"ONE|", "ALIAS|aka"}));
}

// ---------------------------------------------------------------------------- METI

std::vector<XRow> MetiRows() {
  return {
      {S("外国ユーザーリスト")},
      {S("No."), S("国名、地域名\nCountry or Region"), S("企業名､組織名\nCompany or Organization"),
       S("別名\nAlso Known As"), S("懸念区分\nType of WMD"), S("通常兵器\nConventional Weapons")},
      {N("1"), S("イラン\nIslamic Republic of Iran"), S("Test Industries Group\n（テスト工業）"),
       S("・TIG\n・Test Ind. Group; and\n・Test Industries\nGroup Company \n(テスト工業集団)"),
       S("ミサイル\nM"), E()},
      {N("2"), S("北朝鮮\nNorth Korea"), R("Korea Test Trading Corporation"),
       S("Korea Test Trading Corp"), S("核\nN"), S("通常兵器\nCW")},
      {},
      {N("10"), S("中国\nPeople's Republic of China"), I("Beijing   Test Institute"),
       S("・BTI\n北京测试研究所\n・Beijing Test Institute"), E(), E()},
  };
}

TEST(MetiXlsxTest, ReadsWorkbook) {
  TempDir tmp;
  const std::string xlsx = MakeXlsx(tmp.path(), MetiRows());
  const fs::path file = tmp.path() / "meti-end-user-list-2025-09-29.xlsx";
  WriteBytes(file, xlsx);
  auto result = ReadList(ListFormat::kMetiXlsx, file);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  const ListSnapshot& s = *result;
  EXPECT_EQ(s.format, ListFormat::kMetiXlsx);
  EXPECT_EQ(s.version, "2025-09-29");  // from the file name
  ASSERT_EQ(Ids(s), (Strings{"1", "10", "2"}));
  ExpectOnePrimary(s);

  const ListEntity& group = s.entities[0];
  EXPECT_EQ(group.kind, "organization");
  EXPECT_EQ(Names(group),
            (Strings{"Test Industries Group|", "テスト工業|original script", "TIG|aka",
                     "Test Ind. Group|aka", "Test Industries Group Company|aka",
                     "テスト工業集団|original script"}));
  EXPECT_EQ(group.countries, (Strings{"IR"}));
  EXPECT_EQ(group.programme, "ミサイル M");

  // A Han-script line after a Latin alias is a name of its own; the alias repeating the
  // main name is dropped; the inline string's spaces are collapsed.
  const ListEntity& institute = s.entities[1];
  EXPECT_EQ(Names(institute),
            (Strings{"Beijing Test Institute|", "BTI|aka", "北京测试研究所|original script"}));
  EXPECT_EQ(institute.countries, (Strings{"CN"}));
  EXPECT_EQ(institute.programme, "");

  // Rich-text runs are joined and the phonetic guide left out; a cell without bullets
  // holds one alias.
  const ListEntity& trading = s.entities[2];
  EXPECT_EQ(Names(trading),
            (Strings{"Korea Test Trading Corporation|", "Korea Test Trading Corp|aka"}));
  EXPECT_EQ(trading.countries, (Strings{"KP"}));
  EXPECT_EQ(trading.programme, "核 N; 通常兵器 CW");

  auto bytes = ReadListBytes(ListFormat::kMetiXlsx, xlsx);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().ToString();
  EXPECT_EQ(bytes->version, "");  // no file name to take it from
  EXPECT_EQ(Ids(*bytes), Ids(s));
}

TEST(MetiXlsxTest, NotesBesideTheTableAreNotRows) {
  TempDir tmp;
  auto rows = MetiRows();
  rows.push_back({E(), E(), E(), E(), E(), E(), E(), S("※ a note beside the table")});
  auto result = ReadListBytes(ListFormat::kMetiXlsx, MakeXlsx(tmp.path(), rows));
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(Ids(*result), (Strings{"1", "10", "2"}));
}

TEST(MetiXlsxTest, EmptyCompanyNameNamesTheCell) {
  TempDir tmp;
  auto rows = MetiRows();
  rows[3][2] = S("   ");
  ExpectInvalid(ReadListBytes(ListFormat::kMetiXlsx, MakeXlsx(tmp.path(), rows)), "Sheet1!C4");
}

TEST(MetiXlsxTest, DuplicateNumberNamesTheCell) {
  TempDir tmp;
  auto rows = MetiRows();
  rows[5][0] = N("1");
  ExpectInvalid(ReadListBytes(ListFormat::kMetiXlsx, MakeXlsx(tmp.path(), rows)), "Sheet1!A6");
}

TEST(MetiXlsxTest, MissingNumberNamesTheCell) {
  TempDir tmp;
  auto rows = MetiRows();
  rows[3][0] = E();
  ExpectInvalid(ReadListBytes(ListFormat::kMetiXlsx, MakeXlsx(tmp.path(), rows)), "Sheet1!A4");
}

TEST(MetiXlsxTest, InvalidUtf8NamesTheCell) {
  TempDir tmp;
  auto rows = MetiRows();
  rows[2][3] = S("・TIG \xE3\x81");
  ExpectInvalid(ReadListBytes(ListFormat::kMetiXlsx, MakeXlsx(tmp.path(), rows)), "Sheet1!D3");
}

TEST(MetiXlsxTest, WorkbookWithoutHeaderIsRejected) {
  TempDir tmp;
  auto rows = MetiRows();
  rows.erase(rows.begin() + 1);
  ExpectInvalid(ReadListBytes(ListFormat::kMetiXlsx, MakeXlsx(tmp.path(), rows)), "Sheet1!A1");
}

TEST(MetiXlsxTest, TruncatedOrForeignFileIsRejected) {
  TempDir tmp;
  const std::string xlsx = MakeXlsx(tmp.path(), MetiRows());
  ExpectInvalid(ReadListBytes(ListFormat::kMetiXlsx, xlsx.substr(0, xlsx.size() - 40)), "xlsx");
  ExpectInvalid(ReadListBytes(ListFormat::kMetiXlsx, "PK\x03\x04 garbage"), "xlsx");
  // A zip archive that is not a workbook.
  ExpectInvalid(ReadListBytes(ListFormat::kMetiXlsx, MakeZip(tmp.path(), {{"a.txt", "a"}})),
                "xlsx");
}

TEST(MetiXlsxTest, EveryTruncationOrCorruptionIsRejectedWhole) {
  TempDir tmp;
  const std::string xlsx = MakeXlsx(tmp.path(), MetiRows());
  for (size_t cut = 0; cut < xlsx.size(); cut += 61) {
    auto result = ReadListBytes(ListFormat::kMetiXlsx, xlsx.substr(0, cut));
    ASSERT_FALSE(result.has_value()) << "cut at " << cut;
    EXPECT_EQ(result.error().field, "xlsx") << result.error().ToString();
  }
  // A damaged byte inside the compressed worksheet fails its checksum or inflation.
  const size_t sheet = xlsx.find("xl/worksheets/sheet1.xml");
  ASSERT_NE(sheet, std::string::npos);
  std::string damaged = xlsx;
  damaged[sheet + std::string_view("xl/worksheets/sheet1.xml").size() + 20] ^= 0x55;
  auto result = ReadListBytes(ListFormat::kMetiXlsx, damaged);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------- FtM JSON

TEST(FtmJsonTest, ReadsParties) {
  auto result = ReadList(ListFormat::kFtmJson, kData / "ftm_small.jsonl");
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  const ListSnapshot& s = *result;
  EXPECT_EQ(s.format, ListFormat::kFtmJson);
  // The Address and Sanction lines are skipped.
  ASSERT_EQ(Ids(s), (Strings{"NK-org-1", "NK-person-1", "NK-vessel-1"}));
  ExpectOnePrimary(s);
  const ListEntity& org = s.entities[0];
  EXPECT_EQ(org.kind, "organization");
  EXPECT_EQ(Names(org), (Strings{"Test Holdings Ltd|", "テスト株式会社|", "Old Test Ltd|fka"}));
  EXPECT_EQ(org.countries, (Strings{"JP"}));  // "suhh" has no ISO code
  EXPECT_EQ(org.programme, "sanction");
  const ListEntity& person = s.entities[1];
  EXPECT_EQ(person.kind, "person");
  EXPECT_EQ(Names(person), (Strings{"Ivan Testov|", "Иван Тестов|aka", "Vanya|weak aka"}));
  EXPECT_EQ(person.countries, (Strings{"BY", "RU"}));
  EXPECT_EQ(person.programme, "RUSSIA-EO14024");
  EXPECT_EQ(person.remarks, "A test person.");
  EXPECT_EQ(person.listed_on, "2022-03-11");
  const ListEntity& vessel = s.entities[2];
  EXPECT_EQ(vessel.kind, "organization");
  EXPECT_EQ(vessel.countries, (Strings{"PA"}));
}

TEST(FtmJsonTest, MalformedLinesAreNamed) {
  ExpectInvalid(ReadList(ListFormat::kFtmJson, kData / "ftm_bad_schema.jsonl"), "line 3");
  const std::string good = R"({"id":"a","schema":"Person","properties":{"name":["A"]}})";
  ExpectInvalid(ReadListBytes(ListFormat::kFtmJson, good + "\n{\"id\": \"b\", \n"), "line 2");
  ExpectInvalid(ReadListBytes(ListFormat::kFtmJson,
                              good + "\n\n" + R"({"id":"b","schema":"Person","properties":{}})"),
                "line 3");
  ExpectInvalid(
      ReadListBytes(ListFormat::kFtmJson,
                    good + "\n" + R"({"id":"b","schema":"Person","properties":{"name":"B"}})"),
      "line 2");
  ExpectInvalid(ReadListBytes(ListFormat::kFtmJson, good + "\n" + good), "line 2");
  ExpectInvalid(
      ReadListBytes(ListFormat::kFtmJson,
                    good + "\n" + R"({"id":"b","schema":"","properties":{"name":["B"]}})"),
      "line 2");
  ExpectInvalid(ReadListBytes(ListFormat::kFtmJson, good + "\n[1,2]"), "line 2");
  ExpectInvalid(
      ReadListBytes(ListFormat::kFtmJson,
                    good + "\n" + R"({"id":"b","schema":"Person","properties":{"name":["B)" +
                        std::string("\xC0\xAF") + "\"]}}"),
      "line 2");
}

// ---------------------------------------------------------------------------- CSV

TEST(PlainCsvTest, ReadsRowsAsNames) {
  auto result = ReadList(ListFormat::kCsv, kData / "list_small.csv");
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  const ListSnapshot& s = *result;
  EXPECT_EQ(s.format, ListFormat::kCsv);
  ASSERT_EQ(Ids(s), (Strings{"E1", "E2"}));
  ExpectOnePrimary(s);
  EXPECT_EQ(s.entities[0].kind, "person");
  EXPECT_EQ(Names(s.entities[0]), (Strings{"Jane Doe|", "Doe, Jane|aka"}));
  EXPECT_EQ(s.entities[0].countries, (Strings{"GB"}));
  EXPECT_EQ(s.entities[1].kind, "organization");  // "organisation" accepted
  EXPECT_EQ(Names(s.entities[1]), (Strings{"Test Labs, Inc.|", "テスト研究所|aka"}));
  EXPECT_EQ(s.entities[1].countries, (Strings{"JP", "US"}));
}

TEST(PlainCsvTest, MalformedRowsNameLineAndColumn) {
  ExpectInvalid(ReadList(ListFormat::kCsv, kData / "list_kind_mismatch.csv"),
                "line 4, column kind");
  const std::string header = "entity_id,name,kind,country\n";
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, "id,name,kind,country\nE1,A,person,\n"), "line 1");
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, ""), "line 1");
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, header + "E1,A,person,\nE2,B,person,XX\n"),
                "line 3, column country");
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, header + "E1,A,person,\nE2,\" \",person,\n"),
                "line 3, column name");
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, header + "E1,A,robot,\n"), "line 2, column kind");
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, header + ",A,person,\n"),
                "line 2, column entity_id");
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, header + "E1,A,person\n"), "line 2");
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, header + "E1,A,person,\nE2,\"B\xFF\",person,\n"),
                "line 3");
  ExpectInvalid(ReadListBytes(ListFormat::kCsv, header + "E1,\"A\nB,person,\n"), "line 2");
}

// ---------------------------------------------------------------------------- diff

ListSnapshot Csv(const std::string& body) {
  auto result = ReadListBytes(ListFormat::kCsv, "entity_id,name,kind,country\n" + body);
  EXPECT_TRUE(result.has_value()) << result.error().ToString();
  return result.value_or(ListSnapshot{});
}

TEST(DiffTest, AddedChangedRemoved) {
  const ListSnapshot before =
      Csv("E1,Alpha,person,JP\nE1,Alfa,person,\nE2,Beta Co,organization,US\nE3,Gamma,person,\n"
          "E5,Epsilon,person,FR\n");
  const ListSnapshot after =
      Csv("E1,Alfa,person,JP\nE1,Alpha,person,\n"  // same names, another primary: unchanged
          "E2,Beta Co,organization,US\nE2,Beta Company,organization,\n"  // a new alias
          "E4,Delta,person,\n"
          "E5,Epsilon,person,DE\n");  // another country
  const ListDiff diff = DiffSnapshots(before, after);
  EXPECT_EQ(diff.added, (Strings{"E4"}));
  EXPECT_EQ(diff.changed, (Strings{"E2", "E5"}));
  EXPECT_EQ(diff.removed, (Strings{"E3"}));
  const ListDiff same = DiffSnapshots(after, after);
  EXPECT_TRUE(same.added.empty() && same.changed.empty() && same.removed.empty());
}

TEST(DiffTest, FingerprintDependsOnNamesKindAndCountries) {
  ListEntity a;
  a.entity_id = "1";
  a.kind = "person";
  a.names = {{"A", true, ""}, {"B", false, "aka"}};
  a.countries = {"JP", "KR"};
  ListEntity b = a;
  b.entity_id = "2";
  b.names = {{"B", true, ""}, {"A", false, "weak aka"}};
  b.countries = {"KR", "JP"};
  b.remarks = "remarks do not matter";
  EXPECT_EQ(EntityFingerprint(a), EntityFingerprint(b));
  EXPECT_EQ(EntityFingerprint(a).size(), 64u);
  ListEntity c = a;
  c.kind = "organization";
  EXPECT_NE(EntityFingerprint(a), EntityFingerprint(c));
  ListEntity d = a;
  d.countries = {"JP"};
  EXPECT_NE(EntityFingerprint(a), EntityFingerprint(d));
  ListEntity e = a;
  e.names.push_back({"C", false, ""});
  EXPECT_NE(EntityFingerprint(a), EntityFingerprint(e));
  // Names are not confused across boundaries ("A B" + "C" vs "A" + "B C").
  ListEntity f = a;
  f.names = {{"A B", true, ""}, {"C", false, ""}};
  ListEntity g = a;
  g.names = {{"A", true, ""}, {"B C", false, ""}};
  EXPECT_NE(EntityFingerprint(f), EntityFingerprint(g));
}

// ---------------------------------------------------------------------------- real lists

struct Counts {
  size_t entities = 0, persons = 0, organizations = 0, names = 0, aliases = 0;
  std::set<std::string> countries;
};

Counts Count(const ListSnapshot& s) {
  Counts c;
  c.entities = s.entities.size();
  for (const ListEntity& e : s.entities) {
    (e.kind == "person" ? c.persons : c.organizations)++;
    c.names += e.names.size();
    for (const ListName& n : e.names) c.aliases += n.primary ? 0 : 1;
    c.countries.insert(e.countries.begin(), e.countries.end());
  }
  return c;
}

// Names holding a code point in [lo, hi].
size_t NamesInRange(const ListSnapshot& s, char32_t lo, char32_t hi) {
  size_t count = 0;
  for (const ListEntity& e : s.entities) {
    for (const ListName& n : e.names) {
      const std::string& t = n.name;
      for (size_t i = 0; i < t.size();) {
        const auto b = static_cast<unsigned char>(t[i]);
        char32_t cp = b;
        size_t len = 1;
        if (b >= 0xF0) {
          len = 4;
          cp = b & 0x07;
        } else if (b >= 0xE0) {
          len = 3;
          cp = b & 0x0F;
        } else if (b >= 0xC0) {
          len = 2;
          cp = b & 0x1F;
        }
        for (size_t k = 1; k < len && i + k < t.size(); ++k) {
          cp = (cp << 6) | (static_cast<unsigned char>(t[i + k]) & 0x3F);
        }
        if (cp >= lo && cp <= hi) {
          ++count;
          break;
        }
        i += len;
      }
    }
  }
  return count;
}

template <class F>
auto Timed(const char* what, F&& f) {
  const auto start = std::chrono::steady_clock::now();
  auto result = f();
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ timing ] %s read in %.1f ms\n", what, ms);
  return result;
}

TEST(RealListsTest, UnConsolidatedList) {
  const fs::path path = kShared / "screening/un_sc/UN_consolidated_2026-02-27.xml";
  if (!fs::exists(path)) GTEST_SKIP() << "real data absent: " << path;
  auto result = Timed("UN consolidated list", [&] { return ReadList(ListFormat::kUnXml, path); });
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  ExpectOnePrimary(*result);
  const Counts c = Count(*result);
  const size_t arabic = NamesInRange(*result, 0x0600, 0x06FF);
  std::printf(
      "UN: %zu entities (%zu persons, %zu organisations), %zu names, %zu Arabic-script, "
      "%zu countries; README: 1,003 / 730 / 273, 4,133 names, 372 Arabic\n",
      c.entities, c.persons, c.organizations, c.names, arabic, c.countries.size());
  EXPECT_EQ(result->version, "2026-02-27");
  EXPECT_EQ(c.entities, 1003u);
  EXPECT_EQ(c.persons, 730u);
  EXPECT_EQ(c.organizations, 273u);
  EXPECT_EQ(c.names, kUnNames);
  EXPECT_EQ(arabic, kUnArabic);
}

TEST(RealListsTest, OfacSdnLegacyCsv) {
  const fs::path path = kShared / "screening/us_ofac_sdn_2021";
  if (!fs::exists(path / "sdn.csv")) GTEST_SKIP() << "real data absent: " << path;
  auto result =
      Timed("OFAC SDN (sdn, alt, add)", [&] { return ReadList(ListFormat::kOfacCsv, path); });
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  ExpectOnePrimary(*result);
  const Counts c = Count(*result);
  std::printf(
      "OFAC: %zu entries (%zu persons, %zu others), %zu names (%zu aliases), %zu countries; "
      "README: 8,976 entries, 20,886 names\n",
      c.entities, c.persons, c.organizations, c.names, c.aliases, c.countries.size());
  EXPECT_EQ(c.entities, 8976u);
  EXPECT_EQ(c.persons, 4620u);
  EXPECT_EQ(c.names, kOfacNames);
}

TEST(RealListsTest, MetiEndUserList) {
  const fs::path path = kShared / "screening/jp_meti_eul/meti-end-user-list-2025-09-29.xlsx";
  if (!fs::exists(path)) GTEST_SKIP() << "real data absent: " << path;
  auto result = Timed("METI End User List", [&] { return ReadList(ListFormat::kMetiXlsx, path); });
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  ExpectOnePrimary(*result);
  const Counts c = Count(*result);
  const size_t han = NamesInRange(*result, 0x4E00, 0x9FFF);
  std::printf(
      "METI: %zu organisations, %zu names (%zu aliases), %zu Han-script, %zu countries; "
      "README: 835 organisations, 2,501 names (1,469 aliases), 265 Han, 15 countries\n",
      c.entities, c.names, c.aliases, han, c.countries.size());
  EXPECT_EQ(result->version, "2025-09-29");
  EXPECT_EQ(c.entities, 835u);
  EXPECT_EQ(c.organizations, 835u);
  EXPECT_EQ(c.countries.size(), 15u);
  EXPECT_EQ(c.names, kMetiNames);
  EXPECT_EQ(han, kMetiHan);
  for (const ListEntity& e : result->entities) EXPECT_EQ(e.countries.size(), 1u) << e.entity_id;
}

}  // namespace
}  // namespace asta::compliance
