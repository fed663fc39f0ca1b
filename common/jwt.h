// Bearer tokens (JWT, RFC 7519). Verification pins one algorithm: HS256
// with a shared secret for a local suite, RS256 or ES256 with a public key
// for production. A token naming any other algorithm (`none`, or an HS/RS
// swap meant to use the public key as an HMAC secret) is refused before its
// signature is looked at. The key is one key, or one of a key set chosen by
// the token's `kid` (common/jwt_keys.h); keys can be replaced while serving
// (SetKeys). libjwt checks the signature; the claims (exp, nbf, iss, aud,
// sub, agency, roles) are checked here.
#ifndef NGOAIVU_COMMON_JWT_H_
#define NGOAIVU_COMMON_JWT_H_

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/jwt_keys.h"
#include "common/principal.h"
#include "nlohmann/json_fwd.hpp"

namespace ngoaivu {

struct JwtSettings {
  std::string algorithm = "HS256";  // HS256 | RS256 | ES256
  // The key file's text: the HMAC secret, a PEM public key, or a JWKS.
  std::string key;
  std::string issuer;
  std::string audience;
  absl::Duration leeway = absl::Seconds(30);  // clock skew allowed
};

class JwtVerifier {
 public:
  JwtVerifier(JwtSettings settings, const Clock* clock);

  // The principal of a valid token; UNAUTHENTICATED saying which check
  // failed otherwise (never echoing the token).
  absl::StatusOr<Principal> Verify(absl::string_view token) const;

  // Verifies with `keys` from now on; tokens verified before are checked
  // again (a key dropped from the set stops its tokens at once).
  void SetKeys(VerificationKeys keys);

 private:
  // A token that verified, remembered until it expires: a client sends the
  // same token with every call, and checking a signature costs more than
  // the rest of a read.
  struct Verified {
    Principal principal;
    absl::Time valid_until;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Verified> tokens;
  };
  static constexpr int kShards = 16;
  static constexpr size_t kTokensPerShard = 4096;

  absl::StatusOr<Principal> VerifyUncached(absl::string_view token,
                                           absl::Time* valid_until) const;

  std::shared_ptr<const VerificationKeys> keys() const;
  // The key a token's header names (or the only one).
  absl::StatusOr<std::string> KeyFor(const nlohmann::json& header) const;

  JwtSettings settings_;
  const Clock* clock_;
  mutable std::mutex keys_mutex_;
  std::shared_ptr<const VerificationKeys> keys_;  // guarded by keys_mutex_
  mutable std::array<Shard, kShards> verified_;
};

struct TokenClaims {
  std::string subject;
  std::string agency;  // agencies/{code}
  std::vector<std::string> roles;
  std::string issuer;
  std::string audience;
  absl::Time issued_at;
  absl::Time not_before;
  absl::Time expires;
  std::string key_id;  // the header's kid (empty: none)
};

// Signs `claims` with `algorithm` and `key` (secret, or PEM private key).
absl::StatusOr<std::string> SignToken(const TokenClaims& claims,
                                      absl::string_view algorithm,
                                      absl::string_view key);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_JWT_H_
