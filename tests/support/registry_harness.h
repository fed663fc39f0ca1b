// A registry-server wired as main.cc wires it, on a real Redis and a real
// loopback port, for tests and benchmarks.
#ifndef NGOAIVU_TESTS_SUPPORT_REGISTRY_HARNESS_H_
#define NGOAIVU_TESTS_SUPPORT_REGISTRY_HARNESS_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/access_policy.h"
#include "common/call_guard.h"
#include "common/clock.h"
#include "common/jwt.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/response_cache.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/tracked_cache.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "ngoaivu/events/v1/event.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "services/registry/redis_registry_store.h"
#include "services/registry/registry.h"
#include "services/registry/registry_service.h"
#include "tests/support/redis_server.h"

namespace ngoaivu::testing {

// The HS256 secret harness tokens are signed with.
inline constexpr char kTestJwtSecret[] =
    "test-secret-of-at-least-32-bytes-long!!";

struct HarnessOptions {
  // Served beside the registry, the same way.
  std::vector<grpc::Service*> extra_services;
  // Changes to the server settings (TLS, system methods...).
  std::function<void(ServerSettings*)> configure;
  // How tokens are verified (default: HS256 with kTestJwtSecret).
  JwtSettings jwt;
  // Whether the channel of stub() is plaintext (false: the test brings its
  // own channel, e.g. with TLS).
  bool plaintext_channel = true;
  // The registry's clock for what it records (event times, create times);
  // tokens are always checked against the real time. Null: the real time.
  const Clock* clock = nullptr;
};

class RegistryHarness {
 public:
  explicit RegistryHarness(HarnessOptions options = {});
  ~RegistryHarness();

  registry::v1::RegistryService::Stub& stub() { return *stub_; }
  grpc::health::v1::Health::Stub& health() { return *health_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  RedisServer& redis_server() { return redis_server_; }
  RedisPool& redis() { return *redis_; }
  int port() const { return host_->port(); }
  // Stops the registry's gRPC server (its Redis stays up): the registry is
  // down for whoever calls it.
  void StopServing();

  // Every event in the registry's stream, oldest first.
  std::vector<events::v1::Event> Events();
  // A digest of the whole Redis dataset: equal digests, nothing changed.
  std::string Digest();
  // The health status of `service` ("" for the whole server).
  std::string HealthOf(const std::string& service);

 private:
  RedisServer redis_server_;
  std::unique_ptr<RedisPool> redis_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<TrackedCache> cache_;
  SystemClock clock_;
  AccessPolicy access_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::unique_ptr<CallGuard> guard_;
  std::unique_ptr<registry::RedisRegistryStore> store_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<ResponseCache> answers_;
  std::unique_ptr<registry::RegistryServiceImpl> service_;
  std::unique_ptr<ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<registry::v1::RegistryService::Stub> stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  bool stopped_ = false;
};

// How every harness verifies tokens: HS256 with kTestJwtSecret, issuer
// "ngoaivu-test", audience "ngoaivu" (what TestToken signs).
JwtSettings TestJwtSettings();

// The claims of TestToken: `role` at `agency`, issuer "ngoaivu-test",
// audience "ngoaivu", valid for an hour from now.
TokenClaims TestClaims(const std::string& role,
                       const std::string& agency = "agencies/UBND");

// A token of `role` at `agency`, signed with kTestJwtSecret, valid for an
// hour from now.
std::string TestToken(const std::string& role,
                      const std::string& agency = "agencies/UBND");

// CreateAgency of the department `code` ("Cơ quan <code>", request id
// "create-<code>") as an admin, through `stub` (often a registry-server
// process the test started), within `deadline`.
grpc::Status CreateDepartment(
    registry::v1::RegistryService::StubInterface& stub, const std::string& code,
    absl::Duration deadline = absl::Seconds(2), bool wait_for_ready = false);

// The token Context() sends; every harness starts with an admin's.
void SetDefaultToken(std::string token);

// Every event in `stream`, oldest first.
std::vector<events::v1::Event> StreamEvents(RedisPool& redis,
                                            const std::string& stream);

// A ClientContext with a deadline `seconds` from now, carrying the default
// token (or `token` when given; "" sends none).
std::unique_ptr<grpc::ClientContext> Context(double seconds = 5);
std::unique_ptr<grpc::ClientContext> Context(double seconds,
                                             const std::string& token);

// The google.rpc.BadRequest field names of a failed call.
std::vector<std::string> ViolatedFields(const grpc::Status& status);

// Runs `call` and expects INVALID_ARGUMENT naming `field`, with `digest()`
// (of the whole Redis dataset) the same before and after.
void ExpectRejected(const std::function<std::string()>& digest,
                    const std::string& field,
                    const std::function<grpc::Status()>& call);

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_REGISTRY_HARNESS_H_
