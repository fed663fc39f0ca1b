#include "services/tasks/reminder_ladder.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace ngoaivu::tasks {

std::vector<Rung> RungsBetween(absl::CivilDay due, absl::CivilDay from,
                               absl::CivilDay to,
                               const LadderSettings& settings) {
  std::vector<Rung> rungs;
  std::vector<int> before = settings.days_before;
  std::sort(before.begin(), before.end(), std::greater<int>());
  for (int days : before) {
    const absl::CivilDay day = due - days;
    if (day >= from && day <= to) {
      rungs.push_back({absl::StrCat("due-in-", days, "d"), day, false});
    }
  }
  const int repeat = std::max(1, settings.repeat_overdue_every_days);
  for (int after = settings.first_overdue_after_days;; after += repeat) {
    const absl::CivilDay day = due + after;
    if (day > to) break;
    if (day >= from)
      rungs.push_back({absl::StrCat("overdue-", after, "d"), day, true});
  }
  return rungs;
}

std::optional<Rung> CurrentRung(absl::CivilDay due, absl::CivilDay today,
                                const LadderSettings& settings) {
  // The earliest possible rung is the largest days_before.
  int earliest = 0;
  for (int d : settings.days_before) earliest = std::max(earliest, d);
  std::vector<Rung> rungs = RungsBetween(due, due - earliest, today, settings);
  if (rungs.empty()) return std::nullopt;
  return rungs.back();
}

}  // namespace ngoaivu::tasks
