// Follows the registry's event stream for a service: consumer group
// `<service>-registry` on `{registry}:events` (one consumer per replica),
// keeps the service's registry read model, then hands each event to the
// service's own effects (tasks moves a merged agency's obligations, say).
// Effects must be safe to repeat: delivery is at least once. On start it
// also seeds the read model from the registry's lists once, retrying while
// the registry is unreachable.
#ifndef NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_FOLLOWER_H_
#define NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_FOLLOWER_H_

#include <functional>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "common/event_consumer.h"
#include "common/registry_client/registry_read_model.h"

namespace ngoaivu {

class RegistryFollower {
 public:
  // What the service does with a registry event, after the read model took
  // it in; called with a deadline for the effect.
  using Effects =
      std::function<absl::Status(const events::v1::Event&, absl::Time)>;

  // `consumer_redis`: a pool of its own (reads block a connection, up to
  // `block`); `consumer`: unique per replica; `effects` may be empty.
  RegistryFollower(RedisPool* consumer_redis, RegistryReadModel* model,
                   absl::string_view service, const std::string& consumer,
                   Effects effects, absl::Duration block = absl::Seconds(1));
  ~RegistryFollower();

  // One event: the read model, then the effects.
  absl::Status Handle(const StreamEvent& entry);

  EventConsumer& consumer() { return consumer_; }

  // Follows the stream in a thread, and seeds the read model from
  // `registry`'s lists once (retrying every `retry` while the registry is
  // unreachable) in another.
  void Start(RegistryDirectory* registry,
             absl::Duration retry = absl::Seconds(10));
  void Stop();

 private:
  RegistryReadModel* model_;
  Effects effects_;
  EventConsumer consumer_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread seeder_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_FOLLOWER_H_
