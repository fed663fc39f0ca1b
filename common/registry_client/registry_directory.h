// The registry asked over gRPC, as the calling service (its own token),
// within the caller's deadline: what the read model falls back to, and where
// it is seeded from.
#ifndef NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_DIRECTORY_H_
#define NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_DIRECTORY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/registry_client/agency_directory.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"

namespace ngoaivu {

class RegistryDirectory final : public AgencyDirectory {
 public:
  RegistryDirectory(std::shared_ptr<grpc::Channel> registry,
                    std::string service_token);

  absl::StatusOr<registry::v1::Agency> FindAgency(const std::string& agency,
                                                  absl::Time deadline) override;
  absl::StatusOr<std::vector<std::string>> ActiveMembers(
      const std::string& group, absl::Time deadline) override;
  absl::StatusOr<registry::v1::Official> FindOfficial(
      const std::string& official, absl::Time deadline) override;

  // Every agency, group and official the registry has, page by page (to
  // seed a read model); each page within `deadline`.
  absl::Status ForEachAgency(
      const std::function<absl::Status(const registry::v1::Agency&)>& visit,
      absl::Time deadline);
  absl::Status ForEachGroup(
      const std::function<absl::Status(const registry::v1::AgencyGroup&)>&
          visit,
      absl::Time deadline);
  absl::Status ForEachOfficial(
      const std::string& agency,
      const std::function<absl::Status(const registry::v1::Official&)>& visit,
      absl::Time deadline);

 private:
  std::unique_ptr<registry::v1::RegistryService::Stub> stub_;
  std::string token_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REGISTRY_CLIENT_REGISTRY_DIRECTORY_H_
