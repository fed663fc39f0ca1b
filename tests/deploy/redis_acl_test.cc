// The suite's Redis users (deploy/redis/users.acl.in, made into an ACL file
// by deploy/redis/make-acl.sh) on a real Redis: each service writes its own
// keys through its Functions and follows the streams it consumes; every
// other access is refused by Redis itself: another service's keys, another
// service's stream beyond consuming it, loading or replacing Functions,
// dangerous commands, and anything at all without a password. And what a
// restart replays: every write made through the Functions comes back (Redis
// 7.0 replays the append-only file as `default`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/ids.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/stream_follower.h"
#include "common/tracked_cache.h"
#include "common/write_plan.h"
#include "tests/support/redis_server.h"

namespace ngoaivu {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kServices = {"registry", "tasks", "delegations",
                                            "notifications"};
// Who follows whom, as each service's main() wires it.
const std::map<std::string, std::set<std::string>> kFollows = {
    {"registry", {}},
    {"tasks", {"registry", "delegations"}},
    {"delegations", {"registry", "tasks"}},
    {"notifications", {"registry", "tasks", "delegations"}},
};

absl::Time Soon() { return absl::Now() + absl::Seconds(2); }

class RedisAclTest : public ::testing::Test {
 protected:
  ~RedisAclTest() override {
    std::error_code ignored;
    std::filesystem::remove_all(acl_dir_, ignored);
  }

  std::string Password(const std::string& user) const {
    return testing::AclPassword(acl_dir_, user);
  }

  RedisEndpoint EndpointOf(const std::string& user) const {
    RedisEndpoint endpoint = *ParseRedisUrl(redis_.url());
    endpoint.user = user;
    endpoint.password = Password(user);
    return endpoint;
  }

  std::unique_ptr<RedisPool> PoolOf(const std::string& user, int size = 2) {
    RedisPool::Options options;
    options.endpoint = EndpointOf(user);
    options.size = size;
    return std::make_unique<RedisPool>(options);
  }

  // The reply's text ("NOPERM ..." for a refusal); "" when the command
  // could not be sent at all.
  static std::string Reply(RedisPool& pool,
                           const std::vector<std::string>& command) {
    auto reply = pool.Command(command, Soon());
    return reply.ok() ? std::string(ReplyString(reply->get())) : "";
  }

  static long long Integer(RedisPool& pool,
                           const std::vector<std::string>& command) {
    auto reply = pool.Command(command, Soon());
    return reply.ok() && reply->get()->type == REDIS_REPLY_INTEGER
               ? reply->get()->integer
               : -1;
  }

  static bool Refused(RedisPool& pool,
                      const std::vector<std::string>& command) {
    auto reply = pool.Command(command, Soon());
    return reply.ok() && IsError(reply->get()) &&
           ReplyString(reply->get()).substr(0, 6) == "NOPERM";
  }

  void LoadFunctionsOf(const std::string& service) {
    auto loader = PoolOf("functions", 1);
    RedisFunctions functions(loader.get(), service);
    ASSERT_TRUE(functions.Load(Soon()).ok()) << service;
  }

  // One record and one event written by `service` through its Functions.
  absl::Status WriteAs(const std::string& service, const std::string& key) {
    auto pool = PoolOf(service);
    RedisFunctions functions(pool.get(), service);
    WritePlan plan;
    plan.HashSet(absl::StrCat("{", service, "}:", key), {{"v", "1"}});
    events::v1::Event event;
    event.set_id(NewUuid());
    event.set_type(absl::StrCat(service, ".v1.thing.happened"));
    event.set_subject(key);
    plan.AppendEvent(absl::StrCat("{", service, "}:events"), 1000, event);
    return plan.Commit(functions, Soon()).status();
  }

