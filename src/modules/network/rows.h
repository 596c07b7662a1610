// The network module's row helpers, shared by its source files (network.cc defines
// them): how organisations and people are read from and written to their tables, the
// change log the search index follows, and the screening subjects. Internal to
// src/modules/network; every function runs on the caller's connection, inside the
// caller's transaction, and fails with the store's error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "engines/names/names.h"
#include "modules/network/network.h"
#include "store/database.h"

namespace asta::network {

// The cached name index of NetworkService::NamesOf: entity = the record's id.
struct NetworkService::NameIndex {
  std::int64_t seq = -1;  // the change log's last seq when built
  std::unique_ptr<const names::Index> index;
};

namespace internal {

// The columns OrgFromRow and PersonFromRow read, in their order.
extern const char kOrgColumns[];
extern const char kPersonColumns[];

std::string ToJsonText(const std::vector<std::string>& values);
std::vector<std::string> StringsFromJson(const std::string& text);
store::Value OptId(const std::optional<std::int64_t>& v);
store::Value TextOrNull(const std::string& s);
std::string Placeholders(std::size_t n);  // "?,?,…" n times

Organization OrgFromRow(const store::Row& row);
Json OrgNamesJson(const std::vector<OrgName>& names);
// Rewrites an organisation's fields (version + 1).
Status UpdateOrgRow(store::Connection& conn, std::int64_t id, const OrgRecord& r,
                    const std::string& region, const std::string& now);

Person PersonFromRow(const store::Row& row);
// The people table's columns name … source_id, in PersonFromRow's order without id.
std::vector<store::Value> PersonValues(const PersonRecord& r);
// Replaces a person's affiliations, Japan experience and publications.
Status WritePersonChildren(store::Connection& conn, std::int64_t id, const PersonRecord& r);
// Loads the child rows (and the linked organisations' ids and countries) of `people`.
Status LoadPersonChildren(store::Connection& conn, std::vector<Person>& people);

// The organisation a ROR id names, or else the one organisation whose display name is
// exactly `name`.
Result<std::optional<std::int64_t>> ResolveOrg(store::Connection& conn, const std::string& ror,
                                               const std::string& name = "");

// Appends to the change log the search index follows ("person" | "organization").
Status NoteChange(store::Connection& conn, const std::string& type, std::int64_t id,
                  const std::string& now);
// Queues the organisation or person for screening (compliance module).
Status NoteOrgSubject(store::Connection& conn, std::int64_t id, const OrgRecord& r);
Status NotePersonSubject(store::Connection& conn, std::int64_t id, const PersonRecord& r);

}  // namespace internal
}  // namespace asta::network
