#include "services/notifications/delivery_policy.h"

#include <algorithm>
#include <cmath>

namespace ngoaivu::notifications {

std::optional<absl::Time> NextAttempt(const DeliveryPolicy& policy,
                                      int attempts, absl::Time now,
                                      double random) {
  if (attempts >= policy.max_attempts) return std::nullopt;
  const double exponent = std::max(0, attempts - 1);
  absl::Duration wait =
      std::min(policy.first_backoff * std::pow(policy.factor, exponent),
               policy.max_backoff);
  wait *= 1 + policy.jitter * (2 * random - 1);
  return now + wait;
}

}  // namespace ngoaivu::notifications
