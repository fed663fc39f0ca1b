#include "common/metrics.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace ngoaivu {
namespace {

// A thread's table of labelled metrics it has used: family and labels ->
// metric. Metrics live as long as their family (the process).
template <typename Metric, typename Make>
Metric& Cached(const void* family, const prometheus::Labels& labels,
               Make make) {
  thread_local absl::flat_hash_map<std::string, void*> table;
  std::string key = absl::StrCat(reinterpret_cast<uintptr_t>(family));
  for (const auto& [name, value] : labels) {
    absl::StrAppend(&key, "\x1f", name, "=", value);
  }
  auto [it, inserted] = table.try_emplace(std::move(key), nullptr);
  if (inserted) it->second = &make();
  return *static_cast<Metric*>(it->second);
}

}  // namespace

std::shared_ptr<prometheus::Registry> MetricsRegistry() {
  static auto* registry = new std::shared_ptr<prometheus::Registry>(
      std::make_shared<prometheus::Registry>());
  return *registry;
}

prometheus::Family<prometheus::Counter>& CounterFamily(
    const std::string& name, const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(
      *MetricsRegistry());
}

prometheus::Family<prometheus::Gauge>& GaugeFamily(const std::string& name,
                                                   const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(
      *MetricsRegistry());
}

prometheus::Family<prometheus::Histogram>& HistogramFamily(
    const std::string& name, const std::string& help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(
      *MetricsRegistry());
}

prometheus::Counter& CounterOf(prometheus::Family<prometheus::Counter>& family,
                               const prometheus::Labels& labels) {
  return Cached<prometheus::Counter>(
      &family, labels, [&]() -> auto& { return family.Add(labels); });
}

prometheus::Gauge& GaugeOf(prometheus::Family<prometheus::Gauge>& family,
                           const prometheus::Labels& labels) {
  return Cached<prometheus::Gauge>(
      &family, labels, [&]() -> auto& { return family.Add(labels); });
}

prometheus::Histogram& HistogramOf(
    prometheus::Family<prometheus::Histogram>& family,
    const prometheus::Labels& labels) {
  return Cached<prometheus::Histogram>(
      &family,
      labels, [&]() -> auto& { return family.Add(labels, LatencyBuckets()); });
}

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,     0.25,   0.5,   1,      2.5,   5,    10};
  return *buckets;
}

}  // namespace ngoaivu
