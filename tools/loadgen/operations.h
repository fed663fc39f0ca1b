// The calls a load scenario is made of, against a running suite: each
// named operation (get_agency, file_report, delegation, ...) and what it
// needs found or made first (agencies, open obligations, tokens).
#ifndef NGOAIVU_TOOLS_LOADGEN_OPERATIONS_H_
#define NGOAIVU_TOOLS_LOADGEN_OPERATIONS_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/loadgen/open_loop.h"

namespace ngoaivu::loadgen {

// Where the suite is and how to sign its tokens.
struct SuiteAddress {
  std::map<std::string, std::string> targets;  // service → host:port
  std::string key_file;                        // HS256 secret
  std::string issuer = "ngoaivu-local";
  std::string audience = "ngoaivu";
  int connections = 4;  // HTTP/2 connections per service
};

// Several connections to one service, taken in turn: one connection's
// stream limits and its single I/O path would otherwise be measured.
class Channels {
 public:
  Channels(const std::string& target, int connections);
  int size() const { return static_cast<int>(channels_.size()); }
  const std::shared_ptr<grpc::Channel>& at(int i) const { return channels_[i]; }

 private:
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
};

// What the operations share: connections, tokens by role and agency, and
// what was found in the suite before the load started.
class Suite {
 public:
  // Connects, signs tokens and finds the agencies, the open obligations
  // and the signer of decisions; fails when the suite is not there.
  static absl::StatusOr<std::unique_ptr<Suite>> Connect(
      const SuiteAddress& address);

  Channels& channels(const std::string& service);
  bool has_target(const std::string& service) const {
    return address_.targets.count(service) > 0;
  }
  // "Bearer ..." for `role` in agencies/{code}. Not thread-safe: the
  // operations take theirs when made, before the load.
  const std::string& Token(const std::string& role, const std::string& code);

  std::vector<std::string> agencies;  // codes, as listed
  struct OpenObligation {
    std::string name;
    std::string agency;  // code
  };
  std::vector<OpenObligation> obligations;  // OPEN or IN_PROGRESS
  std::vector<std::string> agencies_with_obligations;
  std::string programme;        // programmes/{id}: the first ACTIVE one
  std::string decision_signer;  // an official of agencies/UBND
  std::string run_id;           // makes this run's request ids unique

 private:
  Suite() = default;
  absl::Status Discover();
  absl::Status DiscoverObligations();
  SuiteAddress address_;
  std::string key_;
  std::map<std::string, std::unique_ptr<Channels>> channels_;
  std::map<std::string, std::string> tokens_;  // filled before the load
};

// The operation called `name` ("health:registry" is the do-nothing RPC of
// that service), or an error naming the known ones.
absl::StatusOr<std::shared_ptr<Operation>> MakeOperation(
    const std::string& name, Suite& suite);

}  // namespace ngoaivu::loadgen

#endif  // NGOAIVU_TOOLS_LOADGEN_OPERATIONS_H_
