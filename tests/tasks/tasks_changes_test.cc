// The tasks service as the world around it changes: agencies merge or are
// dissolved in the registry (and the registry may be down), duties are
// changed or cancelled, and the programme report keeps count of it all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "common/dates.h"
#include "common/redis_pool.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/scheduler.h"
#include "tests/support/tasks_fixture.h"

namespace ngoaivu::tasks {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::kProgramme;
using ::ngoaivu::testing::LeadDuty;
using ::ngoaivu::testing::Registration;
using ::ngoaivu::testing::TestToken;
using ::ngoaivu::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace reg = ::ngoaivu::registry::v1;

class TasksChangesTest : public ::ngoaivu::testing::TasksFixture {
 protected:
  std::string Name(const std::string& duty, const std::string& id) {
    return std::string(kProgramme) + "/duties/" + duty + "/obligations/" + id;
  }
  v1::Obligation Get(const std::string& name) {
    v1::GetObligationRequest r;
    r.set_name(name);
    v1::Obligation o;
    grpc::Status s = h_.stub().GetObligation(Coordinator().get(), r, &o);
    EXPECT_TRUE(s.ok()) << name << ": " << s.error_message();
    return o;
  }
  int CountEvents(const std::string& verb) {
    int n = 0;
    for (const auto& e : h_.Events())
      n += e.type() == "ngoaivu.tasks.v1." + verb;
    return n;
  }
  void Merge(const std::string& code, const std::string& successor) {
    reg::MergeAgencyRequest r;
    r.set_name("agencies/" + code);
    r.set_successor("agencies/" + successor);
    r.set_reason("Quyết định sáp nhập");
    r.set_request_id("merge-" + code);
    reg::Agency out;
    grpc::Status s = h_.registry().stub().MergeAgency(Context().get(), r, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  void Dissolve(const std::string& code) {
    reg::DissolveAgencyRequest r;
    r.set_name("agencies/" + code);
    r.set_reason("Giải thể");
    r.set_request_id("dissolve-" + code);
    reg::Agency out;
    grpc::Status s =
        h_.registry().stub().DissolveAgency(Context().get(), r, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  grpc::Status Reassign(const std::string& name, const std::string& agency,
                        v1::Obligation* out,
                        std::unique_ptr<grpc::ClientContext> who = nullptr) {
    v1::ReassignObligationRequest r;
    r.set_name(name);
    r.set_agency(agency);
    r.set_reason("Giao lại");
    r.set_request_id("reassign-" + name.substr(name.rfind('/') + 1) +
                     agency.substr(9));
    return h_.stub().ReassignObligation(who ? who.get() : Coordinator().get(),
                                        r, out);
  }
  v1::ProgrammeReport Report(int late_limit = 0) {
    v1::GetProgrammeReportRequest r;
    r.set_name(kProgramme);
    r.set_late_limit(late_limit);
    v1::ProgrammeReport report;
    grpc::Status s = h_.stub().GetProgrammeReport(
        Context(5, TestToken("viewer", "agencies/UBND")).get(), r, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }
  void Report(const std::string& name, int percent) {
    v1::CreateProgressReportRequest r;
    r.set_parent(name);
    r.mutable_report()->set_text("Đang thực hiện");
    r.mutable_report()->set_percent_complete(percent);
    r.set_request_id("progress-" + name.substr(name.rfind("duties/") + 7) +
                     std::to_string(percent));
    for (char& c : *r.mutable_request_id())
      if (c == '/') c = ':';
    v1::ProgressReport out;
    grpc::Status s =
        h_.stub().CreateProgressReport(Coordinator().get(), r, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
};

TEST_F(TasksChangesTest, AMergedAgencysAwaitedObligationsMoveToItsSuccessor) {
  ::ngoaivu::testing::SeedAgencies(h_.registry(), {"SCTM"});
  Activate();
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &duty).ok());
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &duty).ok());
  // SCT: its coordinating input under way, 2023's registration submitted,
  // 2024's and 2025's not.
  Report(Name("iv-1-investors", "sct"), 40);
  v1::Obligation out;
  ASSERT_TRUE(
      Move("submit", Name("iv-9-registration", "2023-sct"), Coordinator(), &out)
          .ok());
  const v1::Obligation before = Get(Name("iv-1-investors", "sct"));

  Merge("SCT", "SCTM");
  EXPECT_GT(h_.FollowRegistry(), 0);

  const v1::Obligation moved = Get(Name("iv-1-investors", "sctm"));
  EXPECT_EQ(moved.agency(), "agencies/SCTM");
  EXPECT_EQ(moved.reassigned_from(), before.name());
  EXPECT_EQ(moved.state(), v1::Obligation::IN_PROGRESS);
  EXPECT_EQ(moved.percent_complete(), 40);
  EXPECT_EQ(moved.role(), v1::Obligation::COORDINATING);
  EXPECT_EQ(ToCivilDay(moved.due_date()), ToCivilDay(before.due_date()));
  const v1::Obligation old = Get(before.name());
  EXPECT_EQ(old.state(), v1::Obligation::CANCELLED);
  EXPECT_THAT(old.state_reason(), HasSubstr("moved to " + moved.name()));
  // What was submitted stays with who submitted it.
  EXPECT_EQ(Get(Name("iv-9-registration", "2023-sct")).state(),
            v1::Obligation::SUBMITTED);
  std::set<std::string> now_sctm;
  for (const auto& o : ObligationsOf("SCTM")) now_sctm.insert(o.name());
  EXPECT_EQ(now_sctm,
            (std::set<std::string>{Name("iv-1-investors", "sctm"),
                                   Name("iv-9-registration", "2024-sctm"),
                                   Name("iv-9-registration", "2025-sctm")}));
  EXPECT_EQ(CountEvents("obligation.reassigned"), 3);
  EXPECT_EQ(CountEvents("obligation.cancelled"), 3);
  // The duty itself now names the successor.
  v1::GetDutyRequest get_duty;
  get_duty.set_name(std::string(kProgramme) + "/duties/iv-1-investors");
  v1::Duty renamed;
  ASSERT_TRUE(h_.stub().GetDuty(Coordinator().get(), get_duty, &renamed).ok());
  EXPECT_THAT(renamed.coordinating_agencies(),
              ElementsAre("agencies/SNGV", "agencies/SCTM"));
  EXPECT_EQ(CountEvents("duty.updated"), 1);
  // The new obligation's history starts with the move.
  events::v1::ListHistoryRequest history;
  history.set_name(moved.name());
  events::v1::ListHistoryResponse page;
  ASSERT_TRUE(h_.stub().ListHistory(Coordinator().get(), history, &page).ok());
  ASSERT_EQ(page.events_size(), 1);
  EXPECT_EQ(page.events(0).type(), "ngoaivu.tasks.v1.obligation.reassigned");
  EXPECT_EQ(page.events(0).actor().subject(), "tasks-service");

  // The merge event delivered again changes nothing.
  events::v1::Event merge_event;
  for (const auto& e : h_.registry().Events()) {
    if (e.type() == "ngoaivu.registry.v1.agency.merged") merge_event = e;
  }
  const size_t events_before = h_.Events().size();
  const std::string digest = h_.Digest();
  ASSERT_TRUE(h_.follower().Handle({"0-1", merge_event}).ok());
  EXPECT_EQ(h_.Events().size(), events_before);
  EXPECT_EQ(h_.Digest(), digest);

  // A successor that already carries the same duty and period: the merged
  // agency's obligation is cancelled, nothing is created.
  const size_t skhdt_before = ObligationsOf("SKHDT").size();
  Merge("UBND-TBI", "SKHDT");
  h_.FollowRegistry();
  EXPECT_EQ(ObligationsOf("SKHDT").size(), skhdt_before);
  const v1::Obligation tbi = Get(Name("iv-9-registration", "2025-ubnd-tbi"));
  EXPECT_EQ(tbi.state(), v1::Obligation::CANCELLED);
  EXPECT_THAT(tbi.state_reason(), HasSubstr("already carries"));
}

TEST_F(TasksChangesTest, ADissolvedAgencysObligationsWaitForTheCoordinator) {
  Activate();
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &duty).ok());
  Dissolve("UBND-BCA");
  h_.FollowRegistry();
  for (const char* period : {"2023", "2024", "2025"}) {
    const v1::Obligation o =
        Get(Name("iv-9-registration", std::string(period) + "-ubnd-bca"));
    EXPECT_TRUE(o.needs_reassignment()) << period;
    EXPECT_EQ(o.state(), v1::Obligation::OPEN);
  }
  EXPECT_EQ(CountEvents("obligation.flagged"), 3);
  EXPECT_EQ(Report().total().needs_reassignment(), 3);

  // The coordinator gives 2025's to DOFA itself.
  v1::Obligation moved;
  grpc::Status s = Reassign(Name("iv-9-registration", "2025-ubnd-bca"),
                            "agencies/SNGV", &moved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(moved.name(), Name("iv-9-registration", "2025-sngv"));
  EXPECT_FALSE(moved.needs_reassignment());
  EXPECT_EQ(moved.state(), v1::Obligation::OPEN);
  EXPECT_EQ(Get(Name("iv-9-registration", "2025-ubnd-bca")).state(),
            v1::Obligation::CANCELLED);
  EXPECT_EQ(Report().total().needs_reassignment(), 2);

  // Refused, each leaving everything as it was.
  const std::string digest = h_.Digest();
  v1::Obligation out;
  s = Reassign(Name("iv-9-registration", "2024-ubnd-bca"), "agencies/SKHDT",
               &out);
  EXPECT_EQ(s.error_code(), grpc::ALREADY_EXISTS) << s.error_message();
  s = Reassign(Name("iv-9-registration", "2024-ubnd-bca"), "agencies/NOPE",
               &out);
  EXPECT_EQ(s.error_code(), grpc::NOT_FOUND) << s.error_message();
  s = Reassign(Name("iv-9-registration", "2024-ubnd-bca"), "agencies/UBND-BCA",
               &out);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("agency"));
  s = Reassign(Name("iv-9-registration", "2025-ubnd-bca"), "agencies/SCT",
               &out);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);  // already moved
  s = Reassign(Name("iv-9-registration", "2024-ubnd-bca"), "agencies/SCT", &out,
               Officer("SCT"));
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(h_.Digest(), digest);
}

TEST_F(TasksChangesTest, LaterPeriodsOpenForWhoCarriesTheDutyNow) {
  v1::Duty yearly;
  yearly.set_section("IV.1");
  yearly.set_title("Báo cáo tình hình hợp tác quốc tế hằng năm");
  yearly.set_lead_agency("agencies/SCT");
  yearly.add_coordinating_agencies("agencies/UBND-TBI");
  yearly.mutable_schedule()->mutable_yearly()->set_month(12);
  yearly.mutable_schedule()->mutable_yearly()->set_day(15);
  yearly.mutable_schedule()->mutable_yearly()->set_first_year(2025);
  yearly.set_lead_time_days(30);
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("iv-1-yearly", yearly, &duty).ok());
  Activate();
  EXPECT_TRUE(ObligationsOf("SCT").empty());  // 2025 opens on 15 November
  Merge("SCT", "SKHDT");
  Dissolve("UBND-TBI");
  h_.FollowRegistry();

