// What makes the CLI at home in a shell: its version, completion scripts
// generated from its own command tree, and "did you mean" for a mistyped
// command.
#ifndef NGOAIVU_TOOLS_NGOAIVU_SHELL_COMMANDS_H_
#define NGOAIVU_TOOLS_NGOAIVU_SHELL_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"

namespace ngoaivu::cli {

// `ngoaivu version`, `--version` and `ngoaivu completion bash|zsh|fish`.
// Add it last: the scripts list every command added before.
void AddShellCommands(CLI::App& app, const std::string& version);

// Parses and runs the command line: -1 when it ran (the command's own exit
// code is in the context), else the exit code of a usage error, after
// naming the nearest command to a mistyped one.
int ParseOrExplain(CLI::App& app, int argc, char** argv);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_SHELL_COMMANDS_H_
