// `ngoaivu obligations ...`: get, the lifecycle verbs, reassign, report, list.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "common/registry_names.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/tasks_cli.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::tasks::v1;

void PrintObligation(const v1::Obligation& o, CliContext* c) {
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", o.name()});
  table.AddRow({"agency", o.agency()});
  table.AddRow({"role", v1::Obligation::Role_Name(o.role())});
  if (!o.section().empty()) table.AddRow({"section", o.section()});
  if (!o.period().empty()) table.AddRow({"period", o.period()});
  // What it arose from, e.g. the delegation whose post-trip report it is.
  if (!o.source().empty()) table.AddRow({"source", o.source()});
  table.AddRow({"due", DateText(o.due_date())});
  if (o.due_before_tracking()) {
    table.AddRow({"tracking",
                  "due before it was tracked: not late; the "
                  "coordinator sets a new due date "
                  "(obligations reschedule)"});
  }
  table.AddRow({"state", v1::Obligation::State_Name(o.state())});
  table.AddRow({"percent", std::to_string(o.percent_complete())});
  if (o.late()) table.AddRow({"late", std::to_string(o.days_late()) + " days"});
  if (!o.state_reason().empty()) table.AddRow({"reason", o.state_reason()});
  if (!o.reassigned_from().empty())
    table.AddRow({"reassigned from", o.reassigned_from()});
  if (o.needs_reassignment()) table.AddRow({"needs reassignment", "yes"});
  table.AddRow({"etag", o.etag()});
  c->Print(table, o);
}

void AddObligationsGet(CLI::App* obligations, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* get = obligations->add_subcommand("get", "show one obligation");
  auto get_name = std::make_shared<std::string>();
  get->add_option("name", *get_name,
                  "programmes/{p}/duties/{d}/obligations/{o}")
      ->required();
  get->callback([=] {
    v1::GetObligationRequest request;
    request.set_name(*get_name);
    v1::Obligation o;
    grpc::Status status = stub()->GetObligation(c->Call().get(), request, &o);
    if (!status.ok()) return c->Fail(status);
    PrintObligation(o, c);
  });
}

// Late, or why it is not counted late.
std::string LatenessOf(const v1::Obligation& o) {
  if (o.due_before_tracking()) return "due before tracking";
  return o.late() ? std::to_string(o.days_late()) + " days" : "";
}

void AddObligationsReports(CLI::App* obligations, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* reports = obligations->add_subcommand(
      "reports",
      "an obligation's progress reports, oldest first, with "
      "their text");
  auto target = std::make_shared<std::string>();
  reports
      ->add_option("name", *target, "programmes/{p}/duties/{d}/obligations/{o}")
      ->required();
  reports->callback([=] {
    v1::ListProgressReportsRequest request;
    request.set_parent(*target);
    v1::ListProgressReportsResponse all;
    auto s = stub();
    grpc::Status status = c->ListAll(
        request,
        [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
          return s->ListProgressReports(ctx, r, page);
        },
        &all);
    if (!status.ok()) return c->Fail(status);
    Table table({"FILED", "BY", "PERCENT", "TEXT", "LINKS"});
    for (const auto& r : all.reports()) {
      std::string links;
      for (const auto& link : r.document_links())
        links += (links.empty() ? "" : " ") + link;
      table.AddRow({TimeText(r.create_time()),
                    r.filed_by() + " (" +
                        AgencyCodeOfResource(r.filed_by_agency()) + ")",
                    std::to_string(r.percent_complete()), r.text(), links});
    }
    c->Print(table, all);
  });
}

