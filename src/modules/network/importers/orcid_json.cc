// ORCID public API v3.0 record JSON (the mapping is documented in people.h): each
// record's person and activities summary into a PersonRecord.
#include <algorithm>
#include <new>
#include <unordered_map>

#include "core/countries.h"
#include "core/text.h"
#include "modules/network/importers/internal.h"
#include "modules/network/importers/people.h"
#include "modules/network/importers/ror_dump.h"

namespace asta::network {
namespace {

using internal::At;
using internal::GetArray;
using internal::GetObject;
using internal::GetString;
using internal::JsonValue;
using internal::Path;
using internal::PersonField;
using internal::Presence;

constexpr size_t kNameLength = 300;

enum class Activity { kEmployment, kEducation, kInvitedPosition };

std::string Contains(std::string_view text, std::initializer_list<std::string_view> words) {
  const std::string lower = AsciiLower(text);
  for (std::string_view w : words) {
    if (lower.find(w) != std::string::npos) return std::string(w);
  }
  return {};
}

// Reads one ORCID record; `where` is "record 2 (0000-0002-1825-0097)".
class OrcidReader {
 public:
  OrcidReader(const JsonValue& record, std::string where) : r_(record), where_(std::move(where)) {}

  Result<PersonRecord> Read() {
    ASTA_ASSIGN_OR_RETURN(const JsonValue* ident,
                          GetObject(r_, "orcid-identifier", F("orcid-identifier")));
    if (ident == nullptr) {
      return InvalidArgument(
          "required: an ORCID v3.0 record (the /v3.0/{orcid}/record response) has it",
          F("orcid-identifier"));
    }
    ASTA_ASSIGN_OR_RETURN(std::string path, GetString(*ident, "path", F("orcid-identifier.path"),
                                                      Presence::kRequired));
    ASTA_ASSIGN_OR_RETURN(p_.orcid, NormalizeOrcid(path, F("orcid-identifier.path")));
    p_.source_id = p_.orcid;
    ASTA_ASSIGN_OR_RETURN(const JsonValue* person, GetObject(r_, "person", F("person")));
    ASTA_RETURN_IF_ERROR(ReadNames(person));
    if (person != nullptr) {
      ASTA_RETURN_IF_ERROR(ReadPerson(*person));
    }
    ASTA_ASSIGN_OR_RETURN(const JsonValue* activities,
                          GetObject(r_, "activities-summary", F("activities-summary")));
    if (activities != nullptr) {
      ASTA_RETURN_IF_ERROR(ReadAffiliations(*activities, "employments", "employment-summary",
                                            Activity::kEmployment));
      ASTA_RETURN_IF_ERROR(
          ReadAffiliations(*activities, "educations", "education-summary", Activity::kEducation));
      ASTA_RETURN_IF_ERROR(ReadAffiliations(*activities, "invited-positions",
                                            "invited-position-summary",
                                            Activity::kInvitedPosition));
      ASTA_RETURN_IF_ERROR(ReadWorks(*activities));
    }
    return std::move(p_);
  }

 private:
  std::string F(std::string_view path) const { return At(where_, path); }

  // The "value" of {"value": "…"} at object[key]; "" when missing or null.
  Result<std::string> ValueOf(const JsonValue& object, std::string_view key,
                              const std::string& base) const {
    ASTA_ASSIGN_OR_RETURN(const JsonValue* holder, GetObject(object, key, F(Path(base, key))));
    if (holder == nullptr) return std::string();
    return GetString(*holder, "value", F(Path(Path(base, key), "value")), Presence::kOptional);
  }

  // The objects of the array at object[a][b] (e.g. other-names.other-name), with paths.
  Result<std::vector<std::pair<const JsonValue*, std::string>>> Nested(
      const JsonValue& object, std::string_view a, std::string_view b,
      const std::string& base) const {
    std::vector<std::pair<const JsonValue*, std::string>> out;
    const std::string outer = Path(base, a);
    ASTA_ASSIGN_OR_RETURN(const JsonValue* holder, GetObject(object, a, F(outer)));
    if (holder == nullptr) return out;
    const std::string inner = Path(outer, b);
    ASTA_ASSIGN_OR_RETURN(const JsonValue* list, GetArray(*holder, b, F(inner)));
    if (list == nullptr) return out;
    for (size_t i = 0; i < list->size(); ++i) {
      const JsonValue& item = (*list)[i];
      if (!item.is_object()) {
        return InvalidArgument("expected an object, found " + internal::JsonTypeName(item),
                               F(Path(inner, i)));
      }
      out.emplace_back(&item, Path(inner, i));
    }
    return out;
  }

