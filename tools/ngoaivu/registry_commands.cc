#include "tools/ngoaivu/registry_commands.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <future>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "common/registry_names.h"
#include "google/protobuf/util/time_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "ngoaivu/notifications/v1/notifications_service.grpc.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tools/ngoaivu/archive.h"
#include "tools/ngoaivu/delegations_cli.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/language.h"
#include "tools/ngoaivu/registry_cli.h"
#include "tools/ngoaivu/registry_import.h"
#include "tools/ngoaivu/tasks_cli.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::registry::v1;

void AddHistory(CLI::App& app, CliContext* c) {
  auto* history = app.add_subcommand(
      "history", "who changed a resource, when, and how (any service's)");
  auto history_name = std::make_shared<std::string>();
  history
      ->add_option("name", *history_name,
                   "agencies/SNGV, groups/ID, agencies/UBND/officials/ID, "
                   "programmes/P[/duties/D[/obligations/O]], delegations/ID, "
                   "agreements/ID, subscriptions/ID")
      ->required();
  history->callback([=] {
    events::v1::ListHistoryRequest request;
    request.set_name(*history_name);
    events::v1::ListHistoryResponse all;
    // Each service keeps the history of its own resources.
    const std::string& name = *history_name;
    auto starts = [&](const char* prefix) {
      return name.rfind(prefix, 0) == 0;
    };
    auto list_all = [&](auto stub) {
      return c->ListAll(
          request,
          [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
            return stub->ListHistory(ctx, r, page);
          },
          &all);
    };
    grpc::Status status;
    if (starts("programmes/")) {
      status = list_all(TasksStub(c));
    } else if (starts("delegations/") || starts("agreements/")) {
      status = list_all(DelegationsStub(c));
    } else if (starts("subscriptions/")) {
      status = list_all(notifications::v1::NotificationsService::NewStub(
          c->NotificationsChannel()));
    } else if (starts("agencies/") || starts("groups/")) {
      status = list_all(RegistryStub(c));
    } else {
      return c->Fail("history: " + name +
                     " is not a resource with a history (agencies/, "
                     "groups/, programmes/, delegations/, agreements/, "
                     "subscriptions/)");
    }
    if (!status.ok()) return c->Fail(status);
    Table table(
        {"TIME", "EVENT", "ACTOR", "ROLE", "AGENCY", "SYSTEM", "REQUEST"});
    for (const auto& e : all.events()) {
      const std::string& type = e.type();
      const size_t verb = type.rfind('.');
      const size_t noun =
          verb == std::string::npos ? 0 : type.rfind('.', verb - 1);
      table.AddRow({LocalTimeText(e.time()),
                    type.substr(noun == std::string::npos ? 0 : noun + 1),
                    e.actor().subject(), e.actor().role(), e.actor().agency(),
                    e.actor().calling_system(), e.request_id()});
    }
    c->Print(table, all);
  });
}

