// File, gzip and zip access, line numbers, CSV and JSON record splitting, and the
// small validators of the network importers (see internal.h).
#include <zip.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/text.h"
#include "modules/network/importers/internal.h"

namespace asta::network::internal {

bool IsZip(std::string_view bytes) {
  // A local file header, or the end-of-central-directory record of an empty archive.
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) ||
         bytes.substr(0, 4) == std::string_view("PK\x05\x06", 4);
}

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

Result<std::unique_ptr<zip_t, ZipCloser>> OpenZip(std::string_view bytes, std::string_view field) {
  if (bytes.empty()) return InvalidArgument("the archive is empty", std::string(field));
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Internal("cannot create a zip source");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    std::string message = zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return InvalidArgument("not a readable zip archive (truncated or corrupt?): " + message,
                           std::string(field));
  }
  zip_error_fini(&error);
  return std::unique_ptr<zip_t, ZipCloser>(archive);
}

}  // namespace

Result<std::vector<std::string>> ListZip(std::string_view bytes, std::string_view field) {
  ASTA_ASSIGN_OR_RETURN(auto archive, OpenZip(bytes, field));
  std::vector<std::string> names;
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
    if (name != nullptr) names.emplace_back(name);
  }
  return names;
}

Result<std::string> ReadZipEntry(std::string_view bytes, const std::string& name,
                                 std::string_view field, size_t max_bytes) {
  ASTA_ASSIGN_OR_RETURN(auto archive, OpenZip(bytes, field));
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(archive.get(), name.c_str(), 0, &st) != 0) {
    return InvalidArgument("the archive has no entry " + name, std::string(field));
  }
  if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > max_bytes) {
    return InvalidArgument("zip entry " + name + " is too large", std::string(field));
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(archive.get(), name.c_str(), 0));
  if (!file) {
    return InvalidArgument("cannot open zip entry " + name + ": " + zip_strerror(archive.get()),
                           std::string(field));
  }
  std::string content(static_cast<size_t>(st.size), '\0');
  size_t got = 0;
  while (got < content.size()) {
    const zip_int64_t r = zip_fread(file.get(), content.data() + got, content.size() - got);
    if (r < 0) {
      return InvalidArgument(
          "zip entry " + name + " is truncated or corrupt: " + zip_file_strerror(file.get()),
          std::string(field));
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  if (got != content.size()) {
    return InvalidArgument("zip entry " + name + " is truncated", std::string(field));
  }
  return content;
}

size_t LineIndex::LineOf(size_t offset) const {
  const std::string_view before = text_.substr(0, std::min(offset, text_.size()));
  return 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
}

std::string LineField(size_t line) { return "line " + std::to_string(line); }

size_t FirstNonUtf8Line(std::string_view text) {
  // LF never occurs inside a multi-byte sequence, so lines can be checked one by one.
  size_t line = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!IsValidUtf8(text.substr(start, end - start))) return line;
    start = end + 1;
    ++line;
  }
  return 0;
}

