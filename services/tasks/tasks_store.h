// Where the tasks service's records live (Redis implementation:
// redis_tasks_store.h).
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_STORE_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/mutation.h"
#include "common/page.h"
#include "ngoaivu/tasks/v1/resources.pb.h"
#include "services/tasks/obligation_tracking.h"
#include "services/tasks/tasks_names.h"

namespace ngoaivu::tasks {

template <typename T>
using Page = RecordPage<T>;

struct ObligationFilter {
  std::string agency;           // agencies/{code}, or
  std::optional<DutyRef> duty;  // or, for obligations awaited only,
  std::string programme;        // a programme's id (walked by due day)
  v1::Obligation::State state = v1::Obligation::STATE_UNSPECIFIED;
  std::string period;
  // Only awaited obligations due on or before this day (late: yesterday).
  std::optional<absl::CivilDay> awaited_due_by;
  std::optional<absl::CivilDay> due_before;
  std::optional<absl::CivilDay> due_after;
  // Only obligations still awaited from their agency (OPEN, IN_PROGRESS).
  bool awaited_only = false;
};

// The counters and overdue figures of one programme, as the store reads
// them for the report (programme_report.h says what they mean).
struct OverdueFigures {
  // Obligations awaited and due on or before the day, per report group.
  std::map<std::string, int64_t> per_group;
  // The first of them, most overdue first.
  std::vector<v1::Obligation> worst;
};

class TasksStore : public RequestLog {
 public:
  virtual absl::StatusOr<std::optional<v1::Programme>> FindProgramme(
      absl::string_view id, absl::Time deadline) = 0;
  virtual absl::StatusOr<Page<v1::Programme>> ListProgrammes(
      absl::string_view cursor, int limit, absl::Time deadline) = 0;
  // Writes `next` (replacing `previous`, or creating it) and opens
  // `obligations` (which must not exist yet).
  virtual absl::StatusOr<WriteOutcome> SaveProgramme(
      const v1::Programme& next, const v1::Programme* previous,
      const std::vector<ObligationWrite>& obligations,
      const Mutation& mutation) = 0;

  virtual absl::StatusOr<std::optional<v1::Duty>> FindDuty(
      const DutyRef& ref, absl::Time deadline) = 0;
  virtual absl::StatusOr<Page<v1::Duty>> ListDuties(absl::string_view programme,
                                                    absl::string_view cursor,
                                                    int limit,
                                                    absl::Time deadline) = 0;
  // Writes a new duty of `programme` (whose etag must still be
  // `programme_etag`) and opens `obligations`.
  virtual absl::StatusOr<WriteOutcome> CreateDuty(
      const v1::Duty& duty, const v1::Programme& programme,
      const std::vector<ObligationWrite>& obligations,
      const Mutation& mutation) = 0;

  // Replaces `previous` by `next` (guarded by its etag) and writes
  // `obligations`, while `programme` is unchanged.
  virtual absl::StatusOr<WriteOutcome> SaveDuty(
      const v1::Duty& next, const v1::Duty& previous,
      const v1::Programme& programme,
      const std::vector<ObligationWrite>& obligations,
      const Mutation& mutation) = 0;

  virtual absl::StatusOr<std::optional<v1::Obligation>> FindObligation(
      const ObligationRef& ref, absl::Time deadline) = 0;
  // Whether `agency` carries (or carried) any obligation of `duty`.
  virtual absl::StatusOr<bool> CarriesAnyOf(const std::string& agency,
                                            const DutyRef& duty,
                                            absl::Time deadline) = 0;
  virtual absl::StatusOr<Page<v1::Obligation>> ListObligations(
      const ObligationFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) = 0;
  // Writes obligations (a transition; a reassignment: the new one and the
  // old one cancelled), while `programme` is unchanged.
  virtual absl::StatusOr<WriteOutcome> SaveObligations(
      const std::vector<ObligationWrite>& writes,
      const v1::Programme& programme, const Mutation& mutation) = 0;

  // Appends `report` to its obligation's reports and writes the obligation,
  // while `programme` is unchanged.
  virtual absl::StatusOr<WriteOutcome> FileReport(
      const v1::ProgressReport& report, const ObligationWrite& obligation,
      const v1::Programme& programme, const Mutation& mutation) = 0;
  virtual absl::StatusOr<Page<v1::ProgressReport>> ListReports(
      const ObligationRef& obligation, int64_t offset, int limit,
      absl::Time deadline) = 0;

  // --- For the scheduler ---
  // Puts the obligations written before the programmes kept an index by
  // state into it, once per store; returns how many (0 once done).
  virtual absl::StatusOr<int> IndexStatesOnce(absl::Time deadline) = 0;
  // Opens one obligation unless it exists already (another replica, an
  // earlier run): returns whether this call opened it.
  virtual absl::StatusOr<bool> OpenObligation(const ObligationWrite& obligation,
                                              const Mutation& mutation) = 0;
  // Obligations still awaited from their agency that fall due on or before
  // `day`, most overdue first.
  virtual absl::StatusOr<std::vector<ObligationRef>> AwaitedDueBy(
      absl::CivilDay day, int limit, absl::Time deadline) = 0;
  // Records that reminder `rung` of `obligation` was sent, with its event,
  // unless it was already (then returns false). Nothing is sent when the
  // obligation's state is no longer `obligation.state()`.
  virtual absl::StatusOr<bool> RecordReminder(const v1::Obligation& obligation,
                                              absl::string_view rung,
                                              const Mutation& mutation) = 0;

  // A programme's counters ("<group>|<metric>" -> value).
  virtual absl::StatusOr<std::map<std::string, int64_t>> ReadTally(
      absl::string_view programme, absl::Time deadline) = 0;
  // Its obligations awaited and due on or before `overdue_by`, counted for
  // each of `groups`, and the first `late_limit` of them.
  virtual absl::StatusOr<OverdueFigures> ReadOverdue(
      absl::string_view programme, const std::vector<std::string>& groups,
      absl::CivilDay overdue_by, int late_limit, absl::Time deadline) = 0;

  virtual absl::StatusOr<Page<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) = 0;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_STORE_H_