  Status ReadNames(const JsonValue* person) {
    std::string given, family, credit;
    std::vector<std::pair<std::string, std::string>> others;  // value, path
    if (person != nullptr) {
      ASTA_ASSIGN_OR_RETURN(const JsonValue* name, GetObject(*person, "name", F("person.name")));
      if (name != nullptr) {
        ASTA_ASSIGN_OR_RETURN(given, ValueOf(*name, "given-names", "person.name"));
        ASTA_ASSIGN_OR_RETURN(family, ValueOf(*name, "family-name", "person.name"));
        ASTA_ASSIGN_OR_RETURN(credit, ValueOf(*name, "credit-name", "person.name"));
        ASTA_ASSIGN_OR_RETURN(
            given, internal::OptionalText(given, F("person.name.given-names.value"), kNameLength));
        ASTA_ASSIGN_OR_RETURN(family, internal::OptionalText(
                                          family, F("person.name.family-name.value"), kNameLength));
        ASTA_ASSIGN_OR_RETURN(credit, internal::OptionalText(
                                          credit, F("person.name.credit-name.value"), kNameLength));
      }
      ASTA_ASSIGN_OR_RETURN(auto items, Nested(*person, "other-names", "other-name", "person"));
      for (const auto& [item, path] : items) {
        ASTA_ASSIGN_OR_RETURN(
            std::string content,
            GetString(*item, "content", F(Path(path, "content")), Presence::kOptional));
        ASTA_ASSIGN_OR_RETURN(
            content, internal::OptionalText(content, F(Path(path, "content")), kNameLength));
        if (!content.empty()) others.emplace_back(std::move(content), path);
      }
    }
    if (!given.empty() && !family.empty()) {
      const bool cjk = internal::IsCjkName(given) && internal::IsCjkName(family);
      p_.name = cjk ? family + given : given + " " + family;
    } else if (!given.empty() || !family.empty()) {
      p_.name = given + family;
    } else {
      p_.name = credit;
    }
    if (p_.name.empty()) {
      return InvalidArgument(
          "the record has no public name (given-names, family-name or "
          "credit-name)",
          F("person.name"));
    }
    if (!internal::HasLatinLetter(p_.name)) {
      if (!credit.empty() && internal::IsLatinScript(credit)) {
        p_.latin_name = credit;
      } else {
        for (const auto& other : others) {
          if (internal::IsLatinScript(other.first)) {
            p_.latin_name = other.first;
            break;
          }
        }
      }
      if (p_.latin_name.empty()) {
        return InvalidArgument(
            "the name has no Latin letter, and neither credit-name nor other-names gives it "
            "in Latin letters",
            F("person.name"));
      }
    }
    const auto add_other = [&](const std::string& value) {
      if (value == p_.name || value == p_.latin_name) return;
      for (const PersonName& n : p_.other_names) {
        if (n.value == value) return;
      }
      p_.other_names.push_back({value, ""});
    };
    if (!credit.empty()) add_other(credit);
    for (const auto& other : others) add_other(other.first);
    return Ok();
  }

  Status ReadPerson(const JsonValue& person) {
    ASTA_ASSIGN_OR_RETURN(auto emails, Nested(person, "emails", "email", "person"));
    for (const auto& [item, path] : emails) {
      const std::string field = F(Path(path, "email"));
      ASTA_ASSIGN_OR_RETURN(std::string text,
                            GetString(*item, "email", field, Presence::kRequired));
      ASTA_ASSIGN_OR_RETURN(std::string email, NormalizeEmail(text, field));
      if (std::find(p_.emails.begin(), p_.emails.end(), email) == p_.emails.end()) {
        p_.emails.push_back(std::move(email));
      }
    }
    ASTA_ASSIGN_OR_RETURN(auto addresses, Nested(person, "addresses", "address", "person"));
    for (const auto& [item, path] : addresses) {
      ASTA_ASSIGN_OR_RETURN(std::string code, ValueOf(*item, "country", path));
      if (Trim(code).empty()) continue;
      ASTA_ASSIGN_OR_RETURN(std::string country,
                            NormalizeCountry(code, F(Path(Path(path, "country"), "value"))));
      if (std::find(p_.residence_countries.begin(), p_.residence_countries.end(), country) ==
          p_.residence_countries.end()) {
        p_.residence_countries.push_back(std::move(country));
      }
    }
    ASTA_ASSIGN_OR_RETURN(auto keywords, Nested(person, "keywords", "keyword", "person"));
    for (const auto& [item, path] : keywords) {
      const std::string field = F(Path(path, "content"));
      ASTA_ASSIGN_OR_RETURN(std::string content,
                            GetString(*item, "content", field, Presence::kOptional));
      ASTA_ASSIGN_OR_RETURN(content, internal::OptionalText(content, field, 300));
      if (!content.empty() &&
          std::find(p_.keywords.begin(), p_.keywords.end(), content) == p_.keywords.end()) {
        p_.keywords.push_back(std::move(content));
      }
    }
    ASTA_ASSIGN_OR_RETURN(const JsonValue* bio,
                          GetObject(person, "biography", F("person.biography")));
    if (bio != nullptr) {
      const std::string field = F("person.biography.content");
      ASTA_ASSIGN_OR_RETURN(std::string content,
                            GetString(*bio, "content", field, Presence::kOptional));
      ASTA_ASSIGN_OR_RETURN(content, internal::LongText(content, field, 20000));
      (internal::HasKana(content) ? p_.bio_ja : p_.bio_en) = std::move(content);
    }
    return Ok();
  }

