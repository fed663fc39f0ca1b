// notifications-bench: how long after a service commits an event does an
// outside system see it on EventService.StreamEvents, and an agency's
// officer see its notification on WatchNotifications, at 100 and 1,000
// events/s, beside the time a raw Redis `XREAD BLOCK` on the same stream
// takes to see it (measured in the same run, on the same machine)?
//
// It starts its own redis-server and a notifications server wired as
// notifications-server is (tests/support/notifications_harness), its
// followers and tails running. An open-loop publisher commits one
// `obligation.opened` event per tick to `{tasks}:events` through the same
// atomic write the tasks service uses; three readers stamp each event's
// arrival: raw XREAD BLOCK, a StreamEvents call and a WatchNotifications
// call on the obligation's agency. Latency runs from just before the commit
// to arrival.
//
//   build/bin/notifications-bench [--seconds 5] [--rates 100,1000]
//                                 [--consumers-per-stream 4]
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "tests/bench/bench_driver.h"
#include "tests/bench/event_latency.h"
#include "tests/support/notifications_harness.h"

namespace ngoaivu::bench {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;
using testing::NotificationsHarness;

events::v1::Event Opened(int64_t n) {
  tasks::v1::ObligationChanged c;
  c.mutable_obligation()->set_name(
      absl::StrCat("programmes/bench/duties/d/obligations/", n));
  c.mutable_obligation()->set_agency("agencies/SCT");
  events::v1::Event e;
  e.set_id(absl::StrCat("bench-", n));
  e.set_source("//ngoaivu/tasks");
  e.set_type("ngoaivu.tasks.v1.obligation.opened");
  e.set_subject(c.obligation().name());
  *e.mutable_time() = ToTimestamp(absl::Now());
  e.mutable_data()->PackFrom(c);
  return e;
}

int Run(int argc, char** argv) {
  CLI::App app{"notifications-bench: commit-to-reader latency"};
  double seconds = 5;
  std::vector<int> rates = {100, 1000};
  app.add_option("--seconds", seconds, "seconds per rate");
  app.add_option("--rates", rates, "events per second")->delimiter(',');
  int consumers = 4;
  app.add_option("--consumers-per-stream", consumers,
                 "as notifications-server's setting");
  CLI11_PARSE(app, argc, argv);

  testing::RegistryHarness registry;
  SystemClock clock;
  testing::NotificationsHarnessOptions options;
  options.follow_in_background = true;
  options.consumers_per_stream = consumers;
  options.streams.heartbeat = absl::Seconds(5);
  NotificationsHarness n(&registry, &clock, options);
  RedisPool::Options redis_options;
  redis_options.endpoint = *ParseRedisUrl(registry.redis_server().url());
  RedisPool publisher(redis_options);
  RedisFunctions functions(&publisher, "tasks");
  if (!functions.Load(absl::Now() + absl::Seconds(5)).ok()) return 1;

  std::printf("%-6s %-22s %8s %9s %9s %14s\n", "rate", "reader", "events",
              "p50 ms", "p99 ms", "p99 - raw p99");
  int64_t next_id = 0;
  for (const int rate : rates) {
    Arrivals raw, streamed, watched;
    std::atomic<bool> stop{false};
    std::thread raw_reader(
        [&] { ReadRaw(redis_options, "{tasks}:events", stop, &raw); });
    grpc::ClientContext stream_call, watch_call;
    for (grpc::ClientContext* c : {&stream_call, &watch_call}) {
      c->AddMetadata("authorization",
                     "Bearer " + testing::TestToken("admin", "agencies/UBND"));
    }
    nv1::StreamEventsRequest from_now;
    from_now.add_types("ngoaivu.tasks.v1.*");
    auto events = n.events().StreamEvents(&stream_call, from_now);
    nv1::WatchNotificationsRequest inbox;
    inbox.set_parent("agencies/SCT");
    auto notifications = n.stub().WatchNotifications(&watch_call, inbox);
    events->WaitForInitialMetadata();
    notifications->WaitForInitialMetadata();
    std::thread stream_reader([&] {
      nv1::StreamEventsResponse r;
      while (events->Read(&r)) {
        if (!r.heartbeat()) streamed.Stamp(r.event().id());
      }
    });
    std::thread watch_reader([&] {
      nv1::WatchNotificationsResponse r;
      while (notifications->Read(&r)) {
        watched.Stamp(r.notification().source_event());
      }
    });
    absl::SleepFor(absl::Milliseconds(600));  // every reader in place

    const double cpu0 = ProcessCpuSeconds();
    const double redis_cpu0 = RedisCpuSeconds(publisher);
    const absl::Time start = absl::Now();
    const std::map<std::string, absl::Time> committed =
        PublishAtRate(functions, "{tasks}:events", rate, seconds,
                      [&](int64_t) { return Opened(next_id++); });
    const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
    absl::SleepFor(absl::Seconds(2));  // the last ones arrive
    const double cpu = ProcessCpuSeconds() - cpu0;
    const double redis_cpu = RedisCpuSeconds(publisher) - redis_cpu0;
    stop = true;
    stream_call.TryCancel();
    watch_call.TryCancel();
    raw_reader.join();
    stream_reader.join();
    watch_reader.join();
    events->Finish().IgnoreError();
    notifications->Finish().IgnoreError();

    const LatencyPercentiles r = MeasureLatency(committed, raw.Take());
    const LatencyPercentiles s = MeasureLatency(committed, streamed.Take());
    const LatencyPercentiles w = MeasureLatency(committed, watched.Take());
    const auto line = [&](const char* reader, const LatencyPercentiles& p) {
      std::printf("%-6d %-22s %8zu %9.2f %9.2f %14s\n", rate, reader, p.seen,
                  p.p50_ms, p.p99_ms,
                  &p == &r
                      ? ""
                      : absl::StrFormat("%+.2f", p.p99_ms - r.p99_ms).c_str());
    };
    line("raw XREAD BLOCK", r);
    line("StreamEvents", s);
    line("WatchNotifications", w);
    std::printf(
        "       %zu committed in %.1f s; cores busy: bench process (server, "
        "publisher, readers) %.2f, redis-server %.2f\n",
        committed.size(), elapsed, cpu / (elapsed + 2),
        redis_cpu / (elapsed + 2));
  }
  return 0;
}

}  // namespace
}  // namespace ngoaivu::bench

int main(int argc, char** argv) { return ngoaivu::bench::Run(argc, argv); }
