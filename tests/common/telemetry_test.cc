// The real registry-server's telemetry: Prometheus metrics scraped from
// --metrics-listen move with the calls made (by method and code, latency,
// Redis commands), and each call leaves one JSON access-log line naming the
// method, code, principal, agency, resource and trace id, never the token.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/support/child_process.h"
#include "tests/support/redis_server.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTrace[] =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr char kGetAgency[] = "ngoaivu.registry.v1.RegistryService/GetAgency";

class TelemetryTest : public ::testing::Test {
 protected:
  TelemetryTest() {
    char pattern[] = "/tmp/ngoaivu-telemetry-XXXXXX";
    dir_ = mkdtemp(pattern);
    std::ofstream(dir_ + "/jwt.key") << testing::kTestJwtSecret;
    grpc_port_ = testing::FreePort();
    metrics_port_ = testing::FreePort();
    server_ = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{
            testing::BinaryPath("registry-server"),
            absl::StrCat("--listen=127.0.0.1:", grpc_port_),
            absl::StrCat("--metrics-listen=127.0.0.1:", metrics_port_),
            "--redis=" + redis_.url(), "--jwt-key-file=" + dir_ + "/jwt.key",
            "--jwt-issuer=ngoaivu-test"},
        dir_ + "/registry.log");
    // The server takes a moment to start: reconnect quickly meanwhile.
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
    channel_ = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", grpc_port_),
                                         grpc::InsecureChannelCredentials(),
                                         arguments);
    stub_ = registry::v1::RegistryService::NewStub(channel_);
    WaitUntilServing();
  }

  ~TelemetryTest() override {
    server_->Stop(SIGTERM);
    std::filesystem::remove_all(dir_);
  }

  void WaitUntilServing() {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    for (int i = 0; i < 100; ++i) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::milliseconds(500));
      context.set_wait_for_ready(true);
      grpc::health::v1::HealthCheckRequest request;
      grpc::health::v1::HealthCheckResponse response;
      if (health->Check(&context, request, &response).ok() &&
          response.status() == response.SERVING) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "registry-server did not start serving";
  }

  // The sum of the scraped samples `name{labels...}` (0 when none).
  double Scrape(const std::string& name,
                const std::vector<std::string>& labels) {
    httplib::Client client("127.0.0.1", metrics_port_);
    auto response = client.Get("/metrics");
    EXPECT_TRUE(response && response->status == 200);
    if (!response) return -1;
    double sum = 0;
    for (absl::string_view line :
         absl::StrSplit(response->body, '\n', absl::SkipEmpty())) {
      if (!absl::StartsWith(line, name + "{") &&
          !absl::StartsWith(line, name + " ")) {
        continue;
      }
      bool all = true;
      for (const std::string& label : labels) {
        all = all && absl::StrContains(line, label);
      }
      double value = 0;
      if (all && absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &value)) {
        sum += value;
      }
    }
    return sum;
  }

  grpc::Status GetAgency(const std::string& name, const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    context.AddMetadata("traceparent", kTrace);
    registry::v1::GetAgencyRequest request;
    request.set_name(name);
    registry::v1::Agency agency;
    return stub_->GetAgency(&context, request, &agency);
  }

  // The access-log lines ("msg": "rpc") the server wrote so far.
  std::vector<nlohmann::json> AccessLog(std::string* whole = nullptr) {
    const std::string text = server_->Log();
    if (whole != nullptr) *whole = text;
    std::vector<nlohmann::json> lines;
    for (absl::string_view line :
         absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      auto json = nlohmann::json::parse(line, nullptr, false);
      if (!json.is_discarded() && json.value("msg", "") == "rpc") {
        lines.push_back(json);
      }
    }
    return lines;
  }

  testing::RedisServer redis_;
  std::string dir_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  std::unique_ptr<testing::ChildProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<registry::v1::RegistryService::Stub> stub_;
};

TEST_F(TelemetryTest, ACallMovesItsCountersAndLatency) {
  const std::vector<std::string> not_found = {
      absl::StrCat("method=\"", kGetAgency, "\""), "code=\"NOT_FOUND\""};
  const std::vector<std::string> refused = {
      absl::StrCat("method=\"", kGetAgency, "\""), "code=\"UNAUTHENTICATED\""};
  const std::vector<std::string> latency = {
      absl::StrCat("method=\"", kGetAgency, "\"")};
  const double calls = Scrape("ngoaivu_rpc_calls_total", not_found);
  const double timed = Scrape("ngoaivu_rpc_duration_seconds_count", latency);
  const double redis_reads =
      Scrape("ngoaivu_redis_command_duration_seconds_count", {});
  EXPECT_EQ(Scrape("ngoaivu_redis_reachable", {}), 1);

  const std::string token = testing::TestToken("viewer", "agencies/SNGV");
  ASSERT_EQ(GetAgency("agencies/NOPE", token).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(GetAgency("agencies/NOPE", token).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(GetAgency("agencies/NOPE", "").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  EXPECT_EQ(Scrape("ngoaivu_rpc_calls_total", not_found), calls + 2);
  EXPECT_EQ(Scrape("ngoaivu_rpc_calls_total", refused), 1);
  EXPECT_EQ(Scrape("ngoaivu_rpc_duration_seconds_count", latency), timed + 3);
  // Redis commands were timed (the reads of the two calls at least).
  EXPECT_GT(Scrape("ngoaivu_redis_command_duration_seconds_count", {}),
            redis_reads);
}

TEST_F(TelemetryTest, EachCallLeavesOneAccessLogLineWithoutItsToken) {
  const std::string token = testing::TestToken("viewer", "agencies/SNGV");
  ASSERT_EQ(GetAgency("agencies/NOPE", token).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(GetAgency("agencies/NOPE", "").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  std::string whole;
  std::vector<nlohmann::json> lines;
  for (int i = 0; i < 50 && lines.size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    lines = AccessLog(&whole);
  }
  ASSERT_EQ(lines.size(), 2u) << whole;
  const nlohmann::json& found = lines[0];
  EXPECT_EQ(found["method"], kGetAgency);
  EXPECT_EQ(found["code"], "NOT_FOUND");
  EXPECT_EQ(found["principal"], "viewer@agencies/SNGV");
  EXPECT_EQ(found["agency"], "agencies/SNGV");
  EXPECT_EQ(found["role"], "viewer");
  EXPECT_EQ(found["resource"], "agencies/NOPE");
  EXPECT_EQ(found["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_THAT(found["peer"].get<std::string>(), HasSubstr("127.0.0.1"));
  double latency = -1;
  EXPECT_TRUE(
      absl::SimpleAtod(found["latency_ms"].get<std::string>(), &latency));
  EXPECT_GE(latency, 0);
  const nlohmann::json& refused = lines[1];
  EXPECT_EQ(refused["code"], "UNAUTHENTICATED");
  EXPECT_EQ(refused["principal"], "");
  EXPECT_EQ(refused["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_THAT(whole, Not(HasSubstr(token)));
  EXPECT_THAT(whole, Not(HasSubstr(token.substr(token.rfind('.') + 1))));
}

}  // namespace
}  // namespace ngoaivu
