// The registry's agencies, groups and officials as a service last heard of
// them, kept from `{registry}:events` in the service's own keys, so that the
// service keeps working while the registry is down. What the model does not
// know (events trimmed before the service first read them) is seeded once
// from the registry's lists, and asked of the registry within the caller's
// deadline until then.
//
// Keys (under the using service's hash tag):
//   {<service>}:registry:agency:<CODE>         hash: pb (Agency), sid
//   {<service>}:registry:group:<id>            hash: pb (AgencyGroup), sid
//   {<service>}:registry:official:<CODE>/<id>  hash: pb (Official), sid
//   {<service>}:registry:group-joined:<id>     hash: member -> when it last
//                                              joined (unix seconds);
//                                              member|sid -> its entry
//   {<service>}:registry:seeded                what was seeded ("2": all)
// `sid` is the registry stream entry the record was taken from: an older
// entry handled late (replicas consume in parallel) never overwrites a newer
// one.
#ifndef NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_READ_MODEL_H_
#define NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_READ_MODEL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/event_consumer.h"
#include "common/redis_store_kit.h"
#include "common/registry_client/agency_directory.h"
#include "common/tracked_cache.h"
#include "common/registry_client/registry_directory.h"

namespace ngoaivu {

inline constexpr char kRegistryEventStream[] = "{registry}:events";

class RegistryReadModel {
 public:
  // `service` names the hash tag of the model's keys. With `cache` (whose
  // prefixes must cover CachePrefix(service)), agencies, groups and
  // officials are read from memory while Redis says they did not change:
  // what a request checks against the registry costs no round trip.
  RegistryReadModel(RedisPool* redis, RedisFunctions* functions,
                    absl::string_view service, TrackedCache* cache = nullptr);

  // The prefix of the model's records: "{<service>}:registry:".
  static std::string CachePrefix(absl::string_view service);

  // Takes in one registry event. Events that carry no agency, group or
  // official are ignored.
  absl::Status Apply(const StreamEvent& entry, absl::Time deadline);

  // Fills the model from the registry's lists once, for what the event
  // stream no longer holds (it is trimmed). A seeded record counts as older
  // than any event, so it never overwrites what an event said. Returns how
  // many were seeded (0 when it was done before).
  absl::StatusOr<int> SeedOnce(RegistryDirectory& registry,
                               absl::Time deadline);

  absl::StatusOr<std::optional<registry::v1::Agency>> FindAgency(
      const std::string& name, absl::Time deadline);
  absl::StatusOr<std::optional<registry::v1::AgencyGroup>> FindGroup(
      const std::string& name, absl::Time deadline);
  absl::StatusOr<std::optional<registry::v1::Official>> FindOfficial(
      const std::string& name, absl::Time deadline);
  absl::StatusOr<std::optional<absl::Time>> JoinedGroupAt(
      const std::string& group, const std::string& agency, absl::Time deadline);

 private:
  // Records when the agencies of a `group.members_added` event joined.
  absl::Status RecordJoins(const StreamEvent& entry, absl::Time deadline);
  absl::Status Store(const std::string& key, const std::string& stream_id,
                     const google::protobuf::Message& record,
                     absl::Time deadline);
  std::string AgencyKey(const std::string& name) const;
  std::string GroupKey(const std::string& name) const;
  std::string OfficialKey(const std::string& name) const;

  RedisStoreKit kit_;
  TrackedCache* cache_;
};

// The read model first; the registry for what it does not know.
class ReadModelDirectory final : public AgencyDirectory {
 public:
  ReadModelDirectory(RegistryReadModel* model, AgencyDirectory* registry);

  absl::StatusOr<registry::v1::Agency> FindAgency(const std::string& agency,
                                                  absl::Time deadline) override;
  absl::StatusOr<std::vector<std::string>> ActiveMembers(
      const std::string& group, absl::Time deadline) override;
  absl::StatusOr<registry::v1::Official> FindOfficial(
      const std::string& official, absl::Time deadline) override;
  absl::StatusOr<std::optional<absl::Time>> JoinedGroupAt(
      const std::string& group, const std::string& agency,
      absl::Time deadline) override;

 private:
  RegistryReadModel* model_;
  AgencyDirectory* registry_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_READ_MODEL_H_
