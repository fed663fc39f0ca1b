// `ngoaivu notifications ...` (an agency's inbox), `ngoaivu events tail`
// (the public event stream) and `ngoaivu subscriptions ...`.
#ifndef NGOAIVU_TOOLS_NGOAIVU_NOTIFICATIONS_CLI_H_
#define NGOAIVU_TOOLS_NGOAIVU_NOTIFICATIONS_CLI_H_

#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// `notifications ...` and `events tail` (notification_commands.cc).
void AddInboxCommands(CLI::App& app, CliContext* c);
// `subscriptions ...` (subscription_commands.cc).
void AddSubscriptionCommands(CLI::App& app, CliContext* c);

inline void AddNotificationsCommands(CLI::App& app, CliContext* c) {
  AddInboxCommands(app, c);
  AddSubscriptionCommands(app, c);
}

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_NOTIFICATIONS_CLI_H_
