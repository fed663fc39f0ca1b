// What every tasks use case works with (the store, the agency directory,
// the clock, page tokens, the mutation runner) and the steps several of
// them share. The use cases themselves are split by resource: programmes.h,
// duties.h, obligations.h, progress_reports.h, agency_changes.h, reports.h;
// tasks.h gathers them for the adapter.
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_USE_CASE_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_USE_CASE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "common/clock.h"
#include "common/mutation.h"
#include "common/page_token.h"
#include "common/registry_client/agency_directory.h"
#include "services/tasks/tasks_store.h"

namespace ngoaivu::tasks {

struct TasksDependencies {
  TasksStore* store;
  AgencyDirectory* directory;
  const Clock* clock;
  PageTokens page_tokens;
  absl::Duration request_ttl = absl::Hours(24);
};

absl::Status NotFound(absl::string_view name);

class TasksUseCase {
 protected:
  explicit TasksUseCase(const TasksDependencies& deps);

  absl::StatusOr<v1::Programme> MustFindProgramme(absl::string_view id,
                                                  absl::Time deadline);
  absl::StatusOr<v1::Obligation> MustFindObligation(const std::string& name,
                                                    absl::Time deadline);
  // The duty and its programme, if the duty may change: the programme not
  // CLOSED, the duty ACTIVE and at `etag` (when given).
  absl::StatusOr<std::pair<v1::Programme, v1::Duty>> FindChangeableDuty(
      const DutyRef& ref, absl::string_view etag, absl::Time deadline);
  // The obligation `name` and its programme, if the obligation may change:
  // the programme ACTIVE and the obligation at `etag` (when given).
  absl::StatusOr<std::pair<v1::Programme, v1::Obligation>>
  FindChangeableObligation(const std::string& name, absl::string_view etag,
                           absl::Time deadline);
  // The programme `name` at `etag` (when given), if it is in `state`;
  // FAILED_PRECONDITION saying what `action` needs otherwise.
  absl::StatusOr<v1::Programme> FindProgrammeIn(const std::string& name,
                                                absl::string_view etag,
                                                v1::Programme::State state,
                                                absl::string_view action,
                                                absl::Time deadline);
  // The obligations of `duty` for the periods open now.
  absl::StatusOr<std::vector<v1::Obligation>> OpenObligations(
      const v1::Programme& programme, const v1::Duty& duty,
      absl::Time deadline);
  // Late flag and days late as of today, for an obligation still awaited.
  v1::Obligation WithLateness(v1::Obligation obligation) const;
  // Writes the move of `current` to `agency` within `m` (or, when `agency`
  // already carries the same duty and period and `cancel_if_carried`,
  // cancels it).
  absl::StatusOr<v1::Obligation> Move(MutationScope& m,
                                      const v1::Obligation& current,
                                      const v1::Programme& programme,
                                      const std::string& agency,
                                      const std::string& reason,
                                      bool cancel_if_carried);
  // Emits `obligation.opened` for each of `obligations`.
  static void EmitOpened(MutationScope& m,
                         const std::vector<v1::Obligation>& obligations);

  TasksStore* store_;
  AgencyDirectory* directory_;
  const Clock* clock_;
  PageTokens page_tokens_;
  MutationRunner runner_;
};

// Obligations of a draft or closed programme do not move.
absl::Status MustBeActive(const v1::Programme& programme);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_USE_CASE_H_
