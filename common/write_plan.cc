#include "common/write_plan.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/stored_events.h"

namespace ngoaivu {

std::string WritePlan::KeyIndex(absl::string_view key) {
  auto it = key_index_.find(key);
  if (it == key_index_.end()) {
    keys_.emplace_back(key);
    it = key_index_.emplace(std::string(key), keys_.size()).first;
  }
  return absl::StrCat(it->second);
}

void WritePlan::Op(absl::string_view name, std::vector<std::string> args) {
  args_.emplace_back(name);
  args_.push_back(absl::StrCat(args.size()));
  for (auto& a : args) args_.push_back(std::move(a));
}

void WritePlan::Replay(absl::string_view key, absl::string_view fingerprint) {
  repeatable_ = true;
  Op("replay", {KeyIndex(key), std::string(fingerprint)});
}

void WritePlan::RequireExists(absl::string_view key, absl::string_view code,
                              absl::string_view message) {
  Op("exists", {KeyIndex(key), std::string(code), std::string(message)});
}

void WritePlan::RequireAbsent(absl::string_view key, absl::string_view code,
                              absl::string_view message) {
  Op("absent", {KeyIndex(key), std::string(code), std::string(message)});
}

void WritePlan::RequireField(absl::string_view key, absl::string_view field,
                             absl::string_view value, absl::string_view code,
                             absl::string_view message) {
  Op("field", {KeyIndex(key), std::string(field), std::string(value),
               std::string(code), std::string(message)});
}

void WritePlan::RequireMember(absl::string_view key, absl::string_view member,
                              absl::string_view code,
                              absl::string_view message) {
  Op("member", {KeyIndex(key), std::string(member), std::string(code),
                std::string(message)});
}

void WritePlan::RequireNotMember(absl::string_view key,
                                 absl::string_view member,
                                 absl::string_view code,
                                 absl::string_view message) {
  Op("nonmember", {KeyIndex(key), std::string(member), std::string(code),
                   std::string(message)});
}

void WritePlan::RequireNoOverlap(absl::string_view key, int64_t first,
                                 int64_t last, absl::string_view exclude,
                                 absl::string_view code,
                                 absl::string_view message) {
  Op("no_overlap",
     {KeyIndex(key), absl::StrCat(first), absl::StrCat(last),
      std::string(exclude), std::string(code), std::string(message)});
}

void WritePlan::RequireCountBelow(absl::string_view key,
                                  absl::string_view field, int64_t limit,
                                  absl::string_view code,
                                  absl::string_view message) {
  Op("below", {KeyIndex(key), std::string(field), absl::StrCat(limit),
               std::string(code), std::string(message)});
}

void WritePlan::IntervalAdd(absl::string_view key, absl::string_view label,
                            int64_t first, int64_t last) {
  Op("zadds",
     {KeyIndex(key), absl::StrCat(label, "|", first), absl::StrCat(last)});
}

void WritePlan::IntervalRemove(absl::string_view key, absl::string_view label,
                               int64_t first) {
  Op("zrem", {KeyIndex(key), absl::StrCat(label, "|", first)});
}

void WritePlan::SkipIfSeen(absl::string_view seen_key, absl::string_view id,
                           absl::Time now) {
  repeatable_ = true;
  Op("once", {KeyIndex(seen_key), std::string(id),
              absl::StrCat(absl::ToUnixMillis(now))});
}

void WritePlan::OnlyIfNewer(absl::string_view key, absl::string_view field,
                            absl::string_view stream_id) {
  repeatable_ = true;
  Op("newer", {KeyIndex(key), std::string(field), std::string(stream_id)});
}

void WritePlan::HashSet(
    absl::string_view key,
    const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<std::string> args{KeyIndex(key)};
  for (const auto& [field, value] : fields) {
    args.push_back(field);
    args.push_back(value);
  }
  Op("hset", std::move(args));
}

void WritePlan::IndexAdd(absl::string_view key, absl::string_view member) {
  Op("zadd", {KeyIndex(key), std::string(member)});
}

void WritePlan::Append(absl::string_view key, absl::string_view value) {
  Op("rpush", {KeyIndex(key), std::string(value)});
}

void WritePlan::ScoredAdd(absl::string_view key, absl::string_view member,
                          int64_t score) {
  Op("zadds", {KeyIndex(key), std::string(member), absl::StrCat(score)});
}

void WritePlan::Increment(
    absl::string_view key,
    const std::vector<std::pair<std::string, int64_t>>& deltas) {
  std::vector<std::string> args{KeyIndex(key)};
  for (const auto& [field, delta] : deltas) {
    if (delta == 0) continue;
    args.push_back(field);
    args.push_back(absl::StrCat(delta));
  }
  if (args.size() > 1) Op("hincrby", std::move(args));
}

void WritePlan::IndexRemove(absl::string_view key, absl::string_view member) {
  Op("zrem", {KeyIndex(key), std::string(member)});
}

void WritePlan::RememberResponse(absl::string_view key,
                                 absl::string_view fingerprint,
                                 const std::string& response,
                                 absl::Duration ttl) {
  Op("response", {KeyIndex(key), std::string(fingerprint), response,
                  absl::StrCat(absl::ToInt64Milliseconds(ttl))});
}

void WritePlan::AppendEvent(absl::string_view stream, int64_t max_length,
                            const events::v1::Event& event,
                            absl::string_view history) {
  StoredEventBytes bytes = StoredBytesOf(event, !history.empty());
  if (!history.empty()) Append(history, bytes.history);
  Op("xadd", {KeyIndex(stream), absl::StrCat(max_length), "id", event.id(),
              "type", event.type(), "subject", event.subject(), "event",
              std::move(bytes.stream)});
}

namespace {

// The Function kept `held_back` entries of `stream` beyond its retention
// because a consumer group has not acknowledged them: a gauge, and a
// warning each time the count reaches another power of ten.
void ReportRetentionHeldBack(absl::string_view stream, int64_t held_back) {
  static auto& family = GaugeFamily(
      "ngoaivu_events_held_back_entries",
      "Entries kept beyond --events-max-length because a consumer group has "
      "not acknowledged them (0 when none)");
  static std::atomic<int64_t> last_value{0};
  static std::atomic<int64_t> last_reported{0};
  // Every event write reports; the usual case, nothing held back now or
  // before, costs an atomic exchange (a service writes one stream).
  if (last_value.exchange(held_back) == 0 && held_back == 0) return;
  GaugeOf(family, {{"stream", std::string(stream)}})
      .Set(static_cast<double>(held_back));
  int64_t threshold = 1;
  while (threshold * 10 <= held_back) threshold *= 10;
  const int64_t reported = last_reported.exchange(held_back == 0 ? 0 : threshold);
  if (held_back > 0 && threshold > reported) {
    LogWarning(
        "event stream retention held back: a consumer group has not "
        "acknowledged entries beyond --events-max-length (kept up to twice "
        "that, then trimmed unread)",
        {{"stream", std::string(stream)},
         {"held_back", absl::StrCat(held_back)}});
  }
}

}  // namespace

absl::StatusOr<WriteOutcome> WritePlan::Commit(RedisFunctions& functions,
                                               absl::Time deadline) const {
  auto reply =
      functions.Call("apply", keys_, args_, deadline, /*read_only=*/false,
                     repeatable_ ? RedisRetry::kSafe : RedisRetry::kIfReadOnly);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (IsError(r)) return StatusFromFunctionError(ReplyString(r));
  if (r->type != REDIS_REPLY_ARRAY || (r->elements != 2 && r->elements != 4)) {
    return absl::InternalError("unexpected reply from apply");
  }
  WriteOutcome outcome;
  const absl::string_view verdict = ReplyString(r->element[0]);
  if (verdict == "replay") {
    outcome.replayed = true;
    outcome.response = std::string(ReplyString(r->element[1]));
  } else {
    outcome.stream_id = std::string(ReplyString(r->element[1]));
  }
  if (r->elements == 4) {
    ReportRetentionHeldBack(ReplyString(r->element[3]), r->element[2]->integer);
  }
  return outcome;
}

}  // namespace ngoaivu
