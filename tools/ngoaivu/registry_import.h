// `ngoaivu import FILE`: brings the registry in line with a YAML file of
// agencies, groups and officials, through the public API. Idempotent: a
// second run changes nothing and emits no event.
#ifndef NGOAIVU_TOOLS_NGOAIVU_REGISTRY_IMPORT_H_
#define NGOAIVU_TOOLS_NGOAIVU_REGISTRY_IMPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// What a registry file holds.
struct RegistryFile {
  struct AgencyEntry {
    std::string code;
    registry::v1::Agency agency;  // what the registry should hold
    std::string problem;          // why it cannot be imported ("" if none)
  };
  struct GroupEntry {
    std::string id;
    std::string display_name;
    std::string description;
    std::vector<std::string> members;  // agency names
  };
  struct OfficialEntry {
    std::string agency;  // agency name
    std::string id;
    registry::v1::Official official;
  };
  std::vector<AgencyEntry> agencies;  // an agency after its parent
  std::vector<GroupEntry> groups;
  std::vector<OfficialEntry> officials;
};

// INVALID_ARGUMENT for text that is not a registry file (malformed YAML, a
// value of the wrong kind); the requests' own checks are the registry's.
absl::StatusOr<RegistryFile> ParseRegistryFile(const std::string& yaml);

// Returns the exit code: 0 when everything in the file is in the registry.
int ImportRegistryFile(const std::string& path,
                       registry::v1::RegistryService::StubInterface& stub,
                       const CliContext& context, std::ostream& out,
                       std::ostream& err);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_REGISTRY_IMPORT_H_