  h_.clock().Advance(absl::Hours(24 * 97));  // 20 November 2025
  Scheduler scheduler(&h_.store(), &h_.directory(), &h_.clock(),
                      LadderSettings());
  auto pass = scheduler.RunOnce(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(pass.ok()) << pass.status();
  EXPECT_EQ(pass->opened, 2);
  const v1::Obligation lead = Get(Name("iv-1-yearly", "2025-skhdt"));
  EXPECT_EQ(lead.role(), v1::Obligation::LEAD);
  EXPECT_FALSE(lead.needs_reassignment());
  EXPECT_TRUE(Get(Name("iv-1-yearly", "2025-ubnd-tbi")).needs_reassignment());
  EXPECT_TRUE(ObligationsOf("SCT").empty());
}

TEST_F(TasksChangesTest, AMergeDoesNotAskAgainForWorkDone) {
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &out).ok());
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  Activate();
  // SCT hands in its share of the once-only duty and its 2025
  // registration; then it is merged into UBND-TBI.
  v1::Obligation o;
  ASSERT_TRUE(
      Move("submit", Name("iv-1-investors", "sct"), Officer("SCT"), &o).ok());
  ASSERT_TRUE(
      Move("submit", Name("iv-9-registration", "2025-sct"), Officer("SCT"), &o)
          .ok());
  Merge("SCT", "UBND-TBI");
  h_.FollowRegistry();
  // The duty now names the successor; scheduler passes, now and later.
  EXPECT_EQ(Get(Name("iv-1-investors", "sct")).state(),
            v1::Obligation::SUBMITTED);
  Scheduler scheduler(&h_.store(), &h_.directory(), &h_.clock(),
                      LadderSettings());
  for (int day = 0; day < 3; ++day) {
    auto pass = scheduler.RunOnce(absl::Now() + absl::Seconds(10));
    ASSERT_TRUE(pass.ok()) << pass.status();
    EXPECT_EQ(pass->opened, 0) << "day " << day;
    h_.clock().Advance(absl::Hours(24));
  }
  // UBND-TBI carries what it had (its own registrations), and is not asked
  // for SCT's answered share of the investors' duty.
  for (const auto& carried : ObligationsOf("UBND-TBI")) {
    EXPECT_FALSE(absl::StrContains(carried.name(), "iv-1-investors"))
        << carried.name();
  }
  // SCT's submission still counts, as submitted, in the report.
  v1::GetComplianceMatrixRequest matrix;
  matrix.set_duty(std::string(kProgramme) + "/duties/iv-1-investors");
  v1::ComplianceMatrix m;
  ASSERT_TRUE(
      h_.stub().GetComplianceMatrix(Coordinator().get(), matrix, &m).ok());
  int submitted_by_sct = 0;
  for (const auto& row : m.rows()) {
    submitted_by_sct += row.agency() == "agencies/SCT";
  }
  EXPECT_EQ(submitted_by_sct, 1);
}

