// The consumer-group runner against a real Redis: a consumer killed in the
// middle of a batch gets its pending entries again and each effect happens
// once; a dead consumer's entries are taken over; poison entries are parked.
#include "common/event_consumer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/ids.h"
#include "common/redis_functions.h"
#include "common/write_plan.h"
#include "tests/support/redis_server.h"

namespace ngoaivu {
namespace {

constexpr char kStream[] = "{producer}:events";
constexpr char kSeen[] = "{consumer}:seen";
constexpr char kEffects[] = "{consumer}:effects";

class EventConsumerTest : public ::testing::Test {
 protected:
  std::unique_ptr<RedisPool> NewPool() {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(redis_.url());
    options.size = 2;
    return std::make_unique<RedisPool>(options);
  }

  void Publish(int n) {
    auto pool = NewPool();
    for (int i = 0; i < n; ++i) {
      events::v1::Event event;
      event.set_id(NewUuid());
      event.set_type("test.v1.thing.happened");
      event.set_subject(absl::StrCat("things/", i));
      ASSERT_TRUE(
          pool->Command({"XADD", kStream, "*", "id", event.id(), "type",
                         event.type(), "event", event.SerializeAsString()})
              .ok());
    }
  }

  EventConsumer::Options Options(const std::string& consumer) {
    EventConsumer::Options o;
    o.stream = kStream;
    o.group = "projector";
    o.consumer = consumer;
    o.seen_key = kSeen;
    o.failures_key = "{consumer}:failures";
    o.dead_letter_stream = "{consumer}:dead-letter";
    o.batch = 4;
    o.block = absl::Milliseconds(50);
    o.claim_idle = absl::Seconds(60);
    o.max_deliveries = 3;
    return o;
  }

  // The effect: one entry in an effects stream per application, applied
  // with the seen mark in one atomic plan.
  absl::Status ApplyEffect(RedisFunctions& functions, const StreamEvent& e) {
    WritePlan plan;
    plan.SkipIfSeen(kSeen, e.event.id(), absl::Now());
    events::v1::Event effect;
    effect.set_id(e.event.id());
    effect.set_subject(e.event.subject());
    plan.AppendEvent(kEffects, 100000, effect);
    return plan.Commit(functions, absl::Now() + absl::Seconds(2)).status();
  }

  std::map<std::string, int> EffectCounts() {
    auto pool = NewPool();
    std::map<std::string, int> counts;
    auto reply = pool->Command({"XRANGE", kEffects, "-", "+"});
    const redisReply* r = reply->get();
    for (size_t i = 0; i < r->elements; ++i) {
      const redisReply* fields = r->element[i]->element[1];
      for (size_t f = 0; f + 1 < fields->elements; f += 2) {
        if (ReplyString(fields->element[f]) == "subject") {
          ++counts[std::string(ReplyString(fields->element[f + 1]))];
        }
      }
    }
    return counts;
  }

  long long Count(const std::vector<std::string>& command) {
    auto pool = NewPool();
    auto reply = pool->Command(command);
    return (*reply)->integer;
  }

