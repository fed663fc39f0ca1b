// What the commit-to-reader benchmarks share: an open-loop publisher that
// commits one event per tick through the services' own atomic write, a
// raw `XREAD BLOCK` reader (the floor every consumer is compared with), and
// arrival stamps turned into percentiles.
#ifndef NGOAIVU_TESTS_BENCH_EVENT_LATENCY_H_
#define NGOAIVU_TESTS_BENCH_EVENT_LATENCY_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu::bench {

// Arrival times by event id, from one reader.
class Arrivals {
 public:
  void Stamp(const std::string& id);
  std::map<std::string, absl::Time> Take();

 private:
  absl::Mutex mutex_;
  std::map<std::string, absl::Time> at_ ABSL_GUARDED_BY(mutex_);
};

// This process' CPU seconds so far (user plus system).
double ProcessCpuSeconds();

// XREAD BLOCK from the end of `stream`, stamping each entry's event id (its
// `id` field) until `stop`.
void ReadRaw(const RedisPool::Options& options, const std::string& stream,
             const std::atomic<bool>& stop, Arrivals* arrivals);

// Commits `make_event(n)` to `stream` at `rate` a second for `seconds`
// (open loop: event n is due at start + n / rate, whatever the commits
// take), each in its own atomic write as the services make them. Returns
// when each committed event's write began, by event id.
std::map<std::string, absl::Time> PublishAtRate(
    RedisFunctions& functions, const std::string& stream, int rate,
    double seconds,
    const std::function<events::v1::Event(int64_t)>& make_event);

struct LatencyPercentiles {
  size_t seen = 0;
  double p50_ms = 0, p99_ms = 0;
};

// p50 and p99 of latencies in milliseconds.
LatencyPercentiles PercentilesOf(std::vector<double> ms);

// Obligation `n` (programmes/bench/duties/d/obligations/<n>, event id
// bench-<n>) opened for `agency`, as the tasks service commits it.
events::v1::Event ObligationOpened(int64_t n, const std::string& agency);

// From commit to arrival, over the committed events that arrived.
LatencyPercentiles MeasureLatency(
    const std::map<std::string, absl::Time>& committed,
    const std::map<std::string, absl::Time>& arrived);

}  // namespace ngoaivu::bench

#endif  // NGOAIVU_TESTS_BENCH_EVENT_LATENCY_H_
