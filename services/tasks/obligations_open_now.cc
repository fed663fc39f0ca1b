#include "services/tasks/obligations_open_now.h"

#include <map>
#include <set>
#include <string>

#include "common/dates.h"
#include "services/tasks/assignment.h"
#include "services/tasks/period_obligations.h"
#include "services/tasks/tasks_names.h"

namespace ngoaivu::tasks {
namespace {

namespace reg = ::ngoaivu::registry::v1;

// A chain of merges longer than this is a loop in the data.
constexpr int kMaxMerges = 16;

struct Carrier {
  std::string agency;
  bool dissolved = false;
};

absl::StatusOr<Carrier> CarrierOf(AgencyDirectory& directory,
                                  const std::string& agency,
                                  absl::Time deadline) {
  Carrier carrier{agency, false};
  for (int hop = 0; hop < kMaxMerges; ++hop) {
    auto found = directory.FindAgency(carrier.agency, deadline);
    // An agency the registry does not know keeps its share: the duty was
    // checked when it was created.
    if (found.status().code() == absl::StatusCode::kNotFound) return carrier;
    if (!found.ok()) return found.status();
    if (found->state() == reg::Agency::MERGED && !found->successor().empty()) {
      carrier.agency = found->successor();
      continue;
    }
    carrier.dissolved = found->state() == reg::Agency::DISSOLVED;
    return carrier;
  }
  return absl::FailedPreconditionError("the registry's merges of " + agency +
                                       " form a loop");
}

}  // namespace

absl::StatusOr<bool> MergedInto(AgencyDirectory& directory,
                                const std::string& agency,
                                const std::string& successor,
                                absl::Time deadline) {
  if (agency == successor) return false;
  auto carrier = CarrierOf(directory, agency, deadline);
  if (!carrier.ok()) return carrier.status();
  return carrier->agency == successor;
}

absl::StatusOr<std::vector<v1::Obligation>> ObligationsOpenNow(
    AgencyDirectory& directory, const v1::Programme& programme,
    const v1::Duty& duty, absl::CivilDay today, absl::Time now,
    absl::Time deadline) {
  std::vector<std::string> members;
  if (!duty.group().empty()) {
    // Members come as the registry lists them today: active ones only.
    auto found = directory.ActiveMembers(duty.group(), deadline);
    if (!found.ok()) return found.status();
    members = std::move(*found);
    std::vector<v1::Obligation> opened;
    for (v1::Obligation& o :
         ObligationsOpenOn(programme, duty, members, today, now)) {
      auto joined = directory.JoinedGroupAt(duty.group(), o.agency(), deadline);
      if (!joined.ok()) return joined.status();
      if (!joined->has_value() || !programme.has_activate_time() ||
          **joined <= FromTimestamp(programme.activate_time())) {
        opened.push_back(std::move(o));
        continue;
      }
      // A member that joined after the period opened owes it on its terms.
      auto owed = ForLateJoiner(std::move(o), ProvinceDay(**joined),
                                duty.lead_time_days());
      if (!owed) continue;
      MarkDueBeforeTracking(TrackedFrom(programme, duty), &*owed);
      opened.push_back(*std::move(owed));
    }
    return opened;
  }
  std::map<std::string, Carrier> carriers;
  std::vector<v1::Obligation> opened;
  std::set<std::string> names;
  for (v1::Obligation& o :
       ObligationsOpenOn(programme, duty, members, today, now)) {
    auto it = carriers.find(o.agency());
    if (it == carriers.end()) {
      auto carrier = CarrierOf(directory, o.agency(), deadline);
      if (!carrier.ok()) return carrier.status();
      it = carriers.emplace(o.agency(), *carrier).first;
    }
    if (it->second.agency != o.agency()) {
      const ObligationRef ref = *ObligationRefOf(o.name());
      o.set_name(ObligationName({ref.programme, ref.duty,
                                 ObligationId(o.period(), it->second.agency)}));
      o.set_agency(it->second.agency);
    }
    o.set_needs_reassignment(it->second.dissolved);
    // The lead comes first, so a lead merged with a coordinator stays lead.
    if (names.insert(o.name()).second) opened.push_back(std::move(o));
  }
  return opened;
}

}  // namespace ngoaivu::tasks
