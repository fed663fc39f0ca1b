// Duties: what a programme gives to agencies. Creating one in an active
// programme opens its current obligations; updating it changes later
// periods only; cancelling it ends its obligations not yet final.
#ifndef NGOAIVU_SERVICES_TASKS_DUTIES_H_
#define NGOAIVU_SERVICES_TASKS_DUTIES_H_

#include <string>

#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "services/tasks/tasks_use_case.h"

namespace ngoaivu::tasks {

class Duties : public TasksUseCase {
 public:
  explicit Duties(const TasksDependencies& deps) : TasksUseCase(deps) {}

  absl::StatusOr<v1::Duty> GetDuty(const CallContext& call,
                                   const v1::GetDutyRequest& r);
  absl::StatusOr<v1::ListDutiesResponse> ListDuties(
      const CallContext& call, const v1::ListDutiesRequest& r);
  absl::StatusOr<v1::Duty> CreateDuty(const CallContext& call,
                                      const v1::CreateDutyRequest& r);
  absl::StatusOr<v1::Duty> UpdateDuty(const CallContext& call,
                                      const v1::UpdateDutyRequest& r);
  absl::StatusOr<v1::Duty> CancelDuty(const CallContext& call,
                                      const v1::CancelDutyRequest& r);

 private:
  // Whether `agency` takes part in `duty`: leads or coordinates it, belongs
  // to its group, or carries one of its obligations (after a merge).
  absl::StatusOr<bool> TakesPart(const v1::Duty& duty,
                                 const std::string& agency,
                                 absl::Time deadline);
  // The agencies a new duty names must be ACTIVE now (an unknown one is
  // asked of the registry, within the call's deadline).
  absl::Status CheckNamedAgencies(const v1::Duty& duty, absl::Time deadline);
  // `duty`'s obligations that are not final, cancelled within `m`.
  absl::StatusOr<std::vector<ObligationWrite>> CancelObligationsOf(
      MutationScope& m, const DutyRef& duty, const std::string& reason);
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_DUTIES_H_
