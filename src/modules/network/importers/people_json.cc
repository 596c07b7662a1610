// asta people JSON (the format is documented in people.h): PeopleToJson and its reader.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <new>

#include "core/text.h"
#include "modules/network/importers/internal.h"
#include "modules/network/importers/people.h"

namespace asta::network {
namespace {

using internal::At;
using internal::GetArray;
using internal::GetString;
using internal::Path;
using internal::PersonField;
using internal::Presence;

constexpr std::string_view kFormat = "asta.people";
constexpr int kVersion = 1;

constexpr std::array<std::string_view, 19> kPersonKeys = {"person_id",
                                                          "name",
                                                          "latin_name",
                                                          "other_names",
                                                          "orcid",
                                                          "emails",
                                                          "nationality",
                                                          "residence_countries",
                                                          "affiliations",
                                                          "fields",
                                                          "keywords",
                                                          "themes",
                                                          "bio_en",
                                                          "bio_ja",
                                                          "career_stage",
                                                          "publications",
                                                          "japan_experience",
                                                          "relations",
                                                          "projects"};

Json OptYear(const std::optional<int>& year) { return year ? Json(*year) : Json(nullptr); }

Json Strings(const std::vector<std::string>& values) {
  Json out = Json::array();
  for (const std::string& v : values) out.push_back(v);
  return out;
}

Json PersonToJson(const PersonRecord& p) {
  Json other_names = Json::array();
  for (const PersonName& n : p.other_names) {
    other_names.push_back(Json{{"value", n.value}, {"lang", n.lang}});
  }
  Json affiliations = Json::array();
  for (const Affiliation& a : p.affiliations) {
    affiliations.push_back(Json{{"ror", a.org_ror},
                                {"name", a.org_name},
                                {"role", a.role},
                                {"start", a.start},
                                {"end", a.end}});
  }
  Json publications = Json::array();
  for (const Publication& w : p.publications) {
    publications.push_back(Json{{"title", w.title},
                                {"abstract", w.abstract},
                                {"doi", w.doi},
                                {"year", w.year ? Json(*w.year) : Json(nullptr)},
                                {"coauthors", Strings(w.coauthors)}});
  }
  Json experience = Json::array();
  for (const JapanExperience& x : p.japan_experience) {
    experience.push_back(Json{{"kind", x.kind},
                              {"host_ror", x.host_ror},
                              {"host_name", x.host_name},
                              {"start", x.start},
                              {"end", x.end},
                              {"funding", x.funding_scheme}});
  }
  Json relations = Json::array();
  for (const PersonRelation& r : p.relations) {
    relations.push_back(
        Json{{"kind", r.kind},
             {"level", r.level},
             {"other_person_id", r.other_person_id ? Json(*r.other_person_id) : Json(nullptr)},
             {"name", r.other_name},
             {"email", r.other_email},
             {"start_year", OptYear(r.start_year)},
             {"end_year", OptYear(r.end_year)}});
  }
  Json projects = Json::array();
  for (const PersonProject& x : p.projects) {
    projects.push_back(Json{{"name", x.name},
                            {"identifier", x.identifier},
                            {"start_year", OptYear(x.start_year)},
                            {"end_year", OptYear(x.end_year)}});
  }
  Json j = Json::object();
  j["person_id"] = p.source_id;
  j["name"] = p.name;
  j["latin_name"] = p.latin_name;
  j["other_names"] = std::move(other_names);
  j["orcid"] = p.orcid;
  j["emails"] = Strings(p.emails);
  j["nationality"] = p.nationality;
  j["residence_countries"] = Strings(p.residence_countries);
  j["affiliations"] = std::move(affiliations);
  j["fields"] = Strings(p.fields);
  j["keywords"] = Strings(p.keywords);
  j["themes"] = Strings(p.themes);
  j["bio_en"] = p.bio_en;
  j["bio_ja"] = p.bio_ja;
  j["career_stage"] = p.career_stage;
  j["publications"] = std::move(publications);
  j["japan_experience"] = std::move(experience);
  j["relations"] = std::move(relations);
  j["projects"] = std::move(projects);
  return j;
}

// Reads one person object; `where` is "record 3 (p-001)".
template <class J>
class PersonReader {
 public:
  PersonReader(const J& object, std::string where) : o_(object), where_(std::move(where)) {}

