#include "tools/ngoaivu/tasks_commands.h"

#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/ids.h"
#include "common/registry_names.h"
#include "google/protobuf/util/time_util.h"
#include "ngoaivu/tasks/v1/tasks_service.grpc.pb.h"
#include "tools/ngoaivu/enum_text.h"
#include "yaml-cpp/yaml.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::tasks::v1;

std::string Text(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.as<std::string>() : "";
}

// "2011-12-06" -> google.type.Date (unset when malformed; the service says so).
google::type::Date DateOf(const std::string& text) {
  google::type::Date date;
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &y) &&
      absl::SimpleAtoi(parts[1], &m) && absl::SimpleAtoi(parts[2], &d)) {
    date.set_year(y);
    date.set_month(m);
    date.set_day(d);
  }
  return date;
}

void AddSections(const YAML::Node& nodes,
                 google::protobuf::RepeatedPtrField<v1::Section>* out) {
  for (const auto& node : nodes) {
    v1::Section* section = out->Add();
    section->set_number(Text(node, "number"));
    section->set_title(Text(node, "title"));
    section->set_text(Text(node, "text"));
    if (node["sections"])
      AddSections(node["sections"], section->mutable_sections());
  }
}

v1::Schedule ScheduleOf(const YAML::Node& node) {
  v1::Schedule schedule;
  if (node["yearly"]) {
    auto* y = schedule.mutable_yearly();
    y->set_month(node["yearly"]["month"].as<int>(0));
    y->set_day(node["yearly"]["day"].as<int>(0));
    y->set_first_year(node["yearly"]["first_year"].as<int>(0));
    y->set_last_year(node["yearly"]["last_year"].as<int>(0));
  } else if (node["every_months"]) {
    auto* m = schedule.mutable_every_months();
    m->set_months(node["every_months"]["months"].as<int>(0));
    *m->mutable_first_due() = DateOf(Text(node["every_months"], "first_due"));
  } else if (node["due_date"]) {
    *schedule.mutable_due_date() = DateOf(node["due_date"].as<std::string>());
  } else {
    schedule.mutable_continuing();
  }
  return schedule;
}

// Request ids derived from the request: an interrupted import re-run
// replays what already happened.
constexpr char kTrackFromHelp[] =
    "first day tracked, YYYY-MM-DD (default: today; earlier to take over "
    "periods kept on paper)";

std::string ImportId(const google::protobuf::Message& request) {
  return "import-" + Sha256Hex(request.SerializeAsString()).substr(0, 40);
}

