#include "services/tasks/reassignment.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/ids.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/tasks_names.h"

namespace ngoaivu::tasks {
namespace {

v1::Obligation Cancelled(const v1::Obligation& current,
                         const std::string& reason, absl::Time now) {
  v1::Obligation old = current;
  old.set_state(v1::Obligation::CANCELLED);
  old.set_state_reason(reason);
  old.set_needs_reassignment(false);
  *old.mutable_update_time() = ToTimestamp(now);
  old.set_etag(NewEtag());
  return old;
}

}  // namespace

absl::StatusOr<Reassignment> Reassign(const v1::Obligation& current,
                                      const std::string& agency,
                                      const std::string& reason,
                                      absl::Time now) {
  if (!AwaitsAgency(current.state())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot reassign an obligation that is ",
        v1::Obligation::State_Name(current.state()),
        "; only OPEN or IN_PROGRESS obligations move to another agency"));
  }
  const ObligationRef ref = *ObligationRefOf(current.name());
  Reassignment r;
  r.moved = current;
  r.moved.set_name(ObligationName(
      {ref.programme, ref.duty, ObligationId(current.period(), agency)}));
  r.moved.set_agency(agency);
  r.moved.set_reassigned_from(current.name());
  r.moved.set_needs_reassignment(false);
  r.moved.set_state_reason(reason);
  *r.moved.mutable_create_time() = ToTimestamp(now);
  *r.moved.mutable_update_time() = ToTimestamp(now);
  r.moved.set_etag(NewEtag());
  r.cancelled = Cancelled(
      current, absl::StrCat("moved to ", r.moved.name(), ": ", reason), now);
  return r;
}

v1::Obligation CancelledForMerge(const v1::Obligation& current,
                                 const std::string& reason, absl::Time now) {
  return Cancelled(current, reason, now);
}

std::optional<v1::Obligation> FlaggedForReassignment(
    const v1::Obligation& current, absl::Time now) {
  if (!AwaitsAgency(current.state()) || current.needs_reassignment()) {
    return std::nullopt;
  }
  v1::Obligation flagged = current;
  flagged.set_needs_reassignment(true);
  *flagged.mutable_update_time() = ToTimestamp(now);
  flagged.set_etag(NewEtag());
  return flagged;
}

}  // namespace ngoaivu::tasks
