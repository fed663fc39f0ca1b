// The real notifications-server killed with SIGKILL in the middle of a
// batch, then started again: every event still gives exactly one
// notification per agency it concerns, none lost and none twice.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/write_plan.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "tests/support/redis_server.h"

namespace ngoaivu::testing {
namespace {

constexpr int kEvents = 1500;
constexpr int kAgencies = 20;

class CrashTest : public ::testing::Test {
 protected:
  CrashTest() {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(redis_.url());
    pool_ = std::make_unique<RedisPool>(options);
    key_file_ = absl::StrCat(::testing::TempDir(), "/crash-jwt-", getpid());
    std::ofstream(key_file_) << "a-local-test-signing-key-of-48-characters-long!!";
  }
  ~CrashTest() override { std::remove(key_file_.c_str()); }

  // `kEvents` obligations opened, in batches of 100 per atomic write.
  void Publish() {
    RedisFunctions functions(pool_.get(), "tasks");
    ASSERT_TRUE(functions.Load(absl::Now() + absl::Seconds(5)).ok());
    for (int batch = 0; batch < kEvents / 100; ++batch) {
      WritePlan plan;
      for (int i = batch * 100; i < (batch + 1) * 100; ++i) {
        tasks::v1::ObligationChanged c;
        c.mutable_obligation()->set_name(
            absl::StrCat("programmes/p/duties/d/obligations/", i));
        c.mutable_obligation()->set_agency(
            absl::StrCat("agencies/A", i % kAgencies));
        events::v1::Event e;
        e.set_id(absl::StrCat("opened-", i));
        e.set_type("ngoaivu.tasks.v1.obligation.opened");
        e.set_subject(c.obligation().name());
        *e.mutable_time() = ToTimestamp(absl::Now());
        e.mutable_data()->PackFrom(c);
        plan.AppendEvent("{tasks}:events", 1000000, e);
      }
      ASSERT_TRUE(plan.Commit(functions, absl::Now() + absl::Seconds(10)).ok());
    }
  }

  pid_t StartServer() {
    const pid_t pid = fork();
    if (pid == 0) {
      const std::string bin = std::string(NGOAIVU_BIN_DIR) + "/notifications-server";
      const std::string redis = "--redis=" + redis_.url();
      const std::string key = "--jwt-key-file=" + key_file_;
      execl(bin.c_str(), bin.c_str(), "--listen=127.0.0.1:0", redis.c_str(),
            key.c_str(), "--consumer-name=notifications-0",
            "--log-level=error", static_cast<char*>(nullptr));
      _exit(127);
    }
    return pid;
  }

  // Notifications written: the sum of every inbox's unread count.
  int64_t Written() {
    auto reply = pool_->Command({"HVALS", "{notifications}:unread"});
    int64_t sum = 0;
    if (!reply.ok() || (*reply)->type != REDIS_REPLY_ARRAY) return -1;
    for (size_t i = 0; i < (*reply)->elements; ++i) {
      int64_t n = 0;
      absl::SimpleAtoi(ReplyString((*reply)->element[i]), &n);
      sum += n;
    }
    return sum;
  }

  int64_t InboxEntries() {
    int64_t sum = 0;
    for (int a = 0; a < kAgencies; ++a) {
      auto reply = pool_->Command(
          {"ZCARD", absl::StrCat("{notifications}:inbox:A", a)});
      if (reply.ok()) sum += (*reply)->integer;
    }
    return sum;
  }

  RedisServer redis_;
  std::unique_ptr<RedisPool> pool_;
  std::string key_file_;
};

TEST_F(CrashTest, KilledMidBatchNothingLostNothingTwice) {
  Publish();
  pid_t server = StartServer();
  // Kill it once it has written some, not all.
  int64_t before_kill = 0;
  for (int i = 0; i < 2000; ++i) {
    before_kill = Written();
    if (before_kill > 0) break;
    absl::SleepFor(absl::Milliseconds(2));
  }
  kill(server, SIGKILL);
  waitpid(server, nullptr, 0);
  const int64_t at_kill = Written();
  EXPECT_GT(at_kill, 0);
  EXPECT_LT(at_kill, kEvents) << "the server finished before it was killed";

  server = StartServer();
  int64_t written = 0;
  for (int i = 0; i < 600 && written < kEvents; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
    written = Written();
  }
  absl::SleepFor(absl::Milliseconds(500));  // anything more would show now
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  EXPECT_EQ(Written(), kEvents);
  EXPECT_EQ(InboxEntries(), kEvents);
  auto pending = pool_->Command(
      {"XPENDING", "{tasks}:events", "notifications"});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ((*pending)->element[0]->integer, 0);  // every entry acknowledged
}

}  // namespace
}  // namespace ngoaivu::testing
