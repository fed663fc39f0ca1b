#include "common/ids.h"

#include <openssl/sha.h>

#include <cstdint>
#include <random>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ngoaivu {
namespace {

// One generator per thread: no lock on the request path.
std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator([] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }());
  return generator;
}

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string RandomHex(size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n, '0');
  uint64_t bits = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i % 16 == 0) bits = Generator()();
    out[i] = kHex[bits & 0xF];
    bits >>= 4;
  }
  return out;
}

std::string NewUuid() {
  std::string hex = RandomHex(32);
  hex[12] = '4';                          // version 4
  hex[16] = "89ab"[Generator()() & 0x3];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) +
         "-" + hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string NewEtag() { return RandomHex(16); }

std::string NewestFirstId(absl::string_view prefix, absl::Time time,
                          absl::string_view key) {
  constexpr int64_t kLastMillis = 9999999999999;
  return absl::StrCat(
      prefix, absl::Dec(kLastMillis - absl::ToUnixMillis(time),
                        absl::kZeroPad13),
      "-", Sha256Hex(key).substr(0, 10));
}

std::string NewTraceparent() {
  return "00-" + RandomHex(32) + "-" + RandomHex(16) + "-01";
}

bool IsValidTraceparent(absl::string_view v) {
  // 00-<32 hex>-<16 hex>-<2 hex>
  if (v.size() != 55 || v.substr(0, 3) != "00-" || v[35] != '-' ||
      v[52] != '-') {
    return false;
  }
  const absl::string_view trace = v.substr(3, 32), span = v.substr(36, 16),
                          flags = v.substr(53, 2);
  return IsLowerHex(trace) && IsLowerHex(span) && IsLowerHex(flags) &&
         trace != std::string(32, '0') && span != std::string(16, '0');
}

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH));
}

}  // namespace ngoaivu
