#include "store/postgres/placeholders.h"

#include <cctype>

namespace asta::store::internal {
namespace {

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The length of a dollar-quote tag ("$$" or "$tag$") starting at `i`, or 0 when the `$`
// there opens none (e.g. a positional parameter "$1").
size_t DollarTagLength(std::string_view sql, size_t i) {
  size_t j = i + 1;
  if (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) return 0;
  while (j < sql.size() && sql[j] != '$') {
    if (!IsIdentifierChar(sql[j])) return 0;
    ++j;
  }
  if (j >= sql.size()) return 0;
  return j - i + 1;
}

}  // namespace

NumberedSql NumberPlaceholders(std::string_view sql) {
  NumberedSql out;
  out.sql.reserve(sql.size() + 16);
  size_t i = 0;
  const size_t n = sql.size();
  // Copies sql[from, to) verbatim and moves past it.
  auto copy_to = [&](size_t to) {
    out.sql.append(sql.substr(i, to - i));
    i = to;
  };
  while (i < n) {
    const char c = sql[i];
    if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.parameter_count);
      ++i;
    } else if (c == '\'') {
      // E'…' strings treat backslash as an escape; plain ones only double the quote,
      // which the loop handles as a close followed by a reopen.
      const bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                           (i < 2 || !IsIdentifierChar(sql[i - 2]));
      size_t j = i + 1;
      while (j < n && sql[j] != '\'') j += (escapes && sql[j] == '\\') ? 2 : 1;
      copy_to(j < n ? j + 1 : n);
    } else if (c == '"') {
      size_t end = sql.find('"', i + 1);
      copy_to(end == std::string_view::npos ? n : end + 1);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      copy_to(end == std::string_view::npos ? n : end + 1);
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      size_t j = i + 2;
      int depth = 1;
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '$' && (i == 0 || !IsIdentifierChar(sql[i - 1]))) {
      size_t tag_length = DollarTagLength(sql, i);
      if (tag_length == 0) {
        copy_to(i + 1);
        continue;
      }
      std::string_view tag = sql.substr(i, tag_length);
      size_t end = sql.find(tag, i + tag_length);
      copy_to(end == std::string_view::npos ? n : end + tag_length);
    } else {
      copy_to(i + 1);
    }
  }
  return out;
}

}  // namespace asta::store::internal
