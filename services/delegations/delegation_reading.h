// What the delegations service reports: its statistics, read from the
// counters kept with each decision, and every resource's history.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_READING_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_READING_H_

#include "ngoaivu/events/v1/history.pb.h"
#include "services/delegations/delegations_use_case.h"

namespace ngoaivu::delegations {

class DelegationReading : public DelegationsUseCase {
 public:
  explicit DelegationReading(const DelegationsDependencies& deps)
      : DelegationsUseCase(deps) {}

  absl::StatusOr<v1::DelegationStatistics> GetDelegationStatistics(
      const CallContext& call, const v1::GetDelegationStatisticsRequest& r);
  absl::StatusOr<events::v1::ListHistoryResponse> ListHistory(
      const CallContext& call, const events::v1::ListHistoryRequest& r);
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_READING_H_
