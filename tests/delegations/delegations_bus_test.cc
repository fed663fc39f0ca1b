// The delegations and tasks services talking through the bus only, on one
// real Redis: a returned delegation's post-trip report opened in tasks, its
// acceptance making the delegation REPORTED; a visit's follow-up duties;
// a merged agency's delegations following the successor. Each effect
// happens once under redelivery and when a consumer dies between its write
// and its acknowledgement.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "common/stream_follower.h"
#include "services/tasks/delegation_follow_ups.h"
#include "tests/support/delegations_fixture.h"
#include "tests/support/tasks_harness.h"

namespace ngoaivu::delegations {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::DelegationsFixture;
using ::ngoaivu::testing::DelegationsHarness;
using ::ngoaivu::testing::kDirector;
using ::ngoaivu::testing::TasksHarness;
using ::ngoaivu::testing::TestToken;
namespace dv1 = ::ngoaivu::delegations::v1;
namespace tv1 = ::ngoaivu::tasks::v1;
using D = dv1::Delegation;

constexpr int kReportDays = 15;

std::unique_ptr<RedisPool> PoolFor(const std::string& url) {
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(url);
  options.size = 2;
  return std::make_unique<RedisPool>(options);
}

class DelegationsBusTest : public ::testing::Test {
 protected:
  DelegationsBusTest()
      : tasks_(absl::CivilDay(2026, 3, 2)),
        delegations_(&tasks_.registry(), &tasks_.clock()),
        follow_ups_(&tasks_.tasks().programmes, &tasks_.tasks().duties,
                    kReportDays),
        tasks_follows_(
            PoolFor(url()), "tasks", "delegations", "tasks-test",
            [this](const events::v1::Event& e, absl::Time t) {
              return follow_ups_.Follow(e, t);
            },
            absl::Milliseconds(20)),
        delegations_follow_(
            PoolFor(url()), "delegations", "tasks", "delegations-test",
            [this](const events::v1::Event& e, absl::Time t) {
              return delegations_.delegations().effects.FollowTasks(e, t);
            },
            absl::Milliseconds(20)) {}

  void SetUp() override {
    using ::ngoaivu::testing::SeedAgencies;
    using ::ngoaivu::testing::SeedOfficial;
    SeedAgencies(tasks_.registry(), {"UBND", "SNGV", "SCT", "CA", "SCT2"});
    SeedOfficial(tasks_.registry(), "SCT", "director", "Lê Văn Giám",
                 "Giám đốc");
    SeedOfficial(tasks_.registry(), "UBND", "vice", "Trần Thị Phó",
                 "Phó Chủ tịch");
  }

  std::string url() { return tasks_.registry().redis_server().url(); }

  // Lets a follower handle everything so far.
  static int Drain(StreamFollower& follower) {
    int handled = 0;
    for (;;) {
      auto n = follower.consumer().PollOnce();
      EXPECT_TRUE(n.ok()) << n.status();
      if (!n.ok() || *n == 0) return handled;
      handled += *n;
    }
  }

  std::unique_ptr<grpc::ClientContext> Admin() {
    return Context(10, TestToken("admin", "agencies/UBND"));
  }

