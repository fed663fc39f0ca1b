// The registry's records in Redis. Key layout (all under the `{registry}`
// hash tag, so one slot holds them and Functions stay legal in a cluster):
//   {registry}:agency:<code>            hash: pb, etag, state, kind, parent
//   {registry}:agencies                 index of every code (sorted set, lex)
//   {registry}:agencies:kind:<n>        index by kind
//   {registry}:agencies:state:<n>       index by state
//   {registry}:agencies:parent:<code>   index of an agency's children
//   {registry}:group:<id>               hash: pb, etag
//   {registry}:groups                   index of group ids
//   {registry}:group:<id>:members       member codes (also the filter index)
//   {registry}:official:<code>/<id>     hash: pb, etag, agency
//   {registry}:agency:<code>:officials  index of an agency's official ids
//   {registry}:request:<method>:<id>    retry answer of a request_id (TTL)
//   {registry}:history:<resource name>  every event of a resource (list)
//   {registry}:events                   the event stream
#ifndef NGOAIVU_SERVICES_REGISTRY_REDIS_REGISTRY_STORE_H_
#define NGOAIVU_SERVICES_REGISTRY_REDIS_REGISTRY_STORE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/redis_store_kit.h"
#include "common/tracked_cache.h"
#include "ngoaivu/registry/v1/registry_service.pb.h"
#include "services/registry/registry_store.h"

namespace ngoaivu::registry {

inline constexpr char kEventStream[] = "{registry}:events";
// What a TrackedCache serving this store must track: the agency records
// (GetAgency) and the agency indexes (unfiltered ListAgencies pages).
std::vector<std::string> CachePrefixes();
// Whether a page of agencies is read from tracked keys only (a group's
// member list is not tracked), so that its answer may be kept while the
// tracked cache announces no change.
bool AgencyListIsTracked(const v1::ListAgenciesRequest& request);

class RedisRegistryStore final : public RegistryStore {
 public:
  // `cache` (may be null) serves LookupAgency and unfiltered agency pages;
  // it must track CachePrefixes().
  RedisRegistryStore(RedisPool* redis, RedisFunctions* functions,
                     int64_t events_max_length, TrackedCache* cache = nullptr);

  absl::StatusOr<std::optional<std::string>> FindResponse(
      const RequestRecord& request, absl::Time deadline) override;

  absl::StatusOr<std::optional<v1::Agency>> FindAgency(
      absl::string_view code, absl::Time deadline) override;
  absl::StatusOr<std::optional<v1::Agency>> LookupAgency(
      absl::string_view code, absl::Time deadline) override;
  absl::StatusOr<Page<v1::Agency>> ListAgencies(const AgencyFilter& filter,
                                                absl::string_view cursor,
                                                int limit,
                                                absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveAgency(const v1::Agency& next,
                                          const v1::Agency* previous,
                                          const Guards& guards,
                                          const Mutation& mutation) override;

  absl::StatusOr<std::optional<v1::AgencyGroup>> FindGroup(
      absl::string_view id, absl::Time deadline) override;
  absl::StatusOr<Page<v1::AgencyGroup>> ListGroups(
      absl::string_view cursor, int limit, absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveGroup(const v1::AgencyGroup& next,
                                         const v1::AgencyGroup* previous,
                                         const Guards& guards,
                                         const Mutation& mutation) override;

  absl::StatusOr<std::optional<v1::Official>> FindOfficial(
      absl::string_view agency_code, absl::string_view id,
      absl::Time deadline) override;
  absl::StatusOr<Page<v1::Official>> ListOfficials(
      absl::string_view agency_code, absl::string_view cursor, int limit,
      absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveOfficial(const v1::Official& next,
                                            const v1::Official* previous,
                                            const Guards& guards,
                                            const Mutation& mutation) override;

  absl::StatusOr<Page<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) override;

 private:
  void AddGuards(const Guards& guards, WritePlan& plan) const;
  // A plan that writes `next` over `previous` (or creates it), with guards.
  template <typename Record>
  WritePlan PlanSave(const std::string& key, const Record& next,
                     const Record* previous, const Guards& guards,
                     const Mutation& mutation) const;

  RedisStoreKit kit_;
  TrackedCache* cache_;
};

}  // namespace ngoaivu::registry

#endif  // NGOAIVU_SERVICES_REGISTRY_REDIS_REGISTRY_STORE_H_
