// The gRPC face of the tasks service: every method passes the call guard,
// then calls Tasks. No rule lives here.
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_SERVICE_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_SERVICE_H_

#include "common/call_guard.h"
#include "ngoaivu/tasks/v1/tasks_service.grpc.pb.h"
#include "services/tasks/tasks.h"

namespace ngoaivu::tasks {

class TasksServiceImpl final : public v1::TasksService::Service {
 public:
  TasksServiceImpl(Tasks* tasks, const CallGuard* guard)
      : tasks_(tasks), guard_(guard) {}

  grpc::Status GetProgramme(grpc::ServerContext* context,
                            const v1::GetProgrammeRequest* request,
                            v1::Programme* response) override;
  grpc::Status ListProgrammes(grpc::ServerContext* context,
                              const v1::ListProgrammesRequest* request,
                              v1::ListProgrammesResponse* response) override;
  grpc::Status CreateProgramme(grpc::ServerContext* context,
                               const v1::CreateProgrammeRequest* request,
                               v1::Programme* response) override;
  grpc::Status ActivateProgramme(grpc::ServerContext* context,
                                 const v1::ActivateProgrammeRequest* request,
                                 v1::Programme* response) override;
  grpc::Status CloseProgramme(grpc::ServerContext* context,
                              const v1::CloseProgrammeRequest* request,
                              v1::Programme* response) override;
  grpc::Status GetDuty(grpc::ServerContext* context,
                       const v1::GetDutyRequest* request,
                       v1::Duty* response) override;
  grpc::Status ListDuties(grpc::ServerContext* context,
                          const v1::ListDutiesRequest* request,
                          v1::ListDutiesResponse* response) override;
  grpc::Status CreateDuty(grpc::ServerContext* context,
                          const v1::CreateDutyRequest* request,
                          v1::Duty* response) override;
  grpc::Status GetObligation(grpc::ServerContext* context,
                             const v1::GetObligationRequest* request,
                             v1::Obligation* response) override;
  grpc::Status ListObligations(grpc::ServerContext* context,
                               const v1::ListObligationsRequest* request,
                               v1::ListObligationsResponse* response) override;
  grpc::Status StartObligation(grpc::ServerContext* context,
                               const v1::TransitionObligationRequest* request,
                               v1::Obligation* response) override;
  grpc::Status SubmitObligation(grpc::ServerContext* context,
                                const v1::TransitionObligationRequest* request,
                                v1::Obligation* response) override;
  grpc::Status AcceptObligation(grpc::ServerContext* context,
                                const v1::TransitionObligationRequest* request,
                                v1::Obligation* response) override;
  grpc::Status ReturnObligation(grpc::ServerContext* context,
                                const v1::TransitionObligationRequest* request,
                                v1::Obligation* response) override;
  grpc::Status WaiveObligation(grpc::ServerContext* context,
                               const v1::TransitionObligationRequest* request,
                               v1::Obligation* response) override;
  grpc::Status CreateProgressReport(
      grpc::ServerContext* context,
      const v1::CreateProgressReportRequest* request,
      v1::ProgressReport* response) override;
  grpc::Status ListProgressReports(
      grpc::ServerContext* context,
      const v1::ListProgressReportsRequest* request,
      v1::ListProgressReportsResponse* response) override;
  grpc::Status GetComplianceMatrix(
      grpc::ServerContext* context,
      const v1::GetComplianceMatrixRequest* request,
      v1::ComplianceMatrix* response) override;
  grpc::Status UpdateDuty(grpc::ServerContext* context,
                          const v1::UpdateDutyRequest* request,
                          v1::Duty* response) override;
  grpc::Status CancelDuty(grpc::ServerContext* context,
                          const v1::CancelDutyRequest* request,
                          v1::Duty* response) override;
  grpc::Status CancelObligation(grpc::ServerContext* context,
                                const v1::TransitionObligationRequest* request,
                                v1::Obligation* response) override;
  grpc::Status ReassignObligation(grpc::ServerContext* context,
                                  const v1::ReassignObligationRequest* request,
                                  v1::Obligation* response) override;
  grpc::Status RescheduleObligation(
      grpc::ServerContext* context,
      const v1::RescheduleObligationRequest* request,
      v1::Obligation* response) override;
  grpc::Status GetProgrammeReport(grpc::ServerContext* context,
                                  const v1::GetProgrammeReportRequest* request,
                                  v1::ProgrammeReport* response) override;
  grpc::Status UpdateProgramme(grpc::ServerContext* context,
                               const v1::UpdateProgrammeRequest* request,
                               v1::Programme* response) override;
  grpc::Status GetProgressReport(grpc::ServerContext* context,
                                 const v1::GetProgressReportRequest* request,
                                 v1::ProgressReport* response) override;
  grpc::Status ListHistory(grpc::ServerContext* context,
                           const events::v1::ListHistoryRequest* request,
                           events::v1::ListHistoryResponse* response) override;

 private:
  Tasks* tasks_;
  const CallGuard* guard_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_SERVICE_H_
