// How events are kept in Redis. A stream entry carries the event's id, type
// and subject as fields of their own (consumers route on them without
// parsing), so its serialized event leaves those three out; a history list
// holds one subject's events, so its entries leave the subject out. Readers
// put them back. Protobuf merges concatenated encodings, so putting fields
// back is appending their encoding: no parse, and an entry written whole
// (before this layout) reads the same.
#ifndef NGOAIVU_COMMON_STORED_EVENTS_H_
#define NGOAIVU_COMMON_STORED_EVENTS_H_

#include <hiredis/hiredis.h>

#include <string>

#include "absl/strings/string_view.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu {

struct StoredEventBytes {
  std::string stream;   // without id, type, subject
  std::string history;  // without the subject ("" unless asked for)
};
// What is stored of `event` in its stream entry and, with `for_history`,
// in its subject's history list.
StoredEventBytes StoredBytesOf(const events::v1::Event& event,
                               bool for_history);

// The whole serialized event of a stream entry, from the entry's fields.
std::string EventBytesOfStreamEntry(const redisReply* fields);
// The whole serialized event of an entry of `subject`'s history.
std::string EventBytesOfHistoryEntry(absl::string_view entry,
                                     absl::string_view subject);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_STORED_EVENTS_H_
