// `ngoaivu duties ...`: list, get, create, update, cancel.
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

void PrintDuty(const v1::Duty& d, CliContext* c) {
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", d.name()});
  table.AddRow({"section", d.section()});
  table.AddRow({"title", d.title()});
  if (!d.description().empty()) table.AddRow({"description", d.description()});
  if (!d.lead_agency().empty()) table.AddRow({"lead", d.lead_agency()});
  for (const auto& a : d.coordinating_agencies())
    table.AddRow({"coordinator", a});
  if (!d.group().empty()) table.AddRow({"group", d.group()});
  table.AddRow({"schedule", ScheduleText(d.schedule())});
  table.AddRow({"lead time", std::to_string(d.lead_time_days()) + " days"});
  table.AddRow({"state", v1::Duty::State_Name(d.state())});
  table.AddRow({"etag", d.etag()});
  c->Print(table, d);
}

void AddDutiesList(CLI::App* duties, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* list = duties->add_subcommand("list", "a programme's duties");
  auto programme = std::make_shared<std::string>();
  list->add_option("programme", *programme, "programmes/{id} or {id}")
      ->required();
  list->callback([=] {
    v1::ListDutiesRequest request;
    request.set_parent(ProgrammeName(*programme));
    v1::ListDutiesResponse all;
    auto s = stub();
    grpc::Status status = c->ListAll(
        request,
        [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
          return s->ListDuties(ctx, r, page);
        },
        &all);
    if (!status.ok()) return c->Fail(status);
    Table table({"DUTY", "SECTION", "CARRIED BY", "SCHEDULE", "STATE"});
    for (const auto& d : all.duties()) {
      std::string who = d.group().empty() ? d.lead_agency() : d.group();
      if (d.coordinating_agencies_size() > 0)
        who += " +" + std::to_string(d.coordinating_agencies_size());
      table.AddRow({d.name().substr(d.name().rfind('/') + 1), d.section(), who,
                    ScheduleText(d.schedule()),
                    v1::Duty::State_Name(d.state())});
    }
    c->Print(table, all);
  });
}

void AddDutiesGet(CLI::App* duties, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* get = duties->add_subcommand("get", "show one duty");
  auto get_name = std::make_shared<std::string>();
  get->add_option("name", *get_name, "programmes/{p}/duties/{d}")->required();
  get->callback([=] {
    v1::GetDutyRequest request;
    request.set_name(*get_name);
    v1::Duty d;
    grpc::Status status = stub()->GetDuty(c->Call().get(), request, &d);
    if (!status.ok()) return c->Fail(status);
    PrintDuty(d, c);
  });
}

void AddDutiesCreate(CLI::App* duties, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  // Create: who carries it and when it falls due, from flags.
  struct CreateFlags {
    std::string programme, id, section, title, description, lead, group, due,
        yearly;
    std::vector<std::string> coordinators;
    int first_year = 0, every_months = 0, lead_time_days = 30,
        coordinator_offset_days = 0;
    std::string first_due;
    bool through_coordinator = false;
  };
  auto f = std::make_shared<CreateFlags>();
  auto* create = duties->add_subcommand("create", "add a duty to a programme");
  create->add_option("programme", f->programme, "programmes/{id} or {id}")
      ->required();
  create->add_option("id", f->id, "the duty's id, [a-z0-9-]")->required();
  create->add_option("--title", f->title, "what is to be done")->required();
  create->add_option("--section", f->section, "e.g. IV.9");
  create->add_option("--description", f->description, "details");
  create->add_option("--lead", f->lead, "the leading agency's code");
  create->add_option("--coordinator", f->coordinators,
                     "a coordinating agency's code (repeatable)");
  create->add_option("--group", f->group, "a group each member carries it");
  create->add_option("--due", f->due, "due once, YYYY-MM-DD or DD/MM/YYYY")
      ->transform(DayInput());
  create->add_option("--yearly", f->yearly, "due every year on MM-DD");
  create->add_option("--first-year", f->first_year, "with --yearly");
  create->add_option("--every-months", f->every_months, "due every N months");
  create->add_option("--first-due", f->first_due, "with --every-months")
      ->transform(DayInput());
  create
      ->add_option("--lead-time-days", f->lead_time_days,
                   "each period opens this many days ahead")
      ->capture_default_str();
  create->add_option("--coordinator-offset-days", f->coordinator_offset_days,
                     "coordinators' input due this many days before");
  create->add_flag("--through-coordinator", f->through_coordinator,
                   "submissions go to DOFA, who accepts or returns them");
  create->callback([=] {
    v1::CreateDutyRequest request;
    request.set_parent(ProgrammeName(f->programme));
    request.set_duty_id(f->id);
    v1::Duty* d = request.mutable_duty();
    d->set_section(f->section);
    d->set_title(f->title);
    d->set_description(f->description);
    if (!f->lead.empty()) d->set_lead_agency(AgencyNameFromInput(f->lead));
    for (const auto& code : f->coordinators)
      d->add_coordinating_agencies(AgencyNameFromInput(code));
    if (!f->group.empty()) d->set_group(GroupNameFromInput(f->group));
    if (!f->due.empty()) {
      *d->mutable_schedule()->mutable_due_date() = DateOf(f->due);
    } else if (!f->yearly.empty()) {
      const google::type::Date md = DateOf("2000-" + f->yearly);
      auto* y = d->mutable_schedule()->mutable_yearly();
      y->set_month(md.month());
      y->set_day(md.day());
      y->set_first_year(f->first_year);
    } else if (f->every_months > 0) {
      auto* m = d->mutable_schedule()->mutable_every_months();
      m->set_months(f->every_months);
      *m->mutable_first_due() = DateOf(f->first_due);
    } else {
      d->mutable_schedule()->mutable_continuing();
    }
    d->set_lead_time_days(f->lead_time_days);
    d->set_coordinator_offset_days(f->coordinator_offset_days);
    d->set_submitted_through_coordinator(f->through_coordinator);
    request.set_request_id(c->NextRequestId());
    v1::Duty out;
    grpc::Status status = stub()->CreateDuty(c->Call().get(), request, &out);
    if (!status.ok()) return c->Fail(status);
    PrintDuty(out, c);
  });
}

void AddDutiesUpdate(CLI::App* duties, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  // Update: only the flags given are changed (they make the update mask).
  auto* update = duties->add_subcommand("update", "change a duty");
  auto update_name = std::make_shared<std::string>();
  auto update_etag = std::make_shared<std::string>();
  auto title = std::make_shared<std::string>();
  auto description = std::make_shared<std::string>();
  auto lead_time = std::make_shared<int>(0);
  update->add_option("name", *update_name, "programmes/{p}/duties/{d}")
      ->required();
  auto* title_option = update->add_option("--title", *title, "new title");
  auto* description_option =
      update->add_option("--description", *description, "new description");
  auto* lead_time_option =
      update->add_option("--lead-time-days", *lead_time,
                         "later periods open this many days ahead");
  update->add_option("--etag", *update_etag, "only if unchanged since");
  update->callback([=] {
    v1::UpdateDutyRequest request;
    request.mutable_duty()->set_name(*update_name);
    if (title_option->count() > 0) {
      request.mutable_duty()->set_title(*title);
      request.mutable_update_mask()->add_paths("title");
    }
    if (description_option->count() > 0) {
      request.mutable_duty()->set_description(*description);
      request.mutable_update_mask()->add_paths("description");
    }
    if (lead_time_option->count() > 0) {
      request.mutable_duty()->set_lead_time_days(*lead_time);
      request.mutable_update_mask()->add_paths("lead_time_days");
    }
    request.set_etag(*update_etag);
    request.set_request_id(c->NextRequestId());
    v1::Duty out;
    grpc::Status status = stub()->UpdateDuty(c->Call().get(), request, &out);
    if (!status.ok()) return c->Fail(status);
    PrintDuty(out, c);
  });
}

void AddDutiesCancel(CLI::App* duties, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* cancel = duties->add_subcommand(
      "cancel", "cancel a duty and its obligations not yet accepted");
  auto cancel_name = std::make_shared<std::string>();
  auto cancel_reason = std::make_shared<std::string>();
  auto cancel_etag = std::make_shared<std::string>();
  cancel->add_option("name", *cancel_name, "programmes/{p}/duties/{d}")
      ->required();
  cancel->add_option("--reason", *cancel_reason, "why")->required();
  cancel->add_option("--etag", *cancel_etag, "only if unchanged since");
  cancel->callback([=] {
    v1::CancelDutyRequest request;
    request.set_name(*cancel_name);
    request.set_reason(*cancel_reason);
    request.set_etag(*cancel_etag);
    request.set_request_id(c->NextRequestId());
    v1::Duty out;
    grpc::Status status = stub()->CancelDuty(c->Call().get(), request, &out);
    if (!status.ok()) return c->Fail(status);
    PrintDuty(out, c);
  });
}

}  // namespace

void AddDutyCommands(CLI::App& app, CliContext* c) {
  auto* duties = app.add_subcommand("duties", "what a programme asks");
  duties->require_subcommand(1);
  AddDutiesList(duties, c);
  AddDutiesGet(duties, c);
  AddDutiesCreate(duties, c);
  AddDutiesUpdate(duties, c);
  AddDutiesCancel(duties, c);
}

}  // namespace ngoaivu::cli
