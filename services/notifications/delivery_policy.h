// When a failed delivery is tried again: exponential backoff with jitter,
// then dead-lettered after the last attempt.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_DELIVERY_POLICY_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_DELIVERY_POLICY_H_

#include <optional>

#include "absl/time/time.h"

namespace ngoaivu::notifications {

struct DeliveryPolicy {
  int max_attempts = 8;
  // The wait after the first failure; each later one is `factor` times
  // longer, up to `max_backoff`.
  absl::Duration first_backoff = absl::Seconds(5);
  double factor = 4;
  absl::Duration max_backoff = absl::Hours(2);
  // Each wait is stretched or shrunk by up to this fraction, at random, so
  // that many failures at once are not retried at once.
  double jitter = 0.2;
  absl::Duration attempt_timeout = absl::Seconds(10);
};

// When to try again after `attempts` failed attempts, from `now`; nothing
// when that was the last one. `random` in [0, 1) picks the jitter.
std::optional<absl::Time> NextAttempt(const DeliveryPolicy& policy,
                                      int attempts, absl::Time now,
                                      double random);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_DELIVERY_POLICY_H_
