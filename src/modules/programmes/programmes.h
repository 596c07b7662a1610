// The programmes module: programmes owned by an agency, their calls (multi-funder, with
// slots, stages, a proposal form, eligibility rules and review criteria), and proposals
// from draft to submission with versions, attachments, receipts and screening.
// docs/programmes.md is the contract of the API built on it.
//
// A call's opening and closing are wall-clock times in the zone the call was announced
// in, stored as instants; a deadline is exact to the second and enforced with the
// server's clock (a submission at the closing second is on time, one second later is
// refused with the deadline shown in the applicant's zone). Eligibility (eligibility.h)
// is evaluated on every save and again at submission; a submission that fails any check
// changes nothing. On submission every team member and organisation is screened
// (compliance module): the result is stored with the proposal for officers, and each is
// noted as a screening subject so that hits reach the compliance queue.
//
// Errors: InvalidArgument naming the field ("team[2].country", "budget[0].currency",
// "sections.summary", "attachments.cv"), NotFound, FailedPrecondition (a stale version, a
// state that does not allow the change, a call that is closed or not yet open).
// Authorisation is the routes' job, except that the service refuses changes to another
// user's proposal (it is told the acting user).
//
// Thread-safety: ProgrammesService is thread-safe (state lives in the database; the
// country groups are cached behind a mutex).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "modules/audit/audit_log.h"
#include "modules/compliance/compliance.h"
#include "modules/programmes/eligibility.h"
#include "modules/programmes/eu_calls.h"
#include "store/database.h"

namespace asta::programmes {

bool IsProgrammeKind(const std::string& kind);

struct ProgrammeInput {
  std::optional<std::int64_t> agency_id;  // an agency of asta; its code is taken
  std::string agency_code;                // when no agency_id (imported programmes)
  std::string kind;  // joint_research | fellowship | invitation | capacity_building |
                     // facility_access
  std::string name, name_ja, description;
  std::vector<std::string> themes;    // DESIGN.md themes
  std::vector<std::string> partners;  // partner agencies' codes
};

struct Programme {
  std::int64_t id = 0;
  ProgrammeInput input;
  std::string source;
  std::int64_t call_count = 0;
  std::string created_at, updated_at;
  std::int64_t version = 1;
  Json ToJson() const;
};

// A call as stored: the definition (docs/programmes.md, "Call definition") normalised,
// with its instants and parsed rules.
struct Call {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::optional<std::int64_t> agency_id;  // the programme's
  std::string programme_name;
  std::string title, title_ja;
  std::int64_t opens = 0, closes = 0;      // Unix seconds
  std::optional<std::int64_t> pre_closes;  // two-stage calls: the pre-proposals' deadline
  std::string time_zone;
  std::string funding_model;
  int stages = 1;
  Json definition;  // normalised definition, as written by the officer
  CallRules rules;
  std::string source;
  std::string created_at, updated_at;
  std::int64_t version = 1;
  std::int64_t proposal_count = 0;

