#include "common/stream_follower.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace ngoaivu {
namespace {

// Generous: an effect may be several writes (a duty and its obligations).
constexpr absl::Duration kEffectTimeout = absl::Seconds(60);

}  // namespace

EventConsumer::Options FollowerOptions(absl::string_view service,
                                       absl::string_view source,
                                       const std::string& consumer,
                                       absl::Duration block,
                                       absl::string_view group) {
  const std::string prefix =
      absl::StrCat("{", service, "}:", source, "-events:");
  EventConsumer::Options o;
  o.block = block;
  o.stream = absl::StrCat("{", source, "}:events");
  o.group =
      group.empty() ? absl::StrCat(service, "-", source) : std::string(group);
  o.consumer = consumer;
  o.seen_key = prefix + "seen";
  o.failures_key = prefix + "failures";
  o.dead_letter_stream = prefix + "dead";
  return o;
}

StreamFollower::StreamFollower(std::unique_ptr<RedisPool> redis,
                               absl::string_view service,
                               absl::string_view source,
                               const std::string& consumer, Effect effect,
                               absl::Duration block, absl::string_view group)
    : redis_(std::move(redis)),
      effect_(std::move(effect)),
      consumer_(redis_.get(),
                FollowerOptions(service, source, consumer, block, group),
                [this](const StreamEvent& entry) {
                  return effect_(entry.event, absl::Now() + kEffectTimeout);
                }) {}

StreamFollower::~StreamFollower() { Stop(); }

}  // namespace ngoaivu
