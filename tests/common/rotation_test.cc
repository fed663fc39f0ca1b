// Keys and certificates rotated without a restart: token verification keys
// as a key set chosen by `kid` (several at once, so an identity provider
// can roll its key), replaced while serving, reloaded from their file when
// it changes; and the server's TLS certificate renewed in place.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/file_watcher.h"
#include "common/jwt.h"
#include "common/jwt_keys.h"
#include "common/outgoing_call.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/registry_harness.h"
#include "tests/support/test_pki.h"

namespace ngoaivu {
namespace {

using ::testing::HasSubstr;
using testing::TestPki;

TokenClaims Claims(const std::string& kid) {
  TokenClaims claims = testing::TestClaims("coordinator", "agencies/SNGV");
  claims.key_id = kid;
  return claims;
}

JwtSettings Settings(const std::string& algorithm, const std::string& key) {
  JwtSettings s;
  s.algorithm = algorithm;
  s.key = key;
  s.issuer = "ngoaivu-test";
  s.audience = "ngoaivu";
  return s;
}

std::string KeySet(const std::vector<std::string>& jwks) {
  std::string out = "{\"keys\": [";
  for (size_t i = 0; i < jwks.size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", jwks[i]);
  }
  return out + "]}";
}

std::string Token(const TestPki& pki, const std::string& key,
                  const std::string& kid,
                  const std::string& algorithm = "RS256") {
  return *SignToken(Claims(kid), algorithm, pki.Read(key));
}

TEST(RotationTest, AKeySetChoosesTheKeyByKid) {
  TestPki pki;
  const std::string set = KeySet({*JwkFromPem(pki.Read("rsa.pub"), "2026-11"),
                                  *JwkFromPem(pki.Read("rsa2.pub"), "2026-12"),
                                  // Another type: skipped for RS256.
                                  *JwkFromPem(pki.Read("ec.pub"), "ec")});
  SystemClock clock;
  JwtVerifier verifier(Settings("RS256", set), &clock);
  EXPECT_TRUE(verifier.Verify(Token(pki, "rsa.key", "2026-11")).ok());
  EXPECT_TRUE(verifier.Verify(Token(pki, "rsa2.key", "2026-12")).ok());
  // The kid names the key the signature must match.
  EXPECT_THAT(
      verifier.Verify(Token(pki, "rsa.key", "2026-12")).status().message(),
      HasSubstr("bad signature"));
  EXPECT_THAT(
      verifier.Verify(Token(pki, "rsa.key", "2027-01")).status().message(),
      HasSubstr("unknown key id"));
  EXPECT_THAT(verifier.Verify(Token(pki, "rsa.key", "")).status().message(),
              HasSubstr("no key id"));
  EXPECT_THAT(
      verifier.Verify(Token(pki, "ec.key", "ec", "ES256")).status().message(),
      HasSubstr("algorithm must be RS256"));
}

TEST(RotationTest, EcAndSecretKeySetsVerifyToo) {
  TestPki pki;
  SystemClock clock;
  JwtVerifier ec(
      Settings("ES256", KeySet({*JwkFromPem(pki.Read("ec.pub"), "ec-1")})),
      &clock);
  EXPECT_TRUE(ec.Verify(Token(pki, "ec.key", "ec-1", "ES256")).ok());
  // With one key in the set, a token may leave the kid out.
  EXPECT_TRUE(ec.Verify(Token(pki, "ec.key", "", "ES256")).ok());
  const std::string secret = "a-shared-secret-of-thirty-two-bytes!";
  JwtVerifier hs(
      Settings("HS256", R"({"keys": [{"kty": "oct", "kid": "s1", "k": ")" +
                            absl::WebSafeBase64Escape(secret) + R"("}]})"),
      &clock);
  EXPECT_TRUE(hs.Verify(*SignToken(Claims("s1"), "HS256", secret)).ok());
  // Malformed sets are refused whole, saying why.
  EXPECT_FALSE(ParseVerificationKeys(R"({"keys": 3})", "RS256").ok());
  EXPECT_THAT(
      std::string(
          ParseVerificationKeys(
              KeySet({R"({"kty": "RSA", "n": "AQAB", "e": "AQAB"})"}), "RS256")
              .status()
              .message()),
      HasSubstr("kid"));
  EXPECT_FALSE(
      ParseVerificationKeys(
          KeySet(
              {R"({"kty": "EC", "kid": "x", "crv": "P-256", "x": "AA", "y": "AA"})"}),
          "ES256")
          .ok());
  EXPECT_FALSE(ParseVerificationKeys(R"({"keys": []})", "RS256").ok());
}

TEST(RotationTest, ReplacedKeysApplyAtOnceEvenToRememberedTokens) {
  TestPki pki;
  SystemClock clock;
  JwtVerifier verifier(
      Settings("RS256", KeySet({*JwkFromPem(pki.Read("rsa.pub"), "old")})),
      &clock);
  const std::string old_token = Token(pki, "rsa.key", "old");
  ASSERT_TRUE(verifier.Verify(old_token).ok());  // now remembered
  verifier.SetKeys(*ParseVerificationKeys(
      KeySet({*JwkFromPem(pki.Read("rsa2.pub"), "new")}), "RS256"));
  EXPECT_THAT(verifier.Verify(old_token).status().message(),
              HasSubstr("unknown key id"));
  EXPECT_TRUE(verifier.Verify(Token(pki, "rsa2.key", "new")).ok());
}

TEST(RotationTest, AChangedFileIsReadAgain) {
  char pattern[] = "/tmp/ngoaivu-watch-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  const std::string path = dir + "/keys.json";
  std::ofstream(path) << "first";
  std::mutex mutex;
  std::vector<std::string> seen;
  {
    FileWatcher watcher(path, absl::Milliseconds(50),
                        [&](const std::string& content) {
                          std::lock_guard<std::mutex> lock(mutex);
                          seen.push_back(content);
                        });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // Replaced the way a Kubernetes Secret volume does: a new file renamed
    // over the old one.
    std::ofstream(dir + "/next") << "second, longer";
    std::filesystem::rename(dir + "/next", path);
    for (int i = 0; i < 100; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::lock_guard<std::mutex> lock(mutex);
      if (!seen.empty()) break;
    }
  }
  EXPECT_EQ(seen, std::vector<std::string>{"second, longer"});
  std::filesystem::remove_all(dir);
}

// A TLS channel to the harness trusting `ca` only; a fresh connection.
bool HandshakeTrusting(const TestPki& pki, int port, const std::string& ca) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = pki.Read(ca);
  grpc::ChannelArguments arguments;
  arguments.SetInt("ngoaivu.fresh", std::rand());  // no shared subchannel
  auto channel =
      grpc::CreateCustomChannel("localhost:" + std::to_string(port),
                                grpc::SslCredentials(options), arguments);
  return channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(2));
}

TEST(RotationTest, TheServerCertificateIsRenewedInPlace) {
  TestPki pki;
  const std::string dir = pki.Path("served");
  std::filesystem::create_directory(dir);
  std::filesystem::copy_file(pki.Path("server.pem"), dir + "/tls.crt");
  std::filesystem::copy_file(pki.Path("server.key"), dir + "/tls.key");
  testing::HarnessOptions options;
  options.plaintext_channel = false;
  options.configure = [&](ServerSettings* s) {
    s->tls_cert_file = dir + "/tls.crt";
    s->tls_key_file = dir + "/tls.key";
    s->reload_interval_seconds = 1;
  };
  testing::RegistryHarness h(options);
  EXPECT_TRUE(HandshakeTrusting(pki, h.port(), "ca.pem"));
  EXPECT_FALSE(HandshakeTrusting(pki, h.port(), "other-ca.pem"));
  // Renewed by another authority, key first then certificate.
  std::filesystem::copy_file(pki.Path("server2.key"), dir + "/tls.key",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(pki.Path("server2.pem"), dir + "/tls.crt",
                             std::filesystem::copy_options::overwrite_existing);
  bool renewed = false;
  for (int i = 0; i < 30 && !renewed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    renewed = HandshakeTrusting(pki, h.port(), "other-ca.pem");
  }
  EXPECT_TRUE(renewed);
  EXPECT_FALSE(HandshakeTrusting(pki, h.port(), "ca.pem"));
}

TEST(RotationTest, AClientCertificateRenewedInPlaceIsUsedForTheNextHandshake) {
  TestPki pki;
  testing::HarnessOptions options;
  options.plaintext_channel = false;
  options.configure = [&](ServerSettings* s) {
    s->tls_cert_file = pki.Path("server.pem");
    s->tls_key_file = pki.Path("server.key");
    s->tls_client_ca_file = pki.Path("ca.pem");
    s->tls_client_auth = "require";
  };
  testing::RegistryHarness h(options);
  // The calling service's certificate files, first from an authority the
  // registry does not trust.
  const std::string dir = pki.Path("client-files");
  std::filesystem::create_directory(dir);
  std::filesystem::copy_file(pki.Path("stranger.pem"), dir + "/tls.crt");
  std::filesystem::copy_file(pki.Path("stranger.key"), dir + "/tls.key");
  auto credentials = ClientCredentials(
      {pki.Path("ca.pem"), dir + "/tls.crt", dir + "/tls.key"}, "--registry",
      /*reload_seconds=*/1);
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 300);
  auto channel = grpc::CreateCustomChannel(
      "localhost:" + std::to_string(h.port()), *credentials, arguments);
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto check = [&] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(500));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    return health->Check(&context, request, &response).ok();
  };
  EXPECT_FALSE(check());
  // Renewed in place by the province's authority: the same channel gets in.
  std::filesystem::copy_file(pki.Path("client.key"), dir + "/tls.key",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(pki.Path("client.pem"), dir + "/tls.crt",
                             std::filesystem::copy_options::overwrite_existing);
  bool renewed = false;
  for (int i = 0; i < 40 && !renewed; ++i) {
    renewed = check();
    if (!renewed) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(renewed);
}

}  // namespace
}  // namespace ngoaivu
