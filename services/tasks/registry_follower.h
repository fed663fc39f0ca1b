// Follows the registry's event stream (consumer group `tasks-registry` on
// `{registry}:events`): keeps the agency read model, moves the obligations
// of a merged agency to its successor, and flags those of a dissolved one
// for the coordinator. Every effect is safe to repeat, so at-least-once
// delivery (a crash between effect and acknowledgement) changes nothing.
#ifndef NGOAIVU_SERVICES_TASKS_REGISTRY_FOLLOWER_H_
#define NGOAIVU_SERVICES_TASKS_REGISTRY_FOLLOWER_H_

#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "common/event_consumer.h"
#include "services/tasks/agency_read_model.h"
#include "services/tasks/tasks.h"

namespace ngoaivu::tasks {

class RegistryFollower {
 public:
  // `consumer_redis`: a pool of its own (reads block a connection, up to
  // `block`); `consumer`: unique per replica.
  RegistryFollower(RedisPool* consumer_redis, AgencyReadModel* model,
                   Tasks* tasks, const std::string& consumer,
                   absl::Duration block = absl::Seconds(1));

  // One event's effects.
  absl::Status Handle(const StreamEvent& entry);

  EventConsumer& consumer() { return consumer_; }

  // Follows the stream in a thread, and seeds the read model from
  // `registry`'s lists once (retrying every `retry` while the registry is
  // unreachable) in another.
  void Start(RegistryDirectory* registry,
             absl::Duration retry = absl::Seconds(10));
  void Stop();

 private:
  AgencyReadModel* model_;
  Tasks* tasks_;
  EventConsumer consumer_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread seeder_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_REGISTRY_FOLLOWER_H_
