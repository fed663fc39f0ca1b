// `ngoaivu programmes|obligations ...`: the tasks service from the command
// line.
#ifndef NGOAIVU_TOOLS_NGOAIVU_TASKS_COMMANDS_H_
#define NGOAIVU_TOOLS_NGOAIVU_TASKS_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

void AddTasksCommands(CLI::App& app, CliContext* context);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_TASKS_COMMANDS_H_
