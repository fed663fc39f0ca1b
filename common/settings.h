// Settings every service shares. Each is a flag with an environment
// fallback (NGOAIVU_<NAME>); an unknown flag is an error at start-up, never
// silently ignored. `<service>-server --help` lists them with defaults.
#ifndef NGOAIVU_COMMON_SETTINGS_H_
#define NGOAIVU_COMMON_SETTINGS_H_

#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ngoaivu {

struct ServerSettings {
  std::string listen;
  std::string redis_url = "redis://127.0.0.1:6379/0";
  int redis_pool_size = 16;
  int redis_timeout_ms = 2000;
  int max_message_bytes = 4 * 1024 * 1024;
  int max_call_seconds = 30;
  int keepalive_seconds = 60;
  int keepalive_timeout_seconds = 20;
  int max_connection_age_seconds = 300;
  int max_connection_age_grace_seconds = 600;
  int health_interval_ms = 1000;
  int shutdown_grace_seconds = 10;
  std::string log_level = "info";
  std::string page_token_key = "ngoaivu-local-page-token-key";
  int request_ttl_hours = 24;
  int64_t events_max_length = 1000000;
  int64_t cache_entries = 200000;

  // Bearer tokens.
  std::string jwt_algorithm = "HS256";
  std::string jwt_key_file;  // HMAC secret (HS256) or PEM public key
  std::string jwt_issuer = "ngoaivu-local";
  std::string jwt_audience = "ngoaivu";
  int jwt_leeway_seconds = 30;
  // Transport security.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  std::string tls_client_auth = "none";  // none | request | require
  int reload_interval_seconds = 10;      // certificates and token keys
  std::string health_listen;             // plaintext, health only (for probes)
  std::string metrics_listen;            // Prometheus /metrics (plaintext)
  bool access_log = true;
  double access_log_read_sample = 1.0;
  std::string system_methods;  // "identity=MethodA,MethodB;identity2=*"
};

// Declares the shared flags on `app`, with `default_listen` for --listen.
void AddServerSettings(CLI::App& app, ServerSettings* settings,
                       const std::string& default_listen);

// Checks values CLI11 cannot (URLs, ranges, files).
absl::Status ValidateServerSettings(const ServerSettings& settings);

// The content of a file named by a setting.
absl::StatusOr<std::string> ReadSettingFile(const std::string& flag,
                                            const std::string& path);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_SETTINGS_H_
