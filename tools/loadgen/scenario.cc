#include "tools/loadgen/scenario.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace ngoaivu::loadgen {

absl::StatusOr<Scenario> ParseScenario(const std::string& yaml_text) {
  Scenario scenario;
  try {
    const YAML::Node root = YAML::Load(yaml_text);
    if (!root.IsMap()) return absl::InvalidArgumentError("not a YAML map");
    scenario.name = root["name"].as<std::string>("");
    scenario.description = root["description"].as<std::string>("");
    scenario.baseline = root["baseline"].as<std::string>("");
    for (const YAML::Node& step : root["operations"]) {
      Scenario::Step s;
      s.operation = step["op"].as<std::string>("");
      s.weight = step["weight"].as<double>(1);
      if (s.operation.empty() || !(s.weight > 0)) {
        return absl::InvalidArgumentError(
            "operations: each needs an op and a positive weight");
      }
      scenario.operations.push_back(s);
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(e.what());
  }
  if (scenario.name.empty() || scenario.baseline.empty() ||
      scenario.operations.empty()) {
    return absl::InvalidArgumentError(
        "a scenario needs a name, a baseline service and operations");
  }
  return scenario;
}

absl::StatusOr<Scenario> LoadScenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  auto scenario = ParseScenario(text.str());
  if (!scenario.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", scenario.status().message()));
  }
  return scenario;
}

}  // namespace ngoaivu::loadgen
