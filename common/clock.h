// Time comes from a Clock so that tests can move it.
#ifndef NGOAIVU_COMMON_CLOCK_H_
#define NGOAIVU_COMMON_CLOCK_H_

#include <mutex>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace ngoaivu {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return now_;
  }
  void Set(absl::Time t) {
    std::lock_guard<std::mutex> lock(mutex_);
    now_ = t;
  }
  void Advance(absl::Duration d) {
    std::lock_guard<std::mutex> lock(mutex_);
    now_ += d;
  }

 private:
  mutable std::mutex mutex_;
  absl::Time now_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_CLOCK_H_
