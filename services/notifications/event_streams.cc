#include "services/notifications/event_streams.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/registry_names.h"
#include "common/validation.h"
#include "services/notifications/event_audience.h"

namespace ngoaivu::notifications {
namespace {

constexpr int kCatchUpBatch = 256;
constexpr absl::Duration kRedisCall = absl::Seconds(5);

// Checks the caller is still there at least this often.
constexpr absl::Duration kPoll = absl::Milliseconds(250);

bool Wanted(const v1::StreamEventsRequest& r, const std::string& type) {
  if (r.types().empty()) return true;
  for (const std::string& t : r.types()) {
    if (TypeMatches(t, type)) return true;
  }
  return false;
}

EventStreams::Sent Written(bool written) {
  return written ? EventStreams::Sent::kWritten : EventStreams::Sent::kCallerGone;
}

}  // namespace

EventStreams::EventStreams(RedisPool* reads, std::vector<StreamTail*> sources,
                           StreamTail* inbox_events, Inbox* inbox,
                           EventStreamOptions options)
    : reads_(reads),
      sources_(std::move(sources)),
      inbox_events_(inbox_events),
      inbox_(inbox),
      options_(options) {}

absl::Status EventStreams::CheckRetained(const EventCursor& cursor) const {
  EventCursor oldest = cursor;
  std::vector<std::string> trimmed;
  for (StreamTail* t : sources_) {
    auto at = cursor.find(t->source());
    if (at == cursor.end()) continue;
    auto info = reads_->Command({"XINFO", "STREAM", t->stream()},
                                absl::Now() + kRedisCall);
    if (!info.ok()) return info.status();
    if (IsError(info->get())) continue;  // no such stream yet: nothing lost
    const redisReply* length = InfoField(info->get(), "length");
    const redisReply* added = InfoField(info->get(), "entries-added");
    const redisReply* first = InfoField(info->get(), "first-entry");
    if (length == nullptr || added == nullptr || first == nullptr ||
        first->type != REDIS_REPLY_ARRAY || first->elements == 0) {
      continue;
    }
    const auto first_id = StreamId::Parse(ReplyString(first->element[0]));
    // Entries were removed (more were ever added than are kept), and the
    // reader's last entry is one of them: what followed it may be gone too.
    // (A reader whose next entry is exactly the oldest kept is told so as
    // well; resuming from the oldest then loses nothing. The cursor named
    // in the answer, just before the oldest kept, is served.)
    if (first_id && added->integer > length->integer &&
        at->second < first_id->Previous()) {
      trimmed.push_back(t->source());
      oldest[t->source()] = first_id->Previous();
    }
  }
  if (trimmed.empty()) return absl::OkStatus();
  return absl::OutOfRangeError(absl::StrCat(
      "after: events after this cursor are no longer kept (trimmed from the ",
      absl::StrJoin(trimmed, ", "),
      " stream); the oldest cursor still kept is ", EncodeCursor(oldest),
      ", or start with from_oldest"));
}

absl::StatusOr<bool> EventStreams::CatchUp(
    const std::vector<StreamTail*>& tails, const EventCursor& until,
    EventCursor* cursor,
    const std::function<Sent(const TailEntry&, const EventCursor&)>& entry,
    const std::function<bool()>& stopped) const {
  for (StreamTail* t : tails) {
    StreamId& at = (*cursor)[t->source()];
    const StreamId end = until.at(t->source());
    while (at < end) {
      auto batch = ReadStreamRange(*reads_, t->source(), t->stream(), at, end,
                                   kCatchUpBatch, absl::Now() + kRedisCall);
      if (!batch.ok()) return batch.status();
      // Trimmed away: nothing left to read up to where the tail stands.
      if (batch->empty()) at = end;
      for (const SharedEntry& e : *batch) {
        at = e->id;
        if (entry(*e, *cursor) == Sent::kCallerGone || stopped()) return false;
      }
    }
  }
  return true;
}

absl::Status EventStreams::Follow(
    const std::vector<StreamTail*>& tails, EventCursor cursor,
    const std::function<Sent(const TailEntry&, const EventCursor&)>& entry,
    const std::function<bool(const EventCursor&)>& idle,
    const std::function<bool()>& stopped) const {
  bool said_caught_up = false;
  for (;;) {
    auto queue = std::make_shared<TailQueue>(options_.buffer);
    auto unsubscribe = [&] {
      for (StreamTail* t : tails) t->Unsubscribe(queue.get());
    };
    // From here on every new entry reaches the queue; what lies between the
    // cursor and here is read from Redis first.
    EventCursor until;
    for (StreamTail* t : tails) {
      auto now = t->Subscribe(queue);
      if (!now) {
        unsubscribe();
        return absl::UnavailableError("the event streams are not reachable");
      }
      until[t->source()] = *now;
      if (!cursor.count(t->source())) cursor[t->source()] = *now;
    }
    auto caught_up = CatchUp(tails, until, &cursor, entry, stopped);
    if (!caught_up.ok() || !*caught_up) {
      unsubscribe();
      return caught_up.status();
    }
    // Everything committed before the call is sent: say so at once, so a
    // reader that wants only the backlog need not wait for a heartbeat.
    if (!said_caught_up) {
      said_caught_up = true;
      if (!idle(cursor)) {
        unsubscribe();
        return absl::OkStatus();
      }
    }
    absl::Time last_sent = absl::Now();
    while (!queue->overflowed()) {
      if (stopped()) {
        unsubscribe();
        return absl::OkStatus();
      }
      std::vector<SharedEntry> taken =
          queue->Take(std::min(kPoll, options_.heartbeat));
      for (const SharedEntry& e : taken) {
        StreamId& at = cursor[e->source];
        if (e->id <= at) continue;  // already read while catching up
        at = e->id;
        const Sent sent = entry(*e, cursor);
        if (sent == Sent::kCallerGone) {
          unsubscribe();
          return absl::OkStatus();
        }
        if (sent == Sent::kWritten) last_sent = absl::Now();
      }
      if (absl::Now() - last_sent >= options_.heartbeat) {
        if (!idle(cursor)) {
          unsubscribe();
          return absl::OkStatus();
        }
        last_sent = absl::Now();
      }
    }
    // Fell behind: read the rest from Redis, then follow again.
    ++catch_ups_;
    unsubscribe();
  }
}

absl::Status EventStreams::StreamEvents(
    const CallContext& call, const v1::StreamEventsRequest& r,
    const StreamSink<v1::StreamEventsResponse>& sink) const {
  Violations v;
  for (int i = 0; i < r.types_size(); ++i) {
    v.RequireText(absl::StrCat("types[", i, "]"), r.types(i), 200);
  }
  if (r.types_size() > 50) v.Add("types", "at most 50 patterns");
  EventCursor cursor;
  if (!r.after().empty()) {
    auto decoded = DecodeCursor(r.after());
    if (!decoded) {
      v.Add("after", "not a cursor from StreamEvents");
    } else {
      cursor = *decoded;
    }
  }
  if (r.from_oldest() && !r.after().empty()) {
    v.Add("from_oldest", "give either after or from_oldest");
  }
  if (!v.empty()) return v.ToStatus();
  if (r.from_oldest()) {
    for (StreamTail* t : sources_) cursor[t->source()] = StreamId{};
  } else if (!cursor.empty()) {
    if (absl::Status s = CheckRetained(cursor); !s.ok()) return s;
  }
  const std::string role = call.actor.role();
  const std::string agency = call.actor.agency();
  return Follow(
      sources_, cursor,
      [&](const TailEntry& e, const EventCursor& at) {
        if (!Wanted(r, e.type)) return Sent::kSkipped;
        v1::StreamEventsResponse response;
        if (!response.mutable_event()->ParseFromString(e.event) ||
            !MayRead(role, agency, response.event())) {
          return Sent::kSkipped;
        }
        response.set_cursor(EncodeCursor(at));
        return Written(sink.write(response));
      },
      [&](const EventCursor& at) {
        v1::StreamEventsResponse heartbeat;
        heartbeat.set_heartbeat(true);
        heartbeat.set_cursor(EncodeCursor(at));
        return sink.write(heartbeat);
      },
      sink.cancelled);
}

absl::Status EventStreams::WatchNotifications(
    const CallContext& call, const v1::WatchNotificationsRequest& r,
    const StreamSink<v1::WatchNotificationsResponse>& sink) const {
  if (!IsAgencyName(r.parent())) {
    return InvalidArgument("parent", "required, agencies/{CODE}");
  }
  const std::string prefix = absl::StrCat(r.parent(), "/notifications/");
  return Follow(
      {inbox_events_}, {},
      [&](const TailEntry& e, const EventCursor&) {
        if (!absl::StartsWith(e.subject, prefix) ||
            !absl::EndsWith(e.type, ".notification.created")) {
          return Sent::kSkipped;
        }
        events::v1::Event event;
        v1::WatchNotificationsResponse response;
        if (!event.ParseFromString(e.event) ||
            !event.data().UnpackTo(response.mutable_notification())) {
          return Sent::kSkipped;
        }
        auto unread = inbox_->UnreadOf(r.parent(), absl::Now() + kRedisCall);
        if (unread.ok()) response.set_unread(unread->unread());
        return Written(sink.write(response));
      },
      [](const EventCursor&) { return true; }, sink.cancelled);
}

}  // namespace ngoaivu::notifications
