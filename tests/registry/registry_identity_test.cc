// Who is calling: token attacks refused with nothing changed, mutual TLS
// identities reaching the audit trail, and the history of a resource.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/jwt.h"
#include "common/outgoing_call.h"
#include "common/registry_client/registry_directory.h"
#include "ngoaivu/bench/v1/noop.grpc.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tests/support/registry_harness.h"
#include "tests/support/test_pki.h"

namespace ngoaivu::registry {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::HarnessOptions;
using ::ngoaivu::testing::kTestJwtSecret;
using ::ngoaivu::testing::RegistryHarness;
using ::ngoaivu::testing::TestPki;
using ::ngoaivu::testing::TestToken;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TokenClaims GoodClaims() {
  TokenClaims c;
  c.subject = "admin";
  c.agency = "agencies/UBND";
  c.roles = {"admin"};
  c.issuer = "ngoaivu-test";
  c.audience = "ngoaivu";
  c.issued_at = c.not_before = absl::Now() - absl::Seconds(5);
  c.expires = absl::Now() + absl::Hours(1);
  return c;
}

std::string B64(const std::string& s) {
  std::string out;
  absl::WebSafeBase64Escape(s, &out);
  return out;
}

grpc::Status CreateWith(RegistryHarness& h, const std::string& token,
                        const std::string& code = "SNGV") {
  v1::CreateAgencyRequest r;
  r.set_agency_id(code);
  r.mutable_agency()->set_display_name("Sở Ngoại vụ");
  r.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
  r.set_request_id("create-" + code);
  v1::Agency out;
  return h.stub().CreateAgency(Context(5, token).get(), r, &out);
}

struct Attack {
  std::string name;
  std::string token;
  std::string reason;  // what the refusal must say
};

TEST(RegistryIdentityTest, TokenAttacksAreRefusedAndChangeNothing) {
  TestPki pki;
  RegistryHarness h;
  const std::string digest = h.Digest();
  auto sign = [](TokenClaims c) {
    return *SignToken(c, "HS256", kTestJwtSecret);
  };
  TokenClaims expired = GoodClaims();
  expired.expires = absl::Now() - absl::Minutes(5);
  TokenClaims early = GoodClaims();
  early.not_before = absl::Now() + absl::Minutes(5);
  TokenClaims issuer = GoodClaims();
  issuer.issuer = "someone-else";
  TokenClaims audience = GoodClaims();
  audience.audience = "another-service";
  const std::string good = sign(GoodClaims());
  std::vector<std::string> parts = absl::StrSplit(good, '.');
  const std::string none =
      B64(R"({"alg":"none","typ":"JWT"})") + "." + parts[1] + ".";
  // HS/RS swap: an RS256-looking service key used as an HMAC secret.
  const std::string swapped =
      *SignToken(GoodClaims(), "HS256", pki.Read("rsa.pub"));
  const std::string rs256 =
      *SignToken(GoodClaims(), "RS256", pki.Read("rsa.key"));
  const std::vector<Attack> attacks = {
      {"missing", "", "missing"},
      {"malformed", "not-a-jwt", "malformed"},
      {"bad signature",
       parts[0] + "." + parts[1] + "." + B64("forged-signature"),
       "bad signature"},
      {"other secret",
       *SignToken(GoodClaims(), "HS256",
                  "another-secret-of-32-bytes-or-more!!"),
       "bad signature"},
      {"expired", sign(expired), "expired"},
      {"not yet valid", sign(early), "not yet valid"},
      {"wrong issuer", sign(issuer), "wrong issuer"},
      {"wrong audience", sign(audience), "wrong audience"},
      {"alg none", none, "algorithm must be HS256"},
      {"RS256 for an HS256 service", rs256, "algorithm must be HS256"},
      {"HS256 keyed with a public key", swapped, "bad signature"},
  };
  for (const Attack& a : attacks) {
    grpc::Status status = CreateWith(h, a.token);
    EXPECT_EQ(status.error_code(), grpc::UNAUTHENTICATED) << a.name;
    EXPECT_THAT(status.error_message(), HasSubstr(a.reason)) << a.name;
    if (!a.token.empty()) {
      EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr(a.token)))
          << a.name << ": the token was echoed";
    }
  }
  // A valid token for another agency's officer: authenticated, not allowed.
  EXPECT_EQ(CreateWith(h, TestToken("officer", "agencies/SCT")).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(h.Digest(), digest);
}

