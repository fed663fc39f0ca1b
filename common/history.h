// Paging through lists read by position (a resource's history, its
// progress reports): the page token carries the next position.
#ifndef NGOAIVU_COMMON_HISTORY_H_
#define NGOAIVU_COMMON_HISTORY_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/page.h"
#include "common/page_token.h"
#include "ngoaivu/events/v1/history.pb.h"

namespace ngoaivu {

// The position a token of `scope` points at (0 for no token);
// INVALID_ARGUMENT naming page_token otherwise.
absl::StatusOr<int64_t> OpenPositionToken(const PageTokens& tokens,
                                          absl::string_view token,
                                          absl::string_view scope);

// One page of the history `request` names (already validated; `limit` from
// its page_size). `fetch(offset, limit)` reads the events; when there are
// none at all, `exists()` tells a record older than histories (OK: an empty
// page) from one that never existed (NOT_FOUND).
absl::StatusOr<events::v1::ListHistoryResponse> HistoryPage(
    const PageTokens& tokens, const events::v1::ListHistoryRequest& request,
    int limit,
    const std::function<absl::StatusOr<RecordPage<events::v1::Event>>(
        int64_t offset, int limit)>& fetch,
    const std::function<absl::Status()>& exists);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_HISTORY_H_
