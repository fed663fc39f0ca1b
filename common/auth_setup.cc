#include "common/auth_setup.h"

#include "absl/strings/ascii.h"

namespace ngoaivu {

absl::StatusOr<JwtSettings> JwtSettingsFrom(const ServerSettings& s) {
  auto key = ReadSettingFile("--jwt-key-file", s.jwt_key_file);
  if (!key.ok()) return key.status();
  JwtSettings jwt;
  jwt.algorithm = s.jwt_algorithm;
  // A secret file usually ends with a newline that is not part of it.
  jwt.key = s.jwt_algorithm == "HS256"
                ? std::string(absl::StripTrailingAsciiWhitespace(*key))
                : *key;
  if (jwt.key.size() < 32 && s.jwt_algorithm == "HS256") {
    return absl::InvalidArgumentError(
        "--jwt-key-file: an HS256 secret must be at least 32 bytes");
  }
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
