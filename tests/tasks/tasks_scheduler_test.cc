// The scheduler across simulated years: two replicas running passes at the
// same time, one restarted midway, a yearly registration due 30 September
// with agencies on time, late and never. Every period opens once, every
// reminder rung fires once, and none fires after a submission.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "absl/strings/match.h"
#include "common/dates.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/period_obligations.h"
#include "services/tasks/scheduler.h"
#include "tests/support/seed.h"
#include "tests/support/tasks_harness.h"

namespace ngoaivu::tasks {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::TasksHarness;
using ::ngoaivu::testing::TestToken;
namespace reg = ::ngoaivu::registry::v1;

constexpr char kDuty[] = "programmes/p/duties/registration";

class TasksSchedulerTest : public ::testing::Test {
 protected:
  TasksSchedulerTest() : h_(absl::CivilDay(2026, 7, 1)) {}

  void SetUp() override {
    ::ngoaivu::testing::SeedAgencies(
        h_.registry(), {"UBND", "SNGV", "SKHDT", "SCT", "UBND-TBI"});
    ::ngoaivu::testing::SeedGroup(h_.registry(), "registrants",
                                  {"SKHDT", "SCT", "UBND-TBI"});

    auto admin = [] { return Context(5, TestToken("admin", "agencies/UBND")); };
    v1::CreateProgrammeRequest p;
    p.set_programme_id("p");
    p.mutable_programme()->set_decision_number("2488/QĐ-UBND");
    *p.mutable_programme()->mutable_decision_date() =
        ToDate(absl::CivilDay(2026, 1, 1));
    p.mutable_programme()->set_issuing_body("agencies/UBND");
    p.mutable_programme()->set_title("Chương trình");
    p.set_request_id("p");
    v1::Programme programme;
    ASSERT_TRUE(h_.stub().CreateProgramme(admin().get(), p, &programme).ok());
    v1::CreateDutyRequest d;
    d.set_parent("programmes/p");
    d.set_duty_id("registration");
    d.mutable_duty()->set_title("Đăng ký kế hoạch năm sau");
    d.mutable_duty()->set_group("groups/registrants");
    d.mutable_duty()->mutable_schedule()->mutable_yearly()->set_month(9);
    d.mutable_duty()->mutable_schedule()->mutable_yearly()->set_day(30);
    d.mutable_duty()->mutable_schedule()->mutable_yearly()->set_first_year(
        2026);
    d.mutable_duty()->mutable_schedule()->mutable_yearly()->set_last_year(2028);
    d.mutable_duty()->set_lead_time_days(60);
    d.set_request_id("d");
    v1::Duty duty;
    ASSERT_TRUE(h_.stub().CreateDuty(admin().get(), d, &duty).ok());
    v1::ActivateProgrammeRequest a;
    a.set_name("programmes/p");
    a.set_request_id("a");
    ASSERT_TRUE(h_.stub().ActivateProgramme(admin().get(), a, &programme).ok());
  }

  void Submit(const std::string& period, const std::string& code) {
    std::string lower = code;
    for (auto& c : lower) c = std::tolower(c);
    v1::TransitionObligationRequest r;
    r.set_name(std::string(kDuty) + "/obligations/" + period + "-" + lower);
    r.set_request_id("submit-" + period + "-" + lower);
    v1::Obligation out;
    grpc::Status s = h_.stub().SubmitObligation(
        Context(5, TestToken("officer", "agencies/" + code)).get(), r, &out);
    ASSERT_TRUE(s.ok()) << r.name() << ": " << s.error_message();
  }

