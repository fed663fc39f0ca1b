// Validation of the delegations service's requests: INVALID_ARGUMENT naming
// every bad field. Plain C++.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_VALIDATION_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_VALIDATION_H_

#include "absl/status/status.h"
#include "ngoaivu/delegations/v1/delegations_service.pb.h"

namespace ngoaivu::delegations {

// The client-settable fields of a delegation (output-only ones are
// ignored): what a draft must hold to be created.
absl::Status ValidateCreateDelegation(const v1::CreateDelegationRequest& r);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_VALIDATION_H_
