// tasks-server: programmes, duties and obligations. Wiring only; see
// docs/operations.md for the settings and tasks.h for the use cases.
#include <cstdio>

#include "common/page_token.h"
#include "common/registry_client/registry_client.h"
#include "common/service_runtime.h"
#include "common/stream_follower.h"
#include "services/tasks/delegation_follow_ups.h"
#include "services/tasks/redis_tasks_store.h"
#include "services/tasks/scheduler.h"
#include "services/tasks/tasks.h"
#include "services/tasks/tasks_access.h"
#include "services/tasks/tasks_service.h"
#include "services/tasks/tasks_settings.h"

int main(int argc, char** argv) {
  using namespace ngoaivu;  // NOLINT: main only wires
  BlockTerminationSignals();
  const ServiceDefinition service{"tasks",
                                  tasks::v1::TasksService::service_full_name(),
                                  "0.0.0.0:50052", tasks::TasksAccessPolicy()};
  CLI::App app{"ngoaivu tasks: programmes, duties and obligations"};
  RegistryClientSettings registry_settings;
  AddRegistryClientSettings(app, &registry_settings);
  tasks::TasksSettings tasks_settings;
  tasks::AddTasksSettings(app, &tasks_settings);
  ServerSettings settings;
  if (auto done =
          ParseServiceCommandLine(app, argc, argv, service, &settings)) {
    return *done;
  }
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "tasks-server: %s\n",
                 std::string(s.message()).c_str());
    return 2;
  };
  auto runtime = ServiceRuntime::Create(service, settings);
  if (!runtime.ok()) return fail(runtime.status());
  ServiceRuntime& rt = **runtime;
  auto registry = RegistryClient::Create(registry_settings, rt, "tasks");
  if (!registry.ok()) return fail(registry.status());

  tasks::RedisTasksStore store(&rt.redis(), &rt.functions(),
                               settings.events_max_length);
  tasks::Tasks tasks({&store, &(*registry)->directory(), &rt.clock(),
                      PageTokens(settings.page_token_key),
                      absl::Hours(settings.request_ttl_hours)});
  tasks::TasksServiceImpl adapter(&tasks, &rt.guard());
  tasks::Scheduler scheduler(&store, &(*registry)->directory(), &rt.clock(),
                             tasks_settings.ladder);
  scheduler.Start(absl::Seconds(tasks_settings.scheduler_interval_seconds));
  (*registry)->Follow(
      [&tasks](const events::v1::Event& event, absl::Time deadline) {
        return tasks.agency_changes.Follow(event, deadline);
      });
  tasks::DelegationFollowUps follow_ups(&tasks.programmes, &tasks.duties,
                                        tasks_settings.post_trip_report_days);
  StreamFollower delegations(
      rt.NewRedisPool(2), "tasks", "delegations", ConsumerName("tasks"),
      [&follow_ups](const events::v1::Event& event, absl::Time deadline) {
        return follow_ups.Follow(event, deadline);
      });
  delegations.Start();
  const int code = rt.Serve(&adapter);
  delegations.RequestStop();
  (*registry)->Stop();
  delegations.Stop();
  scheduler.Stop();
  return code;
}