  Result<PersonRecord> Read() {
    for (const auto& [key, value] : o_.items()) {
      if (std::find(kPersonKeys.begin(), kPersonKeys.end(), key) == kPersonKeys.end()) {
        return InvalidArgument("unknown key " + key, F(key));
      }
    }
    PersonRecord p;
    ASTA_ASSIGN_OR_RETURN(p.source_id, String(o_, "person_id", "", Presence::kRequired));
    ASTA_ASSIGN_OR_RETURN(p.name, String(o_, "name", "", Presence::kRequired));
    ASTA_ASSIGN_OR_RETURN(p.latin_name, String(o_, "latin_name", ""));
    ASTA_ASSIGN_OR_RETURN(p.orcid, String(o_, "orcid", ""));
    ASTA_ASSIGN_OR_RETURN(p.nationality, String(o_, "nationality", ""));
    ASTA_ASSIGN_OR_RETURN(p.career_stage, String(o_, "career_stage", ""));
    ASTA_ASSIGN_OR_RETURN(p.bio_en, String(o_, "bio_en", ""));
    ASTA_ASSIGN_OR_RETURN(p.bio_ja, String(o_, "bio_ja", ""));
    ASTA_ASSIGN_OR_RETURN(p.emails, Strings(o_, "emails", ""));
    ASTA_ASSIGN_OR_RETURN(p.residence_countries, Strings(o_, "residence_countries", ""));
    ASTA_ASSIGN_OR_RETURN(p.fields, Strings(o_, "fields", ""));
    ASTA_ASSIGN_OR_RETURN(p.keywords, Strings(o_, "keywords", ""));
    ASTA_ASSIGN_OR_RETURN(p.themes, Strings(o_, "themes", ""));
    ASTA_RETURN_IF_ERROR(Items(
        "other_names", {"value", "lang"}, [&](const J& item, const std::string& path) -> Status {
          PersonName n;
          ASTA_ASSIGN_OR_RETURN(n.value, String(item, "value", path, Presence::kRequired));
          ASTA_ASSIGN_OR_RETURN(n.lang, String(item, "lang", path));
          p.other_names.push_back(std::move(n));
          return Ok();
        }));
    ASTA_RETURN_IF_ERROR(Items("affiliations", {"ror", "name", "role", "start", "end"},
                               [&](const J& item, const std::string& path) -> Status {
                                 Affiliation a;
                                 ASTA_ASSIGN_OR_RETURN(a.org_ror, String(item, "ror", path));
                                 ASTA_ASSIGN_OR_RETURN(a.org_name, String(item, "name", path));
                                 ASTA_ASSIGN_OR_RETURN(a.role, String(item, "role", path));
                                 ASTA_ASSIGN_OR_RETURN(a.start, String(item, "start", path));
                                 ASTA_ASSIGN_OR_RETURN(a.end, String(item, "end", path));
                                 p.affiliations.push_back(std::move(a));
                                 return Ok();
                               }));
    ASTA_RETURN_IF_ERROR(
        Items("japan_experience", {"kind", "host_ror", "host_name", "start", "end", "funding"},
              [&](const J& item, const std::string& path) -> Status {
                JapanExperience x;
                ASTA_ASSIGN_OR_RETURN(x.kind, String(item, "kind", path, Presence::kRequired));
                ASTA_ASSIGN_OR_RETURN(x.host_ror, String(item, "host_ror", path));
                ASTA_ASSIGN_OR_RETURN(x.host_name, String(item, "host_name", path));
                ASTA_ASSIGN_OR_RETURN(x.start, String(item, "start", path));
                ASTA_ASSIGN_OR_RETURN(x.end, String(item, "end", path));
                ASTA_ASSIGN_OR_RETURN(x.funding_scheme, String(item, "funding", path));
                p.japan_experience.push_back(std::move(x));
                return Ok();
              }));
    ASTA_RETURN_IF_ERROR(Items(
        "publications", {"title", "abstract", "doi", "year", "coauthors"},
        [&](const J& item, const std::string& path) -> Status {
          Publication w;
          ASTA_ASSIGN_OR_RETURN(w.title, String(item, "title", path, Presence::kRequired));
          ASTA_ASSIGN_OR_RETURN(w.abstract, String(item, "abstract", path));
          ASTA_ASSIGN_OR_RETURN(w.doi, String(item, "doi", path));
          ASTA_ASSIGN_OR_RETURN(w.coauthors, Strings(item, "coauthors", path));
          const auto year = item.find("year");
          if (year != item.end() && !year->is_null()) {
            if (!year->is_number_integer()) {
              return InvalidArgument(
                  "expected a year (an integer) or null, found " + internal::JsonTypeName(*year),
                  F(Path(path, "year")));
            }
            const auto v = year->template get<std::int64_t>();
            if (v < -100000 || v > 100000) {
              return InvalidArgument("expected a publication year, found " + year->dump(),
                                     F(Path(path, "year")));
            }
            w.year = static_cast<int>(v);
          }
          p.publications.push_back(std::move(w));
          return Ok();
        }));
    ASTA_RETURN_IF_ERROR(
        Items("relations",
              {"kind", "level", "other_person_id", "name", "email", "start_year", "end_year"},
              [&](const J& item, const std::string& path) -> Status {
                PersonRelation r;
                ASTA_ASSIGN_OR_RETURN(r.kind, String(item, "kind", path, Presence::kRequired));
                ASTA_ASSIGN_OR_RETURN(r.level, String(item, "level", path));
                ASTA_ASSIGN_OR_RETURN(r.other_person_id, Integer(item, "other_person_id", path));
                ASTA_ASSIGN_OR_RETURN(r.other_name, String(item, "name", path));
                ASTA_ASSIGN_OR_RETURN(r.other_email, String(item, "email", path));
                ASTA_ASSIGN_OR_RETURN(auto start, Integer(item, "start_year", path));
                ASTA_ASSIGN_OR_RETURN(auto end, Integer(item, "end_year", path));
                r.start_year = Year(start);
                r.end_year = Year(end);
                p.relations.push_back(std::move(r));
                return Ok();
              }));
    ASTA_RETURN_IF_ERROR(
        Items("projects", {"name", "identifier", "start_year", "end_year"},
              [&](const J& item, const std::string& path) -> Status {
                PersonProject x;
                ASTA_ASSIGN_OR_RETURN(x.name, String(item, "name", path, Presence::kRequired));
                ASTA_ASSIGN_OR_RETURN(x.identifier, String(item, "identifier", path));
                ASTA_ASSIGN_OR_RETURN(auto start, Integer(item, "start_year", path));
                ASTA_ASSIGN_OR_RETURN(auto end, Integer(item, "end_year", path));
                x.start_year = Year(start);
                x.end_year = Year(end);
                p.projects.push_back(std::move(x));
                return Ok();
              }));
    return p;
  }

