// Shared runtime pieces that need no server: validation, page tokens,
// Redis URLs, ids, and guarded writes against a real Redis.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/records.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/stored_events.h"
#include "common/text.h"
#include "common/validation.h"
#include "common/write_plan.h"
#include "tests/support/redis_server.h"

namespace ngoaivu {
namespace {

TEST(Utf8Test, AcceptsVietnameseRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("Sở Ngoại vụ Tây Ninh"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_EQ(Utf8Length("Sở"), 2u);
}

TEST(ViolationsTest, PageSizes) {
  Violations v;
  EXPECT_EQ(v.PageSize("page_size", 0), kDefaultPageSize);
  EXPECT_EQ(v.PageSize("page_size", 5000), kMaxPageSize);
  EXPECT_TRUE(v.empty());
  v.PageSize("page_size", -1);
  EXPECT_FALSE(v.empty());
  absl::Status s = v.ToStatus();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolationsOf(s).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(s)[0].field, "page_size");
}

TEST(PageTokensTest, RoundTripAndRefusals) {
  PageTokens tokens("a-secret-of-enough-length");
  const std::string token = tokens.Issue("SNGV", "agencies|2");
  EXPECT_EQ(*tokens.Open(token, "agencies|2"), "SNGV");
  EXPECT_EQ(*tokens.Open("", "agencies|2"), "");
  EXPECT_EQ(tokens.Issue("", "x"), "");
  EXPECT_FALSE(tokens.Open(token, "agencies|3").ok());
  EXPECT_FALSE(
      PageTokens("another-secret-key-here").Open(token, "agencies|2").ok());
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.Open(tampered, "agencies|2").ok());
  EXPECT_FALSE(tokens.Open("!!!", "agencies|2").ok());
}

TEST(RedisUrlTest, Parses) {
  auto e = ParseRedisUrl("redis://10.0.0.5:6390/3");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->host, "10.0.0.5");
  EXPECT_EQ(e->port, 6390);
  EXPECT_EQ(e->db, 3);
  e = ParseRedisUrl("redis://:s3cret@redis:6379");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->password, "s3cret");
  EXPECT_EQ(e->host, "redis");
  EXPECT_FALSE(ParseRedisUrl("http://x").ok());
  EXPECT_FALSE(ParseRedisUrl("redis://x:99999").ok());
  EXPECT_FALSE(ParseRedisUrl("redis://x:1/abc").ok());
  // An ACL user, its password percent-encoded.
  e = ParseRedisUrl("redis://ngoaivu-tasks:p%40ss%3Aw0rd@redis:6379/0");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->user, "ngoaivu-tasks");
  EXPECT_EQ(e->password, "p@ss:w0rd");
  EXPECT_EQ(AuthCommand(*e),
            (std::vector<std::string>{"AUTH", "ngoaivu-tasks", "p@ss:w0rd"}));
  EXPECT_EQ(AuthCommand(*ParseRedisUrl("redis://:pw@r")),
            (std::vector<std::string>{"AUTH", "pw"}));
  EXPECT_TRUE(AuthCommand(*ParseRedisUrl("redis://r")).empty());
  EXPECT_FALSE(ParseRedisUrl("redis://u:bad%4@r").ok());
  EXPECT_FALSE(ParseRedisUrl("redis://u:bad%zz@r").ok());
  // Sentinels, the primary's name and the data user.
  e = ParseRedisUrl("redis-sentinel://tasks:pw@s1:26379,s2:26380,s3/ngoaivu/2");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->sentinels, (std::vector<std::pair<std::string, int>>{
                              {"s1", 26379}, {"s2", 26380}, {"s3", 26379}}));
  EXPECT_EQ(e->sentinel_master, "ngoaivu");
  EXPECT_EQ(e->db, 2);
  EXPECT_EQ(e->user, "tasks");
  EXPECT_EQ(e->password, "pw");
  EXPECT_FALSE(ParseRedisUrl("redis-sentinel://s1:26379").ok());
  EXPECT_FALSE(ParseRedisUrl("redis-sentinel://s1:26379/").ok());
  EXPECT_FALSE(ParseRedisUrl("redis-sentinel://s1:0/m").ok());
}

