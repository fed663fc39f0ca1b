// The reminder ladder of an obligation: rungs before its due date (30, 7
// and 1 days by default), the day after it, then every 7 days while late.
// Each rung has a stable id, so the scheduler can fire each exactly once
// however many replicas ask and however often they restart.
#ifndef NGOAIVU_SERVICES_TASKS_REMINDER_LADDER_H_
#define NGOAIVU_SERVICES_TASKS_REMINDER_LADDER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace ngoaivu::tasks {

struct LadderSettings {
  std::vector<int> days_before = {30, 7, 1};
  int first_overdue_after_days = 1;
  int repeat_overdue_every_days = 7;
};

struct Rung {
  std::string id;  // "due-in-30d", "overdue-1d", "overdue-8d", ...
  absl::CivilDay day;
  bool overdue;  // due_soon before the due date, overdue after
};

// The latest rung on or before `today`, if any. After a pause (a service
// down for days) only the latest rung fires: late reminders for rungs that
// are already past would only add noise.
std::optional<Rung> CurrentRung(absl::CivilDay due, absl::CivilDay today,
                                const LadderSettings& settings);

// Every rung from `from` to `to` inclusive, in order (for tests and
// planning).
std::vector<Rung> RungsBetween(absl::CivilDay due, absl::CivilDay from,
                               absl::CivilDay to,
                               const LadderSettings& settings);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_REMINDER_LADDER_H_
