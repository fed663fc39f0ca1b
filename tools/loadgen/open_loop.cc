#include "tools/loadgen/open_loop.h"

#include <sys/resource.h>

#include <array>
#include <atomic>
#include <cmath>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/call_telemetry.h"
#include "tools/loadgen/latency_histogram.h"

namespace ngoaivu::loadgen {
namespace {

using Steady = std::chrono::steady_clock;

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Tally {
  LatencyHistogram latency;
  std::atomic<int64_t> errors{0};

  Percentiles Summary() const {
    Percentiles p;
    p.calls = latency.count();
    p.errors = errors.load();
    p.p50_us = latency.Percentile(0.50);
    p.p90_us = latency.Percentile(0.90);
    p.p99_us = latency.Percentile(0.99);
    p.p999_us = latency.Percentile(0.999);
    p.max_us = latency.max();
    return p;
  }
};

// Everything the senders and the answers share for one run.
struct Run {
  explicit Run(size_t operations) : by_operation(operations) {}
  Tally all;
  std::vector<Tally> by_operation;
  std::array<std::atomic<int64_t>, 17> codes{};
  std::atomic<int64_t> in_flight{0};
  std::atomic<int64_t> late_sends{0};
};

// Call number n's operation: a fixed spread of the weights, so every run
// at every rate makes the same mix.
std::vector<int> Schedule(const std::vector<WeightedOperation>& operations) {
  double total = 0;
  for (const auto& o : operations) total += o.weight;
  std::vector<int> slots;
  constexpr int kSlots = 1000;
  for (int slot = 0; slot < kSlots; ++slot) {
    // Slot s takes the operation whose cumulative weight covers it,
    // visited in a scattered order so that equal weights interleave.
    const double point = ((slot * 617) % kSlots + 0.5) / kSlots * total;
    double cumulative = 0;
    int chosen = 0;
    for (size_t i = 0; i < operations.size(); ++i) {
      cumulative += operations[i].weight;
      chosen = static_cast<int>(i);
      if (point < cumulative) break;
    }
    slots.push_back(chosen);
  }
  return slots;
}

void WaitUntil(Steady::time_point when) {
  // Sleep most of the way, then yield: nanosleep alone overshoots by tens
  // of microseconds, which at thousands of calls a second is the schedule.
  const auto early = when - std::chrono::microseconds(100);
  if (Steady::now() < early) std::this_thread::sleep_until(early);
  while (Steady::now() < when) std::this_thread::yield();
}

void Send(const std::vector<WeightedOperation>& operations,
          const std::vector<int>& schedule, const LoadOptions& options,
          int sender, Steady::time_point start, Steady::time_point measure_from,
          Steady::time_point end, const std::shared_ptr<Run>& run) {
  const double period_us = 1e6 / options.rate;
  for (int64_t n = sender;; n += options.senders) {
    const auto due =
        start + std::chrono::microseconds(std::llround(n * period_us));
    if (due >= end) break;
    WaitUntil(due);
    while (run->in_flight.load() >= options.max_in_flight) {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    const bool measured = due >= measure_from;
    if (measured && Steady::now() - due > std::chrono::milliseconds(1)) {
      ++run->late_sends;
    }
    const int index = schedule[n % schedule.size()];
    ++run->in_flight;
    operations[index].operation->Start(
        n, std::chrono::system_clock::now() + options.deadline,
        [run, index, due, measured](const grpc::Status& status) {
          if (measured) {
            const int64_t micros =
                std::chrono::duration_cast<std::chrono::microseconds>(
                    Steady::now() - due)
                    .count();
            run->all.latency.Record(micros);
            run->by_operation[index].latency.Record(micros);
            if (!status.ok()) {
              ++run->all.errors;
              ++run->by_operation[index].errors;
            }
            ++run->codes[std::min<int>(status.error_code(), 16)];
          }
          --run->in_flight;
        });
  }
}

}  // namespace

LoadResult RunOpenLoop(const std::vector<WeightedOperation>& operations,
                       const LoadOptions& options,
                       const std::function<void(bool start)>& on_window) {
  // Shared with the answers: one that comes after the run gave up on it
  // still finds its tallies.
  auto run = std::make_shared<Run>(operations.size());
  const std::vector<int> schedule = Schedule(operations);
  const auto start = Steady::now() + std::chrono::milliseconds(10);
  const auto measure_from =
      start +
      std::chrono::microseconds(std::llround(options.warmup_seconds * 1e6));
  const auto end = measure_from + std::chrono::microseconds(
                                      std::llround(options.seconds * 1e6));

  std::vector<std::thread> senders;
  for (int s = 0; s < options.senders; ++s) {
    senders.emplace_back(Send, std::cref(operations), std::cref(schedule),
                         std::cref(options), s, start, measure_from, end,
                         std::cref(run));
  }
  std::this_thread::sleep_until(measure_from);
  const double cpu_before = ProcessCpuSeconds();
  if (on_window) on_window(true);
  std::this_thread::sleep_until(end);
  const double cpu_after = ProcessCpuSeconds();
  if (on_window) on_window(false);
  for (auto& s : senders) s.join();
  // Calls still out get their deadline and a little more to answer.
  const auto give_up =
      Steady::now() + options.deadline + std::chrono::seconds(1);
  while (run->in_flight.load() > 0 && Steady::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  LoadResult result;
  result.target_rate = options.rate;
  result.seconds = options.seconds;
  result.all = run->all.Summary();
  result.achieved_rate = result.all.calls / options.seconds;
  for (size_t i = 0; i < operations.size(); ++i) {
    result.by_operation[operations[i].name] = run->by_operation[i].Summary();
  }
  for (int code = 0; code < 17; ++code) {
    if (run->codes[code] > 0) {
      result.codes[StatusCodeName(static_cast<grpc::StatusCode>(code))] =
          run->codes[code];
    }
  }
  result.late_sends = run->late_sends;
  result.client_cores = (cpu_after - cpu_before) / options.seconds;
  return result;
}

}  // namespace ngoaivu::loadgen
