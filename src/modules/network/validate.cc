#include "modules/network/validate.h"

#include <array>
#include <cmath>

#include "core/countries.h"
#include "core/text.h"
#include "modules/network/importers/internal.h"

namespace asta::network {
namespace {

constexpr std::array<std::string_view, 14> kOrgTypes = {
    "education", "funder",         "government",    "healthcare",     "company",
    "nonprofit", "facility",       "archive",       "other",          "ministry",
    "institute", "funding_agency", "international", "overseas_office"};

std::string Field(std::string_view prefix, const std::string& path) {
  if (prefix.empty()) return path;
  return std::string(prefix) + ", " + path;
}

}  // namespace

bool IsOrgType(std::string_view type) {
  for (std::string_view t : kOrgTypes) {
    if (t == type) return true;
  }
  return false;
}

Status ValidateOrgRecord(const OrgRecord& r, std::string_view prefix) {
  ASTA_RETURN_IF_ERROR(ValidateText(r.display_name, Field(prefix, "display_name"), 300));
  if (r.names.empty())
    return InvalidArgument("needs at least the display name", Field(prefix, "names"));
  if (r.names.size() > 200) return InvalidArgument("at most 200 names", Field(prefix, "names"));
  int displays = 0;
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    const OrgName& n = r.names[i];
    const std::string at = "names[" + std::to_string(i) + "]";
    ASTA_RETURN_IF_ERROR(ValidateText(n.value, Field(prefix, at + ".value"), 300));
    if (n.kind != "display" && n.kind != "label" && n.kind != "alias" && n.kind != "acronym") {
      return InvalidArgument("must be display, label, alias or acronym",
                             Field(prefix, at + ".kind"));
    }
    displays += n.kind == "display";
    if (!n.lang.empty() && !internal::IsIsoLanguageCode(n.lang)) {
      return InvalidArgument("must be an ISO 639-1 language code such as ja or en",
                             Field(prefix, at + ".lang"));
    }
  }
  if (displays != 1) {
    return InvalidArgument("exactly one name must be the display name", Field(prefix, "names"));
  }
  if (!IsIsoCountryCode(r.country)) {
    return InvalidArgument("must be an ISO 3166-1 alpha-2 country code such as JP or TH",
                           Field(prefix, "country"));
  }
  if (!r.city.empty()) ASTA_RETURN_IF_ERROR(ValidateText(r.city, Field(prefix, "city"), 200));
  if (r.lat.has_value() != r.lng.has_value()) {
    return InvalidArgument("lat and lng are given together", Field(prefix, r.lat ? "lng" : "lat"));
  }
  if (r.lat && (!std::isfinite(*r.lat) || *r.lat < -90 || *r.lat > 90)) {
    return InvalidArgument("must be a latitude from -90 to 90", Field(prefix, "lat"));
  }
  if (r.lng && (!std::isfinite(*r.lng) || *r.lng < -180 || *r.lng > 180)) {
    return InvalidArgument("must be a longitude from -180 to 180", Field(prefix, "lng"));
  }
  if (r.types.empty()) return InvalidArgument("needs at least one type", Field(prefix, "types"));
  for (std::size_t i = 0; i < r.types.size(); ++i) {
    if (!IsOrgType(r.types[i])) {
      return InvalidArgument(
          "must be one of education, funder, government, healthcare, company, nonprofit, "
          "facility, archive, other, ministry, institute, funding_agency, international, "
          "overseas_office",
          Field(prefix, "types[" + std::to_string(i) + "]"));
    }
  }
  if (r.status != "active" && r.status != "inactive" && r.status != "withdrawn") {
    return InvalidArgument("must be active, inactive or withdrawn", Field(prefix, "status"));
  }
  if (r.established && (*r.established < 800 || *r.established > internal::CurrentYear())) {
    return InvalidArgument("must be a year from 800 to this year", Field(prefix, "established"));
  }
  for (std::size_t i = 0; i < r.relations.size(); ++i) {
    const std::string& t = r.relations[i].type;
    if (t != "parent" && t != "child" && t != "related" && t != "predecessor" && t != "successor") {
      return InvalidArgument("must be parent, child, related, predecessor or successor",
                             Field(prefix, "relations[" + std::to_string(i) + "].type"));
    }
  }
  for (const auto& [key, value] : r.external_ids) {
    if (key != "grid" && key != "isni" && key != "wikidata" && key != "fundref") {
      return InvalidArgument("must be grid, isni, wikidata or fundref",
                             Field(prefix, "external_ids." + key));
    }
    ASTA_RETURN_IF_ERROR(ValidateText(value, Field(prefix, "external_ids." + key), 100));
  }
  for (const auto& d : r.domains)
    ASTA_RETURN_IF_ERROR(ValidateText(d, Field(prefix, "domains"), 253));
  for (const auto& l : r.links) ASTA_RETURN_IF_ERROR(ValidateText(l, Field(prefix, "links"), 2000));
  return Ok();
}

Status ValidatePersonRecord(PersonRecord& record, std::string_view prefix) {
  const std::string p(prefix);
  internal::PersonField field = [p](std::string_view column, size_t item, std::string_view key) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict) on chains of operator+ here.
    std::string path;
    if (!p.empty()) {
      path.append(p);
      path.append(", ");
    }
    path.append(column);
    if (item > 0) {
      path.push_back('[');
      path.append(std::to_string(item - 1));
      path.push_back(']');
    }
    if (!key.empty()) {
      path.push_back('.');
      path.append(key);
    }
    return path;
  };
  // The file readers require the file's own id; a person entered here has none.
  const bool no_source = record.source_id.empty();
  if (no_source) record.source_id.push_back('-');  // not = "-": GCC 12 -Wrestrict
  Status status = internal::NormalizePerson(record, field);
  if (no_source) record.source_id.clear();
  return status;
}

}  // namespace asta::network