  std::string acl_dir_ = testing::MakeAclFiles();
  testing::RedisServer redis_{{"--aclfile", acl_dir_ + "/users.acl"}};
};

TEST_F(RedisAclTest, EachServiceWritesItsOwnKeysThroughItsFunctions) {
  for (const std::string& service : kServices) {
    LoadFunctionsOf(service);
    auto pool = PoolOf(service);
    RedisFunctions functions(pool.get(), service);
    // Already loaded with this very code: nothing for the service to do.
    EXPECT_TRUE(functions.Load(Soon()).ok()) << service;
    ASSERT_TRUE(WriteAs(service, "x").ok()) << service;
    EXPECT_EQ(Reply(*pool, {"HGET", absl::StrCat("{", service, "}:x"), "v"}),
              "1")
        << service;
  }
}

TEST_F(RedisAclTest, NoServiceReadsOrWritesAnotherServicesKeys) {
  for (const std::string& service : kServices) LoadFunctionsOf(service);
  for (const std::string& service : kServices) {
    auto pool = PoolOf(service);
    for (const std::string& other : kServices) {
      if (other == service) continue;
      const std::string key = absl::StrCat("{", other, "}:x");
      const std::string events = absl::StrCat("{", other, "}:events");
      SCOPED_TRACE(service + " on " + other);
      EXPECT_TRUE(Refused(*pool, {"HGET", key, "v"}));
      EXPECT_TRUE(Refused(*pool, {"HSET", key, "v", "2"}));
      EXPECT_TRUE(Refused(*pool, {"DEL", key}));
      EXPECT_TRUE(Refused(*pool, {"XADD", events, "*", "forged", "1"}));
      EXPECT_TRUE(Refused(*pool, {"XTRIM", events, "MAXLEN", "0"}));
      EXPECT_TRUE(Refused(*pool, {"DEL", events}));
      // Another service's Function on that service's keys: still refused,
      // a Function runs with its caller's rights.
      EXPECT_TRUE(
          Refused(*pool, {"FCALL", absl::StrCat(other, "_page"), "1", key}));
    }
  }
}

TEST_F(RedisAclTest, NoServiceLoadsOrReplacesFunctionsOrRunsItsOwnScripts) {
  auto pool = PoolOf("tasks");
  RedisFunctions functions(pool.get(), "tasks");
  const absl::Status load = functions.Load(Soon());
  EXPECT_EQ(load.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(load.message()),
              HasSubstr("tasks-server --load-redis-functions"));
  LoadFunctionsOf("registry");
  const std::string library =
      "#!lua name=registry\nredis.register_function('registry_page', "
      "function() return 1 end)";
  EXPECT_TRUE(Refused(*pool, {"FUNCTION", "LOAD", "REPLACE", library}));
  EXPECT_TRUE(Refused(*pool, {"FUNCTION", "DELETE", "registry"}));
  EXPECT_TRUE(Refused(*pool, {"FUNCTION", "FLUSH"}));
  EXPECT_TRUE(Refused(*pool, {"EVAL", "return 1", "0"}));
  for (const std::vector<std::string>& dangerous :
       std::vector<std::vector<std::string>>{{"FLUSHALL"},
                                             {"KEYS", "*"},
                                             {"SCAN", "0"},
                                             {"CONFIG", "SET", "save", ""},
                                             {"ACL", "LIST"},
                                             {"DEBUG", "SLEEP", "0"},
                                             {"SHUTDOWN"}}) {
    EXPECT_TRUE(Refused(*pool, dangerous)) << dangerous[0];
  }
  // The registry's library is still the registry's.
  RedisFunctions registry(pool.get(), "registry");
  EXPECT_TRUE(*registry.IsLoaded(Soon()));
}

TEST_F(RedisAclTest, WithoutAPasswordNothingAndTheProbeOnlyPingsAndAsksInfo) {
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(redis_.url());
  options.size = 1;
  RedisPool anonymous(options);
  EXPECT_THAT(Reply(anonymous, {"PING"}), HasSubstr("NOAUTH"));
  EXPECT_THAT(Reply(anonymous, {"GET", "{registry}:x"}), HasSubstr("NOAUTH"));
  EXPECT_THAT(Reply(anonymous, {"AUTH", "default", ""}),
              HasSubstr("WRONGPASS"));
  auto probe = PoolOf("probe", 1);
  EXPECT_EQ(Reply(*probe, {"PING"}), "PONG");
  EXPECT_THAT(Reply(*probe, {"INFO", "stats"}),
              HasSubstr("unexpected_error_replies:0"));
  EXPECT_TRUE(Refused(*probe, {"GET", "{registry}:x"}));
  EXPECT_TRUE(Refused(*probe, {"CONFIG", "GET", "*"}));
  RedisEndpoint wrong = EndpointOf("registry");
  wrong.password = "not-the-password";
  options.endpoint = wrong;
  RedisPool refused(options);
  EXPECT_FALSE(refused.Command({"PING"}, Soon()).ok());
}

// Backups (deploy/redis/backup-rdb.sh) take the whole data set as a
// replica would, through `redis-cli --rdb` as `backup`; that user reads,
// writes and lists no key and changes no setting.
TEST_F(RedisAclTest, TheBackupUserTakesSnapshotsAndNothingElse) {
  LoadFunctionsOf("registry");
  ASSERT_TRUE(WriteAs("registry", "kept").ok());
  const std::string rdb = acl_dir_ + "/snapshot.rdb";
  const std::string take = absl::StrCat(
      "REDISCLI_AUTH=", Password("backup"),
      " redis-cli --no-auth-warning --user backup -p ", redis_.port(),
      " --rdb ", rdb, " >/dev/null 2>&1");
  ASSERT_EQ(std::system(take.c_str()), 0);
  std::ifstream snapshot(rdb, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(snapshot)), {});
  EXPECT_EQ(bytes.substr(0, 5), "REDIS");
  EXPECT_THAT(bytes, HasSubstr("{registry}:kept"));
  auto backup = PoolOf("backup", 1);
  EXPECT_EQ(Reply(*backup, {"PING"}), "PONG");
  EXPECT_TRUE(Refused(*backup, {"GET", "{registry}:kept"}));
  EXPECT_TRUE(Refused(*backup, {"HGET", "{registry}:kept", "v"}));
  EXPECT_TRUE(Refused(*backup, {"SCAN", "0"}));
  EXPECT_TRUE(Refused(*backup, {"FLUSHALL"}));
  EXPECT_TRUE(Refused(*backup, {"CONFIG", "SET", "appendonly", "no"}));
  EXPECT_TRUE(Refused(*backup, {"FUNCTION", "FLUSH"}));
}

