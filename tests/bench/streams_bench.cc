// streams-bench: what open server streams cost the notifications server.
// It starts a redis-server and the real notifications-server binary with
// the settings it ships with, then measures, in one run:
//   - threads and resident memory with no stream open, and per open stream
//     once --watchers WatchNotifications calls (spread over --agencies
//     inboxes) and --event-streams StreamEvents calls are open, all held by
//     one client thread (gRPC's asynchronous API);
//   - from commit to arrival at every open stream, p50/p99, while events
//     are committed at --rate a second (one obligation opened each, as the
//     tasks service commits them), beside a raw `XREAD BLOCK` on the same
//     stream (the floor);
//   - unary calls (GetUnreadCount, 64 in flight on one client thread) a
//     second with no stream open and with all of them open, with the
//     client's and the server's CPU per call.
//
//   build/bin/streams-bench [--watchers 2000] [--event-streams 200]
//                           [--agencies 20] [--rate 100] [--seconds 5]
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "tests/bench/event_latency.h"
#include "tests/support/child_process.h"
#include "tests/support/redis_server.h"
#include "tests/support/registry_harness.h"
#include "tests/support/stream_crowd.h"

namespace ngoaivu::bench {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;
using testing::StreamCrowd;

struct Options {
  int watchers = 2000;
  int event_streams = 200;
  int agencies = 20;
  int rate = 100;
  double seconds = 5;
};

double CpuSecondsOf(int pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(stat)),
                   std::istreambuf_iterator<char>());
  // The fields after the command's closing parenthesis; utime and stime
  // are the 14th and 15th of the line.
  std::istringstream rest(text.substr(text.rfind(')') + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stod(field);
    if (i == 15) stime = std::stod(field);
  }
  return (utime + stime) / sysconf(_SC_CLK_TCK);
}

struct UnaryRate {
  double per_second = 0;
  double client_us = 0;
  double server_us = 0;
};

// GetUnreadCount with `in_flight` calls outstanding on one client thread.
UnaryRate MeasureUnary(const std::string& address, int server_pid,
                       double seconds, int in_flight = 64) {
  auto stub = nv1::NotificationsService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  const std::string token = testing::TestToken("admin", "agencies/UBND");
  grpc::CompletionQueue queue;
  struct Call {
    grpc::ClientContext context;
    nv1::UnreadCount out;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<nv1::UnreadCount>> reader;
  };
  nv1::GetUnreadCountRequest request;
  request.set_parent("agencies/A0");
  auto start_call = [&] {
    auto* call = new Call;
    call->context.AddMetadata("authorization", "Bearer " + token);
    call->reader = stub->AsyncGetUnreadCount(&call->context, request, &queue);
    call->reader->Finish(&call->out, &call->status, call);
  };
  const double client0 = ProcessCpuSeconds();
  const double server0 = CpuSecondsOf(server_pid);
  const absl::Time start = absl::Now();
  const absl::Time end = start + absl::Seconds(seconds);
  for (int i = 0; i < in_flight; ++i) start_call();
  int64_t done = 0, failed = 0, outstanding = in_flight;
  void* tag;
  bool ok;
  while (outstanding > 0 && queue.Next(&tag, &ok)) {
    auto* call = static_cast<Call*>(tag);
    if (call->status.ok()) {
      ++done;
    } else {
      ++failed;
    }
    delete call;
    --outstanding;
    if (absl::Now() < end) {
      start_call();
      ++outstanding;
    }
  }
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  UnaryRate rate;
  rate.per_second = done / elapsed;
  rate.client_us =
      1e6 * (ProcessCpuSeconds() - client0) / std::max<int64_t>(done, 1);
  rate.server_us =
      1e6 * (CpuSecondsOf(server_pid) - server0) / std::max<int64_t>(done, 1);
  if (failed > 0)
    std::fprintf(stderr, "  %lld unary calls failed\n",
                 static_cast<long long>(failed));
  return rate;
}

