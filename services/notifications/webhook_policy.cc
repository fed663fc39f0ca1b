#include "services/notifications/webhook_policy.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ngoaivu::notifications {
namespace {

// A range of the table below: `text` is its prefix as written.
struct NamedRange {
  const char* text;
  int bits;
  const char* name;
};

// Not public: IANA's special-purpose registries (RFC 6890 and its updates)
// and the multicast ranges. IPv4 ranges are matched on the IPv4-mapped form.
constexpr NamedRange kInternal[] = {
    {"0.0.0.0", 8, "this-network"},
    {"10.0.0.0", 8, "private"},
    {"100.64.0.0", 10, "shared (CGNAT)"},
    {"127.0.0.0", 8, "loopback"},
    {"169.254.0.0", 16, "link-local (cloud metadata)"},
    {"172.16.0.0", 12, "private"},
    {"192.0.0.0", 24, "IETF protocol"},
    {"192.0.2.0", 24, "documentation"},
    {"192.88.99.0", 24, "6to4 relay"},
    {"192.168.0.0", 16, "private"},
    {"198.18.0.0", 15, "benchmarking"},
    {"198.51.100.0", 24, "documentation"},
    {"203.0.113.0", 24, "documentation"},
    {"224.0.0.0", 4, "multicast"},
    {"240.0.0.0", 4, "reserved"},
    {"::", 128, "unspecified"},
    {"::1", 128, "loopback"},
    {"::", 96, "IPv4-compatible (deprecated)"},
    {"64:ff9b:1::", 48, "local NAT64"},
    {"100::", 64, "discard"},
    {"2001::", 23, "IETF protocol"},
    {"2001:db8::", 32, "documentation"},
    {"fc00::", 7, "unique-local"},
    {"fe80::", 10, "link-local"},
    {"fec0::", 10, "site-local (deprecated)"},
    {"ff00::", 8, "multicast"},
};

bool InRange(const IpAddress& address, const IpAddress& prefix, int bits) {
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((address[i] & mask) != (prefix[i] & mask)) return false;
  }
  return true;
}

bool IsMapped(const IpAddress& a) {
  for (int i = 0; i < 10; ++i) {
    if (a[i] != 0) return false;
  }
  return a[10] == 0xff && a[11] == 0xff;
}

IpAddress MappedV4(const uint8_t* v4) {
  IpAddress a{};
  a[10] = a[11] = 0xff;
  for (int i = 0; i < 4; ++i) a[12 + i] = v4[i];
  return a;
}

// The IPv4 address a translated form carries: NAT64 (64:ff9b::/96) and
// 6to4 (2002::/16). Nothing for other addresses.
std::optional<IpAddress> CarriedV4(const IpAddress& a) {
  static const IpAddress nat64 = *ParseIpAddress("64:ff9b::");
  static const IpAddress six_to_four = *ParseIpAddress("2002::");
  if (InRange(a, nat64, 96)) return MappedV4(&a[12]);
  if (InRange(a, six_to_four, 16)) return MappedV4(&a[2]);
  return std::nullopt;
}

std::string AddressText(const IpAddress& a) {
  char text[INET6_ADDRSTRLEN] = {};
  if (IsMapped(a)) {
    inet_ntop(AF_INET, &a[12], text, sizeof(text));
  } else {
    inet_ntop(AF_INET6, a.data(), text, sizeof(text));
  }
  return text;
}

bool IsLocalhostName(absl::string_view host) {
  return host == "localhost" || absl::EndsWith(host, ".localhost");
}

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

// One part of a parsed URL ("" when absent).
std::string Part(CURLU* url, CURLUPart what) {
  char* value = nullptr;
  if (curl_url_get(url, what, &value, 0) != CURLUE_OK || value == nullptr) {
    return "";
  }
  std::string out(value);
  curl_free(value);
  return out;
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(absl::string_view text) {
  if (absl::ConsumePrefix(&text, "[") && !absl::ConsumeSuffix(&text, "]")) {
    return std::nullopt;
  }
  const std::string s(text);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    return MappedV4(reinterpret_cast<const uint8_t*>(&v4.s_addr));
  }
  IpAddress v6{};
  if (inet_pton(AF_INET6, s.c_str(), v6.data()) == 1) return v6;
  return std::nullopt;
}

