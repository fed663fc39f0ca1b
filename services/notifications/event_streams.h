// The two server streams: StreamEvents (every service's events, merged in
// commit order per stream, as the caller may read them, each with a cursor
// to resume from without gap or duplicate, heartbeats while idle) and
// WatchNotifications (an inbox's new notifications as they arrive). Both
// follow the process's stream tails, stepped by the stream hub without a
// thread each; a reader that falls behind catches up from Redis by itself.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_STREAMS_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_STREAMS_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "common/call_context.h"
#include "ngoaivu/notifications/v1/notifications_service.pb.h"
#include "services/notifications/inbox.h"
#include "services/notifications/stream_hub.h"
#include "services/notifications/stream_tail.h"

namespace ngoaivu::notifications {

struct EventStreamOptions {
  absl::Duration heartbeat = absl::Seconds(15);
  // Entries a reader may have waiting before it catches up from Redis.
  size_t buffer = 4096;
};

class EventStreams {
 public:
  // `sources` are the services' streams (StreamEvents); `inbox_events` is
  // this service's own (WatchNotifications). `reads` serves catch-up reads;
  // `hub` steps the open streams.
  EventStreams(RedisPool* reads, std::vector<StreamTail*> sources,
               StreamTail* inbox_events, Inbox* inbox, StreamHub* hub,
               EventStreamOptions options);

  // Opens a stream writing serialized responses to `output`, or says why
  // the request cannot be served (nothing is written then).
  absl::StatusOr<std::shared_ptr<OpenStream>> StreamEvents(
      const CallContext& call, const v1::StreamEventsRequest& r,
      StreamOutput* output) const;
  absl::StatusOr<std::shared_ptr<OpenStream>> WatchNotifications(
      const CallContext& call, const v1::WatchNotificationsRequest& r,
      StreamOutput* output) const;

  // How often a reader fell behind its queue and caught up from Redis.
  int64_t catch_ups() const { return hub_->catch_ups(); }

 private:
  // OUT_OF_RANGE when entries after `cursor` in some stream were trimmed
  // before the reader got them, naming the oldest cursor still kept.
  absl::Status CheckRetained(const EventCursor& cursor) const;

  // The inbox's unread count as read after its notification `entry` was
  // committed: once for all of the agency's watchers, not once each.
  std::optional<int64_t> UnreadAfter(const std::string& agency,
                                     const StreamId& entry) const;

  RedisPool* reads_;
  std::vector<StreamTail*> sources_;
  StreamTail* inbox_events_;
  Inbox* inbox_;
  StreamHub* hub_;
  EventStreamOptions options_;
  mutable std::mutex unread_mutex_;
  // By agency: the newest notification entry seen, and the count after it
  // (guarded by unread_mutex_).
  mutable absl::flat_hash_map<std::string, std::pair<StreamId, int64_t>>
      unread_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_STREAMS_H_
