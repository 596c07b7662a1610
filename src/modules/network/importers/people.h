// Readers and writers of people files for the global researcher network: asta's CSV
// (spreadsheets kept by overseas offices and universities), ORCID public records, and
// asta's own JSON export. Pure parsing: no storage, no network. Thread-safe: no shared
// state. Cost: linear in the input.
//
// Every reader validates every value (PersonRecord in records.h says what each holds)
// and rejects a malformed file whole: InvalidArgument whose field names the place and
// whose message says what was expected. NotFound when a path is not a readable file.
// Within one file a person_id or an ORCID iD may occur only once.
//
// ## asta people CSV
// UTF-8 (a leading byte-order mark is skipped; invalid UTF-8 is rejected naming its
// line), RFC 4180: fields separated by commas, a field holding a comma, a quote or a
// line break is quoted ("…") with quotes doubled (""); records end with CRLF or LF;
// blank lines are skipped. The first row is the header: column names from the list
// below, in any order, each at most once; unknown columns are errors. Required: *.
//
//   person_id*          the file's own id for the person (PersonRecord::source_id)
//   name*               as written, any script
//   latin_name          Latin form; required when `name` has no Latin letter
//   other_names         list; an item is a name or "ll:name" with an ISO 639-1 code
//                       ("ja:やまだ たろう")
//   orcid               0000-0002-1825-0097 or https://orcid.org/…; checksum verified
//   emails              list of addresses
//   nationality         ISO 3166-1 alpha-2
//   residence_countries list of ISO 3166-1 alpha-2 codes
//   fields, keywords, themes  lists of text
//   career_stage        student | early_career | mid_career | senior
//   bio_en, bio_ja      text; may span lines (quoted)
//   affiliations        list of items with keys ror, name (one of them required), role,
//                       start, end
//   japan_experience    list of items with keys kind* (degree_study, postdoc,
//                       fellowship, visiting_research, training), host_ror, host_name
//                       (one of them required), start, end, funding
//   publications        list of items with keys title*, abstract, doi, year, and
//                       coauthor (repeated, one name each)
//
// Lists separate items with `|`; a structured item is key=value pairs separated by `;`
// (spaces around them are ignored; the value runs to the end of the pair, so it may
// hold `=`). In list columns only, a backslash makes the next character literal: `\|`,
// `\;`, `\\`, and `\:` after the two letters that start an other_names item which has
// no language ("ab\:cd"); other columns are taken as written. Empty items and pairs
// are skipped, a key without value ("end=") is empty. Unknown keys, and a key given
// twice (but coauthor), are errors. The plain lists (emails, residence_countries,
// fields, keywords, themes) drop repeated items. Dates are YYYY, YYYY-MM or YYYY-MM-DD,
// start not after end, end empty for a current position; DOIs 10.xxxx/… (also as
// https://doi.org/… or doi:…); years four digits from 1800 to next year; text at most
// 300 characters (titles 2,000; bios and abstracts 20,000, and may span lines).
//
//   person_id,name,latin_name,orcid,affiliations
//   p-001,山田 太郎,Taro Yamada,0000-0002-1825-0097,ror=01dq60k83;role=professor;start=2015-04
//   p-002,"Chen, Wei",,,name=Tohoku University;role=postdoc;start=2019|ror=057zh3y96
//
// Error fields: "line 7" (the line a record starts on), "line 7, column orcid",
// "line 7, column affiliations, item 2, key start" (items counted from 1).
//
// ## ORCID public record JSON
// The response of the ORCID public API v3.0 `/v3.0/{orcid}/record`: one record object,
// an array of them, or JSON lines. What is taken:
//   orcid-identifier.path            → orcid and source_id
//   person.name given-names, family-name → name ("Given Family"; family name first
//                                     without a space when both are Han, kana or
//                                     Hangul); credit-name when they are absent
//   person.other-names.other-name[].content, credit-name → other_names; the first of
//                                     them in Latin script is latin_name when `name`
//                                     has no Latin letter
//   person.emails.email[].email      → emails
//   person.addresses.address[].country.value → residence_countries
//   person.keywords.keyword[].content → keywords
//   person.biography.content         → bio_ja when it has kana, else bio_en
//   activities-summary employments and educations, affiliation-group[].summaries[0]
//     (the first of a group's duplicate assertions)
//     .employment-summary / .education-summary: organization.name, the ROR id of
//     organization.disambiguated-organization when its disambiguation-source is ROR,
//     role-title (educations without one: "student"), start-date and end-date
//     (year/month/day values)                  → affiliations
//   the same at organisations in Japan (organization.address.country JP): educations →
//     japan_experience degree_study; employments whose role-title says postdoc,
//     fellow or visiting → postdoc, fellowship, visiting_research; invited-positions →
//     visiting_research
//   activities-summary.works.group[].work-summary[0]: title.title.value,
//     publication-date.year.value, the DOI among external-ids.external-id[] (type doi,
//     relationship self, external-id-normalized first), else among the group's
//     external-ids                             → publications
// Values are validated as in the CSV (an impossible date or a malformed DOI rejects
// the file); e-mails, countries and keywords are deduplicated.
// Error fields: "record 2 (0000-0002-1825-0097), person.emails.email[0].email", with
// the JSON path in the ORCID record (0-based indices) or "line 12" for broken JSON.
//
// ## asta people JSON
// asta's own export, written by PeopleToJson:
//   {"format": "asta.people", "version": 1, "people": [
//     {"person_id": "p-001", "name": "山田 太郎", "latin_name": "Taro Yamada",
//      "other_names": [{"value": "やまだ たろう", "lang": "ja"}],
//      "orcid": "0000-0002-1825-0097", "emails": ["t.yamada@example.ac.jp"],
//      "nationality": "JP", "residence_countries": ["JP"],
//      "affiliations": [{"ror": "01dq60k83", "name": "Tohoku University",
//                        "role": "professor", "start": "2015-04", "end": ""}],
//      "fields": [], "keywords": [], "themes": [], "bio_en": "", "bio_ja": "",
//      "career_stage": "senior",
//      "publications": [{"title": "…", "abstract": "", "doi": "10.1234/x",
//                        "year": 2019, "coauthors": ["…"]}],
//      "japan_experience": [{"kind": "postdoc", "host_ror": "057zh3y96",
//                            "host_name": "…", "start": "2010-04", "end": "2012-03",
//                            "funding": "JSPS Postdoctoral Fellowship"}],
//      "relations": [{"kind": "advisor", "level": "doctoral", "other_person_id": 12,
//                     "name": "", "email": "", "start_year": 2008, "end_year": 2012}],
//      "projects": [{"name": "…", "identifier": "JP20H00001", "start_year": 2020,
//                    "end_year": null}]}]}
// relations: kind advisor (the other person supervised this one) | advisee; level
// doctoral | postdoctoral | ""; the other person by network id (other_person_id) or
// name (one required), email optional; years integers from 1900 to ten years ahead,
// start not after end, null when unknown. projects: name required. Only this format
// carries relations and projects (not the CSV, not ORCID).
// Every key is written; the reader requires person_id and name, takes a missing or null
// key as empty, rejects unknown keys and values of the wrong JSON type, and also
// accepts a bare array of person objects. Error fields: "record 3 (p-001),
// affiliations[0].start" (0-based indices) or "line 12" for broken JSON.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "modules/network/importers/records.h"

