// The saturation point of a scenario: the highest constant rate at which
// the calls still answer in time (p99 under a limit), without errors, and
// at the rate asked (a server that cannot keep up answers fewer).
#ifndef NGOAIVU_TOOLS_LOADGEN_SATURATION_H_
#define NGOAIVU_TOOLS_LOADGEN_SATURATION_H_

#include <functional>
#include <string>
#include <vector>

#include "tools/loadgen/open_loop.h"

namespace ngoaivu::loadgen {

struct Limits {
  double max_p99_ms = 50;
  double max_error_fraction = 0.001;
  double min_achieved_fraction = 0.97;
};

// Whether `run` stays within `limits`; when not, `why` says which broke.
bool WithinLimits(const LoadResult& run, const Limits& limits,
                  std::string* why);

struct SearchOptions {
  double from = 500;     // first rate
  double factor = 1.25;  // each next rate, while within the limits
  double max_rate = 200000;
  int refinements = 2;  // halvings of the gap between last good and first bad
};

struct Saturation {
  double rate = 0;  // the highest rate within the limits; 0: not even `from`
  std::vector<LoadResult> runs;  // in the order run
};

// Runs `run_at(rate)` at rising rates until one breaks the limits, then
// narrows between the last good and the first bad rate.
Saturation FindSaturation(
    const std::function<LoadResult(double)>& run_at,
    const SearchOptions& search, const Limits& limits,
    const std::function<void(const LoadResult&, bool within)>& on_run);

}  // namespace ngoaivu::loadgen

#endif  // NGOAIVU_TOOLS_LOADGEN_SATURATION_H_
