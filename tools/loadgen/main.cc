// ngoaivu-loadgen: an open-loop, constant-rate load on a running suite
// (deploy/local/run.sh), from a scenario file, beside the same server's
// do-nothing RPC; either at one rate or searching each one's saturation
// point. See tools/loadgen/README.md.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/loadgen/open_loop.h"
#include "tools/loadgen/operations.h"
#include "tools/loadgen/process_cpu.h"
#include "tools/loadgen/report.h"
#include "tools/loadgen/saturation.h"
#include "tools/loadgen/scenario.h"
#include "tools/ngoaivu/cli_config.h"

namespace ngoaivu::loadgen {
namespace {

struct Flags {
  std::string scenario;
  double rate = 0;  // 0: search the saturation points
  LoadOptions load;
  Limits limits;
  SearchOptions search;
  SuiteAddress address;
  int redis_port = 6390;
  std::string json_path;
};

// The processes whose CPU each run reports: the suite's services and Redis.
std::map<std::string, int> WatchedProcesses(const Flags& flags) {
  std::map<std::string, int> pids;
  auto watch = [&](const std::string& name, const std::string& target) {
    int port = 0;
    const auto colon = target.rfind(':');
    if (colon != std::string::npos &&
        absl::SimpleAtoi(target.substr(colon + 1), &port)) {
      const int pid = PidListeningOn(port);
      if (pid > 0 && pid != getpid()) pids[name] = pid;
    }
  };
  for (const auto& [service, target] : flags.address.targets) {
    watch(service, target);
  }
  if (flags.redis_port > 0) {
    watch("redis", absl::StrCat(":", flags.redis_port));
  }
  return pids;
}

LoadResult RunAt(const std::vector<WeightedOperation>& operations,
                 const Flags& flags, const std::map<std::string, int>& pids,
                 double rate) {
  LoadOptions options = flags.load;
  options.rate = rate;
  std::map<std::string, double> before;
  std::map<std::string, double> cores;
  auto sample = [&](bool start) {
    for (const auto& [name, pid] : pids) {
      const double seconds = ProcessCpuSeconds(pid);
      if (start) {
        before[name] = seconds;
      } else {
        cores[name] = (seconds - before[name]) / options.seconds;
      }
    }
  };
  LoadResult result = RunOpenLoop(operations, options, sample);
  result.process_cores = cores;
  return result;
}

// The scenario's operations and its baseline (the health check of its
// service); false (said on stderr) when one cannot be made.
bool MakeOperations(const Scenario& scenario, Suite& suite,
                    std::vector<WeightedOperation>* operations,
                    std::vector<WeightedOperation>* baseline) {
  for (const auto& step : scenario.operations) {
    auto operation = MakeOperation(step.operation, suite);
    if (!operation.ok()) {
      std::fprintf(stderr, "%s\n", operation.status().ToString().c_str());
      return false;
    }
    operations->push_back({step.operation, step.weight, *operation});
  }
  const std::string health = "health:" + scenario.baseline;
  auto check = MakeOperation(health, suite);
  if (!check.ok()) {
    std::fprintf(stderr, "%s\n", check.status().ToString().c_str());
    return false;
  }
  baseline->push_back({health, 1, *check});
  return true;
}

// The run at a search's saturation rate (the highest within the limits).
const LoadResult* RunAtSaturation(const Saturation& search) {
  for (const LoadResult& run : search.runs) {
    if (search.rate > 0 && run.target_rate == search.rate) return &run;
  }
  return nullptr;
}

void PrintSaturation(const Scenario& scenario, const Limits& limits,
                     const Saturation& baseline, const Saturation& mine,
                     nlohmann::json* json) {
  const LoadResult* base_run = RunAtSaturation(baseline);
  const LoadResult* my_run = RunAtSaturation(mine);
  auto per_call = [&](const LoadResult* run, const std::string& process) {
    return run ? MicrosPerCall(*run, process) : 0.0;
  };
  const double ratio = baseline.rate > 0 ? mine.rate / baseline.rate : 0;
  std::printf(
      "\nsaturation (p99 <= %.0f ms): %s %.0f/s, baseline (health check of "
      "%s) %.0f/s: %.0f %%\n"
      "  at those rates: %s CPU %.0f vs %.0f us per call, Redis %.0f us, "
      "client %.2f vs %.2f cores\n",
      limits.max_p99_ms, scenario.name.c_str(), mine.rate,
      scenario.baseline.c_str(), baseline.rate, 100 * ratio,
      scenario.baseline.c_str(), per_call(my_run, scenario.baseline),
      per_call(base_run, scenario.baseline), per_call(my_run, "redis"),
      my_run ? my_run->client_cores : 0, base_run ? base_run->client_cores : 0);
  (*json)["saturation"] = {
      {"scenario", mine.rate},
      {"baseline", baseline.rate},
      {"ratio", ratio},
      {"server_us_per_call", per_call(my_run, scenario.baseline)},
      {"baseline_server_us_per_call", per_call(base_run, scenario.baseline)},
      {"redis_us_per_call", per_call(my_run, "redis")}};
}

int Run(const Flags& flags, const std::string& command) {
  auto scenario = LoadScenario(flags.scenario);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", scenario.status().ToString().c_str());
    return 2;
  }
  auto suite = Suite::Connect(flags.address);
  if (!suite.ok()) {
    std::fprintf(stderr, "%s\n", suite.status().ToString().c_str());
    return 1;
  }
  std::vector<WeightedOperation> operations;
  std::vector<WeightedOperation> baseline;
  if (!MakeOperations(*scenario, **suite, &operations, &baseline)) return 2;

