// OFAC's SDN list in its legacy CSV form: sdn.csv (one row per entry), alt.csv (aliases)
// and optionally add.csv (addresses, from which the countries come). The files have no
// header, write "-0-" for an empty value and may end with a DOS SUB byte.
#include <algorithm>
#include <unordered_map>

#include "core/text.h"
#include "modules/compliance/importers/internal.h"

namespace asta::compliance::internal {
namespace {

// "-0-" (often followed by a space) is OFAC's empty value.
std::string Value(const std::string& field) {
  std::string v = CleanText(field);
  if (v == "-0-") v.clear();
  return v;
}

std::string Where(std::string_view file, size_t line) {
  return std::string(file) + " " + LineField(line);
}

Status CheckColumns(const CsvRecord& r, size_t expected, std::string_view file) {
  if (r.fields.size() != expected) {
    return InvalidArgument("expected " + std::to_string(expected) + " columns, found " +
                               std::to_string(r.fields.size()),
                           Where(file, r.line));
  }
  return Ok();
}

bool IsEntNum(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<ListSnapshot> ReadOfacFiles(std::string_view sdn, std::string_view alt,
                                   const std::string* add) {
  ASTA_ASSIGN_OR_RETURN(std::vector<CsvRecord> sdn_rows, ParseCsv(sdn, "sdn.csv"));
  ASTA_ASSIGN_OR_RETURN(std::vector<CsvRecord> alt_rows, ParseCsv(alt, "alt.csv"));
  if (sdn_rows.empty()) return InvalidArgument("sdn.csv has no entries", "sdn.csv line 1");
  ListSnapshot snapshot;
  snapshot.format = ListFormat::kOfacCsv;
  snapshot.entities.reserve(sdn_rows.size());
  std::vector<std::string> where;
  where.reserve(sdn_rows.size());
  std::unordered_map<std::string, size_t> by_id;
  for (const CsvRecord& r : sdn_rows) {
    const std::string at = Where("sdn.csv", r.line);
    ASTA_RETURN_IF_ERROR(CheckColumns(r, 12, "sdn.csv"));
    ListEntity entity;
    entity.entity_id = Value(r.fields[0]);
    if (!IsEntNum(entity.entity_id)) {
      return InvalidArgument("ent_num must be a number, found '" + entity.entity_id + "'", at);
    }
    const std::string type = AsciiLower(Value(r.fields[2]));
    if (type == "individual") {
      entity.kind = "person";
    } else if (type.empty() || type == "vessel" || type == "aircraft") {
      entity.kind = "organization";  // "-0-" marks an entity
    } else {
      return InvalidArgument(
          "SDN_Type must be individual, vessel, aircraft or -0-, found '" + type + "'", at);
    }
    // Individuals are written "LAST, First"; kept as published.
    if (Value(r.fields[1]).empty()) return InvalidArgument("SDN_Name is empty", at);
    ASTA_RETURN_IF_ERROR(AddName(entity, r.fields[1], "", at));
    entity.programme = Value(r.fields[3]);
    entity.remarks = Value(r.fields[11]);
    if (!by_id.emplace(entity.entity_id, snapshot.entities.size()).second) {
      return InvalidArgument("duplicate ent_num " + entity.entity_id, at);
    }
    where.push_back(at);
    snapshot.entities.push_back(std::move(entity));
  }
  for (const CsvRecord& r : alt_rows) {
    const std::string at = Where("alt.csv", r.line);
    ASTA_RETURN_IF_ERROR(CheckColumns(r, 5, "alt.csv"));
    const std::string id = Value(r.fields[0]);
    const auto it = by_id.find(id);
    if (it == by_id.end()) {
      return InvalidArgument("ent_num " + id + " is not in sdn.csv", at);
    }
    const std::string type = AsciiLower(Value(r.fields[2]));
    if (Value(r.fields[3]).empty()) return InvalidArgument("alt_name is empty", at);
    ASTA_RETURN_IF_ERROR(AddName(snapshot.entities[it->second], r.fields[3], type, at));
  }
  if (add != nullptr) {
    ASTA_ASSIGN_OR_RETURN(std::vector<CsvRecord> add_rows, ParseCsv(*add, "add.csv"));
    for (const CsvRecord& r : add_rows) {
      const std::string at = Where("add.csv", r.line);
      ASTA_RETURN_IF_ERROR(CheckColumns(r, 6, "add.csv"));
      const std::string id = Value(r.fields[0]);
      const auto it = by_id.find(id);
      if (it == by_id.end()) return InvalidArgument("ent_num " + id + " is not in sdn.csv", at);
      // Regions ("Region: Crimea") and "undetermined" have no code and are left out.
      AddCountry(snapshot.entities[it->second], CountryFromName(Value(r.fields[4])));
    }
  }
  ASTA_RETURN_IF_ERROR(Finish(snapshot, where));
  return snapshot;
}

Result<ListSnapshot> ReadOfacZip(std::string_view bytes) {
  ASTA_ASSIGN_OR_RETURN(std::vector<std::string> entries, ListZip(bytes, "archive"));
  // The files may sit in a folder inside the archive and be upper-case (SDN.CSV).
  std::string sdn_name, alt_name, add_name;
  for (const std::string& entry : entries) {
    const size_t slash = entry.find_last_of('/');
    const std::string base =
        AsciiLower(slash == std::string::npos ? entry : entry.substr(slash + 1));
    if (base == "sdn.csv") sdn_name = entry;
    if (base == "alt.csv") alt_name = entry;
    if (base == "add.csv") add_name = entry;
  }
  if (sdn_name.empty() || alt_name.empty()) {
    return InvalidArgument("the archive must hold sdn.csv and alt.csv", "archive");
  }
  std::vector<std::string> wanted = {sdn_name, alt_name};
  if (!add_name.empty()) wanted.push_back(add_name);
  constexpr size_t kMaxEntry = size_t{512} << 20;
  ASTA_ASSIGN_OR_RETURN(auto files, ReadZip(bytes, "archive", wanted, kMaxEntry));
  const std::string* add = add_name.empty() ? nullptr : &files.at(add_name);
  return ReadOfacFiles(files.at(sdn_name), files.at(alt_name), add);
}

}  // namespace asta::compliance::internal
