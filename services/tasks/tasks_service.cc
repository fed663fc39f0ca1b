#include "services/tasks/tasks_service.h"

namespace ngoaivu::tasks {

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, GetProgramme, v1::GetProgrammeRequest,
                       v1::Programme, tasks_->programmes)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, ListProgrammes,
                       v1::ListProgrammesRequest, v1::ListProgrammesResponse,
                       tasks_->programmes)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, CreateProgramme,
                       v1::CreateProgrammeRequest, v1::Programme,
                       tasks_->programmes)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, ActivateProgramme,
                       v1::ActivateProgrammeRequest, v1::Programme,
                       tasks_->programmes)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, CloseProgramme,
                       v1::CloseProgrammeRequest, v1::Programme,
                       tasks_->programmes)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, GetDuty, v1::GetDutyRequest, v1::Duty,
                       tasks_->duties)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, ListDuties, v1::ListDutiesRequest,
                       v1::ListDutiesResponse, tasks_->duties)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, CreateDuty, v1::CreateDutyRequest,
                       v1::Duty, tasks_->duties)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, GetObligation,
                       v1::GetObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, ListObligations,
                       v1::ListObligationsRequest, v1::ListObligationsResponse,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, StartObligation,
                       v1::TransitionObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, SubmitObligation,
                       v1::TransitionObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, AcceptObligation,
                       v1::TransitionObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, ReturnObligation,
                       v1::TransitionObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, WaiveObligation,
                       v1::TransitionObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, CreateProgressReport,
                       v1::CreateProgressReportRequest, v1::ProgressReport,
                       tasks_->progress_reports)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, ListProgressReports,
                       v1::ListProgressReportsRequest,
                       v1::ListProgressReportsResponse,
                       tasks_->progress_reports)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, GetComplianceMatrix,
                       v1::GetComplianceMatrixRequest, v1::ComplianceMatrix,
                       tasks_->reports)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, UpdateDuty, v1::UpdateDutyRequest,
                       v1::Duty, tasks_->duties)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, CancelDuty, v1::CancelDutyRequest,
                       v1::Duty, tasks_->duties)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, CancelObligation,
                       v1::TransitionObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, ReassignObligation,
                       v1::ReassignObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, RescheduleObligation,
                       v1::RescheduleObligationRequest, v1::Obligation,
                       tasks_->obligations)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, GetProgrammeReport,
                       v1::GetProgrammeReportRequest, v1::ProgrammeReport,
                       tasks_->reports)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, UpdateProgramme,
                       v1::UpdateProgrammeRequest, v1::Programme,
                       tasks_->programmes)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, GetProgressReport,
                       v1::GetProgressReportRequest, v1::ProgressReport,
                       tasks_->progress_reports)

NGOAIVU_GUARDED_METHOD(TasksServiceImpl, ListHistory,
                       events::v1::ListHistoryRequest,
                       events::v1::ListHistoryResponse, tasks_->reports)

}  // namespace ngoaivu::tasks
