#include "services/gateway/gateway_settings.h"

#include <algorithm>

#include "common/log.h"
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
  app.add_option("--threads", f->threads,
                 "HTTP workers always running (one per open connection)")
      ->envname("NGOAIVU_GATEWAY_THREADS")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-threads", f->max_threads,
                 "HTTP workers at most, started as connections need them")
      ->envname("NGOAIVU_GATEWAY_MAX_THREADS")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-streams", f->max_streams,
                 "open event streams at most; more are answered 429")
      ->envname("NGOAIVU_GATEWAY_MAX_STREAMS")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--shutdown-grace-seconds", f->shutdown_grace_seconds,
                 "at a stop, how long calls in progress may take to finish")
      ->envname("NGOAIVU_SHUTDOWN_GRACE_SECONDS")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--log-level", f->log_level, "debug, info, warning, error")
      ->envname("NGOAIVU_LOG_LEVEL")
      ->capture_default_str();
  app.add_option("--metrics-listen", f->metrics_listen,
                 "Prometheus /metrics on HOST:PORT (off when empty)")
      ->envname("NGOAIVU_METRICS_LISTEN");
}

std::string SettingsProblem(const GatewaySettings& settings) {
  if (settings.max_threads < settings.threads) {
    return "--max-threads must be at least --threads";
  }
  // Streams hold their threads for hours: leave --threads for the calls.
  if (settings.max_streams > settings.max_threads - settings.threads) {
    return "--max-streams must leave --threads workers for calls: at most "
           "--max-threads minus --threads";
  }
  LogLevel level;
  if (!ParseLogLevel(settings.log_level, &level)) {
    return "--log-level: one of debug, info, warning, error";
  }
  return "";
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
        RoundRobinChannel(addresses[std::min<size_t>(i, 3)], *credentials);
  }
  return backends;
}

}  // namespace ngoaivu::gateway
