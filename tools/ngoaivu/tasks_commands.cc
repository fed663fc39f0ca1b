#include "tools/ngoaivu/tasks_commands.h"

#include <iostream>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/ids.h"
#include "google/protobuf/util/time_util.h"
#include "ngoaivu/tasks/v1/tasks_service.grpc.pb.h"
#include "tools/ngoaivu/registry_names.h"
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
std::string ImportId(const google::protobuf::Message& request) {
  return "import-" + Sha256Hex(request.SerializeAsString()).substr(0, 40);
}

int ImportProgramme(const std::string& path, bool activate, CliContext* c) {
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
    programme->set_issuing_body(AgencyName(Text(p, "issuing_body")));
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
      programme->mutable_signer()->set_official(OfficialName(official));
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
        body->set_lead_agency(AgencyName(Text(d, "lead")));
      for (const auto& code : d["coordinators"]) {
        body->add_coordinating_agencies(AgencyName(code.as<std::string>()));
      }
      if (!Text(d, "group").empty())
        body->set_group(GroupName(Text(d, "group")));
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
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", d.year(), d.month(),
                d.day());
  return buffer;
}

}  // namespace

void AddTasksCommands(CLI::App& app, CliContext* c) {
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
  import->callback([=] { c->exit_code = ImportProgramme(*file, *activate, c);
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
  if (c->format() == Format::kJson) {
    std::cout << ToJson(all);
    return;
  }
  Table table({"PROGRAMME", "DECISION", "DATE", "STATE", "TITLE"});
  for (const auto& p : all.programmes()) {
    table.AddRow({p.name(), p.decision_number(), DateText(p.decision_date()),
                  v1::Programme::State_Name(p.state()),
                  p.title().substr(0, 60)});
  }
  table.Print(std::cout);
});

auto* report = app.add_subcommand("report", "the programme's reports");
report->require_subcommand(1);
auto* compliance = report->add_subcommand(
    "compliance",
    "who submitted a period of a duty on time, late, or not at all");
auto compliance_duty = std::make_shared<std::string>();
auto compliance_period = std::make_shared<std::string>();
compliance->add_option("duty", *compliance_duty, "programmes/{p}/duties/{d}")
    ->required();
compliance->add_option("--period", *compliance_period, "e.g. 2025")->required();
compliance->callback([=] {
  v1::GetComplianceMatrixRequest request;
  request.set_duty(*compliance_duty);
  request.set_period(*compliance_period);
  v1::ComplianceMatrix matrix;
  grpc::Status status =
      stub()->GetComplianceMatrix(c->Call().get(), request, &matrix);
  if (!status.ok()) return c->Fail(status);
  if (c->format() == Format::kJson) {
    std::cout << ToJson(matrix);
    return;
  }
  const bool csv = c->output == "csv";
  if (csv) std::cout << "agency,outcome,due_date,submitted,days_late,state\n";
  Table table({"AGENCY", "OUTCOME", "DUE", "SUBMITTED", "DAYS LATE"});
  for (const auto& row : matrix.rows()) {
    const std::string submitted =
        row.has_submit_time()
            ? google::protobuf::util::TimeUtil::ToString(row.submit_time())
                  .substr(0, 10)
            : "";
    const std::string outcome = v1::ComplianceRow::Outcome_Name(row.outcome());
    if (csv) {
      std::cout << row.agency() << "," << outcome << ","
                << DateText(row.due_date()) << "," << submitted << ","
                << row.days_late() << ","
                << v1::Obligation::State_Name(row.state()) << "\n";
    } else {
      table.AddRow(
          {row.agency(), outcome, DateText(row.due_date()), submitted,
           row.days_late() > 0 ? std::to_string(row.days_late()) : ""});
    }
  }
  if (csv) return;
  table.Print(std::cout);
  std::cout << matrix.on_time() << " on time, " << matrix.late() << " late, "
            << matrix.missing() << " missing, " << matrix.waived()
            << " waived, " << matrix.pending() << " pending\n";
});

auto* obligations = app.add_subcommand("obligations", "agencies' obligations");
obligations->require_subcommand(1);
auto print_obligation = [c](const v1::Obligation& o) {
  if (c->format() == Format::kJson) {
    std::cout << ToJson(o);
    return;
  }
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", o.name()});
  table.AddRow({"agency", o.agency()});
  table.AddRow({"role", v1::Obligation::Role_Name(o.role())});
  table.AddRow({"period", o.period()});
  table.AddRow({"due", DateText(o.due_date())});
  table.AddRow({"state", v1::Obligation::State_Name(o.state())});
  table.AddRow({"percent", std::to_string(o.percent_complete())});
  if (o.late()) table.AddRow({"late", std::to_string(o.days_late()) + " days"});
  if (!o.state_reason().empty()) table.AddRow({"reason", o.state_reason()});
  table.AddRow({"etag", o.etag()});
  table.Print(std::cout);
};
auto* get = obligations->add_subcommand("get", "show one obligation");
auto get_name = std::make_shared<std::string>();
get->add_option("name", *get_name, "programmes/{p}/duties/{d}/obligations/{o}")
    ->required();
get->callback([=] {
  v1::GetObligationRequest request;
  request.set_name(*get_name);
  v1::Obligation o;
  grpc::Status status = stub()->GetObligation(c->Call().get(), request, &o);
  if (!status.ok()) return c->Fail(status);
  print_obligation(o);
});
// The transitions, each its own verb.
for (const char* verb : {"start", "submit", "accept", "return", "waive"}) {
  const std::string name(verb);
  const bool needs_reason = name == "return" || name == "waive";
  auto* cmd = obligations->add_subcommand(name, name + " an obligation");
  auto target = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto etag = std::make_shared<std::string>();
  cmd->add_option("name", *target, "programmes/{p}/duties/{d}/obligations/{o}")
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
    grpc::Status status =
        name == "start"    ? s->StartObligation(c->Call().get(), request, &o)
        : name == "submit" ? s->SubmitObligation(c->Call().get(), request, &o)
        : name == "accept" ? s->AcceptObligation(c->Call().get(), request, &o)
        : name == "return" ? s->ReturnObligation(c->Call().get(), request, &o)
                           : s->WaiveObligation(c->Call().get(), request, &o);
    if (!status.ok()) return c->Fail(status);
    print_obligation(o);
  });
}
auto* report_cmd =
    obligations->add_subcommand("report", "file a progress report");
