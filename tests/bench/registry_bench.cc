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
#include "tests/bench/bench_driver.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::bench {
namespace {

namespace reg = ::ngoaivu::registry::v1;

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
    auto channel = OwnChannel(target, t);
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
  results.push_back(Drive(
      "Noop (baseline)", threads, seconds,
      [&](int t, int64_t n) {
        v1::NoopRequest request;
        request.set_name("agencies/" +
                         code(static_cast<int>((n * 7919 + t) % agencies)));
        v1::NoopResponse response;
        grpc::ClientContext context;
        context.AddMetadata("authorization", token);
        return noops[t]->Noop(&context, request, &response).ok();
      },
      &harness.redis()));
  results.push_back(Drive(
      "GetAgency", threads, seconds,
      [&](int t, int64_t n) {
        reg::GetAgencyRequest request;
        request.set_name(
            "agencies/" +
            code(static_cast<int>(((n < 0 ? -n : n) * 7919 + t) % agencies)));
        reg::Agency response;
        grpc::ClientContext context;
        context.AddMetadata("authorization", token);
        return registry[t]->GetAgency(&context, request, &response).ok();
      },
      &harness.redis()));
  results.push_back(Drive(
      "CreateAgency", threads, seconds,
      [&](int t, int64_t n) {
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
      },
      &harness.redis()));

  std::printf(
      "registry-bench: %d client threads, %.0f s per method, %d agencies, %u "
      "cores\n",
      threads, seconds, agencies, std::thread::hardware_concurrency());
  PrintResults(results, results[0].qps(), "vs baseline");
  for (const Result& r : results) {
    if (r.errors > 0) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace ngoaivu::bench

int main(int argc, char** argv) { return ngoaivu::bench::Run(argc, argv); }
