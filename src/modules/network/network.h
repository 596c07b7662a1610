// The network module: organisations (ROR records and ones entered here), people with
// their affiliations, Japan experience and publications, imports and exports, and the
// search over them. docs/network.md is the contract of its API and commands.
//
// Every change to a person or organisation writes, in its own write transaction, the
// row, an audit entry, a `network_changes` row and (through compliance::NoteSubject) the
// screening subject, so the search index, the audit trail and screening never disagree
// with the database. The search index is derived state: each process keeps its own copy
// and applies the change log after the position it has seen, before every search and
// every half second in the background (`asta serve`), so that several processes sharing
// one PostgreSQL stay current; `asta reindex` rebuilds it from the database.
//
// Errors: InvalidArgument naming the field ("names[1].lang", "line 3, column orcid"),
// NotFound, AlreadyExists (a second person with the same ORCID iD), FailedPrecondition
// (a stale `version` on update). Imports read and validate the whole input first and
// write all of it in one transaction or nothing; with DryRun::kYes they only report.
//
// Thread-safety: NetworkService is thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "engines/search/search.h"
#include "modules/api/api.h"
#include "modules/audit/audit_log.h"
#include "modules/network/importers/records.h"
#include "store/database.h"

namespace asta::network {

enum class DryRun { kNo, kYes };

struct Organization {
  std::int64_t id = 0;
  OrgRecord record;  // record.ror is "" for organisations entered here
  std::string region;
  std::string source;  // "ror" | "manual"
  std::string created_at, updated_at;
  std::int64_t version = 1;
  Json ToJson() const;
};

// A person as stored: the record plus what asta adds. Affiliations and Japan
// experience name organisations by id when asta knows them.
struct Person {
  std::int64_t id = 0;
  PersonRecord record;
  std::optional<std::int64_t> user_id;  // the account whose profile this is
  std::vector<std::optional<std::int64_t>> affiliation_org_ids;  // parallel to affiliations
  std::vector<std::optional<std::int64_t>> experience_org_ids;   // parallel to japan_experience
  std::vector<std::string> org_countries;  // countries of the organisations above
  std::string created_at, updated_at;
  std::int64_t version = 1;
  // Every country the person is tied to: nationality, residence, affiliations. An
  // overseas office acts on people with a country in its region.
  std::vector<std::string> Countries() const;
  // `with_private`: e-mails, nationality and residence countries.
  Json ToJson(bool with_private) const;
};

// A proposed pair of duplicates: summaries of both records, the name engine's score,
// and the evidence for and against.
struct DuplicatePair {
  search::DocType type = search::DocType::kPerson;
  double score = 0;
  Json a, b;  // {id, name, latin_name, countries} / {id, display_name, ror, country, city}
  std::vector<Json> reasons;  // {code, text, detail?}: "names_alike", "same_email"…
  Json ToJson() const;
};

struct DuplicateQuery {
  search::DocType type = search::DocType::kPerson;
  std::size_t limit = 50;  // 1..200
  // When not empty, only pairs whose records both have a country here (an office's
  // region).
  std::vector<std::string> countries;
};

// For a merge: per scalar field both records fill, "from" keeps the other record's value;
// the target's value is kept otherwise ("into", the default).
using MergePreferences = std::map<std::string, std::string>;

struct ImportReport {
  std::int64_t records = 0, created = 0, updated = 0, unchanged = 0;
  bool dry_run = false;
  Json ToJson() const;
};

struct OrganizationFilter {
  std::string country;  // ISO alpha-2 or empty
  std::string type;     // an org type or empty
  std::int64_t after_id = 0;
  int limit = 50;  // 1..200; the service returns up to limit + 1
};

struct PersonFilter {
  std::string country;  // nationality, residence or affiliation country; empty: any
  std::int64_t after_id = 0;
  int limit = 50;
};

class NetworkService {
 public:
  // `index_dir` holds this process's search index; empty keeps it in memory. The index
  // is opened on first use (imports do not need it); when another process holds the
  // directory, this one keeps its own copy in memory instead.
  NetworkService(store::Database& db, std::filesystem::path index_dir);
  ~NetworkService();  // stops the follower
  NetworkService(const NetworkService&) = delete;
  NetworkService& operator=(const NetworkService&) = delete;

  // Organisations. A ROR import matches records by ROR id: new ones are created, changed
  // ones updated (names, location, types, relations…), identical ones left alone, so
  // importing the same dump twice changes nothing.
  Result<ImportReport> ImportRor(const audit::Actor& actor, const std::vector<OrgRecord>& records,
                                 DryRun dry_run);
  Result<Organization> CreateOrganization(const audit::Actor& actor, OrgRecord record,
                                          const std::string& region);
  // `expected_version`: the version the caller read; FailedPrecondition when stale.
  Result<Organization> UpdateOrganization(const audit::Actor& actor, std::int64_t id,
                                          OrgRecord record, const std::string& region,
                                          std::optional<std::int64_t> expected_version);
  Result<Organization> GetOrganization(std::int64_t id);
  Result<std::optional<Organization>> FindOrganizationByRor(const std::string& ror);
  Result<std::vector<Organization>> ListOrganizations(const OrganizationFilter& filter);

