#include "services/gateway/worker_pool.h"

#include <thread>
#include <utility>

namespace ngoaivu::gateway {

WorkerPool::WorkerPool(size_t min_threads, size_t max_threads,
                       absl::Duration idle)
    : min_threads_(min_threads),
      max_threads_(std::max(min_threads, max_threads)),
      idle_(idle) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < min_threads_; ++i) StartThread();
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::StartThread() {
  ++threads_;
  ++idle_threads_;
  // Detached: shutdown() waits for the count to reach zero, so none
  // outlives the pool.
  std::thread([this] { Work(); }).detach();
}

void WorkerPool::enqueue(std::function<void()> job) {
  std::lock_guard<std::mutex> lock(mutex_);
  jobs_.push_back(std::move(job));
  if (idle_threads_ < jobs_.size() && threads_ < max_threads_) StartThread();
  work_.notify_one();
}

void WorkerPool::shutdown() {
  std::unique_lock<std::mutex> lock(mutex_);
  shutdown_ = true;
  work_.notify_all();
  ended_.wait(lock, [this] { return threads_ == 0; });
}

size_t WorkerPool::threads() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return threads_;
}

void WorkerPool::Work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    const bool woken =
        work_.wait_for(lock, absl::ToChronoMilliseconds(idle_),
                       [this] { return !jobs_.empty() || shutdown_; });
    if (jobs_.empty()) {
      if (shutdown_ || (!woken && threads_ > min_threads_)) break;
      continue;
    }
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_threads_;
    lock.unlock();
    job();
    lock.lock();
    ++idle_threads_;
  }
  --idle_threads_;
  --threads_;
  ended_.notify_all();
}

}  // namespace ngoaivu::gateway
