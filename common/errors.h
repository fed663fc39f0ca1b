// Errors as values: absl::Status inside the suite, gRPC status at the edge.
// Field violations travel as a google.rpc.BadRequest payload of the
// absl::Status so that domain code can report them without gRPC types.
#ifndef NGOAIVU_COMMON_ERRORS_H_
#define NGOAIVU_COMMON_ERRORS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace ngoaivu {

struct FieldViolation {
  std::string field;
  std::string description;
};

// INVALID_ARGUMENT carrying every violation as google.rpc.BadRequest.
absl::Status InvalidArgument(const std::vector<FieldViolation>& violations);
absl::Status InvalidArgument(std::string field, std::string description);

// The violations carried by `status` (empty when it carries none).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// Maps an error reply of a Redis Function, written as "<CODE> <message>"
// (e.g. "ABORTED etag mismatch"), to a status; other errors are INTERNAL.
absl::Status StatusFromFunctionError(absl::string_view reply);

// ABORTED when the client sent an etag (`given`) that is no longer the
// record's (`current`); OK when it sent none or the right one.
absl::Status CheckEtag(absl::string_view resource, absl::string_view current,
                       absl::string_view given);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_ERRORS_H_
