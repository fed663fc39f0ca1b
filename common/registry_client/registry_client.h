// Everything a service other than the registry needs to know agencies,
// groups and officials, built from its settings in one call from main():
// the registry over gRPC (TLS or mutual TLS, the service's own token), the
// service's read model of the registry, the directory that asks the model
// first, and the follower that keeps the model (and runs the service's own
// effects of registry events).
#ifndef NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_CLIENT_H_
#define NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_CLIENT_H_

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "common/outgoing_call.h"
#include "common/registry_client/registry_follower.h"
#include "common/registry_client/registry_read_model.h"
#include "common/service_runtime.h"

namespace ngoaivu {

struct RegistryClientSettings {
  std::string address = "127.0.0.1:50051";
  std::string service_token_file;
  ClientTlsFiles tls;
};

// --registry-address, --service-token-file, --registry-ca-file,
// --registry-cert-file, --registry-key-file (NGOAIVU_... fallbacks).
void AddRegistryClientSettings(CLI::App& app, RegistryClientSettings* settings);

class RegistryClient {
 public:
  // For `service` (its keys' hash tag and consumer group
  // `<service>-registry`), on `runtime`'s Redis.
  static absl::StatusOr<std::unique_ptr<RegistryClient>> Create(
      const RegistryClientSettings& settings, ServiceRuntime& runtime,
      absl::string_view service);
  ~RegistryClient();

  // The read model first, the registry for what it does not know.
  AgencyDirectory& directory() { return directory_; }
  RegistryReadModel& model() { return model_; }

  // Starts following `{registry}:events` (the read model, then `effects`)
  // and seeding the model from the registry once.
  void Follow(RegistryFollower::Effects effects);
  void Stop();

 private:
  RegistryClient(std::shared_ptr<grpc::Channel> channel, std::string token,
                 ServiceRuntime& runtime, absl::string_view service);

  std::string service_;
  std::unique_ptr<TrackedCache> cache_;  // null with --cache-entries 0
  RegistryDirectory registry_;
  RegistryReadModel model_;
  ReadModelDirectory directory_;
  std::unique_ptr<RedisPool> follower_redis_;
  std::unique_ptr<RegistryFollower> follower_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_CLIENT_H_
