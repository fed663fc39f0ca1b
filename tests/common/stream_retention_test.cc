// An event stream is kept at about --events-max-length entries, but never
// by trimming what a consumer group has not acknowledged: a group that
// falls behind holds the stream longer, up to the hard cap of twice the
// length, and gets every entry once it reads on. Through the real Function
// (common/lua/store.lua) on a real Redis.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/ids.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/write_plan.h"
#include "tests/support/redis_server.h"

namespace ngoaivu {
namespace {

constexpr char kStream[] = "{retention}:events";
constexpr int64_t kKeep = 10;

class StreamRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(redis_.url());
    options.size = 2;
    pool_ = std::make_unique<RedisPool>(options);
    functions_ = std::make_unique<RedisFunctions>(pool_.get(), "retention");
    ASSERT_TRUE(functions_->Load(Soon()).ok());
  }

  static absl::Time Soon() { return absl::Now() + absl::Seconds(5); }

  void Publish(int n) {
    for (int i = 0; i < n; ++i) {
      WritePlan plan;
      events::v1::Event event;
      event.set_id(NewUuid());
      event.set_type("ngoaivu.retention.v1.thing.happened");
      event.set_subject(absl::StrCat("things/", published_++));
      plan.AppendEvent(kStream, kKeep, event);
      ASSERT_TRUE(plan.Commit(*functions_, Soon()).ok());
    }
  }

  int64_t Integer(const std::vector<std::string>& command) {
    auto reply = pool_->Command(command, Soon());
    EXPECT_TRUE(reply.ok());
    return reply.ok() ? reply->get()->integer : -1;
  }

  // Reads up to `count` new entries as `group`; acknowledges them when
  // `ack`. Returns their ids.
  std::vector<std::string> Read(const std::string& group, int count, bool ack) {
    auto reply = pool_->Command({"XREADGROUP", "GROUP", group, "c", "COUNT",
                                 absl::StrCat(count), "STREAMS", kStream, ">"},
                                Soon());
    std::vector<std::string> ids;
    if (!reply.ok() || reply->get()->type != REDIS_REPLY_ARRAY) return ids;
    const redisReply* entries = reply->get()->element[0]->element[1];
    for (size_t i = 0; i < entries->elements; ++i) {
      ids.emplace_back(ReplyString(entries->element[i]->element[0]));
      if (ack) Integer({"XACK", kStream, group, ids.back()});
    }
    return ids;
  }

  std::string OldestId() {
    auto reply = pool_->Command({"XRANGE", kStream, "-", "+", "COUNT", "1"}, Soon());
    if (!reply.ok() || reply->get()->elements == 0) return "";
    return std::string(ReplyString(reply->get()->element[0]->element[0]));
  }

  testing::RedisServer redis_;
  std::unique_ptr<RedisPool> pool_;
  std::unique_ptr<RedisFunctions> functions_;
  int published_ = 0;
};

TEST_F(StreamRetentionTest, WithoutGroupsTheStreamKeepsItsLength) {
  Publish(25);
  EXPECT_EQ(Integer({"XLEN", kStream}), kKeep);
}

TEST_F(StreamRetentionTest, AGroupBehindLosesNothingAndTheStreamShrinksBack) {
  Publish(1);
  ASSERT_TRUE(pool_->Command({"XGROUP", "CREATE", kStream, "fast", "0"}).ok());
  ASSERT_TRUE(pool_->Command({"XGROUP", "CREATE", kStream, "slow", "0"}).ok());
  // `slow` reads three entries and leaves the second unacknowledged: that
  // entry is where trimming stops.
  ASSERT_EQ(Read("slow", 1, /*ack=*/true).size(), 1u);
  Publish(3);
  const std::vector<std::string> slow = Read("slow", 2, /*ack=*/false);
  ASSERT_EQ(slow.size(), 2u);
  Integer({"XACK", kStream, "slow", slow[1]});  // slow[0] stays pending
  Publish(14);  // 18 in all, 8 beyond the length
  Read("fast", 100, /*ack=*/true);
  Publish(1);
  EXPECT_EQ(OldestId(), slow[0]) << "an unacknowledged entry was trimmed";
  EXPECT_GT(Integer({"XLEN", kStream}), kKeep);

  // `slow` acknowledges its pending entry and reads on: it gets every entry
  // it had not read, then the stream is trimmed back to its length.
  Integer({"XACK", kStream, "slow", slow[0]});
  const std::vector<std::string> rest = Read("slow", 100, /*ack=*/true);
  EXPECT_EQ(rest.size(), 16u);  // all 19 but the 3 it had read
  Publish(1);
  EXPECT_EQ(Integer({"XLEN", kStream}), kKeep);
}

TEST_F(StreamRetentionTest, TheHardCapIsTwiceTheLength) {
  Publish(1);
  ASSERT_TRUE(pool_->Command({"XGROUP", "CREATE", kStream, "stalled", "0"}).ok());
  Publish(3 * kKeep);
  // The stalled group read nothing: the stream holds twice its length, the
  // oldest entries went unread, and the group's lag says so.
  EXPECT_EQ(Integer({"XLEN", kStream}), 2 * kKeep);
  const std::vector<std::string> read = Read("stalled", 100, /*ack=*/true);
  EXPECT_EQ(read.size(), static_cast<size_t>(2 * kKeep));
}

}  // namespace
}  // namespace ngoaivu
