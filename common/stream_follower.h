// Follows another service's event stream for this one, through the bus
// only: consumer group `<service>-<source>` on `{<source>}:events` (one
// consumer per replica, so replicas share the work), its bookkeeping under
// `{<service>}:<source>-events:` (seen ids, failures, parked entries). The
// stream may not exist yet when the service starts: the group is created
// with it. Delivery is at least once: an effect must happen once per event
// (WritePlan::SkipIfSeen on the event's id, or an effect that is the same
// done twice).
#ifndef NGOAIVU_COMMON_STREAM_FOLLOWER_H_
#define NGOAIVU_COMMON_STREAM_FOLLOWER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/event_consumer.h"
#include "common/redis_pool.h"

namespace ngoaivu {

// The consumer options of `service` following `source`'s stream; the
// group is `<service>-<source>` unless `group` names another (a service
// that follows every stream as one group, e.g. `notifications`).
EventConsumer::Options FollowerOptions(absl::string_view service,
                                       absl::string_view source,
                                       const std::string& consumer,
                                       absl::Duration block,
                                       absl::string_view group = "");

class StreamFollower {
 public:
  // What the service does with one event, within `deadline`.
  using Effect =
      std::function<absl::Status(const events::v1::Event&, absl::Time)>;

  // `redis`: a pool of its own (reads block a connection up to `block`).
  StreamFollower(std::unique_ptr<RedisPool> redis, absl::string_view service,
                 absl::string_view source, const std::string& consumer,
                 Effect effect, absl::Duration block = absl::Seconds(1),
                 absl::string_view group = "");
  ~StreamFollower();

  EventConsumer& consumer() { return consumer_; }
  void Start() { consumer_.Start(); }
  void RequestStop() { consumer_.RequestStop(); }
  void Stop() { consumer_.Stop(); }

 private:
  std::unique_ptr<RedisPool> redis_;
  Effect effect_;
  EventConsumer consumer_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_STREAM_FOLLOWER_H_
