// ROR v2 dumps: container detection (zip, gzip, plain JSON), record splitting, and the
// validation of each record into an OrgRecord.
#include "modules/network/importers/ror_dump.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <new>
#include <unordered_map>

#include "core/countries.h"
#include "core/text.h"
#include "modules/network/importers/internal.h"

namespace asta::network {

using internal::At;
using internal::GetArray;
using internal::GetObject;
using internal::GetString;
using internal::JsonPlace;
using internal::JsonValue;
using internal::Named;
using internal::Presence;

namespace {

constexpr std::string_view kCrockford = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr std::array<std::string_view, 9> kOrgTypes = {"education",  "funder",  "government",
                                                       "healthcare", "company", "nonprofit",
                                                       "facility",   "archive", "other"};
constexpr std::array<std::string_view, 5> kRelationTypes = {"parent", "child", "related",
                                                            "predecessor", "successor"};
constexpr std::array<std::string_view, 3> kStatuses = {"active", "inactive", "withdrawn"};
constexpr std::array<std::string_view, 4> kExternalIdTypes = {"grid", "isni", "wikidata",
                                                              "fundref"};
// ROR's name types in the order OrgRecord::names lists them, with asta's kind.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kNameTypes = {
    {{"ror_display", "display"}, {"label", "label"}, {"alias", "alias"}, {"acronym", "acronym"}}};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& set, std::string_view value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

template <size_t N>
std::string Listed(const std::array<std::string_view, N>& set) {
  std::string out;
  for (std::string_view v : set) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

// ISO 3166-1 alpha-2, and XK: GeoNames, and so ROR, place Kosovo under the user-assigned
// code XK, which ISO has not assigned (real dumps have a few such records).
Result<std::string> LocationCountry(std::string_view code, const std::string& field) {
  if (AsciiLower(Trim(code)) == "xk") return std::string("XK");
  return NormalizeCountry(code, field);
}

// Parses and checks one record; `where` is "record 3 (https://ror.org/…)".
class RecordReader {
 public:
  RecordReader(const JsonValue& record, const std::string& where) : r_(record), root_(where) {}

  Result<OrgRecord> Read() {
    OrgRecord org;
    const JsonPlace id_at = root_ / "id";
    ASTA_ASSIGN_OR_RETURN(std::string id, GetString(r_, "id", id_at, Presence::kRequired));
    ASTA_ASSIGN_OR_RETURN(org.ror, Named(NormalizeRorId(id), id_at));
    if (!r_.contains("names") && r_.contains("name")) {
      return InvalidArgument(
          "this is a ROR schema v1 record (it has name, not names); read the release's "
          "_schema_v2 file",
          (root_ / "names").Field());
    }
    ASTA_RETURN_IF_ERROR(ReadNames(org));
    ASTA_RETURN_IF_ERROR(ReadLocations(org));
    ASTA_RETURN_IF_ERROR(ReadTypes(org));
    ASTA_RETURN_IF_ERROR(ReadRelations(org));
    ASTA_RETURN_IF_ERROR(ReadStrings("domains", 253, org.domains));
    ASTA_RETURN_IF_ERROR(ReadLinks(org));
    ASTA_RETURN_IF_ERROR(ReadEstablished(org));
    const JsonPlace status_at = root_ / "status";
    ASTA_ASSIGN_OR_RETURN(org.status, GetString(r_, "status", status_at, Presence::kRequired));
    if (!OneOf(kStatuses, org.status)) {
      return InvalidArgument(
          "expected one of " + Listed(kStatuses) + ", found '" + org.status + "'",
          status_at.Field());
    }
    ASTA_RETURN_IF_ERROR(ReadExternalIds(org));
    ASTA_RETURN_IF_ERROR(ReadAdmin(org));
    return org;
  }

 private:
  // The object at (*array)[i], or an error naming its place.
  static Result<const JsonValue*> ObjectAt(const JsonValue& array, size_t i, const JsonPlace& at,
                                           std::string_view what) {
    const JsonValue& item = array[i];
    if (!item.is_object()) {
      return InvalidArgument(
          "expected " + std::string(what) + " object, found " + internal::JsonTypeName(item),
          at.Field());
    }
    return &item;
  }

  Status ReadNames(OrgRecord& org) {
    const JsonPlace names_at = root_ / "names";
    ASTA_ASSIGN_OR_RETURN(const JsonValue* names, GetArray(r_, "names", names_at));
    if (names == nullptr || names->empty()) {
      return InvalidArgument("expected at least one name", names_at.Field());
    }
    std::array<std::vector<OrgName>, kNameTypes.size()> by_kind;
    size_t displays = 0;
    for (size_t i = 0; i < names->size(); ++i) {
      const JsonPlace at = names_at[i];
      ASTA_ASSIGN_OR_RETURN(const JsonValue* n, ObjectAt(*names, i, at, "a name"));
      OrgName name;
      ASTA_ASSIGN_OR_RETURN(std::string value,
                            GetString(*n, "value", at / "value", Presence::kRequired));
      ASTA_ASSIGN_OR_RETURN(name.value, Named(ValidateText(value, "", 1000), at / "value"));
      ASTA_ASSIGN_OR_RETURN(std::string lang,
                            GetString(*n, "lang", at / "lang", Presence::kOptional));
      ASTA_ASSIGN_OR_RETURN(name.lang, Named(internal::NormalizeLanguage(lang, ""), at / "lang"));
      ASTA_ASSIGN_OR_RETURN(const JsonValue* types, GetArray(*n, "types", at / "types"));
      if (types == nullptr || types->empty()) {
        return InvalidArgument("expected at least one of ror_display, label, alias, acronym",
                               (at / "types").Field());
      }
      size_t best = kNameTypes.size();
      for (size_t k = 0; k < types->size(); ++k) {
        const JsonValue& t = (*types)[k];
        const auto it = t.is_string()
                            ? std::find_if(kNameTypes.begin(), kNameTypes.end(),
                                           [&](const auto& p) {
                                             return p.first == t.get_ref<const std::string&>();
                                           })
                            : kNameTypes.end();
        if (it == kNameTypes.end()) {
          return InvalidArgument(
              "expected one of ror_display, label, alias, acronym, found " + t.dump(),
              (at / "types")[k].Field());
        }
        best = std::min(best, static_cast<size_t>(it - kNameTypes.begin()));
        if (it == kNameTypes.begin()) ++displays;
      }
      name.kind = std::string(kNameTypes[best].second);
      by_kind[best].push_back(std::move(name));
    }
    if (displays != 1) {
      return InvalidArgument(
          "expected exactly one name typed ror_display, found " + std::to_string(displays),
          names_at.Field());
    }
    org.display_name = by_kind[0].front().value;
    for (auto& group : by_kind) {
      for (OrgName& name : group) org.names.push_back(std::move(name));
    }
    return Ok();
  }

  Status ReadLocations(OrgRecord& org) {
    const JsonPlace locations_at = root_ / "locations";
    ASTA_ASSIGN_OR_RETURN(const JsonValue* locations, GetArray(r_, "locations", locations_at));
    if (locations == nullptr || locations->empty()) {
      return InvalidArgument("expected at least one location", locations_at.Field());
    }
    for (size_t i = 0; i < locations->size(); ++i) {
      ASTA_ASSIGN_OR_RETURN(const JsonValue* l,
                            ObjectAt(*locations, i, locations_at[i], "a location"));
      const JsonPlace at = locations_at[i] / "geonames_details";
      ASTA_ASSIGN_OR_RETURN(const JsonValue* geo, GetObject(*l, "geonames_details", at));
      if (geo == nullptr) return InvalidArgument("required, expected an object", at.Field());
      ASTA_ASSIGN_OR_RETURN(std::string code, GetString(*geo, "country_code", at / "country_code",
                                                        Presence::kRequired));
      ASTA_ASSIGN_OR_RETURN(std::string country,
                            Named(LocationCountry(code, ""), at / "country_code"));
      ASTA_ASSIGN_OR_RETURN(std::string city,
                            GetString(*geo, "name", at / "name", Presence::kOptional));
      ASTA_ASSIGN_OR_RETURN(city, Named(internal::OptionalText(city, "", 200), at / "name"));
      ASTA_ASSIGN_OR_RETURN(std::optional<double> lat, Coordinate(*geo, "lat", 90, at));
      ASTA_ASSIGN_OR_RETURN(std::optional<double> lng, Coordinate(*geo, "lng", 180, at));
      if (i == 0) {
        org.country = std::move(country);
        org.city = std::move(city);
        org.lat = lat;
        org.lng = lng;
      }
    }
    return Ok();
  }

  static Result<std::optional<double>> Coordinate(const JsonValue& geo, std::string_view key,
                                                  double limit, const JsonPlace& geo_at) {
    const auto it = geo.find(key);
    if (it == geo.end() || it->is_null()) return std::optional<double>();
    if (!it->is_number()) {
      return InvalidArgument("expected a number or null, found " + internal::JsonTypeName(*it),
                             (geo_at / key).Field());
    }
    const double v = it->get<double>();
    if (!(v >= -limit && v <= limit)) {
      const std::string bound = std::to_string(static_cast<int>(limit));
      return InvalidArgument(
          "expected a value from -" + bound + " to " + bound + ", found " + it->dump(),
          (geo_at / key).Field());
    }
    return std::optional<double>(v);
  }

  Status ReadTypes(OrgRecord& org) {
    const JsonPlace types_at = root_ / "types";
    ASTA_ASSIGN_OR_RETURN(const JsonValue* types, GetArray(r_, "types", types_at));
    if (types == nullptr || types->empty()) {
      return InvalidArgument("expected at least one of " + Listed(kOrgTypes), types_at.Field());
    }
    for (size_t i = 0; i < types->size(); ++i) {
      const JsonValue& t = (*types)[i];
      if (!t.is_string() || !OneOf(kOrgTypes, t.get_ref<const std::string&>())) {
        return InvalidArgument("expected one of " + Listed(kOrgTypes) + ", found " + t.dump(),
                               types_at[i].Field());
      }
      org.types.push_back(t.get<std::string>());
    }
    return Ok();
  }

  Status ReadRelations(OrgRecord& org) {
    const JsonPlace relations_at = root_ / "relationships";
    ASTA_ASSIGN_OR_RETURN(const JsonValue* relations, GetArray(r_, "relationships", relations_at));
    if (relations == nullptr) return Ok();
    for (size_t i = 0; i < relations->size(); ++i) {
      const JsonPlace at = relations_at[i];
      ASTA_ASSIGN_OR_RETURN(const JsonValue* x, ObjectAt(*relations, i, at, "a relationship"));
      OrgRelation relation;
      ASTA_ASSIGN_OR_RETURN(relation.type, GetString(*x, "type", at / "type", Presence::kRequired));
      relation.type = AsciiLower(relation.type);
      if (!OneOf(kRelationTypes, relation.type)) {
        return InvalidArgument(
            "expected one of " + Listed(kRelationTypes) + ", found '" + relation.type + "'",
            (at / "type").Field());
      }
      ASTA_ASSIGN_OR_RETURN(std::string id, GetString(*x, "id", at / "id", Presence::kRequired));
      ASTA_ASSIGN_OR_RETURN(relation.ror, Named(NormalizeRorId(id), at / "id"));
      ASTA_ASSIGN_OR_RETURN(std::string label,
                            GetString(*x, "label", at / "label", Presence::kOptional));
      ASTA_ASSIGN_OR_RETURN(relation.label,
                            Named(internal::OptionalText(label, "", 1000), at / "label"));
      org.relations.push_back(std::move(relation));
    }
    return Ok();
  }

  Status ReadStrings(std::string_view key, size_t max_code_points, std::vector<std::string>& out) {
    const JsonPlace list_at = root_ / key;
    ASTA_ASSIGN_OR_RETURN(const JsonValue* values, GetArray(r_, key, list_at));
    if (values == nullptr) return Ok();
    for (size_t i = 0; i < values->size(); ++i) {
      const JsonValue& v = (*values)[i];
      if (!v.is_string()) {
        return InvalidArgument("expected a string, found " + internal::JsonTypeName(v),
                               list_at[i].Field());
      }
      ASTA_ASSIGN_OR_RETURN(
          std::string text,
          Named(ValidateText(v.get_ref<const std::string&>(), "", max_code_points), list_at[i]));
      out.push_back(std::move(text));
    }
    return Ok();
  }

  Status ReadLinks(OrgRecord& org) {
    const JsonPlace links_at = root_ / "links";
    ASTA_ASSIGN_OR_RETURN(const JsonValue* links, GetArray(r_, "links", links_at));
    if (links == nullptr) return Ok();
    for (size_t i = 0; i < links->size(); ++i) {
      const JsonPlace at = links_at[i];
      ASTA_ASSIGN_OR_RETURN(const JsonValue* l, ObjectAt(*links, i, at, "a link"));
      ASTA_ASSIGN_OR_RETURN(std::string value,
                            GetString(*l, "value", at / "value", Presence::kRequired));
      ASTA_ASSIGN_OR_RETURN(value, Named(ValidateText(value, "", 2000), at / "value"));
      org.links.push_back(std::move(value));
    }
    return Ok();
  }

  Status ReadEstablished(OrgRecord& org) {
    const auto it = r_.find("established");
    if (it == r_.end() || it->is_null()) return Ok();
    const int last = internal::CurrentYear() + 1;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > last) {
      return InvalidArgument(
          "expected a year from 1 to " + std::to_string(last) + " or null, found " + it->dump(),
          (root_ / "established").Field());
    }
    org.established = static_cast<int>(it->get<std::int64_t>());
    return Ok();
  }

  Status ReadExternalIds(OrgRecord& org) {
    const JsonPlace ids_at = root_ / "external_ids";
    ASTA_ASSIGN_OR_RETURN(const JsonValue* ids, GetArray(r_, "external_ids", ids_at));
    if (ids == nullptr) return Ok();
    for (size_t i = 0; i < ids->size(); ++i) {
      const JsonPlace at = ids_at[i];
      ASTA_ASSIGN_OR_RETURN(const JsonValue* x, ObjectAt(*ids, i, at, "an external id"));
      ASTA_ASSIGN_OR_RETURN(std::string type,
                            GetString(*x, "type", at / "type", Presence::kRequired));
      type = AsciiLower(type);
      if (!OneOf(kExternalIdTypes, type)) continue;  // a type ROR may add later
      ASTA_ASSIGN_OR_RETURN(std::string value,
                            GetString(*x, "preferred", at / "preferred", Presence::kOptional));
      JsonPlace value_at = at / "preferred";
      ASTA_ASSIGN_OR_RETURN(const JsonValue* all, GetArray(*x, "all", at / "all"));
      if (all != nullptr) {
        for (size_t k = 0; k < all->size(); ++k) {
          if (!(*all)[k].is_string()) {
            return InvalidArgument("expected a string, found " + internal::JsonTypeName((*all)[k]),
                                   (at / "all")[k].Field());
          }
        }
        if (Trim(value).empty() && !all->empty()) {
          value = (*all)[0].get<std::string>();
          value_at = (at / "all")[0];
        }
      }
      if (Trim(value).empty() || org.external_ids.count(type) != 0) continue;
      ASTA_ASSIGN_OR_RETURN(value, Named(ValidateText(value, "", 200), value_at));
      org.external_ids.emplace(type, std::move(value));
    }
    return Ok();
  }

  Status ReadAdmin(OrgRecord& org) {
    const JsonPlace admin_at = root_ / "admin";
    ASTA_ASSIGN_OR_RETURN(const JsonValue* admin, GetObject(r_, "admin", admin_at));
    if (admin == nullptr) return InvalidArgument("required, expected an object", admin_at.Field());
    const JsonPlace modified_at = admin_at / "last_modified";
    ASTA_ASSIGN_OR_RETURN(const JsonValue* modified,
                          GetObject(*admin, "last_modified", modified_at));
    if (modified == nullptr) {
      return InvalidArgument("required, expected an object", modified_at.Field());
    }
    const JsonPlace at = modified_at / "date";
    ASTA_ASSIGN_OR_RETURN(std::string date, GetString(*modified, "date", at, Presence::kRequired));
    ASTA_ASSIGN_OR_RETURN(org.last_modified, Named(internal::NormalizeDate(date, ""), at));
    if (org.last_modified.size() != 10) {
      return InvalidArgument("expected a date YYYY-MM-DD, found '" + date + "'", at.Field());
    }
    return Ok();
  }

  const JsonValue& r_;
  const JsonPlace root_;
};

std::string Prefixed(std::string_view prefix, std::string text) {
  return prefix.empty() ? text : std::string(prefix) + " " + text;
}

Result<std::vector<OrgRecord>> ReadRecords(std::string_view text, std::string_view prefix) {
  const internal::LineIndex lines(text);
  ASTA_ASSIGN_OR_RETURN(std::vector<internal::JsonText> chunks,
                        internal::SplitJsonRecords(text, lines, prefix));
  if (chunks.empty()) {
    return InvalidArgument("the dump holds no ROR records", Prefixed(prefix, "line 1"));
  }
  std::vector<OrgRecord> out;
  out.reserve(chunks.size());
  std::unordered_map<std::string, size_t> seen;  // ROR id → 1-based record number
  for (size_t k = 0; k < chunks.size(); ++k) {
    ASTA_ASSIGN_OR_RETURN(JsonValue record, internal::ParseJsonText(chunks[k], lines, prefix));
    std::string where = Prefixed(prefix, "record " + std::to_string(k + 1));
    if (!record.is_object()) {
      return InvalidArgument(
          "expected a ROR record (a JSON object), found " + internal::JsonTypeName(record), where);
    }
    const auto id = record.find("id");
    if (id != record.end() && id->is_string() && id->get_ref<const std::string&>().size() <= 60) {
      where += " (" + id->get<std::string>() + ")";
    }
    ASTA_ASSIGN_OR_RETURN(OrgRecord org, RecordReader(record, where).Read());
    const auto [it, inserted] = seen.emplace(org.ror, k + 1);
    if (!inserted) {
      return InvalidArgument("duplicate ROR id https://ror.org/" + org.ror + ": records " +
                                 std::to_string(it->second) + " and " + std::to_string(k + 1),
                             At(where, "id"));
    }
    out.push_back(std::move(org));
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The entry of a release zip to read: the only JSON file, or the only _schema_v2 one.
Result<std::string> ChooseZipEntry(const std::vector<std::string>& entries, std::string_view name) {
  std::vector<std::string> json_files, v2_files;
  for (const std::string& entry : entries) {
    const std::string lower = AsciiLower(entry);
    const size_t slash = lower.rfind('/');
    const std::string_view base = slash == std::string::npos
                                      ? std::string_view(lower)
                                      : std::string_view(lower).substr(slash + 1);
    if (base.empty() || lower.rfind("__macosx/", 0) == 0 || base.substr(0, 2) == "._") continue;
    if (!(EndsWith(base, ".json") || EndsWith(base, ".jsonl") || EndsWith(base, ".json.gz") ||
          EndsWith(base, ".jsonl.gz"))) {
      continue;
    }
    json_files.push_back(entry);
    if (lower.find("_schema_v2") != std::string::npos) v2_files.push_back(entry);
  }
  const auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  };
  if (v2_files.size() == 1) return v2_files.front();
  if (v2_files.size() > 1) {
    return InvalidArgument(
        "the archive holds several _schema_v2 JSON files (" + joined(v2_files) + "); expected one",
        std::string(name));
  }
  if (json_files.size() == 1) return json_files.front();
  if (json_files.empty()) {
    return InvalidArgument("the archive holds no .json or .jsonl file", std::string(name));
  }
  return InvalidArgument("the archive holds several JSON files (" + joined(json_files) +
                             "); expected one, or one named …_schema_v2.json",
                         std::string(name));
}

Result<std::vector<OrgRecord>> ReadDump(std::string_view bytes, std::string_view name) {
  if (internal::IsZip(bytes)) {
    ASTA_ASSIGN_OR_RETURN(std::vector<std::string> entries, internal::ListZip(bytes, name));
    ASTA_ASSIGN_OR_RETURN(std::string entry, ChooseZipEntry(entries, name));
    ASTA_ASSIGN_OR_RETURN(
        std::string content,
        internal::ReadZipEntry(bytes, entry, name, internal::kMaxDecompressedBytes));
    if (internal::IsGzip(content)) {
      ASTA_ASSIGN_OR_RETURN(content,
                            internal::Gunzip(content, entry, internal::kMaxDecompressedBytes));
    }
    return ReadRecords(content, entry);
  }
  if (internal::IsGzip(bytes)) {
    ASTA_ASSIGN_OR_RETURN(std::string text,
                          internal::Gunzip(bytes, name, internal::kMaxDecompressedBytes));
    return ReadRecords(text, "");
  }
  return ReadRecords(bytes, "");
}

}  // namespace

Result<std::string> NormalizeRorId(std::string_view text, std::string_view field) {
  std::string s = AsciiLower(Trim(text));
  for (std::string_view prefix : {"https://ror.org/", "http://ror.org/", "ror.org/"}) {
    if (s.rfind(prefix, 0) == 0) {
      s.erase(0, prefix.size());
      break;
    }
  }
  const auto bad = [&](const std::string& why) {
    return InvalidArgument(
        "not a valid ROR id: " + why + ", found '" + std::string(Trim(text)) + "'",
        std::string(field));
  };
  if (s.size() != 9) return bad("expected 9 characters such as 0000cg692");
  if (s[0] != '0') return bad("a ROR id starts with 0");
  std::uint64_t value = 0;
  for (size_t i = 0; i < 7; ++i) {
    const size_t digit = kCrockford.find(s[i]);
    if (digit == std::string_view::npos) {
      return bad("characters 2 to 7 are base32 (0-9 and a-z without i, l, o, u)");
    }
    value = value * 32 + digit;
  }
  if (s[7] < '0' || s[7] > '9' || s[8] < '0' || s[8] > '9') {
    return bad("the last two characters are checksum digits");
  }
  const std::uint64_t checksum = static_cast<std::uint64_t>((s[7] - '0') * 10 + (s[8] - '0'));
  // ISO 7064 MOD 97-10, as ROR computes it.
  if (checksum != 98 - (value * 100) % 97) return bad("the checksum digits do not match");
  return s;
}

Result<std::vector<OrgRecord>> ReadRorDumpBytes(std::string_view bytes, std::string_view name) {
  try {
    return ReadDump(bytes, name);
  } catch (const std::bad_alloc&) {
    return ResourceExhausted("not enough memory to read " + std::string(name));
  } catch (const std::exception& e) {
    return Internal("unexpected failure reading " + std::string(name) + ": " + e.what());
  }
}

Result<std::vector<OrgRecord>> ReadRorDump(const std::filesystem::path& path) {
  ASTA_ASSIGN_OR_RETURN(std::string bytes, internal::ReadFileBytes(path));
  return ReadRorDumpBytes(bytes, path.filename().string());
}

}  // namespace asta::network
