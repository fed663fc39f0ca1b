// Request validation of the tasks service: INVALID_ARGUMENT naming every
// bad field.
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_VALIDATION_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_VALIDATION_H_

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "ngoaivu/tasks/v1/tasks_service.pb.h"

namespace ngoaivu::tasks {

absl::Status ValidateName(absl::string_view name, absl::string_view kind);
absl::Status ValidateCreateProgramme(const v1::CreateProgrammeRequest& r);
absl::Status ValidateUpdateProgramme(const v1::UpdateProgrammeRequest& r);
// `today` in the province: tracking cannot start in the future.
absl::Status ValidateActivateProgramme(const v1::ActivateProgrammeRequest& r,
                                       absl::CivilDay today);
absl::Status ValidateCreateDuty(const v1::CreateDutyRequest& r);
absl::Status ValidateUpdateDuty(const v1::UpdateDutyRequest& r);
absl::Status ValidateCancelDuty(const v1::CancelDutyRequest& r);
absl::Status ValidateReassignObligation(const v1::ReassignObligationRequest& r);
absl::Status ValidateRescheduleObligation(
    const v1::RescheduleObligationRequest& r);
absl::Status ValidateGetProgrammeReport(const v1::GetProgrammeReportRequest& r);
absl::Status ValidateListObligations(const v1::ListObligationsRequest& r);
// `reason_required` for returning and waiving.
absl::Status ValidateTransition(const v1::TransitionObligationRequest& r,
                                bool reason_required);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_VALIDATION_H_
