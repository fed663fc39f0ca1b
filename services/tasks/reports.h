// What the tasks service reports: the programme report (from counters, not
// a scan), a duty's compliance matrix for a period, and every resource's
// history.
#ifndef NGOAIVU_SERVICES_TASKS_REPORTS_H_
#define NGOAIVU_SERVICES_TASKS_REPORTS_H_

#include "ngoaivu/events/v1/history.pb.h"
#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "services/tasks/tasks_use_case.h"

namespace ngoaivu::tasks {

class Reports : public TasksUseCase {
 public:
  explicit Reports(const TasksDependencies& deps) : TasksUseCase(deps) {}

  absl::StatusOr<v1::ProgrammeReport> GetProgrammeReport(
      const CallContext& call, const v1::GetProgrammeReportRequest& r);
  absl::StatusOr<v1::ComplianceMatrix> GetComplianceMatrix(
      const CallContext& call, const v1::GetComplianceMatrixRequest& r);
  absl::StatusOr<events::v1::ListHistoryResponse> ListHistory(
      const CallContext& call, const events::v1::ListHistoryRequest& r);
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_REPORTS_H_
