// tasks-server: programmes, duties and obligations. Wiring only; see
// README.md for the settings and tasks.h for the rules.
#include <cstdio>

#include "absl/strings/ascii.h"
#include "common/outgoing_call.h"
#include "common/page_token.h"
#include "common/service_runtime.h"
#include "services/tasks/agency_directory.h"
#include "services/tasks/agency_read_model.h"
#include "services/tasks/redis_tasks_store.h"
#include "services/tasks/registry_follower.h"
#include "services/tasks/scheduler.h"
#include "services/tasks/tasks.h"
#include "services/tasks/tasks_access.h"
#include "services/tasks/tasks_service.h"

int main(int argc, char** argv) {
  using namespace ngoaivu;  // NOLINT: main only wires
  BlockTerminationSignals();
  CLI::App app{"ngoaivu tasks: programmes, duties and obligations"};
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
  ClientTlsFiles registry_tls;
  app.add_option("--registry-ca-file", registry_tls.ca_file,
                 "TLS to the registry, trusting this CA (PEM); plaintext when "
                 "unset")
      ->envname("NGOAIVU_REGISTRY_CA_FILE");
  app.add_option("--registry-cert-file", registry_tls.cert_file,
                 "client certificate for mutual TLS to the registry")
      ->envname("NGOAIVU_REGISTRY_CERT_FILE");
  app.add_option("--registry-key-file", registry_tls.key_file,
                 "its private key")
      ->envname("NGOAIVU_REGISTRY_KEY_FILE");
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
  ServerSettings settings;
  const AccessPolicy access = tasks::TasksAccessPolicy();
  if (auto done = ParseServiceCommandLine(app, argc, argv, &settings,
                                          "0.0.0.0:50052", access)) {
    return *done;
  }
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "tasks-server: %s\n",
                 std::string(s.message()).c_str());
    return 2;
  };
  auto service_token =
      ReadSettingFile("--service-token-file", service_token_file);
  if (!service_token.ok()) return fail(service_token.status());
  auto registry_credentials = ClientCredentials(registry_tls, "--registry");
  if (!registry_credentials.ok()) return fail(registry_credentials.status());
  auto runtime = ServiceRuntime::Create("tasks", settings, &access);
  if (!runtime.ok()) return fail(runtime.status());
  ServiceRuntime& rt = **runtime;

  tasks::RedisTasksStore store(&rt.redis(), &rt.functions(),
                               settings.events_max_length);
  tasks::RegistryDirectory registry(
      grpc::CreateChannel(registry_address, *registry_credentials),
      std::string(absl::StripAsciiWhitespace(*service_token)));
  tasks::AgencyReadModel agencies(&rt.redis(), &rt.functions());
  tasks::ReadModelDirectory directory(&agencies, &registry);
  tasks::Tasks tasks(&store, &directory, &rt.clock(),
                     PageTokens(settings.page_token_key),
                     absl::Hours(settings.request_ttl_hours));
  tasks::TasksServiceImpl service(&tasks, &rt.guard());
  rt.host().Register(&service, "ngoaivu.tasks.v1.TasksService");
  tasks::Scheduler scheduler(&store, &directory, &rt.clock(), ladder);
  scheduler.Start(absl::Seconds(scheduler_interval_seconds));
  auto follower_redis = rt.NewRedisPool(2);
  tasks::RegistryFollower follower(follower_redis.get(), &agencies, &tasks,
                                   ConsumerName("tasks"));
  follower.Start(&registry);
  const int code = rt.Serve();
  follower.Stop();
  scheduler.Stop();
  return code;
}