  // People. Imports match records by ORCID iD, else by source id from an earlier import
  // of the same file kind; others are created.
  Result<ImportReport> ImportPeople(const audit::Actor& actor,
                                    const std::vector<PersonRecord>& records, DryRun dry_run);
  Result<Person> CreatePerson(const audit::Actor& actor, PersonRecord record,
                              std::optional<std::int64_t> user_id);
  Result<Person> UpdatePerson(const audit::Actor& actor, std::int64_t id, PersonRecord record,
                              std::optional<std::int64_t> expected_version);
  Result<Person> GetPerson(std::int64_t id);
  Result<std::optional<Person>> FindPersonByUser(std::int64_t user_id);
  // The person (not merged away) with this e-mail address, compared ASCII-case-blind; the
  // lowest id when several have it. Indexed (migration 0008).
  Result<std::optional<std::int64_t>> FindPersonByEmail(const std::string& email);
  // Indexes the e-mails of profiles stored before the index existed, once: when the index
  // is empty and some profile has an e-mail. How many profiles it indexed (0: none
  // needed). App::Open calls it.
  Result<std::int64_t> EnsureEmailIndex();
  Result<std::vector<Person>> ListPeople(const PersonFilter& filter);
  // Every person, for exports.
  Result<std::vector<Person>> AllPeople();

  // Duplicates (merge.cc). Pairs whose names the name engine scores at or above its
  // default threshold, strengthened or weakened by other evidence (shared e-mails,
  // countries, organisations; two different ORCID iDs or ROR ids rule a pair out), best
  // first. Cost: one name search per record over an index of all names, rebuilt only
  // when the change log has moved since the last call.
  Result<std::vector<DuplicatePair>> FindDuplicates(const DuplicateQuery& query);
  // Two records side by side: {a, b, fields: [{field, a, b, same}]}. NotFound.
  Result<Json> ComparePeople(std::int64_t a, std::int64_t b);
  Result<Json> CompareOrganizations(std::int64_t a, std::int64_t b);
  // Folds `from` into `into` (docs/network.md, "Duplicates and merges"): names become
  // other names, lists are united, references move, `from` is hidden with merged_into
  // set, and the audit entry holds both records as they were. FailedPrecondition for a
  // stale version of `into`, two different ORCID iDs or ROR ids, two accounts' profiles,
  // or `from` == `into`; InvalidArgument naming the field for a bad preference.
  Result<Person> MergePeople(const audit::Actor& actor, std::int64_t into, std::int64_t from,
                             std::optional<std::int64_t> expected_version,
                             const MergePreferences& prefer);
  Result<Organization> MergeOrganizations(const audit::Actor& actor, std::int64_t into,
                                          std::int64_t from,
                                          std::optional<std::int64_t> expected_version,
                                          const MergePreferences& prefer);

  // Views (graph.cc). A person's collaboration graph: {nodes, edges} (docs/network.md).
  Result<Json> PersonGraph(std::int64_t id);
  // Alumni, partner organisations or offices by country and as points: layer "alumni",
  // "partners" or "offices"; region "" for the world. InvalidArgument naming the field.
  Result<Json> Map(const std::string& layer, const std::string& region);

  // Search. Applies the change log first, so a search sees every committed change.
  Result<search::Results> Search(const search::Query& query);
  // Rebuilds the index from the database. Returns the documents indexed.
  Result<std::size_t> Reindex();
  // Applies the changes after the index's position. Returns how many it applied.
  Result<std::size_t> CatchUp();
  // The last change-log seq the index has applied (0 before any), without catching up.
  Result<std::int64_t> IndexPosition();
  // Follows the change log in the background (every `interval`), until destroyed.
  void StartFollower(std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  void StopFollower();

 private:
  // The index, opened (and caught up from scratch) on first use.
  Result<search::Index*> IndexLocked();
  Result<std::size_t> CatchUpLocked(search::Index& index);
  Result<Organization> LoadOrganization(store::Connection& conn, std::int64_t id);
  Result<Person> LoadPerson(store::Connection& conn, std::int64_t id);
  Result<search::Document> OrganizationDocument(store::Connection& conn, std::int64_t id);
  Result<search::Document> PersonDocument(store::Connection& conn, std::int64_t id);
  void FollowerLoop(std::chrono::milliseconds interval);
  // The name index of every live person or organisation (entity = the record's id),
  // rebuilt when the change log has moved.
  struct NameIndex;
  Result<std::shared_ptr<const NameIndex>> NamesOf(search::DocType type);

  store::Database& db_;
  const std::filesystem::path index_dir_;
  std::mutex catch_up_mutex_;  // guards index_ and its position; one catch-up at a time
  std::unique_ptr<search::Index> index_;

  std::mutex names_mutex_;  // guards the two cached name indexes
  std::shared_ptr<const NameIndex> people_names_, org_names_;

  std::mutex follower_mutex_;
  std::condition_variable follower_cv_;
  bool follower_stop_ = false;
  std::thread follower_;
};

// The network routes (docs/network.md).
std::vector<api::RouteSpec> NetworkRoutes(NetworkService& service);

}  // namespace asta::network
