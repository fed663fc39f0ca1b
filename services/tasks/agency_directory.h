// What the tasks service needs to know about agencies: whether one exists
// and is active, and who the members of a group are. The registry answers;
// a read model kept from the registry's events will answer next, so that
// tasks keeps working while the registry is down.
#ifndef NGOAIVU_SERVICES_TASKS_AGENCY_DIRECTORY_H_
#define NGOAIVU_SERVICES_TASKS_AGENCY_DIRECTORY_H_

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
  // OK for an ACTIVE agency; NOT_FOUND or FAILED_PRECONDITION otherwise.
  virtual absl::Status CheckActive(const std::string& agency,
                                   absl::Time deadline) = 0;
  // The ACTIVE members of `group` (`groups/{id}`).
  virtual absl::StatusOr<std::vector<std::string>> ActiveMembers(
      const std::string& group, absl::Time deadline) = 0;
};

// Asks the registry over gRPC, as this service (its own token), within the
// caller's deadline.
class RegistryDirectory final : public AgencyDirectory {
 public:
  RegistryDirectory(std::shared_ptr<grpc::Channel> registry,
                    std::string service_token);

  absl::Status CheckActive(const std::string& agency,
                           absl::Time deadline) override;
  absl::StatusOr<std::vector<std::string>> ActiveMembers(
      const std::string& group, absl::Time deadline) override;

 private:
  std::unique_ptr<registry::v1::RegistryService::Stub> stub_;
  std::string token_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_AGENCY_DIRECTORY_H_
