#include "services/gateway/worker_pool.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

namespace ngoaivu::gateway {

struct WorkerPool::State {
  State(size_t min, size_t max, absl::Duration idle_after)
      : min_threads(min), max_threads(std::max(min, max)), idle(idle_after) {}
  const size_t min_threads;
  const size_t max_threads;
  const absl::Duration idle;
  std::mutex mutex;
  std::condition_variable work;
  std::condition_variable ended;
  std::deque<std::function<void()>> jobs;  // by mutex
  size_t threads = 0;                      // by mutex
  size_t idle_threads = 0;                 // by mutex
  bool shutdown = false;                   // by mutex
};

WorkerPool::WorkerPool(size_t min_threads, size_t max_threads,
                       absl::Duration idle, absl::Duration drain)
    : drain_(drain),
      state_(std::make_shared<State>(min_threads, max_threads, idle)) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (size_t i = 0; i < state_->min_threads; ++i) StartThread(state_);
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::StartThread(const std::shared_ptr<State>& state) {
  ++state->threads;
  ++state->idle_threads;
  // Detached, each holding the state: shutdown() may stop waiting for one
  // that is still in a job.
  std::thread([state] { Work(state); }).detach();
}

void WorkerPool::enqueue(std::function<void()> job) {
  State& s = *state_;
  std::lock_guard<std::mutex> lock(s.mutex);
  s.jobs.push_back(std::move(job));
  if (s.idle_threads < s.jobs.size() && s.threads < s.max_threads) {
    StartThread(state_);
  }
  s.work.notify_one();
}

void WorkerPool::shutdown() {
  State& s = *state_;
  std::unique_lock<std::mutex> lock(s.mutex);
  s.shutdown = true;
  s.work.notify_all();
  const auto done = [&s] { return s.threads == 0; };
  if (drain_ == absl::InfiniteDuration()) {
    s.ended.wait(lock, done);
  } else {
    s.ended.wait_for(lock, absl::ToChronoMilliseconds(drain_), done);
  }
}

size_t WorkerPool::threads() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->threads;
}

void WorkerPool::Work(const std::shared_ptr<State>& state) {
  State& s = *state;
  std::unique_lock<std::mutex> lock(s.mutex);
  for (;;) {
    const bool woken =
        s.work.wait_for(lock, absl::ToChronoMilliseconds(s.idle),
                        [&s] { return !s.jobs.empty() || s.shutdown; });
    if (s.jobs.empty()) {
      if (s.shutdown || (!woken && s.threads > s.min_threads)) break;
      continue;
    }
    std::function<void()> job = std::move(s.jobs.front());
    s.jobs.pop_front();
    --s.idle_threads;
    lock.unlock();
    job();
    lock.lock();
    ++s.idle_threads;
  }
  --s.idle_threads;
  --s.threads;
  s.ended.notify_all();
}

}  // namespace ngoaivu::gateway
