// Table-driven tests of the core validators: each case is one line of data.
#include <gtest/gtest.h>

#include "core/config.h"
#include "core/countries.h"
#include "core/regions.h"
#include "core/text.h"
#include "core/time.h"

namespace asta {
namespace {

TEST(Orcid, ChecksumAndForms) {
  struct Case {
    const char* in;
    const char* out;  // nullptr: invalid
  } cases[] = {
      {"0000-0002-1825-0097", "0000-0002-1825-0097"},
      {"https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"},
      {"0000-0002-1694-233X", "0000-0002-1694-233X"},
      {"0000-0002-1694-233x", "0000-0002-1694-233X"},
      {"0000-0002-1825-0098", nullptr},  // wrong check digit
      {"0000-0002-1825-009", nullptr},
      {"0000000218250097", nullptr},
      {"000a-0002-1825-0097", nullptr},
      {"", nullptr},
  };
  for (const auto& c : cases) {
    auto r = NormalizeOrcid(c.in);
    if (c.out) {
      ASSERT_TRUE(r.has_value()) << c.in << ": " << r.error().ToString();
      EXPECT_EQ(*r, c.out);
    } else {
      ASSERT_FALSE(r.has_value()) << c.in;
      EXPECT_EQ(r.error().field, "orcid");
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(Email, Validation) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"Hanako@Example.ORG", "Hanako@example.org"},
      {"  a.b+tag@sub.example.jp ", "a.b+tag@sub.example.jp"},
      {"no-at-sign", nullptr},
      {"two@@example.org", nullptr},
      {"space in@example.org", nullptr},
      {"x@localhost", nullptr},
      {"x@.example.org", nullptr},
      {"@example.org", nullptr},
      {"x@example.org.", nullptr},
  };
  for (const auto& c : cases) {
    auto r = NormalizeEmail(c.in);
    if (c.out) {
      ASSERT_TRUE(r.has_value()) << c.in;
      EXPECT_EQ(*r, c.out);
    } else {
      ASSERT_FALSE(r.has_value()) << c.in;
      EXPECT_EQ(r.error().field, "email");
    }
  }
}

TEST(Text, Utf8AndLimits) {
  EXPECT_TRUE(IsValidUtf8("山田 太郎 محمد 🎌"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("abc\xE3\x81"));   // truncated
  EXPECT_EQ(CodePointCount("山田"), 2u);
  EXPECT_TRUE(ValidateText("  山田  ", "name", 2).has_value());
  EXPECT_FALSE(ValidateText("山田太", "name", 2).has_value());
  EXPECT_FALSE(ValidateText("a\tb", "name", 10).has_value());
  EXPECT_EQ(ValidateText("   ", "name", 10).error().field, "name");
}

TEST(Time, Iso8601) {
  EXPECT_EQ(*ParseIso8601("2026-04-01T09:00:00+09:00"), *ParseIso8601("2026-04-01T00:00:00Z"));
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2024-02-29T23:59:59.5Z")), "2024-02-29T23:59:59Z");
  EXPECT_FALSE(ParseIso8601("2025-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(ParseIso8601("2026-04-01 09:00").has_value());
  EXPECT_FALSE(ParseIso8601("2026-04-01T09:00:00").has_value());  // no zone
}

TEST(Countries, Iso3166) {
  EXPECT_EQ(*NormalizeCountry("jp"), "JP");
  EXPECT_FALSE(NormalizeCountry("XX").has_value());
  EXPECT_FALSE(NormalizeCountry("JPN").has_value());
  EXPECT_EQ(*NormalizeCountry("xk"), "XK");  // Kosovo, as ROR and GeoNames write it
}

TEST(Regions, EveryCountryInExactlyOneRegion) {
  std::size_t total = 0;
  for (const Region& region : Regions()) {
    auto countries = CountriesOfRegion(region.code);
    EXPECT_FALSE(countries.empty()) << region.code;
    for (const auto& c : countries) {
      EXPECT_TRUE(IsIsoCountryCode(c)) << c;
      EXPECT_EQ(RegionOfCountry(c), region.code) << c;
    }
    total += countries.size();
    EXPECT_FALSE(region.name_en.empty());
    EXPECT_FALSE(region.name_ja.empty());
  }
  EXPECT_EQ(total, 250u);  // 249 ISO codes and XK
  EXPECT_EQ(RegionOfCountry("TH"), "southeast-asia");
  EXPECT_EQ(RegionOfCountry("JP"), "east-asia");
  EXPECT_EQ(RegionOfCountry("KE"), "sub-saharan-africa");
  EXPECT_EQ(RegionOfCountry("XX"), "");
  EXPECT_EQ(*NormalizeRegion(" Europe "), "europe");
  auto bad = NormalizeRegion("asia", "scope_id");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "scope_id");
}

TEST(Config, FileEnvironmentAndErrors) {
  Config c;
  EXPECT_TRUE(ApplyConfigValue(c, "threads", "64", "t").has_value());
  EXPECT_EQ(c.threads, 64);
  auto bad = ApplyConfigValue(c, "threads", "many", "asta.ini:3");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("asta.ini:3"), std::string::npos);
  EXPECT_FALSE(ApplyConfigValue(c, "colour", "blue", "x").has_value());
  EXPECT_FALSE(ApplyConfigValue(c, "db", "mysql://x", "x").has_value());
  EXPECT_EQ(RedactUrl("postgresql://asta:secret@db:5432/asta"),
            "postgresql://asta:***@db:5432/asta");
  EXPECT_FALSE(ParseListen("8080").has_value());
  EXPECT_EQ(ParseListen("127.0.0.1:8080")->second, 8080);
}

}  // namespace
}  // namespace asta
