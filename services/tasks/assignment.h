// Who carries a duty: one obligation for the lead and one for each
// coordinating agency, or one for each member of the group the duty is
// given to.
#ifndef NGOAIVU_SERVICES_TASKS_ASSIGNMENT_H_
#define NGOAIVU_SERVICES_TASKS_ASSIGNMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "ngoaivu/tasks/v1/resources.pb.h"

namespace ngoaivu::tasks {

struct Share {
  std::string agency;  // agencies/{code}
  v1::Obligation::Role role;
  // When this share is due: a coordinator's input comes
  // `coordinator_offset_days` before the lead's due date.
  std::optional<absl::CivilDay> due;
};

// INVALID_ARGUMENT naming the fields (under "duty.") when the duty names no
// one, both a lead and a group, a coordinator twice or the lead again.
absl::Status ValidateAssignment(const v1::Duty& duty);

// The shares of `duty` for a period due on `due`. `group_members` are the
// active members of duty.group() (ignored for a lead-and-coordinators duty).
std::vector<Share> SharesOf(const v1::Duty& duty,
                            const std::vector<std::string>& group_members,
                            std::optional<absl::CivilDay> due);

// Puts `successor` where `duty` names `merged` (lead or coordinator), once:
// a successor that already coordinates and now leads stops coordinating.
// Returns whether anything changed. Group duties follow the group.
// The obligation of a group member that joined the group on `joined`, after
// the obligation's period opened: nothing when it joined after the period
// fell due (it owes the next periods); otherwise the obligation, due no
// sooner than `lead_time_days` after it joined, the time every member had.
std::optional<v1::Obligation> ForLateJoiner(v1::Obligation obligation,
                                            absl::CivilDay joined,
                                            int lead_time_days);

bool ReplaceMergedAgency(const std::string& merged,
                         const std::string& successor, v1::Duty* duty);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_ASSIGNMENT_H_
