// The webhook policy alone (no Redis, no server): every range inside the
// network refused, IPv4 and IPv6, mapped, NAT64 and 6to4 forms; userinfo
// and plain http refused; public receivers accepted; the operator's
// allowlist by range and by name. What a name resolves to at delivery is in
// subscriptions_test (WebhookPolicyDeliveryTest).
#include "services/notifications/webhook_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ngoaivu::notifications {
namespace {

using ::testing::HasSubstr;

TEST(WebhookPolicyTest, AddressesInsideTheNetworkAreRefusedAtCreation) {
  const WebhookPolicy strict;
  for (const char* url : {
           "https://127.0.0.1/hook",
           "https://127.9.9.9:8443/hook",
           "https://0.0.0.0/",
           "https://10.0.0.1/hook",
           "https://172.16.5.4/",
           "https://172.31.255.255/",
           "https://192.168.1.1/",
           "https://100.64.0.1/",
           "https://169.254.169.254/latest/meta-data/",
           "https://192.0.0.170/",
           "https://198.18.0.1/",
           "https://224.0.0.1/",
           "https://255.255.255.255/",
           "https://[::1]/",
           "https://[::]/",
           "https://[::ffff:127.0.0.1]/",
           "https://[::ffff:a9fe:a9fe]/",  // 169.254.169.254, mapped
           "https://[64:ff9b::a00:1]/",    // 10.0.0.1 through NAT64
           "https://[2002:a00:1::1]/",     // 10.0.0.1 through 6to4
           "https://[fd00:ec2::254]/",     // a cloud's metadata, IPv6
           "https://[fc00::1]/",
           "https://[fe80::1]/",
           "https://[ff02::1]/",
           "https://[2001:db8::1]/",
           "https://localhost/",
           "https://LOCALHOST:6379/",
           "https://redis.localhost/",
           "https://2130706433/",   // 127.0.0.1 as one number
           "https://0x7f.1/",       // and in hexadecimal parts
       }) {
    const absl::Status s = strict.CheckUrl(url);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << url;
  }
  EXPECT_THAT(strict.CheckUrl("https://169.254.169.254/").message(),
              HasSubstr("link-local"));
}

TEST(WebhookPolicyTest, UserinfoPlainHttpAndOtherSchemesAreRefused) {
  const WebhookPolicy strict;
  for (const char* url : {
           "http://hooks.example.com/x",            // plain http
           "https://user:pw@hooks.example.com/x",   // userinfo
           "https://127.0.0.1:1@hooks.example.com/",
           "http://127.0.0.1:1@10.0.0.1/hook",      // the prefix trick
           "ftp://hooks.example.com/",
           "gopher://127.0.0.1:6379/_INFO",
           "file:///etc/passwd",
           "not a url",
       }) {
    EXPECT_FALSE(strict.CheckUrl(url).ok()) << url;
  }
  EXPECT_THAT(strict.CheckUrl("https://a@hooks.example.com/").message(),
              HasSubstr("user@host"));
}

TEST(WebhookPolicyTest, PublicReceiversAreAccepted) {
  const WebhookPolicy strict;
  for (const char* url : {
           "https://hooks.example.com/ngoaivu",
           "https://hooks.example.com:8443/a?b=c",
           "https://93.184.216.34/hook",
           "https://[2606:4700:4700::1111]/hook",
           "https://[::ffff:93.184.216.34]/hook",
       }) {
    EXPECT_TRUE(strict.CheckUrl(url).ok()) << url << ": " << strict.CheckUrl(url);
  }
}

TEST(WebhookPolicyTest, AResolvedAddressIsCheckedWhateverTheName) {
  const WebhookPolicy strict;
  const absl::Status s =
      strict.CheckAddress(*ParseIpAddress("127.0.0.1"), "hooks.example.com");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(s.message(), HasSubstr("hooks.example.com is 127.0.0.1"));
  EXPECT_THAT(s.message(), HasSubstr("loopback"));
  EXPECT_FALSE(strict.CheckAddress(*ParseIpAddress("::ffff:10.1.2.3"), "x").ok());
  EXPECT_TRUE(strict.CheckAddress(*ParseIpAddress("93.184.216.34"), "x").ok());
  EXPECT_TRUE(strict.CheckAddress(*ParseIpAddress("2606:4700::1111"), "x").ok());
}

TEST(WebhookPolicyTest, TheOperatorAllowsInternalReceiversByRangeOrName) {
  auto policy = WebhookPolicy::Parse("10.1.0.0/16, hooks.internal, ::1", true);
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(policy->CheckUrl("https://10.1.2.3/hook").ok());
  EXPECT_FALSE(policy->CheckUrl("https://10.2.0.1/hook").ok());
  EXPECT_TRUE(policy->CheckUrl("https://hooks.internal/x").ok());
  EXPECT_TRUE(policy->CheckUrl("http://hooks.internal/x").ok());
  EXPECT_TRUE(policy->CheckUrl("http://[::1]:8080/x").ok());
  // Plain http only to those receivers.
  EXPECT_FALSE(policy->CheckUrl("http://hooks.example.com/x").ok());
  EXPECT_FALSE(policy->CheckUrl("http://127.0.0.1/x").ok());
  // An allowed name is the operator's to trust wherever it resolves.
  EXPECT_TRUE(
      policy->CheckAddress(*ParseIpAddress("10.9.9.9"), "hooks.internal").ok());
  EXPECT_FALSE(
      policy->CheckAddress(*ParseIpAddress("10.9.9.9"), "other.internal").ok());
  for (const char* bad : {"10.0.0.0/33", "::1/129", "a b", "x/8",
                          "10.0.0.0/8/8", "u@host"}) {
    EXPECT_FALSE(WebhookPolicy::Parse(bad, false).ok()) << bad;
  }
  // Without --webhook-allow-http, even an allowed receiver is https only.
  auto https_only = WebhookPolicy::Parse("hooks.internal", false);
  ASSERT_TRUE(https_only.ok());
  EXPECT_FALSE(https_only->CheckUrl("http://hooks.internal/x").ok());
}

}  // namespace
}  // namespace ngoaivu::notifications