 private:
  std::string F(std::string_view path) const { return At(where_, path); }

  Result<std::string> String(const J& object, std::string_view key, const std::string& base,
                             Presence presence = Presence::kOptional) const {
    return GetString(object, key, F(Path(base, key)), presence);
  }

  // The integer at `object[key]`, nullopt when missing or null; bounded so that it fits
  // (years are checked for their range by the validation).
  Result<std::optional<std::int64_t>> Integer(const J& object, std::string_view key,
                                              const std::string& base) const {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::optional<std::int64_t>();
    if (!it->is_number_integer()) {
      return InvalidArgument("expected an integer or null, found " + internal::JsonTypeName(*it),
                             F(Path(base, key)));
    }
    const auto v = it->template get<std::int64_t>();
    if (v < -1000000000 || v > 1000000000000000LL) {
      return InvalidArgument("expected a smaller integer, found " + it->dump(), F(Path(base, key)));
    }
    return std::optional<std::int64_t>(v);
  }

  // A year read by Integer: outside int range it stays out of range (checked later).
  static std::optional<int> Year(const std::optional<std::int64_t>& v) {
    if (!v) return std::nullopt;
    if (*v < -100000 || *v > 100000) return -1;
    return static_cast<int>(*v);
  }

  Result<std::vector<std::string>> Strings(const J& object, std::string_view key,
                                           const std::string& base) const {
    const std::string path = Path(base, key);
    ASTA_ASSIGN_OR_RETURN(const J* values, GetArray(object, key, F(path)));
    std::vector<std::string> out;
    if (values == nullptr) return out;
    for (size_t i = 0; i < values->size(); ++i) {
      const J& v = (*values)[i];
      if (!v.is_string()) {
        return InvalidArgument("expected a string, found " + internal::JsonTypeName(v),
                               F(Path(path, i)));
      }
      out.push_back(v.template get<std::string>());
    }
    return out;
  }

  // Calls `read` for each object of the array at `key`, whose keys must be in `keys`.
  template <class Fn>
  Status Items(std::string_view key, std::initializer_list<std::string_view> keys, Fn read) const {
    ASTA_ASSIGN_OR_RETURN(const J* items, GetArray(o_, key, F(key)));
    if (items == nullptr) return Ok();
    for (size_t i = 0; i < items->size(); ++i) {
      const J& item = (*items)[i];
      const std::string path = Path(key, i);
      if (!item.is_object()) {
        return InvalidArgument("expected an object, found " + internal::JsonTypeName(item),
                               F(path));
      }
      for (const auto& [k, v] : item.items()) {
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
          return InvalidArgument("unknown key " + k, F(Path(path, k)));
        }
      }
      ASTA_RETURN_IF_ERROR(read(item, path));
    }
    return Ok();
  }

