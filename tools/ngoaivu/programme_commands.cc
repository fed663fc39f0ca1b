// `ngoaivu programmes ...`: import, list, get, activate, close.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "common/registry_names.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/programme_import.h"
#include "tools/ngoaivu/tasks_cli.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::tasks::v1;

void AddProgrammesImport(CLI::App* programmes, CliContext* c) {
  auto* import = programmes->add_subcommand(
      "import",
      "create a programme and its duties from a YAML file (idempotent)");
  auto file = std::make_shared<std::string>();
  auto activate = std::make_shared<bool>(false);
  import
      ->add_option("file", *file,
                   "e.g. deploy/data/programme-2488-QD-UBND-2011.yaml")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_flag("--activate", *activate, "put a draft programme in force");
  auto import_track_from = std::make_shared<std::string>();
  import->add_option("--track-from", *import_track_from, kTrackFromHelp)
      ->transform(DayInput());
  import->callback([=] {
    c->exit_code = ImportProgramme(*file, *activate, *import_track_from, c);
});

}  // namespace

void AddProgrammesList(CLI::App* programmes, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  programmes->add_subcommand("list", "list programmes")->callback([=] {
    v1::ListProgrammesResponse all;
    auto s = stub();
    grpc::Status status = c->ListAll(
        v1::ListProgrammesRequest(),
        [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
          return s->ListProgrammes(ctx, r, page);
        },
        &all);
    if (!status.ok()) return c->Fail(status);
    Table table({"PROGRAMME", "DECISION", "DATE", "STATE", "TITLE"});
    for (const auto& p : all.programmes()) {
      table.AddRow({p.name(), p.decision_number(), DateText(p.decision_date()),
                    v1::Programme::State_Name(p.state()), p.title()});
    }
    c->Print(table, all);
  });
}

void AddProgrammesGet(CLI::App* programmes, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* get = programmes->add_subcommand("get", "show a programme");
  auto get_name = std::make_shared<std::string>();
  get->add_option("name", *get_name, "programmes/{id} or {id}")->required();
  get->callback([=] {
    v1::GetProgrammeRequest request;
    request.set_name(ProgrammeName(*get_name));
    v1::Programme p;
    grpc::Status status = stub()->GetProgramme(c->Call().get(), request, &p);
    if (!status.ok()) return c->Fail(status);
    Table table({"FIELD", "VALUE"});
    table.AddRow({"name", p.name()});
    table.AddRow({"decision",
                  p.decision_number() + " of " + DateText(p.decision_date())});
    table.AddRow({"issued by", p.issuing_body()});
    table.AddRow(
        {"signer", p.signer().full_name() + ", " + p.signer().position()});
    table.AddRow({"implements", p.implements()});
    table.AddRow({"title", p.title()});
    table.AddRow({"state", v1::Programme::State_Name(p.state())});
    std::function<void(const google::protobuf::RepeatedPtrField<v1::Section>&,
                       const std::string&)>
        sections = [&](const auto& list, const std::string& indent) {
          for (const v1::Section& section : list) {
            table.AddRow({indent + section.number(), section.title()});
            sections(section.sections(), indent + "  ");
          }
        };
    sections(p.sections(), "section ");
    table.AddRow({"etag", p.etag()});
    c->Print(table, p);
  });
}

void AddProgrammesActivateAndClose(CLI::App* programmes, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  // Activation and closing: the UBND's leadership (approvers).
  for (const char* verb : {"activate", "close"}) {
    const std::string name(verb);
    auto* cmd = programmes->add_subcommand(
        name, name == "activate" ? "put a DRAFT programme in force"
                                 : "end an ACTIVE programme");
    auto target = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    auto etag = std::make_shared<std::string>();
    cmd->add_option("name", *target, "programmes/{id} or {id}")->required();
    if (name == "close") {
      cmd->add_option("--reason", *reason, "e.g. the decision that ends it")
          ->required();
    }
    cmd->add_option("--etag", *etag, "only if unchanged since");
    auto track_from = std::make_shared<std::string>();
    if (name == "activate") {
      cmd->add_option("--track-from", *track_from, kTrackFromHelp)
          ->transform(DayInput());
    }
    cmd->callback([=] {
      v1::Programme p;
      grpc::Status status;
      if (name == "activate") {
        v1::ActivateProgrammeRequest r;
        r.set_name(ProgrammeName(*target));
        r.set_etag(*etag);
        if (!track_from->empty()) *r.mutable_track_from() = DateOf(*track_from);
        r.set_request_id(c->NextRequestId());
        status = stub()->ActivateProgramme(c->Call().get(), r, &p);
      } else {
        v1::CloseProgrammeRequest r;
        r.set_name(ProgrammeName(*target));
        r.set_etag(*etag);
        r.set_reason(*reason);
        r.set_request_id(c->NextRequestId());
        status = stub()->CloseProgramme(c->Call().get(), r, &p);
      }
      if (!status.ok()) return c->Fail(status);
      Table table({"PROGRAMME", "STATE", "ETAG"});
      table.AddRow({p.name(), v1::Programme::State_Name(p.state()), p.etag()});
      c->Print(table, p);
    });
  }
}

}  // namespace ngoaivu::cli

void AddProgrammeCommands(CLI::App& app, CliContext* c) {
  auto* programmes = app.add_subcommand("programmes", "programme decisions");
  programmes->require_subcommand(1);
  AddProgrammesImport(programmes, c);
  AddProgrammesList(programmes, c);
  AddProgrammesGet(programmes, c);
  AddProgrammesActivateAndClose(programmes, c);
}

}  // namespace ngoaivu::cli
