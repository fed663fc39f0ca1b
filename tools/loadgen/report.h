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
// One row: what ran (`label`), the rates, latencies, errors and cores.
void PrintRow(const std::string& label, const LoadResult& run,
              const std::vector<std::string>& processes,
              const std::string& verdict);

nlohmann::json ToJson(const LoadResult& run);

}  // namespace ngoaivu::loadgen

#endif  // NGOAIVU_TOOLS_LOADGEN_REPORT_H_
