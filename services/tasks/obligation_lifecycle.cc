#include "services/tasks/obligation_lifecycle.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "common/ids.h"
#include "common/validation.h"
#include "services/tasks/period_obligations.h"

namespace ngoaivu::tasks {
namespace {

using v1::Obligation;

struct Edge {
  ObligationState from;
  ObligationAction action;
  ObligationState to;
};

// The whole lifecycle, as data.
constexpr Edge kEdges[] = {
    {Obligation::OPEN, ObligationAction::kStart, Obligation::IN_PROGRESS},
    {Obligation::OPEN, ObligationAction::kReport, Obligation::IN_PROGRESS},
    {Obligation::OPEN, ObligationAction::kSubmit, Obligation::SUBMITTED},
    {Obligation::OPEN, ObligationAction::kWaive, Obligation::WAIVED},
    {Obligation::OPEN, ObligationAction::kCancel, Obligation::CANCELLED},
    {Obligation::IN_PROGRESS, ObligationAction::kReport,
     Obligation::IN_PROGRESS},
    {Obligation::IN_PROGRESS, ObligationAction::kSubmit, Obligation::SUBMITTED},
    {Obligation::IN_PROGRESS, ObligationAction::kWaive, Obligation::WAIVED},
    {Obligation::IN_PROGRESS, ObligationAction::kCancel, Obligation::CANCELLED},
    {Obligation::SUBMITTED, ObligationAction::kAccept, Obligation::ACCEPTED},
    {Obligation::SUBMITTED, ObligationAction::kReturn, Obligation::IN_PROGRESS},
    {Obligation::SUBMITTED, ObligationAction::kCancel, Obligation::CANCELLED},
};

}  // namespace

const char* ActionName(ObligationAction action) {
  switch (action) {
    case ObligationAction::kStart:
      return "start";
    case ObligationAction::kReport:
      return "report";
    case ObligationAction::kSubmit:
      return "submit";
    case ObligationAction::kAccept:
      return "accept";
    case ObligationAction::kReturn:
      return "return";
    case ObligationAction::kWaive:
      return "waive";
    case ObligationAction::kCancel:
      return "cancel";
  }
  return "?";
}

std::vector<ObligationAction> AllowedActions(ObligationState state) {
  std::vector<ObligationAction> actions;
  for (const Edge& e : kEdges) {
    if (e.from == state) actions.push_back(e.action);
  }
  return actions;
}

absl::StatusOr<ObligationState> Next(ObligationState current,
                                     ObligationAction action) {
  for (const Edge& e : kEdges) {
    if (e.from == current && e.action == action) return e.to;
  }
  std::vector<std::string> allowed;
  for (ObligationAction a : AllowedActions(current))
    allowed.push_back(ActionName(a));
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", ActionName(action), " an obligation that is ",
                   Obligation::State_Name(current), "; allowed: ",
                   allowed.empty() ? "nothing (it is final)"
                                   : absl::StrJoin(allowed, ", ")));
}

bool AwaitsAgency(ObligationState state) {
  return state == Obligation::OPEN || state == Obligation::IN_PROGRESS;
}

int DaysLate(std::optional<absl::CivilDay> due, absl::CivilDay as_of) {
  if (!due || as_of <= *due) return 0;
  return static_cast<int>(as_of - *due);
}

int DaysLateOf(const v1::Obligation& obligation, absl::CivilDay as_of) {
  if (obligation.due_before_tracking()) return 0;
  return DaysLate(ToCivilDay(obligation.due_date()), as_of);
}

absl::StatusOr<v1::Obligation> Rescheduled(const v1::Obligation& current,
                                           absl::CivilDay due,
                                           absl::CivilDay today,
                                           absl::Time now) {
  if (!current.due_before_tracking()) {
    return absl::FailedPreconditionError(absl::StrCat(
        current.name(),
        " was tracked from before its due date; only an obligation due "
        "before it was tracked gets a new due date"));
  }
  if (!AwaitsAgency(current.state())) {
    return absl::FailedPreconditionError(absl::StrCat(
        current.name(), " is ", Obligation::State_Name(current.state()),
        "; only one still awaited gets a new due date"));
  }
  if (due < today) {
    Violations v;
    v.Add("due_date",
          absl::StrCat("must be today (", FormatDay(today), ") or later"));
    return v.ToStatus();
  }
  v1::Obligation next = current;
  *next.mutable_due_date() = ToDate(due);
  next.set_due_before_tracking(false);
  *next.mutable_update_time() = ToTimestamp(now);
  next.set_etag(NewEtag());
  return next;
}

absl::StatusOr<v1::Obligation> Transitioned(const v1::Obligation& current,
                                            ObligationAction action,
                                            const std::string& reason,
                                            absl::Time now) {
  auto state = Next(current.state(), action);
  if (!state.ok()) return state.status();
  v1::Obligation next = current;
  next.set_state(*state);
  next.set_state_reason(reason);
  *next.mutable_update_time() = ToTimestamp(now);
  if (action == ObligationAction::kSubmit) {
    *next.mutable_submit_time() = ToTimestamp(now);
    const int late = DaysLateOf(next, ProvinceDay(now));
    next.set_late(late > 0);
    next.set_days_late(late);
  }
  if (action == ObligationAction::kAccept) {
    *next.mutable_accept_time() = ToTimestamp(now);
    next.set_percent_complete(100);
  }
  next.set_etag(NewEtag());
  return next;
}

const char* EventVerbOf(ObligationAction action) {
  switch (action) {
    case ObligationAction::kStart:
      return "obligation.started";
    case ObligationAction::kReport:
      return "obligation.reported";
    case ObligationAction::kSubmit:
      return "obligation.submitted";
    case ObligationAction::kAccept:
      return "obligation.accepted";
    case ObligationAction::kReturn:
      return "obligation.returned";
    case ObligationAction::kWaive:
      return "obligation.waived";
    case ObligationAction::kCancel:
      return "obligation.cancelled";
  }
  return "obligation.changed";
}

}  // namespace ngoaivu::tasks
