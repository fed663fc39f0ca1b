// Subscriptions: who wants which events on which channel (a webhook or a
// mailbox; every agency's inbox needs none), and the deliveries made for
// them. A subscriber only ever receives what it may read: a filter that
// asks for more is narrowed, and says so, rather than refused.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_SUBSCRIPTIONS_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_SUBSCRIPTIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/call_context.h"
#include "common/clock.h"
#include "common/mutation.h"
#include "common/page_token.h"
#include "ngoaivu/events/v1/history.pb.h"
#include "ngoaivu/notifications/v1/notifications_service.pb.h"
#include "services/notifications/notifications_store.h"
#include "services/notifications/webhook_policy.h"

namespace ngoaivu::notifications {

// The subscriber a call acts as: a system by its certificate identity (or
// its token's subject), anyone else by its agency.
std::string SubscriberOf(const CallContext& call);

// Whether `event` goes to `subscription`: active, made before the event was
// committed, its filter (a backfill only when it asks for them), and what
// its subscriber may read.
bool Matches(const v1::Subscription& subscription,
             const events::v1::Event& event);

// When a delivery made at `now` is first due: at once, or at the
// subscription's next daily digest time (province time).
absl::Time FirstAttemptTime(const v1::Subscription& subscription,
                            absl::Time now);

// One delivery of `event` per subscription it matches, first due when
// FirstAttemptTime says.
std::vector<NewDelivery> DeliveriesOf(
    const std::vector<v1::Subscription>& subscriptions,
    const events::v1::Event& event, absl::Time now);

struct SubscriptionsDependencies {
  NotificationsStore* store;
  const Clock* clock;
  PageTokens page_tokens;
  absl::Duration request_ttl = absl::Hours(24);
  // Where webhooks may go (https to public addresses unless the operator
  // allows more).
  WebhookPolicy webhooks;
};

class Subscriptions {
 public:
  explicit Subscriptions(const SubscriptionsDependencies& deps);

  absl::StatusOr<v1::Subscription> CreateSubscription(
      const CallContext& call, const v1::CreateSubscriptionRequest& r);
  absl::StatusOr<v1::Subscription> GetSubscription(
      const CallContext& call, const v1::GetSubscriptionRequest& r);
  absl::StatusOr<v1::ListSubscriptionsResponse> ListSubscriptions(
      const CallContext& call, const v1::ListSubscriptionsRequest& r);
  absl::StatusOr<v1::Subscription> PauseSubscription(
      const CallContext& call, const v1::SubscriptionActionRequest& r);
  absl::StatusOr<v1::Subscription> ResumeSubscription(
      const CallContext& call, const v1::SubscriptionActionRequest& r);
  absl::StatusOr<v1::Subscription> DeleteSubscription(
      const CallContext& call, const v1::SubscriptionActionRequest& r);
  absl::StatusOr<v1::ListDeliveriesResponse> ListDeliveries(
      const CallContext& call, const v1::ListDeliveriesRequest& r);
  absl::StatusOr<v1::Delivery> RedeliverDelivery(
      const CallContext& call, const v1::RedeliverDeliveryRequest& r);
  absl::StatusOr<events::v1::ListHistoryResponse> ListHistory(
      const CallContext& call, const events::v1::ListHistoryRequest& r);

 private:
  // The subscription `name`, if the caller may act on it.
  absl::StatusOr<v1::Subscription> FindFor(const CallContext& call,
                                           const std::string& name,
                                           absl::string_view etag);
  absl::StatusOr<v1::Subscription> Move(const CallContext& call,
                                        absl::string_view method,
                                        const v1::SubscriptionActionRequest& r,
                                        v1::Subscription::State to);

  NotificationsStore* store_;
  PageTokens page_tokens_;
  WebhookPolicy webhooks_;
  MutationRunner runner_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_SUBSCRIPTIONS_H_
