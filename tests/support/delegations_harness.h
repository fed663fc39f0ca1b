// A delegations server wired as delegations-server is, beside a registry
// (and its Redis, which both share, as in production), for tests and
// benchmarks. The rules are the repository's deploy/data file.
#ifndef NGOAIVU_TESTS_SUPPORT_DELEGATIONS_HARNESS_H_
#define NGOAIVU_TESTS_SUPPORT_DELEGATIONS_HARNESS_H_

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/registry_client/registry_follower.h"
#include "common/registry_client/registry_read_model.h"
#include "ngoaivu/delegations/v1/delegations_service.grpc.pb.h"
#include "services/delegations/delegations.h"
#include "services/delegations/delegations_service.h"
#include "services/delegations/redis_delegations_store.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::testing {

class DelegationsHarness {
 public:
  // "Today" starts at `today` (province time) and moves only when the test
  // moves it.
  // `extra_services` are served beside it, the same way (a benchmark's
  // do-nothing RPC).
  explicit DelegationsHarness(absl::CivilDay today,
                              std::vector<grpc::Service*> extra_services = {});
  // Beside another service's harness: the same registry (and so the same
  // Redis, the bus) and the same moving "today".
  DelegationsHarness(RegistryHarness* registry, ManualClock* clock);
  ~DelegationsHarness();

  RegistryHarness& registry() { return *registry_; }
  delegations::v1::DelegationsService::Stub& stub() { return *stub_; }
  ManualClock& clock() { return *clock_; }
  int port() const { return host_->port(); }
  // {delegations}:events, oldest first.
  std::vector<events::v1::Event> Events();
  delegations::DelegationsStore& store() { return *store_; }
  const delegations::DelegationRules& rules() const { return rules_; }
  RedisPool& redis() { return *redis_; }
  // Lets the registry follower handle every registry event so far.
  int FollowRegistry();
  std::string Digest() { return registry_->Digest(); }
  delegations::Delegations& delegations() { return *delegations_; }

 private:
  void Start(const std::vector<grpc::Service*>& extra_services);

  std::unique_ptr<ManualClock> own_clock_;
  ManualClock* clock_;
  std::unique_ptr<RegistryHarness> own_registry_;
  RegistryHarness* registry_;
  SystemClock token_clock_;
  delegations::DelegationRules rules_;
  std::unique_ptr<RedisPool> redis_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<delegations::RedisDelegationsStore> store_;
  std::unique_ptr<RedisPool> follower_redis_;
  std::unique_ptr<TrackedCache> cache_;
  std::unique_ptr<RegistryDirectory> registry_directory_;
  std::unique_ptr<RegistryReadModel> agencies_;
  std::unique_ptr<ReadModelDirectory> directory_;
  std::unique_ptr<delegations::Delegations> delegations_;
  std::unique_ptr<RegistryFollower> follower_;
  AccessPolicy access_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::unique_ptr<CallGuard> guard_;
  std::unique_ptr<delegations::DelegationsServiceImpl> service_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<delegations::v1::DelegationsService::Stub> stub_;
};

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_DELEGATIONS_HARNESS_H_
