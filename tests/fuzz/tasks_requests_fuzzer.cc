// Every tasks request validator on arbitrary serialized requests: each
// answers OK or INVALID_ARGUMENT with field violations, never crashes.
#include "common/dates.h"
#include "services/tasks/tasks_validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace ngoaivu::fuzz {
namespace {

namespace v1 = tasks::v1;
using namespace ::ngoaivu::tasks;  // NOLINT: the validators

const Checks& AllChecks() {
  static const auto* checks = new Checks{
      RequestCheck<v1::CreateProgrammeRequest>(ValidateCreateProgramme),
      RequestCheck<v1::UpdateProgrammeRequest>(ValidateUpdateProgramme),
      RequestCheck<v1::ActivateProgrammeRequest>([](const auto& r) {
        return ValidateActivateProgramme(r, absl::CivilDay(2026, 12, 1));
      }),
      RequestCheck<v1::CreateDutyRequest>(ValidateCreateDuty),
      RequestCheck<v1::UpdateDutyRequest>(ValidateUpdateDuty),
      RequestCheck<v1::CancelDutyRequest>(ValidateCancelDuty),
      RequestCheck<v1::ReassignObligationRequest>(ValidateReassignObligation),
      RequestCheck<v1::GetProgrammeReportRequest>(ValidateGetProgrammeReport),
      RequestCheck<v1::ListObligationsRequest>(ValidateListObligations),
      RequestCheck<v1::TransitionObligationRequest>(
          [](const auto& r) { return ValidateTransition(r, true); }),
      RequestCheck<v1::GetObligationRequest>(
          [](const auto& r) { return ValidateName(r.name(), "obligation"); }),
  };
  return *checks;
}

v1::Duty LeadDuty() {
  v1::Duty d;
  d.set_section("IV.1");
  d.set_title("Thẩm định dự án đầu tư nước ngoài");
  d.set_lead_agency("agencies/SKHDT");
  d.add_coordinating_agencies("agencies/SNGV");
  d.set_coordinator_offset_days(10);
  *d.mutable_schedule()->mutable_due_date() =
      ToDate(absl::CivilDay(2025, 12, 31));
  d.set_lead_time_days(200);
  return d;
}

std::vector<std::string> Seeds() {
  v1::CreateProgrammeRequest programme;
  programme.set_programme_id("2488-qd-ubnd-2011");
  programme.mutable_programme()->set_decision_number("2488/QĐ-UBND");
  *programme.mutable_programme()->mutable_decision_date() =
      ToDate(absl::CivilDay(2011, 12, 29));
  programme.mutable_programme()->set_issuing_body("agencies/UBND");
  programme.mutable_programme()->set_title("Chương trình hành động");
  programme.mutable_programme()->add_sections()->set_number("IV");
  programme.set_request_id("p-1");
  v1::ActivateProgrammeRequest activate;
  activate.set_name("programmes/2488-qd-ubnd-2011");
  *activate.mutable_track_from() = ToDate(absl::CivilDay(2025, 1, 1));
  v1::CreateDutyRequest duty;
  duty.set_parent("programmes/2488-qd-ubnd-2011");
  duty.set_duty_id("iv-1-investors");
  *duty.mutable_duty() = LeadDuty();
  v1::CreateDutyRequest yearly = duty;
  yearly.mutable_duty()->clear_schedule();
  yearly.mutable_duty()->mutable_schedule()->mutable_yearly()->set_month(9);
  yearly.mutable_duty()->mutable_schedule()->mutable_yearly()->set_day(30);
  v1::ListObligationsRequest list;
  list.set_agency("agencies/SNGV");
  list.set_page_size(20);
  list.set_late(true);
  v1::TransitionObligationRequest transition;
  transition.set_name("programmes/p/duties/d/obligations/2026-sngv");
  transition.set_reason("Đã báo cáo");
  transition.set_etag("e1");
  v1::ReassignObligationRequest reassign;
  reassign.set_name("programmes/p/duties/d/obligations/2026-sngv");
  reassign.set_agency("agencies/SCT");
  v1::GetProgrammeReportRequest report;
  report.set_name("programmes/2488-qd-ubnd-2011");
  return {Seed(0, programme), Seed(2, activate),  Seed(3, duty),
          Seed(3, yearly),    Seed(6, reassign),  Seed(7, report),
          Seed(8, list),      Seed(9, transition)};
}

}  // namespace
}  // namespace ngoaivu::fuzz

NGOAIVU_REQUEST_FUZZER(ngoaivu::fuzz::AllChecks, ngoaivu::fuzz::Seeds)
