// The stream hub without gRPC: open streams following a real Redis stream
// through its tail, each stepped by a few shared workers, written to an
// output that stands in for the reactor.
#include "services/notifications/stream_hub.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/redis_functions.h"
#include "common/write_plan.h"
#include "tests/support/redis_server.h"

namespace ngoaivu::notifications {
namespace {

// absl::Notification's lock is invisible to the ThreadSanitizer run (the
// Debian Abseil is not built for it): this one uses the standard library.
class Ended {
 public:
  void Notify(absl::Status status) {
    // Under the lock: a waiter that returns may destroy this at once.
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = std::move(status);
    done_ = true;
    cv_.notify_all();
  }
  bool WaitFor(absl::Duration timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, absl::ToChronoMilliseconds(timeout),
                        [this] { return done_; });
  }
  bool done() {
    std::lock_guard<std::mutex> lock(mutex_);
    return done_;
  }
  absl::Status status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  absl::Status status_;
};

// Keeps what a stream sends (an entry's subject per message) and ends each
// Send at once, or says the caller is gone after `wanted` messages.
class KeptOutput : public StreamOutput {
 public:
  explicit KeptOutput(size_t wanted = SIZE_MAX) : wanted_(wanted) {}
  void Attach(std::shared_ptr<OpenStream> stream) {
    stream_ = std::move(stream);
  }
  void Send(std::vector<std::string> messages) override {
    bool more;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++sends_;
      for (auto& m : messages) got_.push_back(std::move(m));
      more = got_.size() < wanted_;
    }
    stream_->OnSent(more);
  }
  void Finish(const absl::Status& status) override { ended.Notify(status); }
  std::vector<std::string> got() {
    std::lock_guard<std::mutex> lock(mutex_);
    return got_;
  }
  int sends() {
    std::lock_guard<std::mutex> lock(mutex_);
    return sends_;
  }

  Ended ended;

 private:
  const size_t wanted_;
  std::shared_ptr<OpenStream> stream_;
  std::mutex mutex_;
  std::vector<std::string> got_;  // guarded by mutex_
  int sends_ = 0;                 // guarded by mutex_
};

class StreamHubTest : public ::testing::Test {
 protected:
  StreamHubTest() {
    options_.endpoint = *ParseRedisUrl(redis_.url());
    pool_ = std::make_unique<RedisPool>(options_);
    functions_ = std::make_unique<RedisFunctions>(pool_.get(), "tasks");
    EXPECT_TRUE(functions_->Load(absl::Now() + absl::Seconds(5)).ok());
    tail_ = std::make_unique<StreamTail>(options_, "tasks", "{tasks}:events",
                                         absl::Milliseconds(100));
    tail_->Start();
  }
  ~StreamHubTest() override { tail_->Stop(); }

  // Events with subjects `prefix`0 … `prefix`<n-1>, one atomic write each.
  void Publish(const std::string& prefix, int n) {
    for (int i = 0; i < n; ++i) {
      events::v1::Event e;
      e.set_id(absl::StrCat(prefix, i));
      e.set_type("ngoaivu.tasks.v1.obligation.opened");
      e.set_subject(absl::StrCat(prefix, i));
      WritePlan plan;
      plan.AppendEvent("{tasks}:events", 100000, e);
      ASSERT_TRUE(
          plan.Commit(*functions_, absl::Now() + absl::Seconds(5)).ok());
    }
  }

  // A stream of every entry's subject, from now.
  std::shared_ptr<OpenStream> Open(StreamHub& hub, KeptOutput* output,
                                   const std::string& wanted_prefix = "") {
    FollowSpec spec;
    spec.tails = {tail_.get()};
    if (!wanted_prefix.empty()) {
      spec.wanted = [wanted_prefix](const TailEntry& e) {
        return absl::StartsWith(e.subject, wanted_prefix);
      };
    }
    spec.render = [](const TailEntry& e, const EventCursor&) {
      return std::optional<std::string>(e.subject);
    };
    spec.reads = pool_.get();
    spec.method = "Test";
    auto stream = hub.Open(std::move(spec), output);
    EXPECT_TRUE(stream.ok());
    output->Attach(*stream);
    (*stream)->Start();
    return *stream;
  }

