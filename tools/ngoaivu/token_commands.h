// `ngoaivu token issue`: signs a token with the local suite's key.
#ifndef NGOAIVU_TOOLS_NGOAIVU_TOKEN_COMMANDS_H_
#define NGOAIVU_TOOLS_NGOAIVU_TOKEN_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// `default_key_file` comes from the CLI config (token_key_file).
void AddTokenCommands(CLI::App& app, CliContext* context,
                      const std::string* default_key_file);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_TOKEN_COMMANDS_H_