  const J& o_;
  std::string where_;
};

PersonField JsonField(const std::string& where) {
  return [where](std::string_view column, size_t item, std::string_view key) {
    if (item == 0) return At(where, column);
    std::string path = Path(column, item - 1);
    if (key == "coauthor") key = "coauthors";
    if (!key.empty()) path = Path(path, key);
    return At(where, path);
  };
}

template <class J>
Result<std::vector<PersonRecord>> FromDocument(const J& document) {
  const J* list = nullptr;
  if (document.is_array()) {
    list = &document;
  } else if (document.is_object()) {
    for (const auto& [key, value] : document.items()) {
      if (key != "format" && key != "version" && key != "people") {
        return InvalidArgument("unknown key " + key + " (expected format, version, people)", key);
      }
    }
    ASTA_ASSIGN_OR_RETURN(std::string format,
                          GetString(document, "format", "format", Presence::kOptional));
    if (!format.empty() && format != kFormat) {
      return InvalidArgument("expected \"" + std::string(kFormat) + "\", found \"" + format + "\"",
                             "format");
    }
    const auto version = document.find("version");
    if (version != document.end() && !(version->is_number_integer() && *version == kVersion)) {
      return InvalidArgument(
          "expected version " + std::to_string(kVersion) + ", found " + version->dump(), "version");
    }
    ASTA_ASSIGN_OR_RETURN(list, GetArray(document, "people", "people"));
    if (list == nullptr) return InvalidArgument("required, expected an array", "people");
  } else {
    return InvalidArgument(
        "expected an object {\"format\": \"asta.people\", \"people\": [...]}, "
        "found " +
            internal::JsonTypeName(document),
        "");
  }
  std::vector<PersonRecord> people;
  std::vector<std::string> places;
  std::vector<PersonField> fields;
  for (size_t i = 0; i < list->size(); ++i) {
    const J& item = (*list)[i];
    const std::string place = "record " + std::to_string(i + 1);
    std::string where = place;
    if (!item.is_object()) {
      return InvalidArgument("expected a person object, found " + internal::JsonTypeName(item),
                             where);
    }
    const auto id = item.find("person_id");
    if (id != item.end() && id->is_string() &&
        id->template get_ref<const std::string&>().size() <= 60) {
      where += " (" + id->template get<std::string>() + ")";
    }
    ASTA_ASSIGN_OR_RETURN(PersonRecord p, PersonReader<J>(item, where).Read());
    PersonField field = JsonField(where);
    ASTA_RETURN_IF_ERROR(internal::NormalizePerson(p, field));
    people.push_back(std::move(p));
    places.push_back(place);
    fields.push_back(std::move(field));
  }
  ASTA_RETURN_IF_ERROR(internal::CheckUniquePeople(people, places, fields));
  return people;
}

}  // namespace

Json PeopleToJson(const std::vector<PersonRecord>& people) {
  Json list = Json::array();
  for (const PersonRecord& p : people) list.push_back(PersonToJson(p));
  Json document = Json::object();
  document["format"] = kFormat;
  document["version"] = kVersion;
  document["people"] = std::move(list);
  return document;
}

Result<std::vector<PersonRecord>> PeopleFromJson(const Json& document) {
  try {
    return FromDocument(document);
  } catch (const std::bad_alloc&) {
    return ResourceExhausted("not enough memory to read the people");
  } catch (const std::exception& e) {
    return Internal(std::string("unexpected failure reading the people: ") + e.what());
  }
}

Result<std::vector<PersonRecord>> ReadPeopleJsonBytes(std::string_view bytes) {
  try {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    const internal::LineIndex lines(bytes);
    ASTA_ASSIGN_OR_RETURN(internal::JsonValue document,
                          internal::ParseJsonText({0, bytes}, lines, ""));
    return FromDocument(document);
  } catch (const std::bad_alloc&) {
    return ResourceExhausted("not enough memory to read the people");
  } catch (const std::exception& e) {
    return Internal(std::string("unexpected failure reading the people: ") + e.what());
  }
}

Result<std::vector<PersonRecord>> ReadPeopleJson(const std::filesystem::path& path) {
  ASTA_ASSIGN_OR_RETURN(std::string bytes, internal::ReadFileBytes(path));
  return ReadPeopleJsonBytes(bytes);
}

}  // namespace asta::network