void AddHealth(CLI::App& app, CliContext* c) {
  auto* health = app.add_subcommand(
      "health", "whether every service serves (exit 0) or not (exit 1)");
  auto wait_seconds = std::make_shared<double>(0);
  health->add_option("--wait", *wait_seconds, "keep asking this many seconds");
  auto only = std::make_shared<std::string>();
  health->add_option("--only", *only,
                     "ask one service: registry, tasks, delegations or "
                     "notifications");
  health->callback([=] {
    struct Service {
      const char* name;
      std::string address;
      std::shared_ptr<grpc::Channel> channel;
      const char* health_name;
    };
    const std::vector<Service> services = {
        {"registry", c->registry, c->RegistryChannel(),
         "ngoaivu.registry.v1.RegistryService"},
        {"tasks", c->tasks, c->TasksChannel(), "ngoaivu.tasks.v1.TasksService"},
        {"delegations", c->delegations, c->DelegationsChannel(),
         "ngoaivu.delegations.v1.DelegationsService"},
        {"notifications", c->notifications, c->NotificationsChannel(),
         "ngoaivu.notifications.v1.NotificationsService"}};
    const auto until =
        std::chrono::system_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(*wait_seconds * 1000));
    // Every service asked at once, each call bounded by --timeout (and by
    // --wait): a suite that is down answers within the timeout, not four.
    auto ask = [c, until, waiting = *wait_seconds > 0](const Service& service) {
      auto health_stub = grpc::health::v1::Health::NewStub(service.channel);
      grpc::health::v1::HealthCheckRequest request;
      request.set_service(service.health_name);
      std::string state;
      do {
        grpc::health::v1::HealthCheckResponse response;
        auto call = c->Call();
        call->set_wait_for_ready(waiting);
        if (waiting) call->set_deadline(std::min(call->deadline(), until));
        grpc::Status status =
            health_stub->Check(call.get(), request, &response);
        state = status.ok()
                    ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                          response.status())
                    : "UNREACHABLE";
        if (state == "SERVING") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      } while (std::chrono::system_clock::now() < until);
      return state;
    };
    std::vector<std::pair<const Service*, std::future<std::string>>> asked;
    for (const Service& service : services) {
      if (!only->empty() && *only != service.name) continue;
      asked.emplace_back(&service,
                         std::async(std::launch::async, ask, service));
    }
    bool all_serving = true;
    Table table({"SERVICE", "ADDRESS", "STATE"});
    for (auto& [service, state] : asked) {
      const std::string answer = state.get();
      table.AddRow({service->name, service->address, answer});
      all_serving = all_serving && answer == "SERVING";
      if (c->IsTable()) {
        std::cout << service->name << " " << service->address << ": "
                  << Tr(answer) << "\n";
      }
    }
    if (!c->IsTable()) c->Print(table);
    c->exit_code = all_serving ? 0 : 1;
  });
}

void AddImport(CLI::App& app, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
  auto* import = app.add_subcommand(
      "import",
      "create or update agencies, groups and officials from a YAML file; "
      "or check an archive against the suite (--verify)");
  auto import_file = std::make_shared<std::string>();
  auto verify = std::make_shared<std::string>();
  auto* file_option =
      import
          ->add_option("file", *import_file,
                       "e.g. deploy/data/tay-ninh-agencies.yaml")
          ->check(CLI::ExistingFile);
  import
      ->add_option("--verify", *verify,
                   "an archive of `ngoaivu export`: is every record and "
                   "event of it in the suite, as archived?")
      ->check(CLI::ExistingDirectory)
      ->excludes(file_option);
  import->callback([=] {
    if (!verify->empty()) {
      c->exit_code = VerifyArchive(*verify, c);
  return;
}
if (import_file->empty()) {
  return c->Fail("import: name a YAML file, or --verify an archive");
}
auto s = stub();
// The registry file records agencies that exist already: nobody's inbox
// needs to hear of each.
c->backfill = true;
c->exit_code = ImportRegistryFile(*import_file, *s, *c, std::cout, std::cerr);
}  // namespace
);
}  // namespace ngoaivu::cli

void AddExport(CLI::App& app, CliContext* c) {
  auto* export_command = app.add_subcommand(
      "export",
      "write every record of every service, with its history, as JSON lines "
      "(an archive; ngoaivu import --verify checks one)");
  auto dir = std::make_shared<std::string>();
  export_command
      ->add_option("dir", *dir, "a new directory, e.g. archive-2026-12-07")
      ->required();
  export_command->callback([=] { c->exit_code = ExportArchive(*dir, c); });
}

}  // namespace

void AddRegistryCommands(CLI::App& app, CliContext* c) {
  AddAgencyCommands(app, c);
  AddGroupCommands(app, c);
  AddOfficialCommands(app, c);
  AddHistory(app, c);
  AddHealth(app, c);
  AddImport(app, c);
  AddExport(app, c);
}

}  // namespace ngoaivu::cli
