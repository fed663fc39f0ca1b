// When a duty falls due: its periods and their due and opening dates.
// Plain C++ over the contract's Schedule; no clock of its own (callers pass
// "today"), so tests can walk through years.
#ifndef NGOAIVU_SERVICES_TASKS_SCHEDULE_H_
#define NGOAIVU_SERVICES_TASKS_SCHEDULE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "ngoaivu/tasks/v1/resources.pb.h"

namespace ngoaivu::tasks {

struct Period {
  std::string label;  // "2025", "2025-07", or "" (once / continuing)
  std::optional<absl::CivilDay> due;  // none for a continuing duty
  absl::CivilDay opens;               // due - lead time (or the start)
};

// INVALID_ARGUMENT (field violations under `field`) for a schedule that
// cannot be followed: no kind, impossible dates, months < 1, a last year
// before the first.
absl::Status ValidateSchedule(const v1::Schedule& schedule,
                              const std::string& field);

// The periods whose obligations are open on `today`: opened on or before
// it (due within `lead_time_days`, or already past), in due order. A
// continuing duty has one period, open from `start`.
std::vector<Period> OpenPeriods(const v1::Schedule& schedule,
                                int lead_time_days, absl::CivilDay start,
                                absl::CivilDay today);

// The period `label` of `schedule`, if it is one.
std::optional<Period> PeriodOf(const v1::Schedule& schedule, int lead_time_days,
                               const std::string& label);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_SCHEDULE_H_
