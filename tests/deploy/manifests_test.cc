// The Kubernetes manifests against the binaries they run: every probe asks
// a health service name the server actually registers (readiness its gRPC
// service, NOT_SERVING while Redis is down; liveness "liveness", SERVING
// while the process runs), so pods become Ready and are not restarted by a
// Redis outage. Rendered with `kubectl kustomize` when kubectl is here,
// read file by file otherwise. Also: the image build context leaves out
// the build tree, the history and the local suite's secrets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ngoaivu {
namespace {

const std::string kSource = NGOAIVU_SOURCE_DIR;
const std::string kBin = NGOAIVU_BIN_DIR;

std::string Run(const std::string& command, int* status) {
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof(buffer), pipe) != nullptr) {
    out += buffer;
  }
  *status = pipe == nullptr ? -1 : pclose(pipe);
  return out;
}

// Every document of the base: rendered by kustomize when possible.
std::vector<YAML::Node> Manifests() {
  const std::string base = kSource + "/deploy/k8s/base";
  int status = 0;
  std::string rendered = Run("kubectl kustomize " + base, &status);
  if (status != 0 || rendered.empty()) {
    rendered.clear();
    for (const char* file : {"registry.yaml", "tasks.yaml", "delegations.yaml",
                             "notifications.yaml", "redis.yaml"}) {
      std::ifstream in(base + "/" + file);
      std::stringstream text;
      text << in.rdbuf();
      rendered += text.str() + "\n---\n";
    }
  }
  return YAML::LoadAll(rendered);
}

// "readiness" and "liveness" -> the health names `<service>-server` says.
std::map<std::string, std::string> HealthNamesOf(const std::string& service) {
  int status = 0;
  const std::string out =
      Run(kBin + "/" + service + "-server --print-health-services", &status);
  EXPECT_EQ(status, 0) << service;
  std::map<std::string, std::string> names;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(line, ' ');
    if (parts.size() == 2) names[parts[1]] = parts[0];
  }
  return names;
}

TEST(ManifestsTest, EveryProbeAsksANameTheServerRegisters) {
  int checked = 0;
  for (const YAML::Node& doc : Manifests()) {
    if (!doc["kind"] || doc["kind"].as<std::string>() != "Deployment") continue;
    for (const YAML::Node& container :
         doc["spec"]["template"]["spec"]["containers"]) {
      const std::string image = container["image"].as<std::string>();
      if (!absl::StartsWith(image, "ngoaivu/")) continue;
      const std::string service(
          absl::StripPrefix(image.substr(0, image.find(':')), "ngoaivu/"));
      const auto names = HealthNamesOf(service);
      ASSERT_EQ(names.size(), 2u) << service;
      const YAML::Node readiness = container["readinessProbe"]["grpc"];
      const YAML::Node liveness = container["livenessProbe"]["grpc"];
      ASSERT_TRUE(readiness && readiness["service"]) << service;
      ASSERT_TRUE(liveness && liveness["service"]) << service;
      EXPECT_EQ(readiness["service"].as<std::string>(), names.at("readiness"))
          << service;
      EXPECT_EQ(liveness["service"].as<std::string>(), names.at("liveness"))
          << service;
      // Both on the plaintext health-only port the settings open.
      EXPECT_EQ(readiness["port"].as<int>(), 8081) << service;
      EXPECT_EQ(liveness["port"].as<int>(), 8081) << service;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4);  // registry, tasks, delegations, notifications
}

TEST(ManifestsTest, TheImageContextLeavesOutBuildsHistoryAndSecrets) {
  std::ifstream in(kSource + "/.dockerignore");
  ASSERT_TRUE(in.good()) << "no .dockerignore: COPY . . sends everything";
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  for (const char* excluded : {"build/", ".git/", ".ngoaivu-local/"}) {
    EXPECT_THAT(lines, ::testing::Contains(excluded));
  }
}

}  // namespace
}  // namespace ngoaivu
