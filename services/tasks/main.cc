// tasks-server: programmes, duties and obligations. Wiring only; see
// README.md for the settings and tasks.h for the rules.
#include <cstdio>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "common/auth_setup.h"
#include "common/call_guard.h"
#include "common/functions.h"
#include "common/log.h"
#include "common/page_token.h"
#include "common/redis_pool.h"
#include "common/server.h"
#include "common/settings.h"
#include "services/tasks/agency_directory.h"
#include "services/tasks/redis_tasks_store.h"
#include "services/tasks/scheduler.h"
#include "services/tasks/tasks.h"
#include "services/tasks/tasks_access.h"
#include "services/tasks/tasks_service.h"

int main(int argc, char** argv) {
  using namespace ngoaivu;  // NOLINT: main only wires
  BlockTerminationSignals();
  CLI::App app{"ngoaivu tasks: programmes, duties and obligations"};
  ServerSettings settings;
  AddServerSettings(app, &settings, "0.0.0.0:50052");
  std::string registry_address = "127.0.0.1:50051";
  std::string service_token_file;
  app.add_option("--registry-address", registry_address,
                 "the registry, asked about agencies and groups")
      ->envname("NGOAIVU_REGISTRY_ADDRESS")
      ->capture_default_str();
  app.add_option(
         "--service-token-file", service_token_file,
         "this service's own bearer token, for its calls to the registry")
      ->envname("NGOAIVU_SERVICE_TOKEN_FILE");
  int scheduler_interval_seconds = 300;
  app.add_option("--scheduler-interval-seconds", scheduler_interval_seconds,
                 "how often periods are opened and reminders sent")
      ->envname("NGOAIVU_SCHEDULER_INTERVAL_SECONDS")
      ->capture_default_str();
  tasks::LadderSettings ladder;
  app.add_option("--reminder-days-before", ladder.days_before,
                 "reminders this many days before a due date")
      ->envname("NGOAIVU_REMINDER_DAYS_BEFORE")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--overdue-first-after-days", ladder.first_overdue_after_days,
                 "first overdue reminder this many days after the due date")
      ->envname("NGOAIVU_OVERDUE_FIRST_AFTER_DAYS")
      ->capture_default_str();
  app.add_option("--overdue-repeat-days", ladder.repeat_overdue_every_days,
                 "then again every this many days while late")
      ->envname("NGOAIVU_OVERDUE_REPEAT_DAYS")
      ->capture_default_str();
  bool print_access = false;
  app.add_flag("--print-access-table", print_access,
               "print the access table as Markdown and exit");
  CLI11_PARSE(app, argc, argv);
  const AccessPolicy access = tasks::TasksAccessPolicy();
  if (print_access) {
    std::printf("%s", access.Markdown().c_str());
    return 0;
  }
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "tasks-server: %s\n",
                 std::string(s.message()).c_str());
    return 2;
  };
  if (absl::Status s = ValidateServerSettings(settings); !s.ok())
    return fail(s);
  auto jwt_settings = JwtSettingsFrom(settings);
  if (!jwt_settings.ok()) return fail(jwt_settings.status());
  auto guard_settings = GuardSettingsFrom(settings);
  if (!guard_settings.ok()) return fail(guard_settings.status());
  auto service_token =
      ReadSettingFile("--service-token-file", service_token_file);
  if (!service_token.ok()) return fail(service_token.status());
  LogLevel level = LogLevel::kInfo;
  ParseLogLevel(settings.log_level, &level);
  InitLogging("tasks", level);

  RedisPool::Options redis_options;
  redis_options.endpoint = *ParseRedisUrl(settings.redis_url);
  redis_options.size = settings.redis_pool_size;
  redis_options.command_timeout = absl::Milliseconds(settings.redis_timeout_ms);
  RedisPool redis(redis_options);
  RedisFunctions functions(&redis, "tasks");
  if (absl::Status s = functions.Load(absl::Now() + absl::Seconds(5));
      !s.ok()) {
    LogWarning("Redis Functions not loaded yet", {{"error", s.ToString()}});
  }
  SystemClock clock;
  tasks::RedisTasksStore store(&redis, &functions, settings.events_max_length);
  tasks::RegistryDirectory directory(
      grpc::CreateChannel(registry_address, grpc::InsecureChannelCredentials()),
      std::string(absl::StripAsciiWhitespace(*service_token)));
  tasks::Tasks tasks(&store, &directory, &clock,
                     PageTokens(settings.page_token_key),
                     absl::Hours(settings.request_ttl_hours));
  JwtVerifier verifier(*jwt_settings, &clock);
  CallGuard guard(&verifier, &access, *guard_settings);
  tasks::TasksServiceImpl service(&tasks, &guard);

  ServiceHost host(settings, &redis);
  host.Register(&service, "ngoaivu.tasks.v1.TasksService");
  if (absl::Status s = host.Start(); !s.ok()) {
    LogError("cannot start", {{"error", s.ToString()}});
    return 1;
  }
  tasks::Scheduler scheduler(&store, &directory, &clock, ladder);
  scheduler.Start(absl::Seconds(scheduler_interval_seconds));
  const std::string signal = WaitForTerminationSignal();
  LogInfo("shutting down", {{"signal", signal}});
  scheduler.Stop();
  host.Shutdown();
  return 0;
}
