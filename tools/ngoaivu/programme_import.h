// `ngoaivu programmes import FILE [--activate] [--track-from DAY]`: creates
// a programme and its duties from a YAML file (deploy/data/programme-*.yaml)
// through the public API. Idempotent: what exists is left as it is, and
// request ids derived from each request make an interrupted import safe to
// run again.
#ifndef NGOAIVU_TOOLS_NGOAIVU_PROGRAMME_IMPORT_H_
#define NGOAIVU_TOOLS_NGOAIVU_PROGRAMME_IMPORT_H_

#include <string>

#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// Returns the exit code: 0 when the file's programme and duties exist (and
// the programme is active, with `activate`).
int ImportProgramme(const std::string& path, bool activate,
                    const std::string& track_from, CliContext* c);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_PROGRAMME_IMPORT_H_
