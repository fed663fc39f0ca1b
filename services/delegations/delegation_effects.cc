#include "services/delegations/delegation_effects.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/log.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/delegations/delegation_lifecycle.h"
#include "services/delegations/delegation_statistics.h"
#include "services/delegations/delegation_validation.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;

// Delegations still under way: not decided against, called off or done.
bool UnderWay(Delegation::State state) {
  return state != Delegation::REJECTED && state != Delegation::CANCELLED &&
         state != Delegation::REPORTED;
}

}  // namespace

absl::Status DelegationEffects::FollowTasks(const events::v1::Event& event,
                                            absl::Time deadline) {
  if (event.type() != "ngoaivu.tasks.v1.obligation.accepted") {
    return absl::OkStatus();
  }
  tasks::v1::ObligationChanged changed;
  if (!event.data().UnpackTo(&changed)) {
    return absl::InvalidArgumentError("obligation.accepted without payload");
  }
  const std::string& source = changed.obligation().source();
  if (!IdOfName(source, "delegations/")) return absl::OkStatus();
  return MarkReported(EffectCall("delegations-service", event, deadline), event,
                      source, changed.obligation().name());
}

absl::Status DelegationEffects::MarkReported(const CallContext& call,
                                             const events::v1::Event& event,
                                             const std::string& name,
                                             const std::string& obligation) {
  auto found =
      store_->FindDelegation(*IdOfName(name, "delegations/"), call.deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    LogWarning("an accepted post-trip report names no delegation",
               {{"delegation", name}, {"obligation", obligation}});
    return absl::OkStatus();
  }
  const Delegation& current = **found;
  auto state = Next(current.state(), DelegationAction::kReport);
  if (!state.ok()) {
    // Reported already (a repeated event), or not back yet: nothing to do.
    if (current.state() != Delegation::REPORTED) {
      LogWarning("post-trip report accepted before the delegation returned",
                 {{"delegation", name},
                  {"state", Delegation::State_Name(current.state())}});
    }
    return absl::OkStatus();
  }
  MutationScope m = runner_.Internal(call);
  Delegation next = current;
  next.set_state(*state);
  next.set_post_trip_report(obligation);
  next = Stamped(std::move(next), m.now());
  m.Emit(EventVerbOf(DelegationAction::kReport), next.name(),
         PublicPayload(next));
  DelegationWrite write(next, &current);
  write.handled_event = event.id();
  return store_->SaveDelegation(write, m.Build(next)).status();
}

absl::Status DelegationEffects::FollowRegistry(const events::v1::Event& event,
                                               absl::Time deadline) {
  if (event.type() != "ngoaivu.registry.v1.agency.merged") {
    return absl::OkStatus();
  }
  registry::v1::AgencyMerged merged;
  if (!event.data().UnpackTo(&merged)) {
    return absl::InvalidArgumentError("agency.merged without its payload");
  }
  auto moved = MoveDelegationsOfMergedAgency(
      EffectCall("delegations-service", event, deadline),
      merged.agency().name(), merged.successor());
  if (!moved.ok()) return moved.status();
  if (*moved > 0) {
    LogInfo("delegations followed a merged agency",
            {{"agency", merged.agency().name()},
             {"successor", merged.successor()},
             {"moved", absl::StrCat(*moved)}});
  }
  return absl::OkStatus();
}

absl::StatusOr<int> DelegationEffects::MoveDelegationsOfMergedAgency(
    const CallContext& call, const std::string& agency,
    const std::string& successor) {
  DelegationFilter filter;
  filter.agency = agency;
  int moved = 0;
  std::string cursor;
  do {
    auto page = store_->ListDelegations(filter, cursor, 200, call.deadline);
    if (!page.ok()) return page.status();
    for (const Delegation& current : page->records) {
      if (!UnderWay(current.state())) continue;
      MutationScope m = runner_.Internal(call);
      Delegation next = current;
      next.set_agency(successor);
      next = Stamped(std::move(next), m.now());
      DelegationWrite write(next, &current);
      if (TripIndexOf(current.state()) == TripIndex::kApproved) {
        AddCounts(current, -1, &write.statistics);
        AddCounts(next, +1, &write.statistics);
      }
      AddDecisions(current, -current.decisions_size(), &write.statistics);
      AddDecisions(next, next.decisions_size(), &write.statistics);
      m.Emit("delegation.agency_merged", next.name(), PublicPayload(next));
      auto saved = store_->SaveDelegation(write, m.Build(next));
      // Changed meanwhile: the next delivery moves it.
      if (!saved.ok()) return saved.status();
      ++moved;
    }
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return moved;
}

}  // namespace ngoaivu::delegations
