// The tasks service's use cases: programmes, duties, obligations and their
// transitions. Plain C++ over a TasksStore, an AgencyDirectory and a Clock;
// the gRPC adapter (tasks_service.h) only translates.
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_H_

#include <functional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/call_context.h"
#include "common/clock.h"
#include "common/mutation.h"
#include "common/page_token.h"
#include "ngoaivu/events/v1/history.pb.h"
#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "services/tasks/agency_directory.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/opening.h"
#include "services/tasks/tasks_store.h"

namespace ngoaivu::tasks {

class Tasks {
 public:
  Tasks(TasksStore* store, AgencyDirectory* directory, const Clock* clock,
        PageTokens page_tokens, absl::Duration request_ttl);

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

  // What the registry's events make the service do (RegistryFollower).
  // `agency` was merged into `successor`: its obligations still awaited
  // move there (or are cancelled where the successor already carries the
  // same duty for the same period). Safe to repeat. Returns how many moved.
  absl::StatusOr<int> MoveObligationsOfMergedAgency(
      const CallContext& call, const std::string& agency,
      const std::string& successor);
  // `agency` was merged into `successor`: the duties of active programmes
  // that name it as lead or coordinator name the successor instead
  // (`duty.updated`). Safe to repeat. Returns how many changed.
  absl::StatusOr<int> RenameMergedAgencyInDuties(const CallContext& call,
                                                 const std::string& agency,
                                                 const std::string& successor);
  // `agency` was dissolved: its obligations still awaited are flagged for
  // the coordinator to reassign. Safe to repeat. Returns how many.
  absl::StatusOr<int> FlagObligationsOfDissolvedAgency(
      const CallContext& call, const std::string& agency);

  absl::StatusOr<v1::ProgressReport> CreateProgressReport(
      const CallContext& call, const v1::CreateProgressReportRequest& r);
  absl::StatusOr<v1::ProgressReport> GetProgressReport(
      const CallContext& call, const v1::GetProgressReportRequest& r);
  absl::StatusOr<v1::ListProgressReportsResponse> ListProgressReports(
      const CallContext& call, const v1::ListProgressReportsRequest& r);

  absl::StatusOr<v1::ProgrammeReport> GetProgrammeReport(
      const CallContext& call, const v1::GetProgrammeReportRequest& r);
  absl::StatusOr<v1::ComplianceMatrix> GetComplianceMatrix(
      const CallContext& call, const v1::GetComplianceMatrixRequest& r);

  absl::StatusOr<events::v1::ListHistoryResponse> ListHistory(
      const CallContext& call, const events::v1::ListHistoryRequest& r);

 private:
  absl::StatusOr<v1::Obligation> Transition(
      const CallContext& call, const v1::TransitionObligationRequest& r,
      ObligationAction action, absl::string_view method,
      absl::string_view verb);
  // Whether `agency` takes part in `duty`: leads or coordinates it, belongs
  // to its group, or carries one of its obligations (after a merge).
  absl::StatusOr<bool> TakesPart(const v1::Duty& duty,
                                 const std::string& agency,
                                 absl::Time deadline);
  // The duty and its programme, if the duty may change: the programme not
  // CLOSED, the duty ACTIVE and at `etag` (when given).
  absl::StatusOr<std::pair<v1::Programme, v1::Duty>> FindChangeableDuty(
      const DutyRef& ref, absl::string_view etag, absl::Time deadline);
  // Applies `change` to every obligation of `agency` still awaited, one
  // mutation each (re-read and retried when it races another change).
  using AwaitedChange = std::function<absl::StatusOr<bool>(
      const v1::Obligation& current, const v1::Programme& programme)>;
  absl::StatusOr<int> ForEachAwaitedObligation(const CallContext& call,
                                               const std::string& agency,
                                               const AwaitedChange& change);
  // Writes the move of `current` to `agency` (or, when `agency` already
  // carries the same duty and period and `cancel_if_carried`, cancels it).
  absl::StatusOr<v1::Obligation> Move(
      const CallContext& call, const RequestRecord& record,
      const v1::Obligation& current, const v1::Programme& programme,
      const std::string& agency, const std::string& reason,
      bool cancel_if_carried, absl::string_view request_id);
  // The obligations of `duty` for the periods open on `today`.
  absl::StatusOr<std::vector<v1::Obligation>> OpenObligations(
      const v1::Programme& programme, const v1::Duty& duty,
      absl::Time deadline);
  absl::StatusOr<v1::Programme> MustFindProgramme(absl::string_view id,
                                                  absl::Time deadline);
  events::v1::Event Event(const CallContext& call, absl::string_view verb,
                          absl::string_view subject,
                          const google::protobuf::Message& payload,
                          absl::string_view request_id) const;
  Mutation MutationOf(const CallContext& call, const RequestRecord& record,
                      const google::protobuf::Message& response,
                      std::vector<events::v1::Event> events) const;
  template <typename Response, typename Change>
  absl::StatusOr<Response> Once(const CallContext& call,
                                absl::string_view method,
                                const google::protobuf::Message& request,
                                absl::string_view request_id,
                                bool retry_conflicts, Change change);
  // Late flag and days late as of today, for an obligation still awaited.
  v1::Obligation WithLateness(v1::Obligation obligation) const;

  TasksStore* store_;
  AgencyDirectory* directory_;
  const Clock* clock_;
  PageTokens page_tokens_;
  RequestRecords requests_;
  EventFactory events_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_H_
