// Drives one gRPC method from several client threads in a closed loop and
// measures throughput and latency: what every ngoaivu benchmark shares.
#ifndef NGOAIVU_TESTS_BENCH_BENCH_DRIVER_H_
#define NGOAIVU_TESTS_BENCH_BENCH_DRIVER_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/redis_pool.h"
#include "ngoaivu/bench/v1/noop.grpc.pb.h"

namespace ngoaivu::bench {

// The do-nothing RPC every benchmark compares against, served by the same
// server as the methods measured.
class NoopServiceImpl final : public v1::NoopService::Service {
  grpc::Status Noop(grpc::ServerContext*, const v1::NoopRequest*,
                    v1::NoopResponse*) override {
    return grpc::Status::OK;
  }
};

struct Result {
  std::string method;
  int64_t calls = 0;
  int64_t errors = 0;
  double seconds = 0;
  double p50_us = 0, p99_us = 0;
  // CPU seconds spent while measuring: by the client threads, and by the
  // whole process (the in-process server is the rest; Redis is apart).
  double client_cpu_seconds = 0;
  double process_cpu_seconds = 0;
  // Redis' own CPU seconds meanwhile (when the driver was given Redis).
  double redis_cpu_seconds = 0;
  double qps() const { return calls / seconds; }
  // Cores busy on average: a client near the machine's cores measures
  // itself, not the server.
  double client_cores() const { return client_cpu_seconds / seconds; }
  double server_cores() const {
    return (process_cpu_seconds - client_cpu_seconds) / seconds;
  }
  // Redis CPU per call: what one Redis carries is about 1 s / this.
  double redis_us_per_call() const {
    return calls > 0 ? 1e6 * redis_cpu_seconds / calls : 0;
  }
};

// One call of the method under test on `thread`'s channel; `n` counts the
// calls that thread made (negative during the warm-up), so each call can
// have its own input.
using Call = std::function<bool(int thread, int64_t n)>;

// A channel to `target` on its own HTTP/2 connection (client thread
// `thread`'s), so threads do not share one connection's limits.
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& target,
                                          int thread);

// Warms up, then calls `call` back to back from `threads` threads for
// `seconds`; with `redis`, also measures the CPU Redis spent meanwhile.
Result Drive(const std::string& method, int threads, double seconds,
             const Call& call, RedisPool* redis = nullptr);

// Redis' CPU seconds so far (INFO cpu: system plus user).
double RedisCpuSeconds(RedisPool& redis);
// The bytes Redis' data takes (INFO memory: used_memory).
int64_t RedisUsedMemory(RedisPool& redis);

// The keys matching `pattern` (SCAN) and the bytes Redis holds for them
// (MEMORY USAGE, every element counted); `skip` leaves out keys containing
// it (e.g. the index keys under a record prefix).
struct KeyBytes {
  int64_t keys = 0;
  int64_t bytes = 0;
};
KeyBytes MeasureKeys(RedisPool& redis, const std::string& pattern,
                     const std::string& skip = "");

// One line per result, with its throughput as a percentage of `baseline`
// calls/s under the column `versus`, and the cores the client and the
// server kept busy.
void PrintResults(const std::vector<Result>& results, double baseline,
                  const std::string& versus);

}  // namespace ngoaivu::bench

#endif  // NGOAIVU_TESTS_BENCH_BENCH_DRIVER_H_
