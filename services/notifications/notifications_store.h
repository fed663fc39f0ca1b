// Where the notifications service's inboxes live (Redis implementation:
// redis_notifications_store.h).
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_STORE_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mutation.h"
#include "common/page.h"
#include "ngoaivu/events/v1/event.pb.h"
#include "ngoaivu/notifications/v1/resources.pb.h"

namespace ngoaivu::notifications {

// A delivery made from an event for a subscription, with the event it
// carries.
struct NewDelivery {
  v1::Delivery delivery;
  std::string event;  // the serialized events::v1::Event
};

// One delivery attempt's work, claimed by one sender until its lease ends.
struct DeliveryWork {
  v1::Delivery delivery;
  std::optional<v1::Subscription> subscription;  // none: gone
  events::v1::Event event;
  std::string claim;  // the token the claim holds
};

// What one event comes to, written at once (RedisNotificationsStore::
// SaveDispatched).
struct Dispatched {
  std::string event_id;
  // New, one per recipient; their events (`Mutation::events`) go to the
  // stream only: a notification has no history.
  std::vector<v1::Notification> notifications;
  // {resource name, what people call it}: kept for the words of later
  // notifications (TemplateContext::name_of).
  std::vector<std::pair<std::string, std::string>> names;
  // New, each due when its `next_attempt_time` says.
  std::vector<NewDelivery> deliveries;
  // An obligation whose agency is now asked to explain its lateness: marked
  // so that it is asked once.
  std::string explanation_requested;
};

struct InboxFilter {
  std::string agency;  // `agencies/{CODE}`
  bool unread_only = false;
  v1::Notification::Severity severity = v1::Notification::SEVERITY_UNSPECIFIED;
  bool include_archived = false;
};

class NotificationsStore : public RequestLog {
 public:
  // Writes what the event `d.event_id` came to, all or none, once: a
  // second call for the same event writes nothing (replayed).
  virtual absl::StatusOr<WriteOutcome> SaveDispatched(
      const Dispatched& d, const Mutation& mutation) = 0;
  // Whether `obligation`'s agency was asked to explain its lateness.
  virtual absl::StatusOr<bool> ExplanationRequested(
      const std::string& obligation, absl::Time deadline) = 0;
  // What people call a resource (a duty's title, an agency's or group's
  // display name, an official's "full name, position") as its last event
  // said, or "" when none was seen.
  virtual absl::StatusOr<std::string> FindName(const std::string& resource,
                                               absl::Time deadline) = 0;
  // Whether the service heard of `agency` (`agencies/{CODE}`): a registry
  // event named it, or its inbox holds something.
  virtual absl::StatusOr<bool> KnowsAgency(const std::string& agency,
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

  // Subscriptions. A new one when `previous_etag` is null.
  virtual absl::StatusOr<WriteOutcome> SaveSubscription(
      const v1::Subscription& next, const std::string* previous_etag,
      const Mutation& mutation) = 0;
  virtual absl::StatusOr<std::optional<v1::Subscription>> FindSubscription(
      const std::string& name, absl::Time deadline) = 0;
  // A subscriber's (every one's when `subscriber` is empty), by id.
  // The events of `subject` (a subscription) from position `offset`.
  virtual absl::StatusOr<RecordPage<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) = 0;
  virtual absl::StatusOr<RecordPage<v1::Subscription>> ListSubscriptions(
      const std::string& subscriber, absl::string_view cursor, int limit,
      absl::Time deadline) = 0;
  // Every active subscription, for matching events; read again only after
  // one changed.
  virtual absl::StatusOr<std::shared_ptr<const std::vector<v1::Subscription>>>
  ActiveSubscriptions(absl::Time deadline) = 0;

  // Deliveries: a subscription's, newest first, of one state or all.
  virtual absl::StatusOr<RecordPage<v1::Delivery>> ListDeliveries(
      const std::string& subscription, v1::Delivery::State state,
      absl::string_view cursor, int limit, absl::Time deadline) = 0;
  virtual absl::StatusOr<std::optional<v1::Delivery>> FindDelivery(
      const std::string& name, absl::Time deadline) = 0;
  // Deliveries whose next attempt is due by `now`, soonest first.
  virtual absl::StatusOr<std::vector<std::string>> DueDeliveries(
      absl::Time now, int limit, absl::Time deadline) = 0;
  // Takes the delivery for one attempt until `lease_until` (when a sender
  // that died with it lets another try); nothing when another sender took
  // it first or it is no longer due.
  virtual absl::StatusOr<std::optional<DeliveryWork>> ClaimDelivery(
      const std::string& name, absl::Time now, absl::Time lease_until,
      absl::Time deadline) = 0;
  // Records the attempt's outcome, `next_attempt` being when it is due
  // again (none: delivered or dead). ABORTED when the claim was lost.
  virtual absl::StatusOr<WriteOutcome> FinishAttempt(
      const DeliveryWork& work, const v1::Delivery& next,
      std::optional<absl::Time> next_attempt, absl::Time deadline) = 0;
  // Makes `previous` due again at once, as `next`.
  virtual absl::StatusOr<WriteOutcome> Redeliver(const v1::Delivery& next,
                                                 const v1::Delivery& previous,
                                                 const Mutation& mutation) = 0;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_STORE_H_