TEST_F(TasksChangesTest, GroupMembersJoiningOrLeavingMidPeriod) {
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  Activate(std::nullopt);  // 15 August 2025: the 2025 registration is open
  ::ngoaivu::testing::SeedAgencies(h_.registry(), {"UBND-GDA", "UBND-DMC"});
  auto change_members = [&](bool add, const std::string& code) {
    reg::AgencyGroup group;
    grpc::Status s;
    if (add) {
      reg::AddAgencyGroupMembersRequest r;
      r.set_group("groups/registrants");
      r.add_agencies("agencies/" + code);
      r.set_request_id("add-" + code);
      s = h_.registry().stub().AddAgencyGroupMembers(Context().get(), r,
                                                     &group);
    } else {
      reg::RemoveAgencyGroupMembersRequest r;
      r.set_group("groups/registrants");
      r.add_agencies("agencies/" + code);
      r.set_request_id("remove-" + code);
      s = h_.registry().stub().RemoveAgencyGroupMembers(Context().get(), r,
                                                        &group);
    }
    ASSERT_TRUE(s.ok()) << s.error_message();
    h_.FollowRegistry();
  };
  Scheduler scheduler(&h_.store(), &h_.directory(), &h_.clock(),
                      LadderSettings());
  auto pass = [&] {
    auto done = scheduler.RunOnce(absl::Now() + absl::Seconds(10));
    EXPECT_TRUE(done.ok()) << done.status();
  };
  // UBND-GDA joins on 20 September, ten days before the 2025 registration
  // falls due: it owes it, with the 60 days everyone had.
  h_.clock().Advance(absl::Hours(24 * 36));
  change_members(true, "UBND-GDA");
  pass();
  const v1::Obligation joiner = Get(Name("iv-9-registration", "2025-ubnd-gda"));
  EXPECT_EQ(*ToCivilDay(joiner.open_date()), absl::CivilDay(2025, 9, 20));
  EXPECT_EQ(*ToCivilDay(joiner.due_date()), absl::CivilDay(2025, 11, 19));
  // UBND-DMC joins on 5 October, after the due date: not this year's.
  h_.clock().Advance(absl::Hours(24 * 15));
  change_members(true, "UBND-DMC");
  pass();
  EXPECT_TRUE(ObligationsOf("UBND-DMC").empty());
  // SCT leaves with its 2025 registration open: flagged for the
  // coordinator; SKHDT, which submitted, leaves with its submission kept.
  v1::Obligation o;
  ASSERT_TRUE(Move("submit", Name("iv-9-registration", "2025-skhdt"),
                   Officer("SKHDT"), &o)
                  .ok());
  change_members(false, "SCT");
  change_members(false, "SKHDT");
  const v1::Obligation leaver = Get(Name("iv-9-registration", "2025-sct"));
  EXPECT_TRUE(leaver.needs_reassignment());
  EXPECT_EQ(leaver.state(), v1::Obligation::OPEN);
  const v1::Obligation kept = Get(Name("iv-9-registration", "2025-skhdt"));
  EXPECT_FALSE(kept.needs_reassignment());
  EXPECT_EQ(kept.state(), v1::Obligation::SUBMITTED);
  EXPECT_EQ(CountEvents("obligation.flagged"), 1);
  // Delivered again, the removal flags nothing twice.
  for (const auto& event : h_.registry().Events()) {
    if (event.type() == "ngoaivu.registry.v1.group.members_removed") {
      ASSERT_TRUE(h_.follower().Handle({"0-1", event}).ok());
    }
  }
  EXPECT_EQ(CountEvents("obligation.flagged"), 1);
  EXPECT_TRUE(Get(Name("iv-9-registration", "2025-sct")).needs_reassignment());
}

