// The flags every command takes (where the services are, how to print, who
// calls), and the settings file's values beneath them.
#ifndef NGOAIVU_TOOLS_NGOAIVU_GLOBAL_FLAGS_H_
#define NGOAIVU_TOOLS_NGOAIVU_GLOBAL_FLAGS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "tools/ngoaivu/cli_config.h"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// The settings file's values, which flags and environment variables then
// override.
void ApplyCliConfig(const CliConfig& config, CliContext* context);

// -o, --token, --limit, --lang... anywhere on the line, as in kubectl.
// `language` receives --lang (LanguageFrom() read it before parsing).
void AddGlobalFlags(CLI::App& app, CliContext* context, std::string* language);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_GLOBAL_FLAGS_H_
