// The tasks service through a real server, beside a real registry: a
// programme's duties fan out to obligations, obligations move through their
// lifecycle, and access follows the table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "common/dates.h"
#include "tests/support/seed.h"
#include "tests/support/tasks_fixture.h"

namespace ngoaivu::tasks {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::TasksHarness;
using ::ngoaivu::testing::TestToken;
using ::ngoaivu::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace reg = ::ngoaivu::registry::v1;

using ::ngoaivu::testing::kProgramme;
using ::ngoaivu::testing::LeadDuty;
using ::ngoaivu::testing::Registration;

class TasksApiTest : public ::ngoaivu::testing::TasksFixture {};

TEST_F(TasksApiTest, ActivationFansDutiesOutToObligations) {
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &out).ok());
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  EXPECT_TRUE(h_.Events().size() ==
              3u);  // programme + two duties; a draft opens nothing
  EXPECT_TRUE(ObligationsOf("SKHDT").empty());
  Activate();

  // Lead and two coordinators; the coordinators' input 10 days earlier.
  const auto skhdt = ObligationsOf("SKHDT");
  const auto sngv = ObligationsOf("SNGV");
  ASSERT_EQ(sngv.size(), 1u);
  EXPECT_EQ(sngv[0].role(), v1::Obligation::COORDINATING);
  EXPECT_EQ(*ToCivilDay(sngv[0].due_date()), absl::CivilDay(2025, 12, 21));
  // Four group members × the registrations open on 15 August 2025: 2023,
  // 2024 (late) and 2025 (opened 1 August, due 30 September).
  for (const char* code : {"SCT", "UBND-TBI", "UBND-BCA"}) {
    std::set<std::string> periods;
    for (const auto& o : ObligationsOf(code)) {
      if (absl::StrContains(o.name(), "iv-9-registration"))
        periods.insert(o.period());
    }
    EXPECT_EQ(periods, (std::set<std::string>{"2023", "2024", "2025"})) << code;
  }
  std::map<std::string, v1::Obligation> by_period;
  for (const auto& o : skhdt) {
    if (absl::StrContains(o.name(), "iv-9-registration"))
      by_period[o.period()] = o;
  }
  ASSERT_EQ(by_period.size(), 3u);
  EXPECT_EQ(by_period["2024"].name(),
            std::string(kProgramme) +
                "/duties/iv-9-registration/obligations/2024-skhdt");
  EXPECT_TRUE(by_period["2024"].late());
  EXPECT_EQ(by_period["2024"].days_late(), 319);  // 30 Sep 2024 → 15 Aug 2025
  EXPECT_FALSE(by_period["2025"].late());
  // Events: the activation, then one per obligation opened.
  int opened = 0;
  for (const auto& e : h_.Events()) {
    if (e.type() == "ngoaivu.tasks.v1.obligation.opened") ++opened;
  }
  EXPECT_EQ(opened, 3 + 4 * 3);
}

