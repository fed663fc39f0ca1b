// A tasks server wired as tasks-server is, beside a registry (and its Redis,
// which both share, as in production), for tests.
#ifndef NGOAIVU_TESTS_SUPPORT_TASKS_HARNESS_H_
#define NGOAIVU_TESTS_SUPPORT_TASKS_HARNESS_H_

#include <memory>

#include "common/clock.h"
#include "common/registry_client/registry_follower.h"
#include "common/registry_client/registry_read_model.h"
#include "ngoaivu/tasks/v1/tasks_service.grpc.pb.h"
#include "services/tasks/redis_tasks_store.h"
#include "services/tasks/tasks.h"
#include "services/tasks/tasks_service.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::testing {

class TasksHarness {
 public:
  // The tasks service's "today" starts at `today` (province time) and moves
  // only when the test moves it.
  explicit TasksHarness(absl::CivilDay today);
  ~TasksHarness();

  RegistryHarness& registry() { return registry_; }
  tasks::v1::TasksService::Stub& stub() { return *stub_; }
  ManualClock& clock() { return clock_; }
  int port() const { return host_->port(); }
  std::vector<events::v1::Event> Events();  // {tasks}:events, oldest first
  tasks::TasksStore& store() { return *store_; }
  AgencyDirectory& directory() { return *directory_; }
  RegistryReadModel& agencies() { return *agencies_; }
  RegistryDirectory& registry_directory() { return *registry_directory_; }
  RegistryFollower& follower() { return *follower_; }
  tasks::Tasks& tasks() { return *tasks_; }
  // Lets the registry follower handle every registry event so far; returns
  // how many it handled.
  int FollowRegistry();
  // A digest of the whole Redis dataset (registry and tasks share it).
  std::string Digest() { return registry_.Digest(); }

 private:
  // The tasks service and the registry share one moving "today".
  ManualClock clock_;
  RegistryHarness registry_;
  SystemClock token_clock_;
  std::unique_ptr<RedisPool> redis_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<tasks::RedisTasksStore> store_;
  std::unique_ptr<RedisPool> follower_redis_;
  std::unique_ptr<RegistryDirectory> registry_directory_;
  std::unique_ptr<RegistryReadModel> agencies_;
  std::unique_ptr<ReadModelDirectory> directory_;
  std::unique_ptr<tasks::Tasks> tasks_;
  std::unique_ptr<RegistryFollower> follower_;
  AccessPolicy access_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::unique_ptr<CallGuard> guard_;
  std::unique_ptr<tasks::TasksServiceImpl> service_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<tasks::v1::TasksService::Stub> stub_;
};

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_TASKS_HARNESS_H_