namespace asta::network {

// asta people CSV (above), from a file or from bytes (an upload). Records come back in
// file order.
Result<std::vector<PersonRecord>> ReadPeopleCsv(const std::filesystem::path& path);
Result<std::vector<PersonRecord>> ReadPeopleCsvBytes(std::string_view bytes);

// Writes `people` as asta people CSV: a UTF-8 byte-order mark (so that spreadsheet
// programs take the file as UTF-8), the header with all seventeen columns, CRLF after
// each record. Records as the readers return them read back equal (==); values are
// written as given, not validated.
std::string WritePeopleCsv(const std::vector<PersonRecord>& people);

// ORCID public API v3.0 record JSON (above).
Result<std::vector<PersonRecord>> ReadOrcidJson(const std::filesystem::path& path);
Result<std::vector<PersonRecord>> ReadOrcidJsonBytes(std::string_view bytes);

// asta people JSON (above). Records as the readers return them read back equal.
Json PeopleToJson(const std::vector<PersonRecord>& people);
Result<std::vector<PersonRecord>> ReadPeopleJson(const std::filesystem::path& path);
Result<std::vector<PersonRecord>> ReadPeopleJsonBytes(std::string_view bytes);
// The same from a document already parsed (an API request body).
Result<std::vector<PersonRecord>> PeopleFromJson(const Json& document);

}  // namespace asta::network
