// The HTTP server's workers. cpp-httplib gives each connection a thread for
// as long as it lives: a kept-alive connection between calls, an event
// stream for hours. A fixed pool would let a few idle keep-alives or open
// streams starve every other caller; this one starts a thread whenever no
// worker is free, up to a ceiling, and lets the extra ones end once idle.
#ifndef NGOAIVU_SERVICES_GATEWAY_WORKER_POOL_H_
#define NGOAIVU_SERVICES_GATEWAY_WORKER_POOL_H_

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "absl/time/time.h"

namespace ngoaivu::gateway {

class WorkerPool : public httplib::TaskQueue {
 public:
  // `min_threads` always run; up to `max_threads` when every one is busy
  // (jobs beyond wait for one to be free); an extra one idle for `idle`
  // ends.
  WorkerPool(size_t min_threads, size_t max_threads, absl::Duration idle);
  ~WorkerPool() override;

  void enqueue(std::function<void()> job) override;
  // Runs what is queued, then waits for every thread to end.
  void shutdown() override;

  size_t threads() const;

 private:
  void StartThread();  // with mutex_ held
  void Work();

  const size_t min_threads_;
  const size_t max_threads_;
  const absl::Duration idle_;
  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable ended_;
  std::deque<std::function<void()>> jobs_;  // by mutex_
  size_t threads_ = 0;                      // by mutex_
  size_t idle_threads_ = 0;                 // by mutex_
  bool shutdown_ = false;                   // by mutex_
};

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_WORKER_POOL_H_
