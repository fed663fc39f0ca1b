#include "services/notifications/notifications_settings.h"

#include <string>

namespace ngoaivu::notifications {
namespace {

// An agency's resource name, `agencies/{CODE}`.
std::string CheckAgencyName(const std::string& value) {
  if (value.rfind("agencies/", 0) != 0 || value.size() <= 9 ||
      value.find('/', 9) != std::string::npos) {
    return "expected agencies/{CODE}";
  }
  return "";
}

}  // namespace

void AddNotificationsSettings(CLI::App& app, NotificationsSettings* settings) {
  app.add_option("--coordinator-agency", settings->routing.coordinator,
                 "the inbox of the Department of Foreign Affairs, told of "
                 "what it must judge or chase")
      ->envname("NGOAIVU_COORDINATOR_AGENCY")
      ->check(CheckAgencyName)
      ->capture_default_str();
  app.add_option("--approvers-agency", settings->routing.approvers,
                 "the inbox of the leadership that decides delegations and "
                 "agreements")
      ->envname("NGOAIVU_APPROVERS_AGENCY")
      ->check(CheckAgencyName)
      ->capture_default_str();
  app.add_option("--administrators-agency", settings->routing.administrators,
                 "the inbox told of changes to the registry")
      ->envname("NGOAIVU_ADMINISTRATORS_AGENCY")
      ->check(CheckAgencyName)
      ->capture_default_str();
  app.add_option("--heartbeat-seconds", settings->heartbeat_seconds,
                 "StreamEvents: a heartbeat (with the cursor) after this "
                 "long without an event")
      ->envname("NGOAIVU_HEARTBEAT_SECONDS")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  app.add_option("--stream-buffer", settings->stream_buffer,
                 "events a slow StreamEvents reader may have waiting before "
                 "it catches up from Redis instead")
      ->envname("NGOAIVU_STREAM_BUFFER")
      ->check(CLI::Range(16, 1000000))
      ->capture_default_str();
}

}  // namespace ngoaivu::notifications