  // An SCT trip from 1 to 5 May, approved, travelled and back home.
  void TripReturnedHome(const std::string& id) {
    auto& s = delegations_.stub();
    dv1::CreateDelegationRequest create;
    create.set_delegation_id(id);
    *create.mutable_delegation() = DelegationsFixture::Outbound(
        absl::CivilDay(2026, 5, 1), absl::CivilDay(2026, 5, 5), {kDirector});
    create.set_request_id("create-" + id);
    D d;
    ASSERT_TRUE(s.CreateDelegation(Admin().get(), create, &d).ok());
    auto move = [&](auto method) {
      dv1::TransitionDelegationRequest r;
      r.set_name("delegations/" + id);
      r.set_request_id(absl::StrCat("m", ++requests_));
      grpc::Status st = (s.*method)(Admin().get(), r, &d);
      ASSERT_TRUE(st.ok()) << st.error_message();
    };
    using Stub = dv1::DelegationsService::Stub;
    move(&Stub::SubmitDelegation);
    move(&Stub::ReviewDelegation);
    move(&Stub::ForwardDelegation);
    dv1::DecideDelegationRequest approve;
    approve.set_name("delegations/" + id);
    *approve.mutable_decision() =
        DelegationsFixture::Decision(absl::StrCat(++requests_, "/QĐ-UBND"));
    approve.set_request_id("approve-" + id);
    ASSERT_TRUE(s.ApproveDelegation(Admin().get(), approve, &d).ok());
    ::ngoaivu::testing::SetProvinceDay(tasks_.clock(),
                                       absl::CivilDay(2026, 5, 1));
    move(&Stub::DepartDelegation);
    move(&Stub::ReturnHomeDelegation);
  }

