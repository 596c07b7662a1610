// The review module (issue 6, parts 2 and 4): a call's review settings, its reviewer
// pool (invitations answered by the reviewers), conflicts of interest (detected on
// demand, declared by either side, overridden by officers with a reason), the optimal
// assignment of accepted reviewers to submitted proposals (assign engine), reviews from
// the call's criteria with a deadline, the panel with raw and leniency-calibrated means,
// ranking, notes and decisions checked against every funder's budget, the release of
// results and the applicant's anonymised view. docs/review.md, "Review workflow and API",
// is the contract of the API built on it.
//
// Errors: InvalidArgument naming the field ("k", "scores.impact", "order",
// "decisions"), NotFound, PermissionDenied (another reviewer's assignment, a conflicted
// reviewer), FailedPrecondition (a frozen review, a passed deadline, a release with
// undecided proposals). Infeasible assignments are a value (ComputeResult::reasons), not
// an error. Authorisation by role and call is the routes' job; the service checks that
// a reviewer acts on their own invitations and assignments (it is told the acting user).
//
// Every change writes its audit entry in the same transaction. Thread-safety:
// ReviewService is thread-safe (state lives in the database).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit_log.h"
#include "modules/network/network.h"
#include "modules/programmes/programmes.h"
#include "modules/review/conflicts.h"
#include "store/database.h"

namespace asta::review {

struct Diversity {
  int outside_applicant_countries = 0;  // reviewers from outside the team's countries, at least
  int max_per_country = 0;              // reviewers of one country per proposal; 0 = no limit
};

struct Settings {
  std::int64_t call_id = 0;
  int k = 3, max_load = 6, min_load = 0;
  std::optional<std::int64_t> deadline;  // Unix seconds
  std::string deadline_text;             // as given (RFC 3339 with offset)
  CoiPolicy coi;
  Diversity diversity;
  std::string mode = "total";  // total | fair
  double move_cost = 0;
  bool stored = false;  // false: defaults, never saved
  Json ToJson() const;
};

struct Criterion {
  std::string key, title, title_ja;
  double weight = 1;
  int scale_min = 1, scale_max = 5;
};

struct ConflictItem {
  std::int64_t proposal_id = 0;
  std::string proposal_title;
  std::int64_t reviewer_user_id = 0;
  std::string reviewer_name;
  std::string kind, explanation, explanation_ja, source;
  bool overridden = false;
  std::optional<std::string> override_reason;
  std::optional<std::int64_t> overridden_by;
  Json ToJson() const;
};

struct ComputeOptions {
  bool keep_existing = false;
  std::optional<double> move_cost;
  std::optional<std::string> mode;
};

struct ComputeResult {
  std::vector<std::string> reasons;  // non-empty: infeasible, nothing changed
  Json summary;                      // assigned, total_affinity, min_proposal_affinity, moved, kept
};

// A proposal's reviewer view: GET /proposals/{id} for a reviewer. kNotInvolved: not in
// the call's reviewer pool (told nothing, as any other user: 404); kUnassigned: in the
// pool but not assigned (403); kConflicted: conflicted or withdrawn (403).
enum class ReviewerAccess { kNotInvolved, kUnassigned, kAssigned, kConflicted };

class ReviewService {
 public:
  ReviewService(store::Database& db, accounts::AccountsService& accounts,
                network::NetworkService& network, programmes::ProgrammesService& programmes);

  // The clock deadlines are checked against (Unix seconds); tests only.
  void set_clock(std::function<std::int64_t()> clock);
  std::int64_t Now() const;

  // Settings and status (GET /calls/{id}/review).
  Result<Settings> GetSettings(std::int64_t call_id);
  Result<Settings> PutSettings(const audit::Actor& actor, std::int64_t call_id, const Json& body);
  Result<Json> Overview(std::int64_t call_id);
  static std::vector<Criterion> CriteriaOf(const programmes::Call& call);

  // Reviewer pool.
  Result<Json> Reviewers(std::int64_t call_id);
  Result<Json> Invite(const audit::Actor& actor, std::int64_t call_id, const Json& body);
  Status RemoveInvitation(const audit::Actor& actor, std::int64_t call_id,
                          std::int64_t invitation_id);
  Result<Json> MyInvitations(std::int64_t user_id);
  Result<Json> Answer(const audit::Actor& actor, std::int64_t invitation_id, bool accept);

