// The tasks service's access table, cell by cell, through a real server.
// The expected cells are written out here, independently of the code.
#include "services/tasks/tasks_access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "common/dates.h"
#include "tests/support/access_table.h"
#include "tests/support/seed.h"
#include "tests/support/tasks_harness.h"

namespace ngoaivu::tasks {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::ExpectAccessTable;
using ::ngoaivu::testing::ExpectedAccess;
using ::ngoaivu::testing::ExpectEveryCell;
using ::ngoaivu::testing::TasksHarness;
using ::ngoaivu::testing::TestToken;
namespace reg = ::ngoaivu::registry::v1;

// Roles: admin, coordinator, approver, officer, viewer, system.
const std::vector<ExpectedAccess> kTable = {
    {"GetProgramme", {"any", "any", "any", "any", "any", "any"}},
    {"ListProgrammes", {"any", "any", "any", "any", "any", "any"}},
    {"CreateProgramme", {"any", "any", "-", "-", "-", "-"}},
    {"UpdateProgramme", {"any", "any", "-", "-", "-", "-"}},
    {"ActivateProgramme", {"any", "-", "any", "-", "-", "-"}},
    {"CloseProgramme", {"any", "-", "any", "-", "-", "-"}},
    {"GetDuty", {"any", "any", "any", "part", "any", "any"}},
    {"ListDuties", {"any", "any", "any", "part", "any", "any"}},
    {"CreateDuty", {"any", "any", "-", "-", "-", "-"}},
    {"UpdateDuty", {"any", "any", "-", "-", "-", "-"}},
    {"CancelDuty", {"any", "any", "-", "-", "-", "-"}},
    {"GetObligation", {"any", "any", "any", "own", "any", "any"}},
    {"ListObligations", {"any", "any", "any", "own", "any", "any"}},
    {"StartObligation", {"any", "any", "-", "own", "-", "-"}},
    {"SubmitObligation", {"any", "any", "-", "own", "-", "-"}},
    {"AcceptObligation", {"any", "any", "-", "-", "-", "-"}},
    {"ReturnObligation", {"any", "any", "-", "-", "-", "-"}},
    {"WaiveObligation", {"any", "any", "-", "-", "-", "-"}},
    {"CancelObligation", {"any", "any", "-", "-", "-", "-"}},
    {"ReassignObligation", {"any", "any", "-", "-", "-", "-"}},
    {"RescheduleObligation", {"any", "any", "-", "-", "-", "-"}},
    {"CreateProgressReport", {"any", "any", "-", "own", "-", "-"}},
    {"GetProgressReport", {"any", "any", "any", "own", "any", "any"}},
    {"ListProgressReports", {"any", "any", "any", "own", "any", "any"}},
    {"GetProgrammeReport", {"any", "any", "any", "-", "any", "any"}},
    {"GetComplianceMatrix", {"any", "any", "any", "-", "any", "any"}},
    {"ListHistory", {"any", "any", "any", "own", "any", "-"}},
};

constexpr char kDuty[] = "programmes/p/duties/registration";

std::string Obligation(const std::string& code) {
  return std::string(kDuty) + "/obligations/2025-" + code;
}

using Call = std::function<grpc::Status(
    v1::TasksService::Stub&, grpc::ClientContext*, const std::string& code)>;

std::map<std::string, Call> Calls() {
  std::map<std::string, Call> c;
  c["GetProgramme"] = [](auto& s, auto* ctx, const std::string&) {
    v1::GetProgrammeRequest r;
    r.set_name("programmes/p");
    v1::Programme o;
    return s.GetProgramme(ctx, r, &o);
  };
  c["ListProgrammes"] = [](auto& s, auto* ctx, const std::string&) {
    v1::ListProgrammesRequest r;
    v1::ListProgrammesResponse o;
    return s.ListProgrammes(ctx, r, &o);
  };
  c["CreateProgramme"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::CreateProgrammeRequest r;
    r.set_programme_id("p");  // exists: ALREADY_EXISTS
    r.mutable_programme()->set_decision_number("1/QĐ");
    *r.mutable_programme()->mutable_decision_date() =
        ToDate(absl::CivilDay(2025, 1, 1));
    r.mutable_programme()->set_issuing_body("agencies/UBND");
    r.mutable_programme()->set_title("x");
    r.set_request_id("cp-" + code);
    v1::Programme o;
    return s.CreateProgramme(ctx, r, &o);
  };
  c["UpdateProgramme"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::UpdateProgrammeRequest r;
    r.mutable_programme()->set_name("programmes/p");
    r.mutable_programme()->set_title("Chương trình (sửa)");
    r.mutable_update_mask()->add_paths("title");
    r.set_etag("never");
    r.set_request_id("up-" + code);
    v1::Programme o;
    return s.UpdateProgramme(ctx, r, &o);
  };
  c["GetProgressReport"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::GetProgressReportRequest r;
    r.set_name(Obligation(code) + "/reports/r000000000000");
    v1::ProgressReport o;
    return s.GetProgressReport(ctx, r, &o);
  };
  c["ActivateProgramme"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::ActivateProgrammeRequest r;
    r.set_name("programmes/p");
    r.set_etag("never");
    r.set_request_id("ap-" + code);
    v1::Programme o;
    return s.ActivateProgramme(ctx, r, &o);
  };
  c["CloseProgramme"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::CloseProgrammeRequest r;
    r.set_name("programmes/p");
    r.set_etag("never");
    r.set_reason("x");
    r.set_request_id("clp-" + code);
    v1::Programme o;
    return s.CloseProgramme(ctx, r, &o);
  };
  c["GetDuty"] = [](auto& s, auto* ctx, const std::string& code) {
    // SNGV takes part in the registration, not in SCT's own duty.
    v1::GetDutyRequest r;
    r.set_name(code == "sngv" ? kDuty : "programmes/p/duties/sct-only");
    v1::Duty o;
    return s.GetDuty(ctx, r, &o);
  };
  c["ListDuties"] = [](auto& s, auto* ctx, const std::string&) {
    v1::ListDutiesRequest r;
    r.set_parent("programmes/p");
    v1::ListDutiesResponse o;
    return s.ListDuties(ctx, r, &o);
  };
  c["CreateDuty"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::CreateDutyRequest r;
    r.set_parent("programmes/p");
    r.set_duty_id("registration");
    r.mutable_duty()->set_title("x");
    r.mutable_duty()->set_lead_agency("agencies/" + code);
    r.mutable_duty()->mutable_schedule()->mutable_continuing();
    r.set_request_id("cd-" + code);
    v1::Duty o;
    return s.CreateDuty(ctx, r, &o);
  };
  c["UpdateDuty"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::UpdateDutyRequest r;
    r.mutable_duty()->set_name(kDuty);
    r.mutable_duty()->set_title("y");
    r.mutable_update_mask()->add_paths("title");
    r.set_etag("never");
    r.set_request_id("ud-" + code);
    v1::Duty o;
    return s.UpdateDuty(ctx, r, &o);
  };
  c["CancelDuty"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::CancelDutyRequest r;
    r.set_name(kDuty);
    r.set_etag("never");
    r.set_reason("x");
    r.set_request_id("xd-" + code);
    v1::Duty o;
    return s.CancelDuty(ctx, r, &o);
  };
  c["ReassignObligation"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::ReassignObligationRequest r;
    r.set_name(Obligation(code));
    r.set_agency("agencies/UBND");
    r.set_etag("never");
    r.set_reason("x");
    r.set_request_id("ro-" + code);
    v1::Obligation o;
    return s.ReassignObligation(ctx, r, &o);
  };
  c["RescheduleObligation"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::RescheduleObligationRequest r;
    r.set_name(Obligation(code));
    *r.mutable_due_date() = ToDate(absl::CivilDay(2030, 1, 1));
    r.set_etag("never");
    r.set_reason("x");
    r.set_request_id("rs-" + code);
    v1::Obligation o;
    return s.RescheduleObligation(ctx, r, &o);
  };
  c["GetProgrammeReport"] = [](auto& s, auto* ctx, const std::string&) {
    v1::GetProgrammeReportRequest r;
    r.set_name("programmes/p");
    v1::ProgrammeReport o;
    return s.GetProgrammeReport(ctx, r, &o);
  };
  c["GetObligation"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::GetObligationRequest r;
    r.set_name(Obligation(code));
    v1::Obligation o;
    return s.GetObligation(ctx, r, &o);
  };
  c["ListObligations"] = [](auto& s, auto* ctx, const std::string& code) {
    std::string upper = code;
    for (auto& ch : upper) ch = std::toupper(ch);
    v1::ListObligationsRequest r;
    r.set_agency("agencies/" + upper);
    v1::ListObligationsResponse o;
    return s.ListObligations(ctx, r, &o);
  };
  for (const char* m :
       {"StartObligation", "SubmitObligation", "AcceptObligation",
        "ReturnObligation", "WaiveObligation", "CancelObligation"}) {
    const std::string method = m;
    c[method] = [method](auto& s, auto* ctx, const std::string& code) {
      v1::TransitionObligationRequest r;
      r.set_name(Obligation(code));
      r.set_etag("never");
      r.set_reason("x");
      r.set_request_id(method + "-" + code);
      v1::Obligation o;
      if (method == "StartObligation") return s.StartObligation(ctx, r, &o);
      if (method == "SubmitObligation") return s.SubmitObligation(ctx, r, &o);
      if (method == "AcceptObligation") return s.AcceptObligation(ctx, r, &o);
      if (method == "ReturnObligation") return s.ReturnObligation(ctx, r, &o);
      if (method == "CancelObligation") return s.CancelObligation(ctx, r, &o);
      return s.WaiveObligation(ctx, r, &o);
    };
  }
  c["CreateProgressReport"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::CreateProgressReportRequest r;
    r.set_parent(Obligation(code));
    r.mutable_report()->set_text("Đã xây dựng dự thảo kế hoạch");
    r.mutable_report()->set_percent_complete(40);
    r.set_request_id("report-" + code);
    v1::ProgressReport o;
    return s.CreateProgressReport(ctx, r, &o);
  };
  c["ListProgressReports"] = [](auto& s, auto* ctx, const std::string& code) {
    v1::ListProgressReportsRequest r;
    r.set_parent(Obligation(code));
    v1::ListProgressReportsResponse o;
    return s.ListProgressReports(ctx, r, &o);
  };
  c["GetComplianceMatrix"] = [](auto& s, auto* ctx, const std::string&) {
    v1::GetComplianceMatrixRequest r;
    r.set_duty(kDuty);
    r.set_period("2025");
    v1::ComplianceMatrix o;
    return s.GetComplianceMatrix(ctx, r, &o);
  };
  c["ListHistory"] = [](auto& s, auto* ctx, const std::string& code) {
    events::v1::ListHistoryRequest r;
    r.set_name(Obligation(code));
    events::v1::ListHistoryResponse o;
    return s.ListHistory(ctx, r, &o);
  };
  return c;
}

class TasksAccessTest : public ::testing::Test {
 protected:
  TasksAccessTest() : h_(absl::CivilDay(2025, 8, 15)) {}
  void SetUp() override {
    ::ngoaivu::testing::SeedAgencies(h_.registry(), {"UBND", "SNGV", "SCT"});
    ::ngoaivu::testing::SeedGroup(h_.registry(), "everyone", {"SNGV", "SCT"});

    auto admin = [] { return Context(5, TestToken("admin", "agencies/UBND")); };
    v1::CreateProgrammeRequest p;
    p.set_programme_id("p");
    p.mutable_programme()->set_decision_number("2488/QĐ-UBND");
    *p.mutable_programme()->mutable_decision_date() =
        ToDate(absl::CivilDay(2011, 12, 6));
    p.mutable_programme()->set_issuing_body("agencies/UBND");
    p.mutable_programme()->set_title("Chương trình");
    p.set_request_id("p");
    v1::Programme programme;
    ASSERT_TRUE(h_.stub().CreateProgramme(admin().get(), p, &programme).ok());
    v1::CreateDutyRequest d;
    d.set_parent("programmes/p");
    d.set_duty_id("registration");
    d.mutable_duty()->set_title("Đăng ký");
    d.mutable_duty()->set_group("groups/everyone");
    d.mutable_duty()->mutable_schedule()->mutable_yearly()->set_month(9);
    d.mutable_duty()->mutable_schedule()->mutable_yearly()->set_day(30);
    d.mutable_duty()->mutable_schedule()->mutable_yearly()->set_first_year(
        2025);
    d.mutable_duty()->set_lead_time_days(60);
    d.set_request_id("d");
    v1::Duty duty;
    ASSERT_TRUE(h_.stub().CreateDuty(admin().get(), d, &duty).ok());
    v1::CreateDutyRequest sct_only;
    sct_only.set_parent("programmes/p");
    sct_only.set_duty_id("sct-only");
    sct_only.mutable_duty()->set_title("Xúc tiến thương mại");
    sct_only.mutable_duty()->set_lead_agency("agencies/SCT");
    sct_only.mutable_duty()->mutable_schedule()->mutable_continuing();
    sct_only.set_request_id("sct-only");
    ASSERT_TRUE(h_.stub().CreateDuty(admin().get(), sct_only, &duty).ok());
    v1::ActivateProgrammeRequest a;
    a.set_name("programmes/p");
    a.set_request_id("a");
    ASSERT_TRUE(h_.stub().ActivateProgramme(admin().get(), a, &programme).ok());
  }
  TasksHarness h_;
};

TEST_F(TasksAccessTest, CodeTableMatchesTheExpectedTable) {
  ExpectAccessTable(TasksAccessPolicy(), "ngoaivu.tasks.v1.TasksService",
                    kTable);
}

TEST_F(TasksAccessTest, EveryCellThroughARealServer) {
  const auto calls = Calls();
  // The caller works at SNGV: "own" is SNGV's obligation, "other" SCT's.
  ExpectEveryCell(
      kTable, "agencies/SNGV",
      [&](const std::string& method, const std::string& token, bool own) {
        return calls.at(method)(h_.stub(), Context(5, token).get(),
                                own ? "sngv" : "sct");
      },
      nullptr);
}

}  // namespace
}  // namespace ngoaivu::tasks
