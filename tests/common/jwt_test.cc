// Token verification: the algorithm is pinned, every claim is checked, and
// each refusal says which check failed.
#include "common/jwt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"

namespace ngoaivu {
namespace {

constexpr char kSecret[] = "a-shared-secret-of-thirty-two-bytes!";

TokenClaims Claims() {
  TokenClaims c;
  c.subject = "nguyen.van.a";
  c.agency = "agencies/SNGV";
  c.roles = {"coordinator"};
  c.issuer = "ngoaivu-test";
  c.audience = "ngoaivu";
  c.issued_at = c.not_before = absl::Now() - absl::Seconds(5);
  c.expires = absl::Now() + absl::Hours(1);
  return c;
}

JwtSettings Settings() {
  JwtSettings s;
  s.algorithm = "HS256";
  s.key = kSecret;
  s.issuer = "ngoaivu-test";
  s.audience = "ngoaivu";
  s.leeway = absl::Seconds(30);
  return s;
}

TEST(JwtTest, RoundTrip) {
  SystemClock clock;
  JwtVerifier verifier(Settings(), &clock);
  auto token = SignToken(Claims(), "HS256", kSecret);
  ASSERT_TRUE(token.ok()) << token.status();
  auto principal = verifier.Verify(*token);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "nguyen.van.a");
  EXPECT_EQ(principal->agency, "agencies/SNGV");
  ASSERT_EQ(principal->roles.size(), 1u);
  EXPECT_EQ(principal->roles[0], Role::kCoordinator);
}

}  // namespace
}  // namespace ngoaivu