std::optional<IpAddress> AddressOf(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return MappedV4(reinterpret_cast<const uint8_t*>(&in->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    IpAddress a{};
    for (int i = 0; i < 16; ++i) a[i] = in6->sin6_addr.s6_addr[i];
    return a;
  }
  return std::nullopt;
}

std::optional<std::string> InternalRangeOf(const IpAddress& address) {
  static const std::vector<std::pair<IpAddress, const NamedRange*>> ranges =
      [] {
        std::vector<std::pair<IpAddress, const NamedRange*>> out;
        for (const NamedRange& r : kInternal) {
          const IpAddress prefix = *ParseIpAddress(r.text);
          out.emplace_back(prefix, &r);
        }
        return out;
      }();
  if (auto carried = CarriedV4(address)) return InternalRangeOf(*carried);
  for (const auto& [prefix, range] : ranges) {
    const bool v4 = IsMapped(prefix) && absl::StrContains(range->text, '.');
    if (InRange(address, prefix, v4 ? 96 + range->bits : range->bits)) {
      return std::string(range->name);
    }
  }
  return std::nullopt;
}

absl::StatusOr<WebhookUrl> ParseWebhookUrl(absl::string_view url) {
  std::unique_ptr<CURLU, CurlUrlDeleter> parsed(curl_url());
  if (!parsed) return absl::InternalError("curl_url failed");
  const std::string text(url);
  if (curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return absl::InvalidArgumentError("not a URL");
  }
  if (!Part(parsed.get(), CURLUPART_USER).empty() ||
      !Part(parsed.get(), CURLUPART_PASSWORD).empty() ||
      absl::StrContains(Part(parsed.get(), CURLUPART_HOST), '@')) {
    return absl::InvalidArgumentError(
        "a user or password in the URL (user@host) is not allowed");
  }
  WebhookUrl out;
  out.scheme = absl::AsciiStrToLower(Part(parsed.get(), CURLUPART_SCHEME));
  out.host = absl::AsciiStrToLower(Part(parsed.get(), CURLUPART_HOST));
  absl::string_view host = out.host;
  if (absl::ConsumePrefix(&host, "[") && absl::ConsumeSuffix(&host, "]")) {
    out.host = std::string(host);
  }
  if (out.host.empty()) return absl::InvalidArgumentError("no host");
  return out;
}

absl::StatusOr<WebhookPolicy> WebhookPolicy::Parse(absl::string_view allow,
                                                   bool allow_http) {
  WebhookPolicy policy;
  policy.allow_http_ = allow_http;
  for (absl::string_view item :
       absl::StrSplit(allow, ',', absl::SkipWhitespace())) {
    item = absl::StripAsciiWhitespace(item);
    const std::vector<absl::string_view> parts = absl::StrSplit(item, '/');
    if (auto address = ParseIpAddress(parts[0])) {
      const bool v4 = IsMapped(*address);
      int bits = v4 ? 32 : 128;
      if (parts.size() > 2 ||
          (parts.size() == 2 && (!absl::SimpleAtoi(parts[1], &bits) ||
                                 bits < 0 || bits > (v4 ? 32 : 128)))) {
        return absl::InvalidArgumentError(
            absl::StrCat("--webhook-allow: bad range '", item, "'"));
      }
      policy.ranges_.push_back({*address, v4 ? 96 + bits : bits});
    } else if (parts.size() == 1 && !item.empty() &&
               item.find_first_of(":@[] ") == absl::string_view::npos) {
      policy.hosts_.push_back(absl::AsciiStrToLower(item));
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "--webhook-allow: '", item, "' is neither a range nor a host name"));
    }
  }
  return policy;
}

bool WebhookPolicy::Allowed(const IpAddress& address) const {
  for (const Range& r : ranges_) {
    if (InRange(address, r.prefix, r.bits)) return true;
  }
  return false;
}

bool WebhookPolicy::AllowedHost(absl::string_view host) const {
  for (const std::string& h : hosts_) {
    if (h == host) return true;
  }
  return false;
}

absl::Status WebhookPolicy::CheckUrl(absl::string_view url) const {
  auto parsed = ParseWebhookUrl(url);
  if (!parsed.ok()) return parsed.status();
  const auto address = ParseIpAddress(parsed->host);
  const bool allowed =
      AllowedHost(parsed->host) || (address && Allowed(*address));
  if (parsed->scheme == "http") {
    if (!allow_http_ || !allowed) {
      return absl::InvalidArgumentError(
          "https only (plain http only to an internal receiver the operator "
          "allows)");
    }
  } else if (parsed->scheme != "https") {
    return absl::InvalidArgumentError("https only");
  }
  if (allowed) return absl::OkStatus();
  if (IsLocalhostName(parsed->host)) {
    return absl::InvalidArgumentError(absl::StrCat(
        parsed->host, " is this host: webhooks go to other systems"));
  }
  if (address) {
    auto status = CheckAddress(*address, parsed->host);
    if (!status.ok()) return absl::InvalidArgumentError(status.message());
  }
  return absl::OkStatus();
}

absl::Status WebhookPolicy::CheckAddress(const IpAddress& address,
                                         absl::string_view host) const {
  if (AllowedHost(host) || Allowed(address)) return absl::OkStatus();
  if (auto range = InternalRangeOf(address)) {
    const std::string text = AddressText(address);
    return absl::PermissionDeniedError(absl::StrCat(
        "refused: ", text == host ? "" : absl::StrCat(host, " is "), text,
        ", a ", *range,
        " address inside the network (an operator may allow it: "
        "--webhook-allow)"));
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu::notifications
