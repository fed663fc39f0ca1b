// Random identifiers: event ids, etags, trace context.
#ifndef NGOAIVU_COMMON_IDS_H_
#define NGOAIVU_COMMON_IDS_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace ngoaivu {

// A random (version 4) UUID, lower-case with hyphens.
std::string NewUuid();
// An opaque record version: 16 hex digits.
std::string NewEtag();
// `n` random lower-case hex digits.
std::string RandomHex(size_t n);
// A new W3C traceparent ("00-<trace id>-<span id>-01").
std::string NewTraceparent();
// Whether `value` is a well-formed W3C traceparent header of version 00.
bool IsValidTraceparent(absl::string_view value);
// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_IDS_H_
