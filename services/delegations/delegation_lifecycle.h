// How a delegation moves, as data: draft → submitted (by its agency) →
// under review (DOFA) → forwarded → approved (a decision) | rejected;
// returned to draft from review; approved → travelling → returned home →
// reported (when tasks accepts the post-trip report); cancelled from any
// state before travelling. A wrong action is FAILED_PRECONDITION naming the
// state and the actions it allows. Plain C++: unit tests reach every edge.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_LIFECYCLE_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_LIFECYCLE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "ngoaivu/delegations/v1/resources.pb.h"

namespace ngoaivu::delegations {

using DelegationState = v1::Delegation::State;

enum class DelegationAction {
  kSubmit,      // the sending or host agency
  kReview,      // DOFA takes it up
  kReturn,      // DOFA sends it back to draft, with reasons
  kForward,     // DOFA forwards it to the approvers
  kApprove,     // an approver, with a decision
  kReject,      // an approver, with a reason
  kDepart,      // the trip (or visit) begins
  kReturnHome,  // the trip ends
  kReport,      // tasks accepted the post-trip report
  kCancel,      // before travelling, with a reason
};

const char* ActionName(DelegationAction action);
// The event verb of `action` ("delegation.submitted", ...).
const char* EventVerbOf(DelegationAction action);

// The state after `action`, or FAILED_PRECONDITION naming the current state
// and the actions it allows.
absl::StatusOr<DelegationState> Next(DelegationState current,
                                     DelegationAction action);

// The actions `state` allows, in a fixed order.
std::vector<DelegationAction> AllowedActions(DelegationState state);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_LIFECYCLE_H_
