// The compliance module: restricted-party lists and their versions, screening of
// people and organisations against them (the name engine, src/engines/names), the hit
// queue with its decisions, the control-list category table with a term classifier, and
// technology-provision (deemed export) requests. docs/compliance.md is the contract.
//
// Screening flow: every module that creates or changes a person or organisation calls
// NoteSubject() inside its own write transaction; that upserts a `subjects` row and
// queues it. ProcessQueue() (run by the background worker of `asta serve`, after each
// request that queued work, and by the CLI and demo) screens queued subjects against the
// current versions of all lists and raises open hits. A decided hit is not raised again
// while the subject's and the entity's fingerprints are unchanged.
//
// Errors: InvalidArgument naming the field for bad input, NotFound, FailedPrecondition
// when the state forbids the change (approving a request whose recipient has unresolved
// hits or is not screened yet; deciding a request twice). Every change is audited in
// its own transaction.
//
// Thread-safety: ComplianceService is thread-safe. The screening index is immutable
// and shared (shared_ptr<const>); it is rebuilt when the index generation stored in the
// database moves, so several processes sharing one PostgreSQL stay current.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "engines/names/names.h"
#include "modules/api/api.h"
#include "modules/audit/audit_log.h"
#include "modules/compliance/importers/lists.h"
#include "store/database.h"

namespace asta::compliance {

// A person or organisation to screen, as another module knows it.
struct SubjectInput {
  std::string source;                    // "user:12", "agency:3", "party:7"… unique per subject
  std::string kind;                      // "person" | "organization"
  std::string name;                      // as written, any script
  std::vector<std::string> other_names;  // other forms (the Latin name…), may be empty
  std::string country;                   // ISO 3166-1 alpha-2 or empty
};

// Upserts the subject with `input.source` inside the caller's write transaction and
// queues it for screening when it is new or its kind, names or country changed. Returns
// the subject id. The caller's transaction commits or rolls back both. Cost: two or
// three small statements.
Result<std::int64_t> NoteSubject(store::Connection& conn, const SubjectInput& input);

// The subject ids this thread noted since the last call, then forgets them. The HTTP
// wiring (App) calls it after each request to screen what the request queued.
std::vector<std::int64_t> TakeNotedSubjects();

struct ListInfo {
  std::string name, format;
  std::int64_t version = 0, entities = 0, names = 0;
  std::string imported_at;
  Json ToJson() const;
};

struct ListVersionInfo {
  std::int64_t version = 0;
  std::string format, publisher_version, sha256;
  std::int64_t entities = 0, names = 0, added = 0, changed = 0, removed = 0;
  std::string imported_at, imported_by;
  Json ToJson() const;
};

struct ImportReport {
  std::string name;
  std::int64_t version = 0, entities = 0, names = 0, added = 0, changed = 0, removed = 0;
  Json ToJson() const;
};

struct DiffEntry {
  std::string entity_id, name;
};
struct VersionDiff {
  std::vector<DiffEntry> added, changed, removed;
  Json ToJson() const;
};

struct EntityRow {
  std::int64_t id = 0;  // row id, for the cursor
  std::string entity_id, kind;
  std::vector<std::string> names, countries;
  std::string programme;
  Json ToJson() const;
};

struct ScreenQuery {
  std::string id;  // batch only
  std::string name;
  std::string kind;  // "person" | "organization" | "" (any)
  std::string country;
};

struct ScreenOptions {
  int top = 10;
  std::optional<double> threshold;  // default names::DefaultThreshold()
  bool explain = true;
};

struct ScreenMatch {
  std::string list, entity_id, matched_name;
  double score = 0;
  bool alert = false;
  names::Explanation explanation;
  Json ToJson() const;
};

Json ExplanationJson(const names::Explanation& explanation);

struct Subject {
  std::int64_t id = 0;
  std::string kind, name;
  std::vector<std::string> other_names;
  std::string country, source, status;
  std::int64_t open_hits = 0;
  std::optional<std::string> screened_at;
  Json ToJson() const;
};

struct Hit {
  std::int64_t id = 0;
  std::int64_t subject_id = 0;
  std::string subject_kind, subject_name, subject_country, subject_source;
  std::string list, entity_id, matched_name;
  double score = 0;
  Json explanation;
  std::string status;
  std::optional<std::string> reason, decided_by, decided_at;
  std::string created_at;
  Json ToJson() const;
};

struct ControlCategory {
  std::string code, title_en, title_ja;
  std::vector<std::string> terms_en, terms_ja;
  Json ToJson() const;
};

struct CategorySuggestion {
  std::string code, title_en, title_ja;
  double score = 0;
  std::vector<std::string> matched_terms;
  Json ToJson() const;
};

// Scores every category against `description`: English terms match whole words,
// case-insensitively, after a light stemming (plural and -ing/-ed endings), multi-word
// terms as consecutive words; Japanese terms match as substrings. A term weighs its
// number of words (English) or half its characters (Japanese, at least 1). Categories
// without a matched term are left out; the rest are sorted by score, then code.
std::vector<CategorySuggestion> ClassifyDescription(const std::vector<ControlCategory>& categories,
                                                    std::string_view description);

struct NewTechRequest {
  std::string title, description, project;
  SubjectInput recipient;  // source is ignored: the recipient becomes a new party
};

struct TechDecision {
  std::string status;         // "approved" | "rejected"
  std::string category_code;  // a category code or "none"
  std::optional<std::string> licence_number, conditions, expires_on, reason;
};

struct TechRequest {
  std::int64_t id = 0;
  std::int64_t provider_user_id = 0;
  std::string provider_name;
  std::string title, description, project;
  Subject recipient;
  std::vector<Hit> recipient_hits;  // filled only for callers who may read hits
  Json suggested_categories;
  std::optional<std::string> category_code;
  std::string status;
  std::optional<std::string> licence_number, conditions, expires_on, reason, decided_by, decided_at;
  std::string created_at, updated_at;
  Json ToJson(bool with_hits) const;
};

// The in-memory screening index over the current version of every list.
struct ScreeningIndex {
  struct Entity {
    std::string list, entity_id, fingerprint;
  };
  std::int64_t generation = -1;
  std::shared_ptr<const names::Index> index;
  std::vector<Entity> entities;    // by the engine's entity number
  std::vector<std::string> names;  // by the engine's name ordinal
};

class ComplianceService {
 public:
  explicit ComplianceService(store::Database& db);
  ~ComplianceService();  // stops the worker
  ComplianceService(const ComplianceService&) = delete;
  ComplianceService& operator=(const ComplianceService&) = delete;

