#include "modules/api/authz.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

namespace asta::api {
namespace {

constexpr Permission kAllPermissions[] = {Permission::kPublic,
                                          Permission::kAuthenticated,
                                          Permission::kUsersList,
                                          Permission::kUserRead,
                                          Permission::kUserUpdate,
                                          Permission::kUsersAdmin,
                                          Permission::kAgenciesWrite,
                                          Permission::kAuditRead,
                                          Permission::kAuditVerify,
                                          Permission::kListsRead,
                                          Permission::kListsManage,
                                          Permission::kScreen,
                                          Permission::kHitsRead,
                                          Permission::kHitsDecide,
                                          Permission::kControlCategoriesWrite,
                                          Permission::kTechRequestCreate,
                                          Permission::kTechRequestRead,
                                          Permission::kTechRequestsList,
                                          Permission::kTechRequestDecide,
                                          Permission::kNetworkRead,
                                          Permission::kPersonPrivateRead,
                                          Permission::kPersonWrite,
                                          Permission::kOrganizationWrite,
                                          Permission::kNetworkImport,
                                          Permission::kNetworkMerge,
                                          Permission::kExchangeWrite,
                                          Permission::kNeedsRead,
                                          Permission::kNeedsWrite,
                                          Permission::kCallsRead,
                                          Permission::kCallsManage,
                                          Permission::kProposalWrite,
                                          Permission::kProposalRead,
                                          Permission::kProposalsOversee,
                                          Permission::kCountryGroupsWrite,
                                          Permission::kReviewOversee,
                                          Permission::kReviewManage,
                                          Permission::kReviewerWork};

Principal WithRole(Role role, std::int64_t user_id = 7) {
  Principal principal;
  principal.user_id = user_id;
  principal.grants.push_back(RoleGrant{1, role, AllowedScopeTypes(role).front(), ""});
  return principal;
}

// The matrix the header promises, written out independently of authz.cc.
bool Expected(Permission permission, Role role, bool self) {
  bool admin = role == Role::kAdministrator;
  bool analyst = role == Role::kAnalyst;
  bool compliance = role == Role::kComplianceOfficer;
  switch (permission) {
    case Permission::kPublic:
    case Permission::kAuthenticated:
      return true;
    case Permission::kUsersList:
    case Permission::kAuditRead:
      return admin || analyst;
    case Permission::kUserRead:
      return admin || analyst || self;
    case Permission::kUserUpdate:
      return admin || self;
    case Permission::kUsersAdmin:
    case Permission::kAgenciesWrite:
    case Permission::kAuditVerify:
      return admin;
    // Compliance: screening results name people, so only compliance officers and
    // administrators see them; analysts read the lists; adjudication is the compliance
    // officer's alone; anyone but a read-only analyst may file a request and read their
    // own.
    case Permission::kListsRead:
      return admin || analyst || compliance;
    case Permission::kListsManage:
    case Permission::kScreen:
    case Permission::kHitsRead:
    case Permission::kControlCategoriesWrite:
    case Permission::kTechRequestsList:
      return admin || compliance;
    case Permission::kHitsDecide:
    case Permission::kTechRequestDecide:
      return compliance;
    case Permission::kTechRequestCreate:
      return !analyst;
    case Permission::kTechRequestRead:
      return admin || compliance || self;
    // Network: everyone reads public fields; private ones the person, admin, programme
    // and compliance officers (and the region's office, tested below); a person is
    // edited by themselves or admin (an analyst only reads); organisations and imports
    // by admin (and the region's office).
    case Permission::kNetworkRead:
      return true;
    case Permission::kPersonPrivateRead:
      return admin || compliance || role == Role::kProgrammeOfficer || self;
    case Permission::kPersonWrite:
      return !analyst && (admin || self);
    case Permission::kOrganizationWrite:
    case Permission::kNetworkMerge:
    case Permission::kNetworkImport:
      return admin;
    // Exchange programmes: admin and programme officers (and the region's office, tested
    // below); needs are read by admin, analysts, programme officers and every office, and
    // written by admin (and the region's office).
    case Permission::kExchangeWrite:
      return admin || role == Role::kProgrammeOfficer;
    case Permission::kNeedsRead:
      return admin || analyst || role == Role::kProgrammeOfficer || role == Role::kOverseasOffice;
    case Permission::kNeedsWrite:
      return admin;
    // Programmes: calls are read by everyone; programme officers manage (route level, any
    // officer: the object check is below); proposals are written by anyone but a
    // read-only analyst and read by anyone at route level (the object check follows).
    case Permission::kCallsRead:
      return true;
    case Permission::kCallsManage:
    case Permission::kProposalsOversee:
      return admin || role == Role::kProgrammeOfficer;
    case Permission::kProposalWrite:
      return !analyst;
    case Permission::kProposalRead:
      return true;
    case Permission::kCountryGroupsWrite:
      return admin;
    // Review: a call's review is overseen by admin, analysts and covering officers (route
    // level: any officer), managed by admin and covering officers; reviewers work on
    // their own assignments (the object check is the review module's).
    case Permission::kReviewOversee:
      return admin || analyst || role == Role::kProgrammeOfficer;
    case Permission::kReviewManage:
      return admin || role == Role::kProgrammeOfficer;
    case Permission::kReviewerWork:
      return role == Role::kReviewer;
  }
  return false;
}

TEST(AuthzTest, ProgrammeOfficersActOnTheirAgencysProgrammesAndCallsOnly) {
  Principal officer;
  officer.user_id = 9;
  officer.grants.push_back(RoleGrant{1, Role::kProgrammeOfficer, "agency", "3"});
  Principal call_officer;
  call_officer.user_id = 10;
  call_officer.grants.push_back(RoleGrant{2, Role::kProgrammeOfficer, "call", "41"});
  auto call = [](std::string agency, std::string programme, std::string call_id,
                 std::optional<std::int64_t> owner = std::nullopt) {
    ResourceScope scope;
    scope.agency_id = std::move(agency);
    scope.programme_id = std::move(programme);
    scope.call_id = std::move(call_id);
    scope.owner_user_id = owner;
    scope.object = true;
    return scope;
  };
  for (Permission p :
       {Permission::kCallsManage, Permission::kProposalsOversee, Permission::kProposalRead,
        Permission::kReviewOversee, Permission::kReviewManage}) {
    EXPECT_TRUE(Authorize(&officer, p, call("3", "12", "40", 77))) << PermissionName(p);
    EXPECT_FALSE(Authorize(&officer, p, call("4", "13", "41", 77))) << PermissionName(p);
    EXPECT_TRUE(Authorize(&call_officer, p, call("4", "13", "41", 77))) << PermissionName(p);
    EXPECT_FALSE(Authorize(&call_officer, p, call("3", "12", "40", 77))) << PermissionName(p);
  }
  // An applicant reads and writes their own proposal only; an analyst writes none.
  Principal applicant = WithRole(Role::kApplicant, 77);
  EXPECT_TRUE(Authorize(&applicant, Permission::kProposalRead, call("3", "12", "40", 77)));
  EXPECT_FALSE(Authorize(&applicant, Permission::kProposalRead, call("3", "12", "40", 78)));
  EXPECT_TRUE(Authorize(&applicant, Permission::kProposalWrite, call("3", "12", "40", 77)));
  EXPECT_FALSE(Authorize(&applicant, Permission::kProposalWrite, call("3", "12", "40", 78)));
  EXPECT_FALSE(Authorize(&applicant, Permission::kProposalsOversee, call("3", "12", "40", 77)));
  Principal analyst = WithRole(Role::kAnalyst, 77);
  EXPECT_FALSE(Authorize(&analyst, Permission::kProposalWrite, call("3", "12", "40", 77)));
  // An officer never writes another's proposal, even in their own agency's call.
  EXPECT_FALSE(Authorize(&officer, Permission::kProposalWrite, call("3", "12", "40", 77)));
}

TEST(AuthzTest, MatrixOfEveryPermissionRoleAndOwnership) {
  for (Permission permission : kAllPermissions) {
    for (Role role : kAllRoles) {
      for (bool self : {true, false}) {
        Principal principal = WithRole(role);
        ResourceScope scope{self ? principal.user_id : principal.user_id + 1};
        Status status = Authorize(&principal, permission, scope);
        bool expected = Expected(permission, role, self);
        EXPECT_EQ(status.has_value(), expected)
            << PermissionName(permission) << " " << RoleName(role) << (self ? " self" : " other");
        if (!expected && !status) {
          EXPECT_EQ(status.error().code, ErrorCode::kPermissionDenied);
          EXPECT_NE(status.error().message.find(PermissionName(permission)), std::string::npos);
        }
      }
    }
  }
}

TEST(AuthzTest, OverseasOfficesActWithinTheirRegion) {
  Principal office;
  office.user_id = 5;
  office.grants.push_back(RoleGrant{1, Role::kOverseasOffice, "region", "southeast-asia"});
  auto scoped = [](std::vector<std::string> countries) {
    ResourceScope scope;
    scope.countries = std::move(countries);
    scope.object = true;
    return scope;
  };
  for (Permission p :
       {Permission::kOrganizationWrite, Permission::kNetworkMerge, Permission::kPersonWrite,
        Permission::kPersonPrivateRead, Permission::kExchangeWrite, Permission::kNeedsWrite}) {
    EXPECT_TRUE(Authorize(&office, p, scoped({"TH"}))) << PermissionName(p);
    EXPECT_TRUE(Authorize(&office, p, scoped({"JP", "VN"}))) << PermissionName(p);
    EXPECT_FALSE(Authorize(&office, p, scoped({"JP"}))) << PermissionName(p);
    // A known object without a country is outside every region.
    EXPECT_FALSE(Authorize(&office, p, scoped({}))) << PermissionName(p);
  }
  // Route level: the office may try; the handler decides with the object's countries.
  EXPECT_TRUE(Authorize(&office, Permission::kOrganizationWrite));
  EXPECT_FALSE(Authorize(&office, Permission::kNetworkImport));
  // Someone else's profile without countries is not the office's, nor an applicant's.
  Principal applicant = WithRole(Role::kApplicant, 9);
  ResourceScope other = scoped({"TH"});
  other.owner_user_id = 10;
  EXPECT_FALSE(Authorize(&applicant, Permission::kPersonWrite, other));
  other.owner_user_id = 9;
  EXPECT_TRUE(Authorize(&applicant, Permission::kPersonWrite, other));
  ResourceScope unowned = scoped({});
  EXPECT_FALSE(Authorize(&applicant, Permission::kPersonWrite, unowned));
}

TEST(AuthzTest, RouteLevelCheckWithoutScopeLetsPerObjectPermissionsThrough) {
  for (Role role : kAllRoles) {
    Principal principal = WithRole(role);
    EXPECT_TRUE(Authorize(&principal, Permission::kUserRead));
    EXPECT_TRUE(Authorize(&principal, Permission::kUserUpdate));
  }
  Principal applicant = WithRole(Role::kApplicant);
  EXPECT_FALSE(Authorize(&applicant, Permission::kUsersList));
}

TEST(AuthzTest, AnonymousNeedsToSignInExceptForPublic) {
  for (Permission permission : kAllPermissions) {
    Status status = Authorize(nullptr, permission);
    if (permission == Permission::kPublic) {
      EXPECT_TRUE(status);
    } else {
      ASSERT_FALSE(status);
      EXPECT_EQ(status.error().code, ErrorCode::kUnauthenticated);
      EXPECT_EQ(status.error().message, "sign in first");
    }
  }
}

TEST(AuthzTest, PrincipalWithoutGrantsIsOnlyAuthenticated) {
  Principal nobody;
  nobody.user_id = 3;
  EXPECT_TRUE(Authorize(&nobody, Permission::kAuthenticated));
  EXPECT_FALSE(Authorize(&nobody, Permission::kAuditRead));
  EXPECT_TRUE(Authorize(&nobody, Permission::kUserUpdate, ResourceScope{3}));
  EXPECT_FALSE(Authorize(&nobody, Permission::kUserUpdate, ResourceScope{4}));
}

TEST(AuthzTest, RoleNamesRoundTrip) {
  std::set<std::string> names;
  for (Role role : kAllRoles) {
    auto parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed) << RoleName(role);
    EXPECT_EQ(*parsed, role);
    names.emplace(RoleName(role));
  }
  EXPECT_EQ(names.size(), 8u);
  EXPECT_EQ(RoleName(Role::kProgrammeOfficer), "programme_officer");
}

TEST(AuthzTest, ParseRoleRejectsUnknownNamesListingValidOnes) {
  auto parsed = ParseRole("superuser", "grants[0].role");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().field, "grants[0].role");
  EXPECT_NE(parsed.error().message.find("compliance_officer"), std::string::npos);
  EXPECT_FALSE(ParseRole("Administrator"));
  EXPECT_EQ(ParseRole("").error().field, "role");
}

