#include "services/tasks/registry_follower.h"

#include "absl/time/clock.h"
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
    return tasks_
        ->MoveObligationsOfMergedAgency(call, merged.agency().name(),
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

}  // namespace ngoaivu::tasks
