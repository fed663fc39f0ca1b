#include "services/notifications/notifications_settings.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"

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

void AddSmtpSettings(CLI::App& app, NotificationsSettings* settings) {
  SmtpSettings& smtp = settings->smtp;
  app.add_option("--smtp-url", smtp.url,
                 "the e-mail relay, smtp://host:587 (STARTTLS) or "
                 "smtps://host:465; empty: no e-mail")
      ->envname("NGOAIVU_SMTP_URL");
  app.add_option("--smtp-from", smtp.from, "the sender's address")
      ->envname("NGOAIVU_SMTP_FROM")
      ->capture_default_str();
  app.add_option("--smtp-user", smtp.user, "the relay's user, when it asks")
      ->envname("NGOAIVU_SMTP_USER");
  app.add_option("--smtp-password-file", settings->smtp_password_file,
                 "a file holding the relay user's password")
      ->envname("NGOAIVU_SMTP_PASSWORD_FILE");
  app.add_option("--smtp-starttls", smtp.starttls,
                 "STARTTLS on smtp:// URLs: require, try or off")
      ->envname("NGOAIVU_SMTP_STARTTLS")
      ->check(CLI::IsMember({"require", "try", "off"}))
      ->capture_default_str();
  app.add_option("--smtp-ca-file", smtp.ca_file,
                 "the relay's CA certificate, when not the system's")
      ->envname("NGOAIVU_SMTP_CA_FILE");
}

void AddStreamAndDeliverySettings(CLI::App& app,
                                  NotificationsSettings* settings) {
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
  app.add_option("--stream-threads", settings->stream_threads,
                 "threads serving every open StreamEvents and "
                 "WatchNotifications call (an open stream holds no thread)")
      ->envname("NGOAIVU_STREAM_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--delivery-max-attempts", settings->delivery_max_attempts,
                 "webhook and e-mail attempts before a delivery is dead")
      ->envname("NGOAIVU_DELIVERY_MAX_ATTEMPTS")
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  app.add_option("--delivery-first-backoff-seconds",
                 settings->delivery_first_backoff_seconds,
                 "the wait after a first failed attempt; each later one is "
                 "4 times longer (±20 % at random)")
      ->envname("NGOAIVU_DELIVERY_FIRST_BACKOFF_SECONDS")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str();
  app.add_option("--delivery-max-backoff-seconds",
                 settings->delivery_max_backoff_seconds,
                 "the longest wait between two attempts")
      ->envname("NGOAIVU_DELIVERY_MAX_BACKOFF_SECONDS")
      ->check(CLI::Range(0.01, 604800.0))
      ->capture_default_str();
  app.add_option("--delivery-timeout-seconds",
                 settings->delivery_timeout_seconds,
                 "how long one attempt may take")
      ->envname("NGOAIVU_DELIVERY_TIMEOUT_SECONDS")
      ->check(CLI::Range(0.1, 300.0))
      ->capture_default_str();
  app.add_option("--webhook-allow", settings->webhook_allow,
                 "internal webhook receivers allowed, comma-separated CIDRs "
                 "and host names (default: none; only public addresses)")
      ->envname("NGOAIVU_WEBHOOK_ALLOW")
      ->capture_default_str();
  app.add_option("--webhook-allow-http", settings->webhook_allow_http,
                 "allow plain-http webhooks (default: https only)")
      ->envname("NGOAIVU_WEBHOOK_ALLOW_HTTP")
      ->capture_default_str();
  app.add_option("--delivery-senders", settings->delivery_senders,
                 "attempts in flight at once per process, in all")
      ->envname("NGOAIVU_DELIVERY_SENDERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--delivery-per-subscription",
                 settings->delivery_per_subscription,
                 "attempts in flight at once to one subscription")
      ->envname("NGOAIVU_DELIVERY_PER_SUBSCRIPTION")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
}

}  // namespace

absl::Status LoadNotificationsSecrets(NotificationsSettings* settings) {
  auto webhooks = WebhookPolicy::Parse(settings->webhook_allow,
                                       settings->webhook_allow_http);
  if (!webhooks.ok()) return webhooks.status();
  settings->webhooks = *std::move(webhooks);
  if (settings->smtp_password_file.empty()) return absl::OkStatus();
  std::ifstream in(settings->smtp_password_file);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--smtp-password-file: cannot read ", settings->smtp_password_file));
  }
  std::string password = text.str();
  while (!password.empty() &&
         (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  settings->smtp.password = std::move(password);
  return absl::OkStatus();
}

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
  app.add_option("--critical-after-days", settings->routing.critical_after_days,
                 "an obligation late by this many days is CRITICAL for its "
                 "agency and DOFA (0: never)")
      ->envname("NGOAIVU_CRITICAL_AFTER_DAYS")
      ->check(CLI::Range(0, 3650))
      ->capture_default_str();
  app.add_option("--explanation-after-days",
                 settings->routing.explanation_after_days,
                 "late by this many days, the agency's head is asked once to "
                 "explain (0: never)")
      ->envname("NGOAIVU_EXPLANATION_AFTER_DAYS")
      ->check(CLI::Range(0, 3650))
      ->capture_default_str();
  AddSmtpSettings(app, settings);
  app.add_option("--consumer-name", settings->consumer_name,
                 "this replica's consumer in the group `notifications` "
                 "(default <service>-<host>-<pid>); a stable one (the pod's "
                 "name) re-reads what it left pending at once after a "
                 "restart, instead of after another replica's takeover")
      ->envname("NGOAIVU_CONSUMER_NAME");
  app.add_option("--consumers-per-stream", settings->consumers_per_stream,
                 "events of one stream this process dispatches at once "
                 "(consumers <name>-0, -1, ... in the group)")
      ->envname("NGOAIVU_CONSUMERS_PER_STREAM")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  AddStreamAndDeliverySettings(app, settings);
}

}  // namespace ngoaivu::notifications
