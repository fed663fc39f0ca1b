#include "common/service_runtime.h"

#include <cstdio>

#include "absl/time/clock.h"
#include "common/auth_setup.h"
#include "common/log.h"

namespace ngoaivu {

std::optional<int> ParseServiceCommandLine(CLI::App& app, int argc, char** argv,
                                           ServerSettings* settings,
                                           const std::string& default_listen,
                                           const AccessPolicy& access) {
  AddServerSettings(app, settings, default_listen);
  bool print_access = false;
  app.add_flag("--print-access-table", print_access,
               "print the access table as Markdown and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (print_access) {
    std::printf("%s", access.Markdown().c_str());
    return 0;
  }
  return std::nullopt;
}

ServiceRuntime::ServiceRuntime(const ServerSettings& settings)
    : settings_(settings) {}

absl::StatusOr<std::unique_ptr<ServiceRuntime>> ServiceRuntime::Create(
    const std::string& service, const ServerSettings& settings,
    const AccessPolicy* access) {
  if (absl::Status s = ValidateServerSettings(settings); !s.ok()) return s;
  auto jwt = JwtSettingsFrom(settings);
  if (!jwt.ok()) return jwt.status();
  auto guard = GuardSettingsFrom(settings);
  if (!guard.ok()) return guard.status();
  LogLevel level = LogLevel::kInfo;
  ParseLogLevel(settings.log_level, &level);
  InitLogging(service, level);

  std::unique_ptr<ServiceRuntime> runtime(new ServiceRuntime(settings));
  runtime->redis_ = runtime->NewRedisPool(settings.redis_pool_size);
  runtime->functions_ =
      std::make_unique<RedisFunctions>(runtime->redis_.get(), service);
  // Redis may still be starting: the service reports NOT_SERVING and loads
  // its Functions on first use meanwhile.
  if (absl::Status s =
          runtime->functions_->Load(absl::Now() + absl::Seconds(5));
      !s.ok()) {
    LogWarning("Redis Functions not loaded yet", {{"error", s.ToString()}});
  }
  runtime->verifier_ = std::make_unique<JwtVerifier>(*jwt, &runtime->clock_);
  runtime->guard_ =
      std::make_unique<CallGuard>(runtime->verifier_.get(), access, *guard);
  runtime->host_ =
      std::make_unique<ServiceHost>(settings, runtime->redis_.get());
  return runtime;
}

std::unique_ptr<RedisPool> ServiceRuntime::NewRedisPool(int size) const {
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(settings_.redis_url);
  options.size = size;
  options.command_timeout = absl::Milliseconds(settings_.redis_timeout_ms);
  return std::make_unique<RedisPool>(options);
}

int ServiceRuntime::Serve() {
  if (absl::Status s = host_->Start(); !s.ok()) {
    LogError("cannot start", {{"error", s.ToString()}});
    return 1;
  }
  const std::string signal = WaitForTerminationSignal();
  LogInfo("shutting down", {{"signal", signal}});
  host_->Shutdown();
  return 0;
}

}  // namespace ngoaivu