auto report_target = std::make_shared<std::string>();
auto report_text = std::make_shared<std::string>();
auto report_percent = std::make_shared<int>(0);
auto report_links = std::make_shared<std::vector<std::string>>();
report_cmd->add_option("name", *report_target, "the obligation")->required();
report_cmd->add_option("--text", *report_text, "what was done")->required();
report_cmd->add_option("--percent", *report_percent, "0-100")->required();
report_cmd->add_option("--link", *report_links,
                       "link to a document (repeatable)");
report_cmd->callback([=] {
  v1::CreateProgressReportRequest request;
  request.set_parent(*report_target);
  request.mutable_report()->set_text(*report_text);
  request.mutable_report()->set_percent_complete(*report_percent);
  for (const auto& link : *report_links)
    request.mutable_report()->add_document_links(link);
  request.set_request_id(c->NextRequestId());
  v1::ProgressReport report;
  grpc::Status status =
      stub()->CreateProgressReport(c->Call().get(), request, &report);
  if (!status.ok()) return c->Fail(status);
  if (c->format() == Format::kJson) {
    std::cout << ToJson(report);
  } else {
    std::cout << report.name() << "  " << report.percent_complete() << "%\n";
  }
});

auto* list = obligations->add_subcommand(
    "list", "an agency's (or a duty's) obligations");
auto agency = std::make_shared<std::string>();
auto duty = std::make_shared<std::string>();
auto period = std::make_shared<std::string>();
list->add_option("--agency", *agency, "agency code");
list->add_option("--duty", *duty, "programmes/{p}/duties/{d}");
list->add_option("--period", *period, "e.g. 2025");
auto late_only = std::make_shared<bool>(false);
list->add_flag("--late", *late_only, "only those awaited past their due date");
list->callback([=] {
  v1::ListObligationsRequest request;
  if (!agency->empty()) request.set_agency(AgencyName(*agency));
  request.set_duty(*duty);
  request.set_period(*period);
  request.set_late(*late_only);
  v1::ListObligationsResponse all;
  auto s = stub();
  grpc::Status status = c->ListAll(
      request,
      [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
        return s->ListObligations(ctx, r, page);
      },
      &all);
  if (!status.ok()) return c->Fail(status);
  if (c->format() == Format::kJson) {
    std::cout << ToJson(all);
    return;
  }
  Table table({"OBLIGATION", "AGENCY", "PERIOD", "DUE", "STATE", "LATE"});
  for (const auto& o : all.obligations()) {
    table.AddRow({o.name(), o.agency(), o.period(), DateText(o.due_date()),
                  v1::Obligation::State_Name(o.state()),
                  o.late() ? std::to_string(o.days_late()) + " days" : ""});
  }
  table.Print(std::cout);
});
}  // namespace ngoaivu::cli

}  // namespace ngoaivu::cli
