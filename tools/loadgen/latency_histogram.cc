#include "tools/loadgen/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace ngoaivu::loadgen {

LatencyHistogram::LatencyHistogram() {
  for (auto& c : counts_) c.store(0, std::memory_order_relaxed);
}

// Values below 64 µs get a bucket each; above, each power of two is split
// into 64 equal buckets.
int LatencyHistogram::BucketOf(int64_t micros) {
  if (micros < kSub) return static_cast<int>(std::max<int64_t>(micros, 0));
  const int magnitude = 63 - __builtin_clzll(static_cast<uint64_t>(micros));
  const int shift = magnitude - kSubBits;
  const int sub = static_cast<int>((micros >> shift) - kSub);
  return std::min(kBuckets - 1, kSub + shift * kSub + sub);
}

int64_t LatencyHistogram::UpperEdge(int bucket) {
  if (bucket < kSub) return bucket;
  const int shift = (bucket - kSub) / kSub;
  const int64_t sub = (bucket - kSub) % kSub;
  return ((kSub + sub + 1) << shift) - 1;
}

void LatencyHistogram::Record(int64_t micros) {
  micros = std::max<int64_t>(micros, 0);
  counts_[BucketOf(micros)].fetch_add(1, std::memory_order_relaxed);
  int64_t seen = max_.load(std::memory_order_relaxed);
  while (micros > seen &&
         !max_.compare_exchange_weak(seen, micros, std::memory_order_relaxed)) {
  }
}

int64_t LatencyHistogram::count() const {
  int64_t total = 0;
  for (const auto& c : counts_) total += c.load(std::memory_order_relaxed);
  return total;
}

int64_t LatencyHistogram::Percentile(double fraction) const {
  const int64_t total = count();
  if (total == 0) return 0;
  const auto rank = static_cast<int64_t>(std::ceil(fraction * total));
  int64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[b].load(std::memory_order_relaxed);
    if (seen >= std::max<int64_t>(rank, 1))
      return std::min(UpperEdge(b), max());
  }
  return max();
}

}  // namespace ngoaivu::loadgen
