#include "services/tasks/period_obligations.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "common/dates.h"
#include "common/ids.h"
#include "services/tasks/assignment.h"
#include "services/tasks/schedule.h"
#include "services/tasks/tasks_names.h"

namespace ngoaivu::tasks {

bool IsTracked(const Period& period, std::optional<absl::CivilDay> track_from) {
  if (!track_from || !period.due) return true;
  // The period ends with its label's year ("2026") or month ("2026-09"),
  // or on its due date when that is later (or it has no label).
  absl::CivilDay end = *period.due;
  int year = 0, month = 0;
  if (period.label.size() == 4 && absl::SimpleAtoi(period.label, &year)) {
    end = std::max(end, absl::CivilDay(year, 12, 31));
  } else if (period.label.size() == 7 &&
             absl::SimpleAtoi(period.label.substr(0, 4), &year) &&
             absl::SimpleAtoi(period.label.substr(5), &month)) {
    end = std::max(end, absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1);
  }
  return end >= *track_from;
}

std::optional<absl::CivilDay> TrackedFrom(const v1::Programme& programme,
                                          const v1::Duty& duty) {
  std::optional<absl::CivilDay> from = ToCivilDay(programme.track_from());
  if (programme.has_activate_time() && duty.has_create_time() &&
      FromTimestamp(duty.create_time()) >
          FromTimestamp(programme.activate_time())) {
    const absl::CivilDay created =
        ProvinceDay(FromTimestamp(duty.create_time()));
    if (!from || created > *from) from = created;
  }
  return from;
}

void MarkDueBeforeTracking(std::optional<absl::CivilDay> tracked_from,
                           v1::Obligation* obligation) {
  const auto due = ToCivilDay(obligation->due_date());
  obligation->set_due_before_tracking(tracked_from && due &&
                                      *due < *tracked_from);
}

std::vector<v1::Obligation> ObligationsOpenOn(
    const v1::Programme& programme, const v1::Duty& duty,
    const std::vector<std::string>& group_members, absl::CivilDay today,
    absl::Time now) {
  const absl::CivilDay start =
      ToCivilDay(programme.decision_date()).value_or(today);
  const std::optional<absl::CivilDay> track_from =
      ToCivilDay(programme.track_from());
  const std::optional<absl::CivilDay> tracked_from =
      TrackedFrom(programme, duty);
  const DutyRef ref = *DutyRefOf(duty.name());
  const auto stamp = ToTimestamp(now);
  std::vector<v1::Obligation> obligations;
  for (const Period& period :
       OpenPeriods(duty.schedule(), duty.lead_time_days(), start, today)) {
    if (!IsTracked(period, track_from)) continue;
    for (const Share& share : SharesOf(duty, group_members, period.due)) {
      v1::Obligation o;
      o.set_name(ObligationName(
          {ref.programme, ref.duty, ObligationId(period.label, share.agency)}));
      o.set_agency(share.agency);
      o.set_role(share.role);
      o.set_section(duty.section());
      o.set_source(duty.source());
      o.set_period(period.label);
      *o.mutable_open_date() = ToDate(period.opens);
      if (share.due) *o.mutable_due_date() = ToDate(*share.due);
      MarkDueBeforeTracking(tracked_from, &o);
      o.set_state(v1::Obligation::OPEN);
      *o.mutable_create_time() = stamp;
      *o.mutable_update_time() = stamp;
      o.set_etag(NewEtag());
      obligations.push_back(std::move(o));
    }
  }
  return obligations;
}

}  // namespace ngoaivu::tasks
