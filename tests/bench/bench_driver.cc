#include "tests/bench/bench_driver.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ngoaivu::bench {

using Clock = std::chrono::steady_clock;

namespace {

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& target,
                                          int thread) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("ngoaivu.bench.channel", thread);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   args);
}

namespace {

// The sum of `fields` in INFO `section`.
double InfoSum(RedisPool& redis, const char* section,
               std::initializer_list<const char*> fields) {
  auto reply = redis.Command({"INFO", section});
  double total = 0;
  if (!reply.ok()) return 0;
  for (absl::string_view line :
       absl::StrSplit(ReplyString(reply->get()), "\r\n")) {
    for (const char* field : fields) {
      if (absl::ConsumePrefix(&line, field)) {
        double v = 0;
        if (absl::SimpleAtod(line, &v)) total += v;
      }
    }
  }
  return total;
}

}  // namespace

double RedisCpuSeconds(RedisPool& redis) {
  return InfoSum(redis, "cpu", {"used_cpu_sys:", "used_cpu_user:"});
}

int64_t RedisUsedMemory(RedisPool& redis) {
  return static_cast<int64_t>(InfoSum(redis, "memory", {"used_memory:"}));
}

Result Drive(const std::string& method, int threads, double seconds,
             const Call& call, RedisPool* redis) {
  // Warm-up: connections, thread pools, caches.
  {
    std::vector<std::thread> warm;
    for (int t = 0; t < threads; ++t) {
      warm.emplace_back([&, t] {
        for (int i = 0; i < 200; ++i) call(t, -1 - i);
      });
    }
    for (auto& w : warm) w.join();
  }
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(threads);
  std::vector<int64_t> errors(threads, 0);
  std::vector<double> client_cpu(threads, 0);
  std::vector<std::thread> workers;
  const double process_cpu_before = ProcessCpuSeconds();
  const double redis_cpu_before = redis ? RedisCpuSeconds(*redis) : 0;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      latencies[t].reserve(1 << 16);
      const double cpu_before = ThreadCpuSeconds();
      for (int64_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
        const auto before = Clock::now();
        const bool ok = call(t, n);
        const auto after = Clock::now();
        if (!ok) ++errors[t];
        latencies[t].push_back(
            std::chrono::duration<double, std::micro>(after - before).count());
      }
      client_cpu[t] = ThreadCpuSeconds() - cpu_before;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  Result r;
  r.method = method;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.process_cpu_seconds = ProcessCpuSeconds() - process_cpu_before;
  if (redis) r.redis_cpu_seconds = RedisCpuSeconds(*redis) - redis_cpu_before;
  for (double cpu : client_cpu) r.client_cpu_seconds += cpu;
  std::vector<double> all;
  for (int t = 0; t < threads; ++t) {
    all.insert(all.end(), latencies[t].begin(), latencies[t].end());
    r.errors += errors[t];
  }
  r.calls = static_cast<int64_t>(all.size());
  std::sort(all.begin(), all.end());
  if (!all.empty()) {
    r.p50_us = all[all.size() / 2];
    r.p99_us = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return r;
}

KeyBytes MeasureKeys(RedisPool& redis, const std::string& pattern,
                     const std::string& skip) {
  KeyBytes total;
  std::string cursor = "0";
  do {
    auto page =
        redis.Command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    if (!page.ok() || (*page)->type != REDIS_REPLY_ARRAY) {
      std::fprintf(stderr, "measuring %s: SCAN failed: %s\n", pattern.c_str(),
                   page.ok() ? "not an array"
                             : std::string(page.status().message()).c_str());
      break;
    }
    cursor = std::string(ReplyString((*page)->element[0]));
    const redisReply* keys = (*page)->element[1];
    for (size_t i = 0; i < keys->elements; ++i) {
      const std::string key(ReplyString(keys->element[i]));
      if (!skip.empty() && key.find(skip) != std::string::npos) continue;
      auto usage = redis.Command({"MEMORY", "USAGE", key, "SAMPLES", "0"});
      if (!usage.ok() || (*usage)->type != REDIS_REPLY_INTEGER) continue;
      ++total.keys;
      total.bytes += (*usage)->integer;
    }
  } while (cursor != "0");
  return total;
}

void PrintResults(const std::vector<Result>& results, double baseline,
                  const std::string& versus) {
  std::printf("%-34s %10s %10s %10s %10s %8s %12s %12s %12s %14s\n", "method",
              "calls", "calls/s", "p50 us", "p99 us", "errors", versus.c_str(),
              "client cores", "server cores", "redis us/call");
  for (const Result& r : results) {
    std::printf(
        "%-34s %10lld %10.0f %10.0f %10.0f %8lld %11.0f%% %12.2f %12.2f "
        "%14.1f\n",
        r.method.c_str(), static_cast<long long>(r.calls), r.qps(), r.p50_us,
        r.p99_us, static_cast<long long>(r.errors), 100.0 * r.qps() / baseline,
        r.client_cores(), r.server_cores(), r.redis_us_per_call());
  }
}

}  // namespace ngoaivu::bench