  TasksHarness h_;
};

TEST_F(TasksSchedulerTest, ThreeYearsOfRegistrationWithTwoReplicasAndARestart) {
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(h_.registry().redis_server().url());
  RedisPool other_pool(options);
  RedisFunctions other_functions(&other_pool, "tasks");
  RedisTasksStore other_store(&other_pool, &other_functions, 1000000);
  auto first = std::make_unique<Scheduler>(&h_.store(), &h_.directory(),
                                           &h_.clock(), LadderSettings{});
  Scheduler second(&other_store, &h_.directory(), &h_.clock(),
                   LadderSettings{});

  // Who submits when: SKHDT on time every year, SCT late in 2027 only,
  // UBND-TBI never.
  const std::map<absl::CivilDay,
                 std::vector<std::pair<std::string, std::string>>>
      submissions = {
          {absl::CivilDay(2026, 9, 20), {{"2026", "SKHDT"}}},
          {absl::CivilDay(2027, 9, 29), {{"2027", "SKHDT"}}},
          {absl::CivilDay(2027, 10, 5), {{"2027", "SCT"}}},
          {absl::CivilDay(2028, 8, 15), {{"2028", "SKHDT"}}},
      };
  const absl::CivilDay end(2029, 1, 31);
  for (absl::CivilDay day(2026, 7, 1); day <= end; ++day) {
    h_.clock().Set(absl::FromCivil(day, absl::FixedTimeZone(7 * 3600)) +
                   absl::Hours(8));
    if (day == absl::CivilDay(2027, 6, 1)) {
      first =
          std::make_unique<Scheduler>(&h_.store(), &h_.directory(), &h_.clock(),
                                      LadderSettings{});  // a restart
    }
    // Both replicas at once.
    std::thread a([&] {
      ASSERT_TRUE(first->RunOnce(absl::Now() + absl::Seconds(10)).ok());
    });
    std::thread b([&] {
      ASSERT_TRUE(second.RunOnce(absl::Now() + absl::Seconds(10)).ok());
    });
    a.join();
    b.join();
    if (auto it = submissions.find(day); it != submissions.end()) {
      for (const auto& [period, code] : it->second) Submit(period, code);
    }
  }

  std::map<std::string, int> opened;  // obligation -> times
  std::map<std::string, int> rungs;   // obligation|rung -> times
  std::map<std::string, std::vector<absl::CivilDay>>
      reminder_days;  // obligation
  for (const auto& e : h_.Events()) {
    if (e.type() == "ngoaivu.tasks.v1.obligation.opened") ++opened[e.subject()];
    if (e.type() == "ngoaivu.tasks.v1.obligation.due_soon" ||
        e.type() == "ngoaivu.tasks.v1.obligation.overdue") {
      v1::ObligationReminder reminder;
      ASSERT_TRUE(e.data().UnpackTo(&reminder));
      ++rungs[e.subject() + "|" + reminder.rung()];
      reminder_days[e.subject()].push_back(
          ProvinceDay(absl::FromUnixSeconds(e.time().seconds())));
    }
  }
  // Three years × three agencies, each opened once.
  EXPECT_EQ(opened.size(), 9u);
  for (const auto& [name, n] : opened) EXPECT_EQ(n, 1) << name;
  for (const auto& [key, n] : rungs) EXPECT_EQ(n, 1) << key;

  auto name = [](const std::string& period, const std::string& lower) {
    return std::string(kDuty) + "/obligations/" + period + "-" + lower;
  };
  // Never submitted: 3 rungs before, the day after, then every 7 days.
  const absl::CivilDay due2026(2026, 9, 30);
  const int overdue_rungs = static_cast<int>((end - (due2026 + 1)) / 7) + 1;
  EXPECT_EQ(reminder_days[name("2026", "ubnd-tbi")].size(), 3u + overdue_rungs);
  // On time (20 September): only the 30-day rung had come.
  EXPECT_EQ(reminder_days[name("2026", "skhdt")].size(), 1u);
  // Submitted on 29 September: 30, 7 and 1 days before; nothing after.
  EXPECT_EQ(reminder_days[name("2027", "skhdt")].size(), 3u);
  // SCT, late on 5 October 2027: 3 before, overdue on the 1st; then none.
  EXPECT_EQ(reminder_days[name("2027", "sct")].size(), 4u);
  for (const absl::CivilDay d : reminder_days[name("2027", "sct")]) {
    EXPECT_LT(d, absl::CivilDay(2027, 10, 5));
  }
  // 2028 submitted on 15 August, before the first rung (31 August).
  EXPECT_EQ(reminder_days[name("2028", "skhdt")].size(), 0u);
  // A period outside the series (2029) never opened.
  EXPECT_EQ(opened.count(name("2029", "skhdt")), 0u);
}

}  // namespace
}  // namespace ngoaivu::tasks
