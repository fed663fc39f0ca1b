// Latencies of many concurrent calls, recorded from any thread without a
// lock: a log-linear histogram (64 buckets per power of two, so a
// percentile is within 1.6 % of the true value) of atomic counters.
#ifndef NGOAIVU_TOOLS_LOADGEN_LATENCY_HISTOGRAM_H_
#define NGOAIVU_TOOLS_LOADGEN_LATENCY_HISTOGRAM_H_

#include <array>
#include <atomic>
#include <cstdint>

namespace ngoaivu::loadgen {

class LatencyHistogram {
 public:
  LatencyHistogram();

  // Adds one latency (microseconds; negative counts as 0).
  void Record(int64_t micros);
  int64_t count() const;
  // The latency below which `fraction` (0..1) of those recorded fall, as the
  // upper edge of its bucket; 0 when empty.
  int64_t Percentile(double fraction) const;
  int64_t max() const { return max_.load(std::memory_order_relaxed); }

 private:
  static constexpr int kSubBits = 6;  // 64 buckets per power of two
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = kSub * 40;
  static int BucketOf(int64_t micros);
  static int64_t UpperEdge(int bucket);

  std::array<std::atomic<int64_t>, kBuckets> counts_;
  std::atomic<int64_t> max_{0};
};

}  // namespace ngoaivu::loadgen

#endif  // NGOAIVU_TOOLS_LOADGEN_LATENCY_HISTOGRAM_H_