  std::vector<tv1::Obligation> FollowUpObligations() {
    tv1::ListObligationsRequest r;
    r.set_programme("programmes/follow-up-2026");
    tv1::ListObligationsResponse out;
    grpc::Status s = tasks_.stub().ListObligations(Admin().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {out.obligations().begin(), out.obligations().end()};
  }

  D Get(const std::string& id) {
    dv1::GetDelegationRequest r;
    r.set_name("delegations/" + id);
    D d;
    EXPECT_TRUE(delegations_.stub().GetDelegation(Admin().get(), r, &d).ok());
    return d;
  }

  int CountEvents(const std::vector<events::v1::Event>& events,
                  absl::string_view verb) {
    int n = 0;
    for (const auto& e : events) n += absl::EndsWith(e.type(), verb);
    return n;
  }

  TasksHarness tasks_;
  DelegationsHarness delegations_;
  tasks::DelegationFollowUps follow_ups_;
  StreamFollower tasks_follows_;
  StreamFollower delegations_follow_;
  int requests_ = 0;
};

TEST_F(DelegationsBusTest, ReturnOpensTheReportAndItsAcceptanceReportsTrip) {
  TripReturnedHome("trip");
  EXPECT_GT(Drain(tasks_follows_), 0);
  auto obligations = FollowUpObligations();
  ASSERT_EQ(obligations.size(), 1u);
  const tv1::Obligation report = obligations[0];
  EXPECT_EQ(report.agency(), "agencies/SCT");
  EXPECT_EQ(report.source(), "delegations/trip");
  EXPECT_EQ(report.state(), tv1::Obligation::OPEN);
  // Due fifteen days after the return (today, 2 March: the trip came back
  // "early" in the test's clock, so from today).
  EXPECT_EQ(*ToCivilDay(report.due_date()),
            absl::CivilDay(2026, 5, 5) + kReportDays);
  // Redelivered, the event changes nothing.
  const std::string before = tasks_.Digest();
  for (const auto& e : delegations_.Events()) {
    ASSERT_TRUE(follow_ups_.Follow(e, absl::Now() + absl::Seconds(10)).ok());
  }
  EXPECT_EQ(tasks_.Digest(), before);
  EXPECT_EQ(FollowUpObligations().size(), 1u);
  EXPECT_EQ(CountEvents(tasks_.Events(), "obligation.opened"), 1);

  // The agency reports; DOFA accepts in tasks.
  for (const char* verb : {"submit", "accept"}) {
    tv1::TransitionObligationRequest r;
    r.set_name(report.name());
    r.set_request_id(std::string(verb) + "-report");
    tv1::Obligation out;
    grpc::Status s =
        std::string(verb) == "submit"
            ? tasks_.stub().SubmitObligation(Admin().get(), r, &out)
            : tasks_.stub().AcceptObligation(Admin().get(), r, &out);
    ASSERT_TRUE(s.ok()) << verb << ": " << s.error_message();
  }
  EXPECT_EQ(Get("trip").state(), D::RETURNED_HOME);
  EXPECT_GT(Drain(delegations_follow_), 0);
  const D reported = Get("trip");
  EXPECT_EQ(reported.state(), D::REPORTED);
  EXPECT_EQ(reported.post_trip_report(), report.name());
  // Redelivered, the acceptance reports it once.
  for (const auto& e : tasks_.Events()) {
    ASSERT_TRUE(delegations_.delegations()
                    .effects.FollowTasks(e, absl::Now() + absl::Seconds(10))
                    .ok());
  }
  EXPECT_EQ(CountEvents(delegations_.Events(), "delegation.reported"), 1);
}

TEST_F(DelegationsBusTest, AConsumerDyingBetweenWriteAndAckOpensOneReport) {
  TripReturnedHome("trip");
  // The first consumer handles the entry, then dies before acknowledging
  // it (its handler did the write and then failed).
  auto options =
      FollowerOptions("tasks", "delegations", "doomed", absl::Milliseconds(20));
  auto doomed_pool = PoolFor(url());
  EventConsumer doomed(doomed_pool.get(), options,
                       [this](const StreamEvent& entry) -> absl::Status {
                         absl::Status s = follow_ups_.Follow(
                             entry.event, absl::Now() + absl::Seconds(10));
                         if (!s.ok()) return s;
                         return absl::UnavailableError("killed mid-batch");
                       });
  ASSERT_TRUE(doomed.PollOnce().ok());
  ASSERT_EQ(FollowUpObligations().size(), 1u);
  // Another replica takes its pending entries over and handles them again.
  options.consumer = "survivor";
  options.claim_idle = absl::ZeroDuration();
  auto survivor_pool = PoolFor(url());
  int handled = 0;
  EventConsumer survivor(
      survivor_pool.get(), options, [&](const StreamEvent& entry) {
        ++handled;
        return follow_ups_.Follow(entry.event, absl::Now() + absl::Seconds(10));
      });
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(survivor.PollOnce().ok());
  EXPECT_GT(handled, 0);
  EXPECT_EQ(FollowUpObligations().size(), 1u);
  EXPECT_EQ(CountEvents(tasks_.Events(), "duty.created"), 1);
  // Nothing is left pending.
  auto pending = tasks_.registry().redis().Command(
      {"XPENDING", "{delegations}:events", "tasks-delegations"});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ((*pending)->element[0]->integer, 0);
}

TEST_F(DelegationsBusTest, AVisitsFollowUpDutiesAppearInTheYearsProgramme) {
  auto& s = delegations_.stub();
  dv1::CreateDelegationRequest create;
  create.set_delegation_id("visit");
  D* v = create.mutable_delegation();
  v->set_direction(D::INBOUND);
  v->set_title("Đoàn Tổng Lãnh sự quán Campuchia");
  v->set_purpose(D::WORK);
  v->set_agency("agencies/SNGV");
  v->set_visitor_kind(D::CONSULATE_GENERAL);
  v->set_visitors_country("KH");
  *v->mutable_start_date() = ToDate(absl::CivilDay(2026, 5, 1));
  *v->mutable_end_date() = ToDate(absl::CivilDay(2026, 5, 2));
  v->add_members()->set_full_name("Ông Sok");
  create.set_request_id("visit");
  D d;
  ASSERT_TRUE(s.CreateDelegation(Admin().get(), create, &d).ok());
  for (auto method : {&dv1::DelegationsService::Stub::SubmitDelegation,
                      &dv1::DelegationsService::Stub::ReviewDelegation,
                      &dv1::DelegationsService::Stub::ForwardDelegation}) {
    dv1::TransitionDelegationRequest r;
    r.set_name("delegations/visit");
    r.set_request_id(absl::StrCat("v", ++requests_));
    ASSERT_TRUE((s.*method)(Admin().get(), r, &d).ok());
  }
  dv1::DecideDelegationRequest approve;
  approve.set_name("delegations/visit");
  *approve.mutable_decision() = DelegationsFixture::Decision("77/QĐ-UBND");
  approve.set_request_id("approve-visit");
  ASSERT_TRUE(s.ApproveDelegation(Admin().get(), approve, &d).ok());
  ::ngoaivu::testing::SetProvinceDay(tasks_.clock(),
                                     absl::CivilDay(2026, 5, 1));
  dv1::TransitionDelegationRequest depart;
  depart.set_name("delegations/visit");
  depart.set_request_id("depart-visit");
  ASSERT_TRUE(s.DepartDelegation(Admin().get(), depart, &d).ok());
  dv1::RecordOutcomeRequest outcome;
  outcome.set_name("delegations/visit");
  outcome.mutable_outcome()->add_follow_up_duties(
      "Khảo sát điểm chợ biên giới");
  outcome.mutable_outcome()->add_follow_up_duties(
      "Chuẩn bị ký biên bản ghi nhớ");
  outcome.set_request_id("outcome");
  ASSERT_TRUE(s.RecordOutcome(Admin().get(), outcome, &d).ok());
  Drain(tasks_follows_);
  tv1::ListDutiesRequest list;
  list.set_parent("programmes/follow-up-2026");
  tv1::ListDutiesResponse duties;
  ASSERT_TRUE(tasks_.stub().ListDuties(Admin().get(), list, &duties).ok());
  ASSERT_EQ(duties.duties_size(), 2);
  for (const auto& duty : duties.duties()) {
    EXPECT_EQ(duty.lead_agency(), "agencies/SNGV");
    EXPECT_EQ(duty.source(), "delegations/visit");
    // The host agency carries each, as any continuing duty.
    tv1::ListObligationsRequest r;
    r.set_duty(duty.name());
    tv1::ListObligationsResponse carried;
    ASSERT_TRUE(tasks_.stub().ListObligations(Admin().get(), r, &carried).ok());
    ASSERT_EQ(carried.obligations_size(), 1) << duty.name();
    EXPECT_EQ(carried.obligations(0).agency(), "agencies/SNGV");
  }
}

TEST_F(DelegationsBusTest, AMergedAgencysDelegationsFollowTheSuccessor) {
  auto& s = delegations_.stub();
  for (const char* id : {"open", "done"}) {
    dv1::CreateDelegationRequest create;
    create.set_delegation_id(id);
    *create.mutable_delegation() = DelegationsFixture::Outbound(
        absl::CivilDay(2026, 5, 1), absl::CivilDay(2026, 5, 5), {});
    create.set_request_id(std::string("c-") + id);
    D d;
    ASSERT_TRUE(s.CreateDelegation(Admin().get(), create, &d).ok());
  }
  dv1::TransitionDelegationRequest cancel;
  cancel.set_name("delegations/done");
  cancel.set_reason("Hủy");
  cancel.set_request_id("cancel-done");
  D d;
  ASSERT_TRUE(s.CancelDelegation(Admin().get(), cancel, &d).ok());
  registry::v1::MergeAgencyRequest merge;
  merge.set_name("agencies/SCT");
  merge.set_successor("agencies/SCT2");
  merge.set_reason("Hợp nhất");
  merge.set_request_id("merge");
  registry::v1::Agency merged;
  grpc::Status st =
      tasks_.registry().stub().MergeAgency(Admin().get(), merge, &merged);
  ASSERT_TRUE(st.ok()) << st.error_message();
  delegations_.FollowRegistry();
  EXPECT_EQ(Get("open").agency(), "agencies/SCT2");
  EXPECT_EQ(Get("done").agency(), "agencies/SCT");
  // Redelivered, nothing more moves.
  const std::string before = delegations_.Digest();
  for (const auto& e : tasks_.registry().Events()) {
    ASSERT_TRUE(delegations_.delegations()
                    .effects.FollowRegistry(e, absl::Now() + absl::Seconds(5))
                    .ok());
  }
  EXPECT_EQ(delegations_.Digest(), before);
  EXPECT_EQ(CountEvents(delegations_.Events(), "delegation.agency_merged"), 1);
}

}  // namespace
}  // namespace ngoaivu::delegations
