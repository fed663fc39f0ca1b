// Bad input to the tasks service: every malformed request is
// INVALID_ARGUMENT naming the field, and leaves Redis exactly as it was (no
// record, no index, no counter, no event).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/support/tasks_fixture.h"

namespace ngoaivu::tasks {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::kProgramme;
using ::ngoaivu::testing::Registration;
using ::ngoaivu::testing::TestToken;
using ::ngoaivu::testing::ViolatedFields;
using ::testing::Contains;

class TasksBadInputTest : public ::ngoaivu::testing::TasksFixture {
 protected:
  void SetUp() override {
    TasksFixture::SetUp();
    Activate();
    v1::Duty duty;
    ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &duty).ok());
  }

  void ExpectRejected(const std::string& field,
                      const std::function<grpc::Status()>& call) {
    ::ngoaivu::testing::ExpectRejected([&] { return h_.Digest(); }, field,
                                       call);
  }

  grpc::Status CreateDutyWith(
      const std::function<void(v1::CreateDutyRequest*)>& edit) {
    v1::CreateDutyRequest r;
    r.set_parent(kProgramme);
    r.set_duty_id("iv-1-new");
    *r.mutable_duty() = Registration();
    r.set_request_id("create-new-duty");
    edit(&r);
    v1::Duty out;
    return h_.stub().CreateDuty(Coordinator().get(), r, &out);
  }

  grpc::Status SubmitWith(
      const std::function<void(v1::TransitionObligationRequest*)>& edit) {
    v1::TransitionObligationRequest r;
    r.set_name(std::string(kProgramme) +
               "/duties/iv-9-registration/obligations/2025-sct");
    r.set_request_id("submit-2025-sct");
    edit(&r);
    v1::Obligation out;
    return h_.stub().SubmitObligation(Coordinator().get(), r, &out);
  }
};

TEST_F(TasksBadInputTest, TrackingDaysAndProgrammeListsWithBadFields) {
  auto activate = [&](google::type::Date day) {
    v1::ActivateProgrammeRequest r;
    r.set_name(kProgramme);
    r.set_request_id("activate-again");
    *r.mutable_track_from() = day;
    v1::Programme out;
    return h_.stub().ActivateProgramme(
        Context(5, TestToken("approver", "agencies/UBND")).get(), r, &out);
  };
  ExpectRejected("track_from",
                 [&] { return activate(ToDate(absl::CivilDay(2025, 8, 16))); });
  google::type::Date impossible;
  impossible.set_year(2025);
  impossible.set_month(2);
  impossible.set_day(30);
  ExpectRejected("track_from", [&] { return activate(impossible); });
  auto list =
      [&](const std::function<void(v1::ListObligationsRequest*)>& edit) {
        v1::ListObligationsRequest r;
        r.set_programme(kProgramme);
        r.set_late(true);
        edit(&r);
        v1::ListObligationsResponse out;
        return h_.stub().ListObligations(Coordinator().get(), r, &out);
      };
  ExpectRejected("programme", [&] {
    return list([](auto* r) { r->set_programme("2488-qd-ubnd-2011"); });
  });
  ExpectRejected("programme", [&] {
    return list([](auto* r) {
      r->set_duty(std::string(kProgramme) + "/duties/iv-9-registration");
    });
  });
  ExpectRejected("period",
                 [&] { return list([](auto* r) { r->set_period("2025"); }); });
  ExpectRejected("due_after", [&] {
    return list([](auto* r) {
      *r->mutable_due_after() = ToDate(absl::CivilDay(2025, 1, 1));
    });
  });
}

TEST_F(TasksBadInputTest, DutiesWithBadFields) {
  ExpectRejected("duty_id", [&] {
    return CreateDutyWith([](auto* r) { r->set_duty_id("Bad Id"); });
  });
  ExpectRejected("duty.title", [&] {
    return CreateDutyWith([](auto* r) { r->mutable_duty()->clear_title(); });
  });
  ExpectRejected("duty.title", [&] {
    return CreateDutyWith(
        [](auto* r) { r->mutable_duty()->set_title("K\xE1\xBB hoạch"); });
  });
  ExpectRejected("duty.section", [&] {
    return CreateDutyWith(
        [](auto* r) { r->mutable_duty()->set_section("IV|9"); });
  });
  ExpectRejected("duty.lead_agency", [&] {
    return CreateDutyWith([](auto* r) { r->mutable_duty()->clear_group(); });
  });
  ExpectRejected("duty.group", [&] {
    return CreateDutyWith(
        [](auto* r) { r->mutable_duty()->set_lead_agency("agencies/SNGV"); });
  });
  ExpectRejected("duty.schedule.yearly.month", [&] {
    return CreateDutyWith([](auto* r) {
      r->mutable_duty()->mutable_schedule()->mutable_yearly()->set_month(13);
    });
  });
  ExpectRejected("duty.lead_time_days", [&] {
    return CreateDutyWith(
        [](auto* r) { r->mutable_duty()->set_lead_time_days(-1); });
  });
  ExpectRejected("request_id", [&] {
    return CreateDutyWith([](auto* r) { r->set_request_id("has space"); });
  });
  ExpectRejected("parent", [&] {
    return CreateDutyWith([](auto* r) { r->set_parent("programme/x"); });
  });
}

