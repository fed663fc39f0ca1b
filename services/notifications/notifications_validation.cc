#include "services/notifications/notifications_validation.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/errors.h"
#include "common/ids.h"
#include "common/registry_names.h"
#include "common/validation.h"

namespace ngoaivu::notifications {
namespace {

using v1::Delivery;
using v1::Notification;
using v1::Subscription;

constexpr char kSubscriptions[] = "subscriptions/";

bool IsSubscriptionName(absl::string_view name) {
  return absl::ConsumePrefix(&name, kSubscriptions) && IsValidResourceId(name);
}

bool IsNotificationName(absl::string_view name) {
  const size_t at = name.find("/notifications/");
  return at != absl::string_view::npos && IsAgencyName(name.substr(0, at)) &&
         name.size() > at + sizeof("/notifications/") - 1 &&
         name.substr(at + 15).find('/') == absl::string_view::npos;
}

// The shape only; where it may point is the webhook policy's to judge
// (webhook_policy.h: parsed as libcurl parses it, public addresses only).
bool IsWebhookUrl(absl::string_view url) {
  if (url.size() > 2000) return false;
  return (absl::StartsWith(url, "https://") && url.size() > 8) ||
         (absl::StartsWith(url, "http://") && url.size() > 7);
}

void ValidateFilter(const Subscription::Filter& f, Violations& v) {
  if (f.types_size() > 50) v.Add("subscription.filter.types", "at most 50");
  for (int i = 0; i < f.types_size(); ++i) {
    v.RequireText(absl::StrCat("subscription.filter.types[", i, "]"),
                  f.types(i), 200);
  }
  if (f.agencies_size() > 100) {
    v.Add("subscription.filter.agencies", "at most 100");
  }
  for (int i = 0; i < f.agencies_size(); ++i) {
    if (!IsAgencyName(f.agencies(i))) {
      v.Add(absl::StrCat("subscription.filter.agencies[", i, "]"),
            "agencies/{CODE}");
    }
  }
  v.OptionalText("subscription.filter.subject_prefix", f.subject_prefix(), 300);
}

void ValidateChannel(const Subscription& s, Violations& v) {
  switch (s.channel()) {
    case Subscription::WEBHOOK:
      if (!IsWebhookUrl(s.webhook_url())) {
        v.Add("subscription.webhook_url",
              "required: an https URL of at most 2000 characters");
      }
      if (!s.daily_digest_at().empty()) {
        v.Add("subscription.daily_digest_at",
              "a webhook gets each event at once; digests go by e-mail");
      }
      break;
    case Subscription::EMAIL:
      if (s.email().empty()) v.Add("subscription.email", "required");
      v.OptionalEmail("subscription.email", s.email());
      if (!s.daily_digest_at().empty() &&
          !DigestTimeOfDay(s.daily_digest_at())) {
        v.Add("subscription.daily_digest_at", "HH:MM, province time");
      }
      break;
    default:
      v.Add("subscription.channel",
            "WEBHOOK or EMAIL (every agency's inbox gets what concerns it "
            "without a subscription)");
  }
}

}  // namespace

std::optional<std::string> SubscriptionOfDelivery(absl::string_view name) {
  const size_t at = name.find("/deliveries/");
  if (at == absl::string_view::npos ||
      !IsSubscriptionName(name.substr(0, at)) || name.size() == at + 12 ||
      name.substr(at + 12).find('/') != absl::string_view::npos) {
    return std::nullopt;
  }
  return std::string(name.substr(0, at));
}

std::optional<absl::CivilMinute> DigestTimeOfDay(absl::string_view text) {
  int hours = 0, minutes = 0;
  if (text.size() != 5 || text[2] != ':' ||
      !absl::SimpleAtoi(text.substr(0, 2), &hours) ||
      !absl::SimpleAtoi(text.substr(3, 2), &minutes) || hours < 0 ||
      hours > 23 || minutes < 0 || minutes > 59) {
    return std::nullopt;
  }
  return absl::CivilMinute(1970, 1, 1, hours, minutes);
}

absl::Status ValidateListNotifications(const v1::ListNotificationsRequest& r) {
  Violations v;
  v.PageSize("page_size", r.page_size());
  if (!IsAgencyName(r.parent())) v.Add("parent", "required, agencies/{CODE}");
  if (!Notification::Severity_IsValid(r.severity())) {
    v.Add("severity", "INFO, WARNING or CRITICAL");
  }
  for (int i = 0; i < r.types_size(); ++i) {
    v.RequireText(absl::StrCat("types[", i, "]"), r.types(i), 200);
  }
  return v.ToStatus();
}

absl::Status ValidateGetUnreadCount(const v1::GetUnreadCountRequest& r) {
  if (!IsAgencyName(r.parent())) {
    return InvalidArgument("parent", "required, agencies/{CODE}");
  }
  return absl::OkStatus();
}

absl::Status ValidateGetNotification(const v1::GetNotificationRequest& r) {
  Violations v;
  if (!IsNotificationName(r.name())) {
    v.Add("name", "required, agencies/{CODE}/notifications/{id}");
  }
  return v.ToStatus();
}

absl::Status ValidateNotificationChange(absl::string_view name,
                                        absl::string_view request_id) {
  Violations v;
  if (!IsNotificationName(name)) {
    v.Add("name", "required, agencies/{CODE}/notifications/{id}");
  }
  v.RequireRequestId("request_id", request_id);
  return v.ToStatus();
}

absl::Status ValidateMarkAllRead(const v1::MarkAllReadRequest& r) {
  Violations v;
  if (!IsAgencyName(r.parent())) v.Add("parent", "required, agencies/{CODE}");
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateCreateSubscription(
    const v1::CreateSubscriptionRequest& r) {
  Violations v;
  if (!r.subscription_id().empty() && !IsValidResourceId(r.subscription_id())) {
    v.Add("subscription_id", "1-63 of [a-z0-9-], starting with a letter");
  }
  v.RequireRequestId("request_id", r.request_id());
  ValidateFilter(r.subscription().filter(), v);
  ValidateChannel(r.subscription(), v);
  return v.ToStatus();
}

absl::Status ValidateGetSubscription(const v1::GetSubscriptionRequest& r) {
  if (!IsSubscriptionName(r.name())) {
    return InvalidArgument("name", "required, subscriptions/{id}");
  }
  return absl::OkStatus();
}

absl::Status ValidateListSubscriptions(const v1::ListSubscriptionsRequest& r) {
  Violations v;
  v.PageSize("page_size", r.page_size());
  return v.ToStatus();
}

absl::Status ValidateSubscriptionAction(
    const v1::SubscriptionActionRequest& r) {
  Violations v;
  if (!IsSubscriptionName(r.name()))
    v.Add("name", "required, subscriptions/{id}");
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateListDeliveries(const v1::ListDeliveriesRequest& r) {
  Violations v;
  v.PageSize("page_size", r.page_size());
  if (!IsSubscriptionName(r.parent())) {
    v.Add("parent", "required, subscriptions/{id}");
  }
  if (!Delivery::State_IsValid(r.state())) {
    v.Add("state", "PENDING, DELIVERED or DEAD");
  }
  return v.ToStatus();
}

absl::Status ValidateRedeliverDelivery(const v1::RedeliverDeliveryRequest& r) {
  Violations v;
  if (!SubscriptionOfDelivery(r.name())) {
    v.Add("name", "required, subscriptions/{s}/deliveries/{d}");
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

}  // namespace ngoaivu::notifications
