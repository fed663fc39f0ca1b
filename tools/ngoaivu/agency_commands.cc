// `ngoaivu agencies ...`: list, get, create, update, dissolve, merge, resolve.
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

// As a table, CSV (-o csv) or JSON (-o json).
void PrintAgencies(CliContext* c, const v1::ListAgenciesResponse& agencies) {
  Table table({"CODE", "KIND", "STATE", "PARENT", "NAME"});
  for (const auto& a : agencies.agencies()) {
    std::string state = StateText(a.state());
    if (!a.successor().empty()) state += " → " + Code(a.successor());
    table.AddRow({Code(a.name()), KindText(a.kind()), state, Code(a.parent()),
                  a.display_name()});
  }
  c->Print(table, agencies);
}

void PrintAgency(CliContext* c, const v1::Agency& a) {
  if (c->IsJson()) {
    std::cout << c->Json(a);
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
  c->Print(table, a);
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

void AddAgenciesList(CLI::App* agencies, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
    PrintAgencies(c, all);
  });
}

void AddAgenciesGet(CLI::App* agencies, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
}

void AddAgenciesCreate(CLI::App* agencies, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
}

void AddAgenciesUpdate(CLI::App* agencies, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
}

void AddAgenciesDissolve(CLI::App* agencies, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
}

void AddAgenciesMerge(CLI::App* agencies, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
}

void AddAgenciesResolve(CLI::App* agencies, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
    if (c->IsJson()) {
      std::cout << c->Json(response);
      return;
    }
    std::string chain;
    for (const auto& n : response.chain())
      chain += (chain.empty() ? "" : " → ") + Code(n);
    std::cout << chain << "\n";
    PrintAgency(c, response.agency());
  });
}

}  // namespace

void AddAgencyCommands(CLI::App& app, CliContext* c) {
  auto* agencies = app.add_subcommand("agencies", "the province's agencies");
  agencies->require_subcommand(1);
  AddAgenciesList(agencies, c);
  AddAgenciesGet(agencies, c);
  AddAgenciesCreate(agencies, c);
  AddAgenciesUpdate(agencies, c);
  AddAgenciesDissolve(agencies, c);
  AddAgenciesMerge(agencies, c);
  AddAgenciesResolve(agencies, c);
}

}  // namespace ngoaivu::cli
