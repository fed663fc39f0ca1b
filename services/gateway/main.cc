// gateway-server: REST/JSON in front of the four gRPC services. Wiring
// only: gateway.h has the rules, http_server.h the HTTP side.
#include <cstdlib>
#include <iostream>

#include "CLI/CLI.hpp"
#include "common/log.h"
#include "common/metrics_server.h"
#include "services/gateway/gateway.h"
#include "services/gateway/gateway_settings.h"
#include "services/gateway/http_server.h"

int main(int argc, char** argv) {
  using namespace ngoaivu::gateway;  // NOLINT(build/namespaces): wiring
  BlockStopSignals();
  GatewaySettings settings;
  CLI::App app{"gateway-server: REST/JSON for the suite's gRPC services"};
  AddGatewaySettings(app, &settings);
  CLI11_PARSE(app, argc, argv);
  if (const std::string problem = SettingsProblem(settings); !problem.empty()) {
    std::cerr << problem << "\n";
    return 2;
  }
  ngoaivu::LogLevel level = ngoaivu::LogLevel::kInfo;
  ngoaivu::ParseLogLevel(settings.log_level, &level);
  ngoaivu::InitLogging("gateway", level);
  ngoaivu::MetricsServer metrics;
  if (absl::Status s = metrics.Start(settings.metrics_listen); !s.ok()) {
    std::cerr << s.message() << "\n";
    return 2;
  }

  auto routes = RouteTable::FromServices(Gateway::ServedServices());
  if (!routes.ok()) {
    std::cerr << routes.status() << "\n";
    return 1;
  }
  auto backends = BackendChannels(settings);
  if (!backends.ok()) {
    std::cerr << backends.status().message() << "\n";
    return 2;
  }
  const Gateway gateway(*std::move(routes), *std::move(backends),
                        settings.max_streams);
  httplib::Server server;
  std::string openapi;
  if (!AddHttpRoutes(settings, gateway, &openapi, &server)) return 2;
  const bool served = ServeUntilSignalled(settings, gateway, &server);
  // Out without destructors: a worker still holding an idle kept-alive
  // connection past the grace must not find the gateway destroyed.
  ngoaivu::FlushLogs();
  std::_Exit(served ? 0 : 1);
}
