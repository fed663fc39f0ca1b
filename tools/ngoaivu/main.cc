// ngoaivu: the administrator's command-line tool for the suite. Wiring only.
#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_config.h"
#include "tools/ngoaivu/cli_context.h"
#include "tools/ngoaivu/delegations_cli.h"
#include "tools/ngoaivu/examples.h"
#include "tools/ngoaivu/global_flags.h"
#include "tools/ngoaivu/interrupt.h"
#include "tools/ngoaivu/language.h"
#include "tools/ngoaivu/notifications_cli.h"
#include "tools/ngoaivu/registry_commands.h"
#include "tools/ngoaivu/shell_commands.h"
#include "tools/ngoaivu/tasks_commands.h"
#include "tools/ngoaivu/token_commands.h"

int main(int argc, char** argv) {
  using ngoaivu::cli::CliConfig;
  ngoaivu::cli::InstallInterruptHandler();
  ngoaivu::cli::SetLanguage(ngoaivu::cli::LanguageFrom(argc, argv));
  ngoaivu::cli::CliContext context;
  const CliConfig config =
      ngoaivu::cli::LoadCliConfig(ngoaivu::cli::DefaultConfigPath());
  ngoaivu::cli::ApplyCliConfig(config, &context);

  CLI::App app{"ngoaivu: the foreign-affairs programme suite from the shell"};
  app.require_subcommand(1);
  // Global flags (-o json, --token, --timeout...) go anywhere on the line,
  // before or after the subcommand, as in kubectl.
  app.fallthrough();
  std::string language;  // read by LanguageFrom() before parsing
  ngoaivu::cli::AddGlobalFlags(app, &context, &language);
  ngoaivu::cli::AddRegistryCommands(app, &context);
  ngoaivu::cli::AddTokenCommands(app, &context, &config.token_key_file);
  ngoaivu::cli::AddTasksCommands(app, &context);
  ngoaivu::cli::AddDelegationsCommands(app, &context);
  ngoaivu::cli::AddNotificationsCommands(app, &context);
  ngoaivu::cli::AddShellCommands(app, NGOAIVU_VERSION);
  ngoaivu::cli::AddExamples(app);
  ngoaivu::cli::TranslateHelp(app);
  const int usage = ngoaivu::cli::ParseOrExplain(app, argc, argv);
  if (usage >= 0) return usage;
  context.PrintListHint(std::cerr);
  return context.exit_code;
}
