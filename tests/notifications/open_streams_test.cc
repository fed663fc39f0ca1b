// The real notifications-server holding more open streams than it has
// threads: every stream gets its events, a unary call beside them is
// answered at once, and a stop ends them all promptly with UNAVAILABLE (so
// their callers resume elsewhere from their cursors).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/write_plan.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/redis_server.h"
#include "tests/support/registry_harness.h"
#include "tests/support/stream_crowd.h"

namespace ngoaivu::testing {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;

constexpr int kAgencies = 6;
constexpr int kWatchersPerAgency = 100;
constexpr int kEventStreams = 100;
constexpr int kStreams = kAgencies * kWatchersPerAgency + kEventStreams;

class OpenStreamsTest : public ::testing::Test {
 protected:
  OpenStreamsTest() {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(redis_.url());
    pool_ = std::make_unique<RedisPool>(options);
    key_file_ = absl::StrCat(::testing::TempDir(), "/streams-jwt-", getpid());
    std::ofstream(key_file_) << kTestJwtSecret;
    address_ = absl::StrCat("127.0.0.1:", FreePort());
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            BinaryPath("notifications-server"), "--listen=" + address_,
            "--redis=" + redis_.url(), "--jwt-key-file=" + key_file_,
            "--jwt-issuer=ngoaivu-test", "--jwt-audience=ngoaivu",
            "--consumer-name=notifications-0", "--log-level=warning"},
        absl::StrCat(::testing::TempDir(), "/streams-server-", getpid(),
                     ".log"));
    stub_ = nv1::NotificationsService::NewStub(
        grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  }
  ~OpenStreamsTest() override { std::remove(key_file_.c_str()); }

  // ListSubscriptions within `deadline_ms`.
  grpc::Status Answered(int deadline_ms) {
    grpc::ClientContext context;
    context.AddMetadata("authorization",
                        "Bearer " + TestToken("admin", "agencies/UBND"));
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(deadline_ms));
    nv1::ListSubscriptionsResponse out;
    return stub_->ListSubscriptions(&context, {}, &out);
  }

  bool WaitServing() {
    for (int i = 0; i < 200; ++i) {
      if (Answered(1000).ok()) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  // One obligation opened for each agency, committed as the tasks
  // service commits its events.
  void OpenOneObligationEach() {
    RedisFunctions functions(pool_.get(), "tasks");
    ASSERT_TRUE(functions.Load(absl::Now() + absl::Seconds(5)).ok());
    WritePlan plan;
    for (int a = 0; a < kAgencies; ++a) {
      tasks::v1::ObligationChanged c;
      c.mutable_obligation()->set_name(
          absl::StrCat("programmes/p/duties/d/obligations/", a));
      c.mutable_obligation()->set_agency(absl::StrCat("agencies/A", a));
      events::v1::Event e;
      e.set_id(absl::StrCat("opened-", a));
      e.set_source("//ngoaivu/tasks");
      e.set_type("ngoaivu.tasks.v1.obligation.opened");
      e.set_subject(c.obligation().name());
      *e.mutable_time() = ToTimestamp(absl::Now());
      e.mutable_data()->PackFrom(c);
      plan.AppendEvent("{tasks}:events", 100000, e);
    }
    ASSERT_TRUE(plan.Commit(functions, absl::Now() + absl::Seconds(10)).ok());
  }

  RedisServer redis_;
  std::unique_ptr<RedisPool> pool_;
  std::string key_file_;
  std::string address_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<nv1::NotificationsService::Stub> stub_;
};

TEST_F(OpenStreamsTest, MoreStreamsThanThreadsAndAUnaryCallAnsweredAtOnce) {
  ASSERT_TRUE(WaitServing()) << server_->Log();
  const int threads_before = ThreadsOf(server_->pid());
  StreamCrowd crowd(address_, 8, nullptr);
  const std::string admin = TestToken("admin", "agencies/UBND");
  for (int a = 0; a < kAgencies; ++a) {
    const std::string agency = absl::StrCat("agencies/A", a);
    const std::string officer = TestToken("officer", agency);
    for (int i = 0; i < kWatchersPerAgency; ++i)
      crowd.OpenWatch(officer, agency);
  }
  for (int i = 0; i < kEventStreams; ++i) crowd.OpenEvents(admin);
  ASSERT_TRUE(crowd.WaitOpen(absl::Now() + absl::Seconds(30)))
      << crowd.opened() << " of " << kStreams << " open, " << crowd.ended()
      << " ended\n"
      << server_->Log();
  const int threads_open = ThreadsOf(server_->pid());
  // A thread per stream would be 700 more.
  EXPECT_LT(threads_open, kStreams);
  EXPECT_LT(threads_open - threads_before, 20)
      << threads_before << " threads before, " << threads_open << " with "
      << kStreams << " streams open";

  const absl::Time asked = absl::Now();
  const grpc::Status answered = Answered(1000);
  EXPECT_TRUE(answered.ok()) << answered.error_message();
  EXPECT_LT(absl::Now() - asked, absl::Milliseconds(500));

  // Every stream is live: each watcher sees its agency's notification,
  // each event stream the six events.
  OpenOneObligationEach();
  const int64_t expected =
      kAgencies * kWatchersPerAgency + kEventStreams * kAgencies;
  for (int i = 0; i < 500 && crowd.arrivals() < expected; ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(crowd.arrivals(), expected);

  // A stop ends every stream at once, with a status that says resume.
  const absl::Time stopping = absl::Now();
  kill(server_->pid(), SIGTERM);
  EXPECT_TRUE(crowd.WaitEnded(absl::Now() + absl::Seconds(5)));
  EXPECT_LT(absl::Now() - stopping, absl::Seconds(3));
  EXPECT_EQ(crowd.EndedWith(grpc::StatusCode::UNAVAILABLE), kStreams);
  server_->Stop(SIGTERM);  // waits for the process to end
  EXPECT_LT(absl::Now() - stopping, absl::Seconds(5));
}

}  // namespace
}  // namespace ngoaivu::testing
