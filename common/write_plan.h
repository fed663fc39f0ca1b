// A mutation as one atomic step: the checks and writes of a state change and
// its event, planned in C++ and run by the service's `<service>_apply` Redis
// Function (common/lua/store.lua), which checks everything before it writes
// anything.
#ifndef NGOAIVU_COMMON_WRITE_PLAN_H_
#define NGOAIVU_COMMON_WRITE_PLAN_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/mutation.h"
#include "common/redis_functions.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu {

class WritePlan {
 public:
  // Checks (run first, in order; the first failing one is the answer).
  // If the request recorded at `key` was answered before, return that
  // answer (INVALID_ARGUMENT if `key` holds another request's fingerprint).
  void Replay(absl::string_view key, absl::string_view fingerprint);
  void RequireExists(absl::string_view key, absl::string_view code,
                     absl::string_view message);
  void RequireAbsent(absl::string_view key, absl::string_view code,
                     absl::string_view message);
  // HGET key field must equal value (a missing key or field never does).
  void RequireField(absl::string_view key, absl::string_view field,
                    absl::string_view value, absl::string_view code,
                    absl::string_view message);
  void RequireMember(absl::string_view key, absl::string_view member,
                     absl::string_view code, absl::string_view message);
  void RequireNotMember(absl::string_view key, absl::string_view member,
                        absl::string_view code, absl::string_view message);
  // `key` is an interval index (IntervalAdd): no entry but `exclude` may
  // meet [first, last]. The failure's message has "{other}" replaced by the
  // label of the entry met.
  void RequireNoOverlap(absl::string_view key, int64_t first, int64_t last,
                        absl::string_view exclude, absl::string_view code,
                        absl::string_view message);
  // The counter `field` of hash `key` (0 when absent) must be below `limit`.
  void RequireCountBelow(absl::string_view key, absl::string_view field,
                         int64_t limit, absl::string_view code,
                         absl::string_view message);

  // Makes the plan a no-op success (replayed, empty response) when `id` is
  // already in the set `seen_key`, and adds it otherwise: how an effect
  // (an event handled, a reminder sent) happens once.
  void SkipIfSeen(absl::string_view seen_key, absl::string_view id,
                  absl::Time now);

  // Makes the plan a no-op success (replayed) when the hash `key` already
  // records, in `field`, the stream entry `stream_id` or a later one: how a
  // read model fed by several consumers keeps the latest state whatever
  // order the entries are handled in. The writes should set `field`.
  void OnlyIfNewer(absl::string_view key, absl::string_view field,
                   absl::string_view stream_id);

  // Writes (run only when every check holds).
  void HashSet(absl::string_view key,
               const std::vector<std::pair<std::string, std::string>>& fields);
  void IndexAdd(absl::string_view key, absl::string_view member);
  void IndexRemove(absl::string_view key, absl::string_view member);
  // An interval index: `label` covering [first, last] (e.g. day numbers),
  // stored as the member "<label>|<first>" scored by `last`, so the entries
  // that may meet an interval are one range read. Remove with the same
  // label and first.
  void IntervalAdd(absl::string_view key, absl::string_view label,
                   int64_t first, int64_t last);
  void IntervalRemove(absl::string_view key, absl::string_view label,
                      int64_t first);
  // Appends `value` to the list `key` (append-only records).
  void Append(absl::string_view key, absl::string_view value);
  // A sorted set ordered by `score` (e.g. a due day).
  void ScoredAdd(absl::string_view key, absl::string_view member,
                 int64_t score);
  // Adds each delta to its field of the hash `key` (counters kept beside the
  // records, so a report reads a few numbers instead of every record); a
  // field that reaches zero is removed.
  void Increment(absl::string_view key,
                 const std::vector<std::pair<std::string, int64_t>>& deltas);
  // Keeps `response` at `key` for `ttl`, for retries of the request.
  void RememberResponse(absl::string_view key, absl::string_view fingerprint,
                        const std::string& response, absl::Duration ttl);
  // Appends `event` to `stream` (trimmed to about `max_length`) and, when
  // `history` is given, to that never-trimmed list of the subject's events.
  void AppendEvent(absl::string_view stream, int64_t max_length,
                   const events::v1::Event& event,
                   absl::string_view history = {});

  // Runs the plan. A failed check becomes the status it names.
  absl::StatusOr<WriteOutcome> Commit(RedisFunctions& functions,
                                      absl::Time deadline) const;

  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<std::string>& args() const { return args_; }

 private:
  std::string KeyIndex(absl::string_view key);
  void Op(absl::string_view name, std::vector<std::string> args);

  std::vector<std::string> keys_;
  std::map<std::string, size_t, std::less<>> key_index_;
  std::vector<std::string> args_;
  // A check makes running the plan twice the same as once (a replayed
  // request, an event seen, an older entry): safe to send again when the
  // connection it went out on was found dead.
  bool repeatable_ = false;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_WRITE_PLAN_H_
