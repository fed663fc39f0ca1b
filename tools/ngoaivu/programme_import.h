// `ngoaivu programmes import FILE [--activate] [--track-from DAY]`: creates
// a programme and its duties from a YAML file (deploy/data/programme-*.yaml)
// through the public API. Idempotent: what exists is left as it is, and
// request ids derived from each request make an interrupted import safe to
// run again.
#ifndef NGOAIVU_TOOLS_NGOAIVU_PROGRAMME_IMPORT_H_
#define NGOAIVU_TOOLS_NGOAIVU_PROGRAMME_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// What a programme file holds, as the requests that create it.
struct ProgrammeFile {
  tasks::v1::CreateProgrammeRequest programme;
  std::vector<tasks::v1::CreateDutyRequest> duties;
};

// INVALID_ARGUMENT for text that is not a programme file (malformed YAML,
// a value of the wrong kind); the requests' own checks are the server's.
absl::StatusOr<ProgrammeFile> ParseProgrammeFile(const std::string& yaml);

// Returns the exit code: 0 when the file's programme and duties exist (and
// the programme is active, with `activate`).
int ImportProgramme(const std::string& path, bool activate,
                    const std::string& track_from, CliContext* c);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_PROGRAMME_IMPORT_H_