TEST(AuthzTest, AllowedScopeTypes) {
  using V = std::vector<std::string>;
  EXPECT_EQ(AllowedScopeTypes(Role::kApplicant), V({"self"}));
  EXPECT_EQ(AllowedScopeTypes(Role::kReviewer), V({"self"}));
  EXPECT_EQ(AllowedScopeTypes(Role::kProgrammeOfficer), V({"agency", "programme", "call"}));
  EXPECT_EQ(AllowedScopeTypes(Role::kComplianceOfficer), V({"institution", "agency"}));
  EXPECT_EQ(AllowedScopeTypes(Role::kFacilityManager), V({"facility"}));
  EXPECT_EQ(AllowedScopeTypes(Role::kOverseasOffice), V({"region"}));
  EXPECT_EQ(AllowedScopeTypes(Role::kAnalyst), V({"global"}));
  EXPECT_EQ(AllowedScopeTypes(Role::kAdministrator), V({"global"}));
}

TEST(AuthzTest, PermissionNames) {
  EXPECT_EQ(PermissionName(Permission::kPublic), "public");
  EXPECT_EQ(PermissionName(Permission::kUsersList), "users.list");
  EXPECT_EQ(PermissionName(Permission::kUserRead), "user.read");
  EXPECT_EQ(PermissionName(Permission::kUserUpdate), "user.update");
  EXPECT_EQ(PermissionName(Permission::kUsersAdmin), "users.admin");
  EXPECT_EQ(PermissionName(Permission::kAgenciesWrite), "agencies.write");
  EXPECT_EQ(PermissionName(Permission::kAuditRead), "audit.read");
  EXPECT_EQ(PermissionName(Permission::kAuditVerify), "audit.verify");
}

}  // namespace
}  // namespace asta::api
