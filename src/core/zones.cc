#include "core/zones.h"

#include <unicode/calendar.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <memory>

#include "core/time.h"

namespace asta {
namespace {

// The zone, or null when ICU does not know the name (ICU answers unknown names with its
// "Etc/Unknown" zone, which asta never accepts).
std::unique_ptr<icu::TimeZone> Zone(std::string_view name) {
  if (name.empty() || name.size() > 64) return nullptr;
  const icu::UnicodeString id = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool system = false;
  icu::TimeZone::getCanonicalID(id, canonical, system, status);
  if (U_FAILURE(status) || !system) return nullptr;
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(id));
  if (!zone || *zone == icu::TimeZone::getUnknown()) return nullptr;
  return zone;
}

constexpr double kMillis = 1000.0;

}  // namespace

bool IsTimeZone(std::string_view zone) { return Zone(zone) != nullptr; }

Result<std::string> NormalizeTimeZone(std::string_view zone, std::string_view field) {
  if (!IsTimeZone(zone)) {
    return InvalidArgument(std::string(field) + ": \"" + std::string(zone) +
                               "\" is not a time zone (an IANA name such as Asia/Tokyo or "
                               "Europe/Brussels)",
                           std::string(field));
  }
  return std::string(zone);
}

Result<std::int64_t> LocalToUnix(std::string_view local, std::string_view zone,
                                 std::string_view field) {
  const std::string f(field);
  std::unique_ptr<icu::TimeZone> tz = Zone(zone);
  if (!tz) {
    return InvalidArgument(f + ": \"" + std::string(zone) + "\" is not a time zone", f);
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, used = 0;
  const std::string text(local);
  if (text.size() != 19 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) !=
          6 ||
      used != 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':') {
    return InvalidArgument(f + ": \"" + text + "\" is not a time as YYYY-MM-DDTHH:MM:SS", f);
  }
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
    return InvalidArgument(f + ": \"" + text + "\" is out of range", f);
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> cal(icu::Calendar::createInstance(tz->clone(), status));
  if (U_FAILURE(status) || !cal) return Internal("time zones: cannot make a calendar");
  cal->setLenient(true);
  cal->setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
  cal->setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
  cal->clear();
  cal->set(y, mo - 1, d, h, mi, s);
  const UDate when = cal->getTime(status);
  if (U_FAILURE(status)) return InvalidArgument(f + ": \"" + text + "\" is not a valid time", f);
  // Read the fields back: a day that does not exist (31 April) or a skipped hour comes
  // back different.
  cal->setTime(when, status);
  const bool same = cal->get(UCAL_YEAR, status) == y && cal->get(UCAL_MONTH, status) == mo - 1 &&
                    cal->get(UCAL_DATE, status) == d && cal->get(UCAL_HOUR_OF_DAY, status) == h &&
                    cal->get(UCAL_MINUTE, status) == mi && cal->get(UCAL_SECOND, status) == s;
  if (U_FAILURE(status)) return Internal("time zones: cannot read a calendar");
  if (!same) {
    const bool day_exists = cal->get(UCAL_DATE, status) == d;
    return InvalidArgument(f + ": \"" + text + "\" " +
                               (day_exists ? "does not exist in " + std::string(zone) +
                                                 " (the clocks move forward then)"
                                           : "is not a date"),
                           f);
  }
  return static_cast<std::int64_t>(when / kMillis);
}

Result<std::string> FormatInZone(std::int64_t unix_seconds, std::string_view zone) {
  std::unique_ptr<icu::TimeZone> tz = Zone(zone);
  if (!tz) {
    return InvalidArgument("time_zone: \"" + std::string(zone) + "\" is not a time zone",
                           "time_zone");
  }
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  tz->getOffset(static_cast<UDate>(unix_seconds) * kMillis, false, raw, dst, status);
  if (U_FAILURE(status)) return Internal("time zones: cannot read an offset");
  const int offset = (raw + dst) / 1000;  // seconds east of UTC
  std::string out = FormatIso8601(unix_seconds + offset);
  out.pop_back();  // the "Z"
  const int minutes = (offset < 0 ? -offset : offset) / 60;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
  return out + buf;
}

}  // namespace asta
