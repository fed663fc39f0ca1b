// Opaque page tokens. A token carries the cursor (the last id a page
// returned) and is signed with HMAC-SHA256 over the cursor and the list's
// filters, so a tampered token, or one reused with other filters, is
// INVALID_ARGUMENT rather than a silently wrong page.
#ifndef NGOAIVU_COMMON_PAGE_TOKEN_H_
#define NGOAIVU_COMMON_PAGE_TOKEN_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ngoaivu {

class PageTokens {
 public:
  // Every replica of a service must share `key`.
  explicit PageTokens(std::string key);

  // `scope` names the list and its filters, e.g. "agencies|kind=2|state=0".
  std::string Issue(absl::string_view cursor, absl::string_view scope) const;
  // The cursor of `token` ("" for an empty token, i.e. the first page).
  absl::StatusOr<std::string> Open(absl::string_view token,
                                   absl::string_view scope) const;

 private:
  std::string Mac(absl::string_view cursor, absl::string_view scope) const;
  std::string key_;
};

// One page of a list read by cursor: opens `token` (of `scope`), reads the
// page after its cursor with `fetch(cursor)`, and hands each record to
// `add`. Returns the token of the next page ("" at the end).
template <typename Fetch, typename Add>
absl::StatusOr<std::string> ServePage(const PageTokens& tokens,
                                      absl::string_view token,
                                      absl::string_view scope, Fetch fetch,
                                      Add add) {
  auto cursor = tokens.Open(token, scope);
  if (!cursor.ok()) return cursor.status();
  auto page = fetch(*cursor);
  if (!page.ok()) return page.status();
  for (auto& record : page->records) add(std::move(record));
  return tokens.Issue(page->next_cursor, scope);
}

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_PAGE_TOKEN_H_
