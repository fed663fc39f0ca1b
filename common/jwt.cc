#include "common/jwt.h"

#include <jwt.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/registry_names.h"
#include "nlohmann/json.hpp"

namespace ngoaivu {
namespace {

struct JwtDeleter {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(
      absl::StrCat("bearer token rejected: ", why));
}

bool Decode(absl::string_view part, nlohmann::json* out) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(part, &raw)) return false;
  *out = nlohmann::json::parse(raw, nullptr, /*allow_exceptions=*/false);
  return out->is_object();
}

jwt_alg_t AlgOf(absl::string_view name) {
  if (name == "HS256") return JWT_ALG_HS256;
  if (name == "RS256") return JWT_ALG_RS256;
  if (name == "ES256") return JWT_ALG_ES256;
  return JWT_ALG_INVAL;
}

}  // namespace

JwtVerifier::JwtVerifier(JwtSettings settings, const Clock* clock)
    : settings_(std::move(settings)), clock_(clock) {
  // JwtSettingsFrom has checked the file; a bad one verifies nothing.
  auto keys = ParseVerificationKeys(settings_.key, settings_.algorithm);
  keys_ = std::make_shared<const VerificationKeys>(
      keys.ok() ? *std::move(keys) : VerificationKeys{});
}

void JwtVerifier::SetKeys(VerificationKeys keys) {
  {
    std::lock_guard<std::mutex> lock(keys_mutex_);
    keys_ = std::make_shared<const VerificationKeys>(std::move(keys));
  }
  for (Shard& shard : verified_) {
    std::lock_guard<std::mutex> lock(shard.mutex);
    shard.tokens.clear();
  }
}

std::shared_ptr<const VerificationKeys> JwtVerifier::keys() const {
  std::lock_guard<std::mutex> lock(keys_mutex_);
  return keys_;
}

absl::StatusOr<std::string> JwtVerifier::KeyFor(
    const nlohmann::json& header) const {
  const auto keys = this->keys();
  const bool named = header.contains("kid") && header["kid"].is_string();
  if (!keys->by_kid.empty()) {
    if (!named) {
      if (keys->by_kid.size() == 1) return keys->by_kid.begin()->second;
      return Unauthenticated("no key id (kid) among several keys");
    }
    auto it = keys->by_kid.find(header["kid"].get<std::string>());
    if (it == keys->by_kid.end())
      return Unauthenticated("unknown key id (kid)");
    return it->second;
  }
  if (keys->single.empty()) return Unauthenticated("no verification key");
  return keys->single;
}

absl::StatusOr<Principal> JwtVerifier::Verify(absl::string_view token) const {
  const std::string key(token);
  Shard& shard = verified_[std::hash<std::string>{}(key) % kShards];
  const absl::Time now = clock_->Now();
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.tokens.find(key);
    if (it != shard.tokens.end()) {
      if (now <= it->second.valid_until) return it->second.principal;
      shard.tokens.erase(it);
    }
  }
  absl::Time valid_until;
  auto principal = VerifyUncached(token, &valid_until);
  if (principal.ok()) {
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (shard.tokens.size() >= kTokensPerShard) shard.tokens.clear();
    shard.tokens[key] = Verified{*principal, valid_until};
  }
  return principal;
}

