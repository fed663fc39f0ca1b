// What other services' events make the delegations service do, through the
// bus only:
// - tasks accepted a delegation's post-trip report (an obligation whose
//   `source` names the delegation): the delegation is REPORTED;
// - the registry merged an agency: its delegations still under way follow
//   the successor (with their statistics).
// Each effect happens once however often the event is delivered: the
// report's write records the event id in the same atomic step, and a merge
// finds nothing left to move the second time.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_EFFECTS_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_EFFECTS_H_

#include <string>

#include "ngoaivu/events/v1/event.pb.h"
#include "services/delegations/delegations_use_case.h"

namespace ngoaivu::delegations {

class DelegationEffects : public DelegationsUseCase {
 public:
  explicit DelegationEffects(const DelegationsDependencies& deps)
      : DelegationsUseCase(deps) {}

  // One event of `{tasks}:events` (others than an accepted post-trip
  // report are ignored).
  absl::Status FollowTasks(const events::v1::Event& event, absl::Time deadline);
  // One event of `{registry}:events` (others than a merge are ignored).
  absl::Status FollowRegistry(const events::v1::Event& event,
                              absl::Time deadline);

  // `agency` was merged into `successor`: its delegations not yet over
  // move there. Returns how many moved.
  absl::StatusOr<int> MoveDelegationsOfMergedAgency(
      const CallContext& call, const std::string& agency,
      const std::string& successor);

 private:
  absl::Status MarkReported(const CallContext& call,
                            const events::v1::Event& event,
                            const std::string& delegation,
                            const std::string& obligation);
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_EFFECTS_H_
