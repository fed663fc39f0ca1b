// The tasks tests' common start: a registry with a few agencies and the
// `registrants` group, a DRAFT programme 2488, and helpers that call the
// tasks service as the coordinator, an officer or the approver.
#ifndef NGOAIVU_TESTS_SUPPORT_TASKS_FIXTURE_H_
#define NGOAIVU_TESTS_SUPPORT_TASKS_FIXTURE_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/dates.h"
#include "tests/support/seed.h"
#include "tests/support/tasks_harness.h"

namespace ngoaivu::testing {

namespace v1 = ::ngoaivu::tasks::v1;

inline constexpr char kProgramme[] = "programmes/2488-qd-ubnd-2011";

class TasksFixture : public ::testing::Test {
 protected:
  TasksFixture() : h_(absl::CivilDay(2025, 8, 15)) {}

  void SetUp() override {
    ::ngoaivu::testing::SeedAgencies(
        h_.registry(),
        {"UBND", "SNGV", "SKHDT", "SCT", "UBND-TBI", "UBND-BCA"});
    ::ngoaivu::testing::SeedGroup(h_.registry(), "registrants",
                                  {"SKHDT", "SCT", "UBND-TBI", "UBND-BCA"});

    v1::CreateProgrammeRequest p;
    p.set_programme_id("2488-qd-ubnd-2011");
    p.mutable_programme()->set_decision_number("2488/QĐ-UBND");
    *p.mutable_programme()->mutable_decision_date() =
        ToDate(absl::CivilDay(2011, 12, 6));
    p.mutable_programme()->set_issuing_body("agencies/UBND");
    p.mutable_programme()->set_title(
        "Chương trình hành động đối ngoại nhân dân");
    p.mutable_programme()->mutable_signer()->set_full_name("Trần Lưu Quang");
    p.mutable_programme()->mutable_signer()->add_capacities(
        v1::Signer::ON_BEHALF_OF_CHAIRMAN);
    // The parts duties come from: III.2, and IV with its items 1 and 9.
    v1::Section* three = p.mutable_programme()->add_sections();
    three->set_number("III");
    three->set_title("Nhiệm vụ");
    three->add_sections()->set_number("III.2");
    v1::Section* four = p.mutable_programme()->add_sections();
    four->set_number("IV");
    four->set_title("Tổ chức thực hiện");
    four->add_sections()->set_number("IV.1");
    four->add_sections()->set_number("IV.9");
    p.set_request_id("create-programme");
    v1::Programme programme;
    grpc::Status s =
        h_.stub().CreateProgramme(Coordinator().get(), p, &programme);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(programme.state(), v1::Programme::DRAFT);
  }

  static std::unique_ptr<grpc::ClientContext> Coordinator() {
    return Context(5, TestToken("coordinator", "agencies/SNGV"));
  }
  static std::unique_ptr<grpc::ClientContext> Officer(
      const std::string& agency) {
    return Context(5, TestToken("officer", "agencies/" + agency));
  }

  grpc::Status AddDuty(const std::string& id, const v1::Duty& duty,
                       v1::Duty* out) {
    v1::CreateDutyRequest r;
    r.set_parent(kProgramme);
    r.set_duty_id(id);
    *r.mutable_duty() = duty;
    r.set_request_id("duty-" + id);
    return h_.stub().CreateDuty(Coordinator().get(), r, out);
  }

  std::vector<v1::Obligation> ObligationsOf(const std::string& agency) {
    v1::ListObligationsRequest r;
    r.set_agency("agencies/" + agency);
    r.set_page_size(7);
    std::vector<v1::Obligation> all;
    do {
      v1::ListObligationsResponse page;
      grpc::Status s = h_.stub().ListObligations(Coordinator().get(), r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      all.insert(all.end(), page.obligations().begin(),
                 page.obligations().end());
      r.set_page_token(page.next_page_token());
    } while (!r.page_token().empty());
    return all;
  }

  grpc::Status Move(const std::string& verb, const std::string& name,
                    std::unique_ptr<grpc::ClientContext> who,
                    v1::Obligation* out, const std::string& reason = "") {
    v1::TransitionObligationRequest r;
    r.set_name(name);
    r.set_reason(reason);
    std::string id = verb + ":" + name.substr(name.rfind("duties/") + 7);
    std::replace(id.begin(), id.end(), '/', ':');
    r.set_request_id(id);
    if (verb == "start") return h_.stub().StartObligation(who.get(), r, out);
    if (verb == "submit") return h_.stub().SubmitObligation(who.get(), r, out);
    if (verb == "accept") return h_.stub().AcceptObligation(who.get(), r, out);
    if (verb == "return") return h_.stub().ReturnObligation(who.get(), r, out);
    if (verb == "cancel") return h_.stub().CancelObligation(who.get(), r, out);
    return h_.stub().WaiveObligation(who.get(), r, out);
  }

  // Tracks from `track_from`: by default from 2023, as if the years before
  // this system were taken over from paper, so tests see late periods.
  void Activate(std::optional<absl::CivilDay> track_from = absl::CivilDay(2023,
                                                                          1,
                                                                          1)) {
    v1::ActivateProgrammeRequest r;
    r.set_name(kProgramme);
    r.set_request_id("activate");
    if (track_from) *r.mutable_track_from() = ToDate(*track_from);
    v1::Programme out;
    grpc::Status s = h_.stub().ActivateProgramme(
        Context(5, TestToken("approver", "agencies/UBND")).get(), r, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(out.state(), v1::Programme::ACTIVE);
  }

  TasksHarness h_;
};

inline v1::Duty LeadDuty() {
  v1::Duty d;
  d.set_section("IV.1");
  d.set_title("Thẩm định dự án đầu tư nước ngoài");
  d.set_lead_agency("agencies/SKHDT");
  d.add_coordinating_agencies("agencies/SNGV");
  d.add_coordinating_agencies("agencies/SCT");
  d.set_coordinator_offset_days(10);
  *d.mutable_schedule()->mutable_due_date() =
      ToDate(absl::CivilDay(2025, 12, 31));
  d.set_lead_time_days(200);
  return d;
}

inline v1::Duty Registration() {
  v1::Duty d;
  d.set_section("IV.9");
  d.set_title("Đăng ký chương trình công tác đối ngoại nhân dân năm sau");
  d.set_group("groups/registrants");
  d.mutable_schedule()->mutable_yearly()->set_month(9);
  d.mutable_schedule()->mutable_yearly()->set_day(30);
  d.mutable_schedule()->mutable_yearly()->set_first_year(2023);
  d.set_lead_time_days(60);
  d.set_submitted_through_coordinator(true);
  return d;
}

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_TASKS_FIXTURE_H_
