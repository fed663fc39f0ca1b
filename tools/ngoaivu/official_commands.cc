// `ngoaivu officials ...`: list, get, create, update.
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

void AddOfficialsList(CLI::App* officials, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
    PrintOfficials(c, merged);
  });
}

void AddOfficialsGet(CLI::App* officials, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
}

void AddOfficialsCreate(CLI::App* officials, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
  auto oc_namesake = std::make_shared<bool>(false);
  official_create->add_flag(
      "--different-person", *oc_namesake,
      "another person shares the name of one of the agency's officials");
  official_create->callback([=] {
    v1::CreateOfficialRequest request;
    request.set_parent(AgencyNameFromInput(*oc_agency));
    request.set_official_id(*oc_id);
    request.mutable_official()->set_full_name((*oc_fields)[0]);
    request.mutable_official()->set_position((*oc_fields)[1]);
    request.mutable_official()->set_email((*oc_fields)[2]);
    request.mutable_official()->set_phone((*oc_fields)[3]);
    request.set_different_person(*oc_namesake);
    request.set_request_id(c->NextRequestId());
    v1::Official official;
    grpc::Status status =
        stub()->CreateOfficial(c->Call().get(), request, &official);
    if (!status.ok()) return c->Fail(status);
    PrintOfficial(c, official);
  });
}

void AddOfficialsUpdate(CLI::App* officials, CliContext* c) {
  auto stub = [c] { return RegistryStub(c); };
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
}

}  // namespace

void AddOfficialCommands(CLI::App& app, CliContext* c) {
  auto* officials = app.add_subcommand("officials", "officials of agencies");
  officials->require_subcommand(1);
  AddOfficialsList(officials, c);
  AddOfficialsGet(officials, c);
  AddOfficialsCreate(officials, c);
  AddOfficialsUpdate(officials, c);
}

}  // namespace ngoaivu::cli
