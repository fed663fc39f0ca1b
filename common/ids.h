// Random identifiers: event ids, etags, trace context.
#ifndef NGOAIVU_COMMON_IDS_H_
#define NGOAIVU_COMMON_IDS_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace ngoaivu {

// A random (version 4) UUID, lower-case with hyphens.
std::string NewUuid();
// An opaque record version: 16 hex digits.
std::string NewEtag();
// An id that sorts newest first in a lexical index: `prefix`, the
// milliseconds left from `time` until the year 2286, then a digest of `key`
// (what makes it unique and the same on every retry).
std::string NewestFirstId(absl::string_view prefix, absl::Time time,
                          absl::string_view key);
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
