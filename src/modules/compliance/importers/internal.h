// Shared pieces of the list readers: name cleaning, entity assembly and final checks,
// an RFC 4180 CSV reader that knows its line numbers, offset-to-line conversion, zip
// access and country-name lookup. Internal to importers/; not a contract.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/compressed.h"
#include "core/result.h"
#include "modules/compliance/importers/lists.h"

namespace asta::compliance::internal {

// Trims and collapses white space (ASCII, NO-BREAK SPACE, IDEOGRAPHIC SPACE and the
// other Unicode spaces publishers paste in) to single ASCII spaces. Nothing else changes.
std::string CleanText(std::string_view text);

// Adds a cleaned name to `entity` unless it is already there (names are deduplicated
// within an entity; the first occurrence keeps its note). InvalidArgument naming `field`
// when the name is not UTF-8 or is blank and `required`; a blank optional name is
// skipped. The first name added is the primary one.
Status AddName(ListEntity& entity, std::string_view raw, std::string_view note,
               std::string_view field, bool required = true);
void AddCountry(ListEntity& entity, std::string_view iso2);

// Sorts the entities by id and each entity's countries, rejects duplicate ids (naming
// `where[i]` for the later occurrence when given), and checks that every entity has a
// kind and a primary name.
Status Finish(ListSnapshot& snapshot, const std::vector<std::string>& where = {});

// Maps a country name as publishers write it ("Iran (Islamic Republic of)", "Korea,
// North", "ロシア", "Russian Federation") to ISO 3166-1 alpha-2; empty when unknown.
std::string CountryFromName(std::string_view name);

// Line numbers (1-based) of byte offsets into one buffer.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  size_t LineOf(size_t offset) const;

 private:
  std::vector<size_t> starts_;
};
std::string LineField(size_t line);  // "line 12"

// One CSV record with the line its first byte is on.
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> fields;
};
// Parses RFC 4180 CSV (quoted fields may hold commas, quotes as "" and line breaks;
// CRLF or LF). A trailing SUB byte (0x1a, DOS end of file) is ignored, and so are blank
// lines. Every field must be UTF-8. `label` prefixes error fields ("alt.csv line 3").
Result<std::vector<CsvRecord>> ParseCsv(std::string_view data, std::string_view label);

// The entries of a zip archive by name, read whole. InvalidArgument naming `field` when
// the archive is truncated or corrupt. `wanted` limits which entries are read (by exact
// name); empty reads all. Entries larger than `max_bytes` are rejected.
Result<std::map<std::string, std::string>> ReadZip(std::string_view bytes, std::string_view field,
                                                   const std::vector<std::string>& wanted,
                                                   size_t max_bytes);
// Names of all entries of a zip archive.
Result<std::vector<std::string>> ListZip(std::string_view bytes, std::string_view field);

using ::asta::ReadFileBytes;  // core/compressed.h

// The format readers, from bytes. `name_hint` is the file name when known (METI takes
// its version from it).
Result<ListSnapshot> ReadUnXml(std::string_view bytes);
Result<ListSnapshot> ReadOfacFiles(std::string_view sdn, std::string_view alt,
                                   const std::string* add);
Result<ListSnapshot> ReadOfacZip(std::string_view bytes);
Result<ListSnapshot> ReadMetiXlsx(std::string_view bytes, std::string_view name_hint);
Result<ListSnapshot> ReadFtmJson(std::string_view bytes);
Result<ListSnapshot> ReadPlainCsv(std::string_view bytes);

}  // namespace asta::compliance::internal