  bool WaitFor(const std::function<bool()>& done) {
    for (int i = 0; i < 500 && !done(); ++i)
      absl::SleepFor(absl::Milliseconds(10));
    return done();
  }

  testing::RedisServer redis_;
  RedisPool::Options options_;
  std::unique_ptr<RedisPool> pool_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<StreamTail> tail_;
};

TEST_F(StreamHubTest, ManyStreamsOnTwoWorkersEachGetEveryEntryInOrder) {
  absl::SleepFor(absl::Milliseconds(300));  // the tail has reached Redis
  StreamHub hub(2);
  constexpr int kStreams = 60;
  std::vector<std::unique_ptr<KeptOutput>> outputs;
  for (int i = 0; i < kStreams; ++i) {
    outputs.push_back(std::make_unique<KeptOutput>());
    Open(hub, outputs.back().get());
  }
  EXPECT_EQ(hub.open(), static_cast<size_t>(kStreams));
  absl::SleepFor(absl::Milliseconds(100));  // every stream subscribed
  Publish("e", 100);
  std::vector<std::string> expected;
  for (int i = 0; i < 100; ++i) expected.push_back(absl::StrCat("e", i));
  for (auto& output : outputs) {
    EXPECT_TRUE(WaitFor([&] { return output->got().size() >= 100; }));
    EXPECT_EQ(output->got(), expected);
  }
  EXPECT_TRUE(hub.StopAll(absl::Seconds(5)));
  for (auto& output : outputs) {
    ASSERT_TRUE(output->ended.WaitFor(absl::Seconds(5)));
    EXPECT_TRUE(absl::IsUnavailable(output->ended.status()))
        << output->ended.status();
  }
  EXPECT_EQ(hub.open(), 0u);
  KeptOutput late;
  FollowSpec spec;
  spec.tails = {tail_.get()};
  EXPECT_TRUE(absl::IsUnavailable(hub.Open(std::move(spec), &late).status()));
}

TEST_F(StreamHubTest, ACallerThatLeavesEndsItsStreamCancelledAndOnlyIts) {
  absl::SleepFor(absl::Milliseconds(300));
  StreamHub hub(2);
  KeptOutput leaving(3), staying;
  Open(hub, &leaving);
  Open(hub, &staying);
  absl::SleepFor(absl::Milliseconds(100));
  Publish("c", 10);
  ASSERT_TRUE(leaving.ended.WaitFor(absl::Seconds(5)));
  EXPECT_TRUE(absl::IsCancelled(leaving.ended.status()))
      << leaving.ended.status();
  EXPECT_TRUE(WaitFor([&] { return staying.got().size() >= 10; }));
  EXPECT_FALSE(staying.ended.done());
  EXPECT_TRUE(WaitFor([&] { return hub.open() == 1; }));
  hub.StopAll(absl::Seconds(5));
}

TEST_F(StreamHubTest, EntriesAStreamDoesNotWantNeverWakeIt) {
  absl::SleepFor(absl::Milliseconds(300));
  StreamHub hub(2);
  KeptOutput mine;
  auto stream = Open(hub, &mine, "mine-");
  absl::SleepFor(absl::Milliseconds(100));
  Publish("theirs-", 50);
  Publish("mine-", 1);
  EXPECT_TRUE(WaitFor([&] { return mine.got().size() >= 1; }));
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_EQ(mine.got(), std::vector<std::string>{"mine-0"});
  EXPECT_EQ(mine.sends(), 1);
  stream->CallerGone();
  ASSERT_TRUE(mine.ended.WaitFor(absl::Seconds(5)));
}

}  // namespace
}  // namespace ngoaivu::notifications
