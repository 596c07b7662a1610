// The shared pieces of the importers (internal.h): gzip limits, the small validators
// (dates, DOIs, languages, scripts) and the lazily spelled error places.
#include "modules/network/importers/internal.h"

#include <algorithm>

#include "test_util.h"

namespace asta::network::internal {
namespace {

using test_util::ExpectInvalid;
using test_util::Gzip;

TEST(ImportersGunzipTest, ReadsMembersAndEnforcesTheLimit) {
  const std::string text(100000, 'x');
  auto r = Gunzip(Gzip(text) + Gzip("tail"), "f.gz", kMaxDecompressedBytes);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(*r, text + "tail");
  ExpectInvalid(Gunzip(Gzip(text), "f.gz", 1000), "f.gz", "larger than 1000 bytes");
  // A trailer that lies about the size: reserved space is bounded, zlib notices.
  std::string lying = Gzip("short");
  lying[lying.size() - 1] = '\x7f';
  ExpectInvalid(Gunzip(lying, "f.gz", kMaxDecompressedBytes), "f.gz", "corrupt");
}

TEST(ImportersValidatorsTest, Dates) {
  for (const char* ok : {"1900", "2015-04", "2024-02-29", " 2000-12-31 "}) {
    EXPECT_TRUE(NormalizeDate(ok, "d")) << ok;
  }
  EXPECT_EQ(*NormalizeDate(" 2000-12-31 ", "d"), "2000-12-31");
  for (const char* bad : {"", "15", "2015-4", "2015-00", "2023-02-29", "2015/04", "1899", "9999",
                          "2015-04-1", "２０１５"}) {
    ExpectInvalid(NormalizeDate(bad, "d"), "d");
  }
  EXPECT_TRUE(DateNotAfter("2015", "2015-01"));
  EXPECT_TRUE(DateNotAfter("2015-04-30", "2015-04"));
  EXPECT_TRUE(DateNotAfter("2015-04", "2015-05-01"));
  EXPECT_FALSE(DateNotAfter("2015-05", "2015-04-30"));
  EXPECT_FALSE(DateNotAfter("2016", "2015-12-31"));
}

TEST(ImportersValidatorsTest, Dois) {
  EXPECT_EQ(*NormalizeDoi("10.1000/ABC", "doi"), "10.1000/abc");
  EXPECT_EQ(*NormalizeDoi("https://doi.org/10.1000/x(1)", "doi"), "10.1000/x(1)");
  EXPECT_EQ(*NormalizeDoi("http://dx.doi.org/10.1000/x", "doi"), "10.1000/x");
  EXPECT_EQ(*NormalizeDoi("DOI: 10.1000.5/x", "doi"), "10.1000.5/x");
  for (const char* bad : {"", "10.1000", "10./x", "10.abc/x", "11.1000/x", "10.1000/",
                          "10.1000/a b", "https://example.org/10.1000/x"}) {
    ExpectInvalid(NormalizeDoi(bad, "doi"), "doi");
  }
}

TEST(ImportersValidatorsTest, LanguagesAreSortedAndKnown) {
  for (const char* code : {"en", "ja", "zh", "ko", "vi", "th", "sh", "id", "ms"}) {
    EXPECT_TRUE(IsIsoLanguageCode(code)) << code;
  }
  for (const char* code : {"jp", "cn", "kr1", "", "EN", "eng"}) {
    EXPECT_FALSE(IsIsoLanguageCode(code)) << code;
  }
  EXPECT_EQ(*NormalizeLanguage(" JA ", "lang"), "ja");
  EXPECT_EQ(*NormalizeLanguage("", "lang"), "");
  // Binary search needs the table sorted: every two-letter code a–z either way.
  size_t known = 0;
  for (char a = 'a'; a <= 'z'; ++a) {
    for (char b = 'a'; b <= 'z'; ++b) known += IsIsoLanguageCode(std::string{a, b}) ? 1 : 0;
  }
  EXPECT_EQ(known, 185u);
}

TEST(ImportersValidatorsTest, Scripts) {
  EXPECT_TRUE(HasLatinLetter("山田 Taro"));
  EXPECT_TRUE(HasLatinLetter("Ōta"));
  EXPECT_TRUE(HasLatinLetter("Nguyễn"));
  EXPECT_FALSE(HasLatinLetter("山田太郎"));
  EXPECT_FALSE(HasLatinLetter("Иванов"));
  EXPECT_FALSE(HasLatinLetter("123 -"));
  EXPECT_TRUE(IsLatinScript("Nguyễn Thị Lan"));
  EXPECT_TRUE(IsLatinScript("O’Brien-Smith, J."));
  EXPECT_TRUE(IsLatinScript("Keʻelikōlani"));  // ʻokina, a modifier letter
  EXPECT_FALSE(IsLatinScript("Taro 山田"));
  EXPECT_FALSE(IsLatinScript("Ivanov Иван"));
  EXPECT_FALSE(IsLatinScript("1234"));
  EXPECT_TRUE(HasKana("東京で研究しています"));
  EXPECT_FALSE(HasKana("東京大学"));
  EXPECT_TRUE(IsCjkName("佐藤"));
  EXPECT_TRUE(IsCjkName("김민준"));
  EXPECT_TRUE(IsCjkName("さとう はなこ"));
  EXPECT_FALSE(IsCjkName("Sato"));
  EXPECT_FALSE(IsCjkName(""));
}

TEST(ImportersValidatorsTest, LongText) {
  EXPECT_EQ(*LongText("  a\r\nb\rc\n\td  ", "bio", 100), "a\nb\nc\n\td");
  ExpectInvalid(LongText("a\x01", "bio", 100), "bio", "control");
  ExpectInvalid(LongText("abcdef", "bio", 5), "bio", "at most 5");
  ExpectInvalid(LongText("\xff", "bio", 5), "bio", "UTF-8");
  EXPECT_EQ(*OptionalText("   ", "x", 5), "");
  ExpectInvalid(OptionalText("a\tb", "x", 5), "x", "control");
}

TEST(ImportersJsonPlaceTest, SpellsThePathOnlyWhenAsked) {
  const std::string prefix = "record 3 (https://ror.org/0abcdef23)";
  const JsonPlace root(prefix);
  EXPECT_EQ((root / "names")[2].Field(), prefix + ", names[2]");
  EXPECT_EQ(((root / "names")[2] / "lang").Field(), prefix + ", names[2].lang");
  EXPECT_EQ(root.Field(), prefix);
  const std::string empty;
  EXPECT_EQ((JsonPlace(empty) / "a" / "b")[0].Field(), "a.b[0]");
  auto named = Named(Result<int>(InvalidArgument("bad", "ignored")), root / "id");
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().field, prefix + ", id");
}

TEST(ImportersCsvTest, QuotingAndLineNumbers) {
  auto r = ParseCsv("a,\"b,\"\"c\"\"\"\r\n\r\n\"multi\nline\",x\ry,z");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].fields, (std::vector<std::string>{"a", "b,\"c\""}));
  EXPECT_EQ((*r)[0].line, 1u);
  EXPECT_EQ((*r)[1].fields, (std::vector<std::string>{"multi\nline", "x"}));
  EXPECT_EQ((*r)[1].line, 3u);
  EXPECT_EQ((*r)[2].fields, (std::vector<std::string>{"y", "z"}));
  EXPECT_EQ((*r)[2].line, 5u);
  EXPECT_EQ(FirstNonUtf8Line("ok\nok\n\xe3\x81\nok"), 3u);
  EXPECT_EQ(FirstNonUtf8Line("ok\n日本\n"), 0u);
}

}  // namespace
}  // namespace asta::network::internal
