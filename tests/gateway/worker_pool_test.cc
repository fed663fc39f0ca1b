// The gateway's workers: jobs that hold their thread (kept-alive
// connections, event streams) never keep a new one waiting while the
// ceiling is not reached; past it they wait; the extra threads end once
// idle, and shutdown waits for all.
#include "services/gateway/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace ngoaivu::gateway {
namespace {

// Jobs that block until released, counting how many are running.
class HeldJobs {
 public:
  std::function<void()> Job() {
    return [this] {
      std::unique_lock<std::mutex> lock(mutex_);
      ++running_;
      changed_.notify_all();
      changed_.wait(lock, [this] { return released_; });
      --running_;
    };
  }
  bool WaitRunning(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(5),
                             [&] { return running_ == n; });
  }
  int running() {
    std::lock_guard<std::mutex> lock(mutex_);
    return running_;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int running_ = 0;
  bool released_ = false;
};

TEST(WorkerPoolTest, MoreHeldJobsThanStandingThreadsAllRun) {
  WorkerPool pool(2, 40, absl::Seconds(30));
  HeldJobs held;
  for (int i = 0; i < 30; ++i) pool.enqueue(held.Job());
  EXPECT_TRUE(held.WaitRunning(30)) << held.running() << " of 30 running";
  EXPECT_EQ(pool.threads(), 30u);
  held.Release();
  pool.shutdown();
  EXPECT_EQ(pool.threads(), 0u);
}

TEST(WorkerPoolTest, PastTheCeilingJobsWaitAndThenRun) {
  WorkerPool pool(1, 4, absl::Seconds(30));
  HeldJobs held;
  std::atomic<int> later{0};
  for (int i = 0; i < 4; ++i) pool.enqueue(held.Job());
  ASSERT_TRUE(held.WaitRunning(4));
  pool.enqueue([&later] { ++later; });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(later.load(), 0) << "ran beyond 4 threads";
  EXPECT_EQ(pool.threads(), 4u);
  held.Release();
  pool.shutdown();  // runs what is queued first
  EXPECT_EQ(later.load(), 1);
}

TEST(WorkerPoolTest, ExtraThreadsEndOnceIdle) {
  WorkerPool pool(2, 16, absl::Milliseconds(50));
  HeldJobs held;
  for (int i = 0; i < 10; ++i) pool.enqueue(held.Job());
  ASSERT_TRUE(held.WaitRunning(10));
  held.Release();
  for (int i = 0; i < 100 && pool.threads() > 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(pool.threads(), 2u);
  // The standing ones still work.
  std::atomic<int> ran{0};
  pool.enqueue([&ran] { ++ran; });
  pool.shutdown();
  EXPECT_EQ(ran.load(), 1);
}

// A stop waits for calls in progress up to the drain, not for a job that
// never ends (an idle kept-alive connection); that job's thread ends later
// without the pool.
TEST(WorkerPoolTest, ShutdownWaitsForTheDrainAtMost) {
  HeldJobs held;
  {
    WorkerPool pool(1, 4, absl::Seconds(30), absl::Milliseconds(200));
    pool.enqueue(held.Job());
    ASSERT_TRUE(held.WaitRunning(1));
    const auto started = std::chrono::steady_clock::now();
    pool.shutdown();
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_GE(took, std::chrono::milliseconds(150));
    EXPECT_LT(took, std::chrono::seconds(3));
  }
  held.Release();  // the job ends after its pool is gone
  EXPECT_TRUE(held.WaitRunning(0));
}

}  // namespace
}  // namespace ngoaivu::gateway