TEST(IdsTest, Formats) {
  const std::string uuid = NewUuid();
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');
  EXPECT_NE(NewUuid(), uuid);
  EXPECT_TRUE(IsValidTraceparent(NewTraceparent()));
  EXPECT_FALSE(IsValidTraceparent("00-xyz"));
  EXPECT_FALSE(IsValidTraceparent(
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
}

TEST(FunctionErrorTest, MapsCodes) {
  EXPECT_EQ(StatusFromFunctionError("ABORTED etag").code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(StatusFromFunctionError("NOT_FOUND x").message(), "x");
  absl::Status s =
      StatusFromFunctionError("INVALID_ARGUMENT request_id: reused");
  ASSERT_EQ(FieldViolationsOf(s).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(s)[0].field, "request_id");
  EXPECT_EQ(StatusFromFunctionError("ERR boom").code(),
            absl::StatusCode::kInternal);
}

// Redis refusing for a while (disk full, memory full, loading) is
// UNAVAILABLE, which clients retry, and says what is wrong.
TEST(FunctionErrorTest, RedisRefusingForAWhileIsUnavailable) {
  const absl::Status disk = StatusFromFunctionError(
      "MISCONF Errors writing to the AOF file: No space left on device");
  EXPECT_EQ(disk.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(disk.message()), ::testing::HasSubstr("disk"));
  EXPECT_THAT(std::string(disk.message()),
              ::testing::HasSubstr("No space left on device"));
  for (const char* reply :
       {"OOM command not allowed when used memory > 'maxmemory'.",
        "LOADING Redis is loading the dataset in memory",
        "NOREPLICAS Not enough good replicas to write.",
        "BUSY Redis is busy running a script."}) {
    EXPECT_EQ(StatusFromFunctionError(reply).code(),
              absl::StatusCode::kUnavailable)
        << reply;
  }
}

class WritePlanTest : public ::testing::Test {
 protected:
  WritePlanTest() {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(redis_.url());
    pool_ = std::make_unique<RedisPool>(options);
    functions_ = std::make_unique<RedisFunctions>(pool_.get(), "plantest");
  }
  std::string Digest() {
    return std::string(
        ReplyString((*pool_->Command({"DEBUG", "DIGEST"})).get()));
  }
  testing::RedisServer redis_;
  std::unique_ptr<RedisPool> pool_;
  std::unique_ptr<RedisFunctions> functions_;
};

// Every pooled connection used once, so each is open when Redis restarts.
void WarmEveryConnection(RedisPool& pool) {
  for (int i = 0; i < pool.options().size; ++i) {
    ASSERT_TRUE(pool.Command({"PING"}, absl::Now() + absl::Seconds(2)).ok());
  }
}

TEST_F(WritePlanTest, AnAclUserReachesItsOwnKeysOnly) {
  ASSERT_TRUE(pool_
                  ->Command({"ACL", "SETUSER", "svc-tasks", "on", ">p@ss",
                             "~{tasks}:*", "+@all"})
                  .ok());
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(
      absl::StrCat("redis://svc-tasks:p%40ss@127.0.0.1:", redis_.port()));
  options.size = 1;
  RedisPool as_tasks(options);
  auto own = as_tasks.Command({"SET", "{tasks}:x", "1"});
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_FALSE(IsError(own->get())) << ReplyString(own->get());
  auto other = as_tasks.Command({"SET", "{registry}:x", "1"});
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(IsError(other->get()));
  EXPECT_THAT(std::string(ReplyString(other->get())),
              ::testing::HasSubstr("NOPERM"));
  options.endpoint.password = "wrong";
  RedisPool refused(options);
  EXPECT_FALSE(refused.Command({"PING"}, absl::Now() + absl::Seconds(2)).ok());
}

TEST_F(WritePlanTest, AfterARestartReadsAndReplayableWritesGoThrough) {
  ASSERT_TRUE(pool_->Command({"SET", "{t}:k", "v"}).ok());
  WarmEveryConnection(*pool_);
  redis_.Stop();
  redis_.Start();  // same port, same AOF
  // Every stale connection is replaced and the read sent again.
  for (int i = 0; i < 2 * pool_->options().size; ++i) {
    auto read =
        pool_->Command({"GET", "{t}:k"}, absl::Now() + absl::Seconds(2));
    ASSERT_TRUE(read.ok()) << i << ": " << read.status();
    EXPECT_EQ(ReplyString(read->get()), "v");
  }
  // A guarded write that replays its request is sent again as well...
  WarmEveryConnection(*pool_);
  redis_.Stop();
  redis_.Start();
  for (int i = 0; i < pool_->options().size; ++i) {
    WritePlan plan;
    plan.Replay(absl::StrCat("{t}:request:", i), "fp");
    plan.RememberResponse(absl::StrCat("{t}:request:", i), "fp", "done",
                          absl::Minutes(1));
    plan.HashSet(absl::StrCat("{t}:w", i), {{"v", "1"}});
    auto outcome = plan.Commit(*functions_, absl::Now() + absl::Seconds(2));
    ASSERT_TRUE(outcome.ok()) << i << ": " << outcome.status();
  }
  // ...but a write that cannot tell a repeat is not: it fails, once.
  WarmEveryConnection(*pool_);
  redis_.Stop();
  redis_.Start();
  auto incr = pool_->Command({"INCR", "{t}:n"}, absl::Now() + absl::Seconds(2));
  EXPECT_EQ(incr.status().code(), absl::StatusCode::kUnavailable);
  auto n = pool_->Command({"GET", "{t}:n"}, absl::Now() + absl::Seconds(2));
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->get()->type, REDIS_REPLY_NIL);
}

TEST_F(WritePlanTest, CallsFailFastWhileTheProbeFindsRedisUnreachable) {
  redis_.Pause();  // a hung Redis: calls would wait out the timeout
  pool_->SetReachable(false);
  const absl::Time start = absl::Now();
  auto reply = pool_->Command({"GET", "{t}:k"}, absl::Now() + absl::Seconds(5));
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(100));
  // The probe itself still goes out (and finds Redis hung).
  EXPECT_FALSE(pool_->Ping(absl::Milliseconds(200)).ok());
  redis_.Resume();
  EXPECT_TRUE(pool_->Ping(absl::Seconds(2)).ok());
  pool_->SetReachable(true);
  EXPECT_TRUE(pool_->Command({"PING"}, absl::Now() + absl::Seconds(2)).ok());
}

// An event is stored without what its stream entry's fields (id, type,
// subject) or its history list (the subject) already say, and read back
// whole; an entry stored whole (an older layout) reads the same.
TEST_F(WritePlanTest, EventsAreStoredCompactAndReadBackWhole) {
  events::v1::Event event;
  event.set_id("e-1");
  event.set_source("//ngoaivu/plantest");
  event.set_type("ngoaivu.plantest.v1.thing.made");
  event.set_subject("things/t-1");
  event.mutable_actor()->set_agency("agencies/SNGV");
  event.mutable_data()->set_type_url("type.googleapis.com/x");
  event.mutable_data()->set_value("payload");
  WritePlan plan;
  plan.AppendEvent("{t}:events", 1000, event, "{t}:history:things/t-1");
  ASSERT_TRUE(plan.Commit(*functions_, absl::Now() + absl::Seconds(2)).ok());
  const std::string old_layout = event.SerializeAsString();
  ASSERT_TRUE(pool_
                  ->Command({"XADD", "{t}:events", "*", "id", event.id(),
                             "type", event.type(), "subject", event.subject(),
                             "event", old_layout})
                  .ok());
  ASSERT_TRUE(
      pool_->Command({"RPUSH", "{t}:history:things/t-1", old_layout}).ok());

  auto entries = pool_->Command({"XRANGE", "{t}:events", "-", "+"});
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ((*entries)->elements, 2u);
  const redisReply* fields = (*entries)->element[0]->element[1];
  const std::string stored(StreamEntryField(fields, "event"));
  EXPECT_LT(stored.size() + event.id().size() + event.type().size() +
                event.subject().size(),
            old_layout.size() + 1);
  for (size_t i = 0; i < 2; ++i) {
    events::v1::Event read;
    ASSERT_TRUE(read.ParseFromString(
        EventBytesOfStreamEntry((*entries)->element[i]->element[1])));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read, event))
        << i << ": " << read.DebugString();
  }

  auto history = ReadHistory(*pool_, "{t}:history:things/t-1", "things/t-1", 0,
                             10, absl::Now() + absl::Seconds(2));
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->records.size(), 2u);
  for (const events::v1::Event& read : history->records) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read, event))
        << read.DebugString();
  }
  auto first = pool_->Command({"LINDEX", "{t}:history:things/t-1", "0"});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(ReplyString(first->get()).find("things/t-1"),
            absl::string_view::npos);
}

