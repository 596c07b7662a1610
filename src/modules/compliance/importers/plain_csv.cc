// asta's own list format, for lists that come in no publisher format: CSV with the
// header entity_id,name,kind,country and one row per name. Rows sharing an entity_id
// are one entity; its first row carries the primary name.
#include <unordered_map>

#include "core/countries.h"
#include "modules/compliance/importers/internal.h"

namespace asta::compliance::internal {
namespace {

std::string At(size_t line, std::string_view column) {
  return LineField(line) + ", column " + std::string(column);
}

}  // namespace

Result<ListSnapshot> ReadPlainCsv(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  ASTA_ASSIGN_OR_RETURN(std::vector<CsvRecord> rows, ParseCsv(bytes, ""));
  if (rows.empty() || rows.front().line != 1) {
    return InvalidArgument("expected the header entity_id,name,kind,country", "line 1");
  }
  const std::vector<std::string> header = {"entity_id", "name", "kind", "country"};
  if (rows.front().fields != header) {
    return InvalidArgument("expected the header entity_id,name,kind,country", "line 1");
  }
  ListSnapshot snapshot;
  snapshot.format = ListFormat::kCsv;
  std::vector<std::string> where;
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 1; i < rows.size(); ++i) {
    const CsvRecord& r = rows[i];
    if (r.fields.size() != 4) {
      return InvalidArgument("expected 4 columns, found " + std::to_string(r.fields.size()),
                             LineField(r.line));
    }
    const std::string id = CleanText(r.fields[0]);
    if (id.empty()) return InvalidArgument("entity_id is empty", At(r.line, "entity_id"));
    std::string kind = CleanText(r.fields[2]);
    if (kind == "organisation") kind = "organization";
    if (kind != "person" && kind != "organization") {
      return InvalidArgument("kind must be person or organization", At(r.line, "kind"));
    }
    std::string country;
    if (!CleanText(r.fields[3]).empty()) {
      auto code = NormalizeCountry(r.fields[3], At(r.line, "country"));
      if (!code) return tl::unexpected(code.error());
      country = *code;
    }
    auto [it, inserted] = by_id.emplace(id, snapshot.entities.size());
    if (inserted) {
      ListEntity entity;
      entity.entity_id = id;
      entity.kind = kind;
      snapshot.entities.push_back(std::move(entity));
      where.push_back(At(r.line, "entity_id"));
    }
    ListEntity& entity = snapshot.entities[it->second];
    if (entity.kind != kind) {
      return InvalidArgument(
          "kind " + kind + " disagrees with the entity's earlier rows (" + entity.kind + ")",
          At(r.line, "kind"));
    }
    ASTA_RETURN_IF_ERROR(AddName(entity, r.fields[1], inserted ? "" : "aka", At(r.line, "name")));
    AddCountry(entity, country);
  }
  ASTA_RETURN_IF_ERROR(Finish(snapshot, where));
  return snapshot;
}

}  // namespace asta::compliance::internal
