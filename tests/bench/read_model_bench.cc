// registry-follow-bench: how long after the registry commits an agency
// event does the tasks service hold it in its read model of the registry
// (its own effects of the event run too), at 100 and 1,000 events/s, beside
// the time a raw Redis `XREAD BLOCK` on the same stream takes to see it
// (measured in the same run, on the same machine)?
//
// It starts its own redis-server, a registry and a tasks service wired as
// the servers are (tests/support/tasks_harness), and follows
// `{registry}:events` as tasks-server does: the consumer group
// `tasks-registry`, the read model, then the tasks service's agency effects;
// each event is stamped once both are done. An open-loop publisher commits
// one `agency.updated` per tick through the registry's atomic write.
// Latency runs from just before the commit to the stamp.
//
//   build/bin/registry-follow-bench [--seconds 5] [--rates 100,1000]
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "tests/bench/bench_driver.h"
#include "tests/bench/event_latency.h"
#include "tests/support/tasks_harness.h"

namespace ngoaivu::bench {
namespace {

namespace reg = ::ngoaivu::registry::v1;

// One of 50 agencies renamed: what the read model stores in full.
events::v1::Event Updated(int64_t n) {
  reg::AgencyUpdated u;
  reg::Agency& a = *u.mutable_agency();
  a.set_name(absl::StrCat("agencies/B", n % 50));
  a.set_display_name(absl::StrCat("Sở thử nghiệm ", n));
  a.set_kind(reg::Agency::DEPARTMENT);
  a.set_state(reg::Agency::ACTIVE);
  a.set_etag(absl::StrCat("e", n));
  u.mutable_update_mask()->add_paths("display_name");
  events::v1::Event e;
  e.set_id(absl::StrCat("bench-", n));
  e.set_source("//ngoaivu/registry");
  e.set_type("ngoaivu.registry.v1.agency.updated");
  e.set_subject(a.name());
  *e.mutable_time() = ToTimestamp(absl::Now());
  e.mutable_data()->PackFrom(u);
  return e;
}

int Run(int argc, char** argv) {
  CLI::App app{"registry-follow-bench: commit-to-read-model latency"};
  double seconds = 5;
  std::vector<int> rates = {100, 1000};
  app.add_option("--seconds", seconds, "seconds per rate");
  app.add_option("--rates", rates, "events per second")->delimiter(',');
  CLI11_PARSE(app, argc, argv);

  testing::TasksHarness h(absl::CivilDay(2026, 12, 1));
  RedisPool::Options redis_options;
  redis_options.endpoint = *ParseRedisUrl(h.registry().redis_server().url());
  RedisPool publisher(redis_options);
  RedisFunctions functions(&publisher, "registry");
  if (!functions.Load(absl::Now() + absl::Seconds(5)).ok()) return 1;

  Arrivals applied;
  RedisPool follower_redis(redis_options);
  RegistryFollower follower(
      &follower_redis, &h.agencies(), "tasks", "bench",
      [&](const events::v1::Event& event, absl::Time deadline) {
        absl::Status s = h.tasks().agency_changes.Follow(event, deadline);
        if (s.ok()) applied.Stamp(event.id());
        return s;
      });
  follower.Start(&h.registry_directory());

  std::printf("%-6s %-22s %8s %9s %9s %14s\n", "rate", "reader", "events",
              "p50 ms", "p99 ms", "p99 - raw p99");
  int64_t next_id = 0;
  for (const int rate : rates) {
    Arrivals raw;
    std::atomic<bool> stop{false};
    std::thread raw_reader(
        [&] { ReadRaw(redis_options, "{registry}:events", stop, &raw); });
    absl::SleepFor(absl::Milliseconds(300));  // the raw reader in place

    const double cpu0 = ProcessCpuSeconds();
    const double redis_cpu0 = RedisCpuSeconds(publisher);
    const absl::Time start = absl::Now();
    const std::map<std::string, absl::Time> committed =
        PublishAtRate(functions, "{registry}:events", rate, seconds,
                      [&](int64_t) { return Updated(next_id++); });
    const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
    absl::SleepFor(absl::Seconds(2));  // the last ones arrive
    const double cpu = ProcessCpuSeconds() - cpu0;
    const double redis_cpu = RedisCpuSeconds(publisher) - redis_cpu0;
    stop = true;
    raw_reader.join();

    const LatencyPercentiles r = MeasureLatency(committed, raw.Take());
    const LatencyPercentiles m = MeasureLatency(committed, applied.Take());
    std::printf("%-6d %-22s %8zu %9.2f %9.2f %14s\n", rate, "raw XREAD BLOCK",
                r.seen, r.p50_ms, r.p99_ms, "");
    std::printf("%-6d %-22s %8zu %9.2f %9.2f %14s\n", rate, "tasks read model",
                m.seen, m.p50_ms, m.p99_ms,
                absl::StrFormat("%+.2f", m.p99_ms - r.p99_ms).c_str());
    std::printf(
        "       %zu committed in %.1f s; cores busy: bench process (servers, "
        "publisher, follower) %.2f, redis-server %.2f\n",
        committed.size(), elapsed, cpu / (elapsed + 2),
        redis_cpu / (elapsed + 2));
  }
  follower.Stop();
  return 0;
}

}  // namespace
}  // namespace ngoaivu::bench

int main(int argc, char** argv) { return ngoaivu::bench::Run(argc, argv); }
