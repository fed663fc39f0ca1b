#include "tools/ngoaivu/registry_cli.h"

#include <iostream>

#include "tools/ngoaivu/enum_text.h"

namespace ngoaivu::cli {

namespace v1 = ::ngoaivu::registry::v1;

std::unique_ptr<v1::RegistryService::Stub> RegistryStub(CliContext* c) {
  return v1::RegistryService::NewStub(c->RegistryChannel());
}

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

std::map<std::string, std::string> AgencyDisplayNames(CliContext* c) {
  v1::ListAgenciesResponse all;
  auto stub = RegistryStub(c);
  const grpc::Status status = c->ListAll(
      v1::ListAgenciesRequest(),
      [&](grpc::ClientContext* ctx, const v1::ListAgenciesRequest& r,
          v1::ListAgenciesResponse* page) {
        return stub->ListAgencies(ctx, r, page);
      },
      &all, /*whole=*/true);
  std::map<std::string, std::string> names;
  if (!status.ok()) return names;
  for (const v1::Agency& a : all.agencies()) {
    names[a.name()] = a.display_name();
  }
  return names;
}

void PrintOfficials(CliContext* c, const v1::ListOfficialsResponse& officials) {
  Table table({"NAME", "FULL NAME", "POSITION", "STATE"});
  for (const auto& o : officials.officials()) {
    table.AddRow({o.name(), o.full_name(), o.position(),
                  EnumText(v1::Official::State_descriptor(), o.state())});
  }
  c->Print(table, officials);
}

void PrintOfficial(CliContext* c, const v1::Official& official) {
  if (c->IsJson()) {
    std::cout << c->Json(official);
    return;
  }
  v1::ListOfficialsResponse one;
  *one.add_officials() = official;
  PrintOfficials(c, one);
}

}  // namespace ngoaivu::cli
