#include "services/tasks/tasks_service.h"

namespace ngoaivu::tasks {

grpc::Status TasksServiceImpl::GetProgramme(
    grpc::ServerContext* context, const v1::GetProgrammeRequest* request,
    v1::Programme* response) {
  return Serve(*guard_, context, "GetProgramme", *request, response,
               [&](const CallContext& call) {
                 return tasks_->GetProgramme(call, *request);
               });
}

grpc::Status TasksServiceImpl::ListProgrammes(
    grpc::ServerContext* context, const v1::ListProgrammesRequest* request,
    v1::ListProgrammesResponse* response) {
  return Serve(*guard_, context, "ListProgrammes", *request, response,
               [&](const CallContext& call) {
                 return tasks_->ListProgrammes(call, *request);
               });
}

grpc::Status TasksServiceImpl::CreateProgramme(
    grpc::ServerContext* context, const v1::CreateProgrammeRequest* request,
    v1::Programme* response) {
  return Serve(*guard_, context, "CreateProgramme", *request, response,
               [&](const CallContext& call) {
                 return tasks_->CreateProgramme(call, *request);
               });
}

grpc::Status TasksServiceImpl::ActivateProgramme(
    grpc::ServerContext* context, const v1::ActivateProgrammeRequest* request,
    v1::Programme* response) {
  return Serve(*guard_, context, "ActivateProgramme", *request, response,
               [&](const CallContext& call) {
                 return tasks_->ActivateProgramme(call, *request);
               });
}

grpc::Status TasksServiceImpl::CloseProgramme(
    grpc::ServerContext* context, const v1::CloseProgrammeRequest* request,
    v1::Programme* response) {
  return Serve(*guard_, context, "CloseProgramme", *request, response,
               [&](const CallContext& call) {
                 return tasks_->CloseProgramme(call, *request);
               });
}

grpc::Status TasksServiceImpl::GetDuty(grpc::ServerContext* context,
                                       const v1::GetDutyRequest* request,
                                       v1::Duty* response) {
  return Serve(
      *guard_, context, "GetDuty", *request, response,
      [&](const CallContext& call) { return tasks_->GetDuty(call, *request); });
}

grpc::Status TasksServiceImpl::ListDuties(grpc::ServerContext* context,
                                          const v1::ListDutiesRequest* request,
                                          v1::ListDutiesResponse* response) {
  return Serve(*guard_, context, "ListDuties", *request, response,
               [&](const CallContext& call) {
                 return tasks_->ListDuties(call, *request);
               });
}

grpc::Status TasksServiceImpl::CreateDuty(grpc::ServerContext* context,
                                          const v1::CreateDutyRequest* request,
                                          v1::Duty* response) {
  return Serve(*guard_, context, "CreateDuty", *request, response,
               [&](const CallContext& call) {
                 return tasks_->CreateDuty(call, *request);
               });
}

grpc::Status TasksServiceImpl::GetObligation(
    grpc::ServerContext* context, const v1::GetObligationRequest* request,
    v1::Obligation* response) {
  return Serve(*guard_, context, "GetObligation", *request, response,
               [&](const CallContext& call) {
                 return tasks_->GetObligation(call, *request);
               });
}

grpc::Status TasksServiceImpl::ListObligations(
    grpc::ServerContext* context, const v1::ListObligationsRequest* request,
    v1::ListObligationsResponse* response) {
  return Serve(*guard_, context, "ListObligations", *request, response,
               [&](const CallContext& call) {
                 return tasks_->ListObligations(call, *request);
               });
}

grpc::Status TasksServiceImpl::StartObligation(
    grpc::ServerContext* context,
    const v1::TransitionObligationRequest* request, v1::Obligation* response) {
  return Serve(*guard_, context, "StartObligation", *request, response,
               [&](const CallContext& call) {
                 return tasks_->StartObligation(call, *request);
               });
}

grpc::Status TasksServiceImpl::SubmitObligation(
    grpc::ServerContext* context,
    const v1::TransitionObligationRequest* request, v1::Obligation* response) {
  return Serve(*guard_, context, "SubmitObligation", *request, response,
               [&](const CallContext& call) {
                 return tasks_->SubmitObligation(call, *request);
               });
}

grpc::Status TasksServiceImpl::AcceptObligation(
    grpc::ServerContext* context,
    const v1::TransitionObligationRequest* request, v1::Obligation* response) {
  return Serve(*guard_, context, "AcceptObligation", *request, response,
               [&](const CallContext& call) {
                 return tasks_->AcceptObligation(call, *request);
               });
}

grpc::Status TasksServiceImpl::ReturnObligation(
    grpc::ServerContext* context,
    const v1::TransitionObligationRequest* request, v1::Obligation* response) {
  return Serve(*guard_, context, "ReturnObligation", *request, response,
               [&](const CallContext& call) {
                 return tasks_->ReturnObligation(call, *request);
               });
}

grpc::Status TasksServiceImpl::WaiveObligation(
    grpc::ServerContext* context,
    const v1::TransitionObligationRequest* request, v1::Obligation* response) {
  return Serve(*guard_, context, "WaiveObligation", *request, response,
               [&](const CallContext& call) {
                 return tasks_->WaiveObligation(call, *request);
               });
}

grpc::Status TasksServiceImpl::ListHistory(
    grpc::ServerContext* context, const events::v1::ListHistoryRequest* request,
    events::v1::ListHistoryResponse* response) {
  return Serve(*guard_, context, "ListHistory", *request, response,
               [&](const CallContext& call) {
                 return tasks_->ListHistory(call, *request);
               });
}

grpc::Status TasksServiceImpl::CreateProgressReport(
    grpc::ServerContext* context,
    const v1::CreateProgressReportRequest* request,
    v1::ProgressReport* response) {
  return Serve(*guard_, context, "CreateProgressReport", *request, response,
               [&](const CallContext& call) {
                 return tasks_->CreateProgressReport(call, *request);
               });
}

grpc::Status TasksServiceImpl::ListProgressReports(
    grpc::ServerContext* context, const v1::ListProgressReportsRequest* request,
    v1::ListProgressReportsResponse* response) {
  return Serve(*guard_, context, "ListProgressReports", *request, response,
               [&](const CallContext& call) {
                 return tasks_->ListProgressReports(call, *request);
               });
}

grpc::Status TasksServiceImpl::GetComplianceMatrix(
    grpc::ServerContext* context, const v1::GetComplianceMatrixRequest* request,
    v1::ComplianceMatrix* response) {
  return Serve(*guard_, context, "GetComplianceMatrix", *request, response,
               [&](const CallContext& call) {
                 return tasks_->GetComplianceMatrix(call, *request);
               });
}

grpc::Status TasksServiceImpl::UpdateDuty(grpc::ServerContext* context,
                                          const v1::UpdateDutyRequest* request,
                                          v1::Duty* response) {
  return Serve(*guard_, context, "UpdateDuty", *request, response,
               [&](const CallContext& call) {
                 return tasks_->UpdateDuty(call, *request);
               });
}

grpc::Status TasksServiceImpl::CancelDuty(grpc::ServerContext* context,
                                          const v1::CancelDutyRequest* request,
                                          v1::Duty* response) {
  return Serve(*guard_, context, "CancelDuty", *request, response,
               [&](const CallContext& call) {
                 return tasks_->CancelDuty(call, *request);
               });
}

grpc::Status TasksServiceImpl::CancelObligation(
    grpc::ServerContext* context,
    const v1::TransitionObligationRequest* request, v1::Obligation* response) {
  return Serve(*guard_, context, "CancelObligation", *request, response,
               [&](const CallContext& call) {
                 return tasks_->CancelObligation(call, *request);
               });
}

grpc::Status TasksServiceImpl::ReassignObligation(
    grpc::ServerContext* context, const v1::ReassignObligationRequest* request,
    v1::Obligation* response) {
  return Serve(*guard_, context, "ReassignObligation", *request, response,
               [&](const CallContext& call) {
                 return tasks_->ReassignObligation(call, *request);
               });
}

grpc::Status TasksServiceImpl::GetProgrammeReport(
    grpc::ServerContext* context, const v1::GetProgrammeReportRequest* request,
    v1::ProgrammeReport* response) {
  return Serve(*guard_, context, "GetProgrammeReport", *request, response,
               [&](const CallContext& call) {
                 return tasks_->GetProgrammeReport(call, *request);
               });
}

grpc::Status TasksServiceImpl::UpdateProgramme(
    grpc::ServerContext* context, const v1::UpdateProgrammeRequest* request,
    v1::Programme* response) {
  return Serve(*guard_, context, "UpdateProgramme", *request, response,
               [&](const CallContext& call) {
                 return tasks_->UpdateProgramme(call, *request);
               });
}

grpc::Status TasksServiceImpl::GetProgressReport(
    grpc::ServerContext* context, const v1::GetProgressReportRequest* request,
    v1::ProgressReport* response) {
  return Serve(*guard_, context, "GetProgressReport", *request, response,
               [&](const CallContext& call) {
                 return tasks_->GetProgressReport(call, *request);
               });
}

}  // namespace ngoaivu::tasks