  testing::RedisServer redis_;
};

TEST_F(EventConsumerTest, KilledMidBatchRedeliversAndAppliesEachEffectOnce) {
  Publish(10);
  const pid_t child = fork();
  if (child == 0) {
    // A fresh process: its own connections. Dies right after the third
    // effect, before acknowledging it (or anything else in its batch).
    auto pool = NewPool();
    RedisFunctions functions(pool.get(), "consumer");
    int applied = 0;
    EventConsumer consumer(pool.get(), Options("replica-1"),
                           [&](const StreamEvent& e) -> absl::Status {
                             absl::Status s = ApplyEffect(functions, e);
                             if (++applied == 3) _exit(0);
                             return s;
                           });
    if (!consumer.EnsureGroup().ok()) _exit(2);
    for (int i = 0; i < 10; ++i) consumer.PollOnce().IgnoreError();
    _exit(3);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_EQ(EffectCounts().size(), 3u);
  // Two were acknowledged; the third was applied but not acknowledged, and
  // the fourth was delivered but not handled.
  EXPECT_EQ(Count({"XLEN", kStream}), 10);
  auto pending_reply = NewPool()->Command({"XPENDING", kStream, "projector"});
  EXPECT_EQ((*pending_reply)->element[0]->integer, 2);

  // The same consumer restarts and first re-reads its own pending entries.
  auto pool = NewPool();
  RedisFunctions functions(pool.get(), "consumer");
  int handled = 0;
  EventConsumer consumer(pool.get(), Options("replica-1"),
                         [&](const StreamEvent& e) {
                           ++handled;
                           return ApplyEffect(functions, e);
                         });
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(consumer.PollOnce().ok());
  const auto counts = EffectCounts();
  EXPECT_EQ(counts.size(), 10u);
  for (const auto& [subject, n] : counts) EXPECT_EQ(n, 1) << subject;
  pending_reply = NewPool()->Command({"XPENDING", kStream, "projector"});
  EXPECT_EQ((*pending_reply)->element[0]->integer, 0);
}

TEST_F(EventConsumerTest, DeadConsumersEntriesAreClaimedAfterIdleTime) {
  Publish(3);
  auto pool = NewPool();
  RedisFunctions functions(pool.get(), "consumer");
  // replica-1 reads everything and "dies" (its handler fails once, no ack).
  EventConsumer dying(pool.get(), Options("replica-1"), [](const StreamEvent&) {
    return absl::UnavailableError("crashed");
  });
  ASSERT_TRUE(dying.EnsureGroup().ok());
  ASSERT_TRUE(dying.PollOnce().ok());
  EXPECT_TRUE(EffectCounts().empty());

  auto options = Options("replica-2");
  options.claim_idle = absl::Milliseconds(100);
  EventConsumer survivor(pool.get(), options, [&](const StreamEvent& e) {
    return ApplyEffect(functions, e);
  });
  ASSERT_TRUE(survivor.PollOnce().ok());
  EXPECT_TRUE(EffectCounts().empty()) << "claimed before the idle time";
  absl::SleepFor(absl::Milliseconds(150));
  ASSERT_TRUE(survivor.PollOnce().ok());
  EXPECT_EQ(EffectCounts().size(), 3u);
}

TEST_F(EventConsumerTest, PoisonEntriesGoToTheDeadLetterStream) {
  Publish(2);
  auto pool = NewPool();
  ASSERT_TRUE(
      pool->Command({"XADD", kStream, "*", "event", "not protobuf \xFF"}).ok());
  RedisFunctions functions(pool.get(), "consumer");
  int attempts_on_first = 0;
  std::string first_id;
  EventConsumer consumer(pool.get(), Options("replica-1"),
                         [&](const StreamEvent& e) -> absl::Status {
                           if (first_id.empty()) first_id = e.event.id();
                           if (e.event.id() == first_id) {
                             ++attempts_on_first;
                             return absl::InternalError("cannot apply");
                           }
                           return ApplyEffect(functions, e);
                         });
  ASSERT_TRUE(consumer.EnsureGroup().ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(consumer.PollOnce().ok());
  EXPECT_EQ(attempts_on_first, 3);  // max_deliveries
  EXPECT_EQ(EffectCounts().size(), 1u);
  EXPECT_EQ(Count({"XLEN", "{consumer}:dead-letter"}), 2);  // failing + garbage
  auto pending_reply = pool->Command({"XPENDING", kStream, "projector"});
  EXPECT_EQ((*pending_reply)->element[0]->integer, 0);
}

}  // namespace
}  // namespace ngoaivu

namespace ngoaivu {
namespace {

// Creates the group and polls until `wanted` entries were handled (ten
// passes at most); returns how many were.
int ReadAll(EventConsumer& consumer, int wanted) {
  if (!consumer.EnsureGroup().ok()) return -1;
  int handled = 0;
  for (int i = 0; i < 10 && handled < wanted; ++i) {
    handled += *consumer.PollOnce();
  }
  return handled;
}

// The stream is capped: a group far behind loses entries to trimming. The
// consumer counts them (its housekeeping logs and counts what is new).
TEST_F(EventConsumerTest, NoticesEntriesTrimmedBeforeTheGroupReadThem) {
  Publish(10);
  auto pool = NewPool();
  EventConsumer consumer(pool.get(), Options("reader"),
                         [](const StreamEvent&) { return absl::OkStatus(); });
  ASSERT_EQ(ReadAll(consumer, 10), 10);
  // Trimming what the group has read loses nothing.
  Count({"XTRIM", kStream, "MAXLEN", "=", "2"});
  EXPECT_EQ(*consumer.EntriesLostToTrimming(), 0);

  Publish(10);
  Count({"XTRIM", kStream, "MAXLEN", "=", "3"});  // 7 unread entries gone
  EXPECT_EQ(*consumer.EntriesLostToTrimming(), 7);
  EXPECT_EQ(ReadAll(consumer, 3), 3);
  // Reading on loses nothing more (the count is seen while the group is
  // behind the gap; housekeeping runs every second, and a stream of a
  // million entries is not read through in one).
  EXPECT_LE(*consumer.EntriesLostToTrimming(), 7);
}

// Redis 7.0 replays a group's reads from its append-only file (and sends
// them to replicas) without the group's read count (redis/redis#12898):
// after a restart the count is the one of the file's last rewrite. A group
// that has read everything must not then be said to have lost entries when
// the stream is trimmed.
TEST_F(EventConsumerTest, AReadCountRedisForgotIsNoLoss) {
  Publish(10);
  auto pool = NewPool();
  EventConsumer consumer(pool.get(), Options("reader"),
                         [](const StreamEvent&) { return absl::OkStatus(); });
  ASSERT_EQ(ReadAll(consumer, 10), 10);
  auto last = pool->Command({"XREVRANGE", kStream, "+", "-", "COUNT", "1"});
  ASSERT_TRUE(last.ok());
  const std::string last_id(ReplyString((*last)->element[0]->element[0]));
  // What an AOF replay leaves: the position right, the count as it was.
  auto set = pool->Command(
      {"XGROUP", "SETID", kStream, "projector", last_id, "ENTRIESREAD", "2"});
  ASSERT_TRUE(set.ok());
  ASSERT_FALSE(IsError(set->get()));
  Count({"XTRIM", kStream, "MAXLEN", "=", "3"});
  EXPECT_EQ(*consumer.EntriesLostToTrimming(), 0);
}

}  // namespace
}  // namespace ngoaivu
