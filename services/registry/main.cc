// registry-server: the agency registry. Wiring only; see README.md for the
// settings and registry.h for the rules.
#include <cstdio>
#include <memory>

#include "absl/time/clock.h"
#include "common/auth_setup.h"
#include "common/call_guard.h"
#include "common/functions.h"
#include "common/log.h"
#include "common/page_token.h"
#include "common/redis_pool.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/tracked_cache.h"
#include "services/registry/redis_registry_store.h"
#include "services/registry/registry.h"
#include "services/registry/registry_access.h"
#include "services/registry/registry_service.h"

int main(int argc, char** argv) {
  using namespace ngoaivu;  // NOLINT: main only wires
  BlockTerminationSignals();
  CLI::App app{"ngoaivu agency registry"};
  ServerSettings settings;
  AddServerSettings(app, &settings, "0.0.0.0:50051");
  bool print_access = false;
  app.add_flag("--print-access-table", print_access,
               "print the access table as Markdown and exit");
  CLI11_PARSE(app, argc, argv);
  const AccessPolicy access = registry::RegistryAccessPolicy();
  if (print_access) {
    std::printf("%s", access.Markdown().c_str());
    return 0;
  }
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "registry-server: %s\n",
                 std::string(s.message()).c_str());
    return 2;
  };
  if (absl::Status s = ValidateServerSettings(settings); !s.ok())
    return fail(s);
  auto jwt_settings = JwtSettingsFrom(settings);
  if (!jwt_settings.ok()) return fail(jwt_settings.status());
  auto guard_settings = GuardSettingsFrom(settings);
  if (!guard_settings.ok()) return fail(guard_settings.status());
  LogLevel level = LogLevel::kInfo;
  ParseLogLevel(settings.log_level, &level);
  InitLogging("registry", level);

  RedisPool::Options redis_options;
  redis_options.endpoint = *ParseRedisUrl(settings.redis_url);
  redis_options.size = settings.redis_pool_size;
  redis_options.command_timeout = absl::Milliseconds(settings.redis_timeout_ms);
  RedisPool redis(redis_options);
  RedisFunctions functions(&redis, "registry");
  // Redis may still be starting: the service reports NOT_SERVING and loads
  // the Functions on first use meanwhile.
  if (absl::Status s = functions.Load(absl::Now() + absl::Seconds(5));
      !s.ok()) {
    LogWarning("Redis Functions not loaded yet", {{"error", s.ToString()}});
  }
  std::unique_ptr<TrackedCache> cache;
  if (settings.cache_entries > 0) {
    cache = std::make_unique<TrackedCache>(
        TrackedCache::Options{redis_options.endpoint,
                              {registry::kAgencyCachePrefix},
                              static_cast<size_t>(settings.cache_entries)});
    cache->Start();
  }

  SystemClock clock;
  registry::RedisRegistryStore store(&redis, &functions,
                                     settings.events_max_length, cache.get());
  registry::Registry registry(&store, &clock,
                              PageTokens(settings.page_token_key),
                              absl::Hours(settings.request_ttl_hours));
  JwtVerifier verifier(*jwt_settings, &clock);
  CallGuard guard(&verifier, &access, *guard_settings);
  registry::RegistryServiceImpl service(&registry, &guard);

  ServiceHost host(settings, &redis);
  host.Register(&service, "ngoaivu.registry.v1.RegistryService");
  if (cache) {
    host.OnRedisHealth([&cache](bool up) { cache->SetRedisReachable(up); });
  }
  if (absl::Status s = host.Start(); !s.ok()) {
    LogError("cannot start", {{"error", s.ToString()}});
    return 1;
  }
  const std::string signal = WaitForTerminationSignal();
  LogInfo("shutting down", {{"signal", signal}});
  host.Shutdown();
  if (cache) cache->Stop();
  return 0;
}
