#include "common/settings.h"

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
        {"--request-ttl-hours", s.request_ttl_hours},
        {"--events-max-length", s.events_max_length}}) {
    if (absl::Status st = positive(name, value); !st.ok()) return st;
  }
  if (s.cache_entries < 0) {
    return absl::InvalidArgumentError("--cache-entries must not be negative");
  }
  if (s.page_token_key.size() < 16) {
    return absl::InvalidArgumentError(
        "--page-token-key must be at least 16 characters");
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu
