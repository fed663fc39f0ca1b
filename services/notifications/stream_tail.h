// One service's event stream read as it grows, by one blocking reader per
// process, and handed to every local reader that asked (the public event
// streams and the inbox watchers): one Redis connection per stream, however
// many callers follow it. Each reader has a bounded queue; a reader that
// falls behind is marked overflowed and catches up from Redis on its own,
// so it never holds up the tail or the other readers.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_STREAM_TAIL_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_STREAM_TAIL_H_

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/redis_pool.h"
#include "services/notifications/event_cursor.h"

namespace ngoaivu::notifications {

struct TailEntry {
  std::string source;  // "tasks"
  StreamId id;
  std::string type;
  std::string subject;
  std::string event;  // a serialized events::v1::Event
};
using SharedEntry = std::shared_ptr<const TailEntry>;

// What one reader has not taken yet, at most `capacity` entries, of those
// `wanted` accepts (null: all). `on_ready` (may be null) is called after
// entries arrive or the queue overflows, under the tail's lock: it must
// only wake the reader.
class TailQueue {
 public:
  explicit TailQueue(size_t capacity, std::function<void()> on_ready = nullptr,
                     std::function<bool(const TailEntry&)> wanted = nullptr)
      : capacity_(capacity),
        on_ready_(std::move(on_ready)),
        wanted_(std::move(wanted)) {}

  // Adds `entries`, or marks the queue overflowed when they do not fit.
  void Push(const std::vector<SharedEntry>& entries);
  // What is queued, at once (the reader is woken by `on_ready`).
  std::vector<SharedEntry> TakeAll();
  bool overflowed() const;

 private:
  const size_t capacity_;
  const std::function<void()> on_ready_;
  const std::function<bool(const TailEntry&)> wanted_;
  // Standard primitives here and in StreamTail: the ThreadSanitizer run
  // sees them with the Debian Abseil, which is not built for it.
  mutable std::mutex mutex_;
  std::deque<SharedEntry> entries_;  // guarded by mutex_
  bool overflowed_ = false;          // guarded by mutex_
};

class StreamTail {
 public:
  // `source` names the stream in cursors ("tasks"); `stream` is its key
  // ("{tasks}:events"). The tail owns a connection of its own.
  StreamTail(const RedisPool::Options& redis, std::string source,
             std::string stream, absl::Duration block = absl::Seconds(1));
  ~StreamTail();

  void Start();
  // Asks the thread to end after its current read, without waiting.
  void RequestStop() { running_ = false; }
  void Stop();

  // Hands every entry after the returned position to `queue` until
  // Unsubscribe. Nothing while the tail has not reached Redis yet.
  std::optional<StreamId> Subscribe(std::shared_ptr<TailQueue> queue);
  void Unsubscribe(const TailQueue* queue);

  const std::string& source() const { return source_; }
  const std::string& stream() const { return stream_; }

 private:
  void Run();
  absl::Status FindStart();
  absl::Status ReadMore();

  std::unique_ptr<RedisPool> redis_;
  const std::string source_;
  const std::string stream_;
  const absl::Duration block_;
  std::atomic<bool> running_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::optional<StreamId> last_;                     // guarded by mutex_
  std::vector<std::shared_ptr<TailQueue>> readers_;  // guarded by mutex_
};

// The entries of `stream` after `after`, up to `until` (inclusive), at most
// `count`, oldest first.
absl::StatusOr<std::vector<SharedEntry>> ReadStreamRange(
    RedisPool& redis, const std::string& source, const std::string& stream,
    StreamId after, StreamId until, int count, absl::Time deadline);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_STREAM_TAIL_H_