void AddObligationsReschedule(CLI::App* obligations, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* cmd = obligations->add_subcommand(
      "reschedule",
      "give an obligation due before it was tracked a new due date");
  auto target = std::make_shared<std::string>();
  auto due = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto etag = std::make_shared<std::string>();
  cmd->add_option("name", *target, "the obligation")->required();
  cmd->add_option("--due", *due, "the new due date, YYYY-MM-DD or DD/MM/YYYY")
      ->required()
      ->transform(DayInput());
  cmd->add_option("--reason", *reason, "why")->required();
  cmd->add_option("--etag", *etag, "only if unchanged since");
  cmd->callback([=] {
    v1::RescheduleObligationRequest request;
    request.set_name(*target);
    *request.mutable_due_date() = DateOf(*due);
    request.set_reason(*reason);
    request.set_etag(*etag);
    request.set_request_id(c->NextRequestId());
    v1::Obligation o;
    grpc::Status status =
        stub()->RescheduleObligation(c->Call().get(), request, &o);
    if (!status.ok()) return c->Fail(status);
    PrintObligation(o, c);
  });
}

void AddObligationsTransitions(CLI::App* obligations, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  // The transitions, each its own verb.
  for (const char* verb :
       {"start", "submit", "accept", "return", "waive", "cancel"}) {
    const std::string name(verb);
    const bool needs_reason =
        name == "return" || name == "waive" || name == "cancel";
    auto* cmd = obligations->add_subcommand(name, name + " an obligation");
    auto target = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    auto etag = std::make_shared<std::string>();
    cmd->add_option("name", *target,
                    "programmes/{p}/duties/{d}/obligations/{o}")
        ->required();
    auto* reason_option = cmd->add_option("--reason", *reason, "why");
    if (needs_reason) reason_option->required();
    cmd->add_option("--etag", *etag, "only if unchanged since");
    cmd->callback([=] {
      v1::TransitionObligationRequest request;
      request.set_name(*target);
      request.set_reason(*reason);
      request.set_etag(*etag);
      request.set_request_id(c->NextRequestId());
      v1::Obligation o;
      auto s = stub();
      auto ctx = c->Call();
      grpc::Status status =
          name == "start"    ? s->StartObligation(ctx.get(), request, &o)
          : name == "submit" ? s->SubmitObligation(ctx.get(), request, &o)
          : name == "accept" ? s->AcceptObligation(ctx.get(), request, &o)
          : name == "return" ? s->ReturnObligation(ctx.get(), request, &o)
          : name == "waive"  ? s->WaiveObligation(ctx.get(), request, &o)
                             : s->CancelObligation(ctx.get(), request, &o);
      if (!status.ok()) return c->Fail(status);
      PrintObligation(o, c);
    });
  }
}

void AddObligationsReassign(CLI::App* obligations, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* reassign = obligations->add_subcommand(
      "reassign", "move an open obligation to another agency");
  auto reassign_name = std::make_shared<std::string>();
  auto reassign_agency = std::make_shared<std::string>();
  auto reassign_reason = std::make_shared<std::string>();
  auto reassign_etag = std::make_shared<std::string>();
  reassign->add_option("name", *reassign_name, "the obligation")->required();
  reassign->add_option("--to", *reassign_agency, "the new agency's code")
      ->required();
  reassign->add_option("--reason", *reassign_reason, "why")->required();
  reassign->add_option("--etag", *reassign_etag, "only if unchanged since");
  reassign->callback([=] {
    v1::ReassignObligationRequest request;
    request.set_name(*reassign_name);
    request.set_agency(AgencyNameFromInput(*reassign_agency));
    request.set_reason(*reassign_reason);
    request.set_etag(*reassign_etag);
    request.set_request_id(c->NextRequestId());
    v1::Obligation o;
    grpc::Status status =
        stub()->ReassignObligation(c->Call().get(), request, &o);
    if (!status.ok()) return c->Fail(status);
    PrintObligation(o, c);
  });
}

