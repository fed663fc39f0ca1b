// A load scenario file: which operations, in which proportions, and which
// service's do-nothing RPC (its gRPC health check) is the baseline.
//
//   name: dofa-working-day
//   baseline: tasks
//   operations:
//     - {op: list_obligations, weight: 30}
//     - {op: file_report, weight: 10}
#ifndef NGOAIVU_TOOLS_LOADGEN_SCENARIO_H_
#define NGOAIVU_TOOLS_LOADGEN_SCENARIO_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ngoaivu::loadgen {

struct Scenario {
  std::string name;
  std::string description;
  std::string baseline;  // a service: registry, tasks, delegations, ...
  struct Step {
    std::string operation;
    double weight = 1;
  };
  std::vector<Step> operations;
};

absl::StatusOr<Scenario> ParseScenario(const std::string& yaml_text);
absl::StatusOr<Scenario> LoadScenario(const std::string& path);

}  // namespace ngoaivu::loadgen

#endif  // NGOAIVU_TOOLS_LOADGEN_SCENARIO_H_
