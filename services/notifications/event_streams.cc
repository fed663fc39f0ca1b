#include "services/notifications/event_streams.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/registry_names.h"
#include "common/validation.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "services/notifications/event_audience.h"

namespace ngoaivu::notifications {
namespace {

constexpr absl::Duration kRedisCall = absl::Seconds(5);

// A StreamEventsResponse with `event` (a serialized Event) and `cursor`,
// written as protobuf would write it, without parsing the event again for
// each of the many streams that send it.
std::string EventResponseBytes(absl::string_view event,
                               absl::string_view cursor) {
  using google::protobuf::internal::WireFormatLite;
  std::string out;
  out.reserve(event.size() + cursor.size() + 12);
  {
    google::protobuf::io::StringOutputStream raw(&out);
    google::protobuf::io::CodedOutputStream coded(&raw);
    for (const auto& [field, bytes] :
         {std::pair<int, absl::string_view>{
              v1::StreamEventsResponse::kEventFieldNumber, event},
          {v1::StreamEventsResponse::kCursorFieldNumber, cursor}}) {
      coded.WriteTag(WireFormatLite::MakeTag(
          field, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
      coded.WriteVarint32(static_cast<uint32_t>(bytes.size()));
      coded.WriteRaw(bytes.data(), static_cast<int>(bytes.size()));
    }
  }
  return out;
}

bool Wanted(const v1::StreamEventsRequest& r, const std::string& type) {
  if (r.types().empty()) return true;
  for (const std::string& t : r.types()) {
    if (TypeMatches(t, type)) return true;
  }
  return false;
}

}  // namespace

EventStreams::EventStreams(RedisPool* reads, std::vector<StreamTail*> sources,
                           StreamTail* inbox_events, Inbox* inbox,
                           StreamHub* hub, EventStreamOptions options)
    : reads_(reads),
      sources_(std::move(sources)),
      inbox_events_(inbox_events),
      inbox_(inbox),
      hub_(hub),
      options_(options) {}

std::optional<int64_t> EventStreams::UnreadAfter(const std::string& agency,
                                                 const StreamId& entry) const {
  {
    std::lock_guard<std::mutex> lock(unread_mutex_);
    auto known = unread_.find(agency);
    if (known != unread_.end() && entry <= known->second.first) {
      return known->second.second;
    }
  }
  auto unread = inbox_->UnreadOf(agency, absl::Now() + kRedisCall);
  if (!unread.ok()) return std::nullopt;
  std::lock_guard<std::mutex> lock(unread_mutex_);
  auto& known = unread_[agency];
  if (known.first < entry) known = {entry, unread->unread()};
  return unread->unread();
}

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

absl::StatusOr<std::shared_ptr<OpenStream>> EventStreams::StreamEvents(
    const CallContext& call, const v1::StreamEventsRequest& r,
    StreamOutput* output) const {
  Violations v;
  for (int i = 0; i < r.types_size(); ++i) {
    v.RequireText(absl::StrCat("types[", i, "]"), r.types(i), 200);
  }
  if (r.types_size() > 50) v.Add("types", "at most 50 patterns");
  FollowSpec spec;
  if (!r.after().empty()) {
    auto decoded = DecodeCursor(r.after());
    if (!decoded) {
      v.Add("after", "not a cursor from StreamEvents");
    } else {
      spec.cursor = *decoded;
    }
  }
  if (r.from_oldest() && !r.after().empty()) {
    v.Add("from_oldest", "give either after or from_oldest");
  }
  if (!v.empty()) return v.ToStatus();
  if (r.from_oldest()) {
    for (StreamTail* t : sources_) spec.cursor[t->source()] = StreamId{};
  } else if (!spec.cursor.empty()) {
    spec.check = [this, cursor = spec.cursor] { return CheckRetained(cursor); };
  }
  spec.tails = sources_;
  if (!r.types().empty()) {
    spec.wanted = [request = r](const TailEntry& e) {
      return Wanted(request, e.type);
    };
  }
  spec.render = [request = r, role = call.actor.role(),
                 agency = call.actor.agency()](
                    const TailEntry& e,
                    const EventCursor& at) -> std::optional<std::string> {
    if (!Wanted(request, e.type)) return std::nullopt;
    // Only an officer's stream needs the event's content to decide.
    if (!ReadsEverything(role)) {
      events::v1::Event event;
      if (!event.ParseFromString(e.event) || !MayRead(role, agency, event)) {
        return std::nullopt;
      }
    }
    return EventResponseBytes(e.event, EncodeCursor(at));
  };
  spec.heartbeat = [](const EventCursor& at) {
    v1::StreamEventsResponse heartbeat;
    heartbeat.set_heartbeat(true);
    heartbeat.set_cursor(EncodeCursor(at));
    return heartbeat.SerializeAsString();
  };
  spec.heartbeat_period = options_.heartbeat;
  spec.buffer = options_.buffer;
  spec.reads = reads_;
  spec.method = "StreamEvents";
  return hub_->Open(std::move(spec), output);
}

absl::StatusOr<std::shared_ptr<OpenStream>> EventStreams::WatchNotifications(
    const CallContext&, const v1::WatchNotificationsRequest& r,
    StreamOutput* output) const {
  if (!IsAgencyName(r.parent())) {
    return InvalidArgument("parent", "required, agencies/{CODE}");
  }
  FollowSpec spec;
  spec.tails = {inbox_events_};
  spec.wanted = [prefix = absl::StrCat(r.parent(), "/notifications/")](
                    const TailEntry& e) {
    return absl::StartsWith(e.subject, prefix) &&
           absl::EndsWith(e.type, ".notification.created");
  };
  spec.render = [this, parent = r.parent(), wanted = spec.wanted](
                    const TailEntry& e,
                    const EventCursor&) -> std::optional<std::string> {
    if (!wanted(e)) return std::nullopt;
    events::v1::Event event;
    v1::WatchNotificationsResponse response;
    if (!event.ParseFromString(e.event) ||
        !event.data().UnpackTo(response.mutable_notification())) {
      return std::nullopt;
    }
    if (auto unread = UnreadAfter(parent, e.id)) response.set_unread(*unread);
    return response.SerializeAsString();
  };
  spec.buffer = options_.buffer;
  spec.reads = reads_;
  spec.method = "WatchNotifications";
  return hub_->Open(std::move(spec), output);
}

}  // namespace ngoaivu::notifications
