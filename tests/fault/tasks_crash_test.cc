// The real tasks-server killed with SIGKILL in the middle of following the
// delegations service's stream (each returned delegation becomes a
// post-trip report duty, whose obligation the scheduler opens), then
// started again under a new consumer name, as a restarted pod is: what its
// killed self left pending is taken over, and every event still gives
// exactly one duty and one opened obligation, none lost and none twice.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/write_plan.h"
#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/redis_server.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu {
namespace {

using testing::ChildProcess;

constexpr int kEvents = 300;
constexpr int kAgencies = 10;

class TasksCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ngoaivu-tasks-crash-XXXXXX";
    dir_ = mkdtemp(pattern);
    std::ofstream(dir_ + "/jwt.key") << testing::kTestJwtSecret;
    std::ofstream(dir_ + "/service.token")
        << testing::TestToken("system", "agencies/SNGV");
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(redis_.url());
    pool_ = std::make_unique<RedisPool>(options);
    registry_port_ = testing::FreePort();
    registry_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            testing::BinaryPath("registry-server"),
            absl::StrCat("--listen=127.0.0.1:", registry_port_),
            "--redis=" + redis_.url(), "--jwt-key-file=" + dir_ + "/jwt.key",
            "--jwt-issuer=ngoaivu-test"},
        dir_ + "/registry.log");
    auto stub = registry::v1::RegistryService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", registry_port_),
                            grpc::InsecureChannelCredentials()));
    // The programme's owner (UBND), DOFA, and the travelling agencies.
    std::vector<std::string> codes = {"UBND", "SNGV"};
    for (int i = 0; i < kAgencies; ++i) codes.push_back(absl::StrCat("A", i));
    for (const std::string& code : codes) {
      ASSERT_TRUE(CreateAgency(*stub, code).ok()) << registry_->Log();
    }
  }
  void TearDown() override {
    tasks_.reset();
    registry_.reset();
    std::filesystem::remove_all(dir_);
  }

  grpc::Status CreateAgency(registry::v1::RegistryService::Stub& stub,
                            const std::string& code) {
    grpc::Status status;
    for (int attempt = 0; attempt < 100; ++attempt) {  // the server starting
      status = testing::CreateDepartment(stub, code);
      if (status.error_code() != grpc::UNAVAILABLE) return status;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return status;
  }

  // `kEvents` outbound delegations back home today, in batches of 50 per
  // atomic write, as the delegations service commits them.
  void PublishReturns() {
    RedisFunctions functions(pool_.get(), "delegations");
    ASSERT_TRUE(functions.Load(absl::Now() + absl::Seconds(5)).ok());
    const absl::Time now = absl::Now();
    for (int batch = 0; batch < kEvents / 50; ++batch) {
      WritePlan plan;
      for (int i = batch * 50; i < (batch + 1) * 50; ++i) {
        delegations::v1::Delegation d;
        d.set_name(absl::StrCat("delegations/trip-", i));
        d.set_direction(delegations::v1::Delegation::OUTBOUND);
        d.set_title(absl::StrCat("Chuyến công tác ", i));
        d.set_agency(absl::StrCat("agencies/A", i % kAgencies));
        *d.mutable_end_date() = ToDate(ProvinceDay(now));
        events::v1::Event e;
        e.set_id(absl::StrCat("returned-", i));
        e.set_source("//ngoaivu/delegations");
        e.set_type("ngoaivu.delegations.v1.delegation.returned_home");
        e.set_subject(d.name());
        *e.mutable_time() = ToTimestamp(now);
        e.mutable_data()->PackFrom(d);
        plan.AppendEvent("{delegations}:events", 1000000, e);
      }
      ASSERT_TRUE(plan.Commit(functions, absl::Now() + absl::Seconds(10)).ok());
    }
  }

  void StartTasks() {
    tasks_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            testing::BinaryPath("tasks-server"), "--listen=127.0.0.1:0",
            "--redis=" + redis_.url(), "--jwt-key-file=" + dir_ + "/jwt.key",
            "--jwt-issuer=ngoaivu-test",
            absl::StrCat("--registry-address=127.0.0.1:", registry_port_),
            "--service-token-file=" + dir_ + "/service.token",
            "--scheduler-interval-seconds=1", "--log-level=error"},
        dir_ + "/tasks.log");
  }

  // The post-trip duties made so far (this year's follow-up programme).
  int64_t Duties() {
    auto reply = pool_->Command(
        {"ZCARD", absl::StrCat("{tasks}:programme:follow-up-",
                               ProvinceDay(absl::Now()).year(), ":duties")});
    return reply.ok() ? (*reply)->integer : -1;
  }

  // How many times each subject got an event of `type` on the tasks stream.
  std::map<std::string, int> EventsOf(const std::string& type) {
    std::map<std::string, int> by_subject;
    for (const events::v1::Event& e :
         testing::StreamEvents(*pool_, "{tasks}:events")) {
      if (e.type() == type) ++by_subject[e.subject()];
    }
    return by_subject;
  }

  // Waits until `done` holds (or `patience` passes).
  template <typename Done>
  bool WaitUntil(Done done, absl::Duration patience) {
    const absl::Time give_up = absl::Now() + patience;
    while (!done()) {
      if (absl::Now() > give_up) return false;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return true;
  }

  testing::RedisServer redis_;
  std::unique_ptr<RedisPool> pool_;
  std::string dir_;
  int registry_port_ = 0;
  std::unique_ptr<ChildProcess> registry_;
  std::unique_ptr<ChildProcess> tasks_;
};

TEST_F(TasksCrashTest, KilledMidBatchEveryReturnGivesOneDutyAndOneObligation) {
  PublishReturns();
  StartTasks();
  ASSERT_TRUE(WaitUntil([&] { return Duties() > 0; }, absl::Seconds(30)))
      << tasks_->Log();
  tasks_->Stop(SIGKILL);
  const int64_t at_kill = Duties();
  EXPECT_LT(at_kill, kEvents) << "the server finished before it was killed";

  // A new process, a new consumer name: the killed one's pending entries
  // are claimed once idle (30 s), so this waits that long.
  StartTasks();
  const auto all_opened = [&] {
    return Duties() == kEvents &&
           EventsOf("ngoaivu.tasks.v1.obligation.opened").size() == kEvents;
  };
  ASSERT_TRUE(WaitUntil(all_opened, absl::Seconds(90)))
      << Duties() << " duties\n"
      << tasks_->Log();
  absl::SleepFor(absl::Seconds(2));  // a duplicate would show by now
  tasks_->Stop(SIGTERM);

  EXPECT_EQ(Duties(), kEvents);
  for (const std::string type : {"ngoaivu.tasks.v1.duty.created",
                                 "ngoaivu.tasks.v1.obligation.opened"}) {
    const std::map<std::string, int> seen = EventsOf(type);
    EXPECT_EQ(seen.size(), kEvents) << type;
    for (const auto& [subject, times] : seen) {
      EXPECT_EQ(times, 1) << type << " " << subject;
    }
  }
  auto pending =
      pool_->Command({"XPENDING", "{delegations}:events", "tasks-delegations"});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ((*pending)->element[0]->integer, 0);  // every entry acknowledged
}

}  // namespace
}  // namespace ngoaivu
