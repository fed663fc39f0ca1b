// One page of records read through an index, as use cases see it: the
// records and the cursor after them ("" at the end). The cursor is opaque to
// the use case; PageTokens signs it for the caller.
#ifndef NGOAIVU_COMMON_PAGE_H_
#define NGOAIVU_COMMON_PAGE_H_

#include <string>
#include <vector>

namespace ngoaivu {

template <typename T>
struct RecordPage {
  std::vector<T> records;
  std::string next_cursor;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_PAGE_H_
