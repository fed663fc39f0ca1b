// Delegations as their agency drafts them: create, read, list, change a
// draft, dry-run the rules, and list a delegation's decisions.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_DRAFTS_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_DRAFTS_H_

#include "services/delegations/delegations_use_case.h"

namespace ngoaivu::delegations {

class DelegationDrafts : public DelegationsUseCase {
 public:
  explicit DelegationDrafts(const DelegationsDependencies& deps)
      : DelegationsUseCase(deps) {}

  absl::StatusOr<v1::Delegation> CreateDelegation(
      const CallContext& call, const v1::CreateDelegationRequest& r);
  absl::StatusOr<v1::Delegation> GetDelegation(
      const CallContext& call, const v1::GetDelegationRequest& r);
  absl::StatusOr<v1::ListDelegationsResponse> ListDelegations(
      const CallContext& call, const v1::ListDelegationsRequest& r);
  absl::StatusOr<v1::Delegation> UpdateDelegation(
      const CallContext& call, const v1::UpdateDelegationRequest& r);
  absl::StatusOr<v1::ValidateDelegationResponse> ValidateDelegation(
      const CallContext& call, const v1::ValidateDelegationRequest& r);
  absl::StatusOr<v1::ListDecisionsResponse> ListDecisions(
      const CallContext& call, const v1::ListDecisionsRequest& r);

 private:
  // OK when the agency is active and every member official is known.
  absl::Status CheckParties(const v1::Delegation& d, absl::Time deadline);
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_DRAFTS_H_
