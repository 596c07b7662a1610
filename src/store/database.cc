// Row accessors and the URL dispatch of Database::Open. The backends live in sqlite/ and
// postgres/; this file is the only one that knows both.
#include "store/database.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"

namespace asta::store {
namespace {

// Integer text converts to an integer only when the whole text is one decimal integer,
// so "12abc" or "1.5" never silently become 12 or 1.
std::optional<std::int64_t> ParseInt(const std::string& text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> AsInt(const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) {
    // Only integral doubles inside the int64 range convert without loss.
    if (std::isfinite(*d) && std::trunc(*d) == *d && *d >= -9223372036854775808.0 &&
        *d < 9223372036854775808.0) {
      return static_cast<std::int64_t>(*d);
    }
    return std::nullopt;
  }
  if (const auto* s = std::get_if<std::string>(&value)) return ParseInt(*s);
  return std::nullopt;
}

std::optional<double> AsDouble(const Value& value) {
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&value)) {
    double parsed = 0;
    const char* end = s->data() + s->size();
    auto [ptr, ec] = std::from_chars(s->data(), end, parsed);
    if (ec != std::errc() || ptr != end || s->empty()) return std::nullopt;
    return parsed;
  }
  return std::nullopt;
}

std::optional<std::string> AsText(const Value& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) {
    // The shortest text that reads back as the same double.
    char buffer[32];
    auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
    if (ec != std::errc()) return std::nullopt;
    return std::string(buffer, ptr);
  }
  if (const auto* b = std::get_if<Blob>(&value)) return b->bytes;
  return std::nullopt;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

int Row::IndexOf(std::string_view name) const {
  if (!columns_) return -1;
  for (size_t i = 0; i < columns_->size(); ++i) {
    if ((*columns_)[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::int64_t Row::Int(size_t i) const {
  if (i >= values_.size()) return 0;
  return AsInt(values_[i]).value_or(0);
}

double Row::Double(size_t i) const {
  if (i >= values_.size()) return 0;
  return AsDouble(values_[i]).value_or(0);
}

std::string Row::Text(size_t i) const {
  if (i >= values_.size()) return {};
  return AsText(values_[i]).value_or(std::string());
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (i >= values_.size()) return std::nullopt;
  return AsText(values_[i]);
}

std::optional<std::int64_t> Row::OptInt(size_t i) const {
  if (i >= values_.size()) return std::nullopt;
  return AsInt(values_[i]);
}

std::int64_t Row::Int(std::string_view name) const {
  int i = IndexOf(name);
  return i < 0 ? 0 : Int(static_cast<size_t>(i));
}

std::string Row::Text(std::string_view name) const {
  int i = IndexOf(name);
  return i < 0 ? std::string() : Text(static_cast<size_t>(i));
}

std::optional<std::string> Row::OptText(std::string_view name) const {
  int i = IndexOf(name);
  return i < 0 ? std::nullopt : OptText(static_cast<size_t>(i));
}

std::optional<std::int64_t> Row::OptInt(std::string_view name) const {
  int i = IndexOf(name);
  return i < 0 ? std::nullopt : OptInt(static_cast<size_t>(i));
}

Result<std::unique_ptr<Database>> Database::Open(std::string_view url, const OpenOptions& options) {
  if (url == "sqlite::memory:") return internal::OpenSqliteMemory(options);
  if (StartsWith(url, "sqlite:")) {
    std::string_view path = url.substr(std::string_view("sqlite:").size());
    if (path.empty()) {
      return InvalidArgument("the database URL \"sqlite:\" names no file; use sqlite:PATH", "db");
    }
    return internal::OpenSqliteFile(std::string(path), options);
  }
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    return internal::OpenPostgres(std::string(url), options);
  }
  // The URL itself is not echoed: a mistyped PostgreSQL URL may carry a password.
  return InvalidArgument(
      "unsupported database URL; expected sqlite:PATH, sqlite::memory: or "
      "postgresql://USER@HOST/DB",
      "db");
}

}  // namespace asta::store
