// Obligations: listing them (by agency, duty, or a programme's awaited
// ones), their lifecycle transitions, and the coordinator's reassignment.
#ifndef NGOAIVU_SERVICES_TASKS_OBLIGATIONS_H_
#define NGOAIVU_SERVICES_TASKS_OBLIGATIONS_H_

#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/tasks_use_case.h"

namespace ngoaivu::tasks {

class Obligations : public TasksUseCase {
 public:
  explicit Obligations(const TasksDependencies& deps) : TasksUseCase(deps) {}

  absl::StatusOr<v1::Obligation> GetObligation(
      const CallContext& call, const v1::GetObligationRequest& r);
  absl::StatusOr<v1::ListObligationsResponse> ListObligations(
      const CallContext& call, const v1::ListObligationsRequest& r);
  absl::StatusOr<v1::Obligation> StartObligation(
      const CallContext& call, const v1::TransitionObligationRequest& r);
  absl::StatusOr<v1::Obligation> SubmitObligation(
      const CallContext& call, const v1::TransitionObligationRequest& r);
  absl::StatusOr<v1::Obligation> AcceptObligation(
      const CallContext& call, const v1::TransitionObligationRequest& r);
  absl::StatusOr<v1::Obligation> ReturnObligation(
      const CallContext& call, const v1::TransitionObligationRequest& r);
  absl::StatusOr<v1::Obligation> WaiveObligation(
      const CallContext& call, const v1::TransitionObligationRequest& r);
  absl::StatusOr<v1::Obligation> CancelObligation(
      const CallContext& call, const v1::TransitionObligationRequest& r);
  absl::StatusOr<v1::Obligation> ReassignObligation(
      const CallContext& call, const v1::ReassignObligationRequest& r);
  absl::StatusOr<v1::Obligation> RescheduleObligation(
      const CallContext& call, const v1::RescheduleObligationRequest& r);

 private:
  absl::StatusOr<v1::Obligation> Transition(
      const CallContext& call, const v1::TransitionObligationRequest& r,
      ObligationAction action, absl::string_view method);
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_OBLIGATIONS_H_
