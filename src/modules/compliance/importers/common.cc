#include <zip.h>

#include <algorithm>
#include <memory>

#include "core/text.h"
#include "modules/compliance/importers/internal.h"

namespace asta::compliance::internal {
namespace {

// Length of the white-space character at the start of `s`, or 0. Covers ASCII white
// space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028/2029, U+202F, U+205F, U+3000.
size_t SpaceLength(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  if (s.empty()) return 0;
  const unsigned char c = b(0);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
  if (s.size() >= 2 && c == 0xC2 && (b(1) == 0x85 || b(1) == 0xA0)) return 2;
  if (s.size() >= 3) {
    if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;
    if (c == 0xE2 && b(1) == 0x80 &&
        ((b(2) >= 0x80 && b(2) <= 0x8A) || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF)) {
      return 3;
    }
    if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;
    if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;
  }
  return 0;
}

}  // namespace

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < text.size()) {
    const size_t n = SpaceLength(text.substr(i));
    if (n > 0) {
      pending_space = !out.empty();
      i += n;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

Status AddName(ListEntity& entity, std::string_view raw, std::string_view note,
               std::string_view field, bool required) {
  if (!IsValidUtf8(raw)) return InvalidArgument("name is not valid UTF-8", std::string(field));
  std::string name = CleanText(raw);
  if (name.empty()) {
    if (required) return InvalidArgument("name is empty", std::string(field));
    return Ok();
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      return InvalidArgument("name contains a control character", std::string(field));
    }
  }
  for (const ListName& existing : entity.names) {
    if (existing.name == name) return Ok();
  }
  ListName entry;
  entry.name = std::move(name);
  entry.primary = entity.names.empty();
  entry.note = std::string(note);
  entity.names.push_back(std::move(entry));
  return Ok();
}

void AddCountry(ListEntity& entity, std::string_view iso2) {
  if (iso2.empty()) return;
  if (std::find(entity.countries.begin(), entity.countries.end(), iso2) == entity.countries.end()) {
    entity.countries.emplace_back(iso2);
  }
}

Status Finish(ListSnapshot& snapshot, const std::vector<std::string>& where) {
  std::vector<size_t> order(snapshot.entities.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Stable, so that of two entities with one id the later in the file is reported.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return snapshot.entities[a].entity_id < snapshot.entities[b].entity_id;
  });
  for (size_t k = 1; k < order.size(); ++k) {
    const ListEntity& prev = snapshot.entities[order[k - 1]];
    const ListEntity& cur = snapshot.entities[order[k]];
    if (prev.entity_id == cur.entity_id) {
      const size_t later = std::max(order[k - 1], order[k]);
      return InvalidArgument("duplicate entity id '" + cur.entity_id + "'",
                             later < where.size() ? where[later] : std::string("entity_id"));
    }
  }
  std::vector<ListEntity> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) {
    ListEntity& e = snapshot.entities[i];
    if (e.entity_id.empty()) {
      return InvalidArgument("entity id is empty",
                             i < where.size() ? where[i] : std::string("entity_id"));
    }
    if (e.names.empty() || !e.names.front().primary) {
      return InvalidArgument("entity '" + e.entity_id + "' has no name",
                             i < where.size() ? where[i] : std::string("name"));
    }
    if (e.kind != "person" && e.kind != "organization") {
      return InvalidArgument("entity '" + e.entity_id + "' has no kind",
                             i < where.size() ? where[i] : std::string("kind"));
    }
    std::sort(e.countries.begin(), e.countries.end());
    sorted.push_back(std::move(e));
  }
  snapshot.entities = std::move(sorted);
  return Ok();
}

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

size_t LineIndex::LineOf(size_t offset) const {
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<size_t>(it - starts_.begin());
}

std::string LineField(size_t line) { return "line " + std::to_string(line); }

Result<std::vector<CsvRecord>> ParseCsv(std::string_view data, std::string_view label) {
  const std::string prefix = label.empty() ? std::string() : std::string(label) + " ";
  // DOS-era exports (the OFAC legacy files) end with a SUB byte.
  while (!data.empty() && data.back() == '\x1a') data.remove_suffix(1);
  std::vector<CsvRecord> records;
  size_t i = 0;
  size_t line = 1;
  const size_t n = data.size();
  while (i < n) {
    // Blank lines separate nothing in the files we read; skip them.
    if (data[i] == '\n' || (data[i] == '\r' && i + 1 < n && data[i + 1] == '\n')) {
      i += data[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    CsvRecord record;
    record.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      const size_t field_line = line;
      if (i < n && data[i] == '"') {
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
          field.push_back(c);
          ++i;
        }
        if (!closed) {
          return InvalidArgument("quoted field is not closed before the end of the file",
                                 prefix + LineField(field_line));
        }
        if (i < n && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
          return InvalidArgument("unexpected text after a closing quote", prefix + LineField(line));
        }
      } else {
        while (i < n && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
          if (data[i] == '"') {
            return InvalidArgument("quote inside an unquoted field", prefix + LineField(line));
          }
          field.push_back(data[i]);
          ++i;
        }
      }
      if (!IsValidUtf8(field)) {
        return InvalidArgument(
            "field " + std::to_string(record.fields.size() + 1) + " is not valid UTF-8",
            prefix + LineField(field_line));
      }
      record.fields.push_back(std::move(field));
      if (i >= n) {
        end_of_record = true;
      } else if (data[i] == ',') {
        ++i;
      } else if (data[i] == '\n') {
        ++i;
        ++line;
        end_of_record = true;
      } else if (data[i] == '\r') {
        if (i + 1 < n && data[i + 1] == '\n') {
          i += 2;
        } else {
          ++i;  // a lone CR ends the record too
        }
        ++line;
        end_of_record = true;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
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

Result<std::map<std::string, std::string>> ReadZip(std::string_view bytes, std::string_view field,
                                                   const std::vector<std::string>& wanted,
                                                   size_t max_bytes) {
  ASTA_ASSIGN_OR_RETURN(auto archive, OpenZip(bytes, field));
  std::map<std::string, std::string> out;
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.get(), index, 0, &st) != 0 || st.name == nullptr) {
      return InvalidArgument("unreadable zip entry", std::string(field));
    }
    const std::string name = st.name;
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), name) == wanted.end()) {
      continue;
    }
    if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > max_bytes) {
      return InvalidArgument("zip entry " + name + " is too large", std::string(field));
    }
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive.get(), index, 0));
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
    out.emplace(name, std::move(content));
  }
  return out;
}

}  // namespace asta::compliance::internal
