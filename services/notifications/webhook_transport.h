// Webhook deliveries: an HTTP POST (libcurl) of the event as a CloudEvents
// structured JSON body, signed as Standard Webhooks says, within the
// attempt's deadline. Any 2xx is accepted; anything else is retried.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_TRANSPORT_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_TRANSPORT_H_

#include "services/notifications/delivery_worker.h"

namespace ngoaivu::notifications {

class WebhookTransport final : public Transport {
 public:
  WebhookTransport();

  absl::Status Send(const v1::Subscription& subscription,
                    const std::vector<Outgoing>& deliveries,
                    absl::Time deadline) override;

 private:
  absl::Status Post(const v1::Subscription& subscription,
                    const v1::Delivery& delivery,
                    const events::v1::Event& event, absl::Time deadline);
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_TRANSPORT_H_
