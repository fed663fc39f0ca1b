#include "services/notifications/event_audience.h"

#include <algorithm>

#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"

namespace ngoaivu::notifications {
namespace {

namespace tv1 = ::ngoaivu::tasks::v1;
namespace dv1 = ::ngoaivu::delegations::v1;
namespace rv1 = ::ngoaivu::registry::v1;

template <typename Payload>
bool Unpack(const events::v1::Event& event, Payload* payload) {
  return event.data().Is<Payload>() && event.data().UnpackTo(payload);
}

// "agencies/SCT/officials/x" -> "agencies/SCT".
std::string AgencyPrefix(const std::string& name) {
  const size_t slash = name.find('/', sizeof("agencies/") - 1);
  return name.rfind("agencies/", 0) == 0 ? name.substr(0, slash) : "";
}

}  // namespace

Audience AudienceOf(const events::v1::Event& event) {
  Audience a;
  auto& to = a.agencies;
  tv1::ObligationChanged obligation;
  tv1::ObligationReminder reminder;
  tv1::ObligationReassigned reassigned;
  tv1::DutyChanged duty;
  tv1::ProgressReported report;
  tv1::ProgrammeChanged programme;
  dv1::Delegation delegation;
  dv1::Agreement agreement;
  rv1::AgencyCreated created;
  rv1::AgencyUpdated updated;
  rv1::AgencyDissolved dissolved;
  rv1::AgencyMerged merged;
  rv1::AgencyGroupChanged group;
  rv1::AgencyGroupMembersChanged members;
  rv1::OfficialChanged official;
  if (Unpack(event, &programme)) {
    a.everyone = true;
  } else if (Unpack(event, &obligation)) {
    to.push_back(obligation.obligation().agency());
  } else if (Unpack(event, &reminder)) {
    to.push_back(reminder.obligation().agency());
  } else if (Unpack(event, &reassigned)) {
    to = {reassigned.obligation().agency(), reassigned.previous().agency()};
  } else if (Unpack(event, &duty)) {
    to.push_back(duty.duty().lead_agency());
    for (const auto& c : duty.duty().coordinating_agencies()) to.push_back(c);
  } else if (Unpack(event, &report)) {
    to.push_back(report.report().filed_by_agency());
  } else if (Unpack(event, &delegation)) {
    to.push_back(delegation.agency());
  } else if (Unpack(event, &agreement)) {
    to.push_back(agreement.proposing_agency());
  } else if (Unpack(event, &created)) {
    to.push_back(created.agency().name());
  } else if (Unpack(event, &updated)) {
    to.push_back(updated.agency().name());
  } else if (Unpack(event, &dissolved)) {
    to.push_back(dissolved.agency().name());
  } else if (Unpack(event, &merged)) {
    to = {merged.agency().name(), merged.successor()};
  } else if (Unpack(event, &group)) {
    to.assign(group.group().members().begin(), group.group().members().end());
  } else if (Unpack(event, &members)) {
    to.assign(members.agencies().begin(), members.agencies().end());
  } else if (Unpack(event, &official)) {
    to.push_back(AgencyPrefix(official.official().name()));
  }
  to.erase(std::remove(to.begin(), to.end(), std::string()), to.end());
  return a;
}

bool ReadsEverything(const std::string& role) {
  return role == "admin" || role == "coordinator" || role == "approver" ||
         role == "viewer" || role == "system";
}

bool MayRead(const std::string& role, const std::string& agency,
             const events::v1::Event& event) {
  if (ReadsEverything(role)) return true;
  if (role != "officer" || agency.empty()) return false;
  const Audience a = AudienceOf(event);
  return a.everyone || std::find(a.agencies.begin(), a.agencies.end(),
                                 agency) != a.agencies.end();
}

}  // namespace ngoaivu::notifications
