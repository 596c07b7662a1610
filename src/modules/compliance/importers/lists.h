// Readers for restricted-party lists as their publishers issue them, into one shape.
// Pure parsing: no storage. A malformed file is rejected whole with an InvalidArgument
// whose field names the line ("line 12") or cell ("sheet1!C7") that is wrong and whose
// message says what was expected.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace asta::compliance {

enum class ListFormat {
  kUnXml,     // "un-xml": UN Security Council consolidated list XML
  kOfacCsv,   // "ofac-csv": a folder holding sdn.csv and alt.csv (legacy SDN CSV)
  kMetiXlsx,  // "meti-xlsx": METI End User List workbook as published
  kFtmJson,   // "ftm-json": OpenSanctions FollowTheMoney entities, one JSON per line
  kCsv,       // "csv": header entity_id,name,kind,country; one row per name
};
Result<ListFormat> ParseListFormat(std::string_view name, std::string_view field = "format");
std::string_view ListFormatName(ListFormat format);

struct ListName {
  std::string name;      // as published (any script), trimmed
  bool primary = false;  // the entity's main name (exactly one per entity)
  std::string note;      // e.g. "aka", "fka", "weak aka", "original script"; may be empty
};

struct ListEntity {
  std::string entity_id;        // stable id within the list (UN reference number, OFAC ent_num…)
  std::string kind;             // "person" | "organization" (vessels, aircraft: "organization")
  std::vector<ListName> names;  // at least one; primary first
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2, upper case, deduplicated
  std::string programme;               // sanctions programme / regime, free text
  std::string listed_on;               // YYYY-MM-DD when known
  std::string remarks;                 // free text
};

struct ListSnapshot {
  ListFormat format = ListFormat::kCsv;
  std::string version;               // the publisher's date or generation stamp when the file has
                                     // one ("2026-02-27"), else empty (the caller stamps it)
  std::vector<ListEntity> entities;  // sorted by entity_id; ids unique
};

// Reads `path` (a file, or for kOfacCsv a folder) in `format`.
Result<ListSnapshot> ReadList(ListFormat format, const std::filesystem::path& path);
// Same, from bytes already in memory (API uploads). kOfacCsv takes sdn.csv and alt.csv
// as a zip archive holding both.
Result<ListSnapshot> ReadListBytes(ListFormat format, std::string_view bytes);

// A digest of what screening depends on (names, kind, countries): two entities with the
// same fingerprint screen the same.
std::string EntityFingerprint(const ListEntity& entity);

struct ListDiff {
  std::vector<std::string> added;    // entity ids, sorted
  std::vector<std::string> changed;  // fingerprint differs
  std::vector<std::string> removed;
};
ListDiff DiffSnapshots(const ListSnapshot& before, const ListSnapshot& after);

}  // namespace asta::compliance