TEST_F(TasksChangesTest, OfficersSeeTheDutiesTheirAgencyTakesPartIn) {
  Activate();
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &duty).ok());
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &duty).ok());
  auto visible = [&](const std::string& officer_of) {
    v1::ListDutiesRequest r;
    r.set_parent(kProgramme);
    r.set_page_size(1);  // pages may come short; the tokens still lead on
    std::vector<std::string> ids;
    do {
      v1::ListDutiesResponse page;
      grpc::Status s =
          h_.stub().ListDuties(Officer(officer_of).get(), r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& d : page.duties())
        ids.push_back(d.name().substr(d.name().rfind('/') + 1));
      r.set_page_token(page.next_page_token());
    } while (!r.page_token().empty());
    return ids;
  };
  EXPECT_THAT(visible("UBND-BCA"), ElementsAre("iv-9-registration"));
  v1::GetDutyRequest get;
  get.set_name(std::string(kProgramme) + "/duties/iv-1-investors");
  grpc::Status s = h_.stub().GetDuty(Officer("UBND-BCA").get(), get, &duty);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  // A duty that does not exist gets the same answer: nothing is revealed.
  get.set_name(std::string(kProgramme) + "/duties/none");
  s = h_.stub().GetDuty(Officer("UBND-BCA").get(), get, &duty);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  get.set_name(std::string(kProgramme) + "/duties/iv-1-investors");
  EXPECT_TRUE(h_.stub().GetDuty(Officer("SCT").get(), get, &duty).ok());
  EXPECT_TRUE(
      h_.stub()
          .GetDuty(Context(5, TestToken("viewer", "agencies/UBND")).get(), get,
                   &duty)
          .ok());
  // The successor of a merged member carries its obligations, so it takes
  // part in the duty without being in the group.
  EXPECT_TRUE(visible("UBND").empty());
  Merge("UBND-BCA", "UBND");
  h_.FollowRegistry();
  get.set_name(std::string(kProgramme) + "/duties/iv-9-registration");
  EXPECT_TRUE(h_.stub().GetDuty(Officer("UBND").get(), get, &duty).ok());
}

TEST_F(TasksChangesTest, AssignmentKeepsWorkingWhileTheRegistryIsDown) {
  EXPECT_GT(h_.FollowRegistry(), 0);
  h_.registry().StopServing();
  v1::Duty duty;
  grpc::Status s = AddDuty("iv-9-registration", Registration(), &duty);
  ASSERT_TRUE(s.ok()) << s.error_message();
  Activate();
  EXPECT_EQ(ObligationsOf("UBND-BCA").size(), 3u);  // 2023, 2024, 2025
  v1::Duty lead = LeadDuty();
  s = AddDuty("iv-1-investors", lead, &duty);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // An agency the read model has never heard of is asked of the registry,
  // which is down.
  lead.set_lead_agency("agencies/NEW");
  s = AddDuty("iv-1-other", lead, &duty);
  EXPECT_EQ(s.error_code(), grpc::UNAVAILABLE) << s.error_message();
}

TEST_F(TasksChangesTest, TheReadModelIsSeededForWhatTheStreamNoLongerHolds) {
  // The registry's stream was trimmed before this service first read it.
  auto trimmed = h_.registry().redis().Command(
      {"XTRIM", "{registry}:events", "MAXLEN", "0"},
      absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(trimmed.ok());
  EXPECT_EQ(h_.FollowRegistry(), 0);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  auto seeded = h_.agencies().SeedOnce(h_.registry_directory(), deadline);
  ASSERT_TRUE(seeded.ok()) << seeded.status();
  EXPECT_EQ(*seeded, 6 + 1);  // the fixture's agencies and group
  // Once only.
  seeded = h_.agencies().SeedOnce(h_.registry_directory(), deadline);
  ASSERT_TRUE(seeded.ok());
  EXPECT_EQ(*seeded, 0);
  // Events after it win over it.
  Merge("UBND-TBI", "SKHDT");
  h_.FollowRegistry();
  h_.registry().StopServing();
  EXPECT_TRUE(h_.directory().CheckActive("agencies/SCT", deadline).ok());
  EXPECT_EQ(h_.directory().CheckActive("agencies/UBND-TBI", deadline).code(),
            absl::StatusCode::kFailedPrecondition);
  auto members = h_.directory().ActiveMembers("groups/registrants", deadline);
  ASSERT_TRUE(members.ok()) << members.status();
  EXPECT_THAT(*members, ElementsAre("agencies/SCT", "agencies/SKHDT",
                                    "agencies/UBND-BCA"));
}

TEST_F(TasksChangesTest, TheReadModelKeepsTheLatestStateWhateverTheOrder) {
  auto entry = [](const std::string& stream_id, const std::string& type,
                  const google::protobuf::Message& payload) {
    StreamEvent e;
    e.stream_id = stream_id;
    e.event.set_id("e-" + stream_id);
    e.event.set_type("ngoaivu.registry.v1." + type);
    e.event.mutable_data()->PackFrom(payload);
    return e;
  };
  reg::AgencyUpdated later;
  later.mutable_agency()->set_name("agencies/SX");
  later.mutable_agency()->set_display_name("Sở X (mới)");
  later.mutable_agency()->set_state(reg::Agency::ACTIVE);
  reg::AgencyCreated earlier;
  earlier.mutable_agency()->set_name("agencies/SX");
  earlier.mutable_agency()->set_display_name("Sở X");
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  // Another replica handled the later entry first.
  ASSERT_TRUE(
      h_.agencies()
          .Apply(entry("1700000000005-0", "agency.updated", later), deadline)
          .ok());
  ASSERT_TRUE(
      h_.agencies()
          .Apply(entry("1700000000001-3", "agency.created", earlier), deadline)
          .ok());
  auto found = h_.agencies().FindAgency("agencies/SX", deadline);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->display_name(), "Sở X (mới)");
  EXPECT_TRUE(h_.directory().CheckActive("agencies/SX", deadline).ok());
}

