#include "tests/support/delegations_harness.h"

#include <cstdlib>

#include "absl/time/clock.h"
#include "common/auth_setup.h"
#include "services/delegations/delegations_access.h"
#include "services/delegations/delegations_settings.h"

namespace ngoaivu::testing {
namespace {

HarnessOptions RegistryOptions(const Clock* clock) {
  HarnessOptions options;
  options.clock = clock;
  return options;
}

delegations::DelegationRules RepositoryRules() {
  auto rules =
      delegations::LoadDelegationRules(delegations::DelegationsSettings{});
  if (!rules.ok()) std::abort();
  return *rules;
}

}  // namespace

DelegationsHarness::DelegationsHarness(
    absl::CivilDay today, std::vector<grpc::Service*> extra_services)
    : own_clock_(std::make_unique<ManualClock>(
          absl::FromCivil(today, absl::FixedTimeZone(7 * 3600)) +
          absl::Hours(9))),
      clock_(own_clock_.get()),
      own_registry_(std::make_unique<RegistryHarness>(RegistryOptions(clock_))),
      registry_(own_registry_.get()),
      rules_(RepositoryRules()),
      access_(delegations::DelegationsAccessPolicy()) {
  Start(extra_services);
}

DelegationsHarness::DelegationsHarness(RegistryHarness* registry,
                                       ManualClock* clock)
    : clock_(clock),
      registry_(registry),
      rules_(RepositoryRules()),
      access_(delegations::DelegationsAccessPolicy()) {
  Start({});
}

void DelegationsHarness::Start(
    const std::vector<grpc::Service*>& extra_services) {
  ServerSettings settings;
  settings.listen = "127.0.0.1:0";
  settings.redis_url = registry_->redis_server().url();
  settings.health_interval_ms = 100;
  settings.shutdown_grace_seconds = 1;
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(settings.redis_url);
  options.size = 16;
  redis_ = std::make_unique<RedisPool>(options);
  functions_ = std::make_unique<RedisFunctions>(redis_.get(), "delegations");
  if (!functions_->Load(absl::Now() + absl::Seconds(5)).ok()) std::abort();
  store_ = std::make_unique<delegations::RedisDelegationsStore>(
      redis_.get(), functions_.get(), settings.events_max_length);
  registry_directory_ = std::make_unique<RegistryDirectory>(
      registry_->channel(), TestToken("system", "agencies/SNGV"));
  // As RegistryClient does: the read model behind a tracked cache.
  cache_ = std::make_unique<TrackedCache>(TrackedCache::Options{
      options.endpoint, {RegistryReadModel::CachePrefix("delegations")}});
  cache_->Start();
  agencies_ = std::make_unique<RegistryReadModel>(
      redis_.get(), functions_.get(), "delegations", cache_.get());
  directory_ = std::make_unique<ReadModelDirectory>(agencies_.get(),
                                                    registry_directory_.get());
  delegations_ = std::make_unique<delegations::Delegations>(
      delegations::DelegationsDependencies{
          store_.get(), directory_.get(), clock_,
          PageTokens(settings.page_token_key), &rules_, absl::Hours(24)});
  follower_redis_ = std::make_unique<RedisPool>(options);
  follower_ = std::make_unique<RegistryFollower>(
      follower_redis_.get(), agencies_.get(), "delegations", "delegations-test",
      [this](const events::v1::Event& event, absl::Time deadline) {
        return delegations_->effects.FollowRegistry(event, deadline);
      },
      absl::Milliseconds(20));
  verifier_ = std::make_unique<JwtVerifier>(TestJwtSettings(), &token_clock_);
  guard_ = std::make_unique<CallGuard>(verifier_.get(), &access_,
                                       GuardSettingsFrom(settings).value());
  service_ = std::make_unique<delegations::DelegationsServiceImpl>(
      delegations_.get(), guard_.get());
  host_ = std::make_unique<ServiceHost>(settings, redis_.get());
  host_->OnRedisHealth([this](bool up) { cache_->SetRedisReachable(up); });
  host_->Register(service_.get(),
                  delegations::v1::DelegationsService::service_full_name());
  for (grpc::Service* extra : extra_services) host_->Register(extra, "");
  if (!host_->Start().ok()) std::abort();
  stub_ = delegations::v1::DelegationsService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(host_->port()),
                          grpc::InsecureChannelCredentials()));
}

DelegationsHarness::~DelegationsHarness() {
  host_->Shutdown();
  cache_->Stop();
}

int DelegationsHarness::FollowRegistry() {
  int handled = 0;
  for (;;) {
    auto n = follower_->consumer().PollOnce();
    if (!n.ok()) std::abort();
    if (*n == 0) return handled;
    handled += *n;
  }
}

std::vector<events::v1::Event> DelegationsHarness::Events() {
  return StreamEvents(*redis_, delegations::kDelegationsEventStream);
}

}  // namespace ngoaivu::testing
