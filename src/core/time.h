// Instants. asta stores and exchanges instants as ISO 8601 UTC strings with second
// precision ("2026-11-28T12:04:52Z"), which sort as text in both storage backends.
// All functions are thread-safe and allocation is the only cost.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace asta {

using Clock = std::chrono::system_clock;

// Now as "YYYY-MM-DDTHH:MM:SSZ".
std::string NowIso8601();
// Formats seconds since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatIso8601(std::int64_t unix_seconds);
// Parses an ISO 8601 instant with a zone ("Z" or "+09:00"); fractional seconds are
// accepted and dropped. InvalidArgument naming `field` on anything else.
Result<std::int64_t> ParseIso8601(std::string_view text, std::string_view field = "time");
std::int64_t NowUnixSeconds();

}  // namespace asta