  // A fuzzy date {"year": {"value": "2015"}, "month": {"value": "04"}, "day": null}.
  Result<std::string> FuzzyDate(const JsonValue& object, std::string_view key,
                                const std::string& base) const {
    const std::string path = Path(base, key);
    ASTA_ASSIGN_OR_RETURN(const JsonValue* date, GetObject(object, key, F(path)));
    if (date == nullptr) return std::string();
    ASTA_ASSIGN_OR_RETURN(std::string year, ValueOf(*date, "year", path));
    ASTA_ASSIGN_OR_RETURN(std::string month, ValueOf(*date, "month", path));
    ASTA_ASSIGN_OR_RETURN(std::string day, ValueOf(*date, "day", path));
    if (year.empty() && month.empty() && day.empty()) return std::string();
    if (year.empty() || (month.empty() && !day.empty())) {
      return InvalidArgument("a date needs its year, and a day needs its month", F(path));
    }
    const auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
    std::string text = year;
    if (!month.empty()) text += "-" + two(month);
    if (!day.empty()) text += "-" + two(day);
    return internal::NormalizeDate(text, F(path));
  }

  Status ReadAffiliations(const JsonValue& activities, std::string_view section,
                          std::string_view summary_key, Activity activity) {
    ASTA_ASSIGN_OR_RETURN(auto groups,
                          Nested(activities, section, "affiliation-group", "activities-summary"));
    for (const auto& [group, group_path] : groups) {
      const std::string summaries_path = Path(group_path, "summaries");
      ASTA_ASSIGN_OR_RETURN(const JsonValue* summaries,
                            GetArray(*group, "summaries", F(summaries_path)));
      // A group holds the same affiliation as asserted by several sources; the first is
      // the one ORCID shows.
      if (summaries == nullptr || summaries->empty()) continue;
      const JsonValue& holder = summaries->front();
      const std::string holder_path = Path(summaries_path, 0);
      if (!holder.is_object()) {
        return InvalidArgument("expected an object, found " + internal::JsonTypeName(holder),
                               F(holder_path));
      }
      const std::string path = Path(holder_path, summary_key);
      ASTA_ASSIGN_OR_RETURN(const JsonValue* s, GetObject(holder, summary_key, F(path)));
      if (s == nullptr) return InvalidArgument("required, expected an object", F(path));
      ASTA_RETURN_IF_ERROR(ReadAffiliation(*s, path, activity));
    }
    return Ok();
  }

