#include "tools/loadgen/saturation.h"

#include "absl/strings/str_format.h"

namespace ngoaivu::loadgen {

bool WithinLimits(const LoadResult& run, const Limits& limits,
                  std::string* why) {
  const double p99_ms = run.all.p99_us / 1000.0;
  const int64_t answered = run.all.calls;
  if (answered == 0) {
    *why = "no call answered";
    return false;
  }
  if (p99_ms > limits.max_p99_ms) {
    *why = absl::StrFormat("p99 %.1f ms > %.0f ms", p99_ms, limits.max_p99_ms);
    return false;
  }
  const double errors = static_cast<double>(run.all.errors) / answered;
  if (errors > limits.max_error_fraction) {
    *why = absl::StrFormat("%.2f %% errors", 100 * errors);
    return false;
  }
  if (run.achieved_rate < limits.min_achieved_fraction * run.target_rate) {
    *why = absl::StrFormat("answered %.0f/s of %.0f/s", run.achieved_rate,
                           run.target_rate);
    return false;
  }
  why->clear();
  return true;
}

Saturation FindSaturation(
    const std::function<LoadResult(double)>& run_at,
    const SearchOptions& search, const Limits& limits,
    const std::function<void(const LoadResult&, bool within)>& on_run) {
  Saturation result;
  auto attempt = [&](double rate) {
    result.runs.push_back(run_at(rate));
    std::string why;
    const bool within = WithinLimits(result.runs.back(), limits, &why);
    if (on_run) on_run(result.runs.back(), within);
    return within;
  };
  double good = 0;
  double bad = 0;
  for (double rate = search.from; rate <= search.max_rate;
       rate *= search.factor) {
    if (!attempt(rate)) {
      bad = rate;
      break;
    }
    good = rate;
  }
  for (int i = 0; i < search.refinements && good > 0 && bad > 0; ++i) {
    const double middle = (good + bad) / 2;
    if (attempt(middle)) {
      good = middle;
    } else {
      bad = middle;
    }
  }
  result.rate = good;
  return result;
}

}  // namespace ngoaivu::loadgen
