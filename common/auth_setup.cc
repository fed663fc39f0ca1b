#include "common/auth_setup.h"

#include "absl/strings/ascii.h"

namespace ngoaivu {

absl::StatusOr<JwtSettings> JwtSettingsFrom(const ServerSettings& s) {
  auto key = ReadSettingFile("--jwt-key-file", s.jwt_key_file);
  if (!key.ok()) return key.status();
  JwtSettings jwt;
  jwt.algorithm = s.jwt_algorithm;
  if (auto keys = ParseVerificationKeys(*key, s.jwt_algorithm); !keys.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--jwt-key-file: ", keys.status().message()));
  }
  jwt.key = *key;
  jwt.issuer = s.jwt_issuer;
  jwt.audience = s.jwt_audience;
  jwt.leeway = absl::Seconds(s.jwt_leeway_seconds);
  return jwt;
}

absl::StatusOr<GuardSettings> GuardSettingsFrom(const ServerSettings& s) {
  GuardSettings guard;
  guard.max_call = absl::Seconds(s.max_call_seconds);
  auto methods = ParseSystemMethods(s.system_methods);
  if (!methods.ok()) return methods.status();
  guard.system_methods = std::move(*methods);
  return guard;
}

}  // namespace ngoaivu