TEST_F(TasksApiTest, ObligationsMoveThroughTheirLifecycle) {
  Activate();
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  const std::string name = std::string(kProgramme) +
                           "/duties/iv-9-registration/obligations/2025-sct";
  v1::Obligation o;
  // The agency's officer starts and submits; another agency's may not.
  EXPECT_EQ(Move("start", name, Officer("SKHDT"), &o).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(Move("start", name, Officer("SCT"), &o).ok());
  EXPECT_EQ(o.state(), v1::Obligation::IN_PROGRESS);
  // Acceptance before submission is refused, naming what is allowed.
  grpc::Status wrong = Move("accept", name, Coordinator(), &o);
  EXPECT_EQ(wrong.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(wrong.error_message(), HasSubstr("IN_PROGRESS"));
  EXPECT_THAT(wrong.error_message(),
              HasSubstr("allowed: report, submit, waive, cancel"));
  ASSERT_TRUE(Move("submit", name, Officer("SCT"), &o).ok());
  EXPECT_EQ(o.state(), v1::Obligation::SUBMITTED);
  EXPECT_FALSE(o.late());
  // Returning needs a reason; the officer cannot accept his own work.
  grpc::Status no_reason = Move("return", name, Coordinator(), &o);
  EXPECT_EQ(no_reason.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(no_reason), ElementsAre("reason"));
  EXPECT_EQ(Move("accept", name, Officer("SCT"), &o).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(
      Move("return", name, Coordinator(), &o, "Thiếu kế hoạch quý IV").ok());
  EXPECT_EQ(o.state(), v1::Obligation::IN_PROGRESS);
  EXPECT_EQ(o.state_reason(), "Thiếu kế hoạch quý IV");
  v1::Obligation resubmitted;
  v1::TransitionObligationRequest again;
  again.set_name(name);
  again.set_request_id("resubmit");
  ASSERT_TRUE(h_.stub()
                  .SubmitObligation(Officer("SCT").get(), again, &resubmitted)
                  .ok());
  ASSERT_TRUE(Move("accept", name, Coordinator(), &o).ok());
  EXPECT_EQ(o.state(), v1::Obligation::ACCEPTED);
  EXPECT_EQ(o.percent_complete(), 100);

  // A late one submitted now is recorded as late.
  const std::string late =
      std::string(kProgramme) +
      "/duties/iv-9-registration/obligations/2024-ubnd-tbi";
  ASSERT_TRUE(Move("submit", late, Officer("UBND-TBI"), &o).ok());
  EXPECT_TRUE(o.late());
  EXPECT_EQ(o.days_late(), 319);
  // The coordinator waives another, with a reason.
  const std::string waived =
      std::string(kProgramme) +
      "/duties/iv-9-registration/obligations/2023-ubnd-bca";
  ASSERT_TRUE(
      Move("waive", waived, Coordinator(), &o, "Huyện mới chia tách").ok());
  EXPECT_EQ(o.state(), v1::Obligation::WAIVED);

  // The history of the first obligation, in order, with its actors.
  events::v1::ListHistoryRequest history;
  history.set_name(name);
  events::v1::ListHistoryResponse page;
  ASSERT_TRUE(h_.stub().ListHistory(Coordinator().get(), history, &page).ok());
  std::vector<std::string> types;
  for (const auto& e : page.events()) types.push_back(e.type().substr(17));
  EXPECT_THAT(types,
              ElementsAre("obligation.opened", "obligation.started",
                          "obligation.submitted", "obligation.returned",
                          "obligation.submitted", "obligation.accepted"));
  EXPECT_EQ(page.events(1).actor().agency(), "agencies/SCT");
  EXPECT_EQ(page.events(3).actor().role(), "coordinator");
}

TEST_F(TasksApiTest, AssignmentsAreCheckedAgainstTheRegistry) {
  v1::Duty unknown = LeadDuty();
  unknown.set_lead_agency("agencies/NOSUCH");
  v1::Duty out;
  EXPECT_EQ(AddDuty("unknown", unknown, &out).error_code(), grpc::NOT_FOUND);

  reg::DissolveAgencyRequest dissolve;
  dissolve.set_name("agencies/SCT");
  dissolve.set_reason("Quyết định giải thể");
  dissolve.set_request_id("dissolve-sct");
  reg::Agency agency;
  ASSERT_TRUE(h_.registry()
                  .stub()
                  .DissolveAgency(Context().get(), dissolve, &agency)
                  .ok());
  grpc::Status dissolved = AddDuty("dissolved", LeadDuty(), &out);
  EXPECT_EQ(dissolved.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(dissolved.error_message(), HasSubstr("agencies/SCT"));

  v1::Duty both = LeadDuty();
  both.set_group("groups/registrants");
  grpc::Status invalid = AddDuty("both", both, &out);
  EXPECT_EQ(invalid.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(invalid), ::testing::Contains("duty.group"));
  EXPECT_EQ(h_.Events().size(), 1u);  // only the programme's creation
}

TEST_F(TasksApiTest, OfficersSeeTheirOwnAgencysObligationsOnly) {
  Activate();
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  v1::ListObligationsRequest own;
  own.set_agency("agencies/SCT");
  v1::ListObligationsResponse page;
  ASSERT_TRUE(h_.stub().ListObligations(Officer("SCT").get(), own, &page).ok());
  EXPECT_EQ(page.obligations_size(), 3);
  EXPECT_EQ(h_.stub()
                .ListObligations(Officer("SKHDT").get(), own, &page)
                .error_code(),
            grpc::PERMISSION_DENIED);
  v1::GetObligationRequest get;
  get.set_name(std::string(kProgramme) +
               "/duties/iv-9-registration/obligations/2025-sct");
  v1::Obligation o;
  EXPECT_TRUE(h_.stub().GetObligation(Officer("SCT").get(), get, &o).ok());
  EXPECT_EQ(
      h_.stub().GetObligation(Officer("SKHDT").get(), get, &o).error_code(),
      grpc::PERMISSION_DENIED);
  // Only approvers put a programme in force or end it.
  v1::CloseProgrammeRequest close;
  close.set_name(kProgramme);
  close.set_reason("Hết hiệu lực");
  close.set_request_id("close");
  v1::Programme p;
  EXPECT_EQ(
      h_.stub().CloseProgramme(Coordinator().get(), close, &p).error_code(),
      grpc::PERMISSION_DENIED);
  ASSERT_TRUE(h_.stub()
                  .CloseProgramme(
                      Context(5, TestToken("approver", "agencies/UBND")).get(),
                      close, &p)
                  .ok());
  // A closed programme's obligations no longer move.
  EXPECT_EQ(Move("start", get.name(), Officer("SCT"), &o).error_code(),
            grpc::FAILED_PRECONDITION);
}

TEST_F(TasksApiTest, TheComplianceMatrixSaysWhoIsOnTimeLateMissingOrWaived) {
  Activate();
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  const std::string prefix =
      std::string(kProgramme) + "/duties/iv-9-registration/obligations/";
  v1::Obligation o;
  // 2024 (due 30 September 2024), looked at on 15 August 2025: SKHDT hands
  // in now (late), the coordinator waives UBND-BCA; SCT and UBND-TBI never.
  ASSERT_TRUE(Move("submit", prefix + "2024-skhdt", Officer("SKHDT"), &o).ok());
  ASSERT_TRUE(
      Move("waive", prefix + "2024-ubnd-bca", Coordinator(), &o, "Miễn").ok());
  // 2025 (due 30 September 2025): SCT on time; the rest still pending.
  ASSERT_TRUE(Move("submit", prefix + "2025-sct", Officer("SCT"), &o).ok());

  auto matrix = [&](const std::string& period) {
    v1::GetComplianceMatrixRequest r;
    r.set_duty(std::string(kProgramme) + "/duties/iv-9-registration");
    r.set_period(period);
    v1::ComplianceMatrix m;
    grpc::Status s = h_.stub().GetComplianceMatrix(Coordinator().get(), r, &m);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return m;
  };
  const v1::ComplianceMatrix y2024 = matrix("2024");
  EXPECT_EQ(y2024.late(), 1);
  EXPECT_EQ(y2024.waived(), 1);
  EXPECT_EQ(y2024.missing(), 2);
  EXPECT_EQ(y2024.on_time(), 0);
  ASSERT_EQ(y2024.rows_size(), 4);
  EXPECT_EQ(y2024.rows(0).agency(), "agencies/SCT");  // code order
  EXPECT_EQ(y2024.rows(0).outcome(), v1::ComplianceRow::MISSING);
  EXPECT_EQ(y2024.rows(0).days_late(), 319);
  EXPECT_EQ(y2024.rows(1).agency(), "agencies/SKHDT");
  EXPECT_EQ(y2024.rows(1).outcome(), v1::ComplianceRow::LATE);
  const v1::ComplianceMatrix y2025 = matrix("2025");
  EXPECT_EQ(y2025.on_time(), 1);
  EXPECT_EQ(y2025.pending(), 3);
  EXPECT_EQ(y2025.missing(), 0);
  // Officers do not read the programme's reports.
  v1::GetComplianceMatrixRequest r;
  r.set_duty(std::string(kProgramme) + "/duties/iv-9-registration");
  r.set_period("2025");
  v1::ComplianceMatrix m;
  EXPECT_EQ(
      h_.stub().GetComplianceMatrix(Officer("SCT").get(), r, &m).error_code(),
      grpc::PERMISSION_DENIED);
}

TEST_F(TasksApiTest, ProgressReportsAreAppendedAndMoveTheObligation) {
  Activate();
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  const std::string name = std::string(kProgramme) +
                           "/duties/iv-9-registration/obligations/2025-sct";
  auto file = [&](const std::string& text, int percent, const std::string& id) {
    v1::CreateProgressReportRequest r;
    r.set_parent(name);
    r.mutable_report()->set_text(text);
    r.mutable_report()->set_percent_complete(percent);
    r.mutable_report()->add_document_links(
        "https://vanban.tayninh.gov.vn/ke-hoach-2026.pdf");
    r.set_request_id(id);
    v1::ProgressReport report;
    grpc::Status s =
        h_.stub().CreateProgressReport(Officer("SCT").get(), r, &report);
    return std::make_pair(s, report);
  };
  auto [first_status, first] = file("Đã lập dự thảo", 30, "r1");
  ASSERT_TRUE(first_status.ok()) << first_status.error_message();
  EXPECT_EQ(first.filed_by_agency(), "agencies/SCT");
  EXPECT_EQ(file("Đã lập dự thảo", 30, "r1").second.name(),
            first.name());  // retry
  ASSERT_TRUE(file("Đã trình lãnh đạo", 80, "r2").first.ok());
  v1::GetObligationRequest get;
  get.set_name(name);
  v1::Obligation o;
  ASSERT_TRUE(h_.stub().GetObligation(Coordinator().get(), get, &o).ok());
  EXPECT_EQ(o.state(), v1::Obligation::IN_PROGRESS);
  EXPECT_EQ(o.percent_complete(), 80);
  v1::ListProgressReportsRequest list;
  list.set_parent(name);
  v1::ListProgressReportsResponse reports;
  ASSERT_TRUE(
      h_.stub().ListProgressReports(Coordinator().get(), list, &reports).ok());
  ASSERT_EQ(reports.reports_size(), 2);
  EXPECT_EQ(reports.reports(0).text(), "Đã lập dự thảo");
  EXPECT_EQ(reports.reports(1).percent_complete(), 80);
  // Bad input changes nothing; a submitted obligation takes no reports.
  auto bad = file("", 130, "r3");
  EXPECT_EQ(bad.first.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(bad.first),
              ::testing::UnorderedElementsAre("report.text",
                                              "report.percent_complete"));
  ASSERT_TRUE(Move("submit", name, Officer("SCT"), &o).ok());
  EXPECT_EQ(file("Bổ sung", 100, "r4").first.error_code(),
            grpc::FAILED_PRECONDITION);
  ASSERT_TRUE(
      h_.stub().ListProgressReports(Coordinator().get(), list, &reports).ok());
  EXPECT_EQ(reports.reports_size(), 2);
}

TEST_F(TasksApiTest, ObligationsFilterByLatenessAndDueDates) {
  Activate();
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &out).ok());
  auto names = [&](v1::ListObligationsRequest r) {
    r.set_agency("agencies/SKHDT");
    std::vector<std::string> periods;
    v1::ListObligationsResponse page;
    grpc::Status s = h_.stub().ListObligations(Coordinator().get(), r, &page);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const auto& o : page.obligations()) periods.push_back(o.period());
    std::sort(periods.begin(), periods.end());
    return periods;
  };
  v1::ListObligationsRequest late;
  late.set_late(true);
  // On 15 August 2025 the 2023 and 2024 registrations are late; 2025 and the
  // investors' duty (due 31 December) are not.
  EXPECT_THAT(names(late), ElementsAre("2023", "2024"));
  v1::Obligation o;
  ASSERT_TRUE(Move("submit",
                   std::string(kProgramme) +
                       "/duties/iv-9-registration/obligations/2023-skhdt",
                   Officer("SKHDT"), &o)
                  .ok());
  EXPECT_THAT(names(late),
              ElementsAre("2024"));  // submitted: no longer awaited
  v1::ListObligationsRequest window;
  *window.mutable_due_after() = ToDate(absl::CivilDay(2024, 1, 1));
  *window.mutable_due_before() = ToDate(absl::CivilDay(2025, 9, 30));
  EXPECT_THAT(names(window), ElementsAre("2024", "2025"));
  v1::ListObligationsRequest bad;
  bad.mutable_due_before()->set_year(2025);
  bad.mutable_due_before()->set_month(2);
  bad.mutable_due_before()->set_day(30);
  bad.set_agency("agencies/SKHDT");
  v1::ListObligationsResponse page;
  grpc::Status status =
      h_.stub().ListObligations(Coordinator().get(), bad, &page);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("due_before"));
}