TEST(RegistryIdentityTest, AnRs256ServiceRefusesTheHs256Swap) {
  TestPki pki;
  HarnessOptions options;
  options.jwt.algorithm = "RS256";
  options.jwt.key = pki.Read("rsa.pub");
  RegistryHarness h(options);
  // Signed as HS256 with the public key as the secret: the classic swap.
  const std::string swapped =
      *SignToken(GoodClaims(), "HS256", pki.Read("rsa.pub"));
  grpc::Status status = CreateWith(h, swapped);
  EXPECT_EQ(status.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("algorithm must be RS256"));
  EXPECT_TRUE(
      CreateWith(h, *SignToken(GoodClaims(), "RS256", pki.Read("rsa.key")))
          .ok());
}

TEST(RegistryIdentityTest, Es256TokensVerifyWithThePublicKey) {
  TestPki pki;
  HarnessOptions options;
  options.jwt.algorithm = "ES256";
  options.jwt.key = pki.Read("ec.pub");
  RegistryHarness h(options);
  EXPECT_TRUE(
      CreateWith(h, *SignToken(GoodClaims(), "ES256", pki.Read("ec.key")))
          .ok());
  EXPECT_EQ(CreateWith(h, TestToken("admin"), "SCT").error_code(),
            grpc::UNAUTHENTICATED);
}

std::shared_ptr<grpc::Channel> TlsChannel(const TestPki& pki, int port,
                                          const std::string& client) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = pki.Read("ca.pem");
  if (!client.empty()) {
    options.pem_cert_chain = pki.Read(client + ".pem");
    options.pem_private_key = pki.Read(client + ".key");
  }
  return grpc::CreateChannel("localhost:" + std::to_string(port),
                             grpc::SslCredentials(options));
}

TEST(RegistryIdentityTest, MutualTlsIdentifiesTheCallingSystem) {
  TestPki pki;
  HarnessOptions options;
  options.plaintext_channel = false;
  options.configure = [&](ServerSettings* s) {
    s->tls_cert_file = pki.Path("server.pem");
    s->tls_key_file = pki.Path("server.key");
    s->tls_client_ca_file = pki.Path("ca.pem");
    s->tls_client_auth = "require";
    s->health_listen = "127.0.0.1:0";
    s->system_methods =
        "spiffe://ngoaivu/tasks=CreateAgency,GetAgency,ListHistory";
  };
  RegistryHarness h(options);
  // Probes reach health over plaintext on the health port.
  EXPECT_EQ(h.HealthOf(""), "SERVING");

  v1::CreateAgencyRequest create;
  create.set_agency_id("SNGV");
  create.mutable_agency()->set_display_name("Sở Ngoại vụ");
  create.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
  create.set_request_id("mtls-create");
  v1::Agency out;
  // Without a client certificate, or with one from another CA: no session.
  for (const std::string client : {"", "stranger"}) {
    auto stub = v1::RegistryService::NewStub(TlsChannel(pki, h.port(), client));
    grpc::Status status = stub->CreateAgency(Context(3).get(), create, &out);
    EXPECT_EQ(status.error_code(), grpc::UNAVAILABLE)
        << (client.empty() ? "no certificate" : client) << ": "
        << status.error_message();
  }
  // Plaintext to the TLS port fails too.
  auto plain = v1::RegistryService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(h.port()),
                          grpc::InsecureChannelCredentials()));
  EXPECT_FALSE(plain->CreateAgency(Context(3).get(), create, &out).ok());

  auto stub = v1::RegistryService::NewStub(TlsChannel(pki, h.port(), "client"));
  grpc::Status status = stub->CreateAgency(Context(5).get(), create, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto events = h.Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor().calling_system(), "spiffe://ngoaivu/tasks");
  EXPECT_EQ(events[0].actor().subject(), "admin@agencies/UBND");
  EXPECT_EQ(events[0].actor().role(), "admin");
  // The identity is limited to its methods, whatever its token allows.
  v1::DissolveAgencyRequest dissolve;
  dissolve.set_name("agencies/SNGV");
  dissolve.set_reason("x");
  dissolve.set_request_id("mtls-dissolve");
  status = stub->DissolveAgency(Context(5).get(), dissolve, &out);
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("spiffe://ngoaivu/tasks"));

  // The tasks service's own channel to the registry, built from its
  // --registry-ca/cert/key-file settings, is that identity.
  auto credentials = ClientCredentials(
      {pki.Path("ca.pem"), pki.Path("client.pem"), pki.Path("client.key")},
      "--registry");
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  RegistryDirectory directory(
      grpc::CreateChannel("localhost:" + std::to_string(h.port()),
                          *credentials),
      TestToken("system", "agencies/SNGV"));
  auto found =
      directory.FindAgency("agencies/SNGV", absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->display_name(), "Sở Ngoại vụ");
  // A certificate without its key, or a file that is not there, is refused
  // at start.
  EXPECT_FALSE(
      ClientCredentials({pki.Path("ca.pem"), pki.Path("client.pem"), ""},
                        "--registry")
          .ok());
  EXPECT_FALSE(
      ClientCredentials({pki.Path("missing.pem"), "", ""}, "--registry").ok());
}