  Status ReadAffiliation(const JsonValue& s, const std::string& path, Activity activity) {
    const std::string org_path = Path(path, "organization");
    ASTA_ASSIGN_OR_RETURN(const JsonValue* org, GetObject(s, "organization", F(org_path)));
    if (org == nullptr) return InvalidArgument("required, expected an object", F(org_path));
    Affiliation a;
    ASTA_ASSIGN_OR_RETURN(std::string name,
                          GetString(*org, "name", F(Path(org_path, "name")), Presence::kRequired));
    ASTA_ASSIGN_OR_RETURN(a.org_name, ValidateText(name, F(Path(org_path, "name")), 300));
    const std::string dis_path = Path(org_path, "disambiguated-organization");
    ASTA_ASSIGN_OR_RETURN(const JsonValue* dis,
                          GetObject(*org, "disambiguated-organization", F(dis_path)));
    if (dis != nullptr) {
      ASTA_ASSIGN_OR_RETURN(
          std::string source,
          GetString(*dis, "disambiguation-source", F(Path(dis_path, "disambiguation-source")),
                    Presence::kOptional));
      if (AsciiLower(Trim(source)) == "ror") {
        const std::string id_path = Path(dis_path, "disambiguated-organization-identifier");
        ASTA_ASSIGN_OR_RETURN(std::string id,
                              GetString(*dis, "disambiguated-organization-identifier", F(id_path),
                                        Presence::kRequired));
        ASTA_ASSIGN_OR_RETURN(a.org_ror, NormalizeRorId(id, F(id_path)));
      }
    }
    std::string country;
    const std::string address_path = Path(org_path, "address");
    ASTA_ASSIGN_OR_RETURN(const JsonValue* address, GetObject(*org, "address", F(address_path)));
    if (address != nullptr) {
      const std::string field = F(Path(address_path, "country"));
      ASTA_ASSIGN_OR_RETURN(std::string code,
                            GetString(*address, "country", field, Presence::kOptional));
      if (!Trim(code).empty()) {
        ASTA_ASSIGN_OR_RETURN(country, NormalizeCountry(code, field));
      }
    }
    const std::string role_path = Path(path, "role-title");
    ASTA_ASSIGN_OR_RETURN(std::string role,
                          GetString(s, "role-title", F(role_path), Presence::kOptional));
    ASTA_ASSIGN_OR_RETURN(a.role, internal::OptionalText(role, F(role_path), 300));
    if (a.role.empty() && activity == Activity::kEducation) a.role = "student";
    ASTA_ASSIGN_OR_RETURN(a.start, FuzzyDate(s, "start-date", path));
    ASTA_ASSIGN_OR_RETURN(a.end, FuzzyDate(s, "end-date", path));
    if (!a.start.empty() && !a.end.empty() && !internal::DateNotAfter(a.start, a.end)) {
      return InvalidArgument("the end " + a.end + " is before the start " + a.start,
                             F(Path(path, "end-date")));
    }
    if (country == "JP") {
      std::string kind;
      if (activity == Activity::kEducation) {
        kind = "degree_study";
      } else if (activity == Activity::kInvitedPosition) {
        kind = "visiting_research";
      } else if (!Contains(a.role, {"postdoc", "post-doc", "post doc"}).empty()) {
        kind = "postdoc";
      } else if (!Contains(a.role, {"fellow"}).empty()) {
        kind = "fellowship";
      } else if (!Contains(a.role, {"visiting"}).empty()) {
        kind = "visiting_research";
      }
      if (!kind.empty()) {
        p_.japan_experience.push_back({kind, a.org_ror, a.org_name, a.start, a.end, ""});
      }
    }
    if (activity != Activity::kInvitedPosition) p_.affiliations.push_back(std::move(a));
    return Ok();
  }

  // The work's own DOI among external-ids.external-id[] at object, or "".
  Result<std::string> Doi(const JsonValue& object, const std::string& base) const {
    ASTA_ASSIGN_OR_RETURN(auto ids, Nested(object, "external-ids", "external-id", base));
    for (const auto& [id, path] : ids) {
      ASTA_ASSIGN_OR_RETURN(std::string type,
                            GetString(*id, "external-id-type", F(Path(path, "external-id-type")),
                                      Presence::kOptional));
      if (AsciiLower(Trim(type)) != "doi") continue;
      ASTA_ASSIGN_OR_RETURN(
          std::string relationship,
          GetString(*id, "external-id-relationship", F(Path(path, "external-id-relationship")),
                    Presence::kOptional));
      // "part-of" is the DOI of the book or journal the work is in.
      const std::string rel = AsciiLower(Trim(relationship));
      if (!rel.empty() && rel != "self") continue;
      std::string value;
      std::string field = F(Path(path, "external-id-value"));
      ASTA_ASSIGN_OR_RETURN(
          const JsonValue* normalized,
          GetObject(*id, "external-id-normalized", F(Path(path, "external-id-normalized"))));
      if (normalized != nullptr) {
        field = F(Path(Path(path, "external-id-normalized"), "value"));
        ASTA_ASSIGN_OR_RETURN(value, GetString(*normalized, "value", field, Presence::kOptional));
      }
      if (Trim(value).empty()) {
        field = F(Path(path, "external-id-value"));
        ASTA_ASSIGN_OR_RETURN(value,
                              GetString(*id, "external-id-value", field, Presence::kRequired));
      }
      return internal::NormalizeDoi(value, field);
    }
    return std::string();
  }

