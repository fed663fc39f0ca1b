#include "services/tasks/obligation_tracking.h"

#include "common/dates.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/programme_report.h"

namespace ngoaivu::tasks {

ObligationTracking TrackingOf(const v1::Obligation& obligation) {
  ObligationTracking t;
  t.awaited = AwaitsAgency(obligation.state());
  // One due before it was tracked is not overdue, and not reminded.
  if (t.awaited && !obligation.due_before_tracking()) {
    if (const auto due = ToCivilDay(obligation.due_date())) {
      t.awaited_due_day = DayNumber(*due);
    }
  }
  t.report_groups = ReportGroupsOf(obligation);
  return t;
}

ObligationWrite NewObligation(v1::Obligation next) {
  ObligationWrite w;
  w.now = TrackingOf(next);
  w.tally_delta = TallyDelta(nullptr, &next);
  w.next = std::move(next);
  return w;
}

ObligationWrite ChangedObligation(v1::Obligation next,
                                  v1::Obligation previous) {
  ObligationWrite w;
  w.now = TrackingOf(next);
  w.before = TrackingOf(previous);
  w.tally_delta = TallyDelta(&previous, &next);
  w.next = std::move(next);
  w.previous = std::move(previous);
  return w;
}

std::vector<ObligationWrite> NewObligations(
    std::vector<v1::Obligation> obligations) {
  std::vector<ObligationWrite> writes;
  writes.reserve(obligations.size());
  for (v1::Obligation& o : obligations) writes.push_back(NewObligation(o));
  return writes;
}

}  // namespace ngoaivu::tasks
