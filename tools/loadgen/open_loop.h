// An open-loop, constant-rate load: calls are sent at their scheduled
// times whether or not earlier ones have answered, many in flight on few
// threads (gRPC's callback API), and each call's latency is measured from
// the time it was due to be sent, so a server (or client) that falls behind
// shows it in the latencies instead of hiding it by sending less
// (no coordinated omission).
#ifndef NGOAIVU_TOOLS_LOADGEN_OPEN_LOOP_H_
#define NGOAIVU_TOOLS_LOADGEN_OPEN_LOOP_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ngoaivu::loadgen {

// How a call ended; called exactly once per call, on any thread.
using Done = std::function<void(const grpc::Status&)>;

// One kind of call a scenario makes (it may be several RPCs in a row).
class Operation {
 public:
  virtual ~Operation() = default;
  // Starts call number `n` (writes derive their unique input from it),
  // to end by `deadline`.
  virtual void Start(int64_t n, std::chrono::system_clock::time_point deadline,
                     Done done) = 0;
};

struct WeightedOperation {
  std::string name;
  double weight = 1;
  std::shared_ptr<Operation> operation;
};

struct LoadOptions {
  double rate = 1000;  // calls per second, all senders together
  double seconds = 5;  // measured
  double warmup_seconds = 1;
  int senders = 1;  // threads that send; answers arrive on gRPC's threads
  std::chrono::milliseconds deadline{2000};
  int max_in_flight = 20000;
};

struct Percentiles {
  int64_t calls = 0;
  int64_t errors = 0;
  int64_t p50_us = 0, p90_us = 0, p99_us = 0, p999_us = 0, max_us = 0;
};

struct LoadResult {
  double target_rate = 0;
  double achieved_rate = 0;  // calls answered per second of the window
  double seconds = 0;
  Percentiles all;
  std::map<std::string, Percentiles> by_operation;
  std::map<std::string, int64_t> codes;  // status code name → calls
  // Calls sent more than 1 ms after they were due: the client could not
  // keep up, so the run measures the client too.
  int64_t late_sends = 0;
  double client_cores = 0;  // this process's CPU over the window
  // Other processes' (servers', Redis') cores over the window, by name.
  std::map<std::string, double> process_cores;
};

// Sends `operations` (chosen by weight, deterministically by call number)
// at `options.rate`; `on_window` is called at the start and at the end of
// the measured window (to sample other processes' CPU).
LoadResult RunOpenLoop(const std::vector<WeightedOperation>& operations,
                       const LoadOptions& options,
                       const std::function<void(bool start)>& on_window);

}  // namespace ngoaivu::loadgen

#endif  // NGOAIVU_TOOLS_LOADGEN_OPEN_LOOP_H_