  Status ReadWorks(const JsonValue& activities) {
    ASTA_ASSIGN_OR_RETURN(auto groups, Nested(activities, "works", "group", "activities-summary"));
    for (const auto& [group, group_path] : groups) {
      const std::string list_path = Path(group_path, "work-summary");
      ASTA_ASSIGN_OR_RETURN(const JsonValue* summaries,
                            GetArray(*group, "work-summary", F(list_path)));
      if (summaries == nullptr || summaries->empty()) continue;
      const JsonValue& s = summaries->front();
      const std::string path = Path(list_path, 0);
      if (!s.is_object()) {
        return InvalidArgument("expected an object, found " + internal::JsonTypeName(s), F(path));
      }
      Publication w;
      const std::string title_path = Path(path, "title");
      ASTA_ASSIGN_OR_RETURN(const JsonValue* title, GetObject(s, "title", F(title_path)));
      if (title == nullptr) return InvalidArgument("required, expected an object", F(title_path));
      ASTA_ASSIGN_OR_RETURN(std::string text, ValueOf(*title, "title", title_path));
      ASTA_ASSIGN_OR_RETURN(w.title, ValidateText(text, F(Path(title_path, "title.value")), 2000));
      const std::string date_path = Path(path, "publication-date");
      ASTA_ASSIGN_OR_RETURN(const JsonValue* date, GetObject(s, "publication-date", F(date_path)));
      if (date != nullptr) {
        ASTA_ASSIGN_OR_RETURN(std::string year, ValueOf(*date, "year", date_path));
        if (!Trim(year).empty()) {
          const std::string field = F(Path(date_path, "year.value"));
          ASTA_ASSIGN_OR_RETURN(int y, internal::ParseYear(year, field));
          ASTA_RETURN_IF_ERROR(internal::CheckPublicationYear(y, field));
          w.year = y;
        }
      }
      ASTA_ASSIGN_OR_RETURN(w.doi, Doi(s, path));
      if (w.doi.empty()) {
        ASTA_ASSIGN_OR_RETURN(w.doi, Doi(*group, group_path));
      }
      p_.publications.push_back(std::move(w));
    }
    return Ok();
  }

  const JsonValue& r_;
  std::string where_;
  PersonRecord p_;
};

PersonField RecordField(const std::string& where) {
  return [where](std::string_view column, size_t item, std::string_view key) {
    if (item == 0) return At(where, column);
    std::string path = Path(column, item - 1);
    if (!key.empty()) path = Path(path, key);
    return At(where, path);
  };
}

Result<std::vector<PersonRecord>> ReadRecords(std::string_view text) {
  const internal::LineIndex lines(text);
  ASTA_ASSIGN_OR_RETURN(std::vector<internal::JsonText> chunks,
                        internal::SplitJsonRecords(text, lines, ""));
  if (chunks.empty()) return InvalidArgument("the file holds no ORCID record", "line 1");
  std::vector<PersonRecord> people;
  std::unordered_map<std::string, size_t> seen;  // ORCID iD → 1-based record number
  for (size_t k = 0; k < chunks.size(); ++k) {
    ASTA_ASSIGN_OR_RETURN(JsonValue record, internal::ParseJsonText(chunks[k], lines, ""));
    std::string where = "record " + std::to_string(k + 1);
    if (!record.is_object()) {
      return InvalidArgument(
          "expected an ORCID record (a JSON object), found " + internal::JsonTypeName(record),
          where);
    }
    const auto ident = record.find("orcid-identifier");
    if (ident != record.end() && ident->is_object()) {
      const auto path = ident->find("path");
      if (path != ident->end() && path->is_string() &&
          path->get_ref<const std::string&>().size() <= 40) {
        where += " (" + path->get<std::string>() + ")";
      }
    }
    ASTA_ASSIGN_OR_RETURN(PersonRecord p, OrcidReader(record, where).Read());
    // What the ORCID fields above did not already check (the Latin form, lengths).
    ASTA_RETURN_IF_ERROR(internal::NormalizePerson(p, RecordField(where)));
    const auto [it, inserted] = seen.emplace(p.orcid, k + 1);
    if (!inserted) {
      return InvalidArgument(
          "ORCID iD " + p.orcid + " is also record " + std::to_string(it->second),
          At(where, "orcid-identifier.path"));
    }
    people.push_back(std::move(p));
  }
  return people;
}

}  // namespace

Result<std::vector<PersonRecord>> ReadOrcidJsonBytes(std::string_view bytes) {
  try {
    return ReadRecords(bytes);
  } catch (const std::bad_alloc&) {
    return ResourceExhausted("not enough memory to read the ORCID records");
  } catch (const std::exception& e) {
    return Internal(std::string("unexpected failure reading the ORCID records: ") + e.what());
  }
}

Result<std::vector<PersonRecord>> ReadOrcidJson(const std::filesystem::path& path) {
  ASTA_ASSIGN_OR_RETURN(std::string bytes, internal::ReadFileBytes(path));
  return ReadOrcidJsonBytes(bytes);
}

}  // namespace asta::network
