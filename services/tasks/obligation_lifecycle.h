// How an obligation moves: open → in progress → submitted → accepted;
// submitted → in progress when the coordinator returns it; waived or
// cancelled by the coordinator. And how late it is.
#ifndef NGOAIVU_SERVICES_TASKS_OBLIGATION_LIFECYCLE_H_
#define NGOAIVU_SERVICES_TASKS_OBLIGATION_LIFECYCLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ngoaivu/tasks/v1/resources.pb.h"

namespace ngoaivu::tasks {

using ObligationState = v1::Obligation::State;

enum class ObligationAction {
  kStart,   // the agency begins work
  kReport,  // a progress report (starts work if not started)
  kSubmit,  // the agency hands in its result
  kAccept,  // the coordinator accepts it
  kReturn,  // the coordinator sends it back, with a reason
  kWaive,   // the coordinator excuses the agency, with a reason
  kCancel,  // the coordinator cancels it, with a reason
};

const char* ActionName(ObligationAction action);

// The state after `action`, or FAILED_PRECONDITION naming the current state
// and the actions it allows.
absl::StatusOr<ObligationState> Next(ObligationState current,
                                     ObligationAction action);

// `current` after `action` at `now`, with `reason`: its new state and what
// the action stamps (a submission its time and lateness, an acceptance its
// time and 100 %), a new etag. FAILED_PRECONDITION as Next().
absl::StatusOr<v1::Obligation> Transitioned(const v1::Obligation& current,
                                            ObligationAction action,
                                            const std::string& reason,
                                            absl::Time now);

// The event verb of `action` ("obligation.submitted", ...).
const char* EventVerbOf(ObligationAction action);

// The actions `state` allows, in a fixed order.
std::vector<ObligationAction> AllowedActions(ObligationState state);

// Whether the obligation still waits for the agency (reminders apply).
bool AwaitsAgency(ObligationState state);

// Days late on `as_of` (the submission day once submitted; today before):
// 0 when on time or without a due date.
int DaysLate(std::optional<absl::CivilDay> due, absl::CivilDay as_of);

// `current` due on `due` instead, tracked from now on: FAILED_PRECONDITION
// unless it was due before it was tracked and is still awaited from its
// agency; INVALID_ARGUMENT (due_date) for a day before `today`.
absl::StatusOr<v1::Obligation> Rescheduled(const v1::Obligation& current,
                                           absl::CivilDay due,
                                           absl::CivilDay today,
                                           absl::Time now);

// The obligation's days late on `as_of`: never late when it was due before
// it was tracked.
int DaysLateOf(const v1::Obligation& obligation, absl::CivilDay as_of);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_OBLIGATION_LIFECYCLE_H_
