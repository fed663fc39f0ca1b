// registry-bench: throughput and latency of GetAgency and CreateAgency
// against a do-nothing RPC served by the same server, in one run.
//
// It starts its own redis-server and a registry wired as registry-server is
// (tests/support/registry_harness), adds NoopService to the same server, and
// drives each method from --threads client threads, each on its own HTTP/2
// connection, for --seconds after a warm-up. Calls are synchronous and
// back-to-back (a closed loop), so throughput and latency are those of the
// whole path: client, loopback, gRPC, service, Redis.
//
//   build/bin/registry-bench [--seconds 5] [--threads 4] [--agencies 1000]
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "ngoaivu/bench/v1/noop.grpc.pb.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::bench {
namespace {

namespace reg = ::ngoaivu::registry::v1;
using Clock = std::chrono::steady_clock;

class NoopServiceImpl final : public v1::NoopService::Service {
  grpc::Status Noop(grpc::ServerContext*, const v1::NoopRequest*,
                    v1::NoopResponse*) override {
    return grpc::Status::OK;
  }
};

struct Result {
  std::string method;
  int64_t calls = 0;
  int64_t errors = 0;
  double seconds = 0;
  double p50_us = 0, p99_us = 0;
  double qps() const { return calls / seconds; }
};

// One call of the method under test on `thread`'s channel; `n` counts the
// calls that thread made, so each call can have its own input.
using Call = std::function<bool(int thread, int64_t n)>;

Result Drive(const std::string& method, int threads, double seconds,
             const Call& call) {
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
  std::vector<std::thread> workers;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      latencies[t].reserve(1 << 16);
      for (int64_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
        const auto before = Clock::now();
        const bool ok = call(t, n);
        const auto after = Clock::now();
        if (!ok) ++errors[t];
        latencies[t].push_back(
            std::chrono::duration<double, std::micro>(after - before).count());
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  Result r;
  r.method = method;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
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

int Run(int argc, char** argv) {
  double seconds = 5;
  int threads = 4;
  int agencies = 1000;
  CLI::App app{"registry throughput and latency against a do-nothing RPC"};
  app.add_option("--seconds", seconds, "measured seconds per method")
      ->capture_default_str();
  app.add_option("--threads", threads, "client threads, one connection each")
      ->capture_default_str();
  app.add_option("--agencies", agencies, "agencies created before GetAgency")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  NoopServiceImpl noop;
  testing::HarnessOptions options;
  options.extra_services = {&noop};
  testing::RegistryHarness harness(options);
  const std::string target = "127.0.0.1:" + std::to_string(harness.port());
  std::vector<std::unique_ptr<reg::RegistryService::Stub>> registry;
  std::vector<std::unique_ptr<v1::NoopService::Stub>> noops;
  for (int t = 0; t < threads; ++t) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // own connection
    args.SetInt("ngoaivu.bench.channel", t);
    auto channel = grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args);
    registry.push_back(reg::RegistryService::NewStub(channel));
    noops.push_back(v1::NoopService::NewStub(channel));
  }
  const std::string token = "Bearer " + testing::TestToken("admin");
  auto code = [](int i) { return absl::StrFormat("B%06d", i); };
  for (int i = 0; i < agencies; ++i) {
    reg::CreateAgencyRequest request;
    request.set_agency_id(code(i));
    request.mutable_agency()->set_display_name("Sở Ngoại vụ tỉnh Tây Ninh");
    request.mutable_agency()->set_english_name("Department of Foreign Affairs");
    request.mutable_agency()->set_kind(reg::Agency::DEPARTMENT);
    request.set_request_id("seed-" + code(i));
    reg::Agency out;
    grpc::ClientContext context;
    context.AddMetadata("authorization", token);
    if (!registry[0]->CreateAgency(&context, request, &out).ok()) {
      std::fprintf(stderr, "seeding failed\n");
      return 1;
    }
  }

  std::vector<Result> results;
  results.push_back(
      Drive("Noop (baseline)", threads, seconds, [&](int t, int64_t n) {
        v1::NoopRequest request;
        request.set_name("agencies/" +
                         code(static_cast<int>((n * 7919 + t) % agencies)));
        v1::NoopResponse response;
        grpc::ClientContext context;
        context.AddMetadata("authorization", token);
        return noops[t]->Noop(&context, request, &response).ok();
      }));
  results.push_back(Drive("GetAgency", threads, seconds, [&](int t, int64_t n) {
    reg::GetAgencyRequest request;
    request.set_name(
        "agencies/" +
        code(static_cast<int>(((n < 0 ? -n : n) * 7919 + t) % agencies)));
    reg::Agency response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", token);
    return registry[t]->GetAgency(&context, request, &response).ok();
  }));
  results.push_back(
      Drive("CreateAgency", threads, seconds, [&](int t, int64_t n) {
        reg::CreateAgencyRequest request;
        request.set_agency_id(absl::StrFormat(
            "C%02d%s%09d", t, n < 0 ? "W" : "M", n < 0 ? -n : n));
        request.mutable_agency()->set_display_name("Sở Ngoại vụ tỉnh Tây Ninh");
        request.mutable_agency()->set_english_name(
            "Department of Foreign Affairs");
        request.mutable_agency()->set_kind(reg::Agency::DEPARTMENT);
        request.set_request_id(request.agency_id());
        reg::Agency response;
        grpc::ClientContext context;
        context.AddMetadata("authorization", token);
        return registry[t]->CreateAgency(&context, request, &response).ok();
      }));

  const double baseline = results[0].qps();
  std::printf(
      "registry-bench: %d client threads, %.0f s per method, %d agencies, %u "
      "cores\n",
      threads, seconds, agencies, std::thread::hardware_concurrency());
  std::printf("%-16s %10s %10s %10s %10s %8s %12s\n", "method", "calls",
              "calls/s", "p50 us", "p99 us", "errors", "vs baseline");
  for (const Result& r : results) {
    std::printf("%-16s %10lld %10.0f %10.0f %10.0f %8lld %11.0f%%\n",
                r.method.c_str(), static_cast<long long>(r.calls), r.qps(),
                r.p50_us, r.p99_us, static_cast<long long>(r.errors),
                100.0 * r.qps() / baseline);
  }
  for (const Result& r : results) {
    if (r.errors > 0) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace ngoaivu::bench

int main(int argc, char** argv) { return ngoaivu::bench::Run(argc, argv); }
