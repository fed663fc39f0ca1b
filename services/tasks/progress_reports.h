// Progress reports: filed by the agency against an obligation (append-only;
// each moves the obligation's state and percent), read back one by one or as
// a list.
#ifndef NGOAIVU_SERVICES_TASKS_PROGRESS_REPORTS_H_
#define NGOAIVU_SERVICES_TASKS_PROGRESS_REPORTS_H_

#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "services/tasks/tasks_use_case.h"

namespace ngoaivu::tasks {

class ProgressReports : public TasksUseCase {
 public:
  explicit ProgressReports(const TasksDependencies& deps)
      : TasksUseCase(deps) {}

  absl::StatusOr<v1::ProgressReport> CreateProgressReport(
      const CallContext& call, const v1::CreateProgressReportRequest& r);
  absl::StatusOr<v1::ProgressReport> GetProgressReport(
      const CallContext& call, const v1::GetProgressReportRequest& r);
  absl::StatusOr<v1::ListProgressReportsResponse> ListProgressReports(
      const CallContext& call, const v1::ListProgressReportsRequest& r);
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_PROGRESS_REPORTS_H_
