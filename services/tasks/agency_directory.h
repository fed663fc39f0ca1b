// What the tasks service needs to know about agencies: whether one exists
// and is active, and who the members of a group are. A read model kept from
// the registry's events answers first (agency_read_model.h), the registry
// itself for what the model does not know.
#ifndef NGOAIVU_SERVICES_TASKS_AGENCY_DIRECTORY_H_
#define NGOAIVU_SERVICES_TASKS_AGENCY_DIRECTORY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"

namespace ngoaivu::tasks {

class AgencyDirectory {
 public:
  virtual ~AgencyDirectory() = default;
  // The agency as last known (NOT_FOUND when it never existed).
  virtual absl::StatusOr<registry::v1::Agency> FindAgency(
      const std::string& agency, absl::Time deadline) = 0;
  // OK for an ACTIVE agency; NOT_FOUND or FAILED_PRECONDITION otherwise.
  absl::Status CheckActive(const std::string& agency, absl::Time deadline);
  // The ACTIVE members of `group` (`groups/{id}`).
  virtual absl::StatusOr<std::vector<std::string>> ActiveMembers(
      const std::string& group, absl::Time deadline) = 0;
};

// OK for an ACTIVE agency, FAILED_PRECONDITION naming its state (and its
// successor) otherwise.
absl::Status RequireActive(const registry::v1::Agency& agency);

// Asks the registry over gRPC, as this service (its own token), within the
// caller's deadline.
class RegistryDirectory final : public AgencyDirectory {
 public:
  RegistryDirectory(std::shared_ptr<grpc::Channel> registry,
                    std::string service_token);

  absl::StatusOr<registry::v1::Agency> FindAgency(const std::string& agency,
                                                  absl::Time deadline) override;
  absl::StatusOr<std::vector<std::string>> ActiveMembers(
      const std::string& group, absl::Time deadline) override;

  // Every agency and every group the registry has, page by page (to seed
  // a read model); each page within `deadline`.
  absl::Status ForEachAgency(
      const std::function<absl::Status(const registry::v1::Agency&)>& visit,
      absl::Time deadline);
  absl::Status ForEachGroup(
      const std::function<absl::Status(const registry::v1::AgencyGroup&)>&
          visit,
      absl::Time deadline);

 private:
  std::unique_ptr<registry::v1::RegistryService::Stub> stub_;
  std::string token_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_AGENCY_DIRECTORY_H_