void AddObligationsReport(CLI::App* obligations, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* report =
      obligations->add_subcommand("report", "file a progress report");
  auto report_target = std::make_shared<std::string>();
  auto report_text = std::make_shared<std::string>();
  auto report_percent = std::make_shared<int>(0);
  auto report_links = std::make_shared<std::vector<std::string>>();
  report->add_option("name", *report_target, "the obligation")->required();
  report->add_option("--text", *report_text, "what was done")->required();
  report->add_option("--percent", *report_percent, "0-100")->required();
  report->add_option("--link", *report_links,
                     "link to a document (repeatable)");
  report->callback([=] {
    v1::CreateProgressReportRequest request;
    request.set_parent(*report_target);
    request.mutable_report()->set_text(*report_text);
    request.mutable_report()->set_percent_complete(*report_percent);
    for (const auto& link : *report_links)
      request.mutable_report()->add_document_links(link);
    request.set_request_id(c->NextRequestId());
    v1::ProgressReport filed;
    grpc::Status status =
        stub()->CreateProgressReport(c->Call().get(), request, &filed);
    if (!status.ok()) return c->Fail(status);
    Table table({"REPORT", "PERCENT"});
    table.AddRow({filed.name(), std::to_string(filed.percent_complete())});
    c->Print(table, filed);
  });
}

void AddObligationsList(CLI::App* obligations, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* list = obligations->add_subcommand(
      "list", "an agency's, a duty's or a programme's obligations");
  auto agency = std::make_shared<std::string>();
  auto duty = std::make_shared<std::string>();
  auto period = std::make_shared<std::string>();
  auto state = std::make_shared<std::string>();
  auto late_only = std::make_shared<bool>(false);
  list->add_option("--agency", *agency, "agency code");
  list->add_option("--duty", *duty, "programmes/{p}/duties/{d}");
  auto programme = std::make_shared<std::string>();
  list->add_option("--programme", *programme,
                   "programmes/{id} or {id}: its awaited obligations, most "
                   "overdue first (with --late: everything late); with "
                   "--state, all in that state, longest waiting first (e.g. "
                   "SUBMITTED: what waits for DOFA)");
  list->add_option("--period", *period, "e.g. 2025");
  list->add_option("--state", *state, "e.g. OPEN, SUBMITTED");
  list->add_flag("--late", *late_only,
                 "only those awaited past their due date");
  list->callback([=] {
    v1::ListObligationsRequest request;
    if (!agency->empty()) request.set_agency(AgencyNameFromInput(*agency));
    request.set_duty(*duty);
    if (!programme->empty()) request.set_programme(ProgrammeName(*programme));
    request.set_period(*period);
    request.set_late(*late_only);
    if (!state->empty()) {
      v1::Obligation::State value;
      if (!ParseEnum(v1::Obligation::State_descriptor(), *state, &value)) {
        std::cerr << "unknown state " << *state << "\n";
        c->exit_code = 2;
        return;
      }
      request.set_state(value);
    }
    v1::ListObligationsResponse all;
    auto s = stub();
    grpc::Status status = c->ListAll(
        request,
        [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
          return s->ListObligations(ctx, r, page);
        },
        &all);
    if (!status.ok()) return c->Fail(status);
    Table table({"OBLIGATION", "AGENCY", "PERIOD", "DUE", "STATE", "LATE"});
    for (const auto& o : all.obligations()) {
      table.AddRow({o.name(), AgencyCodeOfResource(o.agency()), o.period(),
                    DateText(o.due_date()),
                    v1::Obligation::State_Name(o.state()), LatenessOf(o)});
    }
    c->Print(table, all);
  });
}

}  // namespace

void AddObligationCommands(CLI::App& app, CliContext* c) {
  auto* obligations =
      app.add_subcommand("obligations", "agencies' obligations");
  obligations->require_subcommand(1);
  AddObligationsGet(obligations, c);
  AddObligationsTransitions(obligations, c);
  AddObligationsReassign(obligations, c);
  AddObligationsReport(obligations, c);
  AddObligationsReports(obligations, c);
  AddObligationsReschedule(obligations, c);
  AddObligationsList(obligations, c);
}

}  // namespace ngoaivu::cli
