#include "services/notifications/sources.h"

#include "absl/strings/str_cat.h"

namespace ngoaivu::notifications {

Tails::Tails(const RedisPool::Options& redis, absl::Duration block)
    : inbox_(std::make_unique<StreamTail>(redis, "notifications",
                                          "{notifications}:events", block)) {
  for (const char* source : kSources) {
    owned_.push_back(std::make_unique<StreamTail>(
        redis, source, absl::StrCat("{", source, "}:events"), block));
    sources_.push_back(owned_.back().get());
  }
}

void Tails::Start() {
  for (auto& t : owned_) t->Start();
  inbox_->Start();
}

void Tails::RequestStop() {
  for (auto& t : owned_) t->RequestStop();
  inbox_->RequestStop();
}

void Tails::Stop() {
  // Every tail's blocked read ends at once, not one after the other.
  RequestStop();
  for (auto& t : owned_) t->Stop();
  inbox_->Stop();
}

std::vector<std::unique_ptr<StreamFollower>> FollowEverySource(
    const std::function<std::unique_ptr<RedisPool>()>& new_pool,
    const std::string& consumer, const StreamFollower::Effect& dispatch,
    absl::Duration block, int per_source) {
  std::vector<std::unique_ptr<StreamFollower>> followers;
  for (const char* source : kSources) {
    for (int i = 0; i < per_source; ++i) {
      followers.push_back(std::make_unique<StreamFollower>(
          new_pool(), "notifications", source,
          per_source == 1 ? consumer : absl::StrCat(consumer, "-", i), dispatch,
          block, "notifications"));
    }
  }
  return followers;
}

void StopFollowing(std::vector<std::unique_ptr<StreamFollower>>& followers,
                   Tails& tails) {
  for (auto& follower : followers) follower->RequestStop();
  tails.RequestStop();
  for (auto& follower : followers) follower->Stop();
  tails.Stop();
}

}  // namespace ngoaivu::notifications
