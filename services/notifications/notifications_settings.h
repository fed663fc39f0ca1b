// The notifications service's own settings, beside those every service
// shares (common/settings.h).
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SETTINGS_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SETTINGS_H_

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "services/notifications/delivery_worker.h"
#include "services/notifications/email_transport.h"
#include "services/notifications/event_streams.h"
#include "services/notifications/routing.h"
#include "services/notifications/webhook_policy.h"

namespace ngoaivu::notifications {

struct NotificationsSettings {
  RoutingSettings routing;
  SmtpSettings smtp;
  std::string smtp_password_file;
  // This replica's name in the consumer group; "" for <service>-<host>-<pid>.
  std::string consumer_name;
  // Consumers per stream in this process: events dispatched at once.
  int consumers_per_stream = 4;
  int heartbeat_seconds = 15;
  int stream_buffer = 4096;
  // Threads stepping every open stream (they hold none of their own).
  int stream_threads = 4;
  int delivery_max_attempts = 8;
  double delivery_first_backoff_seconds = 5;
  double delivery_max_backoff_seconds = 7200;
  double delivery_timeout_seconds = 10;
  int delivery_senders = 16;
  int delivery_per_subscription = 4;
  // Internal webhook receivers the operator allows (CIDRs, host names);
  // plain http allowed. Both off by default.
  std::string webhook_allow;
  bool webhook_allow_http = false;
  WebhookPolicy webhooks;  // made of the two by LoadNotificationsSecrets

  DeliveryWorkerOptions deliveries() const {
    DeliveryWorkerOptions o;
    o.policy.max_attempts = delivery_max_attempts;
    o.policy.first_backoff = absl::Seconds(delivery_first_backoff_seconds);
    o.policy.max_backoff = absl::Seconds(delivery_max_backoff_seconds);
    o.policy.attempt_timeout = absl::Seconds(delivery_timeout_seconds);
    o.senders = delivery_senders;
    o.in_flight_per_subscription = delivery_per_subscription;
    return o;
  }

  EventStreamOptions streams() const {
    return {absl::Seconds(heartbeat_seconds),
            static_cast<size_t>(stream_buffer)};
  }
};

void AddNotificationsSettings(CLI::App& app, NotificationsSettings* settings);

// Reads the files the settings name (the SMTP password) and makes the
// webhook policy; INVALID_ARGUMENT naming the file or setting when it
// cannot.
absl::Status LoadNotificationsSecrets(NotificationsSettings* settings);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SETTINGS_H_
