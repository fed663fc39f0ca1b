// Where the notifications service may send webhooks: its guard against
// server-side request forgery (OWASP's SSRF guidance). A subscriber must
// not make the service call what only the service can reach: Redis, the
// other services, the cloud's metadata endpoint.
// - A URL is parsed with libcurl's own parser (the one that will use it):
//   userinfo (`user@host`) is refused, https only (plain http only to an
//   internal receiver the operator allows, with --webhook-allow-http), and
//   a host written as an address inside the network, or `localhost`, is
//   refused as soon as the subscription is created.
// - Every address the service is about to connect to, after DNS and at
//   every attempt (a name that later resolves inside is caught), must be
//   public: loopback, private, link-local (the metadata endpoint),
//   unique-local, CGNAT, multicast, reserved, benchmarking and
//   documentation ranges are refused, IPv4 and IPv6 alike, IPv4-mapped,
//   NAT64 and 6to4 forms by the IPv4 address they carry.
// - An operator may allow internal receivers by address range (CIDR) or
//   host name: `--webhook-allow`; off by default.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_POLICY_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_POLICY_H_

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ngoaivu::notifications {

// An IPv6 address; IPv4 ones as IPv4-mapped (::ffff:a.b.c.d).
using IpAddress = std::array<uint8_t, 16>;

// "10.0.0.1", "::1", "[::1]": nothing when not an address literal.
std::optional<IpAddress> ParseIpAddress(absl::string_view text);
// The address of a socket address (AF_INET or AF_INET6).
std::optional<IpAddress> AddressOf(const sockaddr* address);
// Why `address` is not a public address ("loopback", "private", ...), or
// nothing when it is.
std::optional<std::string> InternalRangeOf(const IpAddress& address);

class WebhookPolicy {
 public:
  // https only; no internal receiver.
  WebhookPolicy() = default;
  // `allow`: comma-separated CIDRs ("10.1.2.0/24", "::1/128", an address
  // alone is /32 or /128) and host names ("hooks.internal"); `allow_http`:
  // plain http to those receivers (never to others).
  static absl::StatusOr<WebhookPolicy> Parse(absl::string_view allow,
                                             bool allow_http);

  // The URL as written: OK, or INVALID_ARGUMENT saying why it is refused.
  absl::Status CheckUrl(absl::string_view url) const;
  // The address the service is about to connect to for `host` (the URL's
  // host): OK, or PERMISSION_DENIED saying why.
  absl::Status CheckAddress(const IpAddress& address,
                            absl::string_view host) const;

  bool allow_http() const { return allow_http_; }

 private:
  struct Range {
    IpAddress prefix;
    int bits;
  };
  bool Allowed(const IpAddress& address) const;
  bool AllowedHost(absl::string_view host) const;

  bool allow_http_ = false;
  std::vector<Range> ranges_;
  std::vector<std::string> hosts_;
};

// The parts of a webhook URL a delivery needs, as libcurl parses them.
struct WebhookUrl {
  std::string scheme;  // "https" or "http"
  std::string host;    // lower case; an IPv6 literal without brackets
};
// INVALID_ARGUMENT when libcurl cannot parse it, or it has userinfo.
absl::StatusOr<WebhookUrl> ParseWebhookUrl(absl::string_view url);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_WEBHOOK_POLICY_H_
