// Redis high availability with real processes: a primary, a replica and
// three sentinels, with the suite's Redis users (the replica follows as
// `replica`, the sentinels act as `sentinel`, the service as `registry`,
// its Functions loaded by `functions`); the real registry-server finds the
// primary through the sentinels (redis-sentinel:// URL). The primary is killed
// (SIGKILL) while agencies are being created: writes fail for the few seconds
// the sentinels take to agree and promote the replica, then succeed again on
// the new primary, with no restart of the service. What asynchronous
// replication lost (writes acknowledged just before the kill) is counted
// and printed: README.md, "Redis failover", says what to expect.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/redis_server.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu {
namespace {

using testing::ChildProcess;
using testing::RedisServer;

constexpr char kMaster[] = "ngoaivu";

class SentinelFailoverTest : public ::testing::Test {
 protected:
  SentinelFailoverTest() {
    char pattern[] = "/tmp/ngoaivu-sentinel-XXXXXX";
    dir_ = mkdtemp(pattern);
    std::ofstream(dir_ + "/jwt.key") << testing::kTestJwtSecret;
    std::vector<std::string> replica_args = RedisArgs();
    replica_args.insert(replica_args.end(), {"--replicaof", "127.0.0.1",
                                             std::to_string(primary_.port())});
    replica_ = std::make_unique<RedisServer>(replica_args);
    WaitForTheReplicaInSync();
    for (int i = 0; i < 3; ++i) StartSentinel(i);
    WaitForSentinelsToSeeTheReplica();
  }

  // The first full sync waits for Redis' diskless-sync delay (5 s).
  void WaitForTheReplicaInSync() {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(replica_->url());
    options.endpoint.user = "admin";
    options.endpoint.password = testing::AclPassword(acl_dir_, "admin");
    options.size = 1;
    RedisPool replica(options);
    for (int attempt = 0; attempt < 200; ++attempt) {
      auto info = replica.Command({"INFO", "replication"},
                                  absl::Now() + absl::Seconds(1));
      if (info.ok() && absl::StrContains(ReplyString(info->get()),
                                         "master_link_status:up")) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "the replica never synchronised";
  }

  ~SentinelFailoverTest() override {
    registry_.reset();
    sentinels_.clear();
    std::filesystem::remove_all(dir_);
    std::filesystem::remove_all(acl_dir_);
  }

  // Every instance: the users, and how to follow a primary (the first
  // full sync starts at once instead of after Redis' 5 s delay).
  std::vector<std::string> RedisArgs() const {
    return {"--aclfile",
            acl_dir_ + "/users.acl",
            "--masteruser",
            "replica",
            "--masterauth",
            testing::AclPassword(acl_dir_, "replica"),
            "--repl-diskless-sync-delay",
            "0"};
  }

  std::string UrlOf(const std::string& user) const {
    std::vector<std::string> hosts;
    for (int port : sentinel_ports_) {
      hosts.push_back(absl::StrCat("127.0.0.1:", port));
    }
    return absl::StrCat("redis-sentinel://", user, ":",
                        testing::AclPassword(acl_dir_, user), "@",
                        absl::StrJoin(hosts, ","), "/", kMaster, "/0");
  }

  void StartSentinel(int i) {
    const int port = testing::FreePort();
    sentinel_ports_.push_back(port);
    const std::string conf = absl::StrCat(dir_, "/sentinel-", i, ".conf");
    std::ofstream(conf) << "port " << port << "\nbind 127.0.0.1\n"
                        << "dir " << dir_ << "\n"
                        << "sentinel monitor " << kMaster << " 127.0.0.1 "
                        << primary_.port() << " 2\n"
                        << "sentinel down-after-milliseconds " << kMaster
                        << " 1000\n"
                        // A failed election is tried again after twice
                        // this: one retry stays inside the test's bound.
                        << "sentinel failover-timeout " << kMaster << " 5000\n"
                        << "sentinel auth-user " << kMaster << " sentinel\n"
                        << "sentinel auth-pass " << kMaster << " "
                        << testing::AclPassword(acl_dir_, "sentinel") << "\n";
    sentinels_.push_back(std::make_unique<ChildProcess>(
        std::vector<std::string>{"redis-server", conf, "--sentinel"},
        absl::StrCat(dir_, "/sentinel-", i, ".log")));
  }

  // Until every sentinel knows the replica (it can then promote it).
  void WaitForSentinelsToSeeTheReplica() {
    for (int attempt = 0; attempt < 200; ++attempt) {
      int ready = 0;
      for (int port : sentinel_ports_) {
        RedisPool::Options options;
        options.endpoint =
            *ParseRedisUrl(absl::StrCat("redis://127.0.0.1:", port));
        options.size = 1;
        RedisPool sentinel(options);
        auto reply = sentinel.Command({"SENTINEL", "REPLICAS", kMaster},
                                      absl::Now() + absl::Seconds(1));
        if (reply.ok() && (*reply)->type == REDIS_REPLY_ARRAY &&
            (*reply)->elements == 1) {
          ++ready;
        }
      }
      if (ready == 3) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "the sentinels never saw the replica";
  }

  void StartRegistry() {
    // Its Functions first, as the Kubernetes init container does.
    ChildProcess loader(
        {testing::BinaryPath("registry-server"), "--load-redis-functions",
         "--redis=" + UrlOf("functions")},
        dir_ + "/loader.log");
    for (int i = 0; i < 200 && loader.running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_NE(loader.Log().find("loaded"), std::string::npos) << loader.Log();
    grpc_port_ = testing::FreePort();
    registry_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            testing::BinaryPath("registry-server"),
            absl::StrCat("--listen=127.0.0.1:", grpc_port_),
            "--redis=" + UrlOf("registry"),
            "--jwt-key-file=" + dir_ + "/jwt.key", "--jwt-issuer=ngoaivu-test",
            "--redis-timeout-ms=500", "--health-interval-ms=200"},
        dir_ + "/registry.log");
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
    channel_ = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", grpc_port_),
                                         grpc::InsecureChannelCredentials(),
                                         arguments);
    stub_ = registry::v1::RegistryService::NewStub(channel_);
  }

