#include "common/history.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace ngoaivu {

absl::StatusOr<int64_t> OpenPositionToken(const PageTokens& tokens,
                                          absl::string_view token,
                                          absl::string_view scope) {
  auto cursor = tokens.Open(token, scope);
  if (!cursor.ok()) return cursor.status();
  int64_t offset = 0;
  if (!cursor->empty() && (!absl::SimpleAtoi(*cursor, &offset) || offset < 0)) {
    return InvalidArgument("page_token", "not a token of this list");
  }
  return offset;
}

absl::StatusOr<events::v1::ListHistoryResponse> HistoryPage(
    const PageTokens& tokens, const events::v1::ListHistoryRequest& request,
    int limit,
    const std::function<absl::StatusOr<RecordPage<events::v1::Event>>(
        int64_t offset, int limit)>& fetch,
    const std::function<absl::Status()>& exists) {
  const std::string scope = absl::StrCat("history|", request.name());
  auto offset = OpenPositionToken(tokens, request.page_token(), scope);
  if (!offset.ok()) return offset.status();
  auto page = fetch(*offset, limit);
  if (!page.ok()) return page.status();
  if (page->records.empty() && *offset == 0) {
    if (absl::Status s = exists(); !s.ok()) return s;
  }
  events::v1::ListHistoryResponse response;
  for (auto& e : page->records) *response.add_events() = std::move(e);
  response.set_next_page_token(tokens.Issue(page->next_cursor, scope));
  return response;
}

}  // namespace ngoaivu
