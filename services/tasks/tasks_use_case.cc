#include "services/tasks/tasks_use_case.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/obligations_open_now.h"
#include "services/tasks/period_obligations.h"
#include "services/tasks/reassignment.h"

namespace ngoaivu::tasks {

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " does not exist"));
}

absl::Status MustBeActive(const v1::Programme& programme) {
  if (programme.state() == v1::Programme::ACTIVE) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      programme.name(), " is ", v1::Programme::State_Name(programme.state()),
      "; its obligations do not move"));
}

TasksUseCase::TasksUseCase(const TasksDependencies& deps)
    : store_(deps.store),
      directory_(deps.directory),
      clock_(deps.clock),
      page_tokens_(deps.page_tokens),
      runner_("tasks", deps.store, deps.clock, deps.request_ttl) {}

absl::StatusOr<v1::Programme> TasksUseCase::MustFindProgramme(
    absl::string_view id, absl::Time deadline) {
  auto found = store_->FindProgramme(id, deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(ProgrammeName(id));
  return std::move(**found);
}

absl::StatusOr<v1::Obligation> TasksUseCase::MustFindObligation(
    const std::string& name, absl::Time deadline) {
  auto found = store_->FindObligation(*ObligationRefOf(name), deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(name);
  return std::move(**found);
}

absl::StatusOr<std::pair<v1::Programme, v1::Obligation>>
TasksUseCase::FindChangeableObligation(const std::string& name,
                                       absl::string_view etag,
                                       absl::Time deadline) {
  auto current = MustFindObligation(name, deadline);
  if (!current.ok()) return current.status();
  auto programme =
      MustFindProgramme(ObligationRefOf(name)->programme, deadline);
  if (!programme.ok()) return programme.status();
  if (auto s = MustBeActive(*programme); !s.ok()) return s;
  if (auto s = CheckEtag(name, current->etag(), etag); !s.ok()) return s;
  return std::make_pair(*std::move(programme), *std::move(current));
}

absl::StatusOr<v1::Programme> TasksUseCase::FindProgrammeIn(
    const std::string& name, absl::string_view etag, v1::Programme::State state,
    absl::string_view action, absl::Time deadline) {
  auto current = MustFindProgramme(*ProgrammeIdOf(name), deadline);
  if (!current.ok()) return current.status();
  if (auto s = CheckEtag(name, current->etag(), etag); !s.ok()) return s;
  if (current->state() != state) {
    return absl::FailedPreconditionError(absl::StrCat(
        name, " is ", v1::Programme::State_Name(current->state()), "; only ",
        v1::Programme::State_Name(state), " programmes can be ", action));
  }
  return current;
}

absl::StatusOr<std::pair<v1::Programme, v1::Duty>>
TasksUseCase::FindChangeableDuty(const DutyRef& ref, absl::string_view etag,
                                 absl::Time deadline) {
  auto programme = MustFindProgramme(ref.programme, deadline);
  if (!programme.ok()) return programme.status();
  if (programme->state() == v1::Programme::CLOSED) {
    return absl::FailedPreconditionError(absl::StrCat(
        programme->name(), " is CLOSED; its duties do not change"));
  }
  auto found = store_->FindDuty(ref, deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(DutyName(ref));
  if (auto s = CheckEtag((*found)->name(), (*found)->etag(), etag); !s.ok())
    return s;
  if ((*found)->state() != v1::Duty::ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat((*found)->name(), " is CANCELLED; it does not change"));
  }
  return std::make_pair(*std::move(programme), std::move(**found));
}

absl::StatusOr<std::vector<v1::Obligation>> TasksUseCase::OpenObligations(
    const v1::Programme& programme, const v1::Duty& duty, absl::Time deadline) {
  const absl::Time now = clock_->Now();
  return ObligationsOpenNow(*directory_, programme, duty, ProvinceDay(now), now,
                            deadline);
}

v1::Obligation TasksUseCase::WithLateness(v1::Obligation o) const {
  if (AwaitsAgency(o.state())) {
    const int late = DaysLateOf(o, ProvinceDay(clock_->Now()));
    o.set_late(late > 0);
    o.set_days_late(late);
  }
  return o;
}

void TasksUseCase::EmitOpened(MutationScope& m,
                              const std::vector<v1::Obligation>& obligations) {
  for (const auto& o : obligations) {
    v1::ObligationChanged opened;
    *opened.mutable_obligation() = o;
    m.Emit("obligation.opened", o.name(), opened);
  }
}

absl::StatusOr<v1::Obligation> TasksUseCase::Move(
    MutationScope& m, const v1::Obligation& current,
    const v1::Programme& programme, const std::string& agency,
    const std::string& reason, bool cancel_if_carried) {
  auto move = Reassign(current, agency, reason, m.now());
  if (!move.ok()) return move.status();
  auto carried = store_->FindObligation(*ObligationRefOf(move->moved.name()),
                                        m.deadline());
  if (!carried.ok()) return carried.status();
  if (carried->has_value()) {
    if (!cancel_if_carried) {
      return absl::AlreadyExistsError(
          absl::StrCat(agency, " already carries ", move->moved.name()));
    }
    v1::Obligation cancelled =
        CancelledForMerge(current,
                          absl::StrCat(reason, "; ", agency,
                                       " already carries ", move->moved.name()),
                          m.now());
    v1::ObligationChanged changed;
    *changed.mutable_obligation() = cancelled;
    changed.set_reason(cancelled.state_reason());
    m.Emit("obligation.cancelled", cancelled.name(), changed);
    return m.Answer(
        store_->SaveObligations({ChangedObligation(cancelled, current)},
                                programme, m.Build(cancelled)),
        cancelled);
  }
  v1::ObligationReassigned reassigned;
  *reassigned.mutable_obligation() = move->moved;
  *reassigned.mutable_previous() = move->cancelled;
  reassigned.set_reason(reason);
  v1::ObligationChanged changed;
  *changed.mutable_obligation() = move->cancelled;
  changed.set_reason(move->cancelled.state_reason());
  m.Emit("obligation.reassigned", move->moved.name(), reassigned);
  m.Emit("obligation.cancelled", move->cancelled.name(), changed);
  return m.Answer(
      store_->SaveObligations({NewObligation(move->moved),
                               ChangedObligation(move->cancelled, current)},
                              programme, m.Build(move->moved)),
      WithLateness(move->moved));
}

}  // namespace ngoaivu::tasks
