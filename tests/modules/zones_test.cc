// Time zones (core/zones.h): wall-clock times in IANA zones to instants and back, the
// hours daylight saving skips and repeats, and clear errors for bad input.
#include "core/zones.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace asta {
namespace {

std::int64_t Utc(const char* iso) {
  auto t = ParseIso8601(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(0);
}

TEST(ZonesTest, WallClockTimesBecomeInstants) {
  // Brussels in winter is UTC+1, in summer UTC+2; Tokyo is UTC+9 all year.
  EXPECT_EQ(LocalToUnix("2027-03-17T17:00:00", "Europe/Brussels").value(),
            Utc("2027-03-17T16:00:00Z"));
  EXPECT_EQ(LocalToUnix("2027-09-02T17:00:00", "Europe/Brussels").value(),
            Utc("2027-09-02T15:00:00Z"));
  EXPECT_EQ(LocalToUnix("2027-01-10T23:59:59", "Asia/Tokyo").value(), Utc("2027-01-10T14:59:59Z"));
  EXPECT_EQ(LocalToUnix("2027-01-10T12:00:00", "Asia/Kathmandu").value(),
            Utc("2027-01-10T06:15:00Z"));
  EXPECT_EQ(LocalToUnix("2027-01-10T12:00:00", "UTC").value(), Utc("2027-01-10T12:00:00Z"));
}

TEST(ZonesTest, InstantsShowInEveryZoneWithTheirOffset) {
  const std::int64_t deadline = Utc("2027-03-17T16:00:00Z");
  EXPECT_EQ(FormatInZone(deadline, "Europe/Brussels").value(), "2027-03-17T17:00:00+01:00");
  EXPECT_EQ(FormatInZone(deadline, "Asia/Tokyo").value(), "2027-03-18T01:00:00+09:00");
  EXPECT_EQ(FormatInZone(deadline, "Asia/Bangkok").value(), "2027-03-17T23:00:00+07:00");
  EXPECT_EQ(FormatInZone(deadline, "America/Sao_Paulo").value(), "2027-03-17T13:00:00-03:00");
  EXPECT_EQ(FormatInZone(deadline, "Asia/Kolkata").value(), "2027-03-17T21:30:00+05:30");
  // One second before and after the deadline, in the applicant's zone.
  EXPECT_EQ(FormatInZone(deadline - 1, "Asia/Tokyo").value(), "2027-03-18T00:59:59+09:00");
  EXPECT_EQ(FormatInZone(deadline + 1, "Asia/Tokyo").value(), "2027-03-18T01:00:01+09:00");
}

TEST(ZonesTest, SkippedHoursAreRefusedAndRepeatedHoursAreTheFirst) {
  // New York moves its clocks from 02:00 to 03:00 on 14 March 2027, and from 02:00 back
  // to 01:00 on 7 November 2027.
  const auto skipped = LocalToUnix("2027-03-14T02:30:00", "America/New_York", "closes");
  ASSERT_FALSE(skipped.has_value());
  EXPECT_EQ(skipped.error().field, "closes");
  EXPECT_NE(skipped.error().message.find("does not exist in America/New_York"), std::string::npos)
      << skipped.error().message;
  EXPECT_EQ(LocalToUnix("2027-11-07T01:30:00", "America/New_York").value(),
            Utc("2027-11-07T05:30:00Z"));  // 01:30 EDT, the first of the two
  EXPECT_EQ(LocalToUnix("2027-11-07T03:00:00", "America/New_York").value(),
            Utc("2027-11-07T08:00:00Z"));
}

TEST(ZonesTest, BadInputNamesTheField) {
  const auto zone = LocalToUnix("2027-01-10T12:00:00", "Mars/Olympus_Mons", "closes");
  ASSERT_FALSE(zone.has_value());
  EXPECT_EQ(zone.error().field, "closes");
  EXPECT_NE(zone.error().message.find("is not a time zone"), std::string::npos);
  for (const char* bad :
       {"2027-01-10 12:00:00", "2027-01-10T12:00", "2027-01-10T12:00:00Z", "2027-13-10T12:00:00",
        "2027-01-10T24:00:00", "", "2027-1-10T12:00:00", "2027-01-10T12:00:00+09:00"}) {
    const auto r = LocalToUnix(bad, "Asia/Tokyo", "opens");
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().field, "opens") << bad;
  }
  const auto april = LocalToUnix("2027-04-31T12:00:00", "Asia/Tokyo", "opens");
  ASSERT_FALSE(april.has_value());
  EXPECT_NE(april.error().message.find("is not a date"), std::string::npos);
  EXPECT_FALSE(IsTimeZone(""));
  EXPECT_FALSE(IsTimeZone("Tokyo"));
  EXPECT_FALSE(IsTimeZone("Etc/Unknown"));
  EXPECT_TRUE(IsTimeZone("Asia/Tokyo"));
  EXPECT_TRUE(IsTimeZone("Europe/Brussels"));
  EXPECT_EQ(NormalizeTimeZone("Asia/Bangkok").value(), "Asia/Bangkok");
  const auto n = NormalizeTimeZone("JST+9", "time_zone");
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().field, "time_zone");
  EXPECT_FALSE(FormatInZone(0, "Nowhere/Else").has_value());
}

}  // namespace
}  // namespace asta
