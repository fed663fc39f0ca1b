// The HTTP server's workers. cpp-httplib gives each connection a thread for
// as long as it lives: a kept-alive connection between calls, an event
// stream for hours. A fixed pool would let a few idle keep-alives or open
// streams starve every other caller; this one starts a thread whenever no
// worker is free, up to a ceiling, and lets the extra ones end once idle.
#ifndef NGOAIVU_SERVICES_GATEWAY_WORKER_POOL_H_
#define NGOAIVU_SERVICES_GATEWAY_WORKER_POOL_H_

#include <httplib.h>

#include <cstddef>
#include <functional>
#include <memory>

#include "absl/time/time.h"

namespace ngoaivu::gateway {

class WorkerPool : public httplib::TaskQueue {
 public:
  // `min_threads` always run; up to `max_threads` when every one is busy
  // (jobs beyond wait for one to be free); an extra one idle for `idle`
  // ends. shutdown() waits at most `drain` for the jobs running.
  WorkerPool(size_t min_threads, size_t max_threads, absl::Duration idle,
             absl::Duration drain = absl::InfiniteDuration());
  ~WorkerPool() override;

  void enqueue(std::function<void()> job) override;
  // Runs what is queued and waits for every thread to end, or `drain` at
  // most: a connection kept alive by an idle client holds its thread until
  // its keep-alive timeout, and need not hold up a stop. Those threads keep
  // the pool's state alive and end with the process.
  void shutdown() override;

  size_t threads() const;

 private:
  struct State;
  static void Work(const std::shared_ptr<State>& state);
  static void StartThread(const std::shared_ptr<State>& state);  // locked

  const absl::Duration drain_;
  std::shared_ptr<State> state_;
};

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_WORKER_POOL_H_