  // Lists. An import reads the whole file first (a malformed file writes nothing), then
  // writes the version, its diff and the changed entities in one transaction with an
  // audit entry holding the counts, moves the index generation and queues every subject.
  // `name` must match [a-z0-9-]{1,40}.
  Result<ImportReport> ImportListFile(const audit::Actor& actor, const std::string& name,
                                      ListFormat format, const std::filesystem::path& path);
  Result<ImportReport> ImportListBytes(const audit::Actor& actor, const std::string& name,
                                       ListFormat format, std::string_view bytes);
  Result<std::vector<ListInfo>> Lists();
  // Versions in order after `after_version`; up to limit + 1 (the extra one tells that
  // a next page exists). NotFound for an unknown list.
  Result<std::vector<ListVersionInfo>> Versions(const std::string& name, std::int64_t after_version,
                                                int limit);
  Result<VersionDiff> Diff(const std::string& name, std::int64_t version);
  // Entities of the current version by row id; `q` filters by a name substring.
  Result<std::vector<EntityRow>> Entities(const std::string& name, const std::string& q,
                                          std::int64_t after_id, int limit);

  // The index for the current list versions; rebuilt when the generation moved. Cost:
  // one small query, plus a rebuild (seconds for large lists) when stale.
  Result<std::shared_ptr<const ScreeningIndex>> CurrentIndex();

