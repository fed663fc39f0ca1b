// gateway-server's flags, each with an NGOAIVU_ variable (documented in
// docs/operations.md, "The REST/JSON gateway").
#ifndef NGOAIVU_SERVICES_GATEWAY_GATEWAY_SETTINGS_H_
#define NGOAIVU_SERVICES_GATEWAY_GATEWAY_SETTINGS_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "common/outgoing_call.h"

namespace ngoaivu::gateway {

struct GatewaySettings {
  std::string listen = "0.0.0.0:8080";
  std::string registry = "127.0.0.1:50051";
  std::string tasks = "127.0.0.1:50052";
  std::string delegations = "127.0.0.1:50053";
  std::string notifications = "127.0.0.1:50054";
  ClientTlsFiles tls;
  std::string openapi_file;
  size_t max_body_bytes = 1 << 20;
  // Workers always running, and the most there may be: each connection
  // holds one while it lives (worker_pool.h).
  int threads = 16;
  int max_threads = 2048;
  // Open event streams at most; more are refused with 429, so that the
  // streams never take the threads unary calls need.
  int max_streams = 1024;
  // At a stop, how long calls in progress may take to finish (as the
  // services' --shutdown-grace-seconds); idle kept-alive connections are
  // not waited for beyond it.
  int shutdown_grace_seconds = 10;
  std::string log_level = "info";
  std::string metrics_listen;  // Prometheus /metrics, when set
};

void AddGatewaySettings(CLI::App& app, GatewaySettings* settings);

// What the flags cannot say alone ("--max-streams must leave ..."); empty
// when the settings hold together.
std::string SettingsProblem(const GatewaySettings& settings);

// A channel to the service behind each of Gateway::ServedServices(), TLS
// as the settings say; an error names a TLS file that cannot be read.
absl::StatusOr<std::map<std::string, std::shared_ptr<grpc::Channel>>>
BackendChannels(const GatewaySettings& settings);

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_GATEWAY_SETTINGS_H_
