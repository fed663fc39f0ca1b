#include "tools/loadgen/report.h"

#include <cstdio>

#include "absl/strings/str_format.h"

namespace ngoaivu::loadgen {
namespace {

std::string Millis(int64_t micros) {
  return absl::StrFormat("%.2f", micros / 1000.0);
}

nlohmann::json ToJson(const Percentiles& p) {
  return {{"calls", p.calls},   {"errors", p.errors}, {"p50_us", p.p50_us},
          {"p90_us", p.p90_us}, {"p99_us", p.p99_us}, {"p999_us", p.p999_us},
          {"max_us", p.max_us}};
}

}  // namespace

void PrintHeader(const std::vector<std::string>& processes) {
  std::printf("%-22s %8s %8s %7s %7s %7s %7s %6s %5s %6s", "run", "rate/s",
              "done/s", "p50 ms", "p90 ms", "p99 ms", "p99.9", "errors", "late",
              "client");
  for (const auto& p : processes) std::printf(" %8.8s", p.c_str());
  std::printf(" %8s  verdict\n", "us/call");
}

double MicrosPerCall(const LoadResult& run, const std::string& process) {
  auto found = run.process_cores.find(process);
  if (found == run.process_cores.end() || run.achieved_rate <= 0) return 0;
  return 1e6 * found->second / run.achieved_rate;
}

void PrintRow(const std::string& label, const LoadResult& run,
              const std::vector<std::string>& processes,
              const std::string& server, const std::string& verdict) {
  std::printf("%-22.22s %8.0f %8.0f %7s %7s %7s %7s %6lld %5lld %6.2f",
              label.c_str(), run.target_rate, run.achieved_rate,
              Millis(run.all.p50_us).c_str(), Millis(run.all.p90_us).c_str(),
              Millis(run.all.p99_us).c_str(), Millis(run.all.p999_us).c_str(),
              static_cast<long long>(run.all.errors),
              static_cast<long long>(run.late_sends), run.client_cores);
  for (const auto& p : processes) {
    auto found = run.process_cores.find(p);
    std::printf(" %8.2f",
                found == run.process_cores.end() ? 0.0 : found->second);
  }
  std::printf(" %8.0f  %s\n", MicrosPerCall(run, server), verdict.c_str());
  if (run.all.errors > 0) {
    for (const auto& [code, calls] : run.codes) {
      std::printf("    %s: %lld\n", code.c_str(),
                  static_cast<long long>(calls));
    }
  }
  std::fflush(stdout);
}

nlohmann::json ToJson(const LoadResult& run) {
  nlohmann::json json = {{"target_rate", run.target_rate},
                         {"achieved_rate", run.achieved_rate},
                         {"seconds", run.seconds},
                         {"all", ToJson(run.all)},
                         {"codes", run.codes},
                         {"late_sends", run.late_sends},
                         {"client_cores", run.client_cores},
                         {"process_cores", run.process_cores}};
  for (const auto& [name, p] : run.by_operation) {
    json["by_operation"][name] = ToJson(p);
  }
  return json;
}

}  // namespace ngoaivu::loadgen
