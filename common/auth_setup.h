// Builds the identity and access pieces of a service from its settings.
#ifndef NGOAIVU_COMMON_AUTH_SETUP_H_
#define NGOAIVU_COMMON_AUTH_SETUP_H_

#include "absl/status/statusor.h"
#include "common/call_guard.h"
#include "common/jwt.h"
#include "common/settings.h"

namespace ngoaivu {

absl::StatusOr<JwtSettings> JwtSettingsFrom(const ServerSettings& settings);
absl::StatusOr<GuardSettings> GuardSettingsFrom(const ServerSettings& settings);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_AUTH_SETUP_H_
