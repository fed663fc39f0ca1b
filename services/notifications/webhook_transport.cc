#include "services/notifications/webhook_transport.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/notifications/cloud_events.h"

namespace ngoaivu::notifications {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct HeadersDeleter {
  void operator()(curl_slist* h) const { curl_slist_free_all(h); }
};

// The receiver's answer is not needed beyond its status; keep a little of
// it for the delivery's last error.
size_t KeepSome(char* data, size_t size, size_t count, void* out) {
  auto* text = static_cast<std::string*>(out);
  const size_t n = size * count;
  if (text->size() < 200) text->append(data, std::min<size_t>(n, 200));
  return n;
}

}  // namespace

WebhookTransport::WebhookTransport() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

absl::Status WebhookTransport::Send(const v1::Subscription& subscription,
                                    const std::vector<Outgoing>& deliveries,
                                    absl::Time deadline) {
  // Each event is a message of its own (webhooks have no digest).
  for (const Outgoing& d : deliveries) {
    if (auto s = Post(subscription, *d.delivery, *d.event, deadline); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status WebhookTransport::Post(const v1::Subscription& subscription,
                                    const v1::Delivery& delivery,
                                    const events::v1::Event& event,
                                    absl::Time deadline) {
  auto body = CloudEventJson(event);
  if (!body.ok()) return body.status();
  const std::string id = delivery.name().substr(delivery.name().rfind('/') + 1);
  const absl::Time now = absl::Now();
  auto signature =
      WebhookSignature(subscription.webhook_secret(), id, now, *body);
  if (!signature) {
    return absl::FailedPreconditionError("the subscription has no secret");
  }
  const int64_t timeout_ms =
      std::max<int64_t>(1, absl::ToInt64Milliseconds(deadline - now));
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return absl::InternalError("curl_easy_init failed");
  std::unique_ptr<curl_slist, HeadersDeleter> headers;
  for (const std::string& h :
       {absl::StrCat("content-type: ", kCloudEventsJson),
        absl::StrCat("webhook-id: ", id),
        absl::StrCat("webhook-timestamp: ", absl::ToUnixSeconds(now)),
        absl::StrCat("webhook-signature: ", *signature),
        std::string("user-agent: ngoaivu-notifications/0.1")}) {
    headers.reset(curl_slist_append(headers.release(), h.c_str()));
  }
  // The receiver's own tracing continues the trace the change began in.
  if (!event.traceparent().empty()) {
    const std::string trace = "traceparent: " + event.traceparent();
    headers.reset(curl_slist_append(headers.release(), trace.c_str()));
  }
  std::string answer;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, subscription.webhook_url().c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<int64_t>(timeout_ms, 5000)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, KeepSome);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  const CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat(
        "POST ", subscription.webhook_url(), ": ", curl_easy_strerror(code)));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    return absl::UnavailableError(
        absl::StrCat("HTTP ", status, answer.empty() ? "" : ": ", answer));
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu::notifications
