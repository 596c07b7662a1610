#include "modules/api/authz.h"

#include <string>

#include "core/regions.h"

namespace asta::api {

namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
};

constexpr RoleInfo kRoleNames[] = {
    {Role::kApplicant, "applicant"},
    {Role::kReviewer, "reviewer"},
    {Role::kProgrammeOfficer, "programme_officer"},
    {Role::kComplianceOfficer, "compliance_officer"},
    {Role::kFacilityManager, "facility_manager"},
    {Role::kOverseasOffice, "overseas_office"},
    {Role::kAnalyst, "analyst"},
    {Role::kAdministrator, "administrator"},
};

bool IsSelf(const Principal& principal, const ResourceScope& scope) {
  return scope.owner_user_id.has_value() && *scope.owner_user_id == principal.user_id;
}

// An overseas office acts on an object with a country in one of its regions; at the
// route level (no countries known yet) any office passes and the handler checks again.
bool OfficeCovers(const Principal& principal, const ResourceScope& scope) {
  for (const RoleGrant& grant : principal.grants) {
    if (grant.role != Role::kOverseasOffice) continue;
    if (!scope.object && scope.countries.empty() && !scope.owner_user_id.has_value()) return true;
    for (const std::string& country : scope.countries) {
      if (grant.scope_type == "region" && RegionOfCountry(country) == grant.scope_id) {
        return true;
      }
    }
  }
  return false;
}

// A programme officer whose grant covers the object's agency, programme or call; at
// route level (no object yet), any programme officer.
bool OfficerCovers(const Principal& principal, const ResourceScope& scope) {
  for (const RoleGrant& grant : principal.grants) {
    if (grant.role != Role::kProgrammeOfficer) continue;
    if (!scope.object) return true;
    if (grant.scope_type == "agency" && !scope.agency_id.empty() &&
        grant.scope_id == scope.agency_id) {
      return true;
    }
    if (grant.scope_type == "programme" && !scope.programme_id.empty() &&
        grant.scope_id == scope.programme_id) {
      return true;
    }
    if (grant.scope_type == "call" && !scope.call_id.empty() && grant.scope_id == scope.call_id) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const RoleInfo& info : kRoleNames) {
    if (info.role == role) return info.name;
  }
  return "unknown";
}

Result<Role> ParseRole(std::string_view name, std::string_view field) {
  for (const RoleInfo& info : kRoleNames) {
    if (info.name == name) return info.role;
  }
  std::string valid;
  for (const RoleInfo& info : kRoleNames) {
    if (!valid.empty()) valid += ", ";
    valid += info.name;
  }
  return InvalidArgument("unknown role; expected one of: " + valid, std::string(field));
}

const std::vector<std::string>& AllowedScopeTypes(Role role) {
  // Function-local statics: built once, thread-safe, never destroyed before use.
  static const std::vector<std::string> kSelf = {"self"};
  static const std::vector<std::string> kProgramme = {"agency", "programme", "call"};
  static const std::vector<std::string> kCompliance = {"institution", "agency"};
  static const std::vector<std::string> kFacility = {"facility"};
  static const std::vector<std::string> kRegion = {"region"};
  static const std::vector<std::string> kGlobal = {"global"};
  switch (role) {
    case Role::kApplicant:
    case Role::kReviewer:
      return kSelf;
    case Role::kProgrammeOfficer:
      return kProgramme;
    case Role::kComplianceOfficer:
      return kCompliance;
    case Role::kFacilityManager:
      return kFacility;
    case Role::kOverseasOffice:
      return kRegion;
    case Role::kAnalyst:
    case Role::kAdministrator:
      return kGlobal;
  }
  return kGlobal;
}

bool Principal::Has(Role role) const {
  for (const RoleGrant& grant : grants) {
    if (grant.role == role) return true;
  }
  return false;
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kPublic:
      return "public";
    case Permission::kAuthenticated:
      return "authenticated";
    case Permission::kUsersList:
      return "users.list";
    case Permission::kUserRead:
      return "user.read";
    case Permission::kUserUpdate:
      return "user.update";
    case Permission::kUsersAdmin:
      return "users.admin";
    case Permission::kAgenciesWrite:
      return "agencies.write";
    case Permission::kAuditRead:
      return "audit.read";
    case Permission::kAuditVerify:
      return "audit.verify";
    case Permission::kListsRead:
      return "lists.read";
    case Permission::kListsManage:
      return "lists.manage";
    case Permission::kScreen:
      return "screen";
    case Permission::kHitsRead:
      return "hits.read";
    case Permission::kHitsDecide:
      return "hits.decide";
    case Permission::kControlCategoriesWrite:
      return "control_categories.write";
    case Permission::kTechRequestCreate:
      return "tech_requests.create";
    case Permission::kTechRequestRead:
      return "tech_request.read";
    case Permission::kTechRequestsList:
      return "tech_requests.list";
    case Permission::kTechRequestDecide:
      return "tech_requests.decide";
    case Permission::kNetworkRead:
      return "network.read";
    case Permission::kPersonPrivateRead:
      return "person.private_read";
    case Permission::kPersonWrite:
      return "person.write";
    case Permission::kOrganizationWrite:
      return "organization.write";
    case Permission::kNetworkImport:
      return "network.import";
    case Permission::kNetworkMerge:
      return "network.merge";
    case Permission::kExchangeWrite:
      return "exchange.write";
    case Permission::kNeedsRead:
      return "needs.read";
    case Permission::kNeedsWrite:
      return "needs.write";
    case Permission::kCallsRead:
      return "calls.read";
    case Permission::kCallsManage:
      return "calls.manage";
    case Permission::kProposalWrite:
      return "proposal.write";
    case Permission::kProposalRead:
      return "proposal.read";
    case Permission::kProposalsOversee:
      return "proposals.oversee";
    case Permission::kCountryGroupsWrite:
      return "country_groups.write";
    case Permission::kReviewOversee:
      return "review.oversee";
    case Permission::kReviewManage:
      return "review.manage";
    case Permission::kReviewerWork:
      return "review.work";
  }
  return "unknown";
}

