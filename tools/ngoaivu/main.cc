// ngoaivu: the administrator's command-line tool for the suite. Wiring only.
#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_config.h"
#include "tools/ngoaivu/cli_context.h"
#include "tools/ngoaivu/delegations_cli.h"
#include "tools/ngoaivu/examples.h"
#include "tools/ngoaivu/interrupt.h"
#include "tools/ngoaivu/notifications_cli.h"
#include "tools/ngoaivu/registry_commands.h"
#include "tools/ngoaivu/shell_commands.h"
#include "tools/ngoaivu/tasks_commands.h"
#include "tools/ngoaivu/token_commands.h"

int main(int argc, char** argv) {
  using ngoaivu::cli::CliConfig;
  ngoaivu::cli::InstallInterruptHandler();
  ngoaivu::cli::CliContext context;
  const CliConfig config =
      ngoaivu::cli::LoadCliConfig(ngoaivu::cli::DefaultConfigPath());
  if (!config.registry.empty()) context.registry = config.registry;
  if (!config.tasks.empty()) context.tasks = config.tasks;
  if (!config.delegations.empty()) context.delegations = config.delegations;
  if (!config.notifications.empty()) {
    context.notifications = config.notifications;
  }
  context.token = config.token;
  context.tls_ca_file = config.tls_ca_file;
  context.tls_cert_file = config.tls_cert_file;
  context.tls_key_file = config.tls_key_file;

  CLI::App app{"ngoaivu: the foreign-affairs programme suite from the shell"};
  app.require_subcommand(1);
  // Global flags (-o json, --token, --timeout...) go anywhere on the line,
  // before or after the subcommand, as in kubectl.
  app.fallthrough();
  app.add_option("--registry", context.registry, "registry address HOST:PORT")
      ->envname("NGOAIVU_REGISTRY")
      ->capture_default_str();
  app.add_option("--tasks", context.tasks, "tasks service address HOST:PORT")
      ->envname("NGOAIVU_TASKS")
      ->capture_default_str();
  app.add_option("--delegations", context.delegations,
                 "delegations service address HOST:PORT")
      ->envname("NGOAIVU_DELEGATIONS")
      ->capture_default_str();
  app.add_option("--notifications", context.notifications,
                 "notifications service address HOST:PORT")
      ->envname("NGOAIVU_NOTIFICATIONS")
      ->capture_default_str();
  app.add_option("--token", context.token,
                 "bearer token (default: the config's)")
      ->envname("NGOAIVU_TOKEN");
  app.add_option("--tls-ca-file", context.tls_ca_file,
                 "CA of the services' certificates; TLS is used when set")
      ->envname("NGOAIVU_TLS_CA_FILE");
  app.add_option("--tls-cert-file", context.tls_cert_file,
                 "client certificate for mutual TLS")
      ->envname("NGOAIVU_TLS_CERT_FILE");
  app.add_option("--tls-key-file", context.tls_key_file,
                 "private key of the client certificate")
      ->envname("NGOAIVU_TLS_KEY_FILE");
  app.add_option("-o,--output", context.output,
                 "table, json, jsonl (one JSON object per line: a list's "
                 "items, a stream's events) or csv")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}))
      ->capture_default_str();
  app.add_flag("--bom", context.csv_bom,
               "start CSV with a UTF-8 byte-order mark (for Excel, which "
               "garbles Vietnamese without it)");
  app.add_option("--limit", context.limit,
                 "print the first N items of a list; 0 prints all (default: "
                 "50 in a table, all in JSON and CSV)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--timeout", context.timeout_seconds,
                 "seconds to wait per call")
      ->capture_default_str();
  app.add_flag("--backfill", context.backfill,
               "enter what the command writes as a record of the past (an "
               "import, a history taken over from paper): its events are "
               "marked so and reach no inbox (admins, coordinators, systems; "
               "import and demo history do this themselves)");
  app.add_option(
      "--request-id", context.request_id,
      "request id of a mutation (to retry one safely); new by default");
  ngoaivu::cli::AddRegistryCommands(app, &context);
  ngoaivu::cli::AddTokenCommands(app, &context, &config.token_key_file);
  ngoaivu::cli::AddTasksCommands(app, &context);
  ngoaivu::cli::AddDelegationsCommands(app, &context);
  ngoaivu::cli::AddNotificationsCommands(app, &context);
  ngoaivu::cli::AddShellCommands(app, NGOAIVU_VERSION);
  ngoaivu::cli::AddExamples(app, false);
  const int usage = ngoaivu::cli::ParseOrExplain(app, argc, argv);
  if (usage >= 0) return usage;
  context.PrintListHint(std::cerr);
  return context.exit_code;
}
