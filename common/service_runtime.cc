#include "common/service_runtime.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/auth_setup.h"
#include "common/log.h"

namespace ngoaivu {
namespace {

RedisPool::Options PoolOptions(const ServerSettings& settings, int size) {
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(settings.redis_url);
  options.size = size;
  options.command_timeout = absl::Milliseconds(settings.redis_timeout_ms);
  return options;
}

// An init container's work: Redis may still be starting.
int LoadRedisFunctions(const ServiceDefinition& service,
                       const ServerSettings& settings) {
  if (!ParseRedisUrl(settings.redis_url).ok()) {
    std::fprintf(stderr, "--redis: not a redis:// URL\n");
    return 2;
  }
  RedisPool redis(PoolOptions(settings, 1));
  RedisFunctions functions(&redis, service.name);
  const absl::Time give_up = absl::Now() + absl::Minutes(1);
  absl::Status status;
  do {
    status = functions.Load(absl::Now() + absl::Seconds(5));
    if (status.ok()) {
      std::printf("Redis Functions library '%s' loaded\n",
                  service.name.c_str());
      return 0;
    }
    if (!absl::IsUnavailable(status) && !absl::IsDeadlineExceeded(status)) {
      break;
    }
    absl::SleepFor(absl::Seconds(1));
  } while (absl::Now() < give_up);
  std::fprintf(stderr, "%s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

std::optional<int> ParseServiceCommandLine(CLI::App& app, int argc, char** argv,
                                           const ServiceDefinition& service,
                                           ServerSettings* settings) {
  AddServerSettings(app, settings, service.default_listen);
  bool print_access = false;
  app.add_flag("--print-access-table", print_access,
               "print the access table as Markdown and exit");
  bool load_functions = false;
  app.add_flag("--load-redis-functions", load_functions,
               "load the service's Redis Functions library (as a Redis user "
               "that may; waits up to a minute for Redis) and exit");
  bool print_health = false;
  app.add_flag("--print-health-services", print_health,
               "print the health service names probes may ask, and exit: "
               "the gRPC service (readiness) and liveness");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (print_access) {
    std::printf("%s", service.access.Markdown().c_str());
    return 0;
  }
  if (print_health) {
    std::printf("%s readiness\n%s liveness\n", service.grpc_service.c_str(),
                kLivenessHealthName);
    return 0;
  }
  if (load_functions) return LoadRedisFunctions(service, *settings);
  return std::nullopt;
}

ServiceRuntime::ServiceRuntime(const ServiceDefinition& service,
                               const ServerSettings& settings)
    : service_(&service), settings_(settings) {}

absl::StatusOr<std::unique_ptr<ServiceRuntime>> ServiceRuntime::Create(
    const ServiceDefinition& service, const ServerSettings& settings) {
  if (absl::Status s = ValidateServerSettings(settings); !s.ok()) return s;
  auto jwt = JwtSettingsFrom(settings);
  if (!jwt.ok()) return jwt.status();
  auto guard = GuardSettingsFrom(settings);
  if (!guard.ok()) return guard.status();
  LogLevel level = LogLevel::kInfo;
  ParseLogLevel(settings.log_level, &level);
  InitLogging(service.name, level);
  // Debian's Abseil is built with its lock-order checker on: it records
  // every mutex gRPC takes (2-3 % of a server's CPU in profiles). The tests,
  // which do not start through here, keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  std::unique_ptr<ServiceRuntime> runtime(
      new ServiceRuntime(service, settings));
  runtime->redis_ = runtime->NewRedisPool(settings.redis_pool_size);
  runtime->functions_ =
      std::make_unique<RedisFunctions>(runtime->redis_.get(), service.name);
  // Redis may still be starting: the service reports NOT_SERVING and loads
  // its Functions on first use meanwhile.
  if (absl::Status s =
          runtime->functions_->Load(absl::Now() + absl::Seconds(5));
      !s.ok()) {
    LogWarning("Redis Functions not loaded yet", {{"error", s.ToString()}});
  }
  runtime->verifier_ = std::make_unique<JwtVerifier>(*jwt, &runtime->clock_);
  // Keys rotated in the file (a JWKS gaining a key, say) apply without a
  // restart; a file that does not parse leaves the previous keys in place.
  JwtVerifier* verifier = runtime->verifier_.get();
  const std::string algorithm = settings.jwt_algorithm;
  runtime->token_keys_ = std::make_unique<FileWatcher>(
      settings.jwt_key_file, absl::Seconds(settings.reload_interval_seconds),
      [verifier, algorithm](const std::string& content) {
        auto keys = ParseVerificationKeys(content, algorithm);
        if (!keys.ok()) {
          LogError("token keys not reloaded; keeping the previous ones",
                   {{"error", keys.status().ToString()}});
          return;
        }
        const size_t count = keys->by_kid.empty() ? 1 : keys->by_kid.size();
        verifier->SetKeys(*std::move(keys));
        LogInfo("token keys reloaded", {{"keys", absl::StrCat(count)}});
      });
  runtime->telemetry_ = std::make_unique<CallTelemetry>(
      service.grpc_service,
      CallTelemetrySettings{settings.access_log,
                            settings.access_log_read_sample});
  runtime->guard_ =
      std::make_unique<CallGuard>(runtime->verifier_.get(), &service.access,
                                  *guard, runtime->telemetry_.get());
  runtime->host_ =
      std::make_unique<ServiceHost>(settings, runtime->redis_.get());
  return runtime;
}

std::unique_ptr<RedisPool> ServiceRuntime::NewRedisPool(int size) const {
  return std::make_unique<RedisPool>(PoolOptions(settings_, size));
}

int ServiceRuntime::Serve(grpc::Service* service,
                          const std::function<void()>& before_stop) {
  host_->Register(service, service_->grpc_service);
  if (absl::Status s = host_->Start(); !s.ok()) {
    LogError("cannot start", {{"error", s.ToString()}});
    return 1;
  }
  const std::string signal = WaitForTerminationSignal();
  LogInfo("shutting down", {{"signal", signal}});
  if (before_stop) before_stop();
  host_->Shutdown();
  return 0;
}

}  // namespace ngoaivu