// Whether the server answers within 20 s.
bool Serving(const std::string& address) {
  auto stub = nv1::NotificationsService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  const std::string token = testing::TestToken("admin", "agencies/UBND");
  for (int i = 0; i < 200; ++i) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(1));
    nv1::ListSubscriptionsResponse out;
    if (stub->ListSubscriptions(&context, {}, &out).ok()) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

events::v1::Event Opened(int64_t n, int agencies) {
  return ObligationOpened(
      n, absl::StrCat("agencies/A", (n % agencies + agencies) % agencies));
}

// Arrivals at every stream (not one per event, as Arrivals keeps).
class AllArrivals {
 public:
  void Stamp(bool watch, const std::string& id) {
    const absl::Time now = absl::Now();
    absl::MutexLock lock(&mutex_);
    (watch ? watch_ : events_).emplace_back(id, now);
  }
  LatencyPercentiles Of(bool watch,
                        const std::map<std::string, absl::Time>& committed) {
    absl::MutexLock lock(&mutex_);
    std::vector<double> ms;
    for (const auto& [id, at] : watch ? watch_ : events_) {
      auto t0 = committed.find(id);
      if (t0 != committed.end()) {
        ms.push_back(absl::ToDoubleMilliseconds(at - t0->second));
      }
    }
    return PercentilesOf(std::move(ms));
  }

 private:
  absl::Mutex mutex_;
  std::vector<std::pair<std::string, absl::Time>> watch_
      ABSL_GUARDED_BY(mutex_);
  std::vector<std::pair<std::string, absl::Time>> events_
      ABSL_GUARDED_BY(mutex_);
};

void PrintUnary(const char* label, const UnaryRate& r) {
  std::printf(
      "%-34s %8.0f/s   CPU per call: client %4.0f us, server %4.0f us\n", label,
      r.per_second, r.client_us, r.server_us);
}

