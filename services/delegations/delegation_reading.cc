#include "services/delegations/delegation_reading.h"

#include "common/errors.h"
#include "common/history.h"
#include "common/validation.h"
#include "services/delegations/delegation_statistics.h"
#include "services/delegations/delegation_validation.h"

namespace ngoaivu::delegations {

absl::StatusOr<v1::DelegationStatistics>
DelegationReading::GetDelegationStatistics(
    const CallContext& call, const v1::GetDelegationStatisticsRequest& r) {
  auto buckets = BucketsOf(r);
  if (!buckets.ok()) return buckets.status();
  auto counters = store_->ReadStatistics(*buckets, call.deadline);
  if (!counters.ok()) return counters.status();
  return Summarise(*buckets, *counters, r.group_by());
}

absl::StatusOr<events::v1::ListHistoryResponse> DelegationReading::ListHistory(
    const CallContext& call, const events::v1::ListHistoryRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  const bool delegation = IdOfName(r.name(), "delegations/").has_value();
  if (!delegation && !IdOfName(r.name(), "agreements/")) {
    v.Add("name", "delegations/{id} or agreements/{id}");
  }
  if (!v.empty()) return v.ToStatus();
  // An officer reads the history of what his agency sends or proposes.
  if (call.participation_only) {
    if (delegation) {
      auto d = FindDelegationFor(call, r.name(), "");
      if (!d.ok()) return d.status();
    } else {
      auto a = store_->FindAgreement(*IdOfName(r.name(), "agreements/"),
                                     call.deadline);
      if (!a.ok()) return a.status();
      if (!a->has_value() || (*a)->proposing_agency() != call.actor.agency()) {
        return absl::PermissionDeniedError("not an agreement of your agency");
      }
    }
  }
  return HistoryPage(
      page_tokens_, r, limit,
      [&](int64_t offset, int n) {
        return store_->ListHistory(r.name(), offset, n, call.deadline);
      },
      [&]() -> absl::Status { return NotFound(r.name()); });
}

}  // namespace ngoaivu::delegations
