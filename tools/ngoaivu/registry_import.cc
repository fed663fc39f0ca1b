#include "tools/ngoaivu/registry_import.h"

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/strip.h"
#include "common/ids.h"
#include "common/registry_names.h"
#include "google/protobuf/util/message_differencer.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/output.h"
#include "yaml-cpp/yaml.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::registry::v1;

struct Counts {
  int created = 0, updated = 0, unchanged = 0, failed = 0;
};

std::string Text(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.as<std::string>() : "";
}

// A request id derived from the request itself: re-running an interrupted
// import replays what already happened instead of acting twice.
std::string ImportRequestId(const google::protobuf::Message& request) {
  return "import-" + Sha256Hex(request.SerializeAsString()).substr(0, 40);
}

class Importer {
 public:
  Importer(v1::RegistryService::StubInterface& stub, const CliContext& context,
           std::ostream& err)
      : stub_(stub), context_(context), err_(err) {}

  void Agency(const RegistryFile::AgencyEntry& entry) {
    const std::string& code = entry.code;
    if (!entry.problem.empty()) {
      err_ << "agency " << code << ": " << entry.problem << "\n";
      ++counts_.failed;
      return;
    }
    const v1::Agency& wanted = entry.agency;
    v1::GetAgencyRequest get;
    get.set_name(AgencyNameFromInput(code));
    v1::Agency current;
    grpc::Status status = stub_.GetAgency(context_.Call().get(), get, &current);
    if (status.error_code() == grpc::NOT_FOUND) {
      v1::CreateAgencyRequest create;
      create.set_agency_id(code);
      *create.mutable_agency() = wanted;
      create.set_request_id(ImportRequestId(create));
      v1::Agency created;
      Count("agency " + code,
            stub_.CreateAgency(context_.Call().get(), create, &created), true);
      return;
    }
    if (!status.ok()) return Fail("agency " + code, status);
    v1::UpdateAgencyRequest update;
    auto* mask = update.mutable_update_mask();
    auto* a = update.mutable_agency();
    a->set_name(current.name());
    a->set_etag(current.etag());
    if (current.display_name() != wanted.display_name()) {
      a->set_display_name(wanted.display_name());
      mask->add_paths("display_name");
    }
    if (current.english_name() != wanted.english_name()) {
      a->set_english_name(wanted.english_name());
      mask->add_paths("english_name");
    }
    if (current.kind() != wanted.kind()) {
      a->set_kind(wanted.kind());
      mask->add_paths("kind");
    }
    if (current.parent() != wanted.parent()) {
      a->set_parent(wanted.parent());
      mask->add_paths("parent");
    }
    if (!google::protobuf::util::MessageDifferencer::Equals(current.contact(),
                                                            wanted.contact())) {
      *a->mutable_contact() = wanted.contact();
      mask->add_paths("contact");
    }
    if (mask->paths_size() == 0 || current.state() != v1::Agency::ACTIVE) {
      ++counts_.unchanged;  // an ended agency is history: never revived
      return;
    }
    update.set_request_id(ImportRequestId(update));
    v1::Agency updated;
    Count("agency " + code,
          stub_.UpdateAgency(context_.Call().get(), update, &updated), false);
  }

  void Group(const RegistryFile::GroupEntry& entry) {
    const std::string& id = entry.id;
    v1::GetAgencyGroupRequest get;
    get.set_name(GroupNameFromInput(id));
    v1::AgencyGroup current;
    grpc::Status status =
        stub_.GetAgencyGroup(context_.Call().get(), get, &current);
    if (status.error_code() == grpc::NOT_FOUND) {
      v1::CreateAgencyGroupRequest create;
      create.set_group_id(id);
      create.mutable_group()->set_display_name(entry.display_name);
      create.mutable_group()->set_description(entry.description);
      create.set_request_id(ImportRequestId(create));
      status = stub_.CreateAgencyGroup(context_.Call().get(), create, &current);
      Count("group " + id, status, true);
      if (!status.ok()) return;
    } else if (!status.ok()) {
      return Fail("group " + id, status);
    } else if (current.display_name() != entry.display_name ||
               current.description() != entry.description) {
      v1::UpdateAgencyGroupRequest update;
      update.mutable_group()->set_name(current.name());
      update.mutable_group()->set_display_name(entry.display_name);
      update.mutable_group()->set_description(entry.description);
      update.mutable_update_mask()->add_paths("display_name");
      update.mutable_update_mask()->add_paths("description");
      update.set_request_id(ImportRequestId(update));
      status = stub_.UpdateAgencyGroup(context_.Call().get(), update, &current);
      Count("group " + id, status, false);
      if (!status.ok()) return;
    } else {
      ++counts_.unchanged;
    }
    const std::set<std::string> members(current.members().begin(),
                                        current.members().end());
    v1::AddAgencyGroupMembersRequest add;
    add.set_group(current.name());
    for (const std::string& name : entry.members) {
      if (members.count(name) == 0) add.add_agencies(name);
    }
    if (add.agencies_size() == 0) return;
    add.set_request_id(ImportRequestId(add));
    v1::AgencyGroup updated;
    Count("members of group " + id,
          stub_.AddAgencyGroupMembers(context_.Call().get(), add, &updated),
          false);
  }

