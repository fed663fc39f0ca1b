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
#include "services/tasks/agency_directory.h"
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
  ~Scheduler();

  // One pass as of the clock's now.
  absl::StatusOr<Pass> RunOnce(absl::Time deadline);

  // Runs a pass every `interval` in a thread until Stop().
  void Start(absl::Duration interval);
  void Stop();

 private:
  absl::StatusOr<int> OpenDuePeriods(absl::Time deadline);
  absl::StatusOr<int> SendReminders(absl::Time deadline);
  events::v1::Event MakeEvent(absl::string_view verb, absl::string_view subject,
                              const google::protobuf::Message& payload) const;

  TasksStore* store_;
  AgencyDirectory* directory_;
  const Clock* clock_;
  LadderSettings ladder_;
  EventFactory events_;
  CallContext actor_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_SCHEDULER_H_
