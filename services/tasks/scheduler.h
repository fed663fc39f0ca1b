// The tasks service's clockwork: each pass opens the obligations of every
// period that has come within its lead time, and sends each obligation's
// reminder rungs (due soon, overdue) exactly once. Any number of replicas
// may run passes at once, and restart at any time: opening and reminding
// are guarded writes that happen once per obligation and rung.
#ifndef NGOAIVU_SERVICES_TASKS_SCHEDULER_H_
#define NGOAIVU_SERVICES_TASKS_SCHEDULER_H_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/mutation.h"
#include "common/registry_client/agency_directory.h"
#include "services/tasks/reminder_ladder.h"
#include "services/tasks/tasks_store.h"

namespace ngoaivu::tasks {

class Scheduler {
 public:
  struct Pass {
    int opened = 0;
    int reminded = 0;
  };

  Scheduler(TasksStore* store, AgencyDirectory* directory, const Clock* clock,
            LadderSettings ladder);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  ~Scheduler();

  // One pass as of the clock's now.
  absl::StatusOr<Pass> RunOnce(absl::Time deadline);

  // Runs a pass every `interval` in a thread until Stop().
  void Start(absl::Duration interval);
  void Stop();

 private:
  absl::StatusOr<int> OpenDuePeriods(absl::Time deadline);
  // Opens what `duty` gives now and does not exist yet; returns how many.
  absl::StatusOr<int> OpenDueObligations(const v1::Programme& programme,
                                         const v1::Duty& duty,
                                         absl::Time deadline);
  // Whether the period of `obligation` was already answered for its agency
  // by an agency since merged into it (or moved on from one): a merge does
  // not ask again for work done.
  absl::StatusOr<bool> CarriedByPredecessor(const v1::Obligation& obligation,
                                            absl::Time deadline);
  absl::StatusOr<int> SendReminders(absl::Time deadline);
  absl::StatusOr<bool> Remind(const v1::Obligation& obligation,
                              absl::CivilDay today, absl::Time deadline);

  TasksStore* store_;
  AgencyDirectory* directory_;
  const Clock* clock_;
  LadderSettings ladder_;
  // Its changes are its own: no request to replay.
  MutationRunner runner_;
  events::v1::Actor actor_;
  // Obligations written before the state indexes were indexed (first pass).
  bool states_indexed_ = false;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_SCHEDULER_H_