  // "upcoming", "open" or "closed" at `now`.
  std::string StatusAt(std::int64_t now) const;
  // The list form: id, programme, titles, instants (UTC and in the call's zone), status,
  // funding model, stages, funders; proposal_count when `officer`.
  Json Summary(std::int64_t now, bool officer) const;
  // Summary plus description, themes, slots, rules, rules_text, form, criteria, source.
  Json Full(std::int64_t now, bool officer) const;
};

struct CallFilter {
  std::optional<std::int64_t> programme_id;
  std::string status;  // "" | upcoming | open | closed
  std::string q;       // in the title (either language)
  std::int64_t after_id = 0;
  int limit = 50;  // up to limit + 1 are returned
};

// Problems of a proposal's content against its call's form that are not eligibility
// rules: required sections, limits in characters or words, required attachments,
// members without country, budget lines to funders not in the call or in the wrong
// currency. Each names the field.
struct FormProblem {
  std::string field, message_en, message_ja;
};

struct Attachment {
  std::int64_t id = 0;
  std::string key, filename, content_type;
  std::int64_t size = 0;
  std::string sha256, scan;  // scan: "clean" | "not_scanned"
  std::string created_at;
  Json ToJson() const;
};

struct Receipt {
  std::string number;
  std::int64_t proposal_id = 0;
  std::int64_t version = 0;
  int stage = 2;
  std::int64_t submitted_at = 0;  // Unix seconds
  std::string time_zone;          // the applicant's, for submitted_local
  std::string sha256;             // of the frozen content
  Json ToJson() const;
};

struct Proposal {
  std::int64_t id = 0;
  std::int64_t call_id = 0;
  std::int64_t owner_user_id = 0;
  std::string owner_name;
  std::string state;  // draft | submitted | withdrawn
  int stage = 2;      // 1: a two-stage call's pre-proposal; 2: a full proposal
  std::string title, slot;
  Json content;
  bool eligible = false;
  Json check;                    // ToJson(Check)
  std::string screening_status;  // none | pending | clear | alerts
  Json screening;
  std::optional<std::int64_t> submitted_version;
  std::optional<std::string> submitted_at;
  std::string created_at, updated_at;
  std::int64_t version = 1;
  std::map<std::string, std::int64_t> requested;  // per funder agency
  std::vector<Attachment> attachments;
  std::vector<FormProblem> form_problems;
  // With screening only for officers.
  Json ToJson(bool with_screening) const;
  Json Summary(bool with_screening) const;
};

struct ProposalFilter {
  std::string state;             // "" | draft | submitted | withdrawn
  int stage = 0;                 // 0 = any
  std::optional<bool> eligible;  // nullopt = any
  std::string screening;         // "" | none | pending | clear | alerts
  std::string slot;              // "" = any
  std::string q;                 // in the title
  std::int64_t after_id = 0;
  int limit = 100;  // 1..1000; up to limit + 1 returned
};

struct FunderTotal {
  std::string agency, currency;
  std::optional<std::int64_t> budget;
  std::int64_t requested = 0, requested_submitted = 0;
  Json ToJson() const;
};

struct AttachmentInput {
  std::string key, filename, content_type;
  std::string bytes;
};

struct VersionInfo {
  std::int64_t number = 0;
  std::string state, sha256, created_at;
  Json content;  // filled by GetVersion only
  Json ToJson(bool with_content) const;
};

struct EuImportReport {
  std::int64_t programme_id = 0;
  std::int64_t topics = 0, created = 0, updated = 0, unchanged = 0;
  std::int64_t with_budget = 0, two_stage = 0;
};

// Scans attachment bytes for malware. Returns "clean", or an error (kInvalidArgument
// naming the threat) to refuse the file. The default passes every file as "not_scanned".
using VirusScanner = std::function<Result<std::string>(const std::string& bytes)>;

class ProgrammesService {
 public:
  ProgrammesService(store::Database& db, compliance::ComplianceService& compliance);

  void set_virus_scanner(VirusScanner scanner);
  // The clock deadlines are checked against (Unix seconds); tests only.
  void set_clock(std::function<std::int64_t()> clock);
  std::int64_t Now() const;

  // Country groups (maintained data; seeded from country_groups.cc when empty).
  Result<std::map<std::string, GroupInfo>> Groups();
  Result<Json> GroupsJson();
  Result<Json> PutGroup(const audit::Actor& actor, const std::string& code, const Json& body);

  // Programmes.
  Result<Programme> CreateProgramme(const audit::Actor& actor, ProgrammeInput input);
  Result<Programme> GetProgramme(std::int64_t id);
  Result<std::vector<Programme>> ListProgrammes();

  // Calls. `definition` is the JSON of docs/programmes.md; errors name its fields.
  Result<Call> CreateCall(const audit::Actor& actor, const Json& definition);
  Result<Call> UpdateCall(const audit::Actor& actor, std::int64_t id, const Json& definition,
                          std::optional<std::int64_t> expected_version);
  Result<Call> GetCall(std::int64_t id);  // proposal_count is left 0
  Result<std::int64_t> CountProposals(std::int64_t call_id);
  Result<std::vector<Call>> ListCalls(const CallFilter& filter);
  // A definition parsed and checked without storing it (the call editor's test panel).
  Result<Call> ParseCall(const Json& definition);

  // Eligibility and form problems of `content` against `call`.
  Result<Json> CheckContent(const Call& call, const Json& content);

