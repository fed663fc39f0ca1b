// registry-server: the agency registry. Wiring only; see docs/operations.md
// for the settings and registry.h for the rules.
#include <cstdio>
#include <memory>

#include "common/page_token.h"
#include "common/response_cache.h"
#include "common/service_runtime.h"
#include "common/tracked_cache.h"
#include "services/registry/redis_registry_store.h"
#include "services/registry/registry.h"
#include "services/registry/registry_access.h"
#include "services/registry/registry_service.h"

int main(int argc, char** argv) {
  using namespace ngoaivu;  // NOLINT: main only wires
  BlockTerminationSignals();
  const ServiceDefinition service{
      "registry", registry::v1::RegistryService::service_full_name(),
      "0.0.0.0:50051", registry::RegistryAccessPolicy()};
  CLI::App app{"ngoaivu agency registry"};
  ServerSettings settings;
  if (auto done =
          ParseServiceCommandLine(app, argc, argv, service, &settings)) {
    return *done;
  }
  auto runtime = ServiceRuntime::Create(service, settings);
  if (!runtime.ok()) {
    std::fprintf(stderr, "registry-server: %s\n",
                 std::string(runtime.status().message()).c_str());
    return 2;
  }
  ServiceRuntime& rt = **runtime;

  std::unique_ptr<TrackedCache> cache;
  std::unique_ptr<ResponseCache> answers;
  if (settings.cache_entries > 0) {
    cache = std::make_unique<TrackedCache>(TrackedCache::Options{
        rt.redis().options().endpoint, registry::CachePrefixes(),
        static_cast<size_t>(settings.cache_entries)});
    cache->Start();
    rt.host().OnRedisHealth(
        [&cache](bool up) { cache->SetRedisReachable(up); });
    answers = std::make_unique<ResponseCache>(cache.get());
  }
  registry::RedisRegistryStore store(&rt.redis(), &rt.functions(),
                                     settings.events_max_length, cache.get());
  registry::Registry registry(&store, &rt.clock(),
                              PageTokens(settings.page_token_key),
                              absl::Hours(settings.request_ttl_hours));
  registry::RegistryServiceImpl adapter(&registry, &rt.guard(), answers.get());
  const int code = rt.Serve(&adapter);
  if (cache) cache->Stop();
  return code;
}
