// The Redis-tracked read cache: coherent with changes made by anyone, and
// never serving what it cannot vouch for.
#include "common/tracked_cache.h"

#include <gtest/gtest.h>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/records.h"
#include "tests/support/redis_server.h"

namespace ngoaivu {
namespace {

class TrackedCacheTest : public ::testing::Test {
 protected:
  TrackedCacheTest() {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(redis_.url());
    pool_ = std::make_unique<RedisPool>(options);
    cache_ = std::make_unique<TrackedCache>(TrackedCache::Options{
        options.endpoint, {"{t}:rec:", "{t}:index"}, 100, 4});
    cache_->Start();
    WaitLive(true);
  }
  void WaitLive(bool live) {
    for (int i = 0; i < 100 && cache_->live() != live; ++i) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    ASSERT_EQ(cache_->live(), live);
  }
  // Waits until the announcement of a change reached the cache.
  bool Dropped(const std::string& key) {
    for (int i = 0; i < 100; ++i) {
      if (!cache_->Get(key).has_value()) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return false;
  }

  // Returns once the cache has seen the invalidations of every write made
  // so far (they arrive in order, so once that of a last write is seen): a
  // late one would drop a fill made after it, which is right for the cache
  // but not what a test that counts reads means.
  void Settle() {
    const std::string last = "{t}:rec:settled";
    cache_->Fill(last, cache_->FillToken(last), "x");
    ASSERT_TRUE(cache_->Get(last).has_value());
    ASSERT_TRUE(pool_->Command({"SET", last, "x"}).ok());
    ASSERT_TRUE(Dropped(last));
  }

  // Records "v-<id>" at "{t}:rec:<id>", each listed in "{t}:index", settled.
  void AddRecords(std::initializer_list<const char*> ids) {
    for (const char* id : ids) {
      ASSERT_TRUE(pool_->Command({"ZADD", "{t}:index", "0", id}).ok());
      ASSERT_TRUE(pool_
                      ->Command({"HSET", std::string("{t}:rec:") + id, "pb",
                                 std::string("v-") + id})
                      .ok());
    }
    Settle();
  }

  testing::RedisServer redis_;
  std::unique_ptr<RedisPool> pool_;
  std::unique_ptr<TrackedCache> cache_;
};

TEST_F(TrackedCacheTest, ChangesByAnyClientDropTheEntry) {
  cache_->Fill("{t}:rec:1", cache_->FillToken("{t}:rec:1"), "v1");
  ASSERT_EQ(cache_->Get("{t}:rec:1"), "v1");
  // Another client (another replica) changes the key.
  ASSERT_TRUE(pool_->Command({"HSET", "{t}:rec:1", "pb", "v2"}).ok());
  EXPECT_TRUE(Dropped("{t}:rec:1"));
  // Keys outside the tracked prefixes are not announced.
  cache_->Fill("{t}:other", cache_->FillToken("{t}:other"), "x");
  ASSERT_TRUE(pool_->Command({"SET", "{t}:other", "y"}).ok());
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(cache_->Get("{t}:other"), "x");
}

TEST_F(TrackedCacheTest, AFillThatRacedWithAChangeIsNotStored) {
  const uint64_t token = cache_->FillToken("{t}:rec:2");
  // The value was read, then changed before the fill lands.
  ASSERT_TRUE(pool_->Command({"HSET", "{t}:rec:2", "pb", "new"}).ok());
  for (int i = 0; i < 100 && cache_->FillToken("{t}:rec:2") == token; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  cache_->Fill("{t}:rec:2", token, "old");
  EXPECT_FALSE(cache_->Get("{t}:rec:2").has_value());
}

TEST_F(TrackedCacheTest, FlushAndOutagesEmptyTheCache) {
  cache_->Fill("{t}:rec:3", cache_->FillToken("{t}:rec:3"), "v");
  ASSERT_TRUE(pool_->Command({"FLUSHALL"}).ok());
  EXPECT_TRUE(Dropped("{t}:rec:3"));

  cache_->Fill("{t}:rec:4", cache_->FillToken("{t}:rec:4"), "v");
  cache_->SetRedisReachable(false);
  EXPECT_FALSE(cache_->Get("{t}:rec:4").has_value());
  cache_->SetRedisReachable(true);

  redis_.Stop();
  WaitLive(false);
  redis_.Start();
  WaitLive(true);
  EXPECT_FALSE(cache_->Get("{t}:rec:4").has_value());
}

}  // namespace
}  // namespace ngoaivu

namespace ngoaivu {
namespace {

// A page through the cache: the index in order, from the cursor, records
// from memory once read, and a change by another client seen on the next
// page read; the cursor marks where the next page starts.
TEST_F(TrackedCacheTest, PagesTakeRecordsFromTheCacheAndSeeChanges) {
  AddRecords({"a", "b", "c", "d", "e"});
  PageQuery query;
  query.index_key = "{t}:index";
  query.record_prefix = "{t}:rec:";
  query.limit = 2;
  auto first = ReadCachedPageBytes(*pool_, *cache_, query,
                                   absl::Now() + absl::Seconds(2));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->records, (std::vector<std::string>{"v-a", "v-b"}));
  EXPECT_EQ(first->next_cursor, "b");
  EXPECT_EQ(cache_->Get("{t}:rec:a"), "v-a");  // remembered

