// The compliance matrix of one period of a duty: agency by agency, on time,
// late, missing, waived, pending or cancelled. Plain C++ over obligations.
#ifndef NGOAIVU_SERVICES_TASKS_COMPLIANCE_H_
#define NGOAIVU_SERVICES_TASKS_COMPLIANCE_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "ngoaivu/tasks/v1/tasks_service.pb.h"

namespace ngoaivu::tasks {

// `obligations`: every obligation of `duty` for `period`, in any order;
// `today`: the province's day the matrix is drawn up on.
v1::ComplianceMatrix BuildComplianceMatrix(
    const std::string& duty, const std::string& period,
    const std::vector<v1::Obligation>& obligations, absl::CivilDay today);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_COMPLIANCE_H_
