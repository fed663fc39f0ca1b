// The notifications service's own settings, beside those every service
// shares (common/settings.h).
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SETTINGS_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SETTINGS_H_

#include "CLI/CLI.hpp"
#include "services/notifications/event_streams.h"
#include "services/notifications/routing.h"

namespace ngoaivu::notifications {

struct NotificationsSettings {
  RoutingSettings routing;
  int heartbeat_seconds = 15;
  int stream_buffer = 4096;

  EventStreamOptions streams() const {
    return {absl::Seconds(heartbeat_seconds),
            static_cast<size_t>(stream_buffer)};
  }
};

void AddNotificationsSettings(CLI::App& app, NotificationsSettings* settings);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SETTINGS_H_
