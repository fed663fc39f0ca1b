#include "services/gateway/gateway_settings.h"

#include <algorithm>

#include "services/gateway/gateway.h"

namespace ngoaivu::gateway {

void AddGatewaySettings(CLI::App& app, GatewaySettings* f) {
  app.add_option("--listen", f->listen, "HTTP address HOST:PORT")
      ->envname("NGOAIVU_LISTEN")
      ->capture_default_str();
  app.add_option("--registry-address", f->registry, "registry HOST:PORT")
      ->envname("NGOAIVU_REGISTRY_ADDRESS")
      ->capture_default_str();
  app.add_option("--tasks-address", f->tasks, "tasks HOST:PORT")
      ->envname("NGOAIVU_TASKS_ADDRESS")
      ->capture_default_str();
  app.add_option("--delegations-address", f->delegations,
                 "delegations HOST:PORT")
      ->envname("NGOAIVU_DELEGATIONS_ADDRESS")
      ->capture_default_str();
  app.add_option("--notifications-address", f->notifications,
                 "notifications HOST:PORT")
      ->envname("NGOAIVU_NOTIFICATIONS_ADDRESS")
      ->capture_default_str();
  app.add_option("--backend-tls-ca-file", f->tls.ca_file,
                 "CA of the services' certificates; TLS when set")
      ->envname("NGOAIVU_BACKEND_TLS_CA_FILE");
  app.add_option("--backend-tls-cert-file", f->tls.cert_file,
                 "the gateway's client certificate (mutual TLS)")
      ->envname("NGOAIVU_BACKEND_TLS_CERT_FILE");
  app.add_option("--backend-tls-key-file", f->tls.key_file, "its private key")
      ->envname("NGOAIVU_BACKEND_TLS_KEY_FILE");
  app.add_option("--openapi-file", f->openapi_file,
                 "the OpenAPI document served at /openapi.json (the build "
                 "writes build/openapi.json)")
      ->envname("NGOAIVU_OPENAPI_FILE");
  app.add_option("--max-body-bytes", f->max_body_bytes,
                 "larger request bodies are refused with 413")
      ->envname("NGOAIVU_MAX_BODY_BYTES")
      ->capture_default_str();
  app.add_option("--threads", f->threads, "HTTP worker threads")
      ->envname("NGOAIVU_GATEWAY_THREADS")
      ->capture_default_str();
}


absl::StatusOr<std::map<std::string, std::shared_ptr<grpc::Channel>>>
BackendChannels(const GatewaySettings& settings) {
  auto credentials = ClientCredentials(settings.tls, "--backend-tls");
  if (!credentials.ok()) return credentials.status();
  const std::vector<std::string> services = Gateway::ServedServices();
  const std::string addresses[] = {settings.registry, settings.tasks,
                                   settings.delegations,
                                   settings.notifications};
  std::map<std::string, std::shared_ptr<grpc::Channel>> backends;
  for (size_t i = 0; i < services.size(); ++i) {
    // The event stream (the last) is the notifications service's.
    backends[services[i]] =
        grpc::CreateChannel(addresses[std::min<size_t>(i, 3)], *credentials);
  }
  return backends;
}

}  // namespace ngoaivu::gateway
