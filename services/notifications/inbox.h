// Agencies' inboxes (written by the dispatcher, dispatcher.h): reading,
// counting and marking them. Plain C++ over the store interface.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_INBOX_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_INBOX_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/call_context.h"
#include "common/clock.h"
#include "common/mutation.h"
#include "common/page_token.h"
#include "ngoaivu/notifications/v1/notifications_service.pb.h"
#include "services/notifications/notifications_store.h"
#include "services/notifications/routing.h"
#include "services/notifications/templates.h"

namespace ngoaivu::notifications {

struct NotificationsDependencies {
  NotificationsStore* store;
  const Clock* clock;
  PageTokens page_tokens;
  RoutingSettings routing;
  TemplateContext templates;
  absl::Duration request_ttl = absl::Hours(24);
};

// Whether `type` matches `pattern`, where `*` stands for any run of
// characters ("ngoaivu.tasks.v1.obligation.*").
bool TypeMatches(absl::string_view pattern, absl::string_view type);

class Inbox {
 public:
  explicit Inbox(const NotificationsDependencies& deps);

  absl::StatusOr<v1::ListNotificationsResponse> ListNotifications(
      const CallContext& call, const v1::ListNotificationsRequest& r);
  absl::StatusOr<v1::UnreadCount> GetUnreadCount(
      const CallContext& call, const v1::GetUnreadCountRequest& r);
  // The inbox's unread count, for an agency already checked (a stream's
  // pushes, after marking read): no NOT_FOUND check, one round trip.
  absl::StatusOr<v1::UnreadCount> UnreadOf(const std::string& agency,
                                           absl::Time deadline);
  // NOT_FOUND for an agency the service never heard of (a mistyped code).
  absl::Status CheckKnown(const std::string& agency, absl::Time deadline);
  absl::StatusOr<v1::Notification> GetNotification(
      const CallContext& call, const v1::GetNotificationRequest& r);
  absl::StatusOr<v1::Notification> MarkRead(const CallContext& call,
                                            const v1::MarkReadRequest& r);
  // Marks every unread notification of the inbox read; the count after.
  absl::StatusOr<v1::UnreadCount> MarkAllRead(const CallContext& call,
                                              const v1::MarkAllReadRequest& r);
  absl::StatusOr<v1::Notification> ArchiveNotification(
      const CallContext& call, const v1::ArchiveNotificationRequest& r);

 private:
  // Marks `name` read or archived (whichever `change` sets), once.
  absl::StatusOr<v1::Notification> Change(
      const CallContext& call, absl::string_view method,
      const google::protobuf::Message& request, const std::string& name,
      const std::string& request_id, bool archive);

  NotificationsStore* store_;
  const Clock* clock_;
  PageTokens page_tokens_;
  MutationRunner runner_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_INBOX_H_
