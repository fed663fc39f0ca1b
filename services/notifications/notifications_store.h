// Where the notifications service's inboxes live (Redis implementation:
// redis_notifications_store.h).
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_STORE_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mutation.h"
#include "common/page.h"
#include "ngoaivu/notifications/v1/resources.pb.h"

namespace ngoaivu::notifications {

struct InboxFilter {
  std::string agency;  // `agencies/{CODE}`
  bool unread_only = false;
  v1::Notification::Severity severity = v1::Notification::SEVERITY_UNSPECIFIED;
  bool include_archived = false;
};

class NotificationsStore : public RequestLog {
 public:
  // Writes `notifications` (new, one per recipient) with their events
  // (`mutation.events`, to the stream only: a notification has no history)
  // as the effect of the event `event_id`, all or none, once: a second
  // call for the same event writes nothing (replayed).
  // With `duty_title` set ({duty name, title}), the title is kept in the
  // same write, for the notifications of the duty's obligations.
  virtual absl::StatusOr<WriteOutcome> SaveDelivered(
      const std::vector<v1::Notification>& notifications,
      const std::string& event_id, const Mutation& mutation,
      const std::pair<std::string, std::string>& duty_title = {}) = 0;
  // The title of a duty (`programmes/{p}/duties/{d}`) as its last event
  // said, or "" when none was seen.
  virtual absl::StatusOr<std::string> FindDutyTitle(const std::string& duty,
                                                    absl::Time deadline) = 0;
  // Counts an event no routing rule knows, by type.
  virtual absl::Status CountUnrouted(const std::string& type,
                                     absl::Time deadline) = 0;
  virtual absl::StatusOr<std::optional<v1::Notification>> FindNotification(
      const std::string& name, absl::Time deadline) = 0;
  // Replaces each `previous` (same name) by its `next`, keeping the unread
  // counts, all or none (ABORTED when one changed meanwhile).
  struct Change {
    v1::Notification next;
    v1::Notification previous;
  };
  virtual absl::StatusOr<WriteOutcome> SaveNotifications(
      const std::vector<Change>& changes, const Mutation& mutation) = 0;
  // Newest first.
  virtual absl::StatusOr<RecordPage<v1::Notification>> ListNotifications(
      const InboxFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) = 0;
  virtual absl::StatusOr<int64_t> UnreadCount(const std::string& agency,
                                              absl::Time deadline) = 0;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_STORE_H_
