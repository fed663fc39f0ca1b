// Every notifications request validator on arbitrary serialized requests:
// each answers OK or INVALID_ARGUMENT with field violations, never crashes.
#include "services/notifications/notifications_validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace ngoaivu::fuzz {
namespace {

namespace v1 = notifications::v1;
using namespace ::ngoaivu::notifications;  // NOLINT: the validators

const Checks& AllChecks() {
  static const auto* checks = new Checks{
      RequestCheck<v1::ListNotificationsRequest>(ValidateListNotifications),
      RequestCheck<v1::GetUnreadCountRequest>(ValidateGetUnreadCount),
      RequestCheck<v1::MarkReadRequest>([](const auto& r) {
        return ValidateNotificationChange(r.name(), r.request_id());
      }),
      RequestCheck<v1::MarkAllReadRequest>(ValidateMarkAllRead),
      RequestCheck<v1::CreateSubscriptionRequest>(ValidateCreateSubscription),
      RequestCheck<v1::GetSubscriptionRequest>(ValidateGetSubscription),
      RequestCheck<v1::ListSubscriptionsRequest>(ValidateListSubscriptions),
      RequestCheck<v1::SubscriptionActionRequest>(ValidateSubscriptionAction),
      RequestCheck<v1::ListDeliveriesRequest>(ValidateListDeliveries),
      RequestCheck<v1::RedeliverDeliveryRequest>(ValidateRedeliverDelivery),
  };
  return *checks;
}

std::vector<std::string> Seeds() {
  v1::ListNotificationsRequest list;
  list.set_parent("agencies/SNGV");
  list.set_unread_only(true);
  list.add_types("ngoaivu.tasks.v1.obligation.*");
  v1::MarkReadRequest read;
  read.set_name("agencies/SNGV/notifications/n-1");
  read.set_request_id("r-1");
  v1::CreateSubscriptionRequest webhook;
  webhook.set_subscription_id("ubnd-webhook");
  webhook.mutable_subscription()->set_channel(v1::Subscription::WEBHOOK);
  webhook.mutable_subscription()->set_webhook_url("https://ubnd.example/hook");
  webhook.mutable_subscription()->mutable_filter()->add_agencies(
      "agencies/SCT");
  webhook.set_request_id("r-2");
  v1::CreateSubscriptionRequest email = webhook;
  email.mutable_subscription()->set_channel(v1::Subscription::EMAIL);
  email.mutable_subscription()->set_email("sngv@tayninh.gov.vn");
  email.mutable_subscription()->set_daily_digest_at("08:00");
  v1::SubscriptionActionRequest pause;
  pause.set_name("subscriptions/ubnd-webhook");
  pause.set_request_id("r-3");
  v1::ListDeliveriesRequest deliveries;
  deliveries.set_parent("subscriptions/ubnd-webhook");
  deliveries.set_state(v1::Delivery::DEAD);
  v1::RedeliverDeliveryRequest redeliver;
  redeliver.set_name("subscriptions/ubnd-webhook/deliveries/d-1");
  redeliver.set_request_id("r-4");
  return {Seed(0, list),     Seed(2, read),  Seed(4, webhook),
          Seed(4, email),    Seed(7, pause), Seed(8, deliveries),
          Seed(9, redeliver)};
}

}  // namespace
}  // namespace ngoaivu::fuzz

NGOAIVU_REQUEST_FUZZER(ngoaivu::fuzz::AllChecks, ngoaivu::fuzz::Seeds)
