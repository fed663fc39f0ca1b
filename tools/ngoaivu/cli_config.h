// The CLI's settings file: where the services are, the caller's token and
// TLS material. Flags and environment variables override it.
//   ${XDG_CONFIG_HOME:-~/.config}/ngoaivu/config.yaml, or NGOAIVU_CONFIG
#ifndef NGOAIVU_TOOLS_NGOAIVU_CLI_CONFIG_H_
#define NGOAIVU_TOOLS_NGOAIVU_CLI_CONFIG_H_

#include <string>

namespace ngoaivu::cli {

struct CliConfig {
  std::string registry;
  std::string tasks;
  std::string delegations;
  std::string notifications;
  std::string token;
  std::string token_key_file;  // the local suite's signing key (token issue)
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
};

std::string DefaultConfigPath();
// An absent file is an empty config; a malformed one is reported on stderr.
CliConfig LoadCliConfig(const std::string& path);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_CLI_CONFIG_H_
