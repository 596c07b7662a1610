// Shared pieces of the network importers: file, gzip and zip access; line numbers; an
// RFC 4180 CSV reader; splitting a JSON text into records; the small validators the
// formats share (languages, dates, DOIs, scripts) and the validation of one person.
// Internal to importers/; not a contract. Nothing here throws.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/compressed.h"
#include "core/json.h"
#include "core/result.h"
#include "modules/network/importers/records.h"

namespace asta::network::internal {

// Largest decompressed file (gzip member total or zip entry) read: 2 GiB. The full ROR
// release is a few hundred megabytes of JSON.
inline constexpr size_t kMaxDecompressedBytes = size_t{2} << 30;

enum class Presence { kRequired, kOptional };

using ::asta::Gunzip;  // core/compressed.h
using ::asta::IsGzip;
using ::asta::ReadFileBytes;

bool IsZip(std::string_view bytes);
// Names of the entries of a zip archive, and one entry read whole. InvalidArgument
// naming `field` when the archive is truncated or corrupt or the entry too large.
Result<std::vector<std::string>> ListZip(std::string_view bytes, std::string_view field);
Result<std::string> ReadZipEntry(std::string_view bytes, const std::string& name,
                                 std::string_view field, size_t max_bytes);

// Line numbers (1-based) of byte offsets into one buffer, which must outlive it. Lines
// are counted when asked (only for an error), so reading costs nothing up front.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {}
  size_t LineOf(size_t offset) const;

 private:
  std::string_view text_;
};
std::string LineField(size_t line);  // "line 12"

// The first line (1-based) holding bytes that are not UTF-8, or 0 when all are.
size_t FirstNonUtf8Line(std::string_view text);

// One CSV record with the line its first byte is on.
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> fields;
};
// Parses RFC 4180 CSV: fields separated by commas; quoted fields may hold commas,
// quotes written "" and line breaks; records end with CRLF, LF or CR. Blank lines are
// skipped. InvalidArgument naming the line for a quote left open or misplaced.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view data);

// One top-level JSON value of a file: where it starts and its text.
struct JsonText {
  size_t offset = 0;
  std::string_view text;
};
// Splits `text` into records: the elements of a top-level array, or a sequence of
// values separated by white space (JSON lines, or one pretty-printed object). Only
// brackets and strings are looked at; the records' own syntax is checked by
// ParseJsonText. InvalidArgument naming the line (prefixed by `prefix`) when the text
// ends inside a record or an array, or when something else separates records.
Result<std::vector<JsonText>> SplitJsonRecords(std::string_view text, const LineIndex& lines,
                                               std::string_view prefix);
// What the readers parse records into: nlohmann's plain json, which parses faster than
// the insertion-ordered Json (the readers never need the order of keys).
using JsonValue = nlohmann::json;

// Parses one record. InvalidArgument naming the line of the syntax error.
Result<JsonValue> ParseJsonText(const JsonText& record, const LineIndex& lines,
                                std::string_view prefix);

// "a.b", "a[3]": JSON paths as used in error fields (0-based indices).
std::string Path(std::string_view base, std::string_view key);
std::string Path(std::string_view base, size_t index);
// "prefix, path" or either alone.
std::string At(std::string_view prefix, std::string_view path);

// A place in a JSON record for error fields, spelled out only when an error is
// reported: the ROR reader checks some forty values per record, and building each of
// their field names up front took an eighth of its time. `prefix` ("record 3 (…)")
// must outlive the place; keys must outlive it too (string literals, or the keys of
// the record being read).
class JsonPlace {
 public:
  explicit JsonPlace(const std::string& prefix) : prefix_(&prefix) {}
  JsonPlace operator/(std::string_view key) const;
  JsonPlace operator[](size_t index) const;
  // "record 3 (…), names[2].lang".
  std::string Field() const;

 private:
  struct Part {
    std::string_view key;  // empty for an index
    size_t index = 0;
  };
  static constexpr size_t kMaxDepth = 8;  // deeper parts are left out of the field
  const std::string* prefix_;
  std::array<Part, kMaxDepth> parts_{};
  size_t size_ = 0;
};

// An error field from a field name or a place.
inline std::string FieldOf(std::string_view field) { return std::string(field); }
inline std::string FieldOf(const JsonPlace& place) { return place.Field(); }
// `result`, with its error field set to `place` when it failed.
template <class T>
Result<T> Named(Result<T> result, const JsonPlace& place) {
  if (!result) result.error().field = place.Field();
  return result;
}

// The helpers below take either JSON type (JsonValue, or Json from an API request) and
// name errors by `field`, a field name or a JsonPlace.
template <class J>
std::string JsonTypeName(const J& value) {
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_null()) return "null";
  if (value.is_array()) return "an array";
  return "an object";
}

