// How load runs are shown: a table for people, JSON for scripts.
#ifndef NGOAIVU_TOOLS_LOADGEN_REPORT_H_
#define NGOAIVU_TOOLS_LOADGEN_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/loadgen/open_loop.h"

namespace ngoaivu::loadgen {

// The table's header; `processes` are the names of the watched processes.
void PrintHeader(const std::vector<std::string>& processes);
// One row: what ran (`label`), the rates, latencies, errors, the cores of
// this process and each watched one, and the CPU microseconds per call of
// `server` (the scenario's own service: a measure of its work per call
// that does not depend on how busy the client kept the machine).
void PrintRow(const std::string& label, const LoadResult& run,
              const std::vector<std::string>& processes,
              const std::string& server, const std::string& verdict);

// CPU microseconds `process` spent per call answered; 0 if not watched.
double MicrosPerCall(const LoadResult& run, const std::string& process);

nlohmann::json ToJson(const LoadResult& run);

}  // namespace ngoaivu::loadgen

#endif  // NGOAIVU_TOOLS_LOADGEN_REPORT_H_
