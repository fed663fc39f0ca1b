#include "tools/ngoaivu/global_flags.h"

namespace ngoaivu::cli {

void ApplyCliConfig(const CliConfig& config, CliContext* context) {
  if (!config.registry.empty()) context->registry = config.registry;
  if (!config.tasks.empty()) context->tasks = config.tasks;
  if (!config.delegations.empty()) context->delegations = config.delegations;
  if (!config.notifications.empty()) {
    context->notifications = config.notifications;
  }
  context->token = config.token;
  context->tls_ca_file = config.tls_ca_file;
  context->tls_cert_file = config.tls_cert_file;
  context->tls_key_file = config.tls_key_file;
}

void AddGlobalFlags(CLI::App& app, CliContext* context, std::string* language) {
  app.add_option("--registry", context->registry, "registry address HOST:PORT")
      ->envname("NGOAIVU_REGISTRY")
      ->capture_default_str();
  app.add_option("--tasks", context->tasks, "tasks service address HOST:PORT")
      ->envname("NGOAIVU_TASKS")
      ->capture_default_str();
  app.add_option("--delegations", context->delegations,
                 "delegations service address HOST:PORT")
      ->envname("NGOAIVU_DELEGATIONS")
      ->capture_default_str();
  app.add_option("--notifications", context->notifications,
                 "notifications service address HOST:PORT")
      ->envname("NGOAIVU_NOTIFICATIONS")
      ->capture_default_str();
  app.add_option("--token", context->token,
                 "bearer token (default: the config's)")
      ->envname("NGOAIVU_TOKEN");
  app.add_option("--tls-ca-file", context->tls_ca_file,
                 "CA of the services' certificates; TLS is used when set")
      ->envname("NGOAIVU_TLS_CA_FILE");
  app.add_option("--tls-cert-file", context->tls_cert_file,
                 "client certificate for mutual TLS")
      ->envname("NGOAIVU_TLS_CERT_FILE");
  app.add_option("--tls-key-file", context->tls_key_file,
                 "private key of the client certificate")
      ->envname("NGOAIVU_TLS_KEY_FILE");
  app.add_option("-o,--output", context->output,
                 "table, wide (a table with longer text), json, jsonl (one "
                 "JSON object per line: a list's items, a stream's events) "
                 "or csv")
      ->check(CLI::IsMember({"table", "wide", "json", "jsonl", "csv"}))
      ->capture_default_str();
  app.add_option("--lang", *language,
                 "language of help, headers and messages: en or vi "
                 "(default: the locale's)")
      ->check(CLI::IsMember({"en", "vi"}));
  app.add_flag("--bom", context->csv_bom,
               "start CSV with a UTF-8 byte-order mark (for Excel, which "
               "garbles Vietnamese without it)");
  app.add_option("--limit", context->limit,
                 "print the first N items of a list; 0 prints all (default: "
                 "50 in a table, all in JSON and CSV)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--timeout", context->timeout_seconds,
                 "seconds to wait per call")
      ->capture_default_str();
  app.add_flag("--backfill", context->backfill,
               "enter what the command writes as a record of the past (an "
               "import, a history taken over from paper): its events are "
               "marked so and reach no inbox (admins, coordinators, systems; "
               "import and demo history do this themselves)");
  app.add_option(
      "--request-id", context->request_id,
      "request id of a mutation (to retry one safely); new by default");
}

}  // namespace ngoaivu::cli
