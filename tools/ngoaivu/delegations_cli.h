// What the delegations service's CLI commands share: the stub, names as
// people type them, and how a delegation is printed.
#ifndef NGOAIVU_TOOLS_NGOAIVU_DELEGATIONS_CLI_H_
#define NGOAIVU_TOOLS_NGOAIVU_DELEGATIONS_CLI_H_

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "ngoaivu/delegations/v1/delegations_service.grpc.pb.h"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

std::unique_ptr<delegations::v1::DelegationsService::Stub> DelegationsStub(
    CliContext* c);
// "x" or "delegations/x" -> "delegations/x"; the same for agreements.
std::string DelegationName(const std::string& text);
std::string AgreementName(const std::string& text);
// A decision from the CLI's flags: number, YYYY-MM-DD, signer, capacity.
delegations::v1::Decision DecisionOf(const std::string& number,
                                     const std::string& date,
                                     const std::string& signer,
                                     const std::string& capacity);
void PrintDelegation(const delegations::v1::Delegation& d, CliContext* c);

// `delegations ...`, `agreements ...`, `stats delegations`, `demo history`:
// one file each.
void AddDelegationCommands(CLI::App& app, CliContext* c);
void AddAgreementCommands(CLI::App& app, CliContext* c);
void AddStatsCommands(CLI::App& app, CliContext* c);
void AddDemoCommands(CLI::App& app, CliContext* c);

inline void AddDelegationsCommands(CLI::App& app, CliContext* c) {
  AddDelegationCommands(app, c);
  AddAgreementCommands(app, c);
  AddStatsCommands(app, c);
  AddDemoCommands(app, c);
}

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_DELEGATIONS_CLI_H_
