// Validation of the delegations service's requests: INVALID_ARGUMENT naming
// every bad field. Plain C++.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_VALIDATION_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_VALIDATION_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/validation.h"
#include "ngoaivu/delegations/v1/delegations_service.pb.h"

namespace ngoaivu::delegations {

// The client-settable fields of a delegation (output-only ones are
// ignored): what a draft must hold to be created.
absl::Status ValidateCreateDelegation(const v1::CreateDelegationRequest& r);
// The request's shape; the fields it changes are checked with
// ValidateDraft on the draft they make.
absl::Status ValidateUpdateDelegation(const v1::UpdateDelegationRequest& r);
absl::Status ValidateDraft(const v1::Delegation& d);
// What a draft must hold before it is submitted (a draft may be saved
// unfinished): its members. FAILED_PRECONDITION naming the field.
absl::Status CheckSubmittable(const v1::Delegation& d);
// An approved delegation leaves on or after its start date: FAILED_PRECONDITION
// naming both days on `today` (the province's day) before it. Leaving early
// takes an amendment that moves the dates.
absl::Status CheckDepartable(const v1::Delegation& d, absl::CivilDay today);
// A reason is required to return, reject and cancel.
absl::Status ValidateTransition(const v1::TransitionDelegationRequest& r,
                                bool reason_required);
absl::Status ValidateDecide(const v1::DecideDelegationRequest& r);
absl::Status ValidateAmend(const v1::AmendDelegationRequest& r);
absl::Status ValidateRecordOutcome(const v1::RecordOutcomeRequest& r);
// `collection` "delegations/" or "agreements/".
absl::Status ValidateGiveOpinion(const v1::GiveOpinionRequest& r,
                                 absl::string_view collection);
void CheckDecision(Violations& v, absl::string_view field,
                   const v1::Decision& decision);

absl::Status ValidateCreateAgreement(const v1::CreateAgreementRequest& r);
absl::Status ValidateAgreementTransition(
    const v1::TransitionAgreementRequest& r, bool reason_required);
absl::Status ValidateRequestOpinions(const v1::RequestOpinionsRequest& r);
absl::Status ValidateDecideAgreement(const v1::DecideAgreementRequest& r);
absl::Status ValidateSignAgreement(const v1::SignAgreementRequest& r);

// The id of `name` when it is `<collection>{id}` with a valid id.
std::optional<std::string> IdOfName(absl::string_view name,
                                    absl::string_view collection);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_VALIDATION_H_