TEST_F(TasksChangesTest, DutiesAreUpdatedAndCancelledWithTheirObligations) {
  Activate();
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &duty).ok());
  v1::Obligation out;
  ASSERT_TRUE(
      Move("submit", Name("iv-1-investors", "sngv"), Coordinator(), &out).ok());
  ASSERT_TRUE(
      Move("accept", Name("iv-1-investors", "sngv"), Coordinator(), &out).ok());

  v1::UpdateDutyRequest update;
  update.mutable_duty()->set_name(duty.name());
  update.mutable_duty()->set_title("Thẩm định dự án (sửa)");
  update.mutable_duty()->set_lead_time_days(90);
  update.mutable_update_mask()->add_paths("title");
  update.set_etag(duty.etag());
  update.set_request_id("update-duty");
  v1::Duty updated;
  grpc::Status s = h_.stub().UpdateDuty(Coordinator().get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.title(), "Thẩm định dự án (sửa)");
  EXPECT_EQ(updated.lead_time_days(), 200);  // not in the mask
  EXPECT_EQ(CountEvents("duty.updated"), 1);

  // Bad updates change nothing.
  const std::string digest = h_.Digest();
  v1::UpdateDutyRequest bad = update;
  bad.set_request_id("update-duty-bad");
  bad.mutable_update_mask()->add_paths("lead_agency");
  s = h_.stub().UpdateDuty(Coordinator().get(), bad, &updated);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("update_mask"));
  bad = update;
  bad.set_request_id("update-duty-stale");  // etag of before the update
  s = h_.stub().UpdateDuty(Coordinator().get(), bad, &updated);
  EXPECT_EQ(s.error_code(), grpc::ABORTED);
  v1::TransitionObligationRequest no_reason;
  no_reason.set_name(Name("iv-1-investors", "skhdt"));
  no_reason.set_request_id("cancel-without-reason");
  s = h_.stub().CancelObligation(Coordinator().get(), no_reason, &out);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("reason"));
  EXPECT_EQ(h_.Digest(), digest);

  v1::CancelDutyRequest cancel;
  cancel.set_name(duty.name());
  cancel.set_reason("Dự án dừng");
  cancel.set_request_id("cancel-duty");
  v1::Duty cancelled;
  s = h_.stub().CancelDuty(Coordinator().get(), cancel, &cancelled);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(cancelled.state(), v1::Duty::CANCELLED);
  EXPECT_EQ(Get(Name("iv-1-investors", "skhdt")).state(),
            v1::Obligation::CANCELLED);
  EXPECT_EQ(Get(Name("iv-1-investors", "sct")).state(),
            v1::Obligation::CANCELLED);
  // What was accepted stays accepted.
  EXPECT_EQ(Get(Name("iv-1-investors", "sngv")).state(),
            v1::Obligation::ACCEPTED);
  EXPECT_EQ(CountEvents("obligation.cancelled"), 2);
  cancel.set_request_id("cancel-duty-again");
  s = h_.stub().CancelDuty(Coordinator().get(), cancel, &cancelled);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  update.set_etag("");
  update.set_request_id("update-cancelled");
  s = h_.stub().UpdateDuty(Coordinator().get(), update, &updated);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
}

TEST_F(TasksChangesTest, ProgrammesAreCorrectedAndReportsReadOneByOne) {
  Activate();
  v1::GetProgrammeRequest get;
  get.set_name(kProgramme);
  v1::Programme before;
  ASSERT_TRUE(h_.stub().GetProgramme(Coordinator().get(), get, &before).ok());
  v1::UpdateProgrammeRequest update;
  update.mutable_programme()->set_name(kProgramme);
  update.mutable_programme()->set_title("Chương trình hành động (đính chính)");
  update.mutable_programme()->add_sections()->set_number("I");
  update.mutable_update_mask()->add_paths("title");
  update.set_etag(before.etag());
  update.set_request_id("correct-title");
  v1::Programme after;
  grpc::Status s =
      h_.stub().UpdateProgramme(Coordinator().get(), update, &after);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(after.title(), "Chương trình hành động (đính chính)");
  EXPECT_EQ(after.sections_size(), before.sections_size());  // not masked
  EXPECT_EQ(after.state(), v1::Programme::ACTIVE);
  EXPECT_EQ(CountEvents("programme.updated"), 1);
  const std::string digest = h_.Digest();
  v1::UpdateProgrammeRequest bad = update;
  bad.set_request_id("correct-state");
  bad.mutable_update_mask()->add_paths("state");
  s = h_.stub().UpdateProgramme(Coordinator().get(), bad, &after);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("update_mask"));
  bad = update;
  bad.set_request_id("correct-stale");
  s = h_.stub().UpdateProgramme(Coordinator().get(), bad, &after);
  EXPECT_EQ(s.error_code(), grpc::ABORTED);
  EXPECT_EQ(h_.Digest(), digest);

  v1::Duty duty;
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &duty).ok());
  v1::CreateProgressReportRequest file;
  file.set_parent(Name("iv-1-investors", "skhdt"));
  file.mutable_report()->set_text("Đã thẩm định 3 dự án");
  file.mutable_report()->set_percent_complete(30);
  file.mutable_report()->add_document_links("https://vbdh.tayninh.gov.vn/1");
  file.set_request_id("file-one");
  v1::ProgressReport filed;
  ASSERT_TRUE(h_.stub()
                  .CreateProgressReport(Officer("SKHDT").get(), file, &filed)
                  .ok());
  v1::GetProgressReportRequest one;
  one.set_name(filed.name());
  v1::ProgressReport read;
  s = h_.stub().GetProgressReport(Officer("SKHDT").get(), one, &read);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(read.text(), "Đã thẩm định 3 dự án");
  EXPECT_EQ(read.filed_by_agency(), "agencies/SKHDT");
  s = h_.stub().GetProgressReport(Officer("SCT").get(), one, &read);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  one.set_name(Name("iv-1-investors", "skhdt") + "/reports/rnone");
  s = h_.stub().GetProgressReport(Coordinator().get(), one, &read);
  EXPECT_EQ(s.error_code(), grpc::NOT_FOUND);
  one.set_name(Name("iv-1-investors", "skhdt"));
  s = h_.stub().GetProgressReport(Coordinator().get(), one, &read);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
}

