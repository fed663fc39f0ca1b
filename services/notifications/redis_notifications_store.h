// The notifications service's inboxes in Redis, under `{notifications}`:
//   {notifications}:notification:<CODE>/<id>  hash: pb, etag, read,
//                                             archived, severity
//   {notifications}:inbox:<CODE>              an inbox's ids (lexical:
//                                             newest first)
//   {notifications}:inbox-active:<CODE>       those not archived
//   {notifications}:inbox-unread:<CODE>       those unread
//   {notifications}:unread                    hash: CODE -> unread count
//   {notifications}:delivered                 events already delivered
//   {notifications}:unrouted                  hash: type -> events no rule
//                                             knows
//   {notifications}:names                     hash: resource name -> what
//                                             people call it (duty title,
//                                             agency, group, official)
//   {notifications}:duty-titles               hash: duty name -> its title
//                                             (before names; read only)
//   {notifications}:explanations              obligations whose agency was
//                                             asked to explain (once)
//   {notifications}:events                    notification.created, one per
//                                             notification (WatchNotifications)
//   {notifications}:subscription:<id>         hash: pb, etag, state,
//                                             subscriber
//   {notifications}:subscriptions             ids not deleted (lexical)
//   {notifications}:subscriber:<subscriber>   a subscriber's ids
//   {notifications}:subscriptions-meta        hash: version, moved by every
//                                             change (replicas re-read then)
//   {notifications}:delivery:<sid>/<did>      hash: pb, state, claim, event
//   {notifications}:deliveries:<sid>          a subscription's deliveries
//                                             (lexical: newest first)
//   {notifications}:due                       "<sid>/<did>" scored by the
//                                             next attempt (unix ms): the
//                                             retry schedule, kept in Redis
//   {notifications}:request:..., :history:subscriptions/...  (the kit's)
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_REDIS_NOTIFICATIONS_STORE_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_REDIS_NOTIFICATIONS_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/redis_store_kit.h"
#include "services/notifications/notifications_store.h"

namespace ngoaivu::notifications {

class RedisNotificationsStore final : public NotificationsStore {
 public:
  RedisNotificationsStore(RedisPool* redis, RedisFunctions* functions,
                          int64_t events_max_length);

  absl::StatusOr<std::optional<std::string>> FindResponse(
      const RequestRecord& request, absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveDispatched(
      const Dispatched& d, const Mutation& mutation) override;
  absl::StatusOr<bool> ExplanationRequested(const std::string& obligation,
                                            absl::Time deadline) override;
  absl::StatusOr<RecordPage<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) override;
  absl::StatusOr<bool> KnowsAgency(const std::string& agency,
                                   absl::Time deadline) override;
  absl::StatusOr<std::string> FindName(const std::string& resource,
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

  // Subscriptions and deliveries (redis_subscriptions_store.cc).
  absl::StatusOr<WriteOutcome> SaveSubscription(
      const v1::Subscription& next, const std::string* previous_etag,
      const Mutation& mutation) override;
  absl::StatusOr<std::optional<v1::Subscription>> FindSubscription(
      const std::string& name, absl::Time deadline) override;
  absl::StatusOr<RecordPage<v1::Subscription>> ListSubscriptions(
      const std::string& subscriber, absl::string_view cursor, int limit,
      absl::Time deadline) override;
  absl::StatusOr<std::shared_ptr<const std::vector<v1::Subscription>>>
  ActiveSubscriptions(absl::Time deadline) override;
  absl::StatusOr<RecordPage<v1::Delivery>> ListDeliveries(
      const std::string& subscription, v1::Delivery::State state,
      absl::string_view cursor, int limit, absl::Time deadline) override;
  absl::StatusOr<std::optional<v1::Delivery>> FindDelivery(
      const std::string& name, absl::Time deadline) override;
  absl::StatusOr<std::vector<std::string>> DueDeliveries(
      absl::Time now, int limit, absl::Time deadline) override;
  absl::StatusOr<std::optional<DeliveryWork>> ClaimDelivery(
      const std::string& name, absl::Time now, absl::Time lease_until,
      absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> FinishAttempt(
      const DeliveryWork& work, const v1::Delivery& next,
      std::optional<absl::Time> next_attempt, absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> Redeliver(const v1::Delivery& next,
                                         const v1::Delivery& previous,
                                         const Mutation& mutation) override;

  // Adds `delivery` to `plan`: its record, its index entry, due at once.
  static void PlanNewDelivery(WritePlan& plan, const NewDelivery& delivery);

 private:
  RedisStoreKit kit_;
  int64_t events_max_length_;
  // The active subscriptions as of `subscriptions_version_`.
  absl::Mutex subscriptions_mutex_;
  std::string subscriptions_version_ ABSL_GUARDED_BY(subscriptions_mutex_);
  std::shared_ptr<const std::vector<v1::Subscription>> subscriptions_
      ABSL_GUARDED_BY(subscriptions_mutex_);
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_REDIS_NOTIFICATIONS_STORE_H_