// The tests' Redis (tests/support/redis_server.cc) runs the suite's one
// configuration, deploy/redis/redis.conf, as run.sh and Kubernetes do
// (tests/suite/durability_test.sh and manifests_test check those); only
// appendfsync is the test's own.
TEST_F(RedisAclTest, TheTestsRedisRunsTheSuitesConfiguration) {
  std::ifstream in(std::string(NGOAIVU_SOURCE_DIR) + "/deploy/redis/redis.conf");
  auto admin = PoolOf("admin", 1);
  int settings = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::string name = line.substr(0, line.find(' '));
    std::string value = line.substr(line.find(' ') + 1);
    if (value == "\"\"") value.clear();
    if (name == "appendfsync") continue;
    auto reply = admin->Command({"CONFIG", "GET", name}, Soon());
    ASSERT_TRUE(reply.ok());
    ASSERT_EQ(reply->get()->elements, 2u) << name;
    EXPECT_EQ(ReplyString(reply->get()->element[1]), value) << name;
    ++settings;
  }
  EXPECT_GE(settings, 5);
}

// What Redis 7.0 does on a restart: it replays the append-only file as the
// `default` user and checks that user's rights again at every EXEC (a
// Function's effects are logged as MULTI/EXEC). Under these users every
// write comes back, after a clean stop and after SIGKILL.
TEST_F(RedisAclTest, EveryWriteThroughTheFunctionsComesBackAfterARestart) {
  for (const std::string& service : kServices) LoadFunctionsOf(service);
  // A new connection each time: a restart closes the old ones.
  auto keys = [&] { return Integer(*PoolOf("admin", 1), {"DBSIZE"}); };
  int written = 0;
  auto write_all = [&](const std::string& round) {
    for (const std::string& service : kServices) {
      for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(WriteAs(service, absl::StrCat(round, i)).ok()) << service;
        ++written;
      }
    }
  };
  write_all("before-stop-");
  const long long before_stop = keys();
  ASSERT_GT(before_stop, 80);
  redis_.Stop();
  redis_.Start();
  EXPECT_EQ(keys(), before_stop);
  write_all("before-kill-");
  const long long before_kill = keys();
  redis_.Kill();
  redis_.Start();
  EXPECT_EQ(keys(), before_kill);
  for (const std::string& service : kServices) {
    auto pool = PoolOf(service);
    EXPECT_EQ(Reply(*pool, {"HGET", absl::StrCat("{", service, "}:before-stop-7"),
                            "v"}),
              "1")
        << service;
    EXPECT_EQ(Integer(*pool, {"XLEN", absl::StrCat("{", service, "}:events")}),
              40)
        << service;
  }
  EXPECT_EQ(written, 160);
  auto probe = PoolOf("probe", 1);
  EXPECT_THAT(Reply(*probe, {"INFO", "stats"}),
              HasSubstr("unexpected_error_replies:0"));
}

