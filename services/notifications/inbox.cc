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
#include "ngoaivu/tasks/v1/tasks_events.pb.h"

namespace ngoaivu::notifications {
namespace {

using v1::Notification;

// Ids sort newest first: the time left until year 2286, then the event.
std::string IdOf(const events::v1::Event& event) {
  constexpr int64_t kLastMillis = 9999999999999;
  const int64_t millis = absl::ToUnixMillis(FromTimestamp(event.time()));
  return absl::StrCat("n", absl::Dec(kLastMillis - millis, absl::kZeroPad13),
                      "-", Sha256Hex(event.id()).substr(0, 10));
}

bool IsNotificationName(absl::string_view name) {
  const size_t at = name.find("/notifications/");
  return at != absl::string_view::npos && IsAgencyName(name.substr(0, at)) &&
         name.size() > at + sizeof("/notifications/") - 1 &&
         name.substr(at + 15).find('/') == absl::string_view::npos;
}

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
      routing_(deps.routing),
      templates_(deps.templates),
      runner_("notifications", deps.store, deps.clock, deps.request_ttl) {}

absl::Status Inbox::Deliver(const events::v1::Event& event,
                            absl::Time deadline) {
  auto recipients = RecipientsOf(event, routing_);
  if (!recipients.has_value()) {
    LogWarning("an event no routing rule knows",
               {{"type", event.type()}, {"event", event.id()}});
    return store_->CountUnrouted(event.type(), deadline);
  }
  // A duty's title, kept for the words of its obligations' notifications.
  std::pair<std::string, std::string> duty_title;
  if (event.data().Is<tasks::v1::DutyChanged>()) {
    tasks::v1::DutyChanged changed;
    event.data().UnpackTo(&changed);
    duty_title = {changed.duty().name(), changed.duty().title()};
  }
  if (recipients->empty() && duty_title.first.empty()) {
    return absl::OkStatus();
  }
  TemplateContext templates = templates_;
  if (!templates.duty_title) {
    templates.duty_title = [&](const std::string& duty) {
      auto title = store_->FindDutyTitle(duty, deadline);
      return title.ok() ? *title : std::string();
    };
  }
  const Rendered words = Render(event, templates);
  const std::string id = IdOf(event);
  const CallContext call = EffectCall("notifications", event, deadline);
  MutationScope scope = runner_.Internal(call);
  std::vector<Notification> notifications;
  for (const Recipient& r : *recipients) {
    Notification n;
    n.set_name(absl::StrCat(r.agency, "/notifications/", id));
    n.set_type(event.type());
    n.set_title(words.title);
    n.set_body(words.body);
    n.set_severity(r.severity);
    n.set_subject(event.subject());
    n.set_source_event(event.id());
    *n.mutable_create_time() = ToTimestamp(scope.now());
    scope.Emit("notification.created", n.name(), n);
    notifications.push_back(std::move(n));
  }
  return store_
      ->SaveDelivered(notifications, event.id(), scope.Build(event),
                      duty_title)
      .status();
}

absl::StatusOr<v1::ListNotificationsResponse> Inbox::ListNotifications(
    const CallContext& call, const v1::ListNotificationsRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!IsAgencyName(r.parent())) v.Add("parent", "required, agencies/{CODE}");
  if (!Notification::Severity_IsValid(r.severity())) {
    v.Add("severity", "INFO, WARNING or CRITICAL");
  }
  for (int i = 0; i < r.types_size(); ++i) {
    v.RequireText(absl::StrCat("types[", i, "]"), r.types(i), 200);
  }
  if (!v.empty()) return v.ToStatus();
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
  if (!IsAgencyName(r.parent())) {
    return InvalidArgument("parent", "required, agencies/{CODE}");
  }
  auto unread = store_->UnreadCount(r.parent(), call.deadline);
  if (!unread.ok()) return unread.status();
  v1::UnreadCount count;
  count.set_parent(r.parent());
  count.set_unread(*unread);
  return count;
}

absl::StatusOr<Notification> Inbox::Change(
    const CallContext& call, absl::string_view method,
    const google::protobuf::Message& request, const std::string& name,
    const std::string& request_id, bool archive) {
  Violations v;
  if (!IsNotificationName(name)) {
    v.Add("name", "required, agencies/{CODE}/notifications/{id}");
  }
  v.RequireRequestId("request_id", request_id);
  if (!v.empty()) return v.ToStatus();
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

absl::StatusOr<Notification> Inbox::MarkRead(const CallContext& call,
                                             const v1::MarkReadRequest& r) {
  return Change(call, "MarkRead", r, r.name(), r.request_id(), false);
}

absl::StatusOr<v1::UnreadCount> Inbox::MarkAllRead(
    const CallContext& call, const v1::MarkAllReadRequest& r) {
  Violations v;
  if (!IsAgencyName(r.parent())) v.Add("parent", "required, agencies/{CODE}");
  v.RequireRequestId("request_id", r.request_id());
  if (!v.empty()) return v.ToStatus();
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
  v1::GetUnreadCountRequest count;
  count.set_parent(r.parent());
  return GetUnreadCount(call, count);
}

absl::StatusOr<Notification> Inbox::ArchiveNotification(
    const CallContext& call, const v1::ArchiveNotificationRequest& r) {
  return Change(call, "ArchiveNotification", r, r.name(), r.request_id(), true);
}

}  // namespace ngoaivu::notifications
