// What the delegations service's CLI commands share: the stub, names as
// people type them, and how a delegation is printed.
#ifndef NGOAIVU_TOOLS_NGOAIVU_DELEGATIONS_CLI_H_
#define NGOAIVU_TOOLS_NGOAIVU_DELEGATIONS_CLI_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

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

// `opinion NAME --agency CODE --text T [--against]`: an agency's opinion on
// the resource `name_of` names, handed to `send` to call the service.
void AddOpinionVerb(
    CLI::App* parent, CliContext* c, const std::string& help,
    std::string (*name_of)(const std::string&),
    std::function<void(const delegations::v1::GiveOpinionRequest&)> send);

// A workflow step of the CLI: `<verb> NAME [--etag E] [--reason R]`.
template <typename Request, typename Response>
struct WorkflowVerb {
  const char* name;
  const char* help;
  grpc::Status (delegations::v1::DelegationsService::Stub::*method)(
      grpc::ClientContext*, const Request&, Response*);
  bool reason_required;
};

// Adds each verb to `parent`: the resource named as `name_of` spells it,
// the answer printed by `print`. `extend`, when given, adds a verb's own
// flags and returns what fills them into the request (false: a flag did
// not parse, and it said so).
template <typename Request, typename Response>
void AddWorkflowVerbs(
    CLI::App* parent, CliContext* c,
    const std::vector<WorkflowVerb<Request, Response>>& verbs,
    std::string (*name_of)(const std::string&),
    void (*print)(const Response&, CliContext*),
    const std::function<std::function<bool(Request*)>(
        CLI::App*, const std::string& verb)>& extend = nullptr) {
  for (const auto& verb : verbs) {
    struct Flags {
      std::string name, etag, reason;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = parent->add_subcommand(verb.name, verb.help);
    cmd->add_option("name", f->name, "the resource's name or id")->required();
    cmd->add_option("--etag", f->etag, "act only on this version");
    auto* reason = cmd->add_option("--reason", f->reason, "why");
    if (verb.reason_required) reason->required();
    std::function<bool(Request*)> fill;
    if (extend) fill = extend(cmd, verb.name);
    const auto method = verb.method;
    cmd->callback([=] {
      Request r;
      r.set_name(name_of(f->name));
      r.set_etag(f->etag);
      r.set_reason(f->reason);
      if (fill && !fill(&r)) return;
      r.set_request_id(c->NextRequestId());
      Response out;
      auto stub = DelegationsStub(c);
      grpc::Status s = ((*stub).*method)(c->Call().get(), r, &out);
      if (!s.ok()) return c->Fail(s);
      print(out, c);
    });
  }
}

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