TEST_F(RedisAclTest, EachServiceFollowsExactlyTheStreamsItConsumes) {
  for (const std::string& service : kServices) LoadFunctionsOf(service);
  for (const std::string& source : kServices) {
    ASSERT_TRUE(WriteAs(source, "followed").ok()) << source;
  }
  for (const auto& [service, sources] : kFollows) {
    for (const std::string& source : kServices) {
      if (source == service) continue;
      SCOPED_TRACE(service + " following " + source);
      std::atomic<int> seen{0};
      StreamFollower follower(
          PoolOf(service), service, source, "acl-test",
          [&seen](const events::v1::Event&, absl::Time) {
            ++seen;
            return absl::OkStatus();
          },
          absl::Milliseconds(50));
      const bool allowed = sources.count(source) > 0;
      auto pool = PoolOf(service);
      if (!allowed) {
        EXPECT_TRUE(
            Refused(*pool, {"XGROUP", "CREATE",
                            absl::StrCat("{", source, "}:events"), "g", "0"}));
        EXPECT_TRUE(Refused(
            *pool,
            {"XRANGE", absl::StrCat("{", source, "}:events"), "-", "+"}));
        continue;
      }
      follower.Start();
      for (int i = 0; i < 100 && seen == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      follower.Stop();
      EXPECT_EQ(seen, 1);
      // Consumed, and acknowledged: nothing pending in its group.
      const std::string group =
          FollowerOptions(service, source, "acl-test", absl::Seconds(1)).group;
      auto pending = pool->Command(
          {"XPENDING", absl::StrCat("{", source, "}:events"), group}, Soon());
      ASSERT_TRUE(pending.ok());
      ASSERT_FALSE(IsError(pending->get())) << ReplyString(pending->get());
      EXPECT_EQ(pending->get()->element[0]->integer, 0);
    }
  }
}

TEST_F(RedisAclTest, TheReadCacheHearsOfChangesUnderTheServicesUser) {
  LoadFunctionsOf("registry");
  TrackedCache cache(
      TrackedCache::Options{EndpointOf("registry"), {"{registry}:x"}, 100});
  cache.Start();
  for (int i = 0; i < 100 && !cache.live(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(cache.live());
  const std::string key = "{registry}:x";
  cache.Fill(key, cache.FillToken(key), "old");
  ASSERT_EQ(cache.Get(key), "old");
  ASSERT_TRUE(WriteAs("registry", "x").ok());
  for (int i = 0; i < 100 && cache.Get(key).has_value(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_FALSE(cache.Get(key).has_value());
  cache.Stop();
}

}  // namespace
}  // namespace ngoaivu
