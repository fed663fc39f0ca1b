#include "services/delegations/official_trips.h"

#include <set>

#include "common/dates.h"

namespace ngoaivu::delegations {

using v1::Delegation;

TripIndex TripIndexOf(Delegation::State state) {
  switch (state) {
    case Delegation::SUBMITTED:
    case Delegation::UNDER_REVIEW:
    case Delegation::FORWARDED:
      return TripIndex::kPending;
    case Delegation::APPROVED:
    case Delegation::TRAVELLING:
    case Delegation::RETURNED_HOME:
    case Delegation::REPORTED:
      return TripIndex::kApproved;
    default:
      return TripIndex::kNone;
  }
}

std::vector<OfficialTrip> OfficialTripsOf(const Delegation& d) {
  std::vector<OfficialTrip> trips;
  if (d.direction() != Delegation::OUTBOUND) return trips;
  const auto start = ToCivilDay(d.start_date());
  const auto end = ToCivilDay(d.end_date());
  if (!start || !end) return trips;
  std::set<std::string> seen;
  for (const v1::Member& m : d.members()) {
    if (m.official().empty() || !seen.insert(m.official()).second) continue;
    trips.push_back({m.official(), DayNumber(*start), DayNumber(*end),
                     static_cast<int>(start->year())});
  }
  return trips;
}

}  // namespace ngoaivu::delegations
