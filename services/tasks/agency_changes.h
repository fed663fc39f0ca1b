// What the registry's changes make the tasks service do, through its
// registry follower: a merged agency's awaited obligations move to its
// successor and the duties naming it name the successor; a dissolved
// agency's awaited obligations are flagged for the coordinator to
// reassign. Every effect is safe to repeat (delivery is at least once).
#ifndef NGOAIVU_SERVICES_TASKS_AGENCY_CHANGES_H_
#define NGOAIVU_SERVICES_TASKS_AGENCY_CHANGES_H_

#include <functional>
#include <string>

#include "ngoaivu/events/v1/event.pb.h"
#include "services/tasks/tasks_use_case.h"

namespace ngoaivu::tasks {

class AgencyChanges : public TasksUseCase {
 public:
  explicit AgencyChanges(const TasksDependencies& deps) : TasksUseCase(deps) {}

  // The effects of one registry event (others are ignored).
  absl::Status Follow(const events::v1::Event& event, absl::Time deadline);

  // `agency` was merged into `successor`: its obligations still awaited
  // move there (or are cancelled where the successor already carries the
  // same duty for the same period). Returns how many moved.
  absl::StatusOr<int> MoveObligationsOfMergedAgency(
      const CallContext& call, const std::string& agency,
      const std::string& successor);
  // `agency` was merged into `successor`: the duties of open programmes
  // that name it as lead or coordinator name the successor instead
  // (`duty.updated`). Returns how many changed.
  absl::StatusOr<int> RenameMergedAgencyInDuties(const CallContext& call,
                                                 const std::string& agency,
                                                 const std::string& successor);
  // `agency` was dissolved: its obligations still awaited are flagged for
  // the coordinator to reassign. Returns how many.
  absl::StatusOr<int> FlagObligationsOfDissolvedAgency(
      const CallContext& call, const std::string& agency);
  // `agency` left `group`: its obligations of the group's duties still
  // awaited are flagged for the coordinator (what it submitted stays).
  // Returns how many.
  absl::StatusOr<int> FlagObligationsOfLeaver(const CallContext& call,
                                              const std::string& agency,
                                              const std::string& group);

 private:
  // Applies `change` to every obligation of `agency` still awaited, one
  // mutation each (re-read and retried when it races another change).
  using AwaitedChange = std::function<absl::StatusOr<bool>(
      const v1::Obligation& current, const v1::Programme& programme)>;
  absl::StatusOr<int> ForEachAwaitedObligation(const CallContext& call,
                                               const std::string& agency,
                                               const AwaitedChange& change);
  // Flags `current` for reassignment, for `reason`; false when it is
  // flagged already.
  absl::StatusOr<bool> Flag(const CallContext& call,
                            const v1::Obligation& current,
                            const v1::Programme& programme,
                            const std::string& reason);
  // Rewrites one duty naming `agency` (under its etag, retried on a race).
  absl::StatusOr<bool> RenameInDuty(const CallContext& call,
                                    const std::string& duty,
                                    const std::string& agency,
                                    const std::string& successor);
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_AGENCY_CHANGES_H_
