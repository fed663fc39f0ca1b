// `ngoaivu groups ...`: list, get, create, update, add/remove members.
#include <array>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/registry_names.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/registry_cli.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::registry::v1;

void PrintGroup(CliContext* c, const v1::AgencyGroup& g) {
  if (c->IsJson()) {
    std::cout << c->Json(g);
    return;
  }
  std::cout << g.name() << "  " << g.display_name() << "\n";
  if (!g.description().empty()) std::cout << g.description() << "\n";
  std::cout << g.members_size() << " members:";
  for (const auto& m : g.members()) std::cout << " " << Code(m);
  std::cout << "\n";
}

void AddGroupsList(CLI::App* groups, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
  groups->add_subcommand("list", "list groups")->callback([=] {
    v1::ListAgencyGroupsResponse merged;
    auto s = stub();
    grpc::Status status = c->ListAll(
        v1::ListAgencyGroupsRequest(),
        [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
          return s->ListAgencyGroups(ctx, r, page);
        },
        &merged);
    if (!status.ok()) return c->Fail(status);
    if (c->IsJson()) {
      std::cout << c->Json(merged);
      return;
    }
    Table table({"GROUP", "MEMBERS", "NAME"});
    for (const auto& g : merged.groups()) {
      table.AddRow(
          {Code(g.name()), std::to_string(g.members_size()), g.display_name()});
    }
    c->Print(table, merged);
  });
}

void AddGroupsGet(CLI::App* groups, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
  auto* group_get =
      groups->add_subcommand("get", "show a group and its members");
  auto group_id = std::make_shared<std::string>();
  group_get->add_option("id", *group_id, "group id")->required();
  group_get->callback([=] {
    v1::GetAgencyGroupRequest request;
    request.set_name(GroupNameFromInput(*group_id));
    v1::AgencyGroup group;
    grpc::Status status =
        stub()->GetAgencyGroup(c->Call().get(), request, &group);
    if (!status.ok()) return c->Fail(status);
    PrintGroup(c, group);
  });
}

void AddGroupsCreate(CLI::App* groups, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
  auto* group_create =
      groups->add_subcommand("create", "create an empty group");
  auto create_id = std::make_shared<std::string>();
  auto create_name = std::make_shared<std::string>();
  auto create_description = std::make_shared<std::string>();
  group_create->add_option("id", *create_id, "new id, e.g. border-districts")
      ->required();
  group_create->add_option("--name", *create_name, "Vietnamese name")
      ->required();
  group_create->add_option("--description", *create_description, "description");
  group_create->callback([=] {
    v1::CreateAgencyGroupRequest request;
    request.set_group_id(*create_id);
    request.mutable_group()->set_display_name(*create_name);
    request.mutable_group()->set_description(*create_description);
    request.set_request_id(c->NextRequestId());
    v1::AgencyGroup group;
    grpc::Status status =
        stub()->CreateAgencyGroup(c->Call().get(), request, &group);
    if (!status.ok()) return c->Fail(status);
    PrintGroup(c, group);
  });
}

void AddGroupsUpdate(CLI::App* groups, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
  auto* group_update =
      groups->add_subcommand("update", "rename or describe a group");
  auto update_id = std::make_shared<std::string>();
  auto update_name = std::make_shared<std::string>();
  auto update_description = std::make_shared<std::string>();
  group_update->add_option("id", *update_id, "group id")->required();
  group_update->add_option("--name", *update_name, "Vietnamese name");
  group_update->add_option("--description", *update_description, "description");
  group_update->callback([=] {
    v1::UpdateAgencyGroupRequest request;
    request.mutable_group()->set_name(GroupNameFromInput(*update_id));
    if (group_update->count("--name")) {
      request.mutable_group()->set_display_name(*update_name);
      request.mutable_update_mask()->add_paths("display_name");
    }
    if (group_update->count("--description")) {
      request.mutable_group()->set_description(*update_description);
      request.mutable_update_mask()->add_paths("description");
    }
    request.set_request_id(c->NextRequestId());
    v1::AgencyGroup group;
    grpc::Status status =
        stub()->UpdateAgencyGroup(c->Call().get(), request, &group);
    if (!status.ok()) return c->Fail(status);
    PrintGroup(c, group);
  });
}

void AddGroupsMembership(CLI::App* groups, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
  for (const bool adding : {true, false}) {
    auto* cmd = groups->add_subcommand(
        adding ? "add" : "remove",
        adding ? "add agencies to a group" : "remove agencies from a group");
    auto id = std::make_shared<std::string>();
    auto codes = std::make_shared<std::vector<std::string>>();
    cmd->add_option("id", *id, "group id")->required();
    cmd->add_option("codes", *codes, "agency codes")->required();
    cmd->callback([=] {
      v1::AgencyGroup group;
      grpc::Status status;
      if (adding) {
        v1::AddAgencyGroupMembersRequest request;
        request.set_group(GroupNameFromInput(*id));
        for (const auto& code : *codes)
          request.add_agencies(AgencyNameFromInput(code));
        request.set_request_id(c->NextRequestId());
        status =
            stub()->AddAgencyGroupMembers(c->Call().get(), request, &group);
      } else {
        v1::RemoveAgencyGroupMembersRequest request;
        request.set_group(GroupNameFromInput(*id));
        for (const auto& code : *codes)
          request.add_agencies(AgencyNameFromInput(code));
        request.set_request_id(c->NextRequestId());
        status =
            stub()->RemoveAgencyGroupMembers(c->Call().get(), request, &group);
      }
      if (!status.ok()) return c->Fail(status);
      PrintGroup(c, group);
    });
  }
}

}  // namespace

void AddGroupCommands(CLI::App& app, CliContext* c) {
  auto* groups = app.add_subcommand("groups", "groups of agencies");
  groups->require_subcommand(1);
  AddGroupsList(groups, c);
  AddGroupsGet(groups, c);
  AddGroupsCreate(groups, c);
  AddGroupsUpdate(groups, c);
  AddGroupsMembership(groups, c);
}

}  // namespace ngoaivu::cli
