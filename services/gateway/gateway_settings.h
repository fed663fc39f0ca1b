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
  int threads = 16;
};

void AddGatewaySettings(CLI::App& app, GatewaySettings* settings);

// A channel to the service behind each of Gateway::ServedServices(), TLS
// as the settings say; an error names a TLS file that cannot be read.
absl::StatusOr<std::map<std::string, std::shared_ptr<grpc::Channel>>>
BackendChannels(const GatewaySettings& settings);

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_GATEWAY_SETTINGS_H_
