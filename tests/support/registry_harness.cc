#include "tests/support/registry_harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "absl/time/clock.h"
#include "common/auth_setup.h"
#include "common/page_token.h"
#include "common/settings.h"
#include "common/stored_events.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/registry/registry_access.h"

namespace ngoaivu::testing {

namespace {
std::string& DefaultToken() {
  static std::string* token = new std::string();
  return *token;
}
}  // namespace

JwtSettings TestJwtSettings() {
  JwtSettings jwt;
  jwt.algorithm = "HS256";
  jwt.key = kTestJwtSecret;
  jwt.issuer = "ngoaivu-test";
  jwt.audience = "ngoaivu";
  return jwt;
}

TokenClaims TestClaims(const std::string& role, const std::string& agency) {
  TokenClaims claims;
  claims.subject = role + "@" + agency;
  claims.agency = agency;
  claims.roles = {role};
  claims.issuer = "ngoaivu-test";
  claims.audience = "ngoaivu";
  claims.issued_at = claims.not_before = absl::Now() - absl::Seconds(1);
  claims.expires = absl::Now() + absl::Hours(1);
  return claims;
}

std::string TestToken(const std::string& role, const std::string& agency) {
  return *SignToken(TestClaims(role, agency), "HS256", kTestJwtSecret);
}

void SetDefaultToken(std::string token) { DefaultToken() = std::move(token); }

RegistryHarness::RegistryHarness(HarnessOptions harness_options)
    : access_(registry::RegistryAccessPolicy()) {
  ServerSettings settings;
  settings.listen = "127.0.0.1:0";
  settings.redis_url = redis_server_.url();
  settings.health_interval_ms = 100;
  settings.redis_timeout_ms = 1000;
  settings.shutdown_grace_seconds = 1;
  if (harness_options.configure) harness_options.configure(&settings);
  const JwtSettings defaults = TestJwtSettings();
  JwtSettings jwt = harness_options.jwt;
  if (jwt.key.empty()) {
    jwt.algorithm = defaults.algorithm;
    jwt.key = defaults.key;
  }
  if (jwt.issuer.empty()) jwt.issuer = defaults.issuer;
  if (jwt.audience.empty()) jwt.audience = defaults.audience;
  verifier_ = std::make_unique<JwtVerifier>(jwt, &clock_);
  guard_ = std::make_unique<CallGuard>(verifier_.get(), &access_,
                                       GuardSettingsFrom(settings).value());
  SetDefaultToken(TestToken("admin"));
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(settings.redis_url);
  options.size = 16;
  options.command_timeout = absl::Milliseconds(settings.redis_timeout_ms);
  redis_ = std::make_unique<RedisPool>(options);
  functions_ = std::make_unique<RedisFunctions>(redis_.get(), "registry");
  if (!functions_->Load(absl::Now() + absl::Seconds(5)).ok()) std::abort();
  cache_ = std::make_unique<TrackedCache>(TrackedCache::Options{
      options.endpoint, registry::CachePrefixes(), 10000});
  cache_->Start();
  store_ = std::make_unique<registry::RedisRegistryStore>(
      redis_.get(), functions_.get(), settings.events_max_length, cache_.get());
  registry_ = std::make_unique<registry::Registry>(
      store_.get(),
      harness_options.clock != nullptr ? harness_options.clock : &clock_,
      PageTokens(settings.page_token_key), absl::Hours(24));
  // As registry-server: agency reads answered from memory while current.
  answers_ = std::make_unique<ResponseCache>(cache_.get());
  service_ = std::make_unique<registry::RegistryServiceImpl>(
      registry_.get(), guard_.get(), answers_.get());
  host_ = std::make_unique<ServiceHost>(settings, redis_.get());
  host_->Register(service_.get(), "ngoaivu.registry.v1.RegistryService");
  host_->OnRedisHealth([this](bool up) { cache_->SetRedisReachable(up); });
  for (grpc::Service* s : harness_options.extra_services) {
    host_->Register(s, "");
  }
  if (!host_->Start().ok()) std::abort();
  // Health answers on the main port, or on the plaintext health port when
  // the main port speaks TLS.
  const int plaintext_port =
      harness_options.plaintext_channel ? host_->port() : host_->health_port();
  channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(plaintext_port),
                                 grpc::InsecureChannelCredentials());
  stub_ = registry::v1::RegistryService::NewStub(channel_);
  health_ = grpc::health::v1::Health::NewStub(channel_);
  // Serving once the first health probe reached Redis.
  for (int i = 0; i < 100 && (HealthOf("") != "SERVING" || !cache_->live());
       ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
}

RegistryHarness::~RegistryHarness() {
  StopServing();
  cache_->Stop();
}

void RegistryHarness::StopServing() {
  if (stopped_) return;
  stopped_ = true;
  host_->Shutdown();
}

grpc::Status CreateDepartment(
    registry::v1::RegistryService::StubInterface& stub, const std::string& code,
    absl::Duration deadline, bool wait_for_ready) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  context.set_wait_for_ready(wait_for_ready);
  context.AddMetadata("authorization", "Bearer " + TestToken("admin"));
  registry::v1::CreateAgencyRequest request;
  request.set_agency_id(code);
  request.mutable_agency()->set_display_name("Cơ quan " + code);
  request.mutable_agency()->set_kind(registry::v1::Agency::DEPARTMENT);
  request.set_request_id("create-" + code);
  registry::v1::Agency out;
  return stub.CreateAgency(&context, request, &out);
}

std::vector<events::v1::Event> StreamEvents(RedisPool& redis,
                                            const std::string& stream) {
  std::vector<events::v1::Event> out;
  auto reply = redis.Command({"XRANGE", stream, "-", "+"});
  if (!reply.ok()) return out;
  const redisReply* r = reply->get();
  for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i) {
    events::v1::Event e;
    if (e.ParseFromString(EventBytesOfStreamEntry(r->element[i]->element[1])))
      out.push_back(std::move(e));
  }
  return out;
}

std::vector<events::v1::Event> RegistryHarness::Events() {
  return StreamEvents(*redis_, registry::kEventStream);
}

std::string RegistryHarness::Digest() {
  auto reply = redis_->Command({"DEBUG", "DIGEST"});
  if (!reply.ok()) return "unavailable";
  return std::string(ReplyString(reply->get()));
}

std::string RegistryHarness::HealthOf(const std::string& service) {
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  auto context = Context(1);
  grpc::Status status = health_->Check(context.get(), request, &response);
  if (!status.ok()) return "error " + std::to_string(status.error_code());
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
}

std::unique_ptr<grpc::ClientContext> Context(double seconds) {
  return Context(seconds, DefaultToken());
}

std::unique_ptr<grpc::ClientContext> Context(double seconds,
                                             const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
  return context;
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&bad_request)) {
      for (const auto& v : bad_request.field_violations()) {
        fields.push_back(v.field());
      }
    }
  }
  return fields;
}

void ExpectRejected(const std::function<std::string()>& digest,
                    const std::string& field,
                    const std::function<grpc::Status()>& call) {
  const std::string before = digest();
  grpc::Status status = call();
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT)
      << field << ": " << status.error_message();
  const std::vector<std::string> fields = ViolatedFields(status);
  EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end())
      << field << " not among the violations: " << status.error_message();
  EXPECT_EQ(digest(), before) << field << ": a rejected call changed Redis";
}

}  // namespace ngoaivu::testing
