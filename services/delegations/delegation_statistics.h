// The statistics of delegations as counters: what one delegation adds to
// them (approved, amended, cancelled), kept by direction and by the month it
// starts in, and how a range of months sums into the rows asked for. The
// store adds the deltas in the same atomic step as the decision, so reading
// the statistics costs the months asked, never the delegations.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_STATISTICS_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_STATISTICS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ngoaivu/delegations/v1/delegations_service.pb.h"

namespace ngoaivu::delegations {

// Counter deltas by bucket ("OUTBOUND:2008-05") and field
// ("country:KH:person_trips", "total:decisions", ...).
using StatisticsDelta = std::map<std::string, std::map<std::string, int64_t>>;

// What an approved delegation counts for (`sign` -1 takes it back out).
void AddCounts(const v1::Delegation& d, int sign, StatisticsDelta* delta);
// `n` decisions (approvals and amendments) about `d`, counted where `d`
// counts (an amendment that moves it moves its earlier decisions too).
void AddDecisions(const v1::Delegation& d, int n, StatisticsDelta* delta);

// The bucket of `direction` for the month of `day`.
std::string BucketOf(v1::Delegation::Direction direction, absl::CivilMonth m);

// The months a request covers; INVALID_ARGUMENT naming from/to otherwise.
struct MonthRange {
  absl::CivilMonth first;
  absl::CivilMonth last;
};
absl::StatusOr<MonthRange> MonthsOf(
    const v1::GetDelegationStatisticsRequest& request);

// The buckets to read for `request`, in order.
std::vector<std::string> BucketsOf(const MonthRange& months,
                                   v1::Delegation::Direction direction);

// Sums the counters read from `buckets` (one map per bucket, in the order
// of BucketsOf) into the total and the rows of `group_by`, rows sorted by
// key.
v1::DelegationStatistics Summarise(
    const std::vector<std::string>& buckets,
    const std::vector<std::map<std::string, int64_t>>& counters,
    v1::GetDelegationStatisticsRequest::GroupBy group_by);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_STATISTICS_H_