TEST(RegistryIdentityTest, HistoryShowsEachChangeWithItsActorInOrder) {
  RegistryHarness h;
  for (const char* code : {"SKHDT", "STC"}) {
    ASSERT_TRUE(CreateWith(h, TestToken("admin", "agencies/UBND"), code).ok());
  }
  // The agency's own officer updates it; an administrator merges it.
  v1::UpdateAgencyRequest update;
  update.mutable_agency()->set_name("agencies/SKHDT");
  update.mutable_agency()->mutable_contact()->set_phone("0276 3822 111");
  update.mutable_update_mask()->add_paths("contact.phone");
  update.set_request_id("officer-update");
  v1::Agency out;
  auto officer = Context(5, TestToken("officer", "agencies/SKHDT"));
  officer->AddMetadata(
      "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  ASSERT_TRUE(h.stub().UpdateAgency(officer.get(), update, &out).ok());
  v1::MergeAgencyRequest merge;
  merge.set_name("agencies/SKHDT");
  merge.set_successor("agencies/STC");
  merge.set_reason("Quyết định sáp nhập");
  merge.set_request_id("admin-merge");
  ASSERT_TRUE(
      h.stub()
          .MergeAgency(Context(5, TestToken("admin", "agencies/UBND")).get(),
                       merge, &out)
          .ok());

  events::v1::ListHistoryRequest request;
  request.set_name("agencies/SKHDT");
  request.set_page_size(2);
  std::vector<events::v1::Event> history;
  do {
    events::v1::ListHistoryResponse page;
    ASSERT_TRUE(h.stub().ListHistory(Context().get(), request, &page).ok());
    history.insert(history.end(), page.events().begin(), page.events().end());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].type(), "ngoaivu.registry.v1.agency.created");
  EXPECT_EQ(history[0].actor().role(), "admin");
  EXPECT_EQ(history[1].type(), "ngoaivu.registry.v1.agency.updated");
  EXPECT_EQ(history[1].actor().subject(), "officer@agencies/SKHDT");
  EXPECT_EQ(history[1].actor().agency(), "agencies/SKHDT");
  EXPECT_EQ(history[1].actor().role(), "officer");
  EXPECT_EQ(history[1].request_id(), "officer-update");
  EXPECT_EQ(history[1].traceparent(),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  EXPECT_EQ(history[2].type(), "ngoaivu.registry.v1.agency.merged");
  EXPECT_EQ(history[2].actor().subject(), "admin@agencies/UBND");

  // Officers read their own agency's history only; others' are refused.
  request.set_page_token("");
  events::v1::ListHistoryResponse page;
  EXPECT_TRUE(
      h.stub()
          .ListHistory(Context(5, TestToken("officer", "agencies/SKHDT")).get(),
                       request, &page)
          .ok());
  request.set_name("agencies/STC");
  EXPECT_EQ(
      h.stub()
          .ListHistory(Context(5, TestToken("officer", "agencies/SKHDT")).get(),
                       request, &page)
          .error_code(),
      grpc::PERMISSION_DENIED);
  request.set_name("agencies/NEVER");
  EXPECT_EQ(h.stub().ListHistory(Context().get(), request, &page).error_code(),
            grpc::NOT_FOUND);
}

}  // namespace
}  // namespace ngoaivu::registry

