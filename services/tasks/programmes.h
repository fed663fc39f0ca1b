// Programmes: a decision entered as a draft, activated (its duties' current
// obligations open with it, from the day it is tracked from), corrected,
// and closed.
#ifndef NGOAIVU_SERVICES_TASKS_PROGRAMMES_H_
#define NGOAIVU_SERVICES_TASKS_PROGRAMMES_H_

#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "services/tasks/tasks_use_case.h"

namespace ngoaivu::tasks {

class Programmes : public TasksUseCase {
 public:
  explicit Programmes(const TasksDependencies& deps) : TasksUseCase(deps) {}

  absl::StatusOr<v1::Programme> GetProgramme(const CallContext& call,
                                             const v1::GetProgrammeRequest& r);
  absl::StatusOr<v1::ListProgrammesResponse> ListProgrammes(
      const CallContext& call, const v1::ListProgrammesRequest& r);
  absl::StatusOr<v1::Programme> CreateProgramme(
      const CallContext& call, const v1::CreateProgrammeRequest& r);
  absl::StatusOr<v1::Programme> UpdateProgramme(
      const CallContext& call, const v1::UpdateProgrammeRequest& r);
  absl::StatusOr<v1::Programme> ActivateProgramme(
      const CallContext& call, const v1::ActivateProgrammeRequest& r);
  absl::StatusOr<v1::Programme> CloseProgramme(
      const CallContext& call, const v1::CloseProgrammeRequest& r);

 private:
  // The obligations every active duty of `programme` opens now.
  absl::StatusOr<std::vector<v1::Obligation>> ObligationsOfAllDuties(
      const v1::Programme& programme, absl::Time deadline);
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_PROGRAMMES_H_
