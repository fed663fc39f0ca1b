// The notifications service following every service's stream as one
// consumer group, `notifications`, on a real Redis: a stream that does not
// exist yet is followed once it appears, each event reaches its inboxes
// once, and a consumer that dies between its write and its acknowledgement
// leaves no duplicate when another replica takes its entries over.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/stream_follower.h"
#include "common/write_plan.h"
#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/notifications/dispatcher.h"
#include "services/notifications/inbox.h"
#include "services/notifications/redis_notifications_store.h"
#include "tests/support/redis_server.h"

namespace ngoaivu::notifications {
namespace {

namespace tv1 = ::ngoaivu::tasks::v1;
namespace dv1 = ::ngoaivu::delegations::v1;

class FollowTest : public ::testing::Test {
 protected:
  FollowTest() : clock_(absl::Now()) {
    options_.endpoint = *ParseRedisUrl(redis_.url());
    pool_ = std::make_unique<RedisPool>(options_);
    functions_ = std::make_unique<RedisFunctions>(pool_.get(), "notifications");
    EXPECT_TRUE(functions_->Load(absl::Now() + absl::Seconds(5)).ok());
    store_ = std::make_unique<RedisNotificationsStore>(pool_.get(),
                                                       functions_.get(), 1000);
    const NotificationsDependencies deps{store_.get(), &clock_,
                                         PageTokens("k"), RoutingSettings{},
                                         TemplateContext{}};
    inbox_ = std::make_unique<Inbox>(deps);
    dispatcher_ = std::make_unique<Dispatcher>(deps);
  }

  std::unique_ptr<StreamFollower> Follower(const std::string& source) {
    return std::make_unique<StreamFollower>(
        std::make_unique<RedisPool>(options_), "notifications", source,
        "replica-1",
        [this](const events::v1::Event& e, absl::Time deadline) {
          return dispatcher_->Dispatch(e, deadline);
        },
        absl::Milliseconds(20), "notifications");
  }

  // Commits `event` to `{source}:events` as its service does.
  void Publish(const std::string& source, const events::v1::Event& event) {
    WritePlan plan;
    plan.AppendEvent("{" + source + "}:events", 1000, event);
    RedisFunctions functions(pool_.get(), source);
    ASSERT_TRUE(functions.Load(absl::Now() + absl::Seconds(5)).ok());
    ASSERT_TRUE(plan.Commit(functions, absl::Now() + absl::Seconds(5)).ok());
  }

  static events::v1::Event Opened(const std::string& id,
                                  const std::string& agency) {
    tv1::ObligationChanged c;
    c.mutable_obligation()->set_name("programmes/p/duties/d/obligations/" + id);
    c.mutable_obligation()->set_agency(agency);
    events::v1::Event e;
    e.set_id(id);
    e.set_type("ngoaivu.tasks.v1.obligation.opened");
    e.set_subject(c.obligation().name());
    *e.mutable_time() = ToTimestamp(absl::Now());
    e.mutable_data()->PackFrom(c);
    return e;
  }

  int64_t Unread(const std::string& agency) {
    auto n = store_->UnreadCount(agency, absl::Now() + absl::Seconds(5));
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  static int Drain(EventConsumer& consumer) {
    int handled = 0;
    for (int i = 0; i < 20; ++i) {
      auto n = consumer.PollOnce();
      EXPECT_TRUE(n.ok()) << n.status();
      if (!n.ok() || *n == 0) break;
      handled += *n;
    }
    return handled;
  }

  testing::RedisServer redis_;
  RedisPool::Options options_;
  ManualClock clock_;
  std::unique_ptr<RedisPool> pool_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<RedisNotificationsStore> store_;
  std::unique_ptr<Inbox> inbox_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(FollowTest, EveryStreamAsOneGroupEvenOneThatAppearsLater) {
  auto tasks = Follower("tasks");
  auto delegations = Follower("delegations");
  // Neither stream exists yet: polling creates the group, not an error.
  EXPECT_EQ(Drain(tasks->consumer()), 0);
  EXPECT_EQ(Drain(delegations->consumer()), 0);
  Publish("tasks", Opened("o1", "agencies/SCT"));
  dv1::Delegation d;
  d.set_name("delegations/trip");
  d.set_agency("agencies/SCT");
  d.set_title("Xúc tiến thương mại");
  events::v1::Event forwarded;
  forwarded.set_id("d1");
  forwarded.set_type("ngoaivu.delegations.v1.delegation.forwarded");
  forwarded.set_subject(d.name());
  *forwarded.mutable_time() = ToTimestamp(absl::Now());
  forwarded.mutable_data()->PackFrom(d);
  Publish("delegations", forwarded);
  EXPECT_EQ(Drain(tasks->consumer()), 1);
  EXPECT_EQ(Drain(delegations->consumer()), 1);
  EXPECT_EQ(Unread("agencies/SCT"), 2);
  EXPECT_EQ(Unread("agencies/UBND"), 1);  // the approvers: a decision awaits
  for (const char* stream : {"{tasks}:events", "{delegations}:events"}) {
    auto groups = pool_->Command({"XINFO", "GROUPS", stream});
    ASSERT_TRUE(groups.ok());
    EXPECT_EQ(ReplyString((*groups)->element[0]->element[1]), "notifications")
        << stream;
  }
}

TEST_F(FollowTest, AReplicaDyingBetweenWriteAndAckLeavesNoDuplicate) {
  for (int i = 0; i < 5; ++i) {
    Publish("tasks", Opened("o" + std::to_string(i), "agencies/SCT"));
  }
  auto options = FollowerOptions("notifications", "tasks", "doomed",
                                 absl::Milliseconds(20), "notifications");
  RedisPool doomed_pool(options_);
  // Each write done, then the replica dies before it acknowledges.
  EventConsumer doomed(
      &doomed_pool, options, [&](const StreamEvent& entry) -> absl::Status {
        if (auto s =
                dispatcher_->Dispatch(entry.event, absl::Now() + absl::Seconds(5));
            !s.ok()) {
          return s;
        }
        return absl::UnavailableError("killed before ack");
      });
  ASSERT_TRUE(doomed.PollOnce().ok());
  EXPECT_EQ(Unread("agencies/SCT"), 5);  // written, none acknowledged
  options.consumer = "survivor";
  options.claim_idle = absl::ZeroDuration();
  RedisPool survivor_pool(options_);
  EventConsumer survivor(&survivor_pool, options, [&](const StreamEvent& e) {
    return dispatcher_->Dispatch(e.event, absl::Now() + absl::Seconds(5));
  });
  EXPECT_EQ(Drain(survivor), 5);
  EXPECT_EQ(Unread("agencies/SCT"), 5);
  auto pending =
      pool_->Command({"XPENDING", "{tasks}:events", "notifications"});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ((*pending)->element[0]->integer, 0);
}

}  // namespace
}  // namespace ngoaivu::notifications
