#include "services/notifications/webhook_transport.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>

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
// it for the delivery's last error, and stop reading a long one.
constexpr size_t kMaxAnswerBytes = 64 * 1024;
struct Answer {
  std::string kept;
  size_t read = 0;
};
size_t KeepSome(char* data, size_t size, size_t count, void* out) {
  auto* answer = static_cast<Answer*>(out);
  const size_t n = size * count;
  answer->read += n;
  if (answer->read > kMaxAnswerBytes) return 0;  // ends the transfer
  if (answer->kept.size() < 200) {
    answer->kept.append(data, std::min<size_t>(n, 200));
  }
  return n;
}

// What the socket callback needs: the policy, the URL's host, and why it
// refused an address, if it did.
struct Connecting {
  const WebhookPolicy* policy;
  std::string host;
  std::string refused;
};

// Called by libcurl with the address it is about to connect to, after its
// name resolution: the one place that sees where the bytes would go.
curl_socket_t OpenCheckedSocket(void* context, curlsocktype purpose,
                                curl_sockaddr* address) {
  auto* connecting = static_cast<Connecting*>(context);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  const auto ip = AddressOf(&address->addr);
  if (!ip) {
    connecting->refused = "refused: not an IP address";
    return CURL_SOCKET_BAD;
  }
  if (auto s = connecting->policy->CheckAddress(*ip, connecting->host);
      !s.ok()) {
    connecting->refused = std::string(s.message());
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

WebhookTransport::WebhookTransport(WebhookPolicy policy,
                                   std::vector<std::string> resolve)
    : policy_(std::move(policy)), resolve_(std::move(resolve)) {
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
  // The policy may have changed since the subscription was made.
  if (auto s = policy_.CheckUrl(subscription.webhook_url()); !s.ok()) {
    return absl::PermissionDeniedError(absl::StrCat("refused: ", s.message()));
  }
  auto url = ParseWebhookUrl(subscription.webhook_url());
  if (!url.ok()) return url.status();
  auto body = CloudEventJson(event);
  if (!body.ok()) return body.status();
  const std::string id = delivery.name().substr(delivery.name().rfind('/') + 1);
  const absl::Time now = absl::Now();
  auto signature =
      WebhookSignature(subscription.webhook_secret(), id, now, *body);
  if (!signature) {
    return absl::FailedPreconditionError("the subscription has no secret");
  }
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
  return Send(subscription.webhook_url(), url->host, *body, headers.get(),
              std::max<int64_t>(1, absl::ToInt64Milliseconds(deadline - now)));
}

absl::Status WebhookTransport::Send(const std::string& url,
                                    const std::string& host,
                                    const std::string& body,
                                    curl_slist* headers,
                                    int64_t timeout_ms) const {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return absl::InternalError("curl_easy_init failed");
  std::unique_ptr<curl_slist, HeadersDeleter> resolve;
  for (const std::string& entry : resolve_) {
    resolve.reset(curl_slist_append(resolve.release(), entry.c_str()));
  }
  Connecting connecting{&policy_, host, ""};
  Answer answer;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OpenCheckedSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &connecting);
  if (resolve) curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
  // Never through a proxy the environment names: the address checked must
  // be the one connected to.
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<int64_t>(timeout_ms, 5000)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
                   policy_.allow_http() ? "http,https" : "https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, KeepSome);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  const CURLcode code = curl_easy_perform(c);
  if (!connecting.refused.empty()) {
    return absl::PermissionDeniedError(connecting.refused);
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK &&
      !(code == CURLE_WRITE_ERROR && answer.read > kMaxAnswerBytes)) {
    return absl::UnavailableError(
        absl::StrCat("POST ", url, ": ", curl_easy_strerror(code)));
  }
  if (status < 200 || status > 299) {
    return absl::UnavailableError(absl::StrCat(
        "HTTP ", status, answer.kept.empty() ? "" : ": ", answer.kept));
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu::notifications
