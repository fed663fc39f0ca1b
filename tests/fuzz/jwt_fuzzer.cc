// Bearer tokens and key sets come from outside: any token string is either
// a principal (only when signed with the key, by the pinned algorithm,
// with valid claims) or UNAUTHENTICATED; any key file text is a key set or
// INVALID_ARGUMENT. Input: one byte choosing which, then the text.
#include <cstdlib>

#include "common/clock.h"
#include "common/jwt.h"
#include "common/jwt_keys.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

constexpr char kSecret[] = "fuzz-jwt-secret-at-least-32-bytes-long";

const ngoaivu::ManualClock& Clock() {
  static auto* clock = new ngoaivu::ManualClock(absl::FromUnixSeconds(1.8e9));
  return *clock;
}

const ngoaivu::JwtVerifier& Verifier() {
  static auto* verifier = [] {
    ngoaivu::JwtSettings settings;
    settings.key = kSecret;
    settings.issuer = "ngoaivu-test";
    settings.audience = "ngoaivu";
    return new ngoaivu::JwtVerifier(settings, &Clock());
  }();
  return *verifier;
}

std::string Token(const std::string& role) {
  ngoaivu::TokenClaims claims;
  claims.subject = "fuzz";
  claims.agency = "agencies/SNGV";
  claims.roles = {role};
  claims.issuer = "ngoaivu-test";
  claims.audience = "ngoaivu";
  claims.issued_at = claims.not_before = Clock().Now() - absl::Minutes(1);
  claims.expires = Clock().Now() + absl::Hours(1);
  return ngoaivu::SignToken(claims, "HS256", kSecret).value_or("");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ngoaivu::fuzz::WriteSeeds(
      {std::string("\x00", 1) + Token("officer"),
       std::string("\x00", 1) + Token("admin"),
       "\x01{\"keys\":[{\"kty\":\"oct\",\"kid\":\"a\",\"k\":"
       "\"ZnV6ei1qd3Qtc2VjcmV0LWF0LWxlYXN0LTMyLWJ5dGVzLWxvbmc\"}]}",
       std::string("\x01", 1) + kSecret});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto principal = Verifier().Verify(text);
    if (!principal.ok() &&
        principal.status().code() != absl::StatusCode::kUnauthenticated) {
      std::abort();
    }
    // Only a token made with the key verifies: the fuzzer cannot forge one,
    // so a principal means the input was a seed's token (or a variant
    // libjwt accepts as the same token).
    if (principal.ok() && principal->agency != "agencies/SNGV") std::abort();
  } else {
    for (const char* algorithm : {"HS256", "RS256", "ES256"}) {
      auto keys = ngoaivu::ParseVerificationKeys(text, algorithm);
      if (!keys.ok() &&
          keys.status().code() != absl::StatusCode::kInvalidArgument) {
        std::abort();
      }
    }
  }
  return 0;
}
