// E-mail deliveries: SMTP through libcurl to the configured relay (STARTTLS
// required unless told otherwise, authentication when a user is set), one
// UTF-8 message per event in the notification's Vietnamese words, or one
// per daily digest.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_EMAIL_TRANSPORT_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_EMAIL_TRANSPORT_H_

#include <functional>
#include <string>

#include "services/notifications/delivery_worker.h"
#include "services/notifications/templates.h"

namespace ngoaivu::notifications {

struct SmtpSettings {
  // smtp://relay.tayninh.gov.vn:587 (STARTTLS) or smtps://...:465; empty:
  // no e-mail is sent (such deliveries fail and are dead-lettered).
  std::string url;
  std::string from = "ngoaivu@localhost";
  std::string user;
  std::string password;
  // STARTTLS on smtp:// URLs: "require" (default), "try", or "off".
  std::string starttls = "require";
  std::string ca_file;  // the relay's CA, when not the system's
};

// The message for `deliveries` (one, or a digest's several), headers and
// body, as it is sent: UTF-8, subjects encoded as RFC 2047 says.
std::string EmailMessage(
    const SmtpSettings& settings, const v1::Subscription& subscription,
    const std::vector<Outgoing>& deliveries,
    const std::function<Rendered(const events::v1::Event&)>& words,
    absl::Time now);

class EmailTransport final : public Transport {
 public:
  // `words` gives an event's title and body (the templates, with the duty
  // titles the store kept).
  EmailTransport(SmtpSettings settings,
                 std::function<Rendered(const events::v1::Event&)> words);

  absl::Status Send(const v1::Subscription& subscription,
                    const std::vector<Outgoing>& deliveries,
                    absl::Time deadline) override;

 private:
  SmtpSettings settings_;
  std::function<Rendered(const events::v1::Event&)> words_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_EMAIL_TRANSPORT_H_
