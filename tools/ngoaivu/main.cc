// ngoaivu: the administrator's command-line tool for the suite. Wiring only.
#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_context.h"
#include "tools/ngoaivu/registry_commands.h"

int main(int argc, char** argv) {
  ngoaivu::cli::CliContext context;
  CLI::App app{"ngoaivu: the foreign-affairs programme suite from the shell"};
  app.require_subcommand(1);
  app.add_option("--registry", context.registry, "registry address HOST:PORT")
      ->envname("NGOAIVU_REGISTRY")
      ->capture_default_str();
  app.add_option("-o,--output", context.output, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  app.add_option("--timeout", context.timeout_seconds,
                 "seconds to wait per call")
      ->capture_default_str();
  app.add_option(
      "--request-id", context.request_id,
      "request id of a mutation (to retry one safely); new by default");
  ngoaivu::cli::AddRegistryCommands(app, &context);
  CLI11_PARSE(app, argc, argv);
  return context.exit_code;
}