TEST_F(WritePlanTest, FailingCheckAfterWritesInPlanWritesNothing) {
  ASSERT_TRUE(pool_->Command({"HSET", "{t}:a", "etag", "1"}).ok());
  const std::string before = Digest();
  WritePlan plan;
  plan.HashSet("{t}:a", {{"etag", "2"}});
  plan.IndexAdd("{t}:index", "a");
  events::v1::Event event;
  event.set_id("e1");
  plan.AppendEvent("{t}:events", 1000, event);
  // The check comes last in the plan but runs first.
  plan.RequireField("{t}:a", "etag", "0", "ABORTED", "stale");
  auto outcome = plan.Commit(*functions_, absl::Now() + absl::Seconds(2));
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Digest(), before);
}

TEST_F(WritePlanTest, IntervalIndexRefusesOverlapsNamingTheEntryMet) {
  auto commit = [&](WritePlan& plan) {
    return plan.Commit(*functions_, absl::Now() + absl::Seconds(2));
  };
  WritePlan first;
  first.IntervalAdd("{t}:trips", "delegations/a", 10, 20);
  first.IntervalAdd("{t}:trips", "delegations/b", 40, 45);
  ASSERT_TRUE(commit(first).ok());
  const std::string before = Digest();
  for (auto [from, to, expect_ok] : {std::tuple{21, 39, true},
                                     {5, 9, true},
                                     {46, 50, true},
                                     {20, 21, false},
                                     {1, 10, false},
                                     {12, 13, false},
                                     {30, 100, false}}) {
    WritePlan plan;
    plan.RequireNoOverlap("{t}:trips", from, to, "", "FAILED_PRECONDITION",
                          "meets {other}");
    plan.HashSet("{t}:w", {{"v", "1"}});
    auto outcome = commit(plan);
    EXPECT_EQ(outcome.ok(), expect_ok) << from << "-" << to;
    if (!expect_ok) {
      EXPECT_EQ(outcome.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_TRUE(
          absl::StrContains(outcome.status().message(), "meets delegations/"))
          << outcome.status();
    } else {
      ASSERT_TRUE(pool_->Command({"DEL", "{t}:w"}).ok());
    }
  }
  EXPECT_EQ(Digest(), before);
  // An entry does not meet itself (an amendment moving its own dates).
  WritePlan self;
  self.RequireNoOverlap("{t}:trips", 12, 13, "delegations/a",
                        "FAILED_PRECONDITION", "meets {other}");
  EXPECT_TRUE(commit(self).ok());
  WritePlan removal;
  removal.IntervalRemove("{t}:trips", "delegations/a", 10);
  ASSERT_TRUE(commit(removal).ok());
  WritePlan after;
  after.RequireNoOverlap("{t}:trips", 12, 13, "", "FAILED_PRECONDITION", "x");
  EXPECT_TRUE(commit(after).ok());
}

TEST_F(WritePlanTest, CounterAndMembershipChecks) {
  auto commit = [&](WritePlan& plan) {
    return plan.Commit(*functions_, absl::Now() + absl::Seconds(2));
  };
  WritePlan below;
  below.RequireCountBelow("{t}:count", "2026", 2, "FAILED_PRECONDITION", "max");
  below.Increment("{t}:count", {{"2026", 1}});
  ASSERT_TRUE(commit(below).ok());
  ASSERT_TRUE(commit(below).ok());
  EXPECT_EQ(commit(below).status().code(),
            absl::StatusCode::kFailedPrecondition);
  WritePlan unique;
  unique.RequireNotMember("{t}:numbers", "1/QD", "ALREADY_EXISTS", "taken");
  unique.IndexAdd("{t}:numbers", "1/QD");
  ASSERT_TRUE(commit(unique).ok());
  EXPECT_EQ(commit(unique).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(WritePlanTest, ReplayReturnsTheRememberedAnswer) {
  WritePlan plan;
  plan.Replay("{t}:request:x", "fp1");
  plan.RememberResponse("{t}:request:x", "fp1", "answer-1", absl::Minutes(1));
  plan.HashSet("{t}:a", {{"v", "1"}});
  auto first = plan.Commit(*functions_, absl::Now() + absl::Seconds(2));
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->replayed);
  auto second = plan.Commit(*functions_, absl::Now() + absl::Seconds(2));
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->replayed);
  EXPECT_EQ(second->response, "answer-1");
  WritePlan different;
  different.Replay("{t}:request:x", "fp2");
  EXPECT_EQ(different.Commit(*functions_, absl::Now() + absl::Seconds(2))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(WritePlanTest, FunctionsAreReloadedWhenRedisLostThem) {
  ASSERT_TRUE(pool_->Command({"FUNCTION", "FLUSH"}).ok());
  WritePlan plan;
  plan.HashSet("{t}:b", {{"v", "1"}});
  EXPECT_TRUE(plan.Commit(*functions_, absl::Now() + absl::Seconds(2)).ok());
}

}  // namespace
TEST(TextTest, APersonsNameKeyIgnoresCaseDiacriticsAndSpacing) {
  EXPECT_EQ(NameKey("Nguyễn Văn Đức"), "nguyen van duc");
  EXPECT_EQ(NameKey("  NGUYỄN   văn  ĐỨC "), "nguyen van duc");
  EXPECT_EQ(NameKey("Trần Lưu Quang"), NameKey("tran luu quang"));
  EXPECT_NE(NameKey("Nguyễn Văn Đức"), NameKey("Nguyễn Văn Đực Anh"));
  EXPECT_NE(NameKey("Lê Thị Hoa"), NameKey("Lê Thị Hòa An"));
}

}  // namespace ngoaivu
