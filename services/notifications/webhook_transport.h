// Webhook deliveries: an HTTP POST (libcurl) of the event as a CloudEvents
// structured JSON body, signed as Standard Webhooks says, within the
// attempt's deadline. Any 2xx is accepted; anything else is retried. Where
// it may connect is the webhook policy's to say, at every attempt: the
// address a name resolves to is checked just before the connection is
// made, and an address inside the network is refused (PERMISSION_DENIED,
// not retried) without a byte sent. No redirect is followed, no proxy
// used, and the answer's size and time are bounded.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_TRANSPORT_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_TRANSPORT_H_

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "services/notifications/delivery_worker.h"
#include "services/notifications/webhook_policy.h"

namespace ngoaivu::notifications {

class WebhookTransport final : public Transport {
 public:
  // `resolve`: libcurl's CURLOPT_RESOLVE entries ("host:port:address"),
  // what a name resolves to without asking DNS (tests).
  explicit WebhookTransport(WebhookPolicy policy,
                            std::vector<std::string> resolve = {});

  absl::Status Send(const v1::Subscription& subscription,
                    const std::vector<Outgoing>& deliveries,
                    absl::Time deadline) override;

 private:
  absl::Status Post(const v1::Subscription& subscription,
                    const v1::Delivery& delivery,
                    const events::v1::Event& event, absl::Time deadline);
  // One POST of `body` to `url` (whose host is `host`), connecting only
  // where the policy allows.
  absl::Status Send(const std::string& url, const std::string& host,
                    const std::string& body, curl_slist* headers,
                    int64_t timeout_ms) const;

  const WebhookPolicy policy_;
  const std::vector<std::string> resolve_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_TRANSPORT_H_
