#include "services/notifications/inbox.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/registry_names.h"
#include "common/validation.h"
#include "services/notifications/notifications_validation.h"

namespace ngoaivu::notifications {
namespace {

using v1::Notification;

}  // namespace

bool TypeMatches(absl::string_view pattern, absl::string_view type) {
  const size_t star = pattern.find('*');
  if (star == absl::string_view::npos) return pattern == type;
  const absl::string_view head = pattern.substr(0, star);
  if (!absl::StartsWith(type, head)) return false;
  const absl::string_view rest = pattern.substr(star + 1);
  for (size_t i = head.size(); i <= type.size(); ++i) {
    if (TypeMatches(rest, type.substr(i))) return true;
  }
  return false;
}

Inbox::Inbox(const NotificationsDependencies& deps)
    : store_(deps.store),
      clock_(deps.clock),
      page_tokens_(deps.page_tokens),
      runner_("notifications", deps.store, deps.clock, deps.request_ttl) {}

absl::StatusOr<v1::ListNotificationsResponse> Inbox::ListNotifications(
    const CallContext& call, const v1::ListNotificationsRequest& r) {
  if (auto s = ValidateListNotifications(r); !s.ok()) return s;
  if (r.page_token().empty()) {
    if (auto s = CheckKnown(r.parent(), call.deadline); !s.ok()) return s;
  }
  const int limit = PageSizeOf(r.page_size());
  InboxFilter filter{r.parent(), r.unread_only(), r.severity(),
                     r.include_archived()};
  std::string scope =
      absl::StrCat("inbox|", r.parent(), "|", r.unread_only(), "|",
                   r.severity(), "|", r.include_archived());
  for (const std::string& t : r.types()) absl::StrAppend(&scope, "|", t);
  v1::ListNotificationsResponse response;
  auto next = ServePage(
      page_tokens_, r.page_token(), scope,
      [&](const std::string& cursor) {
        return store_->ListNotifications(filter, cursor, limit, call.deadline);
      },
      [&](Notification n) {
        bool wanted = r.types().empty();
        for (const std::string& t : r.types()) {
          wanted = wanted || TypeMatches(t, n.type());
        }
        // Filtered by type after the page is read: a page may come short.
        if (wanted) *response.add_notifications() = std::move(n);
      });
  if (!next.ok()) return next.status();
  response.set_next_page_token(*next);
  return response;
}

absl::StatusOr<v1::UnreadCount> Inbox::GetUnreadCount(
    const CallContext& call, const v1::GetUnreadCountRequest& r) {
  if (auto s = ValidateGetUnreadCount(r); !s.ok()) return s;
  if (auto s = CheckKnown(r.parent(), call.deadline); !s.ok()) return s;
  return UnreadOf(r.parent(), call.deadline);
}

absl::StatusOr<v1::UnreadCount> Inbox::UnreadOf(const std::string& agency,
                                                absl::Time deadline) {
  auto unread = store_->UnreadCount(agency, deadline);
  if (!unread.ok()) return unread.status();
  v1::UnreadCount count;
  count.set_parent(agency);
  count.set_unread(*unread);
  return count;
}

absl::StatusOr<Notification> Inbox::Change(
    const CallContext& call, absl::string_view method,
    const google::protobuf::Message& request, const std::string& name,
    const std::string& request_id, bool archive) {
  if (auto s = ValidateNotificationChange(name, request_id); !s.ok()) return s;
  return runner_.Run<Notification>(
      call, method, request, request_id, /*retry_conflicts=*/true,
      [&](MutationScope& m) -> absl::StatusOr<Notification> {
        auto found = store_->FindNotification(name, m.deadline());
        if (!found.ok()) return found.status();
        if (!found->has_value()) {
          return absl::NotFoundError(absl::StrCat(name, " not found"));
        }
        Notification next = **found;
        if (!next.read()) {
          next.set_read(true);
          *next.mutable_read_time() = ToTimestamp(m.now());
        }
        if (archive) next.set_archived(true);
        return m.Answer(
            store_->SaveNotifications({{next, **found}}, m.Build(next)), next);
      });
}

absl::StatusOr<Notification> Inbox::GetNotification(
    const CallContext& call, const v1::GetNotificationRequest& r) {
  if (auto s = ValidateGetNotification(r); !s.ok()) return s;
  auto found = store_->FindNotification(r.name(), call.deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat(r.name(), " not found"));
  }
  return **found;
}

absl::Status Inbox::CheckKnown(const std::string& agency, absl::Time deadline) {
  auto known = store_->KnowsAgency(agency, deadline);
  if (!known.ok()) return known.status();
  if (*known) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat(agency,
                   " is not an agency of the registry (no event named it and "
                   "its inbox is empty); check the code with `ngoaivu agencies "
                   "list`"));
}

absl::StatusOr<Notification> Inbox::MarkRead(const CallContext& call,
                                             const v1::MarkReadRequest& r) {
  return Change(call, "MarkRead", r, r.name(), r.request_id(), false);
}

absl::StatusOr<v1::UnreadCount> Inbox::MarkAllRead(
    const CallContext& call, const v1::MarkAllReadRequest& r) {
  if (auto s = ValidateMarkAllRead(r); !s.ok()) return s;
  // Marking read twice changes nothing, so a retry needs no replay: each
  // page of what is unread is marked in one step, until none is left.
  const InboxFilter unread{r.parent(), /*unread_only=*/true,
                           Notification::SEVERITY_UNSPECIFIED,
                           /*include_archived=*/true};
  std::string cursor;
  int conflicts = 0;
  for (;;) {
    auto page = store_->ListNotifications(unread, cursor, 200, call.deadline);
    if (!page.ok()) return page.status();
    std::vector<NotificationsStore::Change> changes;
    for (const Notification& n : page->records) {
      if (n.read()) continue;
      Notification next = n;
      next.set_read(true);
      *next.mutable_read_time() = ToTimestamp(clock_->Now());
      changes.push_back({std::move(next), n});
    }
    if (!changes.empty()) {
      Mutation mutation;
      mutation.deadline = call.deadline;
      auto saved = store_->SaveNotifications(changes, mutation);
      // Someone marked one meanwhile: read the page again.
      if (absl::IsAborted(saved.status()) && ++conflicts < 10) continue;
      if (!saved.ok()) return saved.status();
    }
    if (page->next_cursor.empty()) break;
    cursor = page->next_cursor;
  }
  return UnreadOf(r.parent(), call.deadline);
}

absl::StatusOr<Notification> Inbox::ArchiveNotification(
    const CallContext& call, const v1::ArchiveNotificationRequest& r) {
  return Change(call, "ArchiveNotification", r, r.name(), r.request_id(), true);
}

}  // namespace ngoaivu::notifications
