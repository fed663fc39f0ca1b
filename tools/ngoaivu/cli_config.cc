#include "tools/ngoaivu/cli_config.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "yaml-cpp/yaml.h"

namespace ngoaivu::cli {

std::string DefaultConfigPath() {
  if (const char* explicit_path = std::getenv("NGOAIVU_CONFIG"))
    return explicit_path;
  std::string base;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::string(home) + "/.config";
  } else {
    return "";
  }
  return base + "/ngoaivu/config.yaml";
}

CliConfig LoadCliConfig(const std::string& path) {
  CliConfig config;
  if (path.empty() || !std::filesystem::exists(path)) return config;
  try {
    YAML::Node root = YAML::LoadFile(path);
    auto text = [&](const char* key) {
      return root[key] && root[key].IsScalar() ? root[key].as<std::string>()
                                               : "";
    };
    config.registry = text("registry");
    config.tasks = text("tasks");
    config.delegations = text("delegations");
    config.notifications = text("notifications");
    config.token = text("token");
    config.token_key_file = text("token_key_file");
    config.tls_ca_file = text("tls_ca_file");
    config.tls_cert_file = text("tls_cert_file");
    config.tls_key_file = text("tls_key_file");
  } catch (const YAML::Exception& e) {
    std::cerr << "ngoaivu: ignoring " << path << ": " << e.what() << "\n";
  }
  return config;
}

}  // namespace ngoaivu::cli
