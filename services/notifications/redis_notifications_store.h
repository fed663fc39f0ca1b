// The notifications service's inboxes in Redis, under `{notifications}`:
//   {notifications}:notification:<CODE>/<id>  hash: pb, etag, read,
//                                             archived, severity
//   {notifications}:inbox:<CODE>              an inbox's ids (lexical:
//                                             newest first)
//   {notifications}:unread                    hash: CODE -> unread count
//   {notifications}:delivered                 events already delivered
//   {notifications}:unrouted                  hash: type -> events no rule
//                                             knows
//   {notifications}:duty-titles               hash: duty name -> its title
//   {notifications}:events                    notification.created, one per
//                                             notification (WatchNotifications)
//   {notifications}:request:...               (the store kit's)
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_REDIS_NOTIFICATIONS_STORE_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_REDIS_NOTIFICATIONS_STORE_H_

#include "common/redis_store_kit.h"
#include "services/notifications/notifications_store.h"

namespace ngoaivu::notifications {

class RedisNotificationsStore final : public NotificationsStore {
 public:
  RedisNotificationsStore(RedisPool* redis, RedisFunctions* functions,
                          int64_t events_max_length);

  absl::StatusOr<std::optional<std::string>> FindResponse(
      const RequestRecord& request, absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveDelivered(
      const std::vector<v1::Notification>& notifications,
      const std::string& event_id, const Mutation& mutation,
      const std::pair<std::string, std::string>& duty_title) override;
  absl::StatusOr<std::string> FindDutyTitle(const std::string& duty,
                                            absl::Time deadline) override;
  absl::Status CountUnrouted(const std::string& type,
                             absl::Time deadline) override;
  absl::StatusOr<std::optional<v1::Notification>> FindNotification(
      const std::string& name, absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveNotifications(
      const std::vector<Change>& changes, const Mutation& mutation) override;
  absl::StatusOr<RecordPage<v1::Notification>> ListNotifications(
      const InboxFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) override;
  absl::StatusOr<int64_t> UnreadCount(const std::string& agency,
                                      absl::Time deadline) override;

 private:
  RedisStoreKit kit_;
  int64_t events_max_length_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_REDIS_NOTIFICATIONS_STORE_H_
