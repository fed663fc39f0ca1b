// A delegation's way from submission to its report: each transition its own
// method (delegation_lifecycle.h says which state allows which), the rules
// checked on submit, forward and approve, the decisions that approve and
// amend it (with the per-official checks in the same atomic write), opinions
// on a visit, and what a visit produced.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_WORKFLOW_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_WORKFLOW_H_

#include "services/delegations/delegation_lifecycle.h"
#include "services/delegations/delegations_use_case.h"

namespace ngoaivu::delegations {

class DelegationWorkflow : public DelegationsUseCase {
 public:
  explicit DelegationWorkflow(const DelegationsDependencies& deps)
      : DelegationsUseCase(deps) {}

  // Submit, review, return, forward, reject, depart, return home, cancel.
  absl::StatusOr<v1::Delegation> Transition(
      const CallContext& call, const v1::TransitionDelegationRequest& r,
      DelegationAction action, absl::string_view method);
  absl::StatusOr<v1::Delegation> ApproveDelegation(
      const CallContext& call, const v1::DecideDelegationRequest& r);
  absl::StatusOr<v1::Delegation> AmendDelegation(
      const CallContext& call, const v1::AmendDelegationRequest& r);
  absl::StatusOr<v1::Delegation> GiveDelegationOpinion(
      const CallContext& call, const v1::GiveOpinionRequest& r);
  absl::StatusOr<v1::Delegation> RecordOutcome(
      const CallContext& call, const v1::RecordOutcomeRequest& r);

  // The adapter's names for the transitions.
#define NGOAIVU_DELEGATION_TRANSITION(Method, action)                      \
  absl::StatusOr<v1::Delegation> Method(                                   \
      const CallContext& call, const v1::TransitionDelegationRequest& r) { \
    return Transition(call, r, action, #Method);                           \
  }
  NGOAIVU_DELEGATION_TRANSITION(SubmitDelegation, DelegationAction::kSubmit)
  NGOAIVU_DELEGATION_TRANSITION(ReviewDelegation, DelegationAction::kReview)
  NGOAIVU_DELEGATION_TRANSITION(ReturnDelegation, DelegationAction::kReturn)
  NGOAIVU_DELEGATION_TRANSITION(ForwardDelegation, DelegationAction::kForward)
  NGOAIVU_DELEGATION_TRANSITION(RejectDelegation, DelegationAction::kReject)
  NGOAIVU_DELEGATION_TRANSITION(DepartDelegation, DelegationAction::kDepart)
  NGOAIVU_DELEGATION_TRANSITION(ReturnHomeDelegation,
                                DelegationAction::kReturnHome)
  NGOAIVU_DELEGATION_TRANSITION(CancelDelegation, DelegationAction::kCancel)
#undef NGOAIVU_DELEGATION_TRANSITION

 private:
  // Every rule `d` breaks, refused unless justified.
  absl::Status EnforceRules(const v1::Delegation& d, const Officials& officials,
                            absl::string_view action, absl::Time deadline);
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_WORKFLOW_H_
