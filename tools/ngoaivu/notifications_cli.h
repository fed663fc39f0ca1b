// `ngoaivu notifications ...` (an agency's inbox) and `ngoaivu events tail`
// (the public event stream).
#ifndef NGOAIVU_TOOLS_NGOAIVU_NOTIFICATIONS_CLI_H_
#define NGOAIVU_TOOLS_NGOAIVU_NOTIFICATIONS_CLI_H_

#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

void AddNotificationsCommands(CLI::App& app, CliContext* c);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_NOTIFICATIONS_CLI_H_