// What the report should say, worked out from the obligations themselves.
struct Expected {
  int total = 0, by_state[8] = {}, overdue = 0, late = 0, counted = 0;
  int64_t percent = 0;
  void Add(const v1::Obligation& o) {
    ++total;
    ++by_state[o.state()];
    if (o.late() && AwaitsAgency(o.state())) ++overdue;
    if (o.late() && (o.state() == v1::Obligation::SUBMITTED ||
                     o.state() == v1::Obligation::ACCEPTED)) {
      ++late;
    }
    if (o.state() != v1::Obligation::WAIVED &&
        o.state() != v1::Obligation::CANCELLED) {
      ++counted;
      percent +=
          o.state() == v1::Obligation::ACCEPTED ? 100 : o.percent_complete();
    }
  }
};

void ExpectRow(const v1::ReportRow& row, const Expected& e) {
  SCOPED_TRACE(row.key());
  EXPECT_EQ(row.total(), e.total);
  EXPECT_EQ(row.open(), e.by_state[v1::Obligation::OPEN]);
  EXPECT_EQ(row.in_progress(), e.by_state[v1::Obligation::IN_PROGRESS]);
  EXPECT_EQ(row.submitted(), e.by_state[v1::Obligation::SUBMITTED]);
  EXPECT_EQ(row.accepted(), e.by_state[v1::Obligation::ACCEPTED]);
  EXPECT_EQ(row.waived(), e.by_state[v1::Obligation::WAIVED]);
  EXPECT_EQ(row.cancelled(), e.by_state[v1::Obligation::CANCELLED]);
  EXPECT_EQ(row.overdue(), e.overdue);
  EXPECT_EQ(row.submitted_late(), e.late);
  EXPECT_NEAR(row.percent_complete(),
              e.counted == 0 ? 0.0 : 1.0 * e.percent / e.counted, 0.051);
}

TEST_F(TasksChangesTest, TheProgrammeReportAgreesWithTheObligations) {
  Activate();
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("iv-1-investors", LeadDuty(), &duty).ok());
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &duty).ok());
  v1::Duty liaison;
  liaison.set_section("III.2");
  liaison.set_title("Giao lưu hữu nghị với các tỉnh giáp biên");
  liaison.set_lead_agency("agencies/SNGV");
  liaison.add_coordinating_agencies("agencies/UBND-TBI");
  liaison.mutable_schedule()->mutable_continuing();
  ASSERT_TRUE(AddDuty("iii-2-border", liaison, &duty).ok());
  // A mix of every state, on time and late.
  v1::Obligation out;
  const std::string reg = "iv-9-registration";
  ASSERT_TRUE(Move("submit", Name(reg, "2023-sct"), Coordinator(), &out).ok());
  ASSERT_TRUE(
      Move("submit", Name(reg, "2025-skhdt"), Coordinator(), &out).ok());
  ASSERT_TRUE(
      Move("accept", Name(reg, "2025-skhdt"), Coordinator(), &out).ok());
  ASSERT_TRUE(
      Move("submit", Name(reg, "2024-skhdt"), Coordinator(), &out).ok());
  ASSERT_TRUE(
      Move("accept", Name(reg, "2024-skhdt"), Coordinator(), &out).ok());
  ASSERT_TRUE(
      Move("waive", Name(reg, "2024-ubnd-tbi"), Coordinator(), &out, "Miễn")
          .ok());
  ASSERT_TRUE(
      Move("cancel", Name(reg, "2024-sct"), Coordinator(), &out, "Trùng").ok());
  Report(Name(reg, "2025-ubnd-bca"), 50);
  Report(Name("iv-1-investors", "skhdt"), 30);
  Report(Name("iv-1-investors", "skhdt"), 70);
  Report(Name("iii-2-border", "sngv"), 20);
  h_.clock().Advance(absl::Hours(24 * 40));  // 24 September 2025

  // Every obligation, read one by one through the public API.
  std::map<std::string, v1::Obligation> all;
  for (const char* code :
       {"UBND", "SNGV", "SKHDT", "SCT", "UBND-TBI", "UBND-BCA"}) {
    for (const auto& o : ObligationsOf(code)) all[o.name()] = o;
  }
  Expected total;
  std::map<std::string, Expected> sections, agencies;
  std::vector<v1::Obligation> overdue;
  for (const auto& [name, o] : all) {
    total.Add(o);
    agencies[o.agency()].Add(o);
    sections[o.section()].Add(o);
    sections[o.section().substr(0, o.section().find('.'))].Add(o);
    if (o.late() && AwaitsAgency(o.state())) overdue.push_back(o);
  }
  ASSERT_GT(total.overdue, 3);
  ASSERT_GT(total.late, 0);

  const v1::ProgrammeReport report = Report(3);
  EXPECT_EQ(*ToCivilDay(report.as_of()), absl::CivilDay(2025, 9, 24));
  ExpectRow(report.total(), total);
  std::vector<std::string> section_keys;
  for (const auto& row : report.sections()) {
    section_keys.push_back(row.key());
    ExpectRow(row, sections[row.key()]);
  }
  EXPECT_THAT(section_keys, ElementsAre("III", "III.2", "IV", "IV.1", "IV.9"));
  EXPECT_EQ(report.sections(2).title(), "Tổ chức thực hiện");
  ASSERT_EQ(report.agencies_size(), static_cast<int>(agencies.size()));
  for (const auto& row : report.agencies()) ExpectRow(row, agencies[row.key()]);
  // The three most overdue, worst first.
  std::sort(overdue.begin(), overdue.end(), [](const auto& a, const auto& b) {
    return a.days_late() > b.days_late();
  });
  ASSERT_EQ(report.late_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(report.late(i).days_late(), overdue[i].days_late()) << i;
    EXPECT_TRUE(report.late(i).late());
  }

  // Bad requests.
  v1::GetProgrammeReportRequest r;
  r.set_name(kProgramme);
  r.set_late_limit(-1);
  v1::ProgrammeReport bad;
  grpc::Status s = h_.stub().GetProgrammeReport(Coordinator().get(), r, &bad);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("late_limit"));
  r.set_late_limit(0);
  r.set_name("programmes/none");
  s = h_.stub().GetProgrammeReport(Coordinator().get(), r, &bad);
  EXPECT_EQ(s.error_code(), grpc::NOT_FOUND);
  s = h_.stub().GetProgrammeReport(Officer("SCT").get(), r, &bad);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
}