  // Proposals. The owner is the acting user.
  Result<Proposal> CreateProposal(const audit::Actor& actor, std::int64_t call_id,
                                  const Json& content);
  Result<Proposal> UpdateProposal(const audit::Actor& actor, std::int64_t id, const Json& content,
                                  std::optional<std::int64_t> expected_version);
  Result<Proposal> GetProposal(std::int64_t id);
  Result<std::vector<Proposal>> ProposalsOf(std::int64_t owner_user_id);
  Result<std::vector<Proposal>> CallProposals(std::int64_t call_id, const ProposalFilter& filter);
  Result<std::vector<FunderTotal>> CallTotals(std::int64_t call_id);
  Result<Attachment> AddAttachment(const audit::Actor& actor, std::int64_t proposal_id,
                                   AttachmentInput input);
  // The attachment with its bytes (NotFound unless it belongs to the proposal).
  Result<std::pair<Attachment, std::string>> GetAttachment(std::int64_t proposal_id,
                                                           std::int64_t attachment_id);
  Status DeleteAttachment(const audit::Actor& actor, std::int64_t proposal_id,
                          std::int64_t attachment_id);
  // `time_zone`: the applicant's, for the receipt and a late refusal ("" = the call's).
  Result<std::pair<Proposal, Receipt>> Submit(const audit::Actor& actor, std::int64_t id,
                                              std::optional<std::int64_t> expected_version,
                                              const std::string& time_zone);
  // Two-stage calls: the officers invite a submitted pre-proposal to the full proposal
  // (stage 2, a draft again, the pre-proposal kept as a frozen version).
  Result<Proposal> Invite(const audit::Actor& actor, std::int64_t id);
  Result<Proposal> Withdraw(const audit::Actor& actor, std::int64_t id,
                            std::optional<std::int64_t> expected_version);
  Result<std::vector<VersionInfo>> Versions(std::int64_t proposal_id);
  Result<VersionInfo> GetVersion(std::int64_t proposal_id, std::int64_t number);
  Result<std::vector<Receipt>> Receipts(std::int64_t proposal_id);

  // Notes the teams of submitted proposals not yet noted as screening subjects of the
  // compliance module, in write transactions of at most 20 proposals; returns how many
  // proposals. Run by the compliance worker, so that a submission does not wait for it.
  // Unless `all`, nothing is done while submissions are arriving (one in the last
  // kQuietMs) unless the oldest waiting one was submitted more than kMaxLagSeconds ago:
  // at a deadline's rush the write lock is the submissions'; each submission's own
  // screening is done at once in any case.
  Result<int> NotePendingSubjects(bool all = true);
  static constexpr std::int64_t kQuietMs = 2000;
  static constexpr std::int64_t kMaxLagSeconds = 600;

  // The EU Funding & Tenders topics as calls of the demo programme "EU Funding &
  // Tenders call topics (imported)"; idempotent by topic id.
  Result<EuImportReport> ImportEuTopics(const audit::Actor& actor,
                                        const std::vector<EuTopic>& topics);

 private:
  Result<Call> LoadCall(store::Connection& conn, std::int64_t id);
  Result<Proposal> LoadProposal(store::Connection& conn, std::int64_t id, bool attachments);
  Result<Call> BuildCall(const Json& definition, const std::map<std::string, GroupInfo>& groups);
  Result<Call> StoreCall(const audit::Actor& actor, Call call, std::optional<std::int64_t> id,
                         std::optional<std::int64_t> expected_version);
  Result<Json> ScreenTeam(const Json& content);
  Result<int> NoteBatch(const store::Rows& pending);

  store::Database& db_;
  compliance::ComplianceService& compliance_;
  mutable std::mutex mu_;
  std::optional<std::map<std::string, GroupInfo>> groups_;  // guarded by mu_
  VirusScanner scanner_;                                    // guarded by mu_
  std::function<std::int64_t()> clock_;                     // guarded by mu_
  std::map<std::int64_t, Call> calls_;                      // parsed calls; guarded by mu_
  std::atomic<std::int64_t> last_submit_ms_{0};             // steady clock
};

// Form problems of `content` (a proposal's JSON) against the call (pure).
// `stage` 1 (a pre-proposal) does not require the form's sections and attachments.
std::vector<FormProblem> FormProblems(const Call& call, const Json& content,
                                      const std::vector<Attachment>& attachments, int stage = 2);

// Word count as limits count words: runs of letters/digits in space-separated scripts,
// and each CJK character as one word.
std::int64_t CountWords(const std::string& text);
std::int64_t CountChars(const std::string& text);  // code points

// The rows of the exports: a header, then one row per proposal.
std::vector<std::vector<std::string>> ExportTable(const Call& call,
                                                  const std::vector<Proposal>& proposals);
// CSV and XLSX exports of a call's proposals (one row each).
std::string ProposalsCsv(const Call& call, const std::vector<Proposal>& proposals);
Result<std::string> ProposalsXlsx(const Call& call, const std::vector<Proposal>& proposals);

}  // namespace asta::programmes