  void Official(const RegistryFile::OfficialEntry& entry) {
    v1::GetOfficialRequest get;
    get.set_name(OfficialName({AgencyCodeOfResource(entry.agency), entry.id}));
    v1::Official current;
    grpc::Status status =
        stub_.GetOfficial(context_.Call().get(), get, &current);
    if (status.ok()) {
      ++counts_.unchanged;
      return;
    }
    if (status.error_code() != grpc::NOT_FOUND) return Fail(get.name(), status);
    v1::CreateOfficialRequest create;
    create.set_parent(entry.agency);
    create.set_official_id(entry.id);
    *create.mutable_official() = entry.official;
    create.set_request_id(ImportRequestId(create));
    v1::Official created;
    Count(get.name(),
          stub_.CreateOfficial(context_.Call().get(), create, &created), true);
  }

  const Counts& counts() const { return counts_; }

 private:
  void Count(const std::string& what, const grpc::Status& status,
             bool created) {
    if (!status.ok()) return Fail(what, status);
    ++(created ? counts_.created : counts_.updated);
  }
  void Fail(const std::string& what, const grpc::Status& status) {
    err_ << what << ": ";
    PrintError(status, err_);
    ++counts_.failed;
  }

  v1::RegistryService::StubInterface& stub_;
  const CliContext& context_;
  std::ostream& err_;
  Counts counts_;
};

// The code an agency's `parent` names (a code or an agency name).
std::string ParentCode(const YAML::Node& agency) {
  return std::string(absl::StripPrefix(
      AgencyNameFromInput(Text(agency, "parent")), "agencies/"));
}

// Parents first: an agency is imported after the agency it belongs to.
std::vector<YAML::Node> ParentsFirst(const YAML::Node& agencies) {
  std::map<std::string, YAML::Node> by_code;
  std::vector<std::string> order;
  for (const auto& a : agencies) {
    by_code[Text(a, "code")] = YAML::Node(a);
    order.push_back(Text(a, "code"));
  }
  std::vector<YAML::Node> sorted;
  std::set<std::string> placed;
  std::function<void(const std::string&, int)> place =
      [&](const std::string& code, int depth) {
        if (placed.count(code) || !by_code.count(code) || depth > 64) return;
        place(ParentCode(by_code[code]), depth + 1);
        if (placed.insert(code).second) sorted.push_back(by_code[code]);
      };
  for (const auto& code : order) place(code, 0);
  return sorted;
}

RegistryFile::AgencyEntry AgencyOf(const YAML::Node& node) {
  RegistryFile::AgencyEntry entry;
  entry.code = Text(node, "code");
  v1::Agency& a = entry.agency;
  a.set_display_name(Text(node, "display_name"));
  a.set_english_name(Text(node, "english_name"));
  v1::Agency::Kind kind = v1::Agency::KIND_UNSPECIFIED;
  if (!ParseEnum(v1::Agency::Kind_descriptor(), Text(node, "kind"), &kind)) {
    entry.problem = "unknown kind '" + Text(node, "kind") + "'";
  }
  a.set_kind(kind);
  a.set_parent(AgencyNameFromInput(Text(node, "parent")));
  if (const YAML::Node contact = node["contact"]) {
    a.mutable_contact()->set_address(Text(contact, "address"));
    a.mutable_contact()->set_phone(Text(contact, "phone"));
    a.mutable_contact()->set_email(Text(contact, "email"));
    a.mutable_contact()->set_website(Text(contact, "website"));
  }
  return entry;
}

RegistryFile::GroupEntry GroupOf(const YAML::Node& node) {
  RegistryFile::GroupEntry entry;
  entry.id = Text(node, "id");
  entry.display_name = Text(node, "display_name");
  entry.description = Text(node, "description");
  for (const auto& member : node["members"]) {
    entry.members.push_back(AgencyNameFromInput(member.as<std::string>()));
  }
  return entry;
}

RegistryFile::OfficialEntry OfficialOf(const YAML::Node& node) {
  RegistryFile::OfficialEntry entry;
  entry.agency = AgencyNameFromInput(Text(node, "agency"));
  entry.id = Text(node, "id");
  entry.official.set_full_name(Text(node, "full_name"));
  entry.official.set_position(Text(node, "position"));
  entry.official.set_email(Text(node, "email"));
  entry.official.set_phone(Text(node, "phone"));
  return entry;
}

}  // namespace

absl::StatusOr<RegistryFile> ParseRegistryFile(const std::string& yaml) {
  RegistryFile file;
  try {
    const YAML::Node root = YAML::Load(yaml);
    if (!root.IsMap()) {
      return absl::InvalidArgumentError(
          "not a map of agencies, groups, officials");
    }
    for (const auto& agency : ParentsFirst(root["agencies"]))
      file.agencies.push_back(AgencyOf(agency));
    for (const auto& group : root["groups"])
      file.groups.push_back(GroupOf(group));
    for (const auto& official : root["officials"])
      file.officials.push_back(OfficialOf(official));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(e.what());
  }
  return file;
}

int ImportRegistryFile(const std::string& path,
                       registry::v1::RegistryService::StubInterface& stub,
                       const CliContext& context, std::ostream& out,
                       std::ostream& err) {
  std::ifstream in(path);
  if (!in) {
    err << path << ": cannot be read\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto file = ParseRegistryFile(text.str());
  if (!file.ok()) {
    err << path << ": " << file.status().message() << "\n";
    return 2;
  }
  Importer importer(stub, context, err);
  for (const auto& agency : file->agencies) importer.Agency(agency);
  for (const auto& group : file->groups) importer.Group(group);
  for (const auto& official : file->officials) importer.Official(official);
  const Counts& c = importer.counts();
  out << "imported " << path << ": " << c.created << " created, " << c.updated
      << " updated, " << c.unchanged << " unchanged, " << c.failed
      << " failed\n";
  return c.failed == 0 ? 0 : 1;
}

}  // namespace ngoaivu::cli
