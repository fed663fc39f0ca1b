// The streams the notifications service reads: every source service's
// events (followed as one consumer group, `notifications`, and tailed for
// StreamEvents) and its own inbox events (tailed for WatchNotifications).
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_SOURCES_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_SOURCES_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/stream_follower.h"
#include "services/notifications/stream_tail.h"

namespace ngoaivu::notifications {

inline constexpr const char* kSources[] = {"registry", "tasks", "delegations"};

// A tail per source and one of the inbox events, started and stopped
// together.
class Tails {
 public:
  Tails(const RedisPool::Options& redis, absl::Duration block);

  const std::vector<StreamTail*>& sources() const { return sources_; }
  StreamTail* inbox() { return inbox_.get(); }
  void Start();
  // Asks every tail to end after its current read, without waiting.
  void RequestStop();
  void Stop();

 private:
  std::vector<std::unique_ptr<StreamTail>> owned_;
  std::vector<StreamTail*> sources_;
  std::unique_ptr<StreamTail> inbox_;
};

// `per_source` followers per source (consumers `<consumer>-<i>` in the
// group `notifications`, so one process dispatches that many events of a
// stream at once), each on a pool `new_pool` makes, handing every event to
// `dispatch`.
std::vector<std::unique_ptr<StreamFollower>> FollowEverySource(
    const std::function<std::unique_ptr<RedisPool>()>& new_pool,
    const std::string& consumer, const StreamFollower::Effect& dispatch,
    absl::Duration block, int per_source = 1);

// Stops `followers` and `tails` together: their blocked reads end at once,
// so the process exits within a second.
void StopFollowing(std::vector<std::unique_ptr<StreamFollower>>& followers,
                   Tails& tails);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_SOURCES_H_