namespace {

// `aud` is one audience or a list of them.
bool HasAudience(const nlohmann::json& claims, const std::string& audience) {
  if (!claims.contains("aud")) return false;
  const auto& aud = claims["aud"];
  if (aud.is_string()) return aud.get<std::string>() == audience;
  if (!aud.is_array()) return false;
  for (const auto& a : aud) {
    if (a.is_string() && a.get<std::string>() == audience) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<Principal> JwtVerifier::VerifyUncached(
    absl::string_view token, absl::Time* valid_until) const {
  if (token.empty()) return Unauthenticated("missing");
  if (token.size() > 8192) return Unauthenticated("too long");
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  nlohmann::json header, claims;
  if (parts.size() != 3 || !Decode(parts[0], &header) ||
      !Decode(parts[1], &claims)) {
    return Unauthenticated("malformed (not header.claims.signature)");
  }
  // Pin the algorithm before anything reads the signature.
  if (!header.contains("alg") || !header["alg"].is_string() ||
      header["alg"].get<std::string>() != settings_.algorithm) {
    return Unauthenticated(
        absl::StrCat("algorithm must be ", settings_.algorithm));
  }
  auto key = KeyFor(header);
  if (!key.ok()) return key.status();
  jwt_t* raw = nullptr;
  const std::string text(token);
  if (jwt_decode(&raw, text.c_str(),
                 reinterpret_cast<const unsigned char*>(key->data()),
                 static_cast<int>(key->size())) != 0 ||
      raw == nullptr) {
    return Unauthenticated("bad signature");
  }
  JwtPtr verified(raw);
  if (jwt_get_alg(verified.get()) != AlgOf(settings_.algorithm)) {
    return Unauthenticated(
        absl::StrCat("algorithm must be ", settings_.algorithm));
  }

  const absl::Time now = clock_->Now();
  auto seconds = [&](const char* name, absl::Time* out) -> bool {
    if (!claims.contains(name)) return false;
    if (!claims[name].is_number()) return false;
    *out = absl::FromUnixSeconds(claims[name].get<int64_t>());
    return true;
  };
  absl::Time exp, nbf;
  if (!seconds("exp", &exp)) return Unauthenticated("no expiry (exp)");
  if (now > exp + settings_.leeway) return Unauthenticated("expired (exp)");
  if (seconds("nbf", &nbf) && now + settings_.leeway < nbf) {
    return Unauthenticated("not yet valid (nbf)");
  }
  const auto text_claim = [&](const char* name) -> std::string {
    return claims.contains(name) && claims[name].is_string()
               ? claims[name].get<std::string>()
               : "";
  };
  if (text_claim("iss") != settings_.issuer) {
    return Unauthenticated("wrong issuer (iss)");
  }
  if (!HasAudience(claims, settings_.audience)) {
    return Unauthenticated("wrong audience (aud)");
  }

  Principal principal;
  principal.subject = text_claim("sub");
  principal.agency = text_claim("agency");
  principal.issuer = settings_.issuer;
  if (principal.subject.empty()) return Unauthenticated("no subject (sub)");
  if (AgencyCodeOfResource(principal.agency).empty()) {
    return Unauthenticated("no agency (agency: agencies/{code})");
  }
  if (claims.contains("roles") && claims["roles"].is_array()) {
    for (const auto& r : claims["roles"]) {
      if (!r.is_string()) continue;
      if (auto role = ParseRole(r.get<std::string>()))
        principal.roles.push_back(*role);
    }
  }
  if (principal.roles.empty()) return Unauthenticated("no known role (roles)");
  *valid_until = exp + settings_.leeway;
  return principal;
}

absl::StatusOr<std::string> SignToken(const TokenClaims& claims,
                                      absl::string_view algorithm,
                                      absl::string_view key) {
  const jwt_alg_t alg = AlgOf(algorithm);
  if (alg == JWT_ALG_INVAL) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported algorithm ", algorithm));
  }
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("jwt_new failed");
  JwtPtr token(raw);
  nlohmann::json grants = {{"sub", claims.subject},
                           {"agency", claims.agency},
                           {"roles", claims.roles},
                           {"iss", claims.issuer},
                           {"aud", claims.audience},
                           {"iat", absl::ToUnixSeconds(claims.issued_at)},
                           {"nbf", absl::ToUnixSeconds(claims.not_before)},
                           {"exp", absl::ToUnixSeconds(claims.expires)}};
  if (!claims.key_id.empty() &&
      jwt_add_header(token.get(), "kid", claims.key_id.c_str()) != 0) {
    return absl::InvalidArgumentError("cannot sign: bad key id");
  }
  if (jwt_add_grants_json(token.get(), grants.dump().c_str()) != 0 ||
      jwt_set_alg(token.get(), alg,
                  reinterpret_cast<const unsigned char*>(key.data()),
                  static_cast<int>(key.size())) != 0) {
    return absl::InvalidArgumentError("cannot sign: bad key for the algorithm");
  }
  char* encoded = jwt_encode_str(token.get());
  if (encoded == nullptr)
    return absl::InvalidArgumentError("cannot sign: bad key");
  std::string out(encoded);
  free(encoded);
  return out;
}

}  // namespace ngoaivu
