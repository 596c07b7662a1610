// Who may do what. Every route of the API names one Permission; the HTTP layer calls
// Authorize() before the handler runs, and handlers that act on one object call it again
// with that object's scope. This is the only place where roles are turned into rights.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace asta::api {

enum class Role {
  kApplicant,          // self: profile, proposals, outputs
  kReviewer,           // assigned proposals only
  kProgrammeOfficer,   // an agency, programme or call
  kComplianceOfficer,  // an institution or agency
  kFacilityManager,    // a facility
  kOverseasOffice,     // a region
  kAnalyst,            // read-only, cross-ministry
  kAdministrator,      // global
};
inline constexpr Role kAllRoles[] = {Role::kApplicant,        Role::kReviewer,
                                     Role::kProgrammeOfficer, Role::kComplianceOfficer,
                                     Role::kFacilityManager,  Role::kOverseasOffice,
                                     Role::kAnalyst,          Role::kAdministrator};

std::string_view RoleName(Role role);  // "programme_officer", …
Result<Role> ParseRole(std::string_view name, std::string_view field = "role");
// The scope kinds a role may be granted with (DESIGN.md, "Users and permissions"):
// applicant/reviewer "self"; programme_officer "agency"|"programme"|"call";
// compliance_officer "institution"|"agency"; facility_manager "facility";
// overseas_office "region"; analyst and administrator "global".
const std::vector<std::string>& AllowedScopeTypes(Role role);

struct RoleGrant {
  std::int64_t id = 0;
  Role role = Role::kApplicant;
  std::string scope_type;  // "global", "self", "agency", …
  std::string scope_id;    // empty for global/self
};

enum class AuthMethod { kSession, kToken };

// The authenticated caller of a request.
struct Principal {
  std::int64_t user_id = 0;
  std::string email;
  std::string display_name;
  std::string language;  // "ja" | "en"
  std::vector<RoleGrant> grants;
  AuthMethod method = AuthMethod::kSession;
  std::int64_t session_id = 0;  // for kSession
  std::string csrf_token;       // for kSession; unsafe methods must echo it

  bool Has(Role role) const;
};

enum class Permission {
  kPublic,         // anyone, no credentials (health, OpenAPI, login)
  kAuthenticated,  // any signed-in user (own session, own tokens, reference lists)
  kUsersList,      // list and search users
  kUserRead,       // one user: self, or a role that may list users
  kUserUpdate,     // one user: self for own profile fields, administrator for all
  kUsersAdmin,     // create users, disable them, grant and revoke roles
  kAgenciesWrite,  // create and edit ministries and agencies
  kAuditRead,      // read the audit log
  kAuditVerify,    // verify the audit chain
  // Compliance (issue 3). Screening results name people: only compliance officers and
  // administrators see them; analysts may read the lists themselves.
  kListsRead,               // restricted-party lists, versions, diffs, entries
  kListsManage,             // import list versions
  kScreen,                  // screen names on demand, register and read screening subjects
  kHitsRead,                // the hit queue
  kHitsDecide,              // mark a hit true match or false positive
  kControlCategoriesWrite,  // maintain the control-list category table
  kTechRequestCreate,       // file a technology-provision request (as its provider)
  kTechRequestRead,         // one request: its provider, or compliance
  kTechRequestsList,        // every request
  kTechRequestDecide,       // classify, approve or reject a request
  // Network (issue 4). Every signed-in user finds people and organisations; contact and
  // compliance facts (e-mails, nationality, residence) only the person, administrators,
  // programme and compliance officers, and the office of the person's region see.
  kNetworkRead,        // search, read profiles and organisations (public fields)
  kPersonPrivateRead,  // one person's e-mails, nationality, residence: scoped
  kPersonWrite,        // create or edit a person: self, the region's office, admin
  kOrganizationWrite,  // create or edit an organisation: the region's office, admin
  kNetworkImport,      // bulk imports (ROR dumps, people files)
  kNetworkMerge,       // merge duplicate people or organisations: scoped like writes
  // Exchange programmes and overseas offices (issue 4). Programmes are read by everyone
  // signed in; cooperation needs are internal reports of the offices.
  kExchangeWrite,  // create and run exchange programmes: admin, programme officers, the
                   // office of the programme's region
  kNeedsRead,      // cooperation needs: admin, analysts, programme officers, offices
  kNeedsWrite,     // report and update needs: admin, the office of the need's region
  // Programmes, calls and proposals (issue 5). Calls are read by everyone signed in; a
  // programme officer runs the programmes and calls their grant covers (an agency, a
  // programme or a call); a proposal is its owner's, and the officers of its call see it
  // with its screening results, which its owner never sees.
  kCallsRead,           // programmes, calls, their rules; check a draft against a call
  kCallsManage,         // create programmes and calls, edit calls: admin, covering officer
  kProposalWrite,       // draft, edit, submit, withdraw one's own proposals (not analysts)
  kProposalRead,        // one proposal: its owner, a covering officer, admin
  kProposalsOversee,    // a call's proposals, totals, exports, screening: admin, officer
  kCountryGroupsWrite,  // the maintained country groups: admin
  // Review and selection (issue 6). A call's review is run by the officers covering the
  // call (and administrators); analysts read it; reviewers act on their own invitations
  // and assignments only (the handler checks whose they are).
  kReviewOversee,  // a call's review status, pool, conflicts, assignments, panel: admin,
                   // analyst, covering officer
  kReviewManage,   // settings, pool, overrides, assignment, ranking, selection, decisions,
                   // release, reminders: admin, covering officer
  kReviewerWork,   // own invitations, assignments and reviews: reviewers
};
std::string_view PermissionName(Permission permission);

// The object a request acts on, when there is one.
struct ResourceScope {
  std::optional<std::int64_t> owner_user_id;  // e.g. the user a profile belongs to
  // The object's countries (ISO alpha-2), for region-scoped roles: an overseas office
  // acts on objects with a country in its region.
  std::vector<std::string> countries;
  // The programme an object belongs to (agency id, programme id, call id as text), for
  // programme officers' grants; empty when the object has none.
  std::string agency_id, programme_id, call_id;
  // Set by a handler checking a known object: then an absent owner or no countries mean
  // exactly that, not "not known yet" as in the route-level check.
  bool object = false;
};

// Ok when `principal` (nullptr: anonymous) may exercise `permission` on `scope`.
// Unauthenticated when credentials are needed and missing; PermissionDenied otherwise.
Status Authorize(const Principal* principal, Permission permission,
                 const ResourceScope& scope = {});

}  // namespace asta::api