TEST_F(TasksBadInputTest, TransitionsAndReportsWithBadFields) {
  ExpectRejected("name", [&] {
    return SubmitWith([](auto* r) { r->set_name("programmes/x/duties/y"); });
  });
  ExpectRejected("request_id", [&] {
    return SubmitWith([](auto* r) { r->clear_request_id(); });
  });
  ExpectRejected("reason", [&] {
    return SubmitWith([](auto* r) { r->set_reason(std::string(1001, 'x')); });
  });
  auto report =
      [&](const std::function<void(v1::CreateProgressReportRequest*)>& edit) {
        v1::CreateProgressReportRequest r;
        r.set_parent(std::string(kProgramme) +
                     "/duties/iv-9-registration/obligations/2025-sct");
        r.mutable_report()->set_text("Đang làm");
        r.mutable_report()->set_percent_complete(40);
        r.set_request_id("report-2025-sct");
        edit(&r);
        v1::ProgressReport out;
        return h_.stub().CreateProgressReport(Coordinator().get(), r, &out);
      };
  ExpectRejected("report.percent_complete", [&] {
    return report(
        [](auto* r) { r->mutable_report()->set_percent_complete(101); });
  });
  ExpectRejected("report.text", [&] {
    return report([](auto* r) { r->mutable_report()->clear_text(); });
  });
  ExpectRejected("report.document_links[0]", [&] {
    return report([](auto* r) {
      r->mutable_report()->add_document_links(std::string(2001, 'l'));
    });
  });
  ExpectRejected("agency", [&] {
    v1::ReassignObligationRequest r;
    r.set_name(std::string(kProgramme) +
               "/duties/iv-9-registration/obligations/2025-sct");
    r.set_agency("SNGV");
    r.set_reason("x");
    r.set_request_id("reassign-bad");
    v1::Obligation out;
    return h_.stub().ReassignObligation(Coordinator().get(), r, &out);
  });
  ExpectRejected("reason", [&] {
    v1::CancelDutyRequest r;
    r.set_name(std::string(kProgramme) + "/duties/iv-9-registration");
    r.set_request_id("cancel-bad");
    v1::Duty out;
    return h_.stub().CancelDuty(Coordinator().get(), r, &out);
  });
}

TEST_F(TasksBadInputTest, ListsAndReportsWithBadFilters) {
  auto list =
      [&](const std::function<void(v1::ListObligationsRequest*)>& edit) {
        v1::ListObligationsRequest r;
        r.set_agency("agencies/SCT");
        edit(&r);
        v1::ListObligationsResponse out;
        return h_.stub().ListObligations(Coordinator().get(), r, &out);
      };
  ExpectRejected("agency",
                 [&] { return list([](auto* r) { r->clear_agency(); }); });
  ExpectRejected("page_size",
                 [&] { return list([](auto* r) { r->set_page_size(-5); }); });
  ExpectRejected("state", [&] {
    return list(
        [](auto* r) { r->set_state(static_cast<v1::Obligation::State>(42)); });
  });
  ExpectRejected("due_before", [&] {
    return list([](auto* r) {
      r->mutable_due_before()->set_year(2025);
      r->mutable_due_before()->set_month(2);
      r->mutable_due_before()->set_day(30);
    });
  });
  ExpectRejected("page_token", [&] {
    return list([](auto* r) { r->set_page_token("forged"); });
  });
  ExpectRejected("duty", [&] {
    v1::GetComplianceMatrixRequest r;
    r.set_duty("duties/x");
    v1::ComplianceMatrix out;
    return h_.stub().GetComplianceMatrix(Coordinator().get(), r, &out);
  });
}

}  // namespace
}  // namespace ngoaivu::tasks
