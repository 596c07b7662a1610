// OpenSanctions' FollowTheMoney entities, one JSON object per line:
// {"id": …, "schema": "Person", "properties": {"name": […], "alias": […], …}}.
// Parties become list entities; the other schemas of a sanctions dataset (addresses,
// sanctions, identifications, relationships) are skipped, and an unknown schema is an
// error rather than a silent loss.
#include <algorithm>

#include "core/countries.h"
#include "core/json.h"
#include "core/text.h"
#include "modules/compliance/importers/internal.h"

namespace asta::compliance::internal {
namespace {

// Schema names, space-separated with a space at both ends.
constexpr std::string_view kPersons = " Person ";
constexpr std::string_view kOrganizations =
    " Organization Company LegalEntity PublicBody Vessel Airplane ";
constexpr std::string_view kNonParties =
    " Address Sanction Identification Passport Ownership Directorship Membership Employment"
    " Family Associate Representation UnknownLink Position Occupancy Note Article Document"
    " Event Payment Debt Succession BankAccount Security CryptoWallet Thing Asset Mention"
    " Contract ContractAward Project ProjectParticipant Call ";

bool In(std::string_view set, std::string_view schema) {
  if (schema.empty() || schema.find(' ') != std::string_view::npos) return false;
  return set.find(" " + std::string(schema) + " ") != std::string_view::npos;
}

// The string values of properties[key]; InvalidArgument when it is not a list of strings.
Result<std::vector<std::string>> Values(const Json& properties, const char* key,
                                        const std::string& where) {
  std::vector<std::string> out;
  const auto it = properties.find(key);
  if (it == properties.end() || it->is_null()) return out;
  if (!it->is_array()) {
    return InvalidArgument(std::string("properties.") + key + " must be a list of strings", where);
  }
  for (const Json& v : *it) {
    if (!v.is_string()) {
      return InvalidArgument(std::string("properties.") + key + " must be a list of strings",
                             where);
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    const std::string clean = CleanText(v);
    if (clean.empty()) continue;
    if (!out.empty()) out += "; ";
    out += clean;
  }
  return out;
}

}  // namespace

Result<ListSnapshot> ReadFtmJson(std::string_view bytes) {
  ListSnapshot snapshot;
  snapshot.format = ListFormat::kFtmJson;
  std::vector<std::string> where;
  size_t line = 0;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view text = bytes.substr(start, end - start);
    start = end + 1;
    ++line;
    const std::string at = LineField(line);
    if (Trim(text).empty()) continue;
    if (!IsValidUtf8(text)) return InvalidArgument("not valid UTF-8", at);
    const Json object = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded()) return InvalidArgument("not a JSON value", at);
    if (!object.is_object()) return InvalidArgument("expected a JSON object", at);
    const auto id = object.find("id");
    const auto schema = object.find("schema");
    if (id == object.end() || !id->is_string() || CleanText(id->get<std::string>()).empty()) {
      return InvalidArgument("\"id\" must be a non-empty string", at);
    }
    if (schema == object.end() || !schema->is_string()) {
      return InvalidArgument("\"schema\" must be a string", at);
    }
    const std::string schema_name = schema->get<std::string>();
    ListEntity entity;
    if (In(kPersons, schema_name)) {
      entity.kind = "person";
    } else if (In(kOrganizations, schema_name)) {
      entity.kind = "organization";
    } else if (In(kNonParties, schema_name)) {
      continue;
    } else {
      return InvalidArgument("unsupported schema '" + schema_name +
                                 "'; expected a party (Person, Organization, Company, "
                                 "LegalEntity, PublicBody, Vessel, Airplane)",
                             at);
    }
    entity.entity_id = CleanText(id->get<std::string>());
    static const Json kEmpty = Json::object();
    const auto props_it = object.find("properties");
    if (props_it != object.end() && !props_it->is_object()) {
      return InvalidArgument("\"properties\" must be an object", at);
    }
    const Json& properties = props_it == object.end() ? kEmpty : *props_it;
    ASTA_ASSIGN_OR_RETURN(auto names, Values(properties, "name", at));
    if (names.empty() || CleanText(names.front()).empty()) {
      return InvalidArgument("properties.name must hold at least one name", at);
    }
    for (const std::string& n : names) ASTA_RETURN_IF_ERROR(AddName(entity, n, "", at));
    for (const auto& [key, note] : {std::pair{"alias", "aka"}, std::pair{"weakAlias", "weak aka"},
                                    std::pair{"previousName", "fka"}}) {
      ASTA_ASSIGN_OR_RETURN(auto values, Values(properties, key, at));
      for (const std::string& n : values) ASTA_RETURN_IF_ERROR(AddName(entity, n, note, at));
    }
    // FollowTheMoney writes lower-case ISO codes and a few of its own ("suhh" for the
    // Soviet Union, "xk" for Kosovo); those have no ISO code and are left out.
    for (const char* key : {"country", "nationality", "citizenship", "jurisdiction", "flag"}) {
      ASTA_ASSIGN_OR_RETURN(auto values, Values(properties, key, at));
      for (const std::string& c : values) {
        auto code = NormalizeCountry(c);
        if (code) AddCountry(entity, *code);
      }
    }
    ASTA_ASSIGN_OR_RETURN(auto programs, Values(properties, "program", at));
    if (programs.empty()) {
      ASTA_ASSIGN_OR_RETURN(auto topics, Values(properties, "topics", at));
      programs = topics;
    }
    entity.programme = Join(programs);
    ASTA_ASSIGN_OR_RETURN(auto notes, Values(properties, "notes", at));
    entity.remarks = Join(notes);
    ASTA_ASSIGN_OR_RETURN(auto created, Values(properties, "createdAt", at));
    if (!created.empty() && created.front().size() >= 10) {
      entity.listed_on = created.front().substr(0, 10);
    }
    where.push_back(at);
    snapshot.entities.push_back(std::move(entity));
  }
  ASTA_RETURN_IF_ERROR(Finish(snapshot, where));
  return snapshot;
}

}  // namespace asta::compliance::internal