TEST_F(TasksApiTest, ActivationTracksFromTodayByDefault) {
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  // A day after today is refused: tracking cannot start in the future.
  v1::ActivateProgrammeRequest future;
  future.set_name(kProgramme);
  future.set_request_id("activate-future");
  *future.mutable_track_from() = ToDate(absl::CivilDay(2025, 8, 16));
  v1::Programme programme;
  grpc::Status status = h_.stub().ActivateProgramme(
      Context(5, TestToken("approver", "agencies/UBND")).get(), future,
      &programme);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("track_from"));

  // Adopted on 15 August 2025: the 2025 registration, not 2023 and 2024.
  Activate(std::nullopt);
  for (const char* code : {"SKHDT", "SCT", "UBND-TBI", "UBND-BCA"}) {
    std::set<std::string> periods;
    for (const auto& o : ObligationsOf(code)) periods.insert(o.period());
    EXPECT_EQ(periods, (std::set<std::string>{"2025"})) << code;
  }
  v1::GetProgrammeRequest get;
  get.set_name(kProgramme);
  ASSERT_TRUE(
      h_.stub().GetProgramme(Coordinator().get(), get, &programme).ok());
  EXPECT_EQ(*ToCivilDay(programme.track_from()), absl::CivilDay(2025, 8, 15));
}