  // Conflicts.
  Result<std::vector<ConflictItem>> Conflicts(std::int64_t call_id);
  // The pair's conflicts (overridden ones included, marked).
  Result<std::vector<ConflictItem>> PairConflicts(std::int64_t proposal_id,
                                                  std::int64_t reviewer_user_id);
  Result<ConflictItem> Override(const audit::Actor& actor, std::int64_t call_id, const Json& body);
  Status RemoveOverride(const audit::Actor& actor, std::int64_t call_id, std::int64_t proposal_id,
                        std::int64_t reviewer_user_id);
  Result<Json> DeclareByReviewer(const audit::Actor& actor, std::int64_t assignment_id,
                                 const Json& body);
  Result<Json> DeclareByApplicant(const audit::Actor& actor, std::int64_t proposal_id,
                                  const Json& body);

  // Assignment.
  Result<ComputeResult> Compute(const audit::Actor& actor, std::int64_t call_id,
                                const ComputeOptions& options);
  Result<Json> Assignments(std::int64_t call_id);
  // The call an assignment belongs to (for the routes' scope check).
  Result<std::int64_t> CallOfAssignment(std::int64_t assignment_id);
  Status DeleteAssignment(const audit::Actor& actor, std::int64_t assignment_id);

  // Reviews (the acting user must be the assigned reviewer).
  Result<Json> MyReviews(std::int64_t user_id);
  Result<Json> GetReview(std::int64_t user_id, std::int64_t assignment_id);
  Result<Json> SaveReview(const audit::Actor& actor, std::int64_t assignment_id, const Json& body);
  Result<Json> SubmitReview(const audit::Actor& actor, std::int64_t assignment_id);
  Result<ReviewerAccess> AccessOf(std::int64_t user_id, std::int64_t proposal_id);

  // Panel, selection, decisions, release.
  Result<Json> Panel(std::int64_t call_id);
  Result<Json> PutRanking(const audit::Actor& actor, std::int64_t call_id, const Json& body);
  Result<Json> Selection(std::int64_t call_id);
  Result<Json> Decide(const audit::Actor& actor, std::int64_t call_id, const Json& body);
  Result<Json> Release(const audit::Actor& actor, std::int64_t call_id);
  Result<Json> Outcome(std::int64_t proposal_id);
  Result<Json> Remind(const audit::Actor& actor, std::int64_t call_id);

 private:
  struct CallData;
  // What LoadCallData reads besides the call, its submitted proposals and its pool: no
  // facts, the pool's reviewers' facts, or those and every proposal's.
  enum class Facts { kNone, kPool, kAll };
  Result<CallData> LoadCallData(std::int64_t call_id, Facts facts);
  Result<PersonFacts> ReviewerFacts(std::int64_t user_id);
  // A proposal's facts: its team members' (from the cache when the proposal's version
  // and the network's revision are those they were read at) and its applicant's
  // (`applicants`: those read for this request, by user id).
  Result<ProposalFacts> FactsOf(const programmes::Proposal& p, std::int64_t network_revision,
                                std::map<std::int64_t, PersonFacts>& applicants);
  Result<std::vector<TeamMember>> MembersOf(const programmes::Proposal& p);
  // Fills the name and e-mail of relations that name a network record by id only.
  Status NameRelations(PersonFacts& f);
  Result<std::vector<ConflictItem>> ConflictsOf(CallData& data,
                                                std::optional<std::int64_t> only_proposal,
                                                std::optional<std::int64_t> only_reviewer);
  struct AssignmentRow;
  Result<AssignmentRow> OwnAssignment(std::int64_t user_id, std::int64_t assignment_id);

  store::Database& db_;
  accounts::AccountsService& accounts_;
  network::NetworkService& network_;
  programmes::ProgrammesService& programmes_;
  mutable std::mutex mu_;
  std::function<std::int64_t()> clock_;  // guarded by mu_
  // Team members' facts by proposal id: each costs a network lookup per member, and a
  // call's whole set is needed for every conflict check (docs/review.md).
  struct CachedMembers {
    std::int64_t version = 0;           // the proposal's
    std::int64_t network_revision = 0;  // network_changes' newest seq when read
    std::vector<TeamMember> members;
  };
  std::mutex members_mu_;
  std::unordered_map<std::int64_t, CachedMembers> members_cache_;  // guarded by members_mu_
};

// The review routes (docs/review.md).
std::vector<api::RouteSpec> ReviewRoutes(ReviewService& review,
                                         programmes::ProgrammesService& programmes);
// Wraps GET /api/v1/proposals/{id} and GET /api/v1/proposals/{id}/attachments/{aid} in
// `routes` so that a reviewer assigned to the proposal (and not conflicted) reads it and
// downloads its attachments, a conflicted or unassigned reviewer of the call gets 403, and
// a reviewer outside the call 404 as anyone else.
void AddReviewerProposalAccess(std::vector<api::RouteSpec>& routes, ReviewService& review,
                               programmes::ProgrammesService& programmes);

}  // namespace asta::review
