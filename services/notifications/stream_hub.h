// The open server streams (StreamEvents, WatchNotifications) of one
// process, served without a thread each: a stream is a small state machine
// (OpenStream) that a few shared workers step whenever it has something to
// do — its tail queue got entries, its last messages were written, its
// heartbeat is due, its caller left or the server is stopping — and that
// otherwise holds no thread at all. gRPC's callback API writes its messages
// (services/notifications/notifications_service.cc); a test can stand in
// for it with any StreamOutput.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_STREAM_HUB_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_STREAM_HUB_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/notifications/event_cursor.h"
#include "services/notifications/stream_tail.h"

namespace ngoaivu::notifications {

class OpenStream;

// Where an open stream's messages go. Send is never called again before
// the stream's OnSent for the last one; Finish comes once, last, with no
// Send in flight.
class StreamOutput {
 public:
  virtual ~StreamOutput() = default;
  // Writes `messages` (serialized responses) in order, then calls the
  // stream's OnSent (false: the caller is gone).
  virtual void Send(std::vector<std::string> messages) = 0;
  virtual void Finish(const absl::Status& status) = 0;
};

// What a stream follows and how its entries become messages.
struct FollowSpec {
  std::vector<StreamTail*> tails;
  // Where each source starts (exclusive); a source it lacks: from now.
  EventCursor cursor;
  // Runs before following (e.g. is the cursor still kept?); may be null.
  std::function<absl::Status()> check;
  // Whether the stream may want an entry at all (a cheap test on its type
  // and subject, made on the tail's thread so that entries for others do
  // not wake it); null: every entry.
  std::function<bool(const TailEntry&)> wanted;
  // The message for an entry, given the cursor just past it, or nothing to
  // skip it. Runs on a worker and may call Redis.
  std::function<std::optional<std::string>(const TailEntry&,
                                           const EventCursor&)>
      render;
  // The message sent once the backlog is sent, then after each heartbeat
  // period with nothing written; null: none.
  std::function<std::string(const EventCursor&)> heartbeat;
  absl::Duration heartbeat_period = absl::Seconds(15);
  // Entries that may wait for the stream before it catches up from Redis.
  size_t buffer = 4096;
  // Reads the backlog between a cursor and where the tails stand.
  RedisPool* reads = nullptr;
  // The metric label: the RPC's name.
  std::string method;
};

class StreamHub {
 public:
  // `workers` threads step every open stream of the process.
  explicit StreamHub(int workers,
                     absl::Duration tick = absl::Milliseconds(250));
  ~StreamHub();
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  // A stream following `spec` into `output` (valid until its Finish), to
  // Start once the output can take its messages. UNAVAILABLE once the hub
  // is stopping.
  absl::StatusOr<std::shared_ptr<OpenStream>> Open(FollowSpec spec,
                                                   StreamOutput* output);
  // Ends every open stream (UNAVAILABLE: resume from the last cursor
  // elsewhere), refuses new ones, and waits up to `wait` until none is open
  // (a caller not reading holds its stream); true if none is.
  bool StopAll(absl::Duration wait);
  // Stops the workers (after StopAll and the server's own shutdown).
  void Shutdown();

  size_t open() const;
  // How often a stream fell behind its queue and caught up from Redis.
  int64_t catch_ups() const { return catch_ups_.load(); }

 private:
  friend class OpenStream;
  void Post(std::function<void()> task);
  void Forget(const OpenStream* stream);
  void WorkLoop();
  void TickLoop();

  const absl::Duration tick_;
  // Standard primitives (not Abseil's) here and in OpenStream: the
  // ThreadSanitizer run sees them with the Debian Abseil, which is not
  // built for it.
  mutable std::mutex mutex_;
  std::condition_variable work_;     // a task was posted, or shut down
  std::condition_variable changed_;  // a stream was forgotten, or shut down
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  absl::flat_hash_map<const OpenStream*, std::weak_ptr<OpenStream>> open_;
  bool stopping_ = false;   // guarded by mutex_
  bool shut_down_ = false;  // guarded by mutex_
  std::atomic<int64_t> catch_ups_{0};
  std::vector<std::thread> workers_;
  std::thread ticker_;
};

// One open stream. Its steps run on one worker at a time, so what only
// they touch needs no lock.
class OpenStream : public std::enable_shared_from_this<OpenStream> {
 public:
  OpenStream(StreamHub* hub, FollowSpec spec, StreamOutput* output);

  void Start() { Schedule(); }
  // The output wrote the last Send (false: the caller is gone).
  void OnSent(bool ok);
  // The caller cancelled or went away.
  void CallerGone();

 private:
  friend class StreamHub;
  enum class Phase { kCheck, kSubscribe, kCatchUp, kLive, kDone };
  // What one step came to: messages to send, the end of the stream, or
  // nothing to do until woken.
  struct Step {
    std::vector<std::string> messages;
    std::optional<absl::Status> end;
  };

  void Schedule();
  void Stop();
  bool HeartbeatDue(absl::Time now) const;
  void Run();
  Step Next();
  Step Subscribe();
  Step CatchUp();
  Step Live();
  void Unsubscribe();
  void Finish(const absl::Status& status);

  StreamHub* const hub_;
  const FollowSpec spec_;
  StreamOutput* const output_;

  std::mutex mutex_;  // guards the five flags below
  bool scheduled_ = false;
  bool woken_ = false;
  bool sending_ = false;
  bool caller_gone_ = false;
  bool stopping_ = false;
  std::atomic<bool> live_{false};
  std::atomic<int64_t> last_sent_ns_{0};

  // Touched by steps only.
  Phase phase_ = Phase::kCheck;
  EventCursor cursor_;
  EventCursor until_;
  size_t catching_up_ = 0;  // index into spec_.tails
  bool said_caught_up_ = false;
  std::shared_ptr<TailQueue> queue_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_STREAM_HUB_H_