Result<std::vector<CsvRecord>> ParseCsv(std::string_view data) {
  std::vector<CsvRecord> records;
  size_t i = 0;
  size_t line = 1;
  const size_t n = data.size();
  const auto is_break = [&](size_t k) { return data[k] == '\n' || data[k] == '\r'; };
  // Consumes a line break at i (CRLF, LF or CR).
  const auto skip_break = [&] {
    i += (data[i] == '\r' && i + 1 < n && data[i + 1] == '\n') ? 2 : 1;
    ++line;
  };
  while (i < n) {
    if (is_break(i)) {
      skip_break();
      continue;
    }
    CsvRecord record;
    record.line = line;
    while (true) {
      std::string field;
      if (i < n && data[i] == '"') {
        const size_t open_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = data[i];
          if (c == '"') {
            if (i + 1 < n && data[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          if (c == '\r' && !(i + 1 < n && data[i + 1] == '\n')) ++line;
          field.push_back(c);
          ++i;
        }
        if (!closed) {
          return InvalidArgument(
              "a quoted field opened here is not closed before the end of the file",
              LineField(open_line));
        }
        if (i < n && data[i] != ',' && !is_break(i)) {
          return InvalidArgument(
              "unexpected text after a closing quote (a quote inside a quoted field is "
              "written \"\")",
              LineField(line));
        }
      } else {
        while (i < n && data[i] != ',' && !is_break(i)) {
          if (data[i] == '"') {
            return InvalidArgument(
                "quote inside an unquoted field (quote the whole field and write \"\")",
                LineField(line));
          }
          field.push_back(data[i]);
          ++i;
        }
      }
      record.fields.push_back(std::move(field));
      if (i >= n) break;
      if (data[i] == ',') {
        ++i;
        continue;
      }
      skip_break();
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The end (one past) of the JSON value starting at `begin`, found by matching brackets
// outside strings; npos when the text ends first.
size_t ValueEnd(std::string_view text, size_t begin) {
  const char first = text[begin];
  if (first != '{' && first != '[') {
    if (first == '"') {
      for (size_t i = begin + 1; i < text.size(); ++i) {
        if (text[i] == '\\') {
          ++i;
        } else if (text[i] == '"') {
          return i + 1;
        }
      }
      return std::string_view::npos;
    }
    size_t i = begin;
    while (i < text.size() && !IsJsonSpace(text[i]) && text[i] != ',' && text[i] != ']') ++i;
    return i == begin ? begin + 1 : i;  // a stray , or ] is a one-byte "value" to reject
  }
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = begin; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

std::string Prefixed(std::string_view prefix, std::string field) {
  return prefix.empty() ? field : std::string(prefix) + " " + field;
}

}  // namespace

Result<std::vector<JsonText>> SplitJsonRecords(std::string_view text, const LineIndex& lines,
                                               std::string_view prefix) {
  std::vector<JsonText> out;
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  const auto skip_space = [&] {
    while (i < text.size() && IsJsonSpace(text[i])) ++i;
  };
  const auto line_at = [&](size_t offset) {
    return Prefixed(prefix, LineField(lines.LineOf(offset)));
  };
  skip_space();
  if (i >= text.size()) return out;
  if (text[i] == '[') {
    const size_t open = i;
    ++i;
    skip_space();
    if (i < text.size() && text[i] == ']') {
      ++i;
    } else {
      while (true) {
        if (i >= text.size()) {
          return InvalidArgument("the array opened here is not closed (truncated file?)",
                                 line_at(open));
        }
        const size_t end = ValueEnd(text, i);
        if (end == std::string_view::npos) {
          return InvalidArgument(
              "record " + std::to_string(out.size() + 1) +
                  " starting here is not closed before the end of the file (truncated file?)",
              line_at(i));
        }
        out.push_back({i, text.substr(i, end - i)});
        i = end;
        skip_space();
        if (i >= text.size()) {
          return InvalidArgument("the array opened here is not closed (truncated file?)",
                                 line_at(open));
        }
        if (text[i] == ']') {
          ++i;
          break;
        }
        if (text[i] != ',') {
          return InvalidArgument("expected , or ] after a record", line_at(i));
        }
        ++i;
        skip_space();
      }
    }
    skip_space();
    if (i < text.size()) {
      return InvalidArgument("unexpected text after the end of the array", line_at(i));
    }
    return out;
  }
  while (i < text.size()) {
    const size_t end = ValueEnd(text, i);
    if (end == std::string_view::npos) {
      return InvalidArgument(
          "record " + std::to_string(out.size() + 1) +
              " starting here is not closed before the end of the file (truncated file?)",
          line_at(i));
    }
    out.push_back({i, text.substr(i, end - i)});
    i = end;
    skip_space();
  }
  return out;
}

Result<JsonValue> ParseJsonText(const JsonText& record, const LineIndex& lines,
                                std::string_view prefix) {
  try {
    return JsonValue::parse(record.text.begin(), record.text.end());
  } catch (const JsonValue::parse_error& e) {
    // e.byte is the 1-based position of the offending byte within the record.
    const size_t at = record.offset + (e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error
    // while parsing value - invalid literal; last read: 'tru'" → the part after ": ".
    const size_t colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return InvalidArgument("not valid JSON: " + what,
                           Prefixed(prefix, LineField(lines.LineOf(at))));
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("not valid JSON: ") + e.what(),
                           Prefixed(prefix, LineField(lines.LineOf(record.offset))));
  }
}

std::string Path(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  return std::string(base) + "." + std::string(key);
}

std::string Path(std::string_view base, size_t index) {
  return std::string(base) + "[" + std::to_string(index) + "]";
}

JsonPlace JsonPlace::operator/(std::string_view key) const {
  JsonPlace out = *this;
  if (out.size_ < kMaxDepth) out.parts_[out.size_++] = {key, 0};
  return out;
}

JsonPlace JsonPlace::operator[](size_t index) const {
  JsonPlace out = *this;
  if (out.size_ < kMaxDepth) out.parts_[out.size_++] = {{}, index};
  return out;
}

std::string JsonPlace::Field() const {
  std::string path;
  for (size_t i = 0; i < size_; ++i) {
    path = parts_[i].key.empty() ? Path(path, parts_[i].index) : Path(path, parts_[i].key);
  }
  return At(*prefix_, path);
}

std::string At(std::string_view prefix, std::string_view path) {
  if (prefix.empty()) return std::string(path);
  if (path.empty()) return std::string(prefix);
  return std::string(prefix) + ", " + std::string(path);
}

namespace {

// ISO 639-2's two-letter column (184 codes) and "sh" (Serbo-Croatian, withdrawn from
// ISO 639-1 in 2000 but still in ROR), sorted for binary search.
constexpr std::array<std::string_view, 185> kLanguages = {
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "sh", "si",
    "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th",
    "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi",
    "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu"};

// Decodes the code point at `i` of well-formed UTF-8 and advances `i`; U+FFFD for a
// malformed byte (callers validate first).
char32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t n = 0;
  char32_t cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  }
  if ((c & 0xE0) == 0xC0) {
    n = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3;
    cp = c & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + n >= s.size()) {
    i = s.size();
    return 0xFFFD;
  }
  for (size_t k = 1; k <= n; ++k) cp = (cp << 6) | (b(i + k) & 0x3F);
  i += n + 1;
  return cp;
}

bool IsLatinLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF) ||
         (c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF) ||
         (c >= 0xAB30 && c <= 0xAB6F) || (c >= 0xFF21 && c <= 0xFF3A) ||
         (c >= 0xFF41 && c <= 0xFF5A);
}

bool IsKana(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0xFF66 && c <= 0xFF9F);
}

bool IsHanOrHangul(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3130 && c <= 0x318F) || c == 0x3005;  // 々
}

}  // namespace

