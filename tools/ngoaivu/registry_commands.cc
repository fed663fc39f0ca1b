#include "tools/ngoaivu/registry_commands.h"

#include <array>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "common/registry_names.h"
#include "google/protobuf/util/time_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/registry_import.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::registry::v1;

std::string KindText(int kind) {
  return EnumText(v1::Agency::Kind_descriptor(), kind);
}
std::string StateText(int state) {
  return EnumText(v1::Agency::State_descriptor(), state);
}
std::string EnumChoices(const google::protobuf::EnumDescriptor* d) {
  std::string out;
  for (int i = 1; i < d->value_count(); ++i) {
    out += (out.empty() ? "" : ", ") + EnumText(d, d->value(i)->number());
  }
  return out;
}

std::string Code(const std::string& agency_name) {
  return agency_name.empty() ? ""
                             : agency_name.substr(agency_name.find('/') + 1);
}

void PrintAgencies(const std::vector<v1::Agency>& agencies) {
  Table table({"CODE", "KIND", "STATE", "PARENT", "NAME"});
  for (const auto& a : agencies) {
    std::string state = StateText(a.state());
    if (!a.successor().empty()) state += " → " + Code(a.successor());
    table.AddRow({Code(a.name()), KindText(a.kind()), state, Code(a.parent()),
                  a.display_name()});
  }
  table.Print(std::cout);
}

void PrintAgency(CliContext* c, const v1::Agency& a) {
  if (c->format() == Format::kJson) {
    std::cout << ToJson(a);
    return;
  }
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", a.name()});
  table.AddRow({"display_name", a.display_name()});
  table.AddRow({"english_name", a.english_name()});
  table.AddRow({"kind", KindText(a.kind())});
  table.AddRow({"state", StateText(a.state())});
  if (!a.parent().empty()) table.AddRow({"parent", a.parent()});
  if (!a.successor().empty()) table.AddRow({"successor", a.successor()});
  if (!a.end_reason().empty()) table.AddRow({"end_reason", a.end_reason()});
  if (!a.contact().address().empty())
    table.AddRow({"address", a.contact().address()});
  if (!a.contact().phone().empty())
    table.AddRow({"phone", a.contact().phone()});
  if (!a.contact().email().empty())
    table.AddRow({"email", a.contact().email()});
  if (!a.contact().website().empty())
    table.AddRow({"website", a.contact().website()});
  table.AddRow({"etag", a.etag()});
  table.Print(std::cout);
}

void PrintGroup(CliContext* c, const v1::AgencyGroup& g) {
  if (c->format() == Format::kJson) {
    std::cout << ToJson(g);
    return;
  }
  std::cout << g.name() << "  " << g.display_name() << "\n";
  if (!g.description().empty()) std::cout << g.description() << "\n";
  std::cout << g.members_size() << " members:";
  for (const auto& m : g.members()) std::cout << " " << Code(m);
  std::cout << "\n";
}

void PrintOfficials(const std::vector<v1::Official>& officials) {
  Table table({"NAME", "FULL NAME", "POSITION", "STATE"});
  for (const auto& o : officials) {
    table.AddRow({o.name(), o.full_name(), o.position(),
                  EnumText(v1::Official::State_descriptor(), o.state())});
  }
  table.Print(std::cout);
}

void PrintOfficial(CliContext* c, const v1::Official& official) {
  if (c->format() == Format::kJson) {
    std::cout << ToJson(official);
  } else {
    PrintOfficials({official});
  }
}

struct AgencyFlags {
  std::string display_name, english_name, kind, parent, address, phone, email,
      website, etag;
};

void AddAgencyFieldFlags(CLI::App* cmd, AgencyFlags* f) {
  cmd->add_option("--name", f->display_name,
                  "Vietnamese name, as in decisions");
  cmd->add_option("--english-name", f->english_name, "English name");
  cmd->add_option("--kind", f->kind,
                  "one of: " + EnumChoices(v1::Agency::Kind_descriptor()));
  cmd->add_option("--parent", f->parent, "parent agency code");
  cmd->add_option("--address", f->address, "postal address");
  cmd->add_option("--phone", f->phone, "telephone");
  cmd->add_option("--email", f->email, "e-mail");
  cmd->add_option("--website", f->website, "web site");
}

}  // namespace

