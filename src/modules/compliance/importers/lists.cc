#include "modules/compliance/importers/lists.h"

#include <algorithm>
#include <unordered_map>

#include "core/crypto.h"
#include "modules/compliance/importers/internal.h"

namespace asta::compliance {
namespace {

struct FormatName {
  ListFormat format;
  std::string_view name;
};
constexpr FormatName kFormats[] = {
    {ListFormat::kUnXml, "un-xml"},
    {ListFormat::kOfacCsv, "ofac-csv"},
    {ListFormat::kMetiXlsx, "meti-xlsx"},
    {ListFormat::kFtmJson, "ftm-json"},
    {ListFormat::kCsv, "csv"},
};

}  // namespace

Result<ListFormat> ParseListFormat(std::string_view name, std::string_view field) {
  for (const FormatName& f : kFormats) {
    if (f.name == name) return f.format;
  }
  return InvalidArgument(
      "unknown list format; expected one of un-xml, ofac-csv, meti-xlsx, "
      "ftm-json, csv",
      std::string(field));
}

std::string_view ListFormatName(ListFormat format) {
  for (const FormatName& f : kFormats) {
    if (f.format == format) return f.name;
  }
  return "unknown";
}

Result<ListSnapshot> ReadList(ListFormat format, const std::filesystem::path& path) {
  if (format == ListFormat::kOfacCsv) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      // A zip archive of the three files is accepted too, as the API takes it.
      if (std::filesystem::is_regular_file(path, ec)) {
        ASTA_ASSIGN_OR_RETURN(std::string bytes, internal::ReadFileBytes(path));
        return internal::ReadOfacZip(bytes);
      }
      return NotFound("no such folder: " + path.string());
    }
    ASTA_ASSIGN_OR_RETURN(std::string sdn, internal::ReadFileBytes(path / "sdn.csv"));
    ASTA_ASSIGN_OR_RETURN(std::string alt, internal::ReadFileBytes(path / "alt.csv"));
    std::string add;
    const bool has_add = std::filesystem::is_regular_file(path / "add.csv", ec);
    if (has_add) {
      ASTA_ASSIGN_OR_RETURN(add, internal::ReadFileBytes(path / "add.csv"));
    }
    return internal::ReadOfacFiles(sdn, alt, has_add ? &add : nullptr);
  }
  ASTA_ASSIGN_OR_RETURN(std::string bytes, internal::ReadFileBytes(path));
  if (format == ListFormat::kMetiXlsx) {
    return internal::ReadMetiXlsx(bytes, path.filename().string());
  }
  return ReadListBytes(format, bytes);
}

Result<ListSnapshot> ReadListBytes(ListFormat format, std::string_view bytes) {
  switch (format) {
    case ListFormat::kUnXml:
      return internal::ReadUnXml(bytes);
    case ListFormat::kOfacCsv:
      return internal::ReadOfacZip(bytes);
    case ListFormat::kMetiXlsx:
      return internal::ReadMetiXlsx(bytes, "");
    case ListFormat::kFtmJson:
      return internal::ReadFtmJson(bytes);
    case ListFormat::kCsv:
      return internal::ReadPlainCsv(bytes);
  }
  return InvalidArgument("unknown list format", "format");
}

std::string EntityFingerprint(const ListEntity& entity) {
  std::vector<std::string> names;
  names.reserve(entity.names.size());
  for (const ListName& n : entity.names) names.push_back(n.name);
  std::sort(names.begin(), names.end());
  std::vector<std::string> countries = entity.countries;
  std::sort(countries.begin(), countries.end());
  // Unit and record separators cannot occur in a cleaned name, so the encoding is
  // unambiguous.
  std::string data = "kind\x1f" + entity.kind + "\x1e";
  data += "names";
  for (const std::string& n : names) data += "\x1f" + n;
  data += "\x1e";
  data += "countries";
  for (const std::string& c : countries) data += "\x1f" + c;
  return Sha256Hex(data);
}

ListDiff DiffSnapshots(const ListSnapshot& before, const ListSnapshot& after) {
  std::unordered_map<std::string_view, const ListEntity*> old_by_id;
  old_by_id.reserve(before.entities.size());
  for (const ListEntity& e : before.entities) old_by_id.emplace(e.entity_id, &e);
  ListDiff diff;
  std::unordered_map<std::string_view, bool> seen;
  seen.reserve(after.entities.size());
  for (const ListEntity& e : after.entities) {
    seen.emplace(e.entity_id, true);
    const auto it = old_by_id.find(e.entity_id);
    if (it == old_by_id.end()) {
      diff.added.push_back(e.entity_id);
    } else if (EntityFingerprint(*it->second) != EntityFingerprint(e)) {
      diff.changed.push_back(e.entity_id);
    }
  }
  for (const ListEntity& e : before.entities) {
    if (seen.find(e.entity_id) == seen.end()) diff.removed.push_back(e.entity_id);
  }
  for (auto* list : {&diff.added, &diff.changed, &diff.removed}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return diff;
}

}  // namespace asta::compliance