TEST_F(TasksChangesTest, CountersStayTrueUnderConcurrentChanges) {
  Activate();
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &duty).ok());
  // Eight writers race on the same four obligations: reports (no etag, so
  // a lost race is recomputed on the newer record) and submissions.
  const std::vector<std::string> targets = {
      Name("iv-9-registration", "2025-sct"),
      Name("iv-9-registration", "2025-skhdt"),
      Name("iv-9-registration", "2025-ubnd-tbi"),
      Name("iv-9-registration", "2025-ubnd-bca")};
  std::atomic<int> filed{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 12; ++i) {
        const std::string& target = targets[(t + i) % targets.size()];
        v1::CreateProgressReportRequest r;
        r.set_parent(target);
        r.mutable_report()->set_text("Cập nhật");
        r.mutable_report()->set_percent_complete((t * 13 + i * 7) % 100);
        r.set_request_id("race-" + std::to_string(t) + "-" + std::to_string(i));
        v1::ProgressReport out;
        // Refused once its obligation is submitted; otherwise it lands.
        if (h_.stub().CreateProgressReport(Coordinator().get(), r, &out).ok())
          ++filed;
        if (i == 10 && t % 4 == 0) {
          v1::TransitionObligationRequest submit;
          submit.set_name(target);
          submit.set_request_id("race-submit-" + std::to_string(t));
          v1::Obligation o;
          h_.stub().SubmitObligation(Coordinator().get(), submit, &o);
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_GT(filed.load(), 48);
  int64_t percent = 0, counted = 0, submitted = 0, total = 0;
  for (const char* code : {"SKHDT", "SCT", "UBND-TBI", "UBND-BCA"}) {
    for (const auto& o : ObligationsOf(code)) {
      ++total;
      ++counted;
      percent += o.percent_complete();
      submitted += o.state() == v1::Obligation::SUBMITTED;
    }
  }
  const v1::ProgrammeReport report = Report();
  EXPECT_EQ(report.total().total(), total);
  EXPECT_EQ(report.total().submitted(), submitted);
  EXPECT_GT(submitted, 0);
  EXPECT_NEAR(report.total().percent_complete(), 1.0 * percent / counted,
              0.051);
}

// Put in force on 15 August 2025 with nothing tracked before: the 2025
// share of a duty due every 30 June was never anyone's to be late for.
TEST_F(TasksChangesTest, WhatWasDueBeforeTrackingBeganIsNeitherLateNorChased) {
  v1::Duty midyear = Registration();
  midyear.mutable_schedule()->mutable_yearly()->set_month(6);
  midyear.mutable_schedule()->mutable_yearly()->set_first_year(2024);
  v1::Duty out;
  ASSERT_TRUE(AddDuty("midyear", midyear, &out).ok());
  Activate(std::nullopt);  // tracked from today
  const v1::Obligation sct = Get(Name("midyear", "2025-sct"));
  EXPECT_TRUE(sct.due_before_tracking());
  EXPECT_FALSE(sct.late());
  EXPECT_EQ(sct.days_late(), 0);

  // Months later: no reminder, not overdue, nothing late in the programme.
  h_.clock().Advance(absl::Hours(24 * 60));
  Scheduler scheduler(&h_.store(), &h_.directory(), &h_.clock(),
                      LadderSettings());
  auto pass = scheduler.RunOnce(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(pass.ok()) << pass.status();
  EXPECT_EQ(pass->reminded, 0);
  for (const auto& e : h_.Events()) {
    EXPECT_FALSE(absl::StrContains(e.type(), "obligation.overdue")) << e.type();
  }
  v1::GetProgrammeReportRequest report;
  report.set_name(kProgramme);
  v1::ProgrammeReport r;
  ASSERT_TRUE(
      h_.stub().GetProgrammeReport(Coordinator().get(), report, &r).ok());
  EXPECT_EQ(r.total().overdue(), 0);
  EXPECT_EQ(r.total().due_before_tracking(), 4);  // the group's four
  EXPECT_EQ(r.late_size(), 0);
  v1::ListObligationsRequest late;
  late.set_programme(kProgramme);
  late.set_late(true);
  v1::ListObligationsResponse none;
  ASSERT_TRUE(h_.stub().ListObligations(Coordinator().get(), late, &none).ok());
  EXPECT_EQ(none.obligations_size(), 0);

  // The matrix says so, and of 2024 that it was not tracked at all.
  v1::GetComplianceMatrixRequest m;
  m.set_duty(std::string(kProgramme) + "/duties/midyear");
  m.set_period("2025");
  v1::ComplianceMatrix matrix;
  ASSERT_TRUE(
      h_.stub().GetComplianceMatrix(Coordinator().get(), m, &matrix).ok());
  EXPECT_EQ(matrix.missing(), 0);
  EXPECT_EQ(matrix.due_before_tracking(), 4);
  EXPECT_EQ(matrix.rows(0).outcome(), v1::ComplianceRow::DUE_BEFORE_TRACKING);
  EXPECT_FALSE(matrix.period_before_tracking());
  m.set_period("2024");
  ASSERT_TRUE(
      h_.stub().GetComplianceMatrix(Coordinator().get(), m, &matrix).ok());
  EXPECT_TRUE(matrix.period_before_tracking());
  EXPECT_EQ(matrix.rows_size(), 0);

  // The coordinator sets a new due date: a day in the past is refused, an
  // officer may not, and once set it is tracked like any other.
  v1::RescheduleObligationRequest reschedule;
  reschedule.set_name(sct.name());
  reschedule.set_reason("Hạn mới theo công văn của Sở Ngoại vụ");
  reschedule.set_request_id("reschedule-sct-past");
  *reschedule.mutable_due_date() = ToDate(absl::CivilDay(2025, 10, 1));
  v1::Obligation moved;
  grpc::Status s =
      h_.stub().RescheduleObligation(Coordinator().get(), reschedule, &moved);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(::ngoaivu::testing::ViolatedFields(s),
              ::testing::ElementsAre("due_date"));
  *reschedule.mutable_due_date() = ToDate(absl::CivilDay(2025, 11, 30));
  reschedule.set_request_id("reschedule-sct");
  s = h_.stub().RescheduleObligation(Officer("SCT").get(), reschedule, &moved);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  s = h_.stub().RescheduleObligation(Coordinator().get(), reschedule, &moved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(moved.due_before_tracking());
  EXPECT_EQ(*ToCivilDay(moved.due_date()), absl::CivilDay(2025, 11, 30));
  reschedule.set_request_id("reschedule-sct-again");
  s = h_.stub().RescheduleObligation(Coordinator().get(), reschedule, &moved);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION) << s.error_message();
  // Past its new due date it is late, and chased.
  h_.clock().Advance(absl::Hours(24 * 50));  // 3 December 2025
  EXPECT_TRUE(Get(sct.name()).late());
  pass = scheduler.RunOnce(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(pass.ok()) << pass.status();
  EXPECT_EQ(pass->reminded, 1);
  ASSERT_TRUE(
      h_.stub().GetProgrammeReport(Coordinator().get(), report, &r).ok());
  EXPECT_EQ(r.total().overdue(), 1);
  EXPECT_EQ(r.total().due_before_tracking(), 3);
}

// A store written before programmes kept an index by state: the first
// scheduler pass indexes what is there, once, and the list by state finds it.
TEST_F(TasksChangesTest, ObligationsFromBeforeTheStateIndexAreIndexedOnce) {
  v1::Duty out;
  ASSERT_TRUE(AddDuty("iv-9-registration", Registration(), &out).ok());
  Activate();
  v1::Obligation o;
  const std::string sct = Name("iv-9-registration", "2025-sct");
  ASSERT_TRUE(Move("submit", sct, Officer("SCT"), &o).ok());
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(h_.registry().redis_server().url());
  RedisPool redis(options);
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  auto keys = redis.Command({"KEYS", "{tasks}:programme:*:state:*"}, deadline);
  ASSERT_TRUE(keys.ok());
  ASSERT_GT((*keys)->elements, 0u);
  for (size_t k = 0; k < (*keys)->elements; ++k) {
    ASSERT_TRUE(
        redis
            .Command({"DEL", std::string(ReplyString((*keys)->element[k]))},
                     deadline)
            .ok());
  }
  ASSERT_TRUE(
      redis.Command({"DEL", "{tasks}:state-index-built"}, deadline).ok());
  auto submitted = [&] {
    v1::ListObligationsRequest r;
    r.set_programme(kProgramme);
    r.set_state(v1::Obligation::SUBMITTED);
    v1::ListObligationsResponse page;
    grpc::Status s = h_.stub().ListObligations(Coordinator().get(), r, &page);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> names;
    for (const auto& x : page.obligations()) names.push_back(x.name());
    return names;
  };
  EXPECT_TRUE(submitted().empty());
  Scheduler scheduler(&h_.store(), &h_.directory(), &h_.clock(),
                      LadderSettings());
  ASSERT_TRUE(scheduler.RunOnce(absl::Now() + absl::Seconds(10)).ok());
  EXPECT_THAT(submitted(), ::testing::ElementsAre(sct));
  // Done once: a second store-wide walk is not made.
  EXPECT_EQ(*h_.store().IndexStatesOnce(deadline), 0);
}

}  // namespace
}  // namespace ngoaivu::tasks
