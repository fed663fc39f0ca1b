// How an agreement with a foreign party moves, as data: draft → submitted →
// opinions requested (from the agencies DOFA names) → approved for signing
// (a UBND decision) | rejected; approved → signed → in force → expired |
// terminated. Signing without an approval is FAILED_PRECONDITION: Decision
// 2488 requires the UBND's approval before an agency signs.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_AGREEMENT_LIFECYCLE_H_
#define NGOAIVU_SERVICES_DELEGATIONS_AGREEMENT_LIFECYCLE_H_

#include "absl/status/statusor.h"
#include "ngoaivu/delegations/v1/resources.pb.h"

namespace ngoaivu::delegations {

using AgreementState = v1::Agreement::State;

enum class AgreementAction {
  kSubmit,
  kRequestOpinions,
  kApprove,
  kReject,
  kSign,
  kEnterIntoForce,
  kExpire,
  kTerminate,
};

const char* ActionName(AgreementAction action);
// The event verb of `action` ("agreement.submitted", ...).
const char* EventVerbOf(AgreementAction action);

// The state after `action`, or FAILED_PRECONDITION naming the current state
// and the actions it allows.
absl::StatusOr<AgreementState> Next(AgreementState current,
                                    AgreementAction action);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_AGREEMENT_LIFECYCLE_H_
