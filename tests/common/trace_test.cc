// The trace a call or an event belongs to reaches the calls made on its
// behalf deep inside a use case: the registry directory's calls carry the
// current traceparent, and nothing outside any trace.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <mutex>

#include "absl/time/clock.h"
#include "common/registry_client/registry_directory.h"
#include "common/trace_context.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"

namespace ngoaivu {
namespace {

// A registry that answers GetAgency and remembers each call's traceparent.
class RecordingRegistry final : public registry::v1::RegistryService::Service {
 public:
  grpc::Status GetAgency(grpc::ServerContext* context,
                         const registry::v1::GetAgencyRequest* request,
                         registry::v1::Agency* agency) override {
    const auto& metadata = context->client_metadata();
    auto it = metadata.find("traceparent");
    std::lock_guard<std::mutex> lock(mutex_);
    seen_.push_back(it == metadata.end()
                        ? ""
                        : std::string(it->second.data(), it->second.size()));
    agency->set_name(request->name());
    agency->set_display_name("Sở Ngoại vụ");
    return grpc::Status::OK;
  }
  std::vector<std::string> seen() {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> seen_;
};

TEST(TraceTest, CallsToTheRegistryCarryTheCurrentTrace) {
  RecordingRegistry registry;
  grpc::ServerBuilder builder;
  builder.RegisterService(&registry);
  auto server = builder.BuildAndStart();
  RegistryDirectory directory(
      server->InProcessChannel(grpc::ChannelArguments()), "token");
  const std::string trace =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  {
    ScopedTrace scoped(trace);
    ASSERT_TRUE(
        directory.FindAgency("agencies/SNGV", absl::Now() + absl::Seconds(5))
            .ok());
    {
      ScopedTrace inner(
          "00-11111111111111111111111111111111-2222222222222222-01");
      EXPECT_NE(CurrentTraceparent(), trace);
    }
    EXPECT_EQ(CurrentTraceparent(), trace);  // restored
  }
  EXPECT_EQ(CurrentTraceparent(), "");
  ASSERT_TRUE(
      directory.FindAgency("agencies/SCT", absl::Now() + absl::Seconds(5))
          .ok());
  EXPECT_THAT(registry.seen(), ::testing::ElementsAre(trace, ""));
  server->Shutdown();
}

}  // namespace
}  // namespace ngoaivu