  query.after = "c";
  query.limit = 5;
  auto last = ReadCachedPageBytes(*pool_, *cache_, query,
                                  absl::Now() + absl::Seconds(2));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->records, (std::vector<std::string>{"v-d", "v-e"}));
  EXPECT_EQ(last->next_cursor, "");

  ASSERT_TRUE(pool_->Command({"HSET", "{t}:rec:a", "pb", "v-a2"}).ok());
  ASSERT_TRUE(Dropped("{t}:rec:a"));
  query.after = "";
  query.limit = 1;
  auto again = ReadCachedPageBytes(*pool_, *cache_, query,
                                   absl::Now() + absl::Seconds(2));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->records, (std::vector<std::string>{"v-a2"}));
}

// How many index reads Redis has answered so far.
int64_t IndexReads(RedisPool& pool) {
  auto info = pool.Command({"INFO", "commandstats"});
  if (!info.ok()) return -1;
  const std::string text(ReplyString(info->get()));
  const std::string field = "cmdstat_zrangebylex:calls=";
  const size_t at = text.find(field);
  return at == std::string::npos ? 0
                                 : std::stoll(text.substr(at + field.size()));
}

// A bounded index kept whole in the cache: later pages ask Redis for no
// index, and a member added by another client shows on the next page.
TEST_F(TrackedCacheTest, AWholeIndexIsServedFromMemoryAndSeesNewMembers) {
  AddRecords({"a", "b", "c"});
  PageQuery query;
  query.index_key = "{t}:index";
  query.record_prefix = "{t}:rec:";
  query.limit = 2;
  query.cache_whole_index = true;
  const auto deadline = [] { return absl::Now() + absl::Seconds(2); };
  auto first = ReadCachedPageBytes(*pool_, *cache_, query, deadline());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->records, (std::vector<std::string>{"v-a", "v-b"}));
  EXPECT_EQ(first->next_cursor, "b");

  const int64_t reads = IndexReads(*pool_);
  query.after = "b";
  auto second = ReadCachedPageBytes(*pool_, *cache_, query, deadline());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->records, (std::vector<std::string>{"v-c"}));
  EXPECT_EQ(second->next_cursor, "");
  EXPECT_EQ(IndexReads(*pool_), reads);

  ASSERT_TRUE(pool_->Command({"HSET", "{t}:rec:bb", "pb", "v-bb"}).ok());
  ASSERT_TRUE(pool_->Command({"ZADD", "{t}:index", "0", "bb"}).ok());
  ASSERT_TRUE(Dropped("{t}:index"));
  auto third = ReadCachedPageBytes(*pool_, *cache_, query, deadline());
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->records, (std::vector<std::string>{"v-bb", "v-c"}));
  EXPECT_GT(IndexReads(*pool_), reads);
}

// An index too large to keep whole is paged from Redis as before, and is
// not read whole again on every page while it stays as it is.
TEST_F(TrackedCacheTest, AnIndexTooLargeToKeepWholeIsPagedFromRedis) {
  std::vector<std::string> zadd = {"ZADD", "{t}:index"};
  for (size_t i = 0; i <= kMaxCachedIndexIds; ++i) {
    zadd.push_back("0");
    zadd.push_back(absl::StrFormat("i%05d", i));
  }
  ASSERT_TRUE(pool_->Command(zadd).ok());
  for (const char* id : {"i00000", "i00001", "i00002", "i00003"}) {
    ASSERT_TRUE(pool_
                    ->Command({"HSET", std::string("{t}:rec:") + id, "pb",
                               std::string("v-") + id})
                    .ok());
  }
  Settle();
  PageQuery query;
  query.index_key = "{t}:index";
  query.record_prefix = "{t}:rec:";
  query.limit = 2;
  query.cache_whole_index = true;
  const auto deadline = [] { return absl::Now() + absl::Seconds(2); };
  auto first = ReadCachedPageBytes(*pool_, *cache_, query, deadline());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->records, (std::vector<std::string>{"v-i00000", "v-i00001"}));
  EXPECT_EQ(first->next_cursor, "i00001");

  const int64_t reads = IndexReads(*pool_);
  query.after = first->next_cursor;
  auto second = ReadCachedPageBytes(*pool_, *cache_, query, deadline());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->records,
            (std::vector<std::string>{"v-i00002", "v-i00003"}));
  EXPECT_EQ(second->next_cursor, "i00003");
  EXPECT_EQ(IndexReads(*pool_), reads + 1);  // the page's range only
}

}  // namespace
}  // namespace ngoaivu
