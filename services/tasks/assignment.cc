#include "services/tasks/assignment.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "common/validation.h"

namespace ngoaivu::tasks {
absl::Status ValidateAssignment(const v1::Duty& duty) {
  Violations v;
  const bool has_lead = !duty.lead_agency().empty();
  const bool has_group = !duty.group().empty();
  if (!has_lead && !has_group) {
    v.Add("duty.lead_agency", "a lead agency or a group is required");
  }
  if (has_lead && has_group) {
    v.Add("duty.group", "a duty goes to a lead agency or to a group, not both");
  }
  if (has_lead && !IsAgencyName(duty.lead_agency())) {
    v.Add("duty.lead_agency", "must be agencies/{code}");
  }
  if (has_group && !GroupIdOf(duty.group())) {
    v.Add("duty.group", "must be groups/{id}");
  }
  if (has_group && duty.coordinating_agencies_size() > 0) {
    v.Add("duty.coordinating_agencies", "a group duty has no coordinators");
  }
  std::set<std::string> seen;
  for (int i = 0; i < duty.coordinating_agencies_size(); ++i) {
    const std::string& c = duty.coordinating_agencies(i);
    const std::string field =
        absl::StrCat("duty.coordinating_agencies[", i, "]");
    if (!IsAgencyName(c)) {
      v.Add(field, "must be agencies/{code}");
    } else if (c == duty.lead_agency()) {
      v.Add(field, "the lead agency cannot also coordinate");
    } else if (!seen.insert(c).second) {
      v.Add(field, "named twice");
    }
  }
  if (duty.coordinator_offset_days() < 0 ||
      duty.coordinator_offset_days() > 365) {
    v.Add("duty.coordinator_offset_days", "0-365");
  }
  return v.ToStatus();
}

std::vector<Share> SharesOf(const v1::Duty& duty,
                            const std::vector<std::string>& group_members,
                            std::optional<absl::CivilDay> due) {
  std::vector<Share> shares;
  if (!duty.group().empty()) {
    std::set<std::string> unique(group_members.begin(), group_members.end());
    for (const std::string& member : unique) {
      shares.push_back({member, v1::Obligation::LEAD, due});
    }
    return shares;
  }
  shares.push_back({duty.lead_agency(), v1::Obligation::LEAD, due});
  std::optional<absl::CivilDay> input_due;
  if (due) input_due = *due - duty.coordinator_offset_days();
  for (const std::string& c : duty.coordinating_agencies()) {
    shares.push_back({c, v1::Obligation::COORDINATING, input_due});
  }
  return shares;
}

std::optional<v1::Obligation> ForLateJoiner(v1::Obligation obligation,
                                            absl::CivilDay joined,
                                            int lead_time_days) {
  const auto opened = ToCivilDay(obligation.open_date());
  if (!opened || joined <= *opened) return obligation;
  const auto due = ToCivilDay(obligation.due_date());
  if (!due) return obligation;  // a continuing duty: from now on
  if (joined > *due) return std::nullopt;
  *obligation.mutable_open_date() = ToDate(joined);
  *obligation.mutable_due_date() =
      ToDate(std::max(*due, joined + lead_time_days));
  return obligation;
}

bool ReplaceMergedAgency(const std::string& merged,
                         const std::string& successor, v1::Duty* duty) {
  if (!duty->group().empty()) return false;
  bool changed = false;
  if (duty->lead_agency() == merged) {
    duty->set_lead_agency(successor);
    changed = true;
  }
  std::vector<std::string> coordinators;
  for (const std::string& c : duty->coordinating_agencies()) {
    const std::string now = c == merged ? successor : c;
    changed |= c == merged;
    if (now == duty->lead_agency()) {
      changed = true;  // the successor leads already
      continue;
    }
    if (std::find(coordinators.begin(), coordinators.end(), now) ==
        coordinators.end()) {
      coordinators.push_back(now);
    }
  }
  if (!changed) return false;
  duty->clear_coordinating_agencies();
  for (const std::string& c : coordinators) duty->add_coordinating_agencies(c);
  return true;
}

}  // namespace ngoaivu::tasks
