// Consumes a service's event stream through a Redis consumer group.
// Delivery is at least once; effects happen once:
// - entries are acknowledged (XACK) only after the handler succeeded;
// - after a restart the consumer first re-reads its own pending entries;
// - entries left pending by a dead consumer are taken over (XAUTOCLAIM)
//   once they have been idle for `claim_idle`;
// - an entry that failed `max_deliveries` times is parked in a dead-letter
//   stream and acknowledged, so one poison event cannot stop the rest;
// - ids of handled events are kept in `seen_key`; a handler that writes to
//   Redis should add WritePlan::SkipIfSeen(seen_key, event id) to its plan so
//   the effect and the mark are one atomic step.
#ifndef NGOAIVU_COMMON_EVENT_CONSUMER_H_
#define NGOAIVU_COMMON_EVENT_CONSUMER_H_

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/redis_pool.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu {

struct StreamEvent {
  std::string stream_id;  // the entry's id in the stream
  events::v1::Event event;
};

class EventConsumer {
 public:
  struct Options {
    std::string stream;              // e.g. "{registry}:events"
    std::string group;               // e.g. "tasks-agencies"
    std::string consumer;            // unique per replica
    std::string seen_key;            // sorted set of handled event ids
    std::string failures_key;        // hash: entry id -> failed deliveries
    std::string dead_letter_stream;  // where poison entries are parked
    int batch = 64;
    absl::Duration block = absl::Seconds(1);
    absl::Duration claim_idle = absl::Seconds(30);
    int max_deliveries = 5;
    // Handled ids are remembered this long (older ones are trimmed).
    absl::Duration seen_ttl = absl::Hours(24 * 7);
    // How often a pass also takes over idle entries, re-reads its own
    // pending ones and trims the remembered ids (and every pass after a
    // failure); never less often than `claim_idle`.
    absl::Duration housekeeping = absl::Seconds(1);
  };
  using Handler = std::function<absl::Status(const StreamEvent&)>;

  // `redis` should be a pool of its own: XREADGROUP blocks a connection.
  EventConsumer(RedisPool* redis, Options options, Handler handler);
  ~EventConsumer();

  // Creates the group (from the start of the stream) if it is missing.
  absl::Status EnsureGroup();
  // One pass: take over idle entries of dead consumers, re-read this
  // consumer's pending entries, then read new ones (blocking up to
  // `block`). Returns how many entries were handled successfully.
  absl::StatusOr<int> PollOnce();

  // How many entries were trimmed from the stream before this group read
  // them (the stream is capped; a group far enough behind loses its oldest
  // unread entries). Checked with the housekeeping, which logs an error
  // and adds to ngoaivu_consumer_trimmed_unread_total when it grows; the
  // group's lag (entries not yet delivered) is ngoaivu_consumer_lag_entries.
  absl::StatusOr<int64_t> EntriesLostToTrimming();

  // Runs PollOnce in a thread until Stop().
  void Start();
  // Asks the thread to end after its current pass, without waiting: a
  // process stopping several consumers asks them all first, then Stop()s
  // each, so their blocked reads end together.
  void RequestStop() { running_ = false; }
  void Stop();

 private:
  absl::StatusOr<int> HandleEntries(const redisReply* entries);
  absl::Status Deliver(const redisReply* entry, int* handled);
  void Count(const char* outcome) const;
  void RecordApplied(const StreamEvent& delivery) const;
  void RecordPending();
  void RecordPosition();
  int64_t reported_lost_ = 0;  // housekeeping thread only
  absl::Status Acknowledge(const std::string& stream_id,
                           const std::string& event_id);
  absl::Status DeadLetter(const std::string& stream_id,
                          absl::string_view payload, absl::string_view reason);
  absl::Time Deadline() const;

  RedisPool* redis_;
  Options options_;
  Handler handler_;
  // Touched by the polling thread only.
  absl::Time next_housekeeping_ = absl::InfinitePast();
  bool retry_pending_ = false;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

// A consumer name unique to this process: "<service>-<host>-<pid>". A
// restarted process gets a new name; what its old self left pending is
// taken over after `claim_idle`.
std::string ConsumerName(absl::string_view service);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_EVENT_CONSUMER_H_
