// The obligations a duty gives for the periods open on a day: one per
// period and share (lead, coordinators, or group members), with ids that
// follow from period and agency, so opening the same period twice (two
// scheduler replicas, a restart) names the same obligations.
#ifndef NGOAIVU_SERVICES_TASKS_OPENING_H_
#define NGOAIVU_SERVICES_TASKS_OPENING_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ngoaivu/tasks/v1/resources.pb.h"

namespace ngoaivu::tasks {

// The province's calendar day (UTC+7) at `time`: due dates are local.
absl::CivilDay ProvinceDay(absl::Time time);

// `group_members`: the active members of duty.group(), when it has one.
std::vector<v1::Obligation> ObligationsOpenOn(
    const v1::Programme& programme, const v1::Duty& duty,
    const std::vector<std::string>& group_members, absl::CivilDay today,
    absl::Time now);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_OPENING_H_
