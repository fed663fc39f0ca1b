// Field checks shared by every service's request validation. A Violations
// collector gathers every problem of a request, so the caller learns all of
// them at once (google.rpc.BadRequest), not one per attempt.
#ifndef NGOAIVU_COMMON_VALIDATION_H_
#define NGOAIVU_COMMON_VALIDATION_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"

namespace ngoaivu {

bool IsValidUtf8(absl::string_view text);
// Number of code points of valid UTF-8 text.
size_t Utf8Length(absl::string_view text);

// Default and ceiling of page_size for every List method.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

class Violations {
 public:
  void Add(std::string field, std::string description);

  // Text that must be present: valid UTF-8, 1..max_chars code points, no
  // control characters other than newline and tab.
  void RequireText(absl::string_view field, absl::string_view value,
                   size_t max_chars);
  // Same, but empty is allowed.
  void OptionalText(absl::string_view field, absl::string_view value,
                    size_t max_chars);
  // An e-mail address, when given.
  void OptionalEmail(absl::string_view field, absl::string_view value);
  // A request_id: 1–64 characters of [A-Za-z0-9._:-].
  void RequireRequestId(absl::string_view field, absl::string_view value);
  // Returns the page size to use (0 means the default, capped at the max).
  int PageSize(absl::string_view field, int requested);
  // How many items a repeated field holds: between min and max.
  void RequireCount(absl::string_view field, size_t count, size_t min,
                    size_t max);

  bool empty() const { return list_.empty(); }
  const std::vector<FieldViolation>& list() const { return list_; }
  // OK when empty, INVALID_ARGUMENT with every violation otherwise.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> list_;
};

// The page size of a request already validated (0 → default, capped).
int PageSizeOf(int requested);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_VALIDATION_H_