// The string at `object[key]`: missing or null is "" unless `presence` is kRequired;
// anything else but a string is an error.
template <class J, class F>
Result<std::string> GetString(const J& object, std::string_view key, const F& field,
                              Presence presence) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (presence == Presence::kRequired) {
      return InvalidArgument("required, expected a string", FieldOf(field));
    }
    return std::string();
  }
  if (!it->is_string()) {
    return InvalidArgument("expected a string, found " + JsonTypeName(*it), FieldOf(field));
  }
  return it->template get<std::string>();
}

// The array at `object[key]`, or nullptr when missing or null; an error when it is
// something else.
template <class J, class F>
Result<const J*> GetArray(const J& object, std::string_view key, const F& field) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  if (!it->is_array()) {
    return InvalidArgument("expected an array, found " + JsonTypeName(*it), FieldOf(field));
  }
  return &*it;
}

// Same for an object.
template <class J, class F>
Result<const J*> GetObject(const J& object, std::string_view key, const F& field) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  if (!it->is_object()) {
    return InvalidArgument("expected an object, found " + JsonTypeName(*it), FieldOf(field));
  }
  return &*it;
}

// ISO 639-1 two-letter codes, lower case (the 184 of ISO 639-2's table and "sh", which
// ROR still uses).
bool IsIsoLanguageCode(std::string_view code);
// Validates "" or an ISO 639-1 code in either case; returns it lower case.
Result<std::string> NormalizeLanguage(std::string_view code, std::string_view field);

// A letter of the Latin script: A–Z, a–z, Latin-1 and Latin Extended letters, fullwidth
// Latin. `text` is UTF-8.
bool HasLatinLetter(std::string_view text);
// True when `text` has a Latin letter and nothing from another script: every code point
// is ASCII, Latin (U+00C0–U+024F, U+1E00–U+1EFF, U+2C60–U+2C7F, U+A720–U+A7FF,
// U+AB30–U+AB6F), a modifier letter or combining mark (U+02B0–U+036F), Latin-1
// punctuation, general punctuation (U+2000–U+206F) or fullwidth ASCII.
bool IsLatinScript(std::string_view text);
// Hiragana or katakana present (used to tell a Japanese biography).
bool HasKana(std::string_view text);
// Han, kana or Hangul only (besides spaces): names written family name first.
bool IsCjkName(std::string_view text);

int CurrentYear();
// Validates "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a real calendar date, year 1900 to ten
// years from now); returns it trimmed.
Result<std::string> NormalizeDate(std::string_view text, std::string_view field);
// True when `start` is not after `end` at the coarser precision of the two.
bool DateNotAfter(std::string_view start, std::string_view end);
// Validates a DOI ("10.1234/abc", also as https://doi.org/…, http://dx.doi.org/… or
// doi:…) and returns it bare and lower case (DOIs are case-insensitive).
Result<std::string> NormalizeDoi(std::string_view text, std::string_view field);
// A publication year from 1800 to next year.
Status CheckPublicationYear(int year, std::string_view field);
// Parses a four-digit year written as text.
Result<int> ParseYear(std::string_view text, std::string_view field);

// Validates optional one-line text: "" when blank, else as ValidateText.
Result<std::string> OptionalText(std::string_view text, std::string_view field,
                                 size_t max_code_points);
// Validates multi-line text (biographies, abstracts): UTF-8; CRLF and CR become LF;
// trimmed; no control characters besides LF and TAB; at most `max_code_points`.
Result<std::string> LongText(std::string_view text, std::string_view field, size_t max_code_points);

// Names the place of a value within one person, for error fields: `column` is the CSV
// column or asta JSON key ("affiliations"), `item` the 1-based position in a list (0 for
// a single value), `key` the key inside a structured item ("start") or "".
using PersonField =
    std::function<std::string(std::string_view column, size_t item, std::string_view key)>;

// Validates and normalises `person` in place as PersonRecord documents (trimming,
// ORCID and e-mail normalisation, country codes, languages, dates and their order,
// kinds and career stages, DOIs, years, latin_name when `name` has no Latin letter,
// deduplicating the plain lists). The first problem is returned, named by `field`.
Status NormalizePerson(PersonRecord& person, const PersonField& field);

// Checks that no person_id and no ORCID iD occurs twice. `place[i]` describes person i
// ("line 7"), `field` names their values as in NormalizePerson.
Status CheckUniquePeople(const std::vector<PersonRecord>& people,
                         const std::vector<std::string>& place,
                         const std::vector<PersonField>& field);

}  // namespace asta::network::internal
