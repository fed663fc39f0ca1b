// The obligations a duty gives for the periods open on a day: one per
// period and share (lead, coordinators, or group members), with ids that
// follow from period and agency, so opening the same period twice (two
// scheduler replicas, a restart) names the same obligations.
#ifndef NGOAIVU_SERVICES_TASKS_PERIOD_OBLIGATIONS_H_
#define NGOAIVU_SERVICES_TASKS_PERIOD_OBLIGATIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ngoaivu/tasks/v1/resources.pb.h"
#include "services/tasks/schedule.h"

namespace ngoaivu::tasks {

// Whether a programme tracking from `track_from` tracks `period`: the
// period running on that day or a later one. A yearly period ("2026") runs
// to the end of its year, a monthly one ("2026-09") to the end of its
// month, or either to its due date if later; a once-only period to its due
// date; a continuing duty's period always runs.
bool IsTracked(const Period& period, std::optional<absl::CivilDay> track_from);

// The first day `duty`'s obligations are tracked: the programme's
// track_from, or the day the duty was created if that was after the
// programme was put in force (nothing was asked of anyone before).
std::optional<absl::CivilDay> TrackedFrom(const v1::Programme& programme,
                                          const v1::Duty& duty);

// Marks `obligation` due_before_tracking when its due date is before
// `tracked_from`: no agency was late for it.
void MarkDueBeforeTracking(std::optional<absl::CivilDay> tracked_from,
                           v1::Obligation* obligation);

// Only the periods the programme tracks (Programme.track_from); each
// obligation due before TrackedFrom is marked due_before_tracking.
// `group_members`: the active members of duty.group(), when it has one.
std::vector<v1::Obligation> ObligationsOpenOn(
    const v1::Programme& programme, const v1::Duty& duty,
    const std::vector<std::string>& group_members, absl::CivilDay today,
    absl::Time now);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_PERIOD_OBLIGATIONS_H_
