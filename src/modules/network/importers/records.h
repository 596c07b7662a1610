// The shapes the network module imports and exports: organisations as the Research
// Organization Registry (ROR) publishes them, and people (researchers, alumni of study
// or research in Japan) as asta keeps them. Plain values, no behaviour; the readers in
// ror_dump.h and people.h fill them with validated, normalised data, so that a value
// read from one file compares equal (==) to the same value read from any other format.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace asta::network {

struct OrgName {
  std::string value;
  std::string lang;  // ISO 639-1, lower case, or "" when ROR gives none
  std::string kind;  // "display" | "label" | "alias" | "acronym"

  bool operator==(const OrgName&) const = default;
};

struct OrgRelation {
  std::string type;   // "parent" | "child" | "related" | "predecessor" | "successor"
  std::string ror;    // the related organisation's 9-character ROR id
  std::string label;  // its display name as ROR gives it; may be empty

  bool operator==(const OrgRelation&) const = default;
};

struct OrgRecord {
  std::string ror;           // 9 characters, lower case ("0000cg692"), checksum verified
  std::string display_name;  // the name typed ror_display (exactly one per record)
  // Every name ROR gives, one entry each: the display name first, then labels, aliases
  // and acronyms, each group in file order. A name with several types (ROR's display
  // name is usually also a label) takes the first kind of that order.
  std::vector<OrgName> names;
  std::string country;  // ISO 3166-1 alpha-2 of the first location (or XK: Kosovo, as GeoNames)
  std::string city;     // geonames name of the first location; may be empty
  std::optional<double> lat, lng;
  // ROR's: education, funder, government, healthcare, company, nonprofit, facility,
  // archive, other; file order, at least one.
  std::vector<std::string> types;
  std::vector<OrgRelation> relations;
  std::vector<std::string> domains, links;  // links: the URLs, website and wikipedia
  std::optional<int> established;
  std::string status;  // "active" | "inactive" | "withdrawn"
  // "grid", "isni", "wikidata", "fundref" → the preferred value, else the first given.
  // Types ROR may add later are left out.
  std::map<std::string, std::string> external_ids;
  std::string last_modified;  // admin.last_modified.date, "YYYY-MM-DD"

  bool operator==(const OrgRecord&) const = default;
};

struct PersonName {
  std::string value;
  std::string lang;  // ISO 639-1 or ""

  bool operator==(const PersonName&) const = default;
};

// Dates in Affiliation and JapanExperience are "YYYY", "YYYY-MM" or "YYYY-MM-DD"; start
// is not after end (compared at the coarser precision of the two); end "" = current.
struct Affiliation {
  std::string org_ror;   // 9-character ROR id or ""; org_ror or org_name is set
  std::string org_name;  // as written
  std::string role;      // free text ("professor", "PhD student"); may be empty
  std::string start, end;

  bool operator==(const Affiliation&) const = default;
};

struct JapanExperience {
  // "degree_study" | "postdoc" | "fellowship" | "visiting_research" | "training"
  std::string kind;
  std::string host_ror;   // host_ror or host_name is set
  std::string host_name;  // the host institution in Japan as written
  std::string start, end;
  std::string funding_scheme;  // e.g. "JSPS Postdoctoral Fellowship"; may be empty

  bool operator==(const JapanExperience&) const = default;
};

struct Publication {
  std::string title;  // required
  std::string abstract;
  std::string doi;  // "10.xxxx/…", lower case, without https://doi.org/; or ""
  std::optional<int> year;
  std::vector<std::string> coauthors;

  bool operator==(const Publication&) const = default;
};

// Supervision (doctoral or postdoctoral) between this person and another: kind
// "advisor" says the other person supervised this one, "advisee" that this one supervised
// the other. The other person is named by network id when asta has them, else by name
// (and e-mail when known); years are four-digit, start not after end, end empty while
// the supervision goes on. Only asta people JSON (and the API) carry relations.
struct PersonRelation {
  std::string kind;                             // "advisor" | "advisee"
  std::string level;                            // "doctoral" | "postdoctoral" | ""
  std::optional<std::int64_t> other_person_id;  // a network person id
  std::string other_name;                       // as written; other_person_id or other_name is set
  std::string other_email;                      // normalised, or ""
  std::optional<int> start_year, end_year;

  bool operator==(const PersonRelation&) const = default;
};

// A project the person worked on (a grant, a consortium): its name, an identifier
// such as a grant number when known, and the years the person took part.
struct PersonProject {
  std::string name;        // required
  std::string identifier;  // e.g. "JP20H00001" or ""
  std::optional<int> start_year, end_year;

  bool operator==(const PersonProject&) const = default;
};

struct PersonRecord {
  std::string source_id;   // the file's own id for the row or record (required, unique)
  std::string name;        // as written, any script (required)
  std::string latin_name;  // Latin form; required when `name` has no Latin letter
  std::vector<PersonName> other_names;
  std::string orcid;                             // "0000-0002-1825-0097" or ""; unique in a file
  std::vector<std::string> emails;               // normalised (domain lower-cased), deduplicated
  std::string nationality;                       // ISO 3166-1 alpha-2 or ""
  std::vector<std::string> residence_countries;  // alpha-2, deduplicated
  std::vector<Affiliation> affiliations;
  std::vector<std::string> fields, keywords, themes;  // deduplicated, file order
  std::string bio_en, bio_ja;                         // multi-line text; line breaks are "\n"
  std::string career_stage;  // "student" | "early_career" | "mid_career" | "senior" | ""
  std::vector<Publication> publications;
  std::vector<JapanExperience> japan_experience;
  std::vector<PersonRelation> relations;
  std::vector<PersonProject> projects;

  bool operator==(const PersonRecord&) const = default;
};

}  // namespace asta::network
