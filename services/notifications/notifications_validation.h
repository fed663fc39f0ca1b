// Request validation of the notifications service: INVALID_ARGUMENT naming
// every bad field, before any read or write.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_VALIDATION_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_VALIDATION_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ngoaivu/notifications/v1/notifications_service.pb.h"

namespace ngoaivu::notifications {

// "subscriptions/s/deliveries/d" -> "subscriptions/s"; nothing for a name
// that is not a delivery's.
std::optional<std::string> SubscriptionOfDelivery(absl::string_view name);
// "08:00" -> 08:00 (on 1 January 1970); nothing for anything else.
std::optional<absl::CivilMinute> DigestTimeOfDay(absl::string_view text);

absl::Status ValidateListNotifications(const v1::ListNotificationsRequest& r);
absl::Status ValidateGetUnreadCount(const v1::GetUnreadCountRequest& r);
absl::Status ValidateGetNotification(const v1::GetNotificationRequest& r);
// MarkRead and ArchiveNotification.
absl::Status ValidateNotificationChange(absl::string_view name,
                                        absl::string_view request_id);
absl::Status ValidateMarkAllRead(const v1::MarkAllReadRequest& r);

absl::Status ValidateCreateSubscription(const v1::CreateSubscriptionRequest& r);
absl::Status ValidateGetSubscription(const v1::GetSubscriptionRequest& r);
absl::Status ValidateListSubscriptions(const v1::ListSubscriptionsRequest& r);
// Pause, resume and delete.
absl::Status ValidateSubscriptionAction(const v1::SubscriptionActionRequest& r);
absl::Status ValidateListDeliveries(const v1::ListDeliveriesRequest& r);
absl::Status ValidateRedeliverDelivery(const v1::RedeliverDeliveryRequest& r);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_VALIDATION_H_
