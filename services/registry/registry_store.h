// Where the registry's records live. The Redis implementation
// (redis_registry_store.h) is the product; the interface keeps the
// registry's logic free of key layouts.
#ifndef NGOAIVU_SERVICES_REGISTRY_REGISTRY_STORE_H_
#define NGOAIVU_SERVICES_REGISTRY_REGISTRY_STORE_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/mutation.h"
#include "common/page.h"
#include "ngoaivu/events/v1/event.pb.h"
#include "ngoaivu/registry/v1/resources.pb.h"

namespace ngoaivu::registry {

// One page of records and the cursor after it (empty at the end).
template <typename T>
using Page = RecordPage<T>;

struct AgencyFilter {
  v1::Agency::Kind kind = v1::Agency::KIND_UNSPECIFIED;
  v1::Agency::State state = v1::Agency::STATE_UNSPECIFIED;
  std::string parent_code;
  std::string group_id;
};

// Conditions a save re-checks atomically, besides the record's own etag.
struct Guards {
  // Agencies (codes) that must be ACTIVE.
  std::vector<std::string> active_agencies;
  // (code, parent name) pairs that must still hold: the ancestry a parent
  // change was checked against.
  std::vector<std::pair<std::string, std::string>> parent_links;
};

class RegistryStore : public RequestLog {
 public:
  // The agency as Redis holds it now: what changes are computed from.
  virtual absl::StatusOr<std::optional<v1::Agency>> FindAgency(
      absl::string_view code, absl::Time deadline) = 0;
  // The agency for a read: may come from a cache that Redis keeps coherent
  // (a change made elsewhere shows within the announcement's delivery time).
  virtual absl::StatusOr<std::optional<v1::Agency>> LookupAgency(
      absl::string_view code, absl::Time deadline) = 0;
  virtual absl::StatusOr<Page<v1::Agency>> ListAgencies(
      const AgencyFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) = 0;
  // Writes `next` if `previous` is still the current record (null: the
  // agency must not exist) and the guards hold.
  virtual absl::StatusOr<WriteOutcome> SaveAgency(const v1::Agency& next,
                                                  const v1::Agency* previous,
                                                  const Guards& guards,
                                                  const Mutation& mutation) = 0;

  virtual absl::StatusOr<std::optional<v1::AgencyGroup>> FindGroup(
      absl::string_view id, absl::Time deadline) = 0;
  virtual absl::StatusOr<Page<v1::AgencyGroup>> ListGroups(
      absl::string_view cursor, int limit, absl::Time deadline) = 0;
  virtual absl::StatusOr<WriteOutcome> SaveGroup(
      const v1::AgencyGroup& next, const v1::AgencyGroup* previous,
      const Guards& guards, const Mutation& mutation) = 0;

  virtual absl::StatusOr<std::optional<v1::Official>> FindOfficial(
      absl::string_view agency_code, absl::string_view id,
      absl::Time deadline) = 0;
  virtual absl::StatusOr<Page<v1::Official>> ListOfficials(
      absl::string_view agency_code, absl::string_view cursor, int limit,
      absl::Time deadline) = 0;
  virtual absl::StatusOr<WriteOutcome> SaveOfficial(
      const v1::Official& next, const v1::Official* previous,
      const Guards& guards, const Mutation& mutation) = 0;

  // The events of `subject` from position `offset` (cursor: next position).
  virtual absl::StatusOr<Page<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) = 0;
};

}  // namespace ngoaivu::registry

#endif  // NGOAIVU_SERVICES_REGISTRY_REGISTRY_STORE_H_
