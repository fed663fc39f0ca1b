#include "tools/ngoaivu/programme_import.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "common/ids.h"
#include "common/registry_names.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/tasks_cli.h"
#include "yaml-cpp/yaml.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::tasks::v1;

std::string Text(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.as<std::string>() : "";
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

v1::CreateProgrammeRequest ProgrammeOf(const YAML::Node& p) {
  v1::CreateProgrammeRequest create;
  create.set_programme_id(Text(p, "id"));
  auto* programme = create.mutable_programme();
  programme->set_decision_number(Text(p, "decision_number"));
  *programme->mutable_decision_date() = DateOf(Text(p, "decision_date"));
  programme->set_issuing_body(AgencyNameFromInput(Text(p, "issuing_body")));
  programme->set_title(Text(p, "title"));
  programme->set_implements(Text(p, "implements"));
  v1::Signer* signer = programme->mutable_signer();
  signer->set_full_name(Text(p["signer"], "full_name"));
  signer->set_position(Text(p["signer"], "position"));
  for (const auto& capacity : p["signer"]["capacities"]) {
    v1::Signer::Capacity value;
    if (ParseEnum(v1::Signer::Capacity_descriptor(), capacity.as<std::string>(),
                  &value)) {
      signer->add_capacities(value);
    }
  }
  const std::string official = Text(p["signer"], "official");
  if (!official.empty()) signer->set_official(OfficialNameFromInput(official));
  AddSections(p["sections"], programme->mutable_sections());
  create.set_request_id(ImportId(create));
  return create;
}

v1::CreateDutyRequest DutyOf(const YAML::Node& d, const std::string& id) {
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
  return duty;
}

// One import run: what it created, found in place, or failed to do.
class ProgrammeImport {
 public:
  explicit ProgrammeImport(CliContext* c) : c_(c), stub_(TasksStub(c)) {}

  void Run(const ProgrammeFile& file, bool activate,
           const std::string& track_from) {
    const v1::CreateProgrammeRequest& programme = file.programme;
    const std::string id = programme.programme_id();
    v1::GetProgrammeRequest get;
    get.set_name("programmes/" + id);
    v1::Programme out;
    if (!Exists(stub_->GetProgramme(c_->Call().get(), get, &out),
                "programme " + id)) {
      Count("programme " + id,
            stub_->CreateProgramme(c_->Call().get(), programme, &out));
    }
    for (const v1::CreateDutyRequest& duty : file.duties) {
      v1::GetDutyRequest get_duty;
      get_duty.set_name(get.name() + "/duties/" + duty.duty_id());
      v1::Duty created;
      if (!Exists(stub_->GetDuty(c_->Call().get(), get_duty, &created),
                  "duty " + duty.duty_id())) {
        Count("duty " + duty.duty_id(),
              stub_->CreateDuty(c_->Call().get(), duty, &created));
      }
    }
    if (activate && failed_ == 0) Activate(get.name(), track_from);
  }

  int Finish(const std::string& path) const {
    std::cout << "imported " << path << ": " << created_ << " created, "
              << unchanged_ << " unchanged, " << failed_ << " failed\n";
    return failed_ == 0 ? 0 : 1;
  }

 private:
  void Activate(const std::string& name, const std::string& track_from) {
    v1::GetProgrammeRequest get;
    get.set_name(name);
    v1::Programme current;
    grpc::Status status = stub_->GetProgramme(c_->Call().get(), get, &current);
    if (!status.ok()) return Count(name, status);
    if (current.state() != v1::Programme::DRAFT) return;
    v1::ActivateProgrammeRequest activate;
    activate.set_name(name);
    if (!track_from.empty()) {
      *activate.mutable_track_from() = DateOf(track_from);
    }
    activate.set_request_id(ImportId(activate));
    // The programme's text is a record; putting it in force is today's act,
    // and the obligations it opens are heard of.
    const bool backfill = c_->backfill;
    c_->backfill = false;
    Count("activation of " + name,
          stub_->ActivateProgramme(c_->Call().get(), activate, &current));
    c_->backfill = backfill;
  }

  void Count(const std::string& what, const grpc::Status& status) {
    if (status.ok()) {
      ++created_;
    } else if (status.error_code() == grpc::ALREADY_EXISTS) {
      ++unchanged_;
    } else {
      std::cerr << what << ": ";
      PrintError(status, std::cerr);
      ++failed_;
    }
  }

  // What exists already is left as it is: an import never edits.
  bool Exists(const grpc::Status& status, const std::string& what) {
    if (status.ok()) {
      ++unchanged_;
      return true;
    }
    if (status.error_code() != grpc::NOT_FOUND) Count(what, status);
    return status.error_code() != grpc::NOT_FOUND;
  }

  CliContext* c_;
  std::unique_ptr<v1::TasksService::Stub> stub_;
  int created_ = 0, unchanged_ = 0, failed_ = 0;
};

}  // namespace

absl::StatusOr<ProgrammeFile> ParseProgrammeFile(const std::string& yaml) {
  try {
    const YAML::Node root = YAML::Load(yaml);
    ProgrammeFile file;
    file.programme = ProgrammeOf(root["programme"]);
    for (const auto& d : root["duties"]) {
      file.duties.push_back(DutyOf(d, file.programme.programme_id()));
    }
    return file;
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(e.what());
  }
}

int ImportProgramme(const std::string& path, bool activate,
                    const std::string& track_from, CliContext* c) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto file = ParseProgrammeFile(text.str());
  if (!in || !file.ok()) {
    std::cerr << path << ": "
              << (in ? std::string(file.status().message()) : "cannot read")
              << "\n";
    return 2;
  }
  // A decision's text is a record of the past; its activation is not.
  c->backfill = true;
  ProgrammeImport import(c);
  import.Run(*file, activate, track_from);
  return import.Finish(path);
}

}  // namespace ngoaivu::cli