int ImportProgramme(const std::string& path, bool activate,
                    const std::string& track_from, CliContext* c) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    std::cerr << path << ": " << e.what() << "\n";
    return 2;
  }
  auto stub = v1::TasksService::NewStub(c->TasksChannel());
  int created = 0, unchanged = 0, failed = 0;
  auto report = [&](const std::string& what, const grpc::Status& status) {
    if (status.ok()) {
      ++created;
    } else if (status.error_code() == grpc::ALREADY_EXISTS) {
      ++unchanged;
    } else {
      std::cerr << what << ": ";
      PrintError(status, std::cerr);
      ++failed;
    }
  };
  try {
    const YAML::Node p = root["programme"];
    const std::string id = Text(p, "id");
    v1::CreateProgrammeRequest create;
    create.set_programme_id(id);
    auto* programme = create.mutable_programme();
    programme->set_decision_number(Text(p, "decision_number"));
    *programme->mutable_decision_date() = DateOf(Text(p, "decision_date"));
    programme->set_issuing_body(AgencyNameFromInput(Text(p, "issuing_body")));
    programme->set_title(Text(p, "title"));
    programme->set_implements(Text(p, "implements"));
    programme->mutable_signer()->set_full_name(Text(p["signer"], "full_name"));
    programme->mutable_signer()->set_position(Text(p["signer"], "position"));
    for (const auto& capacity : p["signer"]["capacities"]) {
      v1::Signer::Capacity value;
      if (ParseEnum(v1::Signer::Capacity_descriptor(),
                    capacity.as<std::string>(), &value)) {
        programme->mutable_signer()->add_capacities(value);
      }
    }
    const std::string official = Text(p["signer"], "official");
    if (!official.empty())
      programme->mutable_signer()->set_official(
          OfficialNameFromInput(official));
    AddSections(p["sections"], programme->mutable_sections());
    create.set_request_id(ImportId(create));
    // What exists already is left as it is: an import never edits.
    auto exists = [&](grpc::Status status, const std::string& what) {
      if (status.ok()) {
        ++unchanged;
        return true;
      }
      if (status.error_code() != grpc::NOT_FOUND) report(what, status);
      return status.error_code() != grpc::NOT_FOUND;
    };
    v1::GetProgrammeRequest get_programme;
    get_programme.set_name("programmes/" + id);
    v1::Programme out;
    if (!exists(stub->GetProgramme(c->Call().get(), get_programme, &out),
                "programme " + id)) {
      report("programme " + id,
             stub->CreateProgramme(c->Call().get(), create, &out));
    }

    for (const auto& d : root["duties"]) {
      v1::CreateDutyRequest duty;
      duty.set_parent("programmes/" + id);
      duty.set_duty_id(Text(d, "id"));
      auto* body = duty.mutable_duty();
      body->set_section(Text(d, "section"));
      body->set_title(Text(d, "title"));
      body->set_description(Text(d, "description"));
      if (!Text(d, "lead").empty())
        body->set_lead_agency(AgencyNameFromInput(Text(d, "lead")));
      for (const auto& code : d["coordinators"]) {
        body->add_coordinating_agencies(
            AgencyNameFromInput(code.as<std::string>()));
      }
      if (!Text(d, "group").empty())
        body->set_group(GroupNameFromInput(Text(d, "group")));
      *body->mutable_schedule() = ScheduleOf(d["schedule"]);
      body->set_lead_time_days(d["lead_time_days"].as<int>(0));
      body->set_submitted_through_coordinator(
          d["submitted_through_coordinator"].as<bool>(false));
      duty.set_request_id(ImportId(duty));
      v1::GetDutyRequest get_duty;
      get_duty.set_name("programmes/" + id + "/duties/" + Text(d, "id"));
      v1::Duty created_duty;
      if (!exists(stub->GetDuty(c->Call().get(), get_duty, &created_duty),
                  "duty " + Text(d, "id"))) {
        report("duty " + Text(d, "id"),
               stub->CreateDuty(c->Call().get(), duty, &created_duty));
      }
    }
    if (activate && failed == 0) {
      v1::GetProgrammeRequest get;
      get.set_name("programmes/" + id);
      v1::Programme current;
      grpc::Status status = stub->GetProgramme(c->Call().get(), get, &current);
      if (status.ok() && current.state() == v1::Programme::DRAFT) {
        v1::ActivateProgrammeRequest a;
        a.set_name(get.name());
        if (!track_from.empty()) *a.mutable_track_from() = DateOf(track_from);
        a.set_request_id(ImportId(a));
        report("activation of " + id,
               stub->ActivateProgramme(c->Call().get(), a, &current));
      } else if (!status.ok()) {
        report("programme " + id, status);
      }
    }
  } catch (const YAML::Exception& e) {
    std::cerr << path << ": " << e.what() << "\n";
    return 2;
  }
  std::cout << "imported " << path << ": " << created << " created, "
            << unchanged << " unchanged, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

std::string DateText(const google::type::Date& d) {
  if (d.year() == 0) return "";
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d", d.year(), d.month(),
                d.day());
  return text;
}

std::string TimeText(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0) return "";
  return google::protobuf::util::TimeUtil::ToString(t).substr(0, 10);
}

std::string ScheduleText(const v1::Schedule& s) {
  switch (s.kind_case()) {
    case v1::Schedule::kDueDate:
      return "once, by " + DateText(s.due_date());
    case v1::Schedule::kYearly:
      return "yearly by " + std::to_string(s.yearly().day()) + "/" +
             std::to_string(s.yearly().month()) + " from " +
             std::to_string(s.yearly().first_year());
    case v1::Schedule::kEveryMonths:
      return "every " + std::to_string(s.every_months().months()) +
             " months from " + DateText(s.every_months().first_due());
    default:
      return "continuing";
  }
}

// "programmes/X" from "X" or "programmes/X".
std::string ProgrammeName(const std::string& text) {
  return text.rfind("programmes/", 0) == 0 ? text : "programmes/" + text;
}

