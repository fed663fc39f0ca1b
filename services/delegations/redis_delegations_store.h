// The delegations service's records in Redis, under the `{delegations}`
// hash tag:
//   {delegations}:delegation:<id>          hash: pb, etag, direction, state,
//                                          agency, purpose, kind, start
//                                          (yyyy-mm-dd)
//   {delegations}:delegations              index of delegation ids
//   {delegations}:agency:<CODE>:delegations  index of an agency's ones
//   {delegations}:country:<CC>:delegations   index by destination or the
//                                          visitors' country
//   {delegations}:official:<o>:pending     interval index of an official's
//                                          submitted..forwarded trips
//                                          ("delegations/<id>|<first day>"
//                                          scored by the last day)
//   {delegations}:official:<o>:approved    the same for approved and later
//   {delegations}:official:<o>:years       hash: approved trips per year
//   {delegations}:stats:<DIRECTION>:<yyyy-mm>  hash: counters
//                                          (delegation_statistics.h)
//   {delegations}:decision-numbers         "<year>|<number>" claimed
//   {delegations}:agreement:<id>           hash: pb, etag, state, agency,
//                                          country
//   {delegations}:agreements               index of agreement ids
//   {delegations}:handled                  other services' events handled
//   {delegations}:request:<method>:<id>    retry answers (TTL)
//   {delegations}:history:<resource name>  every event of a resource
//   {delegations}:events                   the event stream
#ifndef NGOAIVU_SERVICES_DELEGATIONS_REDIS_DELEGATIONS_STORE_H_
#define NGOAIVU_SERVICES_DELEGATIONS_REDIS_DELEGATIONS_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/redis_store_kit.h"
#include "services/delegations/delegations_store.h"

namespace ngoaivu::delegations {

inline constexpr char kDelegationsEventStream[] = "{delegations}:events";

class RedisDelegationsStore final : public DelegationsStore {
 public:
  RedisDelegationsStore(RedisPool* redis, RedisFunctions* functions,
                        int64_t events_max_length);

  absl::StatusOr<std::optional<std::string>> FindResponse(
      const RequestRecord& request, absl::Time deadline) override;
  absl::StatusOr<std::optional<v1::Delegation>> FindDelegation(
      absl::string_view id, absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveDelegation(
      const DelegationWrite& write, const Mutation& mutation) override;
  absl::StatusOr<RecordPage<v1::Delegation>> ListDelegations(
      const DelegationFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) override;
  absl::StatusOr<std::map<std::string, std::vector<IndexedTrip>>> TripsOf(
      const std::vector<std::string>& officials, int64_t from_day,
      absl::Time deadline) override;
  absl::StatusOr<int64_t> ApprovedTripsIn(const std::string& official, int year,
                                          absl::Time deadline) override;
  absl::StatusOr<std::optional<v1::Agreement>> FindAgreement(
      absl::string_view id, absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveAgreement(const v1::Agreement& next,
                                             const v1::Agreement* previous,
                                             const std::string& decision_key,
                                             const Mutation& mutation) override;
  absl::StatusOr<RecordPage<v1::Agreement>> ListAgreements(
      const AgreementFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) override;
  absl::StatusOr<std::vector<std::map<std::string, int64_t>>> ReadStatistics(
      const std::vector<std::string>& buckets, absl::Time deadline) override;
  absl::StatusOr<RecordPage<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) override;

 private:
  void IndexTrips(const DelegationWrite& write, WritePlan& plan) const;

  RedisStoreKit kit_;
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_REDIS_DELEGATIONS_STORE_H_
