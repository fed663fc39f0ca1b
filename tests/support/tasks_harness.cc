#include "tests/support/tasks_harness.h"

#include <cstdlib>

#include "absl/time/clock.h"
#include "common/auth_setup.h"
#include "services/tasks/tasks_access.h"

namespace ngoaivu::testing {
namespace {

HarnessOptions RegistryOptions(const Clock* clock) {
  HarnessOptions options;
  options.clock = clock;
  return options;
}

}  // namespace

TasksHarness::TasksHarness(absl::CivilDay today)
    : clock_(absl::FromCivil(today, absl::FixedTimeZone(7 * 3600)) +
             absl::Hours(9)),
      registry_(RegistryOptions(&clock_)),
      access_(tasks::TasksAccessPolicy()) {
  ServerSettings settings;
  settings.listen = "127.0.0.1:0";
  settings.redis_url = registry_.redis_server().url();
  settings.health_interval_ms = 100;
  settings.shutdown_grace_seconds = 1;
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(settings.redis_url);
  options.size = 8;
  redis_ = std::make_unique<RedisPool>(options);
  functions_ = std::make_unique<RedisFunctions>(redis_.get(), "tasks");
  if (!functions_->Load(absl::Now() + absl::Seconds(5)).ok()) std::abort();
  store_ = std::make_unique<tasks::RedisTasksStore>(
      redis_.get(), functions_.get(), settings.events_max_length);
  registry_directory_ = std::make_unique<RegistryDirectory>(
      registry_.channel(), TestToken("system", "agencies/SNGV"));
  agencies_ = std::make_unique<RegistryReadModel>(redis_.get(),
                                                  functions_.get(), "tasks");
  directory_ = std::make_unique<ReadModelDirectory>(agencies_.get(),
                                                    registry_directory_.get());
  tasks_ = std::make_unique<tasks::Tasks>(tasks::TasksDependencies{
      store_.get(), directory_.get(), &clock_,
      PageTokens(settings.page_token_key), absl::Hours(24)});
  follower_redis_ = std::make_unique<RedisPool>(options);
  follower_ = std::make_unique<RegistryFollower>(
      follower_redis_.get(), agencies_.get(), "tasks", "tasks-test",
      [this](const events::v1::Event& event, absl::Time deadline) {
        return tasks_->agency_changes.Follow(event, deadline);
      },
      absl::Milliseconds(20));
  verifier_ = std::make_unique<JwtVerifier>(TestJwtSettings(), &token_clock_);
  guard_ = std::make_unique<CallGuard>(verifier_.get(), &access_,
                                       GuardSettingsFrom(settings).value());
  service_ =
      std::make_unique<tasks::TasksServiceImpl>(tasks_.get(), guard_.get());
  host_ = std::make_unique<ServiceHost>(settings, redis_.get());
  host_->Register(service_.get(), tasks::v1::TasksService::service_full_name());
  if (!host_->Start().ok()) std::abort();
  stub_ = tasks::v1::TasksService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(host_->port()),
                          grpc::InsecureChannelCredentials()));
}

TasksHarness::~TasksHarness() { host_->Shutdown(); }

int TasksHarness::FollowRegistry() {
  int handled = 0;
  for (;;) {
    auto n = follower_->consumer().PollOnce();
    if (!n.ok()) std::abort();
    if (*n == 0) return handled;
    handled += *n;
  }
}

std::vector<events::v1::Event> TasksHarness::Events() {
  return StreamEvents(*redis_, tasks::kTasksEventStream);
}

}  // namespace ngoaivu::testing