int Run(const Options& o) {
  testing::RedisServer redis;
  RedisPool::Options redis_options;
  redis_options.endpoint = *ParseRedisUrl(redis.url());
  RedisPool pool(redis_options);
  RedisFunctions functions(&pool, "tasks");
  if (!functions.Load(absl::Now() + absl::Seconds(5)).ok()) return 1;
  const std::string key_file =
      absl::StrCat("/tmp/streams-bench-jwt-", getpid());
  std::ofstream(key_file) << testing::kTestJwtSecret;
  const std::string address = absl::StrCat("127.0.0.1:", testing::FreePort());
  const std::string log =
      absl::StrCat("/tmp/streams-bench-server-", getpid(), ".log");
  testing::ChildProcess server(
      {testing::BinaryPath("notifications-server"), "--listen=" + address,
       "--redis=" + redis.url(), "--jwt-key-file=" + key_file,
       "--jwt-issuer=ngoaivu-test", "--jwt-audience=ngoaivu",
       "--consumer-name=notifications-0", "--log-level=warning"},
      log);
  const int pid = server.pid();
  if (!Serving(address)) {
    std::fprintf(stderr, "notifications-server did not start (%s)\n",
                 log.c_str());
    return 1;
  }
  // Every inbox exists (one notification each) before it is asked.
  PublishAtRate(functions, "{tasks}:events", 1000, o.agencies / 1000.0,
                [&](int64_t n) { return Opened(-1 - n, o.agencies); });
  absl::SleepFor(absl::Seconds(1));  // settled
  const int threads0 = testing::ThreadsOf(pid);
  const int64_t rss0 = testing::ResidentKibOf(pid);
  std::printf("no stream open: %d threads, %.1f MiB resident\n", threads0,
              rss0 / 1024.0);
  const UnaryRate before = MeasureUnary(address, pid, 3);
  PrintUnary("GetUnreadCount, no stream open", before);

  AllArrivals arrivals;
  const double crowd_cpu0 = ProcessCpuSeconds();
  StreamCrowd crowd(address, 16, [&](bool watch, const std::string& id) {
    arrivals.Stamp(watch, id);
  });
  const std::string admin = testing::TestToken("admin", "agencies/UBND");
  for (int i = 0; i < o.watchers; ++i) {
    const std::string agency = absl::StrCat("agencies/A", i % o.agencies);
    crowd.OpenWatch(testing::TestToken("officer", agency), agency);
  }
  for (int i = 0; i < o.event_streams; ++i) crowd.OpenEvents(admin);
  const int streams = o.watchers + o.event_streams;
  if (!crowd.WaitOpen(absl::Now() + absl::Seconds(60))) {
    std::fprintf(stderr, "only %d of %d streams opened (%d ended)\n",
                 crowd.opened(), streams, crowd.ended());
    return 1;
  }
  absl::SleepFor(absl::Seconds(1));
  const int threads1 = testing::ThreadsOf(pid);
  const int64_t rss1 = testing::ResidentKibOf(pid);
  std::printf(
      "%d streams open (%d WatchNotifications, %d StreamEvents): %d threads, "
      "%.1f MiB resident\n",
      streams, o.watchers, o.event_streams, threads1, rss1 / 1024.0);
  std::printf("  per open stream: %.3f threads, %.1f KiB\n",
              static_cast<double>(threads1 - threads0) / streams,
              static_cast<double>(rss1 - rss0) / streams);
  const UnaryRate beside = MeasureUnary(address, pid, 3);
  PrintUnary("GetUnreadCount, streams open", beside);
  std::printf("  with streams open: %.0f %% of the rate with none\n",
              100 * beside.per_second / std::max(before.per_second, 1.0));

  std::atomic<bool> stop{false};
  Arrivals raw;
  std::thread raw_reader(
      [&] { ReadRaw(redis_options, "{tasks}:events", stop, &raw); });
  absl::SleepFor(absl::Milliseconds(200));
  const double client0 = ProcessCpuSeconds() - crowd_cpu0;
  const double server0 = CpuSecondsOf(pid);
  const auto committed =
      PublishAtRate(functions, "{tasks}:events", o.rate, o.seconds,
                    [&](int64_t n) { return Opened(n, o.agencies); });
  absl::SleepFor(absl::Seconds(2));  // the last ones arrive
  stop = true;
  raw_reader.join();
  const auto floor = MeasureLatency(committed, raw.Take());
  const auto watch = arrivals.Of(true, committed);
  const auto events = arrivals.Of(false, committed);
  std::printf("%d events/s for %.0f s, commit to arrival:\n", o.rate,
              o.seconds);
  auto line = [](const char* label, const LatencyPercentiles& p,
                 size_t expected) {
    std::printf("  %-22s %8zu of %8zu arrived   p50 %6.2f ms   p99 %6.2f ms\n",
                label, p.seen, expected, p.p50_ms, p.p99_ms);
  };
  line("raw XREAD BLOCK", floor, committed.size());
  line("StreamEvents", events, committed.size() * o.event_streams);
  line("WatchNotifications", watch,
       committed.size() * o.watchers / std::max(o.agencies, 1));
  std::printf("  CPU meanwhile: client %.2f s, server %.2f s\n",
              ProcessCpuSeconds() - crowd_cpu0 - client0,
              CpuSecondsOf(pid) - server0);
  crowd.CancelAll();
  server.Stop(SIGTERM);
  std::remove(key_file.c_str());
  return 0;
}

}  // namespace
}  // namespace ngoaivu::bench

int main(int argc, char** argv) {
  ngoaivu::bench::Options o;
  CLI::App app{"What open streams cost the notifications server"};
  app.add_option("--watchers", o.watchers, "WatchNotifications calls")
      ->capture_default_str();
  app.add_option("--event-streams", o.event_streams, "StreamEvents calls")
      ->capture_default_str();
  app.add_option("--agencies", o.agencies, "inboxes the watchers spread over")
      ->capture_default_str();
  app.add_option("--rate", o.rate, "events committed a second")
      ->capture_default_str();
  app.add_option("--seconds", o.seconds, "how long events are committed")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return ngoaivu::bench::Run(o);
}
