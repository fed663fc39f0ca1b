// Moving an obligation to another agency (a merge in the registry, or the
// coordinator's decision after a dissolution). Obligation ids embed their
// agency, so a move is a new obligation for the new agency, carrying the
// old one's dates, state and progress and naming it in `reassigned_from`,
// while the old one is cancelled: both keep their history.
#ifndef NGOAIVU_SERVICES_TASKS_REASSIGNMENT_H_
#define NGOAIVU_SERVICES_TASKS_REASSIGNMENT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ngoaivu/tasks/v1/resources.pb.h"

namespace ngoaivu::tasks {

struct Reassignment {
  v1::Obligation moved;      // the new agency's obligation
  v1::Obligation cancelled;  // the old one, CANCELLED
};

// FAILED_PRECONDITION unless `current` is still awaited from its agency
// (OPEN or IN_PROGRESS): what was submitted stays with who submitted it.
absl::StatusOr<Reassignment> Reassign(const v1::Obligation& current,
                                      const std::string& agency,
                                      const std::string& reason,
                                      absl::Time now);

// `current` cancelled with `reason` (the successor already carries the same
// duty for the same period, so nothing moves).
v1::Obligation CancelledForMerge(const v1::Obligation& current,
                                 const std::string& reason, absl::Time now);

// `current` flagged for the coordinator to reassign (its agency was
// dissolved); nullopt when there is nothing to flag.
std::optional<v1::Obligation> FlaggedForReassignment(
    const v1::Obligation& current, absl::Time now);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_REASSIGNMENT_H_
