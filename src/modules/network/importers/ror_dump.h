// Reader for Research Organization Registry (ROR) data dumps, schema v2, as ROR
// publishes them, and the validator of ROR ids. Pure parsing: no storage, no network.
// A malformed dump is rejected whole with an InvalidArgument whose field names the
// place ("line 12" for broken JSON; "record 3 (https://ror.org/0abcdef23), names[2].lang"
// for a bad value, with 1-based record numbers and 0-based JSON array indices; a zip
// entry's name comes first when the dump is a zip) and whose message says what was
// expected. Thread-safe: no shared state.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modules/network/importers/records.h"

namespace asta::network {

// Validates a ROR id: "0", six Crockford base32 characters (0-9, a-z without i, l, o,
// u) and two decimal digits, the ISO 7064 MOD 97-10 checksum of the base32 value,
// optionally as https://ror.org/… or ror.org/…, in either case. Returns the bare
// 9-character lower-case id ("0000cg692"). InvalidArgument naming `field` otherwise.
Result<std::string> NormalizeRorId(std::string_view text, std::string_view field = "ror");

// Reads a ROR v2 dump from `path`, whatever its container, recognised by content:
//   - a JSON array of records (the official `…-ror-data.json`);
//   - JSON lines, or any sequence of records separated by white space;
//   - either of those gzip-compressed (one or more gzip members);
//   - a zip archive holding one .json or .jsonl file (the official release zips); when
//     it holds several, the one whose name has "_schema_v2" is read.
// Records come back in file order. Every field kept in OrgRecord is validated: id and
// checksum, names (exactly one ror_display, languages ISO 639-1), locations (at least
// one; country ISO 3166-1 alpha-2, or XK as GeoNames writes Kosovo; lat/lng in range),
// types and relationship types from ROR's sets, relationship ids, status, established
// year, admin.last_modified.date. A ROR id that occurs twice is an error naming both
// records. Schema v1 records are rejected with a message saying so.
// NotFound when `path` is not a readable file; InvalidArgument as above, also for a
// truncated or corrupt gzip or zip archive.
// Cost: linear. Memory: the file, its decompressed text and the records read; one
// record is parsed at a time.
Result<std::vector<OrgRecord>> ReadRorDump(const std::filesystem::path& path);
// Same, from bytes in memory (an upload). `name` (the file name, when known) is the error
// field for faults of the container itself: a truncated gzip, a zip without JSON.
Result<std::vector<OrgRecord>> ReadRorDumpBytes(std::string_view bytes,
                                                std::string_view name = "the dump");

}  // namespace asta::network
