// The statistics of delegations as counters: what one delegation adds to
// them (approved, amended, cancelled), and how the buckets of a range sum
// into the rows asked for. Counters are kept by direction, by period (the
// month a delegation starts in, and its year) and by dimension (the total,
// country, agency, purpose, visitor kind), so one request reads the year
// buckets of whole years and the month buckets of the rest, for the one
// dimension it groups by: its cost is the range asked, never the number of
// delegations. The store adds the deltas in the same atomic step as the
// decision.
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

// Counter deltas by bucket ("OUTBOUND:2008-05:country", "OUTBOUND:2008:total")
// and field ("KH:person_trips"; the total's are "person_trips").
using StatisticsDelta = std::map<std::string, std::map<std::string, int64_t>>;

// What an approved delegation counts for (`sign` -1 takes it back out).
void AddCounts(const v1::Delegation& d, int sign, StatisticsDelta* delta);
// `n` decisions (approvals and amendments) about `d`, counted where `d`
// counts (an amendment that moves it moves its earlier decisions too).
void AddDecisions(const v1::Delegation& d, int n, StatisticsDelta* delta);

// The buckets to read for `request`, in order; INVALID_ARGUMENT naming
// from, to, direction or group_by when they are not understood.
absl::StatusOr<std::vector<std::string>> BucketsOf(
    const v1::GetDelegationStatisticsRequest& request);

// Sums the counters read from `buckets` (one map per bucket, in the order
// of BucketsOf) into the total and the rows of `group_by`, rows sorted by
// key.
v1::DelegationStatistics Summarise(
    const std::vector<std::string>& buckets,
    const std::vector<std::map<std::string, int64_t>>& counters,
    v1::GetDelegationStatisticsRequest::GroupBy group_by);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_STATISTICS_H_
