// `ngoaivu agencies|groups|officials|import ...`: the registry from the
// command line.
#ifndef NGOAIVU_TOOLS_NGOAIVU_REGISTRY_COMMANDS_H_
#define NGOAIVU_TOOLS_NGOAIVU_REGISTRY_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

void AddRegistryCommands(CLI::App& app, CliContext* context);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_REGISTRY_COMMANDS_H_
