// The keys tokens are verified with: one key (an HMAC secret or a PEM public
// key, the --jwt-key-file of a single-key setup), or a JSON Web Key Set
// (RFC 7517) holding several, each named by its `kid`, so an identity
// provider can rotate keys without downtime: publish the new key beside the
// old, sign with it, drop the old once its tokens have expired.
#ifndef NGOAIVU_COMMON_JWT_KEYS_H_
#define NGOAIVU_COMMON_JWT_KEYS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ngoaivu {

struct VerificationKeys {
  // Key material as libjwt takes it: PEM public keys, or HMAC secrets.
  std::map<std::string, std::string> by_kid;
  // The one key of a single-key file (no kid).
  std::string single;
};

// Reads a key file's text for `algorithm` (HS256, RS256, ES256): a JWKS
// document when it is a JSON object with "keys" (keys of another type,
// algorithm or use are skipped), one key otherwise.
absl::StatusOr<VerificationKeys> ParseVerificationKeys(
    absl::string_view text, absl::string_view algorithm);

// A public key (PEM, RSA or P-256) as a JWK with `kid`, for publishing a
// key set.
absl::StatusOr<std::string> JwkFromPem(absl::string_view pem,
                                       absl::string_view kid);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_JWT_KEYS_H_