Status Authorize(const Principal* principal, Permission permission, const ResourceScope& scope) {
  if (permission == Permission::kPublic) return Ok();
  if (principal == nullptr) return Unauthenticated("sign in first");

  const bool admin = principal->Has(Role::kAdministrator);
  const bool analyst = principal->Has(Role::kAnalyst);
  const bool compliance = principal->Has(Role::kComplianceOfficer);
  // Per-object permissions pass the route-level check (no owner known yet) for any
  // signed-in user; the handler then calls Authorize again with the object's scope.
  const bool self_or_unscoped = !scope.owner_user_id.has_value() || IsSelf(*principal, scope);

  bool allowed = false;
  switch (permission) {
    case Permission::kPublic:
    case Permission::kAuthenticated:
      allowed = true;
      break;
    case Permission::kUsersList:
    case Permission::kAuditRead:
      allowed = admin || analyst;
      break;
    case Permission::kUserRead:
      allowed = admin || analyst || self_or_unscoped;
      break;
    case Permission::kUserUpdate:
      allowed = admin || self_or_unscoped;
      break;
    case Permission::kUsersAdmin:
    case Permission::kAgenciesWrite:
    case Permission::kAuditVerify:
      allowed = admin;
      break;
    case Permission::kListsRead:
      allowed = admin || analyst || compliance;
      break;
    case Permission::kListsManage:
    case Permission::kScreen:
    case Permission::kHitsRead:
    case Permission::kControlCategoriesWrite:
    case Permission::kTechRequestsList:
      allowed = admin || compliance;
      break;
    case Permission::kHitsDecide:
    case Permission::kTechRequestDecide:
      // Adjudication is the compliance officer's alone, not the administrator's.
      allowed = compliance;
      break;
    case Permission::kTechRequestCreate:
      allowed = !(analyst && principal->grants.size() == 1);  // analysts only read
      break;
    case Permission::kTechRequestRead:
      allowed = admin || compliance || self_or_unscoped;
      break;
    case Permission::kNetworkRead:
      allowed = true;
      break;
    case Permission::kPersonPrivateRead:
      allowed = admin || compliance || principal->Has(Role::kProgrammeOfficer) ||
                IsSelf(*principal, scope) || OfficeCovers(*principal, scope);
      break;
    case Permission::kPersonWrite:
      // Route level: anyone may try (a researcher edits their own profile); the handler
      // checks the person's owner and countries.
      allowed = admin || IsSelf(*principal, scope) || OfficeCovers(*principal, scope) ||
                (!scope.object && !scope.owner_user_id.has_value());
      if (analyst && principal->grants.size() == 1) allowed = false;
      break;
    case Permission::kOrganizationWrite:
    case Permission::kNetworkMerge:
      allowed = admin || OfficeCovers(*principal, scope);
      break;
    case Permission::kNetworkImport:
      allowed = admin;
      break;
    case Permission::kExchangeWrite:
      allowed = admin || principal->Has(Role::kProgrammeOfficer) || OfficeCovers(*principal, scope);
      break;
    case Permission::kNeedsRead:
      allowed = admin || analyst || principal->Has(Role::kProgrammeOfficer) ||
                principal->Has(Role::kOverseasOffice);
      break;
    case Permission::kNeedsWrite:
      allowed = admin || OfficeCovers(*principal, scope);
      break;
    case Permission::kCallsRead:
      allowed = true;
      break;
    case Permission::kCallsManage:
    case Permission::kProposalsOversee:
      allowed = admin || OfficerCovers(*principal, scope);
      break;
    case Permission::kProposalWrite:
      allowed = !(analyst && principal->grants.size() == 1) &&
                (!scope.object || IsSelf(*principal, scope));
      break;
    case Permission::kProposalRead:
      allowed = admin || OfficerCovers(*principal, scope) ||
                (scope.object ? IsSelf(*principal, scope) : true);
      break;
    case Permission::kCountryGroupsWrite:
      allowed = admin;
      break;
    case Permission::kReviewOversee:
      allowed = admin || OfficerCovers(*principal, scope) || analyst;
      break;
    case Permission::kReviewManage:
      allowed = admin || OfficerCovers(*principal, scope);
      break;
    case Permission::kReviewerWork:
      allowed = principal->Has(Role::kReviewer);
      break;
  }
  if (allowed) return Ok();
  return PermissionDenied("your roles do not grant the permission " +
                          std::string(PermissionName(permission)));
}

}  // namespace asta::api
