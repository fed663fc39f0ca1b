#include "services/tasks/registry_follower.h"

#include "absl/time/clock.h"
#include "common/log.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"

namespace ngoaivu::tasks {
namespace {

namespace reg = ::ngoaivu::registry::v1;

// Generous: moving a large agency's obligations is many small writes.
constexpr absl::Duration kEffectTimeout = absl::Seconds(60);

EventConsumer::Options OptionsFor(const std::string& consumer,
                                  absl::Duration block) {
  EventConsumer::Options o;
  o.block = block;
  o.stream = kRegistryEventStream;
  o.group = "tasks-registry";
  o.consumer = consumer;
  o.seen_key = "{tasks}:registry-events:seen";
  o.failures_key = "{tasks}:registry-events:failures";
  o.dead_letter_stream = "{tasks}:registry-events:dead";
  return o;
}

}  // namespace

RegistryFollower::RegistryFollower(RedisPool* consumer_redis,
                                   AgencyReadModel* model, Tasks* tasks,
                                   const std::string& consumer,
                                   absl::Duration block)
    : model_(model),
      tasks_(tasks),
      consumer_(consumer_redis, OptionsFor(consumer, block),
                [this](const StreamEvent& entry) { return Handle(entry); }) {}

absl::Status RegistryFollower::Handle(const StreamEvent& entry) {
  const absl::Time deadline = absl::Now() + kEffectTimeout;
  if (absl::Status s = model_->Apply(entry, deadline); !s.ok()) return s;
  const events::v1::Event& event = entry.event;
  CallContext call;
  call.deadline = deadline;
  call.actor.set_subject("tasks-service");
  call.actor.set_role("system");
  call.traceparent = event.traceparent();
  if (event.type() == "ngoaivu.registry.v1.agency.merged") {
    reg::AgencyMerged merged;
    if (!event.data().UnpackTo(&merged)) {
      return absl::InvalidArgumentError("agency.merged without its payload");
    }
    auto moved = tasks_->MoveObligationsOfMergedAgency(
        call, merged.agency().name(), merged.successor());
    if (!moved.ok()) return moved.status();
    return tasks_
        ->RenameMergedAgencyInDuties(call, merged.agency().name(),
                                     merged.successor())
        .status();
  }
  if (event.type() == "ngoaivu.registry.v1.agency.dissolved") {
    reg::AgencyDissolved dissolved;
    if (!event.data().UnpackTo(&dissolved)) {
      return absl::InvalidArgumentError("agency.dissolved without its payload");
    }
    return tasks_
        ->FlagObligationsOfDissolvedAgency(call, dissolved.agency().name())
        .status();
  }
  return absl::OkStatus();
}

void RegistryFollower::Start(RegistryDirectory* registry,
                             absl::Duration retry) {
  consumer_.Start();
  seeder_ = std::thread([this, registry, retry] {
    for (;;) {
      auto seeded = model_->SeedOnce(*registry, absl::Now() + absl::Minutes(2));
      if (seeded.ok()) {
        if (*seeded > 0) {
          LogInfo("agency read model seeded from the registry",
                  {{"records", std::to_string(*seeded)}});
        }
        return;
      }
      LogWarning("agency read model not seeded yet",
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

}  // namespace ngoaivu::tasks