bool IsIsoLanguageCode(std::string_view code) {
  return std::binary_search(kLanguages.begin(), kLanguages.end(), code);
}

Result<std::string> NormalizeLanguage(std::string_view code, std::string_view field) {
  const std::string lower = AsciiLower(Trim(code));
  if (lower.empty()) return lower;
  if (!IsIsoLanguageCode(lower)) {
    return InvalidArgument("expected an ISO 639-1 language code such as en or ja, found '" +
                               std::string(Trim(code)) + "'",
                           std::string(field));
  }
  return lower;
}

bool HasLatinLetter(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (IsLatinLetter(NextCodePoint(text, i))) return true;
  }
  return false;
}

bool IsLatinScript(std::string_view text) {
  bool letter = false;
  size_t i = 0;
  while (i < text.size()) {
    const char32_t c = NextCodePoint(text, i);
    if (IsLatinLetter(c)) {
      letter = true;
      continue;
    }
    const bool allowed = c < 0x80 || (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
                         (c >= 0x2B0 && c <= 0x36F) || (c >= 0x2000 && c <= 0x206F) ||
                         (c >= 0xFF01 && c <= 0xFF5E);
    if (!allowed) return false;
  }
  return letter;
}

bool HasKana(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (IsKana(NextCodePoint(text, i))) return true;
  }
  return false;
}

bool IsCjkName(std::string_view text) {
  bool any = false;
  size_t i = 0;
  while (i < text.size()) {
    const char32_t c = NextCodePoint(text, i);
    if (c == ' ' || c == 0x3000 || c == 0x30FB) continue;  // spaces, 中黒
    if (!IsKana(c) && !IsHanOrHangul(c)) return false;
    any = true;
  }
  return any;
}

int CurrentYear() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(std::chrono::year_month_day(today).year());
}

namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<std::string> NormalizeDate(std::string_view text, std::string_view field) {
  const std::string_view s = Trim(text);
  const auto bad = [&](const std::string& why) {
    return InvalidArgument(
        "expected a date YYYY, YYYY-MM or YYYY-MM-DD" + why + ", found '" + std::string(s) + "'",
        std::string(field));
  };
  if (!(s.size() == 4 || s.size() == 7 || s.size() == 10)) return bad("");
  if (!AllDigits(s.substr(0, 4))) return bad("");
  const int year = std::stoi(std::string(s.substr(0, 4)));
  if (year < 1900 || year > CurrentYear() + 10) {
    return bad(" with a year from 1900 to " + std::to_string(CurrentYear() + 10));
  }
  if (s.size() >= 7) {
    if (s[4] != '-' || !AllDigits(s.substr(5, 2))) return bad("");
    const unsigned month = static_cast<unsigned>(std::stoi(std::string(s.substr(5, 2))));
    if (month < 1 || month > 12) return bad(" (month 01 to 12)");
    if (s.size() == 10) {
      if (s[7] != '-' || !AllDigits(s.substr(8, 2))) return bad("");
      const unsigned day = static_cast<unsigned>(std::stoi(std::string(s.substr(8, 2))));
      const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                             std::chrono::day(day)};
      if (!date.ok()) return bad(" (no such day)");
    }
  }
  return std::string(s);
}

bool DateNotAfter(std::string_view start, std::string_view end) {
  const size_t n = std::min(start.size(), end.size());
  return start.substr(0, n) <= end.substr(0, n);
}

Result<std::string> NormalizeDoi(std::string_view text, std::string_view field) {
  std::string s(Trim(text));
  const std::string lower = AsciiLower(s);
  for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                  "http://dx.doi.org/", "doi.org/", "doi:"}) {
    if (lower.substr(0, prefix.size()) == prefix) {
      s = std::string(Trim(std::string_view(s).substr(prefix.size())));
      break;
    }
  }
  s = AsciiLower(s);
  const size_t slash = s.find('/');
  const auto bad = [&] {
    return InvalidArgument(
        "expected a DOI such as 10.1234/abc (a 10. prefix, a slash, a suffix), found '" +
            std::string(Trim(text)) + "'",
        std::string(field));
  };
  if (s.size() < 6 || s.substr(0, 3) != "10." || slash == std::string::npos ||
      slash + 1 == s.size()) {
    return bad();
  }
  // The registrant code: digits, possibly in dot-separated parts (10.1000.10/xyz).
  const std::string_view registrant = std::string_view(s).substr(3, slash - 3);
  if (registrant.empty() || registrant.front() == '.' || registrant.back() == '.') return bad();
  for (char c : registrant) {
    if (!(c == '.' || (c >= '0' && c <= '9'))) return bad();
  }
  if (!IsValidUtf8(s)) return bad();
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7F) return bad();
  }
  return s;
}

Status CheckPublicationYear(int year, std::string_view field) {
  if (year < 1800 || year > CurrentYear() + 1) {
    return InvalidArgument("expected a publication year from 1800 to " +
                               std::to_string(CurrentYear() + 1) + ", found " +
                               std::to_string(year),
                           std::string(field));
  }
  return Ok();
}

Result<int> ParseYear(std::string_view text, std::string_view field) {
  const std::string_view s = Trim(text);
  if (s.size() != 4 || !AllDigits(s)) {
    return InvalidArgument("expected a four-digit year, found '" + std::string(s) + "'",
                           std::string(field));
  }
  return std::stoi(std::string(s));
}

Result<std::string> OptionalText(std::string_view text, std::string_view field,
                                 size_t max_code_points) {
  if (IsValidUtf8(text) && Trim(text).empty()) return std::string();
  return ValidateText(text, field, max_code_points);
}

Result<std::string> LongText(std::string_view text, std::string_view field,
                             size_t max_code_points) {
  if (!IsValidUtf8(text)) return InvalidArgument("must be UTF-8 text", std::string(field));
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) {
      return InvalidArgument("must not contain control characters", std::string(field));
    }
    out.push_back(c);
  }
  std::string trimmed(Trim(out));
  if (CodePointCount(trimmed) > max_code_points) {
    return InvalidArgument("must be at most " + std::to_string(max_code_points) + " characters",
                           std::string(field));
  }
  return trimmed;
}

}  // namespace asta::network::internal
