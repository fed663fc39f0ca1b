// What the delegations service's events ask of the tasks service, through
// the bus only (tasks follows `{delegations}:events`):
// - an outbound delegation returned home: its sending agency owes a
//   post-trip report, due `post_trip_report_days` after the return;
// - a visit's outcome lists follow-up duties: each becomes a duty of the
//   host agency.
// Both land in the year's standing programme `programmes/follow-up-<year>`
// (created and activated on first need), as duties whose `source` names
// the delegation, so the report is submitted, reminded and accepted like
// any obligation. Duty ids are derived from the delegation (and request ids
// from the event), so a redelivered event finds its duty there already: the
// effect happens once.
#ifndef NGOAIVU_SERVICES_TASKS_DELEGATION_FOLLOW_UPS_H_
#define NGOAIVU_SERVICES_TASKS_DELEGATION_FOLLOW_UPS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "ngoaivu/events/v1/event.pb.h"
#include "services/tasks/duties.h"
#include "services/tasks/programmes.h"

namespace ngoaivu::tasks {

// The standing programme of `year`: `programmes/follow-up-<year>`.
std::string FollowUpProgramme(int year);
// The duty asking for `delegation`'s post-trip report.
std::string PostTripDutyId(const std::string& delegation);

class DelegationFollowUps {
 public:
  DelegationFollowUps(Programmes* programmes, Duties* duties,
                      int post_trip_report_days)
      : programmes_(programmes),
        duties_(duties),
        post_trip_report_days_(post_trip_report_days) {}

  // The effects of one delegations event (others are ignored).
  absl::Status Follow(const events::v1::Event& event, absl::Time deadline);

 private:
  // The year's standing programme, created and activated if need be.
  absl::Status EnsureProgramme(const CallContext& call, int year);
  // Creates the duty unless it exists (a repeated event).
  absl::Status CreateDutyOnce(const CallContext& call, int year,
                              const std::string& duty_id, v1::Duty duty,
                              const std::string& request_id);

  Programmes* programmes_;
  Duties* duties_;
  int post_trip_report_days_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_DELEGATION_FOLLOW_UPS_H_
