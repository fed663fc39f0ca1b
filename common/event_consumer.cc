#include "common/event_consumer.h"

#include <unistd.h>

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/stored_events.h"
#include "common/trace_context.h"

namespace ngoaivu {
namespace {

// Whether stream id `a` ("<ms>-<seq>") comes before `b`.
bool StreamIdBefore(absl::string_view a, absl::string_view b) {
  auto parts = [](absl::string_view id) {
    const size_t dash = id.find('-');
    uint64_t ms = 0, seq = 0;
    (void)absl::SimpleAtoi(id.substr(0, dash), &ms);
    if (dash != absl::string_view::npos) {
      (void)absl::SimpleAtoi(id.substr(dash + 1), &seq);
    }
    return std::make_pair(ms, seq);
  };
  return parts(a) < parts(b);
}

}  // namespace

EventConsumer::EventConsumer(RedisPool* redis, Options options, Handler handler)
    : redis_(redis),
      options_(std::move(options)),
      handler_(std::move(handler)) {}

EventConsumer::~EventConsumer() { Stop(); }

absl::Time EventConsumer::Deadline() const {
  return absl::Now() + options_.block + redis_->options().command_timeout;
}

absl::Status EventConsumer::EnsureGroup() {
  auto reply = redis_->Command(
      {"XGROUP", "CREATE", options_.stream, options_.group, "0", "MKSTREAM"},
      Deadline());
  if (!reply.ok()) return reply.status();
  if (IsError(reply->get()) &&
      !absl::StrContains(ReplyString(reply->get()), "BUSYGROUP")) {
    return absl::InternalError(std::string(ReplyString(reply->get())));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> EventConsumer::PollOnce() {
  int handled = 0;
  const std::string count = absl::StrCat(options_.batch);
  // Steps 1 and 2 and the trimming are housekeeping: each pass after a
  // failure (to retry it), otherwise once per `housekeeping` interval, so a
  // busy stream costs one read per pass.
  const bool housekeeping = retry_pending_ || absl::Now() >= next_housekeeping_;
  if (housekeeping) {
    retry_pending_ = false;
    next_housekeeping_ =
        absl::Now() + std::min(options_.housekeeping, options_.claim_idle);
  }
  // 1. Entries a dead consumer left pending for too long become ours.
  if (housekeeping) {
    auto reply = redis_->Command(
        {"XAUTOCLAIM", options_.stream, options_.group, options_.consumer,
         absl::StrCat(absl::ToInt64Milliseconds(options_.claim_idle)), "0-0",
         "COUNT", count},
        Deadline());
    if (!reply.ok()) return reply.status();
    if (IsError(reply->get())) {
      if (absl::StrContains(ReplyString(reply->get()), "NOGROUP")) {
        if (absl::Status s = EnsureGroup(); !s.ok()) return s;
      } else {
        return absl::InternalError(std::string(ReplyString(reply->get())));
      }
    }
  }
  // 2. Our own pending entries (after a restart, or after failures), then
  // 3. new entries.
  for (const char* from : {"0", ">"}) {
    if (!housekeeping && absl::string_view(from) == "0") continue;
    std::vector<std::string> command{"XREADGROUP",      "GROUP", options_.group,
                                     options_.consumer, "COUNT", count};
    const bool fresh = absl::string_view(from) == ">";
    if (fresh) {
      command.push_back("BLOCK");
      command.push_back(
          absl::StrCat(absl::ToInt64Milliseconds(options_.block)));
    }
    command.insert(command.end(), {"STREAMS", options_.stream, from});
    auto reply = redis_->Command(command, Deadline());
    if (!reply.ok()) return reply.status();
    const redisReply* r = reply->get();
    if (IsError(r)) {
      if (absl::StrContains(ReplyString(r), "NOGROUP")) {
        if (absl::Status s = EnsureGroup(); !s.ok()) return s;
        return handled;
      }
      return absl::InternalError(std::string(ReplyString(r)));
    }
    if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) continue;
    // [[stream, [entry...]]]
    const redisReply* stream = r->element[0];
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements < 2) continue;
    auto n = HandleEntries(stream->element[1]);
    if (!n.ok()) return n.status();
    handled += *n;
  }
  // Trim remembered ids now and then; cheap when nothing is old.
  if (!housekeeping) return handled;
  RecordPending();
  RecordPosition();
  redis_
      ->Command({"ZREMRANGEBYSCORE", options_.seen_key, "-inf",
                 absl::StrCat(
                     "(", absl::ToUnixMillis(absl::Now() - options_.seen_ttl))},
                Deadline())
      .IgnoreError();
  return handled;
}

absl::StatusOr<int> EventConsumer::HandleEntries(const redisReply* entries) {
  int handled = 0;
  if (entries->type != REDIS_REPLY_ARRAY) return handled;
  for (size_t i = 0; i < entries->elements; ++i) {
    if (absl::Status s = Deliver(entries->element[i], &handled); !s.ok()) {
      return s;
    }
  }
  return handled;
}

absl::Status EventConsumer::Deliver(const redisReply* entry, int* handled) {
  if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 2) {
    return absl::OkStatus();
  }
  const std::string stream_id(ReplyString(entry->element[0]));
  const redisReply* fields = entry->element[1];
  if (fields == nullptr || fields->type != REDIS_REPLY_ARRAY) {
    // Trimmed from the stream while pending: nothing left to deliver.
    return Acknowledge(stream_id, "");
  }
  const std::string payload = EventBytesOfStreamEntry(fields);
  StreamEvent delivery;
  delivery.stream_id = stream_id;
  if (!delivery.event.ParseFromString(payload) || delivery.event.id().empty()) {
    return DeadLetter(stream_id, payload, "not an ngoaivu.events.v1.Event");
  }
  auto seen = redis_->Command(
      {"ZSCORE", options_.seen_key, delivery.event.id()}, Deadline());
  if (!seen.ok()) return seen.status();
  if ((*seen)->type == REDIS_REPLY_STRING) {
    Count("duplicate");
    return Acknowledge(stream_id, delivery.event.id());
  }
  // What the effect calls (the registry, say) continues the event's trace.
  ScopedTrace trace(delivery.event.traceparent());
  absl::Status result = handler_(delivery);
  if (result.ok()) {
    ++*handled;
    RecordApplied(delivery);
    return Acknowledge(stream_id, delivery.event.id());
  }
  Count("failed");
  auto failures = redis_->Command(
      {"HINCRBY", options_.failures_key, stream_id, "1"}, Deadline());
  if (!failures.ok()) return failures.status();
  const long long count = (*failures)->integer;
  LogWarning("event handler failed", {{"stream", options_.stream},
                                      {"group", options_.group},
                                      {"entry", stream_id},
                                      {"event_type", delivery.event.type()},
                                      {"attempt", absl::StrCat(count)},
                                      {"error", result.ToString()}});
  if (count >= options_.max_deliveries) {
    return DeadLetter(stream_id, payload, result.ToString());
  }
  retry_pending_ = true;
  return absl::OkStatus();  // stays pending: retried on the next pass
}

