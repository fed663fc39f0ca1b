#include "services/delegations/delegations_access.h"

namespace ngoaivu::delegations {
namespace {

constexpr Scope kAny = Scope::kAnyAgency;
constexpr Scope kOwn = Scope::kOwnAgency;
constexpr Scope kPart = Scope::kParticipant;

// Readers: everyone, an officer only what his agency sends, hosts or
// proposes; a viewer does not see restricted details (the service hides
// them).
Grants Readers() { return With(EveryRole(), Role::kOfficer, kPart); }

// The sending or host agency works on its own; DOFA may act for it.
Grants AgencyAndCoordinator() {
  return {{Role::kAdmin, kAny},
          {Role::kCoordinator, kAny},
          {Role::kOfficer, kPart}};
}

// Creating names the agency in the request.
Grants OwnAgencyAndCoordinator() {
  return {
      {Role::kAdmin, kAny}, {Role::kCoordinator, kAny}, {Role::kOfficer, kOwn}};
}

// The UBND's leadership decides.
Grants Approvers() { return {{Role::kAdmin, kAny}, {Role::kApprover, kAny}}; }

}  // namespace

AccessPolicy DelegationsAccessPolicy() {
  std::vector<MethodAccess> table = {
      {"CreateDelegation", "delegation.agency", OwnAgencyAndCoordinator()},
      {"GetDelegation", "", Readers()},
      {"ListDelegations", "", Readers()},
      {"ListDecisions", "", Readers()},
      {"ValidateDelegation",
       "",
       {{Role::kAdmin, kAny},
        {Role::kCoordinator, kAny},
        {Role::kApprover, kAny},
        {Role::kSystem, kAny},
        {Role::kOfficer, kPart}}},
      {"UpdateDelegation", "", AgencyAndCoordinator()},
      {"SubmitDelegation", "", AgencyAndCoordinator()},
      {"CancelDelegation", "", AgencyAndCoordinator()},
      {"ReviewDelegation", "", AdministratorsAndCoordinator()},
      {"ReturnDelegation", "", AdministratorsAndCoordinator()},
      {"ForwardDelegation", "", AdministratorsAndCoordinator()},
      {"ApproveDelegation", "", Approvers()},
      {"RejectDelegation", "", Approvers()},
      {"AmendDelegation", "", Approvers()},
      {"DepartDelegation", "", AgencyAndCoordinator()},
      {"ReturnHomeDelegation", "", AgencyAndCoordinator()},
      {"RecordOutcome", "", AgencyAndCoordinator()},
      // The agency asked (the provincial Police) answers for itself.
      {"GiveDelegationOpinion", "agency", OwnAgencyAndCoordinator()},
      {"CreateAgreement", "agreement.proposing_agency",
       OwnAgencyAndCoordinator()},
      {"GetAgreement", "", Readers()},
      {"ListAgreements", "", Readers()},
      {"SubmitAgreement", "", AgencyAndCoordinator()},
      {"RequestOpinions", "", AdministratorsAndCoordinator()},
      {"GiveOpinion", "agency", OwnAgencyAndCoordinator()},
      {"ApproveAgreement", "", Approvers()},
      {"RejectAgreement", "", Approvers()},
      {"SignAgreement", "", AgencyAndCoordinator()},
      {"EnterAgreementIntoForce", "", AgencyAndCoordinator()},
      {"ExpireAgreement", "", AgencyAndCoordinator()},
      {"TerminateAgreement", "", AgencyAndCoordinator()},
      {"GetDelegationStatistics", "", EveryRole()},
      {"ListHistory", "", Readers()},
  };
  return AccessPolicy("delegations", std::move(table));
}

}  // namespace ngoaivu::delegations
