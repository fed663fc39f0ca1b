// What a service other than the registry knows of agencies, groups and
// officials, and asks through this interface only: whether an agency exists
// and is active, who the members of a group are, who an official is. The
// product's directory (registry_read_model.h) answers from a read model kept
// from the registry's events and asks the registry only for what the model
// never saw, so the service keeps working while the registry is down.
#ifndef NGOAIVU_COMMON_REGISTRY_CLIENT_AGENCY_DIRECTORY_H_
#define NGOAIVU_COMMON_REGISTRY_CLIENT_AGENCY_DIRECTORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ngoaivu/registry/v1/resources.pb.h"

namespace ngoaivu {

class AgencyDirectory {
 public:
  virtual ~AgencyDirectory() = default;
  // The agency as last known (NOT_FOUND when it never existed).
  virtual absl::StatusOr<registry::v1::Agency> FindAgency(
      const std::string& agency, absl::Time deadline) = 0;
  // The ACTIVE members of `group` (`groups/{id}`).
  virtual absl::StatusOr<std::vector<std::string>> ActiveMembers(
      const std::string& group, absl::Time deadline) = 0;
  // The official (`agencies/{CODE}/officials/{id}`) as last known.
  virtual absl::StatusOr<registry::v1::Official> FindOfficial(
      const std::string& official, absl::Time deadline) = 0;

  // When `agency` last joined `group`, if that is known (the read model
  // knows it from the registry's events; members from before the model
  // began were there from the start, as far as it can tell).
  virtual absl::StatusOr<std::optional<absl::Time>> JoinedGroupAt(
      const std::string& /*group*/, const std::string& /*agency*/,
      absl::Time /*deadline*/) {
    return std::optional<absl::Time>();
  }

  // OK for an ACTIVE agency; NOT_FOUND or FAILED_PRECONDITION otherwise.
  absl::Status CheckActive(const std::string& agency, absl::Time deadline);
};

// OK for an ACTIVE agency, FAILED_PRECONDITION naming its state (and its
// successor) otherwise.
absl::Status RequireActive(const registry::v1::Agency& agency);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REGISTRY_CLIENT_AGENCY_DIRECTORY_H_
