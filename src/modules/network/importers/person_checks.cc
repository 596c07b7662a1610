// The validation of one person, shared by every people reader, and the uniqueness of
// person ids and ORCID iDs within a file.
#include <algorithm>
#include <array>
#include <unordered_map>

#include "core/countries.h"
#include "core/text.h"
#include "modules/network/importers/internal.h"
#include "modules/network/importers/ror_dump.h"

namespace asta::network::internal {
namespace {

constexpr size_t kNameLength = 300;
constexpr size_t kShortText = 300;
constexpr size_t kTitleLength = 2000;
constexpr size_t kLongText = 20000;

constexpr std::array<std::string_view, 4> kCareerStages = {"student", "early_career", "mid_career",
                                                           "senior"};
constexpr std::array<std::string_view, 5> kExperienceKinds = {
    "degree_study", "postdoc", "fellowship", "visiting_research", "training"};
constexpr std::array<std::string_view, 2> kRelationKinds = {"advisor", "advisee"};
constexpr std::array<std::string_view, 2> kRelationLevels = {"doctoral", "postdoctoral"};
// Years of supervision and projects: from 1900 to ten years ahead (a grant may be
// awarded for years to come).
constexpr int kFirstYear = 1900;
constexpr int kYearsAhead = 10;

template <size_t N>
std::string Listed(const std::array<std::string_view, N>& set) {
  std::string out;
  for (std::string_view v : set) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

template <size_t N>
Result<std::string> OneOf(const std::array<std::string_view, N>& set, std::string_view text,
                          const std::string& field) {
  std::string value = AsciiLower(Trim(text));
  if (std::find(set.begin(), set.end(), value) == set.end()) {
    return InvalidArgument(
        "expected one of " + Listed(set) + ", found '" + std::string(Trim(text)) + "'", field);
  }
  return value;
}

// Validates each item of a plain text list and drops repeats.
Status TextList(std::vector<std::string>& items, std::string_view column,
                const PersonField& field) {
  std::vector<std::string> out;
  for (size_t i = 0; i < items.size(); ++i) {
    ASTA_ASSIGN_OR_RETURN(std::string v,
                          ValidateText(items[i], field(column, i + 1, ""), kShortText));
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  }
  items = std::move(out);
  return Ok();
}

Result<std::string> OptionalRor(std::string_view text, const std::string& field) {
  if (Trim(text).empty()) return std::string();
  return NormalizeRorId(text, field);
}

Result<std::string> OptionalDate(std::string_view text, const std::string& field) {
  if (Trim(text).empty()) return std::string();
  return NormalizeDate(text, field);
}

// Checks start and end of item `item` of `column`.
Status Period(std::string& start, std::string& end, std::string_view column, size_t item,
              const PersonField& field) {
  ASTA_ASSIGN_OR_RETURN(start, OptionalDate(start, field(column, item, "start")));
  ASTA_ASSIGN_OR_RETURN(end, OptionalDate(end, field(column, item, "end")));
  if (!start.empty() && !end.empty() && !DateNotAfter(start, end)) {
    return InvalidArgument("the end " + end + " is before the start " + start,
                           field(column, item, "end"));
  }
  return Ok();
}

// Checks the years of item `item` of `column`: each in range, start not after end.
Status Years(const std::optional<int>& start, const std::optional<int>& end,
             std::string_view column, size_t item, const PersonField& field) {
  const int last = CurrentYear() + kYearsAhead;
  for (const auto& [year, key] : {std::pair{start, "start_year"}, std::pair{end, "end_year"}}) {
    if (year && (*year < kFirstYear || *year > last)) {
      return InvalidArgument("expected a year from " + std::to_string(kFirstYear) + " to " +
                                 std::to_string(last) + ", found " + std::to_string(*year),
                             field(column, item, key));
    }
  }
  if (start && end && *end < *start) {
    return InvalidArgument(
        "the end " + std::to_string(*end) + " is before the start " + std::to_string(*start),
        field(column, item, "end_year"));
  }
  return Ok();
}

}  // namespace

Status NormalizePerson(PersonRecord& p, const PersonField& field) {
  ASTA_ASSIGN_OR_RETURN(p.source_id, ValidateText(p.source_id, field("person_id", 0, ""), 200));
  ASTA_ASSIGN_OR_RETURN(p.name, ValidateText(p.name, field("name", 0, ""), kNameLength));
  ASTA_ASSIGN_OR_RETURN(p.latin_name,
                        OptionalText(p.latin_name, field("latin_name", 0, ""), kNameLength));
  if (!p.latin_name.empty() && !IsLatinScript(p.latin_name)) {
    return InvalidArgument("expected the name in Latin letters", field("latin_name", 0, ""));
  }
  if (p.latin_name.empty() && !HasLatinLetter(p.name)) {
    return InvalidArgument(
        "required when name has no Latin letter (give the name in Latin "
        "letters, e.g. Taro Yamada)",
        field("latin_name", 0, ""));
  }
  for (size_t i = 0; i < p.other_names.size(); ++i) {
    PersonName& n = p.other_names[i];
    ASTA_ASSIGN_OR_RETURN(n.value,
                          ValidateText(n.value, field("other_names", i + 1, "value"), kNameLength));
    ASTA_ASSIGN_OR_RETURN(n.lang, NormalizeLanguage(n.lang, field("other_names", i + 1, "lang")));
  }
  if (!Trim(p.orcid).empty()) {
    ASTA_ASSIGN_OR_RETURN(p.orcid, NormalizeOrcid(p.orcid, field("orcid", 0, "")));
  } else {
    p.orcid.clear();
  }
  std::vector<std::string> emails;
  for (size_t i = 0; i < p.emails.size(); ++i) {
    ASTA_ASSIGN_OR_RETURN(std::string e, NormalizeEmail(p.emails[i], field("emails", i + 1, "")));
    if (std::find(emails.begin(), emails.end(), e) == emails.end()) emails.push_back(std::move(e));
  }
  p.emails = std::move(emails);
  if (!Trim(p.nationality).empty()) {
    ASTA_ASSIGN_OR_RETURN(p.nationality,
                          NormalizeCountry(p.nationality, field("nationality", 0, "")));
  } else {
    p.nationality.clear();
  }
  std::vector<std::string> countries;
  for (size_t i = 0; i < p.residence_countries.size(); ++i) {
    ASTA_ASSIGN_OR_RETURN(std::string c, NormalizeCountry(p.residence_countries[i],
                                                          field("residence_countries", i + 1, "")));
    if (std::find(countries.begin(), countries.end(), c) == countries.end()) {
      countries.push_back(std::move(c));
    }
  }
  p.residence_countries = std::move(countries);
  for (size_t i = 0; i < p.affiliations.size(); ++i) {
    Affiliation& a = p.affiliations[i];
    ASTA_ASSIGN_OR_RETURN(a.org_ror, OptionalRor(a.org_ror, field("affiliations", i + 1, "ror")));
    ASTA_ASSIGN_OR_RETURN(
        a.org_name, OptionalText(a.org_name, field("affiliations", i + 1, "name"), kShortText));
    if (a.org_ror.empty() && a.org_name.empty()) {
      return InvalidArgument("an affiliation needs ror or name", field("affiliations", i + 1, ""));
    }
    ASTA_ASSIGN_OR_RETURN(a.role,
                          OptionalText(a.role, field("affiliations", i + 1, "role"), kShortText));
    ASTA_RETURN_IF_ERROR(Period(a.start, a.end, "affiliations", i + 1, field));
  }
  ASTA_RETURN_IF_ERROR(TextList(p.fields, "fields", field));
  ASTA_RETURN_IF_ERROR(TextList(p.keywords, "keywords", field));
  ASTA_RETURN_IF_ERROR(TextList(p.themes, "themes", field));
  ASTA_ASSIGN_OR_RETURN(p.bio_en, LongText(p.bio_en, field("bio_en", 0, ""), kLongText));
  ASTA_ASSIGN_OR_RETURN(p.bio_ja, LongText(p.bio_ja, field("bio_ja", 0, ""), kLongText));
  if (!Trim(p.career_stage).empty()) {
    ASTA_ASSIGN_OR_RETURN(p.career_stage,
                          OneOf(kCareerStages, p.career_stage, field("career_stage", 0, "")));
  } else {
    p.career_stage.clear();
  }
  for (size_t i = 0; i < p.publications.size(); ++i) {
    Publication& w = p.publications[i];
    ASTA_ASSIGN_OR_RETURN(
        w.title, ValidateText(w.title, field("publications", i + 1, "title"), kTitleLength));
    ASTA_ASSIGN_OR_RETURN(
        w.abstract, LongText(w.abstract, field("publications", i + 1, "abstract"), kLongText));
    if (!Trim(w.doi).empty()) {
      ASTA_ASSIGN_OR_RETURN(w.doi, NormalizeDoi(w.doi, field("publications", i + 1, "doi")));
    } else {
      w.doi.clear();
    }
    if (w.year) {
      ASTA_RETURN_IF_ERROR(CheckPublicationYear(*w.year, field("publications", i + 1, "year")));
    }
    for (std::string& coauthor : w.coauthors) {
      ASTA_ASSIGN_OR_RETURN(
          coauthor, ValidateText(coauthor, field("publications", i + 1, "coauthor"), kNameLength));
    }
  }
  for (size_t i = 0; i < p.japan_experience.size(); ++i) {
    JapanExperience& x = p.japan_experience[i];
    ASTA_ASSIGN_OR_RETURN(
        x.kind, OneOf(kExperienceKinds, x.kind, field("japan_experience", i + 1, "kind")));
    ASTA_ASSIGN_OR_RETURN(x.host_ror,
                          OptionalRor(x.host_ror, field("japan_experience", i + 1, "host_ror")));
    ASTA_ASSIGN_OR_RETURN(
        x.host_name,
        OptionalText(x.host_name, field("japan_experience", i + 1, "host_name"), kShortText));
    if (x.host_ror.empty() && x.host_name.empty()) {
      return InvalidArgument("a Japan experience needs host_ror or host_name",
                             field("japan_experience", i + 1, ""));
    }
    ASTA_RETURN_IF_ERROR(Period(x.start, x.end, "japan_experience", i + 1, field));
    ASTA_ASSIGN_OR_RETURN(
        x.funding_scheme,
        OptionalText(x.funding_scheme, field("japan_experience", i + 1, "funding"), kShortText));
  }
  for (size_t i = 0; i < p.relations.size(); ++i) {
    PersonRelation& r = p.relations[i];
    ASTA_ASSIGN_OR_RETURN(r.kind, OneOf(kRelationKinds, r.kind, field("relations", i + 1, "kind")));
    if (!Trim(r.level).empty()) {
      ASTA_ASSIGN_OR_RETURN(r.level,
                            OneOf(kRelationLevels, r.level, field("relations", i + 1, "level")));
    } else {
      r.level.clear();
    }
    if (r.other_person_id && *r.other_person_id <= 0) {
      return InvalidArgument("expected a network person id (a positive integer)",
                             field("relations", i + 1, "other_person_id"));
    }
    ASTA_ASSIGN_OR_RETURN(
        r.other_name, OptionalText(r.other_name, field("relations", i + 1, "name"), kNameLength));
    if (!Trim(r.other_email).empty()) {
      ASTA_ASSIGN_OR_RETURN(r.other_email,
                            NormalizeEmail(r.other_email, field("relations", i + 1, "email")));
    } else {
      r.other_email.clear();
    }
    if (!r.other_person_id && r.other_name.empty()) {
      return InvalidArgument("a relation needs other_person_id or name",
                             field("relations", i + 1, ""));
    }
    ASTA_RETURN_IF_ERROR(Years(r.start_year, r.end_year, "relations", i + 1, field));
  }
  for (size_t i = 0; i < p.projects.size(); ++i) {
    PersonProject& x = p.projects[i];
    ASTA_ASSIGN_OR_RETURN(x.name,
                          ValidateText(x.name, field("projects", i + 1, "name"), kShortText));
    ASTA_ASSIGN_OR_RETURN(
        x.identifier,
        OptionalText(x.identifier, field("projects", i + 1, "identifier"), kShortText));
    ASTA_RETURN_IF_ERROR(Years(x.start_year, x.end_year, "projects", i + 1, field));
  }
  return Ok();
}

Status CheckUniquePeople(const std::vector<PersonRecord>& people,
                         const std::vector<std::string>& place,
                         const std::vector<PersonField>& field) {
  std::unordered_map<std::string, size_t> ids, orcids;
  for (size_t i = 0; i < people.size(); ++i) {
    const PersonRecord& p = people[i];
    const auto [id, new_id] = ids.emplace(p.source_id, i);
    if (!new_id) {
      return InvalidArgument("person_id '" + p.source_id + "' is also used by " + place[id->second],
                             field[i]("person_id", 0, ""));
    }
    if (p.orcid.empty()) continue;
    const auto [orcid, new_orcid] = orcids.emplace(p.orcid, i);
    if (!new_orcid) {
      return InvalidArgument("ORCID iD " + p.orcid + " is also given for " + place[orcid->second],
                             field[i]("orcid", 0, ""));
    }
  }
  return Ok();
}

}  // namespace asta::network::internal
