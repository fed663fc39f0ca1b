// The two server streams: StreamEvents (every service's events, merged in
// commit order per stream, as the caller may read them, each with a cursor
// to resume from without gap or duplicate, heartbeats while idle) and
// WatchNotifications (an inbox's new notifications as they arrive). Both
// follow the process's stream tails; a reader that falls behind catches up
// from Redis by itself.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_STREAMS_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_STREAMS_H_

#include <atomic>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "common/call_context.h"
#include "ngoaivu/notifications/v1/notifications_service.pb.h"
#include "services/notifications/inbox.h"
#include "services/notifications/stream_tail.h"

namespace ngoaivu::notifications {

// Where a server stream writes; false when the caller has gone.
template <typename Response>
struct StreamSink {
  std::function<bool(const Response&)> write;
  std::function<bool()> cancelled;
};

struct EventStreamOptions {
  absl::Duration heartbeat = absl::Seconds(15);
  // Entries a reader may have waiting before it catches up from Redis.
  size_t buffer = 4096;
};

class EventStreams {
 public:
  // What an entry came to.
  enum class Sent { kSkipped, kWritten, kCallerGone };

  // `sources` are the services' streams (StreamEvents); `inbox_events` is
  // this service's own (WatchNotifications). `reads` serves catch-up reads.
  EventStreams(RedisPool* reads, std::vector<StreamTail*> sources,
               StreamTail* inbox_events, Inbox* inbox,
               EventStreamOptions options);

  absl::Status StreamEvents(
      const CallContext& call, const v1::StreamEventsRequest& r,
      const StreamSink<v1::StreamEventsResponse>& sink) const;
  absl::Status WatchNotifications(
      const CallContext& call, const v1::WatchNotificationsRequest& r,
      const StreamSink<v1::WatchNotificationsResponse>& sink) const;

  // How often a reader fell behind its queue and caught up from Redis.
  int64_t catch_ups() const { return catch_ups_.load(); }

 private:
  // Follows `tails` from `cursor` (a source it lacks: from now), calling
  // `entry` for each entry, each stream in order, and `idle` after each
  // heartbeat period with nothing written, until the caller is gone.
  absl::Status Follow(
      const std::vector<StreamTail*>& tails, EventCursor cursor,
      const std::function<Sent(const TailEntry&, const EventCursor&)>& entry,
      const std::function<bool(const EventCursor&)>& idle,
      const std::function<bool()>& stopped) const;

  // OUT_OF_RANGE when entries after `cursor` in some stream were trimmed
  // before the reader got them, naming the oldest cursor still kept.
  absl::Status CheckRetained(const EventCursor& cursor) const;

  // Reads from Redis what lies between `cursor` and `until` (where the
  // tails stood when the queue was subscribed). False: the caller is gone.
  absl::StatusOr<bool> CatchUp(
      const std::vector<StreamTail*>& tails, const EventCursor& until,
      EventCursor* cursor,
      const std::function<Sent(const TailEntry&, const EventCursor&)>& entry,
      const std::function<bool()>& stopped) const;

  RedisPool* reads_;
  std::vector<StreamTail*> sources_;
  StreamTail* inbox_events_;
  Inbox* inbox_;
  EventStreamOptions options_;
  mutable std::atomic<int64_t> catch_ups_{0};
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_STREAMS_H_
