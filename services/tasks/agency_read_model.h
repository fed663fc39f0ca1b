// The registry's agencies and groups as the tasks service last heard of
// them, kept from the registry's events, so that assigning duties and
// opening periods keep working while the registry is down. What the model
// does not know (events trimmed before this service first read them) is
// asked of the registry, within the caller's deadline.
//
// Keys (under the tasks service's hash tag):
//   {tasks}:registry:agency:<CODE>  hash: pb (registry Agency), sid
//   {tasks}:registry:group:<id>     hash: pb (AgencyGroup with members), sid
// `sid` is the registry stream entry the record was taken from: an older
// entry handled late (several replicas consume in parallel) never
// overwrites a newer one.
#ifndef NGOAIVU_SERVICES_TASKS_AGENCY_READ_MODEL_H_
#define NGOAIVU_SERVICES_TASKS_AGENCY_READ_MODEL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/event_consumer.h"
#include "common/functions.h"
#include "common/redis_pool.h"
#include "ngoaivu/registry/v1/resources.pb.h"
#include "services/tasks/agency_directory.h"

namespace ngoaivu::tasks {

inline constexpr char kRegistryEventStream[] = "{registry}:events";

class AgencyReadModel {
 public:
  AgencyReadModel(RedisPool* redis, RedisFunctions* functions);

  // Takes in one registry event. Events that carry no agency or group are
  // ignored.
  absl::Status Apply(const StreamEvent& entry, absl::Time deadline);

  // Fills the model from the registry's lists once (marked done in
  // `{tasks}:registry:seeded`), for what the event stream no longer holds
  // (it is trimmed). A seeded record counts as older than any event, so it
  // never overwrites what an event said. Returns how many were seeded (0
  // when it was done before).
  absl::StatusOr<int> SeedOnce(RegistryDirectory& registry,
                               absl::Time deadline);

  absl::StatusOr<std::optional<registry::v1::Agency>> FindAgency(
      const std::string& name, absl::Time deadline);
  absl::StatusOr<std::optional<registry::v1::AgencyGroup>> FindGroup(
      const std::string& name, absl::Time deadline);

 private:
  absl::Status Store(const std::string& key, const std::string& stream_id,
                     const google::protobuf::Message& record,
                     absl::Time deadline);

  RedisPool* redis_;
  RedisFunctions* functions_;
};

// The read model first; the registry for what it does not know.
class ReadModelDirectory final : public AgencyDirectory {
 public:
  ReadModelDirectory(AgencyReadModel* model, AgencyDirectory* registry);

  absl::StatusOr<registry::v1::Agency> FindAgency(const std::string& agency,
                                                  absl::Time deadline) override;
  absl::StatusOr<std::vector<std::string>> ActiveMembers(
      const std::string& group, absl::Time deadline) override;

 private:
  AgencyReadModel* model_;
  AgencyDirectory* registry_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_AGENCY_READ_MODEL_H_
