#include "common/jwt_keys.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace ngoaivu {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBldPtr =
    std::unique_ptr<OSSL_PARAM_BLD,
                    Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamsPtr =
    std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyCtxPtr =
    std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;

std::optional<std::string> Base64Url(const nlohmann::json& jwk,
                                     const char* field) {
  std::string out;
  if (!jwk.contains(field) || !jwk[field].is_string() ||
      !absl::WebSafeBase64Unescape(jwk[field].get<std::string>(), &out) ||
      out.empty()) {
    return std::nullopt;
  }
  return out;
}

absl::StatusOr<std::string> PemOf(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PUBKEY(bio.get(), key)) {
    return absl::InternalError("cannot write the key as PEM");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

absl::StatusOr<std::string> KeyFromParams(const char* type,
                                          OSSL_PARAM_BLD* build) {
  ParamsPtr params(OSSL_PARAM_BLD_to_param(build));
  PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (params == nullptr || context == nullptr ||
      EVP_PKEY_fromdata_init(context.get()) <= 0 ||
      EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY,
                        params.get()) <= 0) {
    return absl::InvalidArgumentError("not a valid public key");
  }
  PkeyPtr key(raw);
  return PemOf(key.get());
}

absl::StatusOr<std::string> RsaPem(const nlohmann::json& jwk) {
  auto n = Base64Url(jwk, "n");
  auto e = Base64Url(jwk, "e");
  if (!n || !e) return absl::InvalidArgumentError("RSA key without n or e");
  BnPtr modulus(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                          static_cast<int>(n->size()), nullptr));
  BnPtr exponent(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                           static_cast<int>(e->size()), nullptr));
  ParamBldPtr build(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get());
  OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get());
  return KeyFromParams("RSA", build.get());
}

absl::StatusOr<std::string> EcPem(const nlohmann::json& jwk) {
  auto x = Base64Url(jwk, "x");
  auto y = Base64Url(jwk, "y");
  if (jwk.value("crv", "") != "P-256" || !x || !y || x->size() != 32 ||
      y->size() != 32) {
    return absl::InvalidArgumentError("EC key is not P-256 with x and y");
  }
  const std::string point = absl::StrCat("\x04", *x, *y);
  ParamBldPtr build(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                  "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                   point.data(), point.size());
  return KeyFromParams("EC", build.get());
}

// The key material of one JWK usable for `algorithm`; nullopt to skip it.
absl::StatusOr<std::optional<std::string>> MaterialOf(
    const nlohmann::json& jwk, absl::string_view algorithm) {
  if (!jwk.is_object()) return std::optional<std::string>();
  if (jwk.contains("use") && jwk["use"] != "sig") {
    return std::optional<std::string>();
  }
  if (jwk.contains("alg") && jwk["alg"] != std::string(algorithm)) {
    return std::optional<std::string>();
  }
  const std::string kty = jwk.value("kty", "");
  absl::StatusOr<std::string> material;
  if (algorithm == "RS256" && kty == "RSA") {
    material = RsaPem(jwk);
  } else if (algorithm == "ES256" && kty == "EC") {
    material = EcPem(jwk);
  } else if (algorithm == "HS256" && kty == "oct") {
    auto k = Base64Url(jwk, "k");
    if (!k || k->size() < 32) {
      return absl::InvalidArgumentError("oct key shorter than 32 bytes");
    }
    material = *k;
  } else {
    return std::optional<std::string>();
  }
  if (!material.ok()) return material.status();
  return std::optional<std::string>(*material);
}

}  // namespace

absl::StatusOr<VerificationKeys> ParseVerificationKeys(
    absl::string_view text, absl::string_view algorithm) {
  VerificationKeys keys;
  const absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
  if (!absl::StartsWith(trimmed, "{")) {
    // One key. A secret file usually ends with a newline that is not part
    // of it.
    keys.single = algorithm == "HS256"
                      ? std::string(absl::StripTrailingAsciiWhitespace(text))
                      : std::string(text);
    if (algorithm == "HS256" && keys.single.size() < 32) {
      return absl::InvalidArgumentError(
          "an HS256 secret must be at least 32 bytes");
    }
    return keys;
  }
  const auto set = nlohmann::json::parse(trimmed, nullptr, false);
  if (set.is_discarded() || !set.contains("keys") || !set["keys"].is_array()) {
    return absl::InvalidArgumentError(
        "a JSON key file must be a JWKS: {\"keys\": [...]}");
  }
  for (const auto& jwk : set["keys"]) {
    auto material = MaterialOf(jwk, algorithm);
    const std::string kid = jwk.is_object() ? jwk.value("kid", "") : "";
    if (!material.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("key '", kid, "': ", material.status().message()));
    }
    if (!material->has_value()) continue;
    if (kid.empty()) {
      return absl::InvalidArgumentError("every key of the set needs a kid");
    }
    if (!keys.by_kid.emplace(kid, **material).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("key id '", kid, "' appears twice"));
    }
  }
  if (keys.by_kid.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the key set holds no ", algorithm, " signing key"));
  }
  return keys;
}

absl::StatusOr<std::string> JwkFromPem(absl::string_view pem,
                                       absl::string_view kid) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) return absl::InvalidArgumentError("not a PEM public key");
  auto bytes = [](const BIGNUM* bn, int width) {
    std::string out(width > 0 ? width : BN_num_bytes(bn), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()),
                 static_cast<int>(out.size()));
    return absl::WebSafeBase64Escape(out);
  };
  nlohmann::json jwk{{"kid", std::string(kid)}, {"use", "sig"}};
  if (EVP_PKEY_is_a(key.get(), "RSA")) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_E, &e);
    BnPtr hold_n(n), hold_e(e);
    jwk.update({{"kty", "RSA"},
                {"alg", "RS256"},
                {"n", bytes(n, 0)},
                {"e", bytes(e, 0)}});
  } else if (EVP_PKEY_is_a(key.get(), "EC")) {
    BIGNUM* x = nullptr;
    BIGNUM* y = nullptr;
    EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, &x);
    EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, &y);
    BnPtr hold_x(x), hold_y(y);
    jwk.update({{"kty", "EC"},
                {"alg", "ES256"},
                {"crv", "P-256"},
                {"x", bytes(x, 32)},
                {"y", bytes(y, 32)}});
  } else {
    return absl::InvalidArgumentError("only RSA and P-256 keys");
  }
  return jwk.dump();
}

}  // namespace ngoaivu
