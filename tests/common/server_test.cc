// The server bootstrap's connection management: a client's connection is
// closed after the maximum connection age (so clients behind a ClusterIP
// Service spread over new replicas), and not before when it is off.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "common/server.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu {
namespace {

using testing::HarnessOptions;
using testing::RegistryHarness;

// The channel's state some time after one call, with the server's maximum
// connection age set to `age_seconds` (grace 1 s).
grpc_connectivity_state StateAfterIdling(int age_seconds) {
  HarnessOptions options;
  options.configure = [age_seconds](ServerSettings* s) {
    s->max_connection_age_seconds = age_seconds;
    s->max_connection_age_grace_seconds = 1;
  };
  RegistryHarness registry(options);
  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(registry.port()),
                          grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  const grpc_connectivity_state state = channel->GetState(false);
  // Whatever happened, the next call goes through.
  grpc::ClientContext again;
  EXPECT_TRUE(health->Check(&again, request, &response).ok());
  return state;
}

TEST(ServerTest, ClientsAreAskedToReconnectAfterTheMaximumConnectionAge) {
  EXPECT_NE(StateAfterIdling(1), GRPC_CHANNEL_READY);
}

TEST(ServerTest, WithoutAMaximumAgeAnIdleConnectionStays) {
  EXPECT_EQ(StateAfterIdling(0), GRPC_CHANNEL_READY);
}

// The metrics server notices a stop only when its accept poll returns (up
// to 2 s later); a shutdown does not wait that out. Three starts and stops,
// so a stop that merely happened to fall near the poll's end does not pass.
TEST(ServerTest, ShutdownDoesNotWaitForTheMetricsServersPoll) {
  for (int round = 0; round < 3; ++round) {
    ServerSettings settings;
    settings.listen = "127.0.0.1:0";
    settings.metrics_listen = "127.0.0.1:0";
    settings.shutdown_grace_seconds = 1;
    auto host = std::make_unique<ServiceHost>(settings, nullptr);
    ASSERT_TRUE(host->Start().ok());
    ASSERT_GT(host->metrics_port(), 0);
    // Let the metrics server settle into its poll.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto started = std::chrono::steady_clock::now();
    host.reset();  // shut down and gone, as at the end of main()
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_LT(took, std::chrono::milliseconds(800)) << "round " << round;
  }
}

}  // namespace
}  // namespace ngoaivu