namespace ngoaivu::registry {
namespace {

// A service that, while serving Noop, calls the registry as itself.
class RelayService final : public bench::v1::NoopService::Service {
 public:
  RelayService(std::string token) : token_(std::move(token)) {}
  void Connect(std::shared_ptr<grpc::Channel> registry) {
    registry_ = v1::RegistryService::NewStub(registry);
  }
  grpc::Status Noop(grpc::ServerContext* serving,
                    const bench::v1::NoopRequest* request,
                    bench::v1::NoopResponse*) override {
    if (request->name() == "slow") absl::SleepFor(absl::Milliseconds(300));
    auto call = OutgoingCall(*serving, token_);
    const auto drift = call->deadline() - serving->deadline();
    if (drift > std::chrono::milliseconds(1) ||
        drift < -std::chrono::milliseconds(1)) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "deadline not passed on");
    }
    v1::CreateOfficialRequest create;
    create.set_parent("agencies/SNGV");
    create.set_official_id("relayed");
    create.mutable_official()->set_full_name(request->name());
    create.mutable_official()->set_position("Chuyên viên");
    create.set_request_id("relayed");
    v1::Official out;
    grpc::Status status = registry_->CreateOfficial(call.get(), create, &out);
    last_code_ = status.error_code();
    return status;
  }
  grpc::StatusCode last_code() const { return last_code_; }

 private:
  std::string token_;
  std::unique_ptr<v1::RegistryService::Stub> registry_;
  std::atomic<grpc::StatusCode> last_code_{grpc::StatusCode::OK};
};

TEST(RegistryIdentityTest,
     ServiceCallsCarryTheirOwnIdentityAndTheCallersDeadline) {
  RelayService relay(TestToken("coordinator", "agencies/SNGV"));
  HarnessOptions options;
  options.extra_services = {&relay};
  RegistryHarness h(options);
  ASSERT_TRUE(CreateWith(h, TestToken("admin")).ok());
  relay.Connect(h.channel());

  auto noop = bench::v1::NoopService::NewStub(h.channel());
  bench::v1::NoopRequest request;
  request.set_name("Lê Thị C");
  bench::v1::NoopResponse response;
  auto context =
      Context(3, "");  // the end user's call; its own auth is not relayed
  context->AddMetadata(
      "traceparent", "00-11111111111111111111111111111111-2222222222222222-01");
  grpc::Status status = noop->Noop(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto events = h.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type(), "ngoaivu.registry.v1.official.created");
  EXPECT_EQ(events[1].actor().subject(), "coordinator@agencies/SNGV");
  EXPECT_EQ(events[1].traceparent(),
            "00-11111111111111111111111111111111-2222222222222222-01");

  // A caller whose deadline passes while the relay works: the relayed call
  // is not made past it, and nothing is written.
  request.set_name("slow");
  auto hurried = Context(0.1, "");
  EXPECT_EQ(noop->Noop(hurried.get(), request, &response).error_code(),
            grpc::DEADLINE_EXCEEDED);
  absl::SleepFor(absl::Milliseconds(400));
  EXPECT_TRUE(relay.last_code() == grpc::DEADLINE_EXCEEDED ||
              relay.last_code() == grpc::CANCELLED)
      << relay.last_code();
  EXPECT_EQ(h.Events().size(), 2u);
}

}  // namespace
}  // namespace ngoaivu::registry
