// Validation of one organisation or person as the API and the service receive them
// (the file readers in importers/ validate what they read the same way). Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "modules/network/importers/records.h"

namespace asta::network {

// The organisation types asta knows: ROR's (education, funder, government, healthcare,
// company, nonprofit, facility, archive, other) and asta's own (ministry, institute,
// funding_agency, international, overseas_office).
bool IsOrgType(std::string_view type);

// Checks `record` as entered (not from ROR): display name 1..300 characters, names with
// kinds and ISO 639-1 languages, country ISO alpha-2, city, lat -90..90 and lng
// -180..180 given together, types known (at least one), status, established year,
// relation types, external id keys. InvalidArgument naming the field, prefixed by
// `prefix` when not empty ("record 3, names[1].lang").
Status ValidateOrgRecord(const OrgRecord& record, std::string_view prefix);

// Validates and normalises a person in place (ORCID iD and e-mails normalised, country
// codes, dates and their order, kinds, DOIs; see importers/ for the rules). Fields are
// named as in the API's JSON ("affiliations[0].start"), prefixed by `prefix`.
Status ValidatePersonRecord(PersonRecord& record, std::string_view prefix);

}  // namespace asta::network
