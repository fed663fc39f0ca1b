// `ngoaivu export DIR` and `ngoaivu import --verify DIR`: every resource of
// every service with its full history, as JSON lines (protobuf's JSON
// mapping, field names as in the .proto files), readable without the
// suite. For the province's archive and for moving to another deployment.
//
// DIR holds one file per kind of resource (agencies.jsonl, obligations.jsonl
// ...: archive_kinds.h; an item without a name of its own, a delegation's
// decision, carries its owner as "parent"), one per kind's histories
// (history/agencies.jsonl: every event of every agency, each resource's in
// order), and
// manifest.json: the time, the suite's addresses, and each file's record
// count and SHA-256.
#ifndef NGOAIVU_TOOLS_NGOAIVU_ARCHIVE_H_
#define NGOAIVU_TOOLS_NGOAIVU_ARCHIVE_H_

#include <string>

#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// Writes the archive into `dir` (created; must not hold a manifest).
// Returns the exit code.
int ExportArchive(const std::string& dir, CliContext* c);

// Checks the archive in `dir` whole (each file's count and checksum), then
// each of its records and events against the running suite: the same,
// different, missing from the suite; records the suite has beyond it are
// counted. Exit code 0 when nothing differs or is missing, 1 otherwise, 2
// when the archive itself is damaged.
int VerifyArchive(const std::string& dir, CliContext* c);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_ARCHIVE_H_
