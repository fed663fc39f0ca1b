#include "services/tasks/compliance.h"

#include <algorithm>

#include "common/dates.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/period_obligations.h"

namespace ngoaivu::tasks {
namespace {

using Row = v1::ComplianceRow;

Row::Outcome OutcomeOf(const v1::Obligation& o, absl::CivilDay today,
                       int* days_late) {
  const auto due = ToCivilDay(o.due_date());
  *days_late = 0;
  switch (o.state()) {
    case v1::Obligation::SUBMITTED:
    case v1::Obligation::ACCEPTED: {
      const absl::CivilDay submitted =
          ProvinceDay(absl::FromUnixSeconds(o.submit_time().seconds()));
      *days_late = DaysLateOf(o, submitted);
      return *days_late > 0 ? Row::LATE : Row::ON_TIME;
    }
    case v1::Obligation::WAIVED:
      return Row::WAIVED;
    case v1::Obligation::CANCELLED:
      return Row::CANCELLED;
    default:
      if (o.due_before_tracking()) return Row::DUE_BEFORE_TRACKING;
      *days_late = DaysLate(due, today);
      return *days_late > 0 ? Row::MISSING : Row::PENDING;
  }
}

}  // namespace

v1::ComplianceMatrix BuildComplianceMatrix(
    const std::string& duty, const std::string& period,
    const std::vector<v1::Obligation>& obligations, absl::CivilDay today) {
  v1::ComplianceMatrix matrix;
  matrix.set_duty(duty);
  matrix.set_period(period);
  std::vector<const v1::Obligation*> sorted;
  for (const auto& o : obligations) sorted.push_back(&o);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return a->agency() < b->agency();
  });
  for (const v1::Obligation* o : sorted) {
    Row* row = matrix.add_rows();
    int days_late = 0;
    row->set_outcome(OutcomeOf(*o, today, &days_late));
    row->set_agency(o->agency());
    row->set_obligation(o->name());
    *row->mutable_due_date() = o->due_date();
    if (o->has_submit_time()) *row->mutable_submit_time() = o->submit_time();
    row->set_days_late(days_late);
    row->set_state(o->state());
    switch (row->outcome()) {
      case Row::ON_TIME:
        matrix.set_on_time(matrix.on_time() + 1);
        break;
      case Row::LATE:
        matrix.set_late(matrix.late() + 1);
        break;
      case Row::MISSING:
        matrix.set_missing(matrix.missing() + 1);
        break;
      case Row::WAIVED:
        matrix.set_waived(matrix.waived() + 1);
        break;
      case Row::PENDING:
        matrix.set_pending(matrix.pending() + 1);
        break;
      case Row::CANCELLED:
        matrix.set_cancelled(matrix.cancelled() + 1);
        break;
      case Row::DUE_BEFORE_TRACKING:
        matrix.set_due_before_tracking(matrix.due_before_tracking() + 1);
        break;
      default:
        break;
    }
  }
  return matrix;
}

}  // namespace ngoaivu::tasks
