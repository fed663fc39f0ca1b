#include "tools/ngoaivu/registry_import.h"

#include <functional>
#include <map>
#include <set>

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

  void Agency(const YAML::Node& node) {
    v1::Agency wanted;
    const std::string code = Text(node, "code");
    wanted.set_display_name(Text(node, "display_name"));
    wanted.set_english_name(Text(node, "english_name"));
    v1::Agency::Kind kind = v1::Agency::KIND_UNSPECIFIED;
    if (!ParseEnum(v1::Agency::Kind_descriptor(), Text(node, "kind"), &kind)) {
      err_ << "agency " << code << ": unknown kind '" << Text(node, "kind")
           << "'\n";
      ++counts_.failed;
      return;
    }
    wanted.set_kind(kind);
    wanted.set_parent(AgencyNameFromInput(Text(node, "parent")));
    if (const YAML::Node contact = node["contact"]) {
      wanted.mutable_contact()->set_address(Text(contact, "address"));
      wanted.mutable_contact()->set_phone(Text(contact, "phone"));
      wanted.mutable_contact()->set_email(Text(contact, "email"));
      wanted.mutable_contact()->set_website(Text(contact, "website"));
    }

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

  void Group(const YAML::Node& node) {
    const std::string id = Text(node, "id");
    v1::GetAgencyGroupRequest get;
    get.set_name(GroupNameFromInput(id));
    v1::AgencyGroup current;
    grpc::Status status =
        stub_.GetAgencyGroup(context_.Call().get(), get, &current);
    if (status.error_code() == grpc::NOT_FOUND) {
      v1::CreateAgencyGroupRequest create;
      create.set_group_id(id);
      create.mutable_group()->set_display_name(Text(node, "display_name"));
      create.mutable_group()->set_description(Text(node, "description"));
      create.set_request_id(ImportRequestId(create));
      status = stub_.CreateAgencyGroup(context_.Call().get(), create, &current);
      Count("group " + id, status, true);
      if (!status.ok()) return;
    } else if (!status.ok()) {
      return Fail("group " + id, status);
    } else if (current.display_name() != Text(node, "display_name") ||
               current.description() != Text(node, "description")) {
      v1::UpdateAgencyGroupRequest update;
      update.mutable_group()->set_name(current.name());
      update.mutable_group()->set_display_name(Text(node, "display_name"));
      update.mutable_group()->set_description(Text(node, "description"));
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
    for (const auto& member : node["members"]) {
      const std::string name = AgencyNameFromInput(member.as<std::string>());
      if (members.count(name) == 0) add.add_agencies(name);
    }
    if (add.agencies_size() == 0) return;
    add.set_request_id(ImportRequestId(add));
    v1::AgencyGroup updated;
    Count("members of group " + id,
          stub_.AddAgencyGroupMembers(context_.Call().get(), add, &updated),
          false);
  }

  void Official(const YAML::Node& node) {
    const std::string agency = Text(node, "agency");
    const std::string id = Text(node, "id");
    v1::GetOfficialRequest get;
    get.set_name(
        OfficialName({AgencyCodeOfResource(AgencyNameFromInput(agency)), id}));
    v1::Official current;
    grpc::Status status =
        stub_.GetOfficial(context_.Call().get(), get, &current);
    if (status.ok()) {
      ++counts_.unchanged;
      return;
    }
    if (status.error_code() != grpc::NOT_FOUND) return Fail(get.name(), status);
    v1::CreateOfficialRequest create;
    create.set_parent(AgencyNameFromInput(agency));
    create.set_official_id(id);
    create.mutable_official()->set_full_name(Text(node, "full_name"));
    create.mutable_official()->set_position(Text(node, "position"));
    create.mutable_official()->set_email(Text(node, "email"));
    create.mutable_official()->set_phone(Text(node, "phone"));
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
        place(Text(by_code[code], "parent"), depth + 1);
        if (placed.insert(code).second) sorted.push_back(by_code[code]);
      };
  for (const auto& code : order) place(code, 0);
  return sorted;
}

}  // namespace

int ImportRegistryFile(const std::string& path,
                       registry::v1::RegistryService::StubInterface& stub,
                       const CliContext& context, std::ostream& out,
                       std::ostream& err) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    err << path << ": " << e.what() << "\n";
    return 2;
  }
  Importer importer(stub, context, err);
  try {
    for (const auto& agency : ParentsFirst(root["agencies"]))
      importer.Agency(agency);
    for (const auto& group : root["groups"]) importer.Group(group);
    for (const auto& official : root["officials"]) importer.Official(official);
  } catch (const YAML::Exception& e) {
    err << path << ": " << e.what() << "\n";
    return 2;
  }
  const Counts& c = importer.counts();
  out << "imported " << path << ": " << c.created << " created, " << c.updated
      << " updated, " << c.unchanged << " unchanged, " << c.failed
      << " failed\n";
  return c.failed == 0 ? 0 : 1;
}

}  // namespace ngoaivu::cli