void EventConsumer::Count(const char* outcome) const {
  static auto& consumed = CounterFamily(
      "ngoaivu_events_consumed_total",
      "Stream entries a consumer group handled, by outcome: applied, "
      "duplicate (seen before), failed (to be retried), dead_letter");
  CounterOf(consumed, {{"stream", options_.stream},
                       {"group", options_.group},
                       {"outcome", outcome}})
      .Increment();
}

void EventConsumer::RecordApplied(const StreamEvent& delivery) const {
  static auto& lags = HistogramFamily(
      "ngoaivu_event_lag_seconds",
      "From an event's commit to its effect's, by stream and group");
  Count("applied");
  const auto& time = delivery.event.time();
  const absl::Duration lag =
      absl::Now() -
      (absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos()));
  HistogramOf(lags, {{"stream", options_.stream}, {"group", options_.group}})
      .Observe(Seconds(lag));
  LogInfo("event consumed",
          {{"stream", options_.stream},
           {"group", options_.group},
           {"entry", delivery.stream_id},
           {"event_id", delivery.event.id()},
           {"event_type", delivery.event.type()},
           {"lag_ms", absl::StrCat(absl::ToInt64Milliseconds(lag))},
           {"traceparent", delivery.event.traceparent()}});
}

void EventConsumer::RecordPending() {
  static auto& pending = GaugeFamily(
      "ngoaivu_consumer_pending_entries",
      "Entries delivered to a consumer group and not yet acknowledged");
  auto reply = redis_->Command({"XPENDING", options_.stream, options_.group},
                               Deadline());
  if (!reply.ok() || (*reply)->type != REDIS_REPLY_ARRAY ||
      (*reply)->elements == 0) {
    return;
  }
  GaugeOf(pending, {{"stream", options_.stream}, {"group", options_.group}})
      .Set(static_cast<double>((*reply)->element[0]->integer));
}

