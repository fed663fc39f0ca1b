#include "common/settings.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/redis_pool.h"

namespace ngoaivu {

void AddServerSettings(CLI::App& app, ServerSettings* s,
                       const std::string& default_listen) {
  s->listen = default_listen;
  auto add = [&app](const std::string& flag, auto* value,
                    const std::string& env, const std::string& help) {
    app.add_option(flag, *value, help)->envname(env)->capture_default_str();
  };
  add("--listen", &s->listen, "NGOAIVU_LISTEN", "gRPC address to serve on");
  add("--redis", &s->redis_url, "NGOAIVU_REDIS",
      "Redis URL: redis://[:password@]host:port[/db]");
  add("--redis-pool-size", &s->redis_pool_size, "NGOAIVU_REDIS_POOL_SIZE",
      "Redis connections kept by the service");
  add("--redis-timeout-ms", &s->redis_timeout_ms, "NGOAIVU_REDIS_TIMEOUT_MS",
      "upper bound of one Redis command (a call's deadline can shorten it)");
  add("--max-message-bytes", &s->max_message_bytes, "NGOAIVU_MAX_MESSAGE_BYTES",
      "largest gRPC message received or sent");
  add("--max-call-seconds", &s->max_call_seconds, "NGOAIVU_MAX_CALL_SECONDS",
      "deadline given to calls that arrive without one");
  add("--keepalive-seconds", &s->keepalive_seconds, "NGOAIVU_KEEPALIVE_SECONDS",
      "HTTP/2 keepalive ping interval");
  add("--keepalive-timeout-seconds", &s->keepalive_timeout_seconds,
      "NGOAIVU_KEEPALIVE_TIMEOUT_SECONDS",
      "how long to wait for a keepalive answer before closing");
  add("--max-connection-age-seconds", &s->max_connection_age_seconds,
      "NGOAIVU_MAX_CONNECTION_AGE_SECONDS",
      "clients are asked to reconnect after this long (gRPC adds +-10 %), "
      "so they rebalance onto new replicas; 0: never");
  add("--max-connection-age-grace-seconds",
      &s->max_connection_age_grace_seconds,
      "NGOAIVU_MAX_CONNECTION_AGE_GRACE_SECONDS",
      "how long calls in flight (streams too) may go on after that request");
  add("--health-interval-ms", &s->health_interval_ms,
      "NGOAIVU_HEALTH_INTERVAL_MS", "how often Redis is probed for health");
  add("--shutdown-grace-seconds", &s->shutdown_grace_seconds,
      "NGOAIVU_SHUTDOWN_GRACE_SECONDS",
      "time given to calls in flight on SIGTERM/SIGINT");
  add("--log-level", &s->log_level, "NGOAIVU_LOG_LEVEL",
      "debug, info, warning or error");
  add("--page-token-key", &s->page_token_key, "NGOAIVU_PAGE_TOKEN_KEY",
      "secret that signs page tokens; the same on every replica");
  add("--request-ttl-hours", &s->request_ttl_hours, "NGOAIVU_REQUEST_TTL_HOURS",
      "how long a request_id's first answer is remembered for retries");
  add("--events-max-length", &s->events_max_length, "NGOAIVU_EVENTS_MAX_LENGTH",
      "approximate number of events kept in the service's stream");
  add("--cache-entries", &s->cache_entries, "NGOAIVU_CACHE_ENTRIES",
      "records kept in the Redis-tracked read cache (0: no cache)");
  add("--jwt-algorithm", &s->jwt_algorithm, "NGOAIVU_JWT_ALGORITHM",
      "the only token algorithm accepted: HS256, RS256 or ES256");
  add("--jwt-key-file", &s->jwt_key_file, "NGOAIVU_JWT_KEY_FILE",
      "HS256: the shared secret; RS256/ES256: the PEM public key (required)");
  add("--jwt-issuer", &s->jwt_issuer, "NGOAIVU_JWT_ISSUER",
      "required iss of tokens");
  add("--jwt-audience", &s->jwt_audience, "NGOAIVU_JWT_AUDIENCE",
      "required aud of tokens");
  add("--jwt-leeway-seconds", &s->jwt_leeway_seconds,
      "NGOAIVU_JWT_LEEWAY_SECONDS", "clock skew allowed on exp and nbf");
  add("--tls-cert-file", &s->tls_cert_file, "NGOAIVU_TLS_CERT_FILE",
      "PEM server certificate (chain); TLS is on when set");
  add("--tls-key-file", &s->tls_key_file, "NGOAIVU_TLS_KEY_FILE",
      "PEM private key of the certificate");
  add("--tls-client-ca-file", &s->tls_client_ca_file,
      "NGOAIVU_TLS_CLIENT_CA_FILE", "PEM CA that signs client certificates");
  add("--tls-client-auth", &s->tls_client_auth, "NGOAIVU_TLS_CLIENT_AUTH",
      "client certificates: none, request (verify if sent) or require");
  add("--health-listen", &s->health_listen, "NGOAIVU_HEALTH_LISTEN",
      "plaintext address serving only grpc.health.v1 (for probes under TLS)");
  add("--reload-interval-seconds", &s->reload_interval_seconds,
      "NGOAIVU_RELOAD_INTERVAL_SECONDS",
      "how often the TLS certificate and token key files are checked for "
      "changes (renewed in place)");
  add("--metrics-listen", &s->metrics_listen, "NGOAIVU_METRICS_LISTEN",
      "plaintext address serving Prometheus metrics at /metrics");
  add("--access-log", &s->access_log, "NGOAIVU_ACCESS_LOG",
      "one JSON line per call on stderr");
  add("--access-log-read-sample", &s->access_log_read_sample,
      "NGOAIVU_ACCESS_LOG_READ_SAMPLE",
      "share of successful reads logged, 0..1 (failures and writes: all)");
  add("--system-methods", &s->system_methods, "NGOAIVU_SYSTEM_METHODS",
      "client-certificate identities and their methods: 'id=A,B;id2=*'");
}

absl::StatusOr<std::string> ReadSettingFile(const std::string& flag,
                                            const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": cannot read ", path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::Status ValidateServerSettings(const ServerSettings& s) {
  if (auto endpoint = ParseRedisUrl(s.redis_url); !endpoint.ok()) {
    return endpoint.status();
  }
  LogLevel level;
  if (!ParseLogLevel(s.log_level, &level)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--log-level: unknown level ", s.log_level));
  }
  auto positive = [](const char* name, int64_t v) -> absl::Status {
    if (v > 0) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(name, " must be positive"));
  };
  for (auto [name, value] :
       {std::pair<const char*, int64_t>{"--redis-pool-size", s.redis_pool_size},
        {"--redis-timeout-ms", s.redis_timeout_ms},
        {"--max-message-bytes", s.max_message_bytes},
        {"--max-call-seconds", s.max_call_seconds},
        {"--keepalive-seconds", s.keepalive_seconds},
        {"--keepalive-timeout-seconds", s.keepalive_timeout_seconds},
        {"--health-interval-ms", s.health_interval_ms},
        {"--shutdown-grace-seconds", s.shutdown_grace_seconds},
        {"--reload-interval-seconds", s.reload_interval_seconds},
        {"--request-ttl-hours", s.request_ttl_hours},
        {"--events-max-length", s.events_max_length}}) {
    if (absl::Status st = positive(name, value); !st.ok()) return st;
  }
  if (s.max_connection_age_seconds < 0 ||
      s.max_connection_age_grace_seconds < 0) {
    return absl::InvalidArgumentError(
        "--max-connection-age-seconds and its grace must not be negative");
  }
  if (!(s.access_log_read_sample >= 0 && s.access_log_read_sample <= 1)) {
    return absl::InvalidArgumentError(
        "--access-log-read-sample must be between 0 and 1");
  }
  if (s.cache_entries < 0) {
    return absl::InvalidArgumentError("--cache-entries must not be negative");
  }
  if (s.jwt_algorithm != "HS256" && s.jwt_algorithm != "RS256" &&
      s.jwt_algorithm != "ES256") {
    return absl::InvalidArgumentError("--jwt-algorithm: HS256, RS256 or ES256");
  }
  if (s.jwt_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--jwt-key-file is required: every call carries a signed token");
  }
  if (s.tls_client_auth != "none" && s.tls_client_auth != "request" &&
      s.tls_client_auth != "require") {
    return absl::InvalidArgumentError(
        "--tls-client-auth: none, request or require");
  }
  if (s.tls_cert_file.empty() != s.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert-file and --tls-key-file go together");
  }
  if (s.tls_client_auth != "none" &&
      (s.tls_cert_file.empty() || s.tls_client_ca_file.empty())) {
    return absl::InvalidArgumentError(
        "--tls-client-auth needs TLS and --tls-client-ca-file");
  }
  if (s.page_token_key.size() < 16) {
    return absl::InvalidArgumentError(
        "--page-token-key must be at least 16 characters");
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu
