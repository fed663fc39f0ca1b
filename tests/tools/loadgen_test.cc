// The load generator's own logic: percentiles, the saturation rule and
// search, scenario files, and an open-loop run against a real gRPC server
// whose answers are slow on purpose (latency counted from the due time,
// not from the send).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tools/loadgen/latency_histogram.h"
#include "tools/loadgen/open_loop.h"
#include "tools/loadgen/saturation.h"
#include "tools/loadgen/scenario.h"

namespace ngoaivu::loadgen {
namespace {

TEST(LatencyHistogramTest, PercentilesWithinTheBucketPrecision) {
  LatencyHistogram h;
  for (int v = 1; v <= 10000; ++v) h.Record(v);
  EXPECT_EQ(h.count(), 10000);
  EXPECT_NEAR(h.Percentile(0.50), 5000, 5000 * 0.02);
  EXPECT_NEAR(h.Percentile(0.99), 9900, 9900 * 0.02);
  EXPECT_EQ(h.Percentile(1.0), 10000);
  EXPECT_EQ(h.max(), 10000);
  LatencyHistogram small;
  small.Record(3);
  small.Record(-5);  // a clock step backwards counts as 0
  EXPECT_EQ(small.Percentile(0.5), 0);
  EXPECT_EQ(small.Percentile(1.0), 3);
  EXPECT_EQ(LatencyHistogram().Percentile(0.99), 0);
}

LoadResult RunOf(double target, double achieved, int64_t p99_us,
               int64_t errors = 0) {
  LoadResult r;
  r.target_rate = target;
  r.achieved_rate = achieved;
  r.all.calls = static_cast<int64_t>(achieved * 5);
  r.all.errors = errors;
  r.all.p99_us = p99_us;
  return r;
}

TEST(SaturationTest, LimitsAreP99ErrorsAndTheRateAnswered) {
  Limits limits;
  std::string why;
  EXPECT_TRUE(WithinLimits(RunOf(1000, 1000, 49'000), limits, &why));
  EXPECT_FALSE(WithinLimits(RunOf(1000, 1000, 51'000), limits, &why));
  EXPECT_THAT(why, ::testing::HasSubstr("p99"));
  EXPECT_FALSE(WithinLimits(RunOf(1000, 1000, 1'000, 100), limits, &why));
  EXPECT_THAT(why, ::testing::HasSubstr("errors"));
  EXPECT_FALSE(WithinLimits(RunOf(1000, 900, 1'000), limits, &why));
  EXPECT_THAT(why, ::testing::HasSubstr("answered"));
}

TEST(SaturationTest, SearchFindsTheHighestRateWithinTheLimits) {
  // A server whose p99 passes 50 ms above 3,000 calls/s.
  auto server = [](double rate) {
    return RunOf(rate, rate, rate <= 3000 ? 2'000 : 80'000);
  };
  SearchOptions search;
  search.from = 1000;
  search.factor = 2;
  search.refinements = 3;
  const Saturation s = FindSaturation(server, search, Limits(), nullptr);
  // 1000, 2000 pass, 4000 fails; then 3000 passes, 3500 and 3250 fail.
  EXPECT_EQ(s.rate, 3000);
  EXPECT_EQ(s.runs.size(), 6u);
}

TEST(ScenarioTest, ParsesOperationsAndRefusesIncompleteFiles) {
  auto s = ParseScenario(
      "name: day\nbaseline: tasks\noperations:\n"
      "  - {op: get_agency, weight: 3}\n  - {op: file_report}\n");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->baseline, "tasks");
  ASSERT_EQ(s->operations.size(), 2u);
  EXPECT_EQ(s->operations[0].weight, 3);
  EXPECT_EQ(s->operations[1].weight, 1);
  EXPECT_FALSE(ParseScenario("name: x\noperations: []\n").ok());
  EXPECT_FALSE(ParseScenario("name: x\nbaseline: tasks\noperations:\n"
                             "  - {op: get_agency, weight: 0}\n")
                   .ok());
  EXPECT_FALSE(ParseScenario("[not, a, map").ok());
}

// An operation that answers after `delay`, on a thread of its own.
class Slow : public Operation {
 public:
  explicit Slow(std::chrono::milliseconds delay) : delay_(delay) {}
  void Start(int64_t, std::chrono::system_clock::time_point,
             Done done) override {
    ++started;
    std::thread([this, done] {
      std::this_thread::sleep_for(delay_);
      done(grpc::Status::OK);
    }).detach();
  }
  std::atomic<int> started{0};

 private:
  std::chrono::milliseconds delay_;
};

class Failing : public Operation {
 public:
  void Start(int64_t, std::chrono::system_clock::time_point,
             Done done) override {
    done(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
  }
};

TEST(OpenLoopTest, SendsAtTheRateWhateverTheAnswersTakeAndCountsEveryCode) {
  auto slow = std::make_shared<Slow>(std::chrono::milliseconds(20));
  auto failing = std::make_shared<Failing>();
  LoadOptions options;
  options.rate = 400;
  options.seconds = 1;
  options.warmup_seconds = 0.2;
  int windows = 0;
  const LoadResult r = RunOpenLoop({{"slow", 3, slow}, {"failing", 1, failing}},
                                   options, [&](bool) { ++windows; });
  EXPECT_EQ(windows, 2);
  // Open loop: 400/s for 1.2 s sent, though each answer takes 20 ms (a
  // closed loop of one would have sent 60).
  EXPECT_NEAR(slow->started.load() + 0.0, 0.75 * 480, 20);
  EXPECT_NEAR(r.achieved_rate, 400, 20);
  EXPECT_NEAR(r.by_operation.at("slow").calls, 300, 10);
  EXPECT_GE(r.by_operation.at("slow").p50_us, 20'000);
  EXPECT_EQ(r.by_operation.at("failing").errors,
            r.by_operation.at("failing").calls);
  EXPECT_EQ(r.codes.at("UNAVAILABLE"), r.all.errors);
  EXPECT_EQ(r.codes.at("OK"), r.by_operation.at("slow").calls);
}

}  // namespace
}  // namespace ngoaivu::loadgen
