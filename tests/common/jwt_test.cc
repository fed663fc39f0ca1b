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

TEST(JwtTest, ARememberedTokenStillExpires) {
  ManualClock clock(absl::Now());
  JwtVerifier verifier(Settings(), &clock);
  TokenClaims claims = Claims();
  claims.expires = clock.Now() + absl::Seconds(10);
  const std::string token = *SignToken(claims, "HS256", kSecret);
  ASSERT_TRUE(verifier.Verify(token).ok());
  clock.Advance(absl::Seconds(35));  // within exp + 30 s of leeway
  EXPECT_TRUE(verifier.Verify(token).ok());
  clock.Advance(absl::Seconds(10));
  auto late = verifier.Verify(token);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(late.status().message()),
              ::testing::HasSubstr("expired"));
}

TEST(JwtTest, SkewIsToleratedOnlyWithinTheLeeway) {
  ManualClock clock(absl::Now());
  JwtVerifier verifier(Settings(), &clock);
  TokenClaims claims = Claims();
  claims.not_before = clock.Now() + absl::Seconds(20);  // issuer's clock ahead
  EXPECT_TRUE(verifier.Verify(*SignToken(claims, "HS256", kSecret)).ok());
  claims.not_before = clock.Now() + absl::Seconds(40);
  claims.subject = "other";  // a different token
  EXPECT_FALSE(verifier.Verify(*SignToken(claims, "HS256", kSecret)).ok());
}

TEST(JwtTest, ClaimsTheServiceNeedsAreRequired) {
  SystemClock clock;
  JwtVerifier verifier(Settings(), &clock);
  TokenClaims no_agency = Claims();
  no_agency.agency = "SNGV";  // not a resource name
  EXPECT_FALSE(verifier.Verify(*SignToken(no_agency, "HS256", kSecret)).ok());
  TokenClaims no_role = Claims();
  no_role.roles = {"superuser"};
  EXPECT_FALSE(verifier.Verify(*SignToken(no_role, "HS256", kSecret)).ok());
  TokenClaims no_subject = Claims();
  no_subject.subject = "";
  EXPECT_FALSE(verifier.Verify(*SignToken(no_subject, "HS256", kSecret)).ok());
}

}  // namespace
}  // namespace ngoaivu
