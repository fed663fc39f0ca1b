// An example under every command's help: the quickest way to learn a
// command is to see it typed.
#ifndef NGOAIVU_TOOLS_NGOAIVU_EXAMPLES_H_
#define NGOAIVU_TOOLS_NGOAIVU_EXAMPLES_H_

#include "CLI/CLI.hpp"

namespace ngoaivu::cli {

// Adds "Examples:" (in the language set) to the help of every command.
void AddExamples(CLI::App& app);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_EXAMPLES_H_
