// Paging under concurrent inserts, and behaviour while Redis is away.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::registry {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::RegistryHarness;

grpc::Status CreateAgency(RegistryHarness& h, const std::string& code) {
  v1::CreateAgencyRequest request;
  request.set_agency_id(code);
  request.mutable_agency()->set_display_name("Cơ quan " + code);
  request.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
  request.set_request_id("create-" + code);
  v1::Agency out;
  return h.stub().CreateAgency(Context().get(), request, &out);
}

TEST(RegistryConsistencyTest, PagingWhileInsertingSeesEachExistingAgencyOnce) {
  RegistryHarness h;
  constexpr int kExisting = 2000;
  // Create in parallel to keep the test short.
  std::vector<std::thread> creators;
  for (int t = 0; t < 8; ++t) {
    creators.emplace_back([&, t] {
      for (int i = t; i < kExisting; i += 8) {
        ASSERT_TRUE(CreateAgency(h, absl::StrFormat("E%05d", i)).ok());
      }
    });
  }
  for (auto& t : creators) t.join();

  // Others keep inserting, before, between and after existing codes.
  std::atomic<bool> stop{false};
  std::atomic<int> inserted{0};
  std::thread inserter([&] {
    for (int i = 0; !stop.load() && i < 5000; ++i) {
      const char* prefixes[] = {"A", "E%05dX", "Z"};
      std::string code = i % 3 == 1
                             ? absl::StrFormat("E%05dX", (i * 7) % kExisting)
                             : absl::StrCat(prefixes[i % 3], "N", i);
      if (CreateAgency(h, code).ok()) ++inserted;
    }
  });
  std::map<std::string, int> seen;
  v1::ListAgenciesRequest request;
  request.set_page_size(37);
  int pages = 0;
  do {
    v1::ListAgenciesResponse response;
    ASSERT_TRUE(
        h.stub().ListAgencies(Context().get(), request, &response).ok());
    for (const auto& a : response.agencies()) ++seen[a.name()];
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  stop = true;
  inserter.join();

  EXPECT_GT(inserted.load(), 0);
  for (int i = 0; i < kExisting; ++i) {
    const std::string name = absl::StrFormat("agencies/E%05d", i);
    ASSERT_EQ(seen[name], 1) << name;
  }
  for (const auto& [name, count] : seen) ASSERT_EQ(count, 1) << name;
  EXPECT_GE(pages, kExisting / 37);
}

TEST(RegistryConsistencyTest,
     RedisOutageIsUnavailableWithinDeadlineAndRecovers) {
  RegistryHarness h;
  ASSERT_TRUE(CreateAgency(h, "SNGV").ok());
  ASSERT_EQ(h.HealthOf("ngoaivu.registry.v1.RegistryService"), "SERVING");

  h.redis_server().Stop();
  v1::GetAgencyRequest get;
  get.set_name("agencies/SNGV");
  v1::Agency out;
  const auto start = std::chrono::steady_clock::now();
  grpc::Status status = h.stub().GetAgency(Context(2).get(), get, &out);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(status.error_code(), grpc::UNAVAILABLE) << status.error_message();
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_EQ(CreateAgency(h, "SCT").error_code(), grpc::UNAVAILABLE);
  // Health follows within a few probe intervals.
  std::string health;
  for (int i = 0; i < 50; ++i) {
    health = h.HealthOf("ngoaivu.registry.v1.RegistryService");
    if (health == "NOT_SERVING") break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(health, "NOT_SERVING");
  EXPECT_EQ(h.HealthOf(""), "NOT_SERVING");
  // Liveness says the process is alive: a Redis outage restarts no pod.
  EXPECT_EQ(h.HealthOf("liveness"), "SERVING");
  // Meanwhile a write fails at once instead of waiting out its timeout.
  const auto write_start = std::chrono::steady_clock::now();
  EXPECT_EQ(CreateAgency(h, "SVHTTDL").error_code(), grpc::UNAVAILABLE);
  EXPECT_LT(std::chrono::steady_clock::now() - write_start,
            std::chrono::milliseconds(200));

  h.redis_server().Start();  // same port, same AOF: the data comes back
  for (int i = 0; i < 50; ++i) {
    health = h.HealthOf("ngoaivu.registry.v1.RegistryService");
    if (health == "SERVING") break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(health, "SERVING");
  ASSERT_TRUE(h.stub().GetAgency(Context().get(), get, &out).ok());
  EXPECT_EQ(out.name(), "agencies/SNGV");
  EXPECT_TRUE(CreateAgency(h, "SCT").ok());
}

TEST(RegistryConsistencyTest, HungRedisTimesOutAsUnavailableNotAHang) {
  RegistryHarness h;
  ASSERT_TRUE(CreateAgency(h, "SNGV").ok());
  h.redis_server().Pause();
  // Cached reads stay correct while Redis is merely stalled (nothing can
  // change); once the health probe gives up on Redis, reads go to Redis.
  std::string health;
  for (int i = 0; i < 100 && health != "NOT_SERVING"; ++i) {
    health = h.HealthOf("ngoaivu.registry.v1.RegistryService");
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(health, "NOT_SERVING");
  v1::GetAgencyRequest get;
  get.set_name("agencies/SNGV");
  v1::Agency out;
  const auto start = std::chrono::steady_clock::now();
  grpc::Status status = h.stub().GetAgency(Context(3).get(), get, &out);
  const auto took = std::chrono::steady_clock::now() - start;
  // The Redis command timeout (1 s here) ends the wait, well within 3 s.
  EXPECT_EQ(status.error_code(), grpc::UNAVAILABLE) << status.error_message();
  EXPECT_LT(took, std::chrono::milliseconds(2500));
  // A call whose own deadline is shorter than the command timeout ends by it.
  const auto start_short = std::chrono::steady_clock::now();
  status = h.stub().GetAgency(Context(0.3).get(), get, &out);
  const auto took_short = std::chrono::steady_clock::now() - start_short;
  EXPECT_TRUE(status.error_code() == grpc::DEADLINE_EXCEEDED ||
              status.error_code() == grpc::UNAVAILABLE)
      << status.error_code();
  EXPECT_LT(took_short, std::chrono::milliseconds(1000));
  h.redis_server().Resume();
  for (int i = 0; i < 50; ++i) {
    if (h.stub().GetAgency(Context().get(), get, &out).ok()) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(h.stub().GetAgency(Context().get(), get, &out).ok());
}

}  // namespace
}  // namespace ngoaivu::registry

namespace ngoaivu::registry {
namespace {

TEST(RegistryConsistencyTest, ChangesThroughAnotherReplicaShowInGetAgency) {
  RegistryHarness h;
  ASSERT_TRUE(CreateAgency(h, "SNGV").ok());
  v1::GetAgencyRequest get;
  get.set_name("agencies/SNGV");
  v1::Agency before;
  ASSERT_TRUE(
      h.stub().GetAgency(Context().get(), get, &before).ok());  // cached

  // A second replica: its own connections, no shared memory.
  RedisPool::Options options;
  options.endpoint = *ParseRedisUrl(h.redis_server().url());
  RedisPool pool(options);
  RedisFunctions functions(&pool, "registry");
  RedisRegistryStore store(&pool, &functions, 1000);
  SystemClock clock;
  Registry other(&store, &clock, PageTokens("ngoaivu-local-page-token-key"),
                 absl::Hours(1));
  v1::UpdateAgencyRequest update;
  update.mutable_agency()->set_name("agencies/SNGV");
  update.mutable_agency()->set_english_name("Changed elsewhere");
  update.mutable_update_mask()->add_paths("english_name");
  update.set_request_id("elsewhere");
  CallContext call;
  call.deadline = absl::Now() + absl::Seconds(5);
  ASSERT_TRUE(other.UpdateAgency(call, update).ok());

  v1::Agency after;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(h.stub().GetAgency(Context().get(), get, &after).ok());
    if (after.english_name() == "Changed elsewhere") break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(after.english_name(), "Changed elsewhere");
}

}  // namespace
}  // namespace ngoaivu::registry
