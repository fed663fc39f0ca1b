// The registry client every service but the registry uses, on its own: the
// read model fed by `{registry}:events` through a consumer group named by
// the using service, seeded from the registry's lists for what the stream no
// longer holds, and the directory that asks the model first and the registry
// (within the caller's deadline) for the rest. Officials and group join
// times included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/redis_functions.h"
#include "common/registry_client/registry_follower.h"
#include "common/registry_client/registry_read_model.h"
#include "common/tracked_cache.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "tests/support/registry_harness.h"
#include "tests/support/seed.h"

namespace ngoaivu {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::RegistryHarness;
using ::ngoaivu::testing::TestToken;
namespace reg = ::ngoaivu::registry::v1;

class RegistryClientTest : public ::testing::Test {
 protected:
  RegistryClientTest() {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(h_.redis_server().url());
    redis_ = std::make_unique<RedisPool>(options);
    functions_ = std::make_unique<RedisFunctions>(redis_.get(), "probe");
    EXPECT_TRUE(functions_->Load(absl::Now() + absl::Seconds(5)).ok());
    model_ = std::make_unique<RegistryReadModel>(redis_.get(), functions_.get(),
                                                 "probe");
    registry_ = std::make_unique<RegistryDirectory>(
        h_.channel(), TestToken("system", "agencies/SNGV"));
    directory_ =
        std::make_unique<ReadModelDirectory>(model_.get(), registry_.get());
    follower_redis_ = std::make_unique<RedisPool>(options);
    follower_ = std::make_unique<RegistryFollower>(
        follower_redis_.get(), model_.get(), "probe", "probe-test",
        [this](const events::v1::Event& event, absl::Time) {
          followed_.push_back(event.type());
          return absl::OkStatus();
        },
        absl::Milliseconds(20));
  }
  int Follow() {
    int handled = 0;
    for (;;) {
      auto n = follower_->consumer().PollOnce();
      EXPECT_TRUE(n.ok()) << n.status();
      if (!n.ok() || *n == 0) return handled;
      handled += *n;
    }
  }
  void AddOfficial(const std::string& agency, const std::string& id,
                   const std::string& full_name) {
    reg::CreateOfficialRequest r;
    r.set_parent("agencies/" + agency);
    r.set_official_id(id);
    r.mutable_official()->set_full_name(full_name);
    r.mutable_official()->set_position("Phó Giám đốc");
    r.set_request_id("official-" + id);
    reg::Official out;
    grpc::Status s = h_.stub().CreateOfficial(Context().get(), r, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  absl::Time Deadline() { return absl::Now() + absl::Seconds(5); }

  RegistryHarness h_;
  std::unique_ptr<RedisPool> redis_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<RegistryReadModel> model_;
  std::unique_ptr<RegistryDirectory> registry_;
  std::unique_ptr<ReadModelDirectory> directory_;
  std::unique_ptr<RedisPool> follower_redis_;
  std::unique_ptr<RegistryFollower> follower_;
  std::vector<std::string> followed_;
};

TEST_F(RegistryClientTest,
       FollowsAgenciesGroupsAndOfficialsAndServesThemAlone) {
  ::ngoaivu::testing::SeedAgencies(h_, {"SNGV", "SCT", "UBND-TBI"});
  ::ngoaivu::testing::SeedGroup(h_, "border", {"UBND-TBI"});
  AddOfficial("SNGV", "nguyen-van-a", "Nguyễn Văn A");
  const int events = Follow();
  EXPECT_GT(events, 0);
  // The service's own effects saw every event, after the model took it in.
  EXPECT_EQ(static_cast<int>(followed_.size()), events);
  // The consumer group is named by the using service.
  auto groups = redis_->Command({"XINFO", "GROUPS", kRegistryEventStream});
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(ReplyString((*groups)->element[0]->element[1]), "probe-registry");

  h_.StopServing();  // from here on, the model alone answers
  auto official = directory_->FindOfficial(
      "agencies/SNGV/officials/nguyen-van-a", Deadline());
  ASSERT_TRUE(official.ok()) << official.status();
  EXPECT_EQ(official->full_name(), "Nguyễn Văn A");
  EXPECT_TRUE(directory_->CheckActive("agencies/SCT", Deadline()).ok());
  auto members = directory_->ActiveMembers("groups/border", Deadline());
  ASSERT_TRUE(members.ok()) << members.status();
  EXPECT_THAT(*members, ::testing::ElementsAre("agencies/UBND-TBI"));
  // When a member joined is remembered from the event.
  auto joined = directory_->JoinedGroupAt("groups/border", "agencies/UBND-TBI",
                                          Deadline());
  ASSERT_TRUE(joined.ok()) << joined.status();
  ASSERT_TRUE(joined->has_value());
  EXPECT_LT(absl::Now() - **joined, absl::Minutes(1));
  // To the microsecond of the event, as the activation time it is compared
  // with: a member added in the same second as an activation, after it,
  // joined after it.
  for (const auto& e : h_.Events()) {
    if (e.type() == "ngoaivu.registry.v1.group.members_added") {
      EXPECT_EQ(**joined, absl::FromUnixMicros(absl::ToUnixMicros(
                              FromTimestamp(e.time()))));
    }
  }
  // What the model never saw is asked of the registry, which is down.
  EXPECT_EQ(
      directory_->FindOfficial("agencies/SNGV/officials/tran-b", Deadline())
          .status()
          .code(),
      absl::StatusCode::kUnavailable);
}

TEST_F(RegistryClientTest, AJoinHandledLateNeverHidesALaterOne) {
  ::ngoaivu::testing::SeedAgencies(h_, {"SCT"});
  ::ngoaivu::testing::SeedGroup(h_, "border", {"SCT"});
  EXPECT_GT(Follow(), 0);
  auto joined =
      directory_->JoinedGroupAt("groups/border", "agencies/SCT", Deadline());
  ASSERT_TRUE(joined.ok() && joined->has_value());
  // The same join entry, as an older one handled late by another replica,
  // claiming an earlier time: the newer record stays.
  for (const auto& e : h_.Events()) {
    if (e.type() != "ngoaivu.registry.v1.group.members_added") continue;
    events::v1::Event older = e;
    older.mutable_time()->set_seconds(1000);
    ASSERT_TRUE(model_->Apply({"0-1", older}, Deadline()).ok());
  }
  auto after =
      directory_->JoinedGroupAt("groups/border", "agencies/SCT", Deadline());
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ(**after, **joined);
}

TEST_F(RegistryClientTest, SeedsOnceFromTheListsWhatTheStreamNoLongerHolds) {
  ::ngoaivu::testing::SeedAgencies(h_, {"SNGV", "SCT"});
  ::ngoaivu::testing::SeedGroup(h_, "border", {"SCT"});
  AddOfficial("SCT", "le-thi-c", "Lê Thị C");
  // The stream was trimmed before this service first read it.
  ASSERT_TRUE(
      redis_->Command({"XTRIM", kRegistryEventStream, "MAXLEN", "0"}).ok());
  EXPECT_EQ(Follow(), 0);
  auto seeded = model_->SeedOnce(*registry_, Deadline());
  ASSERT_TRUE(seeded.ok()) << seeded.status();
  EXPECT_EQ(*seeded, 4);  // two agencies, one group, one official
  seeded = model_->SeedOnce(*registry_, Deadline());
  ASSERT_TRUE(seeded.ok());
  EXPECT_EQ(*seeded, 0);  // once
  h_.StopServing();
  auto official =
      model_->FindOfficial("agencies/SCT/officials/le-thi-c", Deadline());
  ASSERT_TRUE(official.ok());
  ASSERT_TRUE(official->has_value());
  EXPECT_EQ((*official)->full_name(), "Lê Thị C");
  EXPECT_TRUE(directory_->CheckActive("agencies/SNGV", Deadline()).ok());
}

// The read model behind a tracked cache, as RegistryClient builds it: a
// change the model takes in is served at once, and a change made by another
// replica's model reaches this one's cache through Redis's announcements.
TEST_F(RegistryClientTest, CachedModelServesEveryChangeItOrAnotherMakes) {
  TrackedCache cache(
      TrackedCache::Options{*ParseRedisUrl(h_.redis_server().url()),
                            {RegistryReadModel::CachePrefix("probe")}});
  cache.Start();
  RegistryReadModel cached(redis_.get(), functions_.get(), "probe", &cache);
  ::ngoaivu::testing::SeedAgencies(h_, {"SNGV"});
  AddOfficial("SNGV", "nguyen-van-a", "Nguyễn Văn A");
  const std::string name = "agencies/SNGV/officials/nguyen-van-a";
  for (const auto& e : h_.Events()) {
    ASSERT_TRUE(cached.Apply({"1-1", e}, Deadline()).ok());
  }
  for (int i = 0; i < 50 && !cache.live(); ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(cache.live());
  auto first = cached.FindOfficial(name, Deadline());
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->position(), "Phó Giám đốc");
  // Its own change: served at once.
  reg::Official promoted = **first;
  promoted.set_position("Giám đốc");
  events::v1::Event changed;
  changed.set_type("ngoaivu.registry.v1.official.updated");
  reg::OfficialChanged payload;
  *payload.mutable_official() = promoted;
  changed.mutable_data()->PackFrom(payload);
  ASSERT_TRUE(cached.Apply({"2-1", changed}, Deadline()).ok());
  auto second = cached.FindOfficial(name, Deadline());
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->position(), "Giám đốc");
  // Another replica's change (the uncached model, same keys): announced.
  promoted.set_position("Chủ tịch");
  *payload.mutable_official() = promoted;
  changed.mutable_data()->PackFrom(payload);
  ASSERT_TRUE(model_->Apply({"3-1", changed}, Deadline()).ok());
  std::string position;
  for (int i = 0; i < 100 && position != "Chủ tịch"; ++i) {
    auto third = cached.FindOfficial(name, Deadline());
    ASSERT_TRUE(third.ok() && third->has_value());
    position = (*third)->position();
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(position, "Chủ tịch");
  cache.Stop();
}

}  // namespace
}  // namespace ngoaivu
