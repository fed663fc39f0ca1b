// Where a reader of the merged event stream stands: for each service's
// stream, the id of the last entry it was given. Opaque to callers
// (base64url); made of Redis stream ids, so it stays valid across restarts
// of the notifications server.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_CURSOR_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_CURSOR_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace ngoaivu::notifications {

// A Redis stream entry id, "<millis>-<sequence>", comparable.
struct StreamId {
  uint64_t millis = 0;
  uint64_t sequence = 0;

  static std::optional<StreamId> Parse(absl::string_view text);
  std::string ToString() const;
  // The greatest id before this one (0-0 stays 0-0): a cursor there reads
  // from this entry on.
  StreamId Previous() const;
  bool operator<(const StreamId& o) const {
    return std::make_pair(millis, sequence) <
           std::make_pair(o.millis, o.sequence);
  }
  bool operator==(const StreamId& o) const {
    return millis == o.millis && sequence == o.sequence;
  }
  bool operator<=(const StreamId& o) const { return !(o < *this); }
};

// Source ("registry", "tasks", ...) -> last entry given.
using EventCursor = std::map<std::string, StreamId>;

std::string EncodeCursor(const EventCursor& cursor);
// Nothing when `text` is not a cursor this service made.
std::optional<EventCursor> DecodeCursor(absl::string_view text);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_CURSOR_H_
