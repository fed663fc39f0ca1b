// What the registry's CLI commands share: the stub, enum spellings, how
// agencies and officials are printed.
#ifndef NGOAIVU_TOOLS_NGOAIVU_REGISTRY_CLI_H_
#define NGOAIVU_TOOLS_NGOAIVU_REGISTRY_CLI_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

namespace registry_v1 = ::ngoaivu::registry::v1;

std::unique_ptr<registry_v1::RegistryService::Stub> RegistryStub(CliContext* c);
std::string KindText(int kind);
std::string StateText(int state);
// "one, two, three": an enum's values as the CLI spells them.
std::string EnumChoices(const google::protobuf::EnumDescriptor* d);
// "SNGV" of "agencies/SNGV".
std::string Code(const std::string& agency_name);
// Agencies' names by resource name ("agencies/SCT" -> "Sở Công thương"),
// for tables that name agencies; empty when the registry cannot say.
std::map<std::string, std::string> AgencyDisplayNames(CliContext* c);
void PrintOfficials(CliContext* c,
                    const registry_v1::ListOfficialsResponse& officials);
void PrintOfficial(CliContext* c, const registry_v1::Official& official);

// `agencies ...`, `groups ...`, `officials ...`: one file each.
void AddAgencyCommands(CLI::App& app, CliContext* c);
void AddGroupCommands(CLI::App& app, CliContext* c);
void AddOfficialCommands(CLI::App& app, CliContext* c);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_REGISTRY_CLI_H_
