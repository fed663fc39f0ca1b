// How an event leaves the suite: a CloudEvents 1.0 structured JSON body
// (`application/cloudevents+json`, the payload in protobuf's JSON mapping),
// signed as the Standard Webhooks specification says (`webhook-id`,
// `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`).
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_CLOUD_EVENTS_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_CLOUD_EVENTS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu::notifications {

inline constexpr char kCloudEventsJson[] = "application/cloudevents+json";

// The structured-mode CloudEvent of `event`.
absl::StatusOr<std::string> CloudEventJson(const events::v1::Event& event);

// A new signing secret, "whsec_" + base64 of 32 random bytes.
std::string NewWebhookSecret();

// The `webhook-signature` header value for `body` sent as message `id` at
// `timestamp`: "v1,<base64(HMAC-SHA256(key, id.timestamp.body))>", the key
// being the secret's base64 part decoded. Nothing for a malformed secret.
std::optional<std::string> WebhookSignature(absl::string_view secret,
                                            absl::string_view id,
                                            absl::Time timestamp,
                                            absl::string_view body);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_CLOUD_EVENTS_H_