TEST_F(TasksApiTest, AProgrammeListsWhatIsLateAcrossAgencies) {
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &out).ok());
  Activate();
  v1::Obligation o;
  ASSERT_TRUE(Move("submit",
                   std::string(kProgramme) +
                       "/duties/iv-9-registration/obligations/2023-sct",
                   Officer("SCT"), &o)
                  .ok());
  // Everything late in the programme, most overdue first, two to a page:
  // the 2023 and 2024 registrations of the four members, less the one SCT
  // submitted.
  v1::ListObligationsRequest r;
  r.set_programme(kProgramme);
  r.set_late(true);
  r.set_page_size(2);
  std::vector<std::string> names;
  std::string last_due;
  do {
    v1::ListObligationsResponse page;
    grpc::Status s = h_.stub().ListObligations(Coordinator().get(), r, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_LE(page.obligations_size(), 2);
    for (const auto& listed : page.obligations()) {
      EXPECT_TRUE(listed.late()) << listed.name();
      const std::string due = FormatDay(*ToCivilDay(listed.due_date()));
      EXPECT_LE(last_due, due);
      last_due = due;
      names.push_back(listed.name().substr(listed.name().rfind('/') + 1));
    }
    r.set_page_token(page.next_page_token());
  } while (!r.page_token().empty());
  EXPECT_THAT(names, ElementsAre("2023-skhdt", "2023-ubnd-bca", "2023-ubnd-tbi",
                                 "2024-sct", "2024-skhdt", "2024-ubnd-bca",
                                 "2024-ubnd-tbi"));
  // What waits for DOFA: the programme's submitted obligations, from their
  // index; accepted, it moves to the accepted list.
  auto in_state = [&](v1::Obligation::State state) {
    v1::ListObligationsRequest by_state;
    by_state.set_programme(kProgramme);
    by_state.set_state(state);
    by_state.set_page_size(3);
    std::vector<std::string> listed;
    do {
      v1::ListObligationsResponse page;
      grpc::Status s =
          h_.stub().ListObligations(Coordinator().get(), by_state, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& o : page.obligations()) {
        EXPECT_EQ(o.state(), state) << o.name();
        listed.push_back(o.name().substr(o.name().rfind('/') + 1));
      }
      by_state.set_page_token(page.next_page_token());
    } while (!by_state.page_token().empty());
    return listed;
  };
  EXPECT_THAT(in_state(v1::Obligation::SUBMITTED), ElementsAre("2023-sct"));
  EXPECT_EQ(in_state(v1::Obligation::OPEN).size(), 7u + 4u + 3u)
      << "every open one: the late ones, 2025's four, the lead duty's three";
  ASSERT_TRUE(Move("accept",
                   std::string(kProgramme) +
                       "/duties/iv-9-registration/obligations/2023-sct",
                   Coordinator(), &o)
                  .ok());
  EXPECT_TRUE(in_state(v1::Obligation::SUBMITTED).empty());
  EXPECT_THAT(in_state(v1::Obligation::ACCEPTED), ElementsAre("2023-sct"));
  // A mistyped agency is not an empty list.
  v1::ListObligationsRequest typo;
  typo.set_agency("agencies/SNGVV");
  v1::ListObligationsResponse none;
  grpc::Status unknown =
      h_.stub().ListObligations(Coordinator().get(), typo, &none);
  EXPECT_EQ(unknown.error_code(), grpc::NOT_FOUND);
  EXPECT_THAT(unknown.error_message(), HasSubstr("agencies/SNGVV"));
  // A programme is listed alone; with a state, not by lateness.
  v1::ListObligationsRequest bad;
  bad.set_programme(kProgramme);
  bad.set_agency("agencies/SCT");
  bad.set_state(v1::Obligation::OPEN);
  bad.set_late(true);
  v1::ListObligationsResponse page;
  grpc::Status status =
      h_.stub().ListObligations(Coordinator().get(), bad, &page);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("programme", "late"));
}

}  // namespace
}  // namespace ngoaivu::tasks