using Stub = std::unique_ptr<v1::TasksService::Stub>;

void AddProgrammeCommands(CLI::App& app, CliContext* c) {
  auto stub = [c] { return v1::TasksService::NewStub(c->TasksChannel()); };
  auto* programmes = app.add_subcommand("programmes", "programme decisions");
  programmes->require_subcommand(1);

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
  import->add_option("--track-from", *import_track_from, kTrackFromHelp);
  import->callback([=] {
    c->exit_code = ImportProgramme(*file, *activate, *import_track_from, c);
});

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
  table.AddRow(
      {"decision", p.decision_number() + " of " + DateText(p.decision_date())});
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
    cmd->add_option("--track-from", *track_from, kTrackFromHelp);
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
}  // namespace

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

void AddDutyCommands(CLI::App& app, CliContext* c) {
  auto stub = [c] { return v1::TasksService::NewStub(c->TasksChannel()); };
  auto* duties = app.add_subcommand("duties", "what a programme asks");
  duties->require_subcommand(1);

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
  create->add_option("--due", f->due, "due once, YYYY-MM-DD");
  create->add_option("--yearly", f->yearly, "due every year on MM-DD");
  create->add_option("--first-year", f->first_year, "with --yearly");
  create->add_option("--every-months", f->every_months, "due every N months");
  create->add_option("--first-due", f->first_due, "with --every-months");
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

void PrintObligation(const v1::Obligation& o, CliContext* c) {
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", o.name()});
  table.AddRow({"agency", o.agency()});
  table.AddRow({"role", v1::Obligation::Role_Name(o.role())});
  table.AddRow({"section", o.section()});
  table.AddRow({"period", o.period()});
  table.AddRow({"due", DateText(o.due_date())});
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

void AddObligationCommands(CLI::App& app, CliContext* c) {
  auto stub = [c] { return v1::TasksService::NewStub(c->TasksChannel()); };
  auto* obligations =
      app.add_subcommand("obligations", "agencies' obligations");
  obligations->require_subcommand(1);

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

  auto* list = obligations->add_subcommand(
      "list", "an agency's (or a duty's) obligations");
  auto agency = std::make_shared<std::string>();
  auto duty = std::make_shared<std::string>();
  auto period = std::make_shared<std::string>();
  auto state = std::make_shared<std::string>();
  auto late_only = std::make_shared<bool>(false);
  list->add_option("--agency", *agency, "agency code");
  list->add_option("--duty", *duty, "programmes/{p}/duties/{d}");
  list->add_option("--period", *period, "e.g. 2025");
  list->add_option("--state", *state, "e.g. OPEN, SUBMITTED");
  list->add_flag("--late", *late_only,
                 "only those awaited past their due date");
  list->callback([=] {
    v1::ListObligationsRequest request;
    if (!agency->empty()) request.set_agency(AgencyNameFromInput(*agency));
    request.set_duty(*duty);
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
      table.AddRow({o.name(), o.agency(), o.period(), DateText(o.due_date()),
                    v1::Obligation::State_Name(o.state()),
                    o.late() ? std::to_string(o.days_late()) + " days" : ""});
    }
    c->Print(table, all);
  });
}

std::vector<std::string> RowCells(const std::string& scope,
                                  const v1::ReportRow& row) {
  char percent[16];
  std::snprintf(percent, sizeof(percent), "%.1f", row.percent_complete());
  return {scope,
          !row.key().empty()     ? row.key()
          : scope == "programme" ? "(programme)"
                                 : "(no section)",
          std::to_string(row.total()),
          std::to_string(row.open()),
          std::to_string(row.in_progress()),
          std::to_string(row.submitted()),
          std::to_string(row.accepted()),
          std::to_string(row.waived()),
          std::to_string(row.cancelled()),
          std::to_string(row.overdue()),
          std::to_string(row.submitted_late()),
          std::to_string(row.needs_reassignment()),
          percent};
}

void AddReportCommands(CLI::App& app, CliContext* c) {
  auto stub = [c] { return v1::TasksService::NewStub(c->TasksChannel()); };
  auto* report = app.add_subcommand("report", "the programme's reports");
  report->require_subcommand(1);

  auto* programme = report->add_subcommand(
      "programme",
      "by section and agency: obligations per state, overdue, percent done");
  auto programme_name = std::make_shared<std::string>();
  auto late_limit = std::make_shared<int>(10);
  auto late_only = std::make_shared<bool>(false);
  programme->add_option("name", *programme_name, "programmes/{id} or {id}")
      ->required();
  programme
      ->add_option("--late-limit", *late_limit,
                   "how many overdue obligations to list (1-1000)")
      ->capture_default_str();
  programme->add_flag("--late", *late_only,
                      "print only the overdue obligations (for -o csv)");
  programme->callback([=] {
    v1::GetProgrammeReportRequest request;
    request.set_name(ProgrammeName(*programme_name));
    request.set_late_limit(*late_limit);
    v1::ProgrammeReport r;
    grpc::Status status =
        stub()->GetProgrammeReport(c->Call().get(), request, &r);
    if (!status.ok()) return c->Fail(status);
    Table counts({"SCOPE", "KEY", "TOTAL", "OPEN", "IN_PROGRESS", "SUBMITTED",
                  "ACCEPTED", "WAIVED", "CANCELLED", "OVERDUE",
                  "SUBMITTED_LATE", "TO_REASSIGN", "PERCENT"});
    counts.AddRow(RowCells("programme", r.total()));
    for (const auto& row : r.sections())
      counts.AddRow(RowCells("section", row));
    for (const auto& row : r.agencies()) counts.AddRow(RowCells("agency", row));
    Table late({"OBLIGATION", "AGENCY", "SECTION", "DUE", "DAYS_LATE"});
    for (const auto& o : r.late()) {
      late.AddRow({o.name(), o.agency(), o.section(), DateText(o.due_date()),
                   std::to_string(o.days_late())});
    }
    if (c->format() != Format::kTable) {
      c->Print(*late_only ? late : counts, r);
      return;
    }
    std::cout << r.programme() << " as of " << DateText(r.as_of()) << "\n\n";
    if (!*late_only) {
      counts.Print(std::cout);
      std::cout << "\n";
    }
    std::cout << r.total().overdue() << " overdue";
    if (r.late_size() > 0) {
      std::cout << "; the worst " << r.late_size() << ":\n";
      late.Print(std::cout);
    } else {
      std::cout << "\n";
    }
  });

  auto* compliance = report->add_subcommand(
      "compliance",
      "who submitted a period of a duty on time, late, or not at all");
  auto compliance_duty = std::make_shared<std::string>();
  auto compliance_period = std::make_shared<std::string>();
  compliance->add_option("duty", *compliance_duty, "programmes/{p}/duties/{d}")
      ->required();
  compliance->add_option("--period", *compliance_period, "e.g. 2025")
      ->required();
  compliance->callback([=] {
    v1::GetComplianceMatrixRequest request;
    request.set_duty(*compliance_duty);
    request.set_period(*compliance_period);
    v1::ComplianceMatrix matrix;
    grpc::Status status =
        stub()->GetComplianceMatrix(c->Call().get(), request, &matrix);
    if (!status.ok()) return c->Fail(status);
    Table table(
        {"AGENCY", "OUTCOME", "DUE", "SUBMITTED", "DAYS_LATE", "STATE"});
    for (const auto& row : matrix.rows()) {
      table.AddRow({row.agency(),
                    v1::ComplianceRow::Outcome_Name(row.outcome()),
                    DateText(row.due_date()), TimeText(row.submit_time()),
                    std::to_string(row.days_late()),
                    v1::Obligation::State_Name(row.state())});
    }
    c->Print(table, matrix);
    if (c->format() == Format::kTable) {
      std::cout << matrix.on_time() << " on time, " << matrix.late()
                << " late, " << matrix.missing() << " missing, "
                << matrix.waived() << " waived, " << matrix.pending()
                << " pending\n";
    }
  });
}

}  // namespace ngoaivu::cli

void AddTasksCommands(CLI::App& app, CliContext* c) {
  AddProgrammeCommands(app, c);
  AddDutyCommands(app, c);
  AddObligationCommands(app, c);
  AddReportCommands(app, c);
}

}  // namespace ngoaivu::cli
