// What is kept beside an obligation's record so that lists, the scheduler
// and the programme report never scan: whether it is awaited from its
// agency (and from which due day), the report groups whose awaited indexes
// hold it, and what its change adds to the programme's counters. Decided
// here, in plain C++; the store only writes what it is handed.
#ifndef NGOAIVU_SERVICES_TASKS_OBLIGATION_TRACKING_H_
#define NGOAIVU_SERVICES_TASKS_OBLIGATION_TRACKING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/dates.h"
#include "ngoaivu/tasks/v1/resources.pb.h"

namespace ngoaivu::tasks {

struct ObligationTracking {
  // Awaited from its agency (OPEN, IN_PROGRESS): reminders, merges and
  // dissolutions apply.
  bool awaited = false;
  // The due day's number while the obligation is awaited from its agency
  // (OPEN, IN_PROGRESS) and has a due date it was tracked for; nothing
  // otherwise (due_before_tracking).
  std::optional<int64_t> awaited_due_day;
  // The report groups it counts in ("all", "s:<item>", "a:<CODE>").
  std::vector<std::string> report_groups;
};

ObligationTracking TrackingOf(const v1::Obligation& obligation);

// One obligation written by a mutation, with everything kept beside it.
struct ObligationWrite {
  v1::Obligation next;
  // The record it replaces (guarded by its etag); none for a new one.
  std::optional<v1::Obligation> previous;
  ObligationTracking now;
  ObligationTracking before;  // empty for a new obligation
  // What the write adds to the programme's counters ("<group>|<metric>").
  std::vector<std::pair<std::string, int64_t>> tally_delta;
};

ObligationWrite NewObligation(v1::Obligation next);
ObligationWrite ChangedObligation(v1::Obligation next, v1::Obligation previous);
std::vector<ObligationWrite> NewObligations(
    std::vector<v1::Obligation> obligations);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_OBLIGATION_TRACKING_H_
