#include "services/notifications/event_cursor.h"

#include <limits>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ngoaivu::notifications {
namespace {

constexpr absl::string_view kVersion = "c1";

bool IsSourceName(absl::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
  }
  return true;
}

}  // namespace

std::optional<StreamId> StreamId::Parse(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  StreamId id;
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty() ||
      !absl::SimpleAtoi(parts[0], &id.millis) ||
      !absl::SimpleAtoi(parts[1], &id.sequence)) {
    return std::nullopt;
  }
  for (absl::string_view p : parts) {
    for (char c : p) {
      if (c < '0' || c > '9') return std::nullopt;
    }
  }
  return id;
}

std::string StreamId::ToString() const {
  return absl::StrCat(millis, "-", sequence);
}

StreamId StreamId::Previous() const {
  if (sequence > 0) return {millis, sequence - 1};
  if (millis > 0) return {millis - 1, std::numeric_limits<uint64_t>::max()};
  return {};
}

std::string EncodeCursor(const EventCursor& cursor) {
  std::string text(kVersion);
  for (const auto& [source, id] : cursor) {
    absl::StrAppend(&text, ";", source, "=", id.ToString());
  }
  return absl::WebSafeBase64Escape(text);
}

std::optional<EventCursor> DecodeCursor(absl::string_view encoded) {
  std::string text;
  if (encoded.size() > 1000 || !absl::WebSafeBase64Unescape(encoded, &text)) {
    return std::nullopt;
  }
  std::vector<absl::string_view> parts = absl::StrSplit(text, ';');
  if (parts.empty() || parts[0] != kVersion) return std::nullopt;
  EventCursor cursor;
  for (size_t i = 1; i < parts.size(); ++i) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(parts[i], absl::MaxSplits('=', 1));
    auto id = StreamId::Parse(kv.second);
    if (!IsSourceName(kv.first) || !id || cursor.count(std::string(kv.first))) {
      return std::nullopt;
    }
    cursor[std::string(kv.first)] = *id;
  }
  return cursor;
}

}  // namespace ngoaivu::notifications