void AddRegistryCommands(CLI::App& app, CliContext* c) {
  auto stub = [c] {
    return v1::RegistryService::NewStub(c->RegistryChannel());
  };

  // --- agencies
  // ---------------------------------------------------------------
  auto* agencies = app.add_subcommand("agencies", "the province's agencies");
  agencies->require_subcommand(1);

  auto* list = agencies->add_subcommand("list", "list agencies (all pages)");
  auto list_kind = std::make_shared<std::string>();
  auto list_state = std::make_shared<std::string>();
  auto list_parent = std::make_shared<std::string>();
  auto list_group = std::make_shared<std::string>();
  list->add_option("--kind", *list_kind, "only this kind");
  list->add_option("--state", *list_state, "active, dissolved or merged");
  list->add_option("--parent", *list_parent, "only children of this agency");
  list->add_option("--group", *list_group, "only members of this group");
  list->callback([=] {
    v1::ListAgenciesRequest request;
    v1::Agency::Kind kind;
    v1::Agency::State state;
    if (!list_kind->empty()) {
      if (!ParseEnum(v1::Agency::Kind_descriptor(), *list_kind, &kind)) {
        return c->Fail("unknown kind " + *list_kind + "; one of: " +
                       EnumChoices(v1::Agency::Kind_descriptor()));
      }
      request.set_kind(kind);
    }
    if (!list_state->empty()) {
      if (!ParseEnum(v1::Agency::State_descriptor(), *list_state, &state)) {
        return c->Fail("unknown state " + *list_state);
      }
      request.set_state(state);
    }
    request.set_parent(AgencyNameFromInput(*list_parent));
    request.set_group(GroupNameFromInput(*list_group));
    v1::ListAgenciesResponse all;
    auto s = stub();
    grpc::Status status = c->ListAll(
        request,
        [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
          return s->ListAgencies(ctx, r, page);
        },
        &all);
    if (!status.ok()) return c->Fail(status);
    if (c->format() == Format::kJson) {
      std::cout << ToJson(all);
    } else {
      PrintAgencies({all.agencies().begin(), all.agencies().end()});
    }
  });

  auto* get = agencies->add_subcommand("get", "show one agency");
  auto get_code = std::make_shared<std::string>();
  get->add_option("code", *get_code, "agency code, e.g. SNGV")->required();
  get->callback([=] {
    v1::GetAgencyRequest request;
    request.set_name(AgencyNameFromInput(*get_code));
    v1::Agency agency;
    grpc::Status status = stub()->GetAgency(c->Call().get(), request, &agency);
    if (!status.ok()) return c->Fail(status);
    PrintAgency(c, agency);
  });

  auto* create = agencies->add_subcommand("create", "create an agency");
  auto create_code = std::make_shared<std::string>();
  auto create_flags = std::make_shared<AgencyFlags>();
  create->add_option("code", *create_code, "new code, e.g. SNGV")->required();
  AddAgencyFieldFlags(create, create_flags.get());
  create->callback([=] {
    v1::CreateAgencyRequest request;
    request.set_agency_id(*create_code);
    auto* a = request.mutable_agency();
    a->set_display_name(create_flags->display_name);
    a->set_english_name(create_flags->english_name);
    v1::Agency::Kind kind = v1::Agency::KIND_UNSPECIFIED;
    if (!create_flags->kind.empty() &&
        !ParseEnum(v1::Agency::Kind_descriptor(), create_flags->kind, &kind)) {
      return c->Fail("unknown kind " + create_flags->kind +
                     "; one of: " + EnumChoices(v1::Agency::Kind_descriptor()));
    }
    a->set_kind(kind);
    a->set_parent(AgencyNameFromInput(create_flags->parent));
    a->mutable_contact()->set_address(create_flags->address);
    a->mutable_contact()->set_phone(create_flags->phone);
    a->mutable_contact()->set_email(create_flags->email);
    a->mutable_contact()->set_website(create_flags->website);
    request.set_request_id(c->NextRequestId());
    v1::Agency agency;
    grpc::Status status =
        stub()->CreateAgency(c->Call().get(), request, &agency);
    if (!status.ok()) return c->Fail(status);
    PrintAgency(c, agency);
  });

  auto* update = agencies->add_subcommand(
      "update", "change the fields given as flags (others stay)");
  auto update_code = std::make_shared<std::string>();
  auto update_flags = std::make_shared<AgencyFlags>();
  update->add_option("code", *update_code, "agency code")->required();
  AddAgencyFieldFlags(update, update_flags.get());
  update->add_option("--etag", update_flags->etag,
                     "only if the record still has this etag");
  update->callback([=] {
    v1::UpdateAgencyRequest request;
    auto* a = request.mutable_agency();
    a->set_name(AgencyNameFromInput(*update_code));
    a->set_etag(update_flags->etag);
    auto* mask = request.mutable_update_mask();
    auto given = [&](const char* flag) { return update->count(flag) > 0; };
    if (given("--name")) {
      a->set_display_name(update_flags->display_name);
      mask->add_paths("display_name");
    }
    if (given("--english-name")) {
      a->set_english_name(update_flags->english_name);
      mask->add_paths("english_name");
    }
    if (given("--kind")) {
      v1::Agency::Kind kind;
      if (!ParseEnum(v1::Agency::Kind_descriptor(), update_flags->kind,
                     &kind)) {
        return c->Fail("unknown kind " + update_flags->kind);
      }
      a->set_kind(kind);
      mask->add_paths("kind");
    }
    if (given("--parent")) {
      a->set_parent(AgencyNameFromInput(update_flags->parent));
      mask->add_paths("parent");
    }
    if (given("--address")) {
      a->mutable_contact()->set_address(update_flags->address);
      mask->add_paths("contact.address");
    }
    if (given("--phone")) {
      a->mutable_contact()->set_phone(update_flags->phone);
      mask->add_paths("contact.phone");
    }
    if (given("--email")) {
      a->mutable_contact()->set_email(update_flags->email);
      mask->add_paths("contact.email");
    }
    if (given("--website")) {
      a->mutable_contact()->set_website(update_flags->website);
      mask->add_paths("contact.website");
    }
    request.set_request_id(c->NextRequestId());
    v1::Agency agency;
    grpc::Status status =
        stub()->UpdateAgency(c->Call().get(), request, &agency);
    if (!status.ok()) return c->Fail(status);
    PrintAgency(c, agency);
  });

  auto* dissolve = agencies->add_subcommand("dissolve", "dissolve an agency");
  auto dissolve_code = std::make_shared<std::string>();
  auto dissolve_reason = std::make_shared<std::string>();
  auto dissolve_etag = std::make_shared<std::string>();
  dissolve->add_option("code", *dissolve_code, "agency code")->required();
  dissolve
      ->add_option("--reason", *dissolve_reason,
                   "the decision, e.g. 'Quyết định số 12/QĐ-UBND'")
      ->required();
  dissolve->add_option("--etag", *dissolve_etag, "only if unchanged since");
  dissolve->callback([=] {
    v1::DissolveAgencyRequest request;
    request.set_name(AgencyNameFromInput(*dissolve_code));
    request.set_reason(*dissolve_reason);
    request.set_etag(*dissolve_etag);
    request.set_request_id(c->NextRequestId());
    v1::Agency agency;
    grpc::Status status =
        stub()->DissolveAgency(c->Call().get(), request, &agency);
    if (!status.ok()) return c->Fail(status);
    PrintAgency(c, agency);
  });

  auto* merge =
      agencies->add_subcommand("merge", "merge an agency into another");
  auto merge_code = std::make_shared<std::string>();
  auto merge_into = std::make_shared<std::string>();
  auto merge_reason = std::make_shared<std::string>();
  auto merge_etag = std::make_shared<std::string>();
  merge->add_option("code", *merge_code, "the agency that ceases")->required();
  merge->add_option("--into", *merge_into, "the agency that takes over")
      ->required();
  merge->add_option("--reason", *merge_reason, "the decision")->required();
  merge->add_option("--etag", *merge_etag, "only if unchanged since");
  merge->callback([=] {
    v1::MergeAgencyRequest request;
    request.set_name(AgencyNameFromInput(*merge_code));
    request.set_successor(AgencyNameFromInput(*merge_into));
    request.set_reason(*merge_reason);
    request.set_etag(*merge_etag);
    request.set_request_id(c->NextRequestId());
    v1::Agency agency;
    grpc::Status status =
        stub()->MergeAgency(c->Call().get(), request, &agency);
    if (!status.ok()) return c->Fail(status);
    PrintAgency(c, agency);
  });

  auto* resolve = agencies->add_subcommand(
      "resolve", "the agency that carries this one's duties today");
  auto resolve_code = std::make_shared<std::string>();
  resolve->add_option("code", *resolve_code, "agency code")->required();
  resolve->callback([=] {
    v1::ResolveAgencyRequest request;
    request.set_name(AgencyNameFromInput(*resolve_code));
    v1::ResolveAgencyResponse response;
    grpc::Status status =
        stub()->ResolveAgency(c->Call().get(), request, &response);
    if (!status.ok()) return c->Fail(status);
    if (c->format() == Format::kJson) {
      std::cout << ToJson(response);
      return;
    }
    std::string chain;
    for (const auto& n : response.chain())
      chain += (chain.empty() ? "" : " → ") + Code(n);
    std::cout << chain << "\n";
    PrintAgency(c, response.agency());
  });

  // --- groups
  // -------------------------------------------------------------------
  auto* groups = app.add_subcommand("groups", "groups of agencies");
  groups->require_subcommand(1);
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
    if (c->format() == Format::kJson) {
      std::cout << ToJson(merged);
      return;
    }
    Table table({"GROUP", "MEMBERS", "NAME"});
    for (const auto& g : merged.groups()) {
      table.AddRow(
          {Code(g.name()), std::to_string(g.members_size()), g.display_name()});
    }
    table.Print(std::cout);
  });
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

  // --- officials
  // ------------------------------------------------------------------
  auto* officials = app.add_subcommand("officials", "officials of agencies");
  officials->require_subcommand(1);
  auto* officials_list =
      officials->add_subcommand("list", "an agency's officials");
  auto list_agency = std::make_shared<std::string>();
  officials_list->add_option("agency", *list_agency, "agency code")->required();
  officials_list->callback([=] {
    v1::ListOfficialsRequest request;
    request.set_parent(AgencyNameFromInput(*list_agency));
    v1::ListOfficialsResponse merged;
    auto s = stub();
    grpc::Status status = c->ListAll(
        request,
        [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
          return s->ListOfficials(ctx, r, page);
        },
        &merged);
    if (!status.ok()) return c->Fail(status);
    if (c->format() == Format::kJson) {
      std::cout << ToJson(merged);
      return;
    }
    PrintOfficials({merged.officials().begin(), merged.officials().end()});
  });
  auto* official_get = officials->add_subcommand("get", "show an official");
  auto official_ref = std::make_shared<std::string>();
  official_get->add_option("official", *official_ref, "AGENCY/ID")->required();
  official_get->callback([=] {
    v1::GetOfficialRequest request;
    request.set_name(OfficialNameFromInput(*official_ref));
    v1::Official official;
    grpc::Status status =
        stub()->GetOfficial(c->Call().get(), request, &official);
    if (!status.ok()) return c->Fail(status);
    PrintOfficial(c, official);
  });
  auto* official_create =
      officials->add_subcommand("create", "add an official");
  auto oc_agency = std::make_shared<std::string>();
  auto oc_id = std::make_shared<std::string>();
  auto oc_fields = std::make_shared<std::array<std::string, 4>>();
  official_create->add_option("agency", *oc_agency, "agency code")->required();
  official_create->add_option("--id", *oc_id, "id (generated when omitted)");
  official_create->add_option("--full-name", (*oc_fields)[0], "full name")
      ->required();
  official_create
      ->add_option("--position", (*oc_fields)[1], "position (chức vụ)")
      ->required();
  official_create->add_option("--email", (*oc_fields)[2], "e-mail");
  official_create->add_option("--phone", (*oc_fields)[3], "telephone");
  official_create->callback([=] {
    v1::CreateOfficialRequest request;
    request.set_parent(AgencyNameFromInput(*oc_agency));
    request.set_official_id(*oc_id);
    request.mutable_official()->set_full_name((*oc_fields)[0]);
    request.mutable_official()->set_position((*oc_fields)[1]);
    request.mutable_official()->set_email((*oc_fields)[2]);
    request.mutable_official()->set_phone((*oc_fields)[3]);
    request.set_request_id(c->NextRequestId());
    v1::Official official;
    grpc::Status status =
        stub()->CreateOfficial(c->Call().get(), request, &official);
    if (!status.ok()) return c->Fail(status);
    PrintOfficial(c, official);
  });
  auto* official_update =
      officials->add_subcommand("update", "change an official");
  auto ou_ref = std::make_shared<std::string>();
  auto ou_fields = std::make_shared<std::array<std::string, 5>>();
  official_update->add_option("official", *ou_ref, "AGENCY/ID")->required();
  official_update->add_option("--full-name", (*ou_fields)[0], "full name");
  official_update->add_option("--position", (*ou_fields)[1], "position");
  official_update->add_option("--email", (*ou_fields)[2], "e-mail");
  official_update->add_option("--phone", (*ou_fields)[3], "telephone");
  official_update->add_option("--state", (*ou_fields)[4], "active or left");
  official_update->callback([=] {
    v1::UpdateOfficialRequest request;
    auto* o = request.mutable_official();
    o->set_name(OfficialNameFromInput(*ou_ref));
    auto* mask = request.mutable_update_mask();
    if (official_update->count("--full-name")) {
      o->set_full_name((*ou_fields)[0]);
      mask->add_paths("full_name");
    }
    if (official_update->count("--position")) {
      o->set_position((*ou_fields)[1]);
      mask->add_paths("position");
    }
    if (official_update->count("--email")) {
      o->set_email((*ou_fields)[2]);
      mask->add_paths("email");
    }
    if (official_update->count("--phone")) {
      o->set_phone((*ou_fields)[3]);
      mask->add_paths("phone");
    }
    if (official_update->count("--state")) {
      v1::Official::State state;
      if (!ParseEnum(v1::Official::State_descriptor(), (*ou_fields)[4],
                     &state)) {
        return c->Fail("unknown state " + (*ou_fields)[4] + "; active or left");
      }
      o->set_state(state);
      mask->add_paths("state");
    }
    request.set_request_id(c->NextRequestId());
    v1::Official official;
    grpc::Status status =
        stub()->UpdateOfficial(c->Call().get(), request, &official);
    if (!status.ok()) return c->Fail(status);
    PrintOfficial(c, official);
  });

  // --- history
  auto* history = app.add_subcommand(
      "history", "who changed a registry resource, when, and how");
  auto history_name = std::make_shared<std::string>();
  history
      ->add_option(
          "name", *history_name,
          "agencies/SNGV, groups/districts or agencies/UBND/officials/ID")
      ->required();
  history->callback([=] {
    events::v1::ListHistoryRequest request;
    request.set_name(*history_name);
    events::v1::ListHistoryResponse all;
    auto s = stub();
    grpc::Status status = c->ListAll(
        request,
        [&](grpc::ClientContext* ctx, const auto& r, auto* page) {
          return s->ListHistory(ctx, r, page);
        },
        &all);
    if (!status.ok()) return c->Fail(status);
    if (c->format() == Format::kJson) {
      std::cout << ToJson(all);
      return;
    }
    Table table(
        {"TIME", "EVENT", "ACTOR", "ROLE", "AGENCY", "SYSTEM", "REQUEST"});
    for (const auto& e : all.events()) {
      const std::string& type = e.type();
      const size_t verb = type.rfind('.');
      const size_t noun =
          verb == std::string::npos ? 0 : type.rfind('.', verb - 1);
      table.AddRow({google::protobuf::util::TimeUtil::ToString(e.time()),
                    type.substr(noun == std::string::npos ? 0 : noun + 1),
                    e.actor().subject(), e.actor().role(), e.actor().agency(),
                    e.actor().calling_system(), e.request_id()});
    }
    table.Print(std::cout);
  });

  // --- health
  // -------------------------------------------------------------------------
  auto* health = app.add_subcommand(
      "health", "whether the registry serves (exit 0) or not (exit 1)");
  auto wait_seconds = std::make_shared<double>(0);
  health->add_option("--wait", *wait_seconds, "keep asking this many seconds");
  health->callback([=] {
    auto health_stub = grpc::health::v1::Health::NewStub(c->RegistryChannel());
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("ngoaivu.registry.v1.RegistryService");
    const auto until =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(*wait_seconds * 1000));
    std::string state;
    do {
      grpc::health::v1::HealthCheckResponse response;
      auto call = c->Call();
      call->set_wait_for_ready(true);
      grpc::Status status = health_stub->Check(call.get(), request, &response);
      state = status.ok()
                  ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                        response.status())
                  : "UNREACHABLE";
      if (state == "SERVING") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } while (std::chrono::steady_clock::now() < until);
    std::cout << "registry " << c->registry << ": " << state << "\n";
    c->exit_code = state == "SERVING" ? 0 : 1;
  });

  // --- import
  // -----------------------------------------------------------------------
  auto* import = app.add_subcommand(
      "import",
      "create or update agencies, groups and officials from a YAML file");
  auto import_file = std::make_shared<std::string>();
  import
      ->add_option("file", *import_file,
                   "e.g. deploy/data/tay-ninh-agencies.yaml")
      ->required()
      ->check(CLI::ExistingFile);
  import->callback([=] {
    auto s = stub();
  c->exit_code = ImportRegistryFile(*import_file, *s, *c, std::cout, std::cerr);
});
}  // namespace ngoaivu::cli

}  // namespace ngoaivu::cli
