#include "common/registry_client/registry_follower.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/stream_follower.h"

namespace ngoaivu {
namespace {

// Generous: moving a large agency's records is many small writes.
constexpr absl::Duration kEffectTimeout = absl::Seconds(60);

}  // namespace

RegistryFollower::RegistryFollower(RedisPool* consumer_redis,
                                   RegistryReadModel* model,
                                   absl::string_view service,
                                   const std::string& consumer, Effects effects,
                                   absl::Duration block)
    : model_(model),
      effects_(std::move(effects)),
      consumer_(consumer_redis,
                FollowerOptions(service, "registry", consumer, block),
                [this](const StreamEvent& entry) { return Handle(entry); }) {}

RegistryFollower::~RegistryFollower() { Stop(); }

absl::Status RegistryFollower::Handle(const StreamEvent& entry) {
  const absl::Time deadline = absl::Now() + kEffectTimeout;
  if (absl::Status s = model_->Apply(entry, deadline); !s.ok()) return s;
  if (!effects_) return absl::OkStatus();
  return effects_(entry.event, deadline);
}

void RegistryFollower::Start(RegistryDirectory* registry,
                             absl::Duration retry) {
  consumer_.Start();
  seeder_ = std::thread([this, registry, retry] {
    for (;;) {
      auto seeded = model_->SeedOnce(*registry, absl::Now() + absl::Minutes(2));
      if (seeded.ok()) {
        if (*seeded > 0) {
          LogInfo("registry read model seeded from the registry",
                  {{"records", std::to_string(*seeded)}});
        }
        return;
      }
      LogWarning("registry read model not seeded yet",
                 {{"error", seeded.status().ToString()}});
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), retry)) return;
    }
  });
}

void RegistryFollower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (seeder_.joinable()) seeder_.join();
  consumer_.Stop();
}

}  // namespace ngoaivu