  // Screening on demand. name: 1..300 characters; top 1..100; threshold in [0,1].
  Result<std::vector<ScreenMatch>> Screen(const ScreenQuery& query, const ScreenOptions& options);
  // Many queries over one index with up to `threads` threads; results in query order.
  Result<std::vector<std::vector<ScreenMatch>>> ScreenBatch(const std::vector<ScreenQuery>& queries,
                                                            const ScreenOptions& options,
                                                            int threads = 1);

  // Subjects and hits.
  Result<Subject> RegisterParty(const audit::Actor& actor, const SubjectInput& party);
  Result<std::vector<Subject>> ListSubjects(std::int64_t after_id, int limit);
  Result<Subject> GetSubject(std::int64_t id);
  Result<std::optional<Subject>> FindSubjectBySource(const std::string& source);
  Result<std::vector<Hit>> HitsOfSubject(std::int64_t subject_id);
  // status: empty for all, else open|true_match|false_positive.
  Result<std::vector<Hit>> ListHits(const std::string& status, std::int64_t after_id, int limit);
  Result<Hit> GetHit(std::int64_t id);
  // status true_match|false_positive; reason 1..2000 characters.
  Result<Hit> DecideHit(const audit::Actor& actor, std::int64_t id, const std::string& status,
                        const std::string& reason);

  // Screens queued subjects (at most `max_subjects`) and returns how many it screened.
  Result<int> ProcessQueue(int max_subjects = 1 << 30);
  // Screens those of `subject_ids` that are queued.
  Result<int> ProcessSubjects(const std::vector<std::int64_t>& subject_ids);

  // Background worker: ProcessQueue every second and right after Wake(). Before each
  // pass it calls the subject sources: other modules that note their subjects in batches
  // outside their own requests (programmes: the teams of submitted proposals). Register
  // sources before StartWorker. A source is called with `all` false by the worker (it may
  // defer work while its module is busy) and true by ProcessAll (do everything now).
  void AddSubjectSource(std::function<Result<int>(bool all)> source);
  // The sources, then the queue, synchronously (commands, demo data, tests).
  Result<int> ProcessAll();
  void StartWorker();
  void StopWorker();
  void Wake();

  // Control categories.
  Result<std::vector<ControlCategory>> Categories();
  // Creates or replaces the category `code` (1..32 of A-Z a-z 0-9 - _ .).
  Result<ControlCategory> PutCategory(const audit::Actor& actor, const ControlCategory& category);
  Result<std::vector<CategorySuggestion>> Classify(std::string_view description);

  // Technology-provision requests.
  Result<TechRequest> CreateTechRequest(const audit::Actor& actor, std::int64_t provider_user_id,
                                        const NewTechRequest& request);
  Result<TechRequest> GetTechRequest(std::int64_t id);
  // provider 0: every provider. status empty: all.
  Result<std::vector<TechRequest>> ListTechRequests(const std::string& status,
                                                    std::int64_t provider_user_id,
                                                    std::int64_t after_id, int limit);
  Result<TechRequest> DecideTechRequest(const audit::Actor& actor, std::int64_t id,
                                        const TechDecision& decision);

 private:
  struct Screened;
  Result<std::shared_ptr<const ScreeningIndex>> BuildIndex(std::int64_t generation);
  Result<ImportReport> Import(const audit::Actor& actor, const std::string& name, ListFormat format,
                              const ListSnapshot& snapshot, const std::string& sha256);
  Result<int> ProcessBatch(const std::vector<std::int64_t>& subject_ids);
  Result<TechRequest> LoadTechRequest(store::Connection& conn, std::int64_t id);
  void WorkerLoop();

  store::Database& db_;
  std::mutex index_mutex_;  // guards index_
  std::mutex build_mutex_;  // one rebuild at a time
  std::shared_ptr<const ScreeningIndex> index_;
  std::mutex process_mutex_;  // one screening pass at a time in this process

  std::mutex worker_mutex_;
  std::condition_variable worker_cv_;
  bool worker_stop_ = false;
  bool worker_wake_ = false;
  std::thread worker_;
  std::vector<std::function<Result<int>(bool)>> sources_;  // set before the worker starts
};

// The compliance routes (docs/compliance.md).
std::vector<api::RouteSpec> ComplianceRoutes(ComplianceService& service);

}  // namespace asta::compliance
