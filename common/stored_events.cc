#include "common/stored_events.h"

#include "common/redis_pool.h"

namespace ngoaivu {
namespace {

// `bytes` with the given envelope fields appended (empty ones are not
// encoded, so nothing is put back that the entry did not carry).
std::string WithEnvelope(absl::string_view bytes, absl::string_view id,
                         absl::string_view type, absl::string_view subject) {
  events::v1::Event envelope;
  envelope.set_id(std::string(id));
  envelope.set_type(std::string(type));
  envelope.set_subject(std::string(subject));
  std::string whole(bytes);
  envelope.AppendToString(&whole);
  return whole;
}

}  // namespace

StoredEventBytes StoredBytesOf(const events::v1::Event& event,
                               bool for_history) {
  events::v1::Event compact = event;
  compact.clear_subject();
  StoredEventBytes bytes;
  if (for_history) bytes.history = compact.SerializeAsString();
  compact.clear_id();
  compact.clear_type();
  bytes.stream = compact.SerializeAsString();
  return bytes;
}

std::string EventBytesOfStreamEntry(const redisReply* fields) {
  return WithEnvelope(
      StreamEntryField(fields, "event"), StreamEntryField(fields, "id"),
      StreamEntryField(fields, "type"), StreamEntryField(fields, "subject"));
}

std::string EventBytesOfHistoryEntry(absl::string_view entry,
                                     absl::string_view subject) {
  return WithEnvelope(entry, "", "", subject);
}

}  // namespace ngoaivu
