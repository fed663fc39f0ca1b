#include "services/tasks/agency_changes.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/ids.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/assignment.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/reassignment.h"

namespace ngoaivu::tasks {

namespace reg = ::ngoaivu::registry::v1;

absl::Status AgencyChanges::Follow(const events::v1::Event& event,
                                   absl::Time deadline) {
  const CallContext call = EffectCall("tasks-service", event, deadline);
  if (event.type() == "ngoaivu.registry.v1.agency.merged") {
    reg::AgencyMerged merged;
    if (!event.data().UnpackTo(&merged)) {
      return absl::InvalidArgumentError("agency.merged without its payload");
    }
    auto moved = MoveObligationsOfMergedAgency(call, merged.agency().name(),
                                               merged.successor());
    if (!moved.ok()) return moved.status();
    return RenameMergedAgencyInDuties(call, merged.agency().name(),
                                      merged.successor())
        .status();
  }
  if (event.type() == "ngoaivu.registry.v1.group.members_removed") {
    reg::AgencyGroupMembersChanged removed;
    if (!event.data().UnpackTo(&removed)) {
      return absl::InvalidArgumentError(
          "group.members_removed without its payload");
    }
    for (const std::string& agency : removed.agencies()) {
      auto flagged =
          FlagObligationsOfLeaver(call, agency, removed.group().name());
      if (!flagged.ok()) return flagged.status();
    }
    return absl::OkStatus();
  }
  if (event.type() == "ngoaivu.registry.v1.agency.dissolved") {
    reg::AgencyDissolved dissolved;
    if (!event.data().UnpackTo(&dissolved)) {
      return absl::InvalidArgumentError("agency.dissolved without its payload");
    }
    return FlagObligationsOfDissolvedAgency(call, dissolved.agency().name())
        .status();
  }
  return absl::OkStatus();
}

absl::StatusOr<int> AgencyChanges::ForEachAwaitedObligation(
    const CallContext& call, const std::string& agency,
    const AwaitedChange& change) {
  ObligationFilter filter;
  filter.agency = agency;
  filter.awaited_only = true;
  int changed = 0;
  std::string cursor;
  do {
    auto page = store_->ListObligations(filter, cursor, 200, call.deadline);
    if (!page.ok()) return page.status();
    for (v1::Obligation current : page->records) {
      const ObligationRef ref = *ObligationRefOf(current.name());
      for (int attempt = 0;; ++attempt) {
        auto programme = MustFindProgramme(ref.programme, call.deadline);
        if (!programme.ok()) return programme.status();
        // A draft or closed programme's obligations stay as they are.
        if (programme->state() != v1::Programme::ACTIVE) break;
        auto done = change(current, *programme);
        if (done.ok()) {
          if (*done) ++changed;
          break;
        }
        if (done.status().code() != absl::StatusCode::kAborted ||
            attempt >= kConflictRetries) {
          return done.status();
        }
        // Raced another change: look again.
        auto again = store_->FindObligation(ref, call.deadline);
        if (!again.ok()) return again.status();
        if (!again->has_value() || !AwaitsAgency((*again)->state())) break;
        current = std::move(**again);
      }
    }
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return changed;
}

absl::StatusOr<int> AgencyChanges::MoveObligationsOfMergedAgency(
    const CallContext& call, const std::string& agency,
    const std::string& successor) {
  const std::string reason =
      absl::StrCat(agency, " was merged into ", successor);
  return ForEachAwaitedObligation(
      call, agency,
      [&](const v1::Obligation& current,
          const v1::Programme& programme) -> absl::StatusOr<bool> {
        MutationScope m = runner_.Internal(call);
        auto moved = Move(m, current, programme, successor, reason, true);
        if (!moved.ok()) return moved.status();
        return true;
      });
}

absl::StatusOr<bool> AgencyChanges::RenameInDuty(const CallContext& call,
                                                 const std::string& duty,
                                                 const std::string& agency,
                                                 const std::string& successor) {
  // Re-read and write under the duty's etag; a race is retried.
  for (int attempt = 0;; ++attempt) {
    auto found = FindChangeableDuty(*DutyRefOf(duty), "", call.deadline);
    if (!found.ok()) return found.status();
    const auto& [programme, current] = *found;
    v1::Duty next = current;
    if (!ReplaceMergedAgency(agency, successor, &next)) return false;
    MutationScope m = runner_.Internal(call);
    *next.mutable_update_time() = ToTimestamp(m.now());
    next.set_etag(NewEtag());
    v1::DutyChanged payload;
    *payload.mutable_duty() = next;
    payload.add_update_mask("lead_agency");
    payload.add_update_mask("coordinating_agencies");
    payload.set_reason(absl::StrCat(agency, " was merged into ", successor));
    m.Emit("duty.updated", next.name(), payload);
    auto outcome =
        store_->SaveDuty(next, current, programme, {}, m.Build(next));
    if (outcome.ok()) return true;
    if (outcome.status().code() != absl::StatusCode::kAborted ||
        attempt >= kConflictRetries) {
      return outcome.status();
    }
  }
}

absl::StatusOr<int> AgencyChanges::RenameMergedAgencyInDuties(
    const CallContext& call, const std::string& agency,
    const std::string& successor) {
  // A merge is rare and a province has tens of duties: reading them all
  // here is cheaper than an index kept on every write.
  int changed = 0;
  std::string programme_cursor;
  do {
    auto programmes =
        store_->ListProgrammes(programme_cursor, 100, call.deadline);
    if (!programmes.ok()) return programmes.status();
    for (const v1::Programme& listed : programmes->records) {
      if (listed.state() == v1::Programme::CLOSED) continue;
      const std::string id = *ProgrammeIdOf(listed.name());
      std::string duty_cursor;
      do {
        auto duties = store_->ListDuties(id, duty_cursor, 500, call.deadline);
        if (!duties.ok()) return duties.status();
        for (const v1::Duty& listed_duty : duties->records) {
          v1::Duty probe = listed_duty;
          if (listed_duty.state() != v1::Duty::ACTIVE ||
              !ReplaceMergedAgency(agency, successor, &probe)) {
            continue;
          }
          auto renamed =
              RenameInDuty(call, listed_duty.name(), agency, successor);
          if (!renamed.ok()) return renamed.status();
          changed += *renamed;
        }
        duty_cursor = duties->next_cursor;
      } while (!duty_cursor.empty());
    }
    programme_cursor = programmes->next_cursor;
  } while (!programme_cursor.empty());
  return changed;
}

absl::StatusOr<bool> AgencyChanges::Flag(const CallContext& call,
                                         const v1::Obligation& current,
                                         const v1::Programme& programme,
                                         const std::string& reason) {
  MutationScope m = runner_.Internal(call);
  auto flagged = FlaggedForReassignment(current, m.now());
  if (!flagged) return false;
  v1::ObligationChanged changed;
  *changed.mutable_obligation() = *flagged;
  changed.set_reason(reason);
  m.Emit("obligation.flagged", flagged->name(), changed);
  auto outcome = store_->SaveObligations({ChangedObligation(*flagged, current)},
                                         programme, m.Build(*flagged));
  if (!outcome.ok()) return outcome.status();
  return true;
}

absl::StatusOr<int> AgencyChanges::FlagObligationsOfDissolvedAgency(
    const CallContext& call, const std::string& agency) {
  return ForEachAwaitedObligation(
      call, agency,
      [&](const v1::Obligation& current, const v1::Programme& programme) {
        return Flag(call, current, programme,
                    absl::StrCat(agency, " was dissolved"));
      });
}

absl::StatusOr<int> AgencyChanges::FlagObligationsOfLeaver(
    const CallContext& call, const std::string& agency,
    const std::string& group) {
  std::map<std::string, bool> of_group;  // duty name -> is the group's
  return ForEachAwaitedObligation(
      call, agency,
      [&](const v1::Obligation& current,
          const v1::Programme& programme) -> absl::StatusOr<bool> {
        const ObligationRef ref = *ObligationRefOf(current.name());
        const std::string duty = DutyName({ref.programme, ref.duty});
        auto known = of_group.find(duty);
        if (known == of_group.end()) {
          auto found =
              store_->FindDuty({ref.programme, ref.duty}, call.deadline);
          if (!found.ok()) return found.status();
          known = of_group
                      .emplace(duty,
                               found->has_value() && (*found)->group() == group)
                      .first;
        }
        if (!known->second) return false;
        return Flag(call, current, programme,
                    absl::StrCat(agency, " left ", group));
      });
}

}  // namespace ngoaivu::tasks
