#include "common/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"

namespace ngoaivu {
namespace {
constexpr char kVersion = '\x01';
constexpr size_t kMacBytes = 16;
}  // namespace

PageTokens::PageTokens(std::string key) : key_(std::move(key)) {}

std::string PageTokens::Mac(absl::string_view cursor,
                            absl::string_view scope) const {
  const std::string message = absl::StrCat(scope, std::string(1, '\0'), cursor);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), kMacBytes);
}

std::string PageTokens::Issue(absl::string_view cursor,
                              absl::string_view scope) const {
  if (cursor.empty()) return "";
  std::string raw =
      absl::StrCat(std::string(1, kVersion), Mac(cursor, scope), cursor);
  std::string token;
  absl::WebSafeBase64Escape(raw, &token);
  return token;
}

absl::StatusOr<std::string> PageTokens::Open(absl::string_view token,
                                             absl::string_view scope) const {
  if (token.empty()) return std::string();
  std::string raw;
  const auto invalid = [] {
    return InvalidArgument("page_token",
                           "not a token of this list with these filters");
  };
  if (token.size() > 2048 || !absl::WebSafeBase64Unescape(token, &raw) ||
      raw.size() <= 1 + kMacBytes || raw[0] != kVersion) {
    return invalid();
  }
  std::string cursor = raw.substr(1 + kMacBytes);
  const std::string expected = Mac(cursor, scope);
  if (CRYPTO_memcmp(expected.data(), raw.data() + 1, kMacBytes) != 0) {
    return invalid();
  }
  return cursor;
}

}  // namespace ngoaivu
