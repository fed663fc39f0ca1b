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
// Then webhook deliveries, with the service's own delivery settings: a
// local receiver (cpp-httplib) answering at once stamps each event's
// arrival per subscription; one subscription at --delivery-rate events/s,
// then --many-subscriptions of them at a tenth of it. Reported: deliveries
// a second (received over the time from the first commit to the last
// arrival) and p50/p99 from commit to receipt.
//
//   build/bin/notifications-bench [--seconds 5] [--rates 100,1000]
//                                 [--consumers-per-stream 4]
//                                 [--delivery-rate 200]
//                                 [--many-subscriptions 100]
#include <grpcpp/grpcpp.h>
#include <httplib.h>

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
#include "nlohmann/json.hpp"
#include "tests/bench/bench_driver.h"
#include "tests/bench/event_latency.h"
#include "tests/support/notifications_harness.h"

namespace ngoaivu::bench {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;
using testing::NotificationsHarness;

events::v1::Event Opened(int64_t n) {
  return ObligationOpened(n, "agencies/SCT");
}

// A webhook receiver on loopback answering 204 at once; arrivals keyed by
// "<subscription>|<event id>".
class InstantReceiver {
 public:
  InstantReceiver() {
    server_.Post(R"(/hook/(\w+))", [this](const httplib::Request& q,
                                          httplib::Response& r) {
      const auto body = nlohmann::json::parse(q.body, nullptr, false);
      if (!body.is_discarded() && body.contains("id")) {
        arrivals_.Stamp(absl::StrCat(q.matches[1].str(), "|",
                                     body["id"].get<std::string>()));
      }
      r.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~InstantReceiver() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& subscription) const {
    return absl::StrCat("http://127.0.0.1:", port_, "/hook/", subscription);
  }
  Arrivals& arrivals() { return arrivals_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  Arrivals arrivals_;
};

// `subscriptions` webhook subscriptions to obligation.opened, then `rate`
// events a second for `seconds`: one line of deliveries a second and
// commit-to-receipt percentiles.
void BenchDeliveries(NotificationsHarness& n, RedisFunctions& functions,
                     RedisPool& redis, int subscriptions, int rate,
                     double seconds, int64_t* next_id) {
  InstantReceiver receiver;
  std::vector<std::string> ids;
  for (int i = 0; i < subscriptions; ++i) {
    const std::string id = absl::StrCat("b", *next_id, "x", i);
    nv1::CreateSubscriptionRequest r;
    r.set_subscription_id(id);
    r.set_request_id(id);
    r.mutable_subscription()->set_channel(nv1::Subscription::WEBHOOK);
    r.mutable_subscription()->set_webhook_url(receiver.Url(id));
    r.mutable_subscription()->mutable_filter()->add_types(
        "ngoaivu.tasks.v1.obligation.opened");
    grpc::ClientContext context;
    context.AddMetadata(
        "authorization",
        "Bearer " + testing::TestToken("system", "agencies/SNGV"));
    nv1::Subscription out;
    if (!n.stub().CreateSubscription(&context, r, &out).ok()) return;
    ids.push_back(id);
  }
  absl::SleepFor(absl::Milliseconds(100));
  const double cpu0 = ProcessCpuSeconds();
  const double redis_cpu0 = RedisCpuSeconds(redis);
  const absl::Time start = absl::Now();
  const std::map<std::string, absl::Time> committed =
      PublishAtRate(functions, "{tasks}:events", rate, seconds,
                    [&](int64_t) { return Opened((*next_id)++); });
  std::map<std::string, absl::Time> expected;
  for (const auto& [event, at] : committed) {
    for (const std::string& s : ids) expected[absl::StrCat(s, "|", event)] = at;
  }
  // Until every delivery arrived, or 30 s passed.
  std::map<std::string, absl::Time> arrived;
  for (int i = 0; i < 300 && arrived.size() < expected.size(); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    for (auto& [key, at] : receiver.arrivals().Take()) arrived[key] = at;
  }
  absl::Time last = start;
  for (const auto& [key, at] : arrived) last = std::max(last, at);
  const double span = absl::ToDoubleSeconds(last - start);
  const double cpu = ProcessCpuSeconds() - cpu0;
  const double redis_cpu = RedisCpuSeconds(redis) - redis_cpu0;
  const LatencyPercentiles p = MeasureLatency(expected, arrived);
  std::printf(
      "%6d %13d %8zu/%-8zu %12.0f %9.1f %9.1f    bench process %.2f, "
      "redis-server %.2f\n",
      subscriptions, rate, p.seen, expected.size(), p.seen / span, p.p50_ms,
      p.p99_ms, cpu / span, redis_cpu / span);
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
  int delivery_rate = 200;
  app.add_option("--delivery-rate", delivery_rate,
                 "events a second to one webhook subscription");
  int many = 100;
  app.add_option("--many-subscriptions", many,
                 "subscriptions sharing a tenth of that rate");
  CLI11_PARSE(app, argc, argv);

  testing::RegistryHarness registry;
  SystemClock clock;
  testing::NotificationsHarnessOptions options;
  options.follow_in_background = true;
  options.consumers_per_stream = consumers;
  options.streams.heartbeat = absl::Seconds(5);
  // Deliveries as notifications-server makes them (its defaults).
  options.deliver_in_background = true;
  options.deliveries = notifications::DeliveryWorkerOptions();
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

  std::printf("\nwebhook deliveries (a receiver answering at once)\n");
  std::printf("%6s %13s %17s %12s %9s %9s    cores busy\n", "subs", "events/s",
              "received", "deliveries/s", "p50 ms", "p99 ms");
  BenchDeliveries(n, functions, publisher, 1, delivery_rate, seconds, &next_id);
  BenchDeliveries(n, functions, publisher, many, delivery_rate / 10, seconds,
                  &next_id);
  return 0;
}

}  // namespace
}  // namespace ngoaivu::bench

int main(int argc, char** argv) { return ngoaivu::bench::Run(argc, argv); }