absl::StatusOr<int64_t> EventConsumer::EntriesLostToTrimming() {
  auto stream =
      redis_->Command({"XINFO", "STREAM", options_.stream}, Deadline());
  if (!stream.ok()) return stream.status();
  auto groups =
      redis_->Command({"XINFO", "GROUPS", options_.stream}, Deadline());
  if (!groups.ok()) return groups.status();
  if (IsError(stream->get()) || IsError(groups->get())) {
    return absl::UnavailableError(absl::StrCat(
        "XINFO ", options_.stream, ": ",
        ReplyString(IsError(stream->get()) ? stream->get() : groups->get())));
  }
  const redisReply* mine = nullptr;
  for (size_t i = 0; i < (*groups)->elements; ++i) {
    if (ReplyString(InfoField((*groups)->element[i], "name")) ==
        options_.group) {
      mine = (*groups)->element[i];
    }
  }
  static auto& lag = GaugeFamily(
      "ngoaivu_consumer_lag_entries",
      "Entries of the stream not yet delivered to the consumer group");
  const redisReply* behind = InfoField(mine, "lag");
  if (behind != nullptr && behind->type == REDIS_REPLY_INTEGER) {
    GaugeOf(lag, {{"stream", options_.stream}, {"group", options_.group}})
        .Set(static_cast<double>(behind->integer));
  }
  // A group whose last read entry is still in the stream (or newer than
  // its first) lost nothing. This is asked first because Redis 7.0 does
  // not replay a group's read count from its append-only file or to its
  // replicas (redis/redis#12898, fixed in 7.2): after a restart or a
  // failover the count is too low, and the sum below would report entries
  // lost that were read.
  const redisReply* first = InfoField(stream->get(), "first-entry");
  const redisReply* last_read = InfoField(mine, "last-delivered-id");
  if (first != nullptr && first->type == REDIS_REPLY_ARRAY &&
      first->elements > 0 && last_read != nullptr &&
      !StreamIdBefore(ReplyString(last_read), ReplyString(first->element[0]))) {
    return 0;
  }
  // Entries are numbered as added; the stream holds the last `length` of
  // them. A group that has read fewer than those before them lost the
  // difference to trimming. (Redis cannot always count what a group read,
  // e.g. after XGROUP SETID to an arbitrary id: then nothing is counted.)
  const redisReply* added = InfoField(stream->get(), "entries-added");
  const redisReply* length = InfoField(stream->get(), "length");
  const redisReply* read = InfoField(mine, "entries-read");
  for (const redisReply* n : {added, length, read}) {
    if (n == nullptr || n->type != REDIS_REPLY_INTEGER) return 0;
  }
  return std::max<int64_t>(0, added->integer - length->integer - read->integer);
}

void EventConsumer::RecordPosition() {
  auto lost = EntriesLostToTrimming();
  if (!lost.ok() || *lost <= reported_lost_) return;
  static auto& alarms = CounterFamily(
      "ngoaivu_consumer_trimmed_unread_total",
      "Entries trimmed from the stream before the consumer group read them");
  CounterOf(alarms, {{"stream", options_.stream}, {"group", options_.group}})
      .Increment(static_cast<double>(*lost - reported_lost_));
  LogError(
      "events trimmed from the stream before this group read them",
      {{"stream", options_.stream},
       {"group", options_.group},
       {"lost", absl::StrCat(*lost - reported_lost_)},
       {"remedy",
        "the group fell more than the stream's length behind; rebuild "
        "what it maintains from the records (docs/performance.md, \"Stream "
        "retention\")"}});
  reported_lost_ = *lost;
}

absl::Status EventConsumer::Acknowledge(const std::string& stream_id,
                                        const std::string& event_id) {
  std::vector<std::vector<std::string>> commands;
  if (!event_id.empty()) {
    commands.push_back({"ZADD", options_.seen_key,
                        absl::StrCat(absl::ToUnixMillis(absl::Now())),
                        event_id});
  }
  commands.push_back({"XACK", options_.stream, options_.group, stream_id});
  commands.push_back({"HDEL", options_.failures_key, stream_id});
  auto replies = redis_->Pipeline(commands, Deadline());
  return replies.status();
}

absl::Status EventConsumer::DeadLetter(const std::string& stream_id,
                                       absl::string_view payload,
                                       absl::string_view reason) {
  Count("dead_letter");
  LogError("event parked in dead-letter stream",
           {{"stream", options_.stream},
            {"group", options_.group},
            {"entry", stream_id},
            {"reason", std::string(reason)}});
  auto reply = redis_->Command(
      {"XADD", options_.dead_letter_stream, "*", "stream", options_.stream,
       "group", options_.group, "entry", stream_id, "reason",
       std::string(reason), "event", std::string(payload)},
      Deadline());
  if (!reply.ok()) return reply.status();
  return Acknowledge(stream_id, "");
}

void EventConsumer::Start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] {
    while (running_.load()) {
      auto n = PollOnce();
      if (!n.ok()) {
        LogWarning(
            "event consumer pass failed",
            {{"group", options_.group}, {"error", n.status().ToString()}});
        absl::SleepFor(options_.block);
      }
    }
  });
}

void EventConsumer::Stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

std::string ConsumerName(absl::string_view service) {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return absl::StrCat(service, "-", host, "-", getpid());
}

}  // namespace ngoaivu
