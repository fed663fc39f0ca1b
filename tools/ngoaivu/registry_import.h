// `ngoaivu import FILE`: brings the registry in line with a YAML file of
// agencies, groups and officials, through the public API. Idempotent: a
// second run changes nothing and emits no event.
#ifndef NGOAIVU_TOOLS_NGOAIVU_REGISTRY_IMPORT_H_
#define NGOAIVU_TOOLS_NGOAIVU_REGISTRY_IMPORT_H_

#include <ostream>
#include <string>

#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// Returns the exit code: 0 when everything in the file is in the registry.
int ImportRegistryFile(const std::string& path,
                       registry::v1::RegistryService::StubInterface& stub,
                       const CliContext& context, std::ostream& out,
                       std::ostream& err);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_REGISTRY_IMPORT_H_