  grpc::Status Create(const std::string& code) {
    return testing::CreateDepartment(*stub_, code, absl::Seconds(2),
                                     /*wait_for_ready=*/true);
  }

  bool Exists(const std::string& code) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(2));
    context.AddMetadata("authorization",
                        "Bearer " + testing::TestToken("admin"));
    registry::v1::GetAgencyRequest request;
    request.set_name("agencies/" + code);
    registry::v1::Agency out;
    return stub_->GetAgency(&context, request, &out).ok();
  }

  std::string dir_;
  std::string acl_dir_ = testing::MakeAclFiles();
  RedisServer primary_{RedisArgs()};
  std::unique_ptr<RedisServer> replica_;
  std::vector<int> sentinel_ports_;
  std::vector<std::unique_ptr<ChildProcess>> sentinels_;
  std::unique_ptr<ChildProcess> registry_;
  int grpc_port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<registry::v1::RegistryService::Stub> stub_;
};

TEST_F(SentinelFailoverTest, ServiceFollowsThePromotedReplicaWithoutRestart) {
  StartRegistry();
  ASSERT_TRUE(Create("BEFORE").ok()) << registry_->Log();
  const pid_t pid = registry_->pid();

  // Writes go on in the background; the primary dies under them.
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  absl::Time first_failure = absl::InfiniteFuture();
  absl::Time recovered = absl::InfiniteFuture();
  absl::Time killed = absl::InfiniteFuture();
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      const std::string code = absl::StrCat("W", i);
      const bool ok = Create(code).ok();
      std::lock_guard<std::mutex> lock(mutex);
      if (ok) {
        acknowledged.push_back(code);
        if (first_failure != absl::InfiniteFuture() &&
            recovered == absl::InfiniteFuture()) {
          recovered = absl::Now();
        }
      } else if (killed != absl::InfiniteFuture() &&
                 first_failure == absl::InfiniteFuture()) {
        first_failure = absl::Now();
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::seconds(1));
  {
    std::lock_guard<std::mutex> lock(mutex);
    killed = absl::Now();
  }
  primary_.Kill();
  for (int i = 0; i < 300; ++i) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (recovered != absl::InfiniteFuture()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  writer.join();

  ASSERT_NE(recovered, absl::InfiniteFuture())
      << "writes never succeeded again\n"
      << registry_->Log();
  EXPECT_TRUE(registry_->running());
  EXPECT_EQ(registry_->pid(), pid);
  // What was acknowledged after recovery is all there; what was
  // acknowledged just before the kill may not have reached the replica.
  int lost = 0;
  for (const std::string& code : acknowledged) lost += Exists(code) ? 0 : 1;
  EXPECT_TRUE(Create("AFTER").ok());
  EXPECT_TRUE(Exists("AFTER"));
  const double outage = absl::ToDoubleSeconds(recovered - killed);
  std::printf(
      "failover: writes failing %.2f s after the kill, back after %.2f s; "
      "%zu writes acknowledged, %d of them lost\n",
      absl::ToDoubleSeconds(first_failure - killed), outage,
      acknowledged.size(), lost);
  EXPECT_LT(outage, 20);
  // Asynchronous replication loses at most what the replica had not yet
  // received: a handful of the last writes, never a whole history.
  EXPECT_LE(lost, 20);
}

}  // namespace
}  // namespace ngoaivu
