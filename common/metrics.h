// The process's Prometheus metrics (prometheus-cpp), served on
// --metrics-listen by the server bootstrap. Every part of the runtime
// registers its families here; docs/operations.md, "Metrics and logs", lists
// them.
//
// Family::Add takes a lock, so the request path never calls it directly:
// CounterOf/HistogramOf/GaugeOf find a labelled metric in a per-thread
// table first and only lock on a thread's first use of those labels.
#ifndef NGOAIVU_COMMON_METRICS_H_
#define NGOAIVU_COMMON_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace ngoaivu {

std::shared_ptr<prometheus::Registry> MetricsRegistry();

prometheus::Family<prometheus::Counter>& CounterFamily(const std::string& name,
                                                       const std::string& help);
prometheus::Family<prometheus::Gauge>& GaugeFamily(const std::string& name,
                                                   const std::string& help);
prometheus::Family<prometheus::Histogram>& HistogramFamily(
    const std::string& name, const std::string& help);

prometheus::Counter& CounterOf(prometheus::Family<prometheus::Counter>& family,
                               const prometheus::Labels& labels);
prometheus::Gauge& GaugeOf(prometheus::Family<prometheus::Gauge>& family,
                           const prometheus::Labels& labels);
// With LatencyBuckets().
prometheus::Histogram& HistogramOf(
    prometheus::Family<prometheus::Histogram>& family,
    const prometheus::Labels& labels);

// Seconds, from 250 µs to 10 s.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

inline double Seconds(absl::Duration d) { return absl::ToDoubleSeconds(d); }

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_METRICS_H_
