// Time zones (IANA names, ICU's copy of the tz database): a call announced as closing at
// 17:00 in Brussels closes at one instant, shown to each applicant in their own zone.
// asta stores instants as UTC (time.h); a wall-clock time and its zone are turned into
// an instant here, and an instant into any zone's wall-clock time. Thread-safe (ICU's
// time zone objects are made per call); each call costs microseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace asta {

// True for an IANA zone name ICU knows ("Asia/Tokyo", "Europe/Brussels", "UTC").
bool IsTimeZone(std::string_view zone);
// The zone as given when it is known; InvalidArgument naming `field` otherwise.
Result<std::string> NormalizeTimeZone(std::string_view zone, std::string_view field = "time_zone");

// The instant (seconds since the Unix epoch) of the wall-clock time `local`
// ("YYYY-MM-DDTHH:MM:SS", no offset) in `zone`. A time the zone skips (clocks moving
// forward) is refused; a time it repeats (clocks moving back) is the first of the two.
// InvalidArgument naming `field` for a malformed time, an unknown zone or a skipped time.
Result<std::int64_t> LocalToUnix(std::string_view local, std::string_view zone,
                                 std::string_view field = "time");

// The wall-clock time of an instant in `zone` with its offset:
// "2027-03-17T17:00:00+01:00". InvalidArgument naming "time_zone" for an unknown zone.
Result<std::string> FormatInZone(std::int64_t unix_seconds, std::string_view zone);

}  // namespace asta
