// What every service's main() builds from its settings: Redis (pool and
// Functions), the clock, the token verifier and call guard for its access
// table, and the server host. main() adds its own store and service, then
// serves until SIGTERM/SIGINT.
#ifndef NGOAIVU_COMMON_SERVICE_RUNTIME_H_
#define NGOAIVU_COMMON_SERVICE_RUNTIME_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/access_policy.h"
#include "common/call_guard.h"
#include "common/clock.h"
#include "common/file_watcher.h"
#include "common/jwt.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/server.h"
#include "common/settings.h"

namespace ngoaivu {

// What a service is, as its main() declares it.
struct ServiceDefinition {
  std::string name;            // "tasks": logs, Redis keys, events
  std::string grpc_service;    // "ngoaivu.tasks.v1.TasksService"
  std::string default_listen;  // "0.0.0.0:50052"
  AccessPolicy access;
};

class ServiceRuntime {
 public:
  // Validates `settings` (reading key files) and builds everything; logs
  // as the service. `service` must outlive the runtime.
  static absl::StatusOr<std::unique_ptr<ServiceRuntime>> Create(
      const ServiceDefinition& service, const ServerSettings& settings);

  const ServerSettings& settings() const { return settings_; }
  RedisPool& redis() { return *redis_; }
  RedisFunctions& functions() { return *functions_; }
  // Another pool to the same Redis, for work that blocks a connection (an
  // event consumer's reads).
  std::unique_ptr<RedisPool> NewRedisPool(int size) const;
  const Clock& clock() const { return clock_; }
  const CallGuard& guard() const { return *guard_; }
  ServiceHost& host() { return *host_; }

  // Registers `service` under the definition's gRPC name (its readiness
  // health name), starts the host, waits for SIGTERM/SIGINT, calls
  // `before_stop` (e.g. ends open streams), then stops the host. Returns
  // the process exit code.
  int Serve(grpc::Service* service,
            const std::function<void()>& before_stop = nullptr);

 private:
  ServiceRuntime(const ServiceDefinition& service,
                 const ServerSettings& settings);

  const ServiceDefinition* service_;
  ServerSettings settings_;
  SystemClock clock_;
  std::unique_ptr<RedisPool> redis_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::unique_ptr<CallTelemetry> telemetry_;
  std::unique_ptr<FileWatcher> token_keys_;
  std::unique_ptr<CallGuard> guard_;
  std::unique_ptr<ServiceHost> host_;
};

// The start of every service's main(): declares the shared settings,
// --print-access-table and --print-health-services, parses the command
// line. Returns an exit code when the process should end now (help, a bad
// flag, a table printed).
std::optional<int> ParseServiceCommandLine(CLI::App& app, int argc, char** argv,
                                           const ServiceDefinition& service,
                                           ServerSettings* settings);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_SERVICE_RUNTIME_H_