  const auto pids = WatchedProcesses(flags);
  std::vector<std::string> columns;
  for (const auto& [name, pid] : pids) columns.push_back(name);
  std::printf(
      "%s: %s\n%u cores, %d senders, %d connections per service, %.0f s per "
      "run after %.0f s warm-up; saturation: p99 <= %.0f ms, errors <= "
      "%.1f %%, answered >= %.0f %% of the rate\n",
      scenario->name.c_str(), scenario->description.c_str(),
      std::thread::hardware_concurrency(), flags.load.senders,
      flags.address.connections, flags.load.seconds, flags.load.warmup_seconds,
      flags.limits.max_p99_ms, 100 * flags.limits.max_error_fraction,
      100 * flags.limits.min_achieved_fraction);
  PrintHeader(columns);

  nlohmann::json json = {
      {"scenario", scenario->name},
      {"command", command},
      {"date", absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone())},
      {"cores", std::thread::hardware_concurrency()}};
  std::map<std::string, Saturation> saturation;
  using Runs = const std::vector<WeightedOperation>*;
  for (const auto& [label, ops] :
       {std::pair<std::string, Runs>{"baseline", &baseline},
        std::pair<std::string, Runs>{scenario->name, &operations}}) {
    std::function<LoadResult(double)> run_at = [&, ops = ops](double rate) {
      return RunAt(*ops, flags, pids, rate);
    };
    auto show = [&, label = label](const LoadResult& run, bool within) {
      std::string why;
      WithinLimits(run, flags.limits, &why);
      PrintRow(label, run, columns, scenario->baseline, within ? "ok" : why);
      json["runs"].push_back(nlohmann::json{
          {"label", label},
          {"run", ToJson(run)},
          {"server_us_per_call", MicrosPerCall(run, scenario->baseline)},
          {"redis_us_per_call", MicrosPerCall(run, "redis")}});
    };
    if (flags.rate > 0) {
      const LoadResult run = run_at(flags.rate);
      std::string why;
      show(run, WithinLimits(run, flags.limits, &why));
    } else {
      saturation[label] =
          FindSaturation(run_at, flags.search, flags.limits, show);
    }
  }
  if (flags.rate == 0) {
    PrintSaturation(*scenario, flags.limits, saturation["baseline"],
                    saturation[scenario->name], &json);
  }
  if (!flags.json_path.empty()) {
    std::ofstream(flags.json_path) << json.dump(2) << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace ngoaivu::loadgen

int main(int argc, char** argv) {
  using ngoaivu::loadgen::Flags;
  Flags flags;
  const auto config =
      ngoaivu::cli::LoadCliConfig(ngoaivu::cli::DefaultConfigPath());
  auto target = [](const std::string& configured, const char* fallback) {
    return configured.empty() ? std::string(fallback) : configured;
  };
  auto& targets = flags.address.targets;
  targets["registry"] = target(config.registry, "127.0.0.1:15051");
  targets["tasks"] = target(config.tasks, "127.0.0.1:15052");
  targets["delegations"] = target(config.delegations, "127.0.0.1:15053");
  targets["notifications"] = target(config.notifications, "127.0.0.1:15054");
  flags.address.key_file = config.token_key_file;

  CLI::App app{"open-loop constant-rate load on a running ngoaivu suite"};
  app.add_option("scenario", flags.scenario, "scenario file (YAML)")
      ->required();
  app.add_option("--rate", flags.rate,
                 "calls per second; without it, find each saturation point");
  app.add_option("--seconds", flags.load.seconds, "measured seconds per run")
      ->capture_default_str();
  app.add_option("--warmup", flags.load.warmup_seconds, "seconds not measured")
      ->capture_default_str();
  app.add_option("--senders", flags.load.senders, "sending threads")
      ->capture_default_str();
  app.add_option("--connections", flags.address.connections,
                 "HTTP/2 connections per service")
      ->capture_default_str();
  int deadline_ms = 2000;
  app.add_option("--deadline-ms", deadline_ms, "each call's deadline")
      ->capture_default_str();
  app.add_option("--max-p99-ms", flags.limits.max_p99_ms,
                 "saturation: highest p99")
      ->capture_default_str();
  app.add_option("--from", flags.search.from, "saturation: first rate")
      ->capture_default_str();
  app.add_option("--factor", flags.search.factor, "saturation: rate step")
      ->capture_default_str();
  for (const char* service :
       {"registry", "tasks", "delegations", "notifications"}) {
    app.add_option(std::string("--") + service, targets[service],
                   std::string(service) + " address")
        ->capture_default_str();
  }
  app.add_option("--key-file", flags.address.key_file,
                 "HS256 token key (default: the CLI config's)");
  app.add_option("--redis-port", flags.redis_port,
                 "Redis' port, to report its CPU (0: do not)")
      ->capture_default_str();
  app.add_option("--json", flags.json_path, "also write every run as JSON");
  CLI11_PARSE(app, argc, argv);
  flags.load.deadline = std::chrono::milliseconds(deadline_ms);
  std::vector<std::string> words(argv, argv + argc);
  return ngoaivu::loadgen::Run(flags, absl::StrJoin(words, " "));
}
