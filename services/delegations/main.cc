// delegations-server: trips abroad, foreign visitors, their decisions and
// international agreements. Wiring only; see docs/operations.md for the
// settings and delegations.h for the use cases.
#include <cstdio>

#include "common/page_token.h"
#include "common/registry_client/registry_client.h"
#include "common/service_runtime.h"
#include "common/stream_follower.h"
#include "services/delegations/delegations.h"
#include "services/delegations/delegations_access.h"
#include "services/delegations/delegations_service.h"
#include "services/delegations/delegations_settings.h"
#include "services/delegations/redis_delegations_store.h"

int main(int argc, char** argv) {
  using namespace ngoaivu;  // NOLINT: main only wires
  BlockTerminationSignals();
  const ServiceDefinition service{
      "delegations", delegations::v1::DelegationsService::service_full_name(),
      "0.0.0.0:50053", delegations::DelegationsAccessPolicy()};
  CLI::App app{"ngoaivu delegations: trips abroad, visits and agreements"};
  RegistryClientSettings registry_settings;
  AddRegistryClientSettings(app, &registry_settings);
  delegations::DelegationsSettings delegations_settings;
  delegations::AddDelegationsSettings(app, &delegations_settings);
  ServerSettings settings;
  if (auto done =
          ParseServiceCommandLine(app, argc, argv, service, &settings)) {
    return *done;
  }
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "delegations-server: %s\n",
                 std::string(s.message()).c_str());
    return 2;
  };
  auto rules = delegations::LoadDelegationRules(delegations_settings);
  if (!rules.ok()) return fail(rules.status());
  auto runtime = ServiceRuntime::Create(service, settings);
  if (!runtime.ok()) return fail(runtime.status());
  ServiceRuntime& rt = **runtime;
  auto registry = RegistryClient::Create(registry_settings, rt, "delegations");
  if (!registry.ok()) return fail(registry.status());

  delegations::RedisDelegationsStore store(&rt.redis(), &rt.functions(),
                                           settings.events_max_length);
  delegations::Delegations delegations(
      {&store, &(*registry)->directory(), &rt.clock(),
       PageTokens(settings.page_token_key), &*rules,
       absl::Hours(settings.request_ttl_hours)});
  delegations::DelegationsServiceImpl adapter(&delegations, &rt.guard());
  // A merged agency's delegations under way follow its successor.
  (*registry)->Follow(
      [&delegations](const events::v1::Event& event, absl::Time deadline) {
        return delegations.effects.FollowRegistry(event, deadline);
      });
  // An accepted post-trip report makes its delegation REPORTED.
  StreamFollower tasks_events(
      rt.NewRedisPool(2), "delegations", "tasks", ConsumerName("delegations"),
      [&delegations](const events::v1::Event& event, absl::Time deadline) {
        return delegations.effects.FollowTasks(event, deadline);
      });
  tasks_events.Start();
  const int code = rt.Serve(&adapter);
  tasks_events.RequestStop();
  (*registry)->Stop();
  tasks_events.Stop();
  return code;
}
