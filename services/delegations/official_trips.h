// A delegation's trips as the per-official index sees them: for each member
// who is a registry official, the days abroad and the year they count in.
// The index holds pending trips (submitted, under review, forwarded) and
// approved ones (approved and later); the approval step checks the
// approved ones atomically, the other steps read both.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_OFFICIAL_TRIPS_H_
#define NGOAIVU_SERVICES_DELEGATIONS_OFFICIAL_TRIPS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ngoaivu/delegations/v1/resources.pb.h"

namespace ngoaivu::delegations {

enum class TripIndex { kNone, kPending, kApproved };

// Which part of the index a delegation in `state` belongs to.
TripIndex TripIndexOf(v1::Delegation::State state);

struct OfficialTrip {
  std::string official;   // `agencies/{CODE}/officials/{id}`
  int64_t first_day = 0;  // DayNumber of the start
  int64_t last_day = 0;   // DayNumber of the end
  int year = 0;           // the calendar year it counts in (its start's)
};

// One entry per distinct official among an outbound delegation's members;
// none for an inbound one or one without valid dates.
std::vector<OfficialTrip> OfficialTripsOf(const v1::Delegation& d);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_OFFICIAL_TRIPS_H_
