// The UN Security Council consolidated list (XML as published at
// scsanctions.un.org): INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY elements.
#include <pugixml.hpp>
#include <tuple>

#include "core/text.h"
#include "modules/compliance/importers/internal.h"

namespace asta::compliance::internal {
namespace {

std::string Child(const pugi::xml_node& node, const char* name) {
  return std::string(node.child(name).text().get());
}

// The UN grades individuals' aliases "Good" or "Low" and labels entities' aliases
// "a.k.a." or "f.k.a."; low-quality aliases are what other lists call weak.
std::string AliasNote(std::string_view quality) {
  const std::string q = AsciiLower(CleanText(quality));
  if (q.empty() || q == "good" || q == "a.k.a." || q == "aka") return "aka";
  if (q == "low") return "weak aka";
  if (q == "f.k.a." || q == "fka") return "fka";
  return q;
}

Status CheckText(std::string_view text, const std::string& field, const char* what) {
  if (!IsValidUtf8(text)) return InvalidArgument(std::string(what) + " is not valid UTF-8", field);
  return Ok();
}

Result<ListEntity> ReadParty(const pugi::xml_node& node, bool individual, const LineIndex& lines) {
  const std::string where = LineField(lines.LineOf(static_cast<size_t>(node.offset_debug())));
  ListEntity entity;
  entity.kind = individual ? "person" : "organization";
  entity.entity_id = CleanText(Child(node, "REFERENCE_NUMBER"));
  ASTA_RETURN_IF_ERROR(CheckText(entity.entity_id, where, "REFERENCE_NUMBER"));
  if (entity.entity_id.empty()) {
    return InvalidArgument(
        std::string(individual ? "INDIVIDUAL" : "ENTITY") + " has no REFERENCE_NUMBER", where);
  }
  std::string name;
  for (const char* part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
    const std::string value = Child(node, part);
    if (CleanText(value).empty()) continue;
    if (!name.empty()) name += ' ';
    name += value;
    if (!individual) break;  // entities carry their name in FIRST_NAME only
  }
  if (CleanText(name).empty()) {
    return InvalidArgument(entity.entity_id + " has an empty FIRST_NAME", where);
  }
  ASTA_RETURN_IF_ERROR(AddName(entity, name, "", where));
  ASTA_RETURN_IF_ERROR(
      AddName(entity, Child(node, "NAME_ORIGINAL_SCRIPT"), "original script", where, false));
  const char* alias_tag = individual ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
  for (const pugi::xml_node& alias : node.children(alias_tag)) {
    const std::string alias_where =
        LineField(lines.LineOf(static_cast<size_t>(alias.offset_debug())));
    // The list writes <ALIAS_NAME/> as a placeholder when there is no alias.
    ASTA_RETURN_IF_ERROR(AddName(entity, Child(alias, "ALIAS_NAME"),
                                 AliasNote(Child(alias, "QUALITY")), alias_where, false));
  }
  if (individual) {
    for (const pugi::xml_node& value : node.child("NATIONALITY").children("VALUE")) {
      AddCountry(entity, CountryFromName(value.text().get()));
    }
  } else {
    for (const pugi::xml_node& address : node.children("ENTITY_ADDRESS")) {
      AddCountry(entity, CountryFromName(Child(address, "COUNTRY")));
    }
  }
  entity.programme = CleanText(Child(node, "UN_LIST_TYPE"));
  entity.listed_on = CleanText(Child(node, "LISTED_ON"));
  entity.remarks = CleanText(Child(node, "COMMENTS1"));
  ASTA_RETURN_IF_ERROR(CheckText(entity.programme, where, "UN_LIST_TYPE"));
  ASTA_RETURN_IF_ERROR(CheckText(entity.listed_on, where, "LISTED_ON"));
  ASTA_RETURN_IF_ERROR(CheckText(entity.remarks, where, "COMMENTS1"));
  return entity;
}

}  // namespace

Result<ListSnapshot> ReadUnXml(std::string_view bytes) {
  if (bytes.empty()) return InvalidArgument("the file is empty", "line 1");
  const LineIndex lines(bytes);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return InvalidArgument(std::string("malformed XML: ") + parsed.description(),
                           LineField(lines.LineOf(static_cast<size_t>(parsed.offset))));
  }
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "CONSOLIDATED_LIST") {
    return InvalidArgument("expected a CONSOLIDATED_LIST root element",
                           LineField(lines.LineOf(static_cast<size_t>(root.offset_debug()))));
  }
  const pugi::xml_node individuals = root.child("INDIVIDUALS");
  const pugi::xml_node entities = root.child("ENTITIES");
  if (!individuals && !entities) {
    return InvalidArgument("CONSOLIDATED_LIST has neither INDIVIDUALS nor ENTITIES",
                           LineField(lines.LineOf(static_cast<size_t>(root.offset_debug()))));
  }
  ListSnapshot snapshot;
  snapshot.format = ListFormat::kUnXml;
  const std::string generated = root.attribute("dateGenerated").value();
  if (generated.size() >= 10 && generated[4] == '-' && generated[7] == '-') {
    snapshot.version = generated.substr(0, 10);
  }
  std::vector<std::string> where;
  for (const auto& [group, tag, individual] :
       {std::tuple{individuals, "INDIVIDUAL", true}, std::tuple{entities, "ENTITY", false}}) {
    for (const pugi::xml_node& node : group.children()) {
      if (node.type() != pugi::node_element) continue;
      if (std::string_view(node.name()) != tag) {
        return InvalidArgument(std::string("unexpected element <") + node.name() + "> where <" +
                                   tag + "> was expected",
                               LineField(lines.LineOf(static_cast<size_t>(node.offset_debug()))));
      }
      ASTA_ASSIGN_OR_RETURN(ListEntity entity, ReadParty(node, individual, lines));
      where.push_back(LineField(lines.LineOf(static_cast<size_t>(node.offset_debug()))));
      snapshot.entities.push_back(std::move(entity));
    }
  }
  ASTA_RETURN_IF_ERROR(Finish(snapshot, where));
  return snapshot;
}

}  // namespace asta::compliance::internal
