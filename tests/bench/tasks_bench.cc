// tasks-bench: does listing one agency's obligations and building the
// programme report stay as fast with 100,000 obligations as with 1,000?
//
// It starts its own redis-server, a registry and a tasks service wired as
// tasks-server is (tests/support/tasks_harness), and one ACTIVE programme.
// Phase 1 puts 1,000 obligations in it (50 agencies × 20 duties, one year)
// and measures ListObligations (one agency, first page of 20) and
// GetProgrammeReport; phase 2 grows the same programme to 100,000
// obligations (the same 50 agencies × 100 duties × 20 years, a quarter
// submitted, most of the rest overdue) and measures the same calls again.
// Obligations are written through the store's real write path (the guarded
// write with its counters, indexes, event and history), not the API, to keep
// seeding short. The ratio of the two phases is the point: it is ~1 when
// neither call scans.
//
//   build/bin/tasks-bench [--seconds 5] [--threads 4] [--large 100000]
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/ids.h"
#include "services/tasks/tasks_names.h"
#include "tests/bench/bench_driver.h"
#include "tests/support/seed.h"
#include "tests/support/tasks_harness.h"

namespace ngoaivu::bench {
namespace {

namespace v1 = ::ngoaivu::tasks::v1;

constexpr int kAgencies = 50;
constexpr int kDuties = 100;
constexpr char kProgrammeId[] = "bench";
constexpr int kPageSize = 20;

std::string AgencyCode(int i) { return absl::StrFormat("A%02d", i); }

// Obligation `i` of the data set: agency i % 50, duty (i / 50) % 100, year
// 2007 + i / 5000; the first 1,000 are one year of 20 duties.
v1::Obligation ObligationNumber(int i, absl::Time now) {
  const std::string agency = "agencies/" + AgencyCode(i % kAgencies);
  const std::string duty = absl::StrFormat("d%03d", (i / kAgencies) % kDuties);
  const int year = 2007 + i / (kAgencies * kDuties);
  v1::Obligation o;
  o.set_name(tasks::ObligationName(
      {kProgrammeId, duty, tasks::ObligationId(std::to_string(year), agency)}));
  o.set_agency(agency);
  o.set_role(v1::Obligation::LEAD);
  o.set_section(absl::StrFormat("IV.%d", 1 + (i / kAgencies) % 12));
  o.set_period(std::to_string(year));
  *o.mutable_open_date() = ToDate(absl::CivilDay(year, 8, 1));
  *o.mutable_due_date() = ToDate(absl::CivilDay(year, 9, 30));
  o.set_state(i % 4 == 0 ? v1::Obligation::SUBMITTED : v1::Obligation::OPEN);
  o.set_percent_complete(i % 4 == 0 ? 100 : (i * 7) % 90);
  const auto stamp = ToTimestamp(now);
  *o.mutable_create_time() = stamp;
  *o.mutable_update_time() = stamp;
  o.set_etag(NewEtag());
  return o;
}

// Waits until Redis has no append-only-file rewrite running or scheduled:
// the growth a phase's seeding causes triggers one, and a fork rewriting
// the file on the same two cores would be measured as the calls' cost.
void WaitForQuietRedis(RedisPool& redis) {
  const absl::Time start = absl::Now();
  for (int i = 0; i < 600; ++i) {
    auto info = redis.Command({"INFO", "persistence"});
    if (info.ok()) {
      const std::string text(ReplyString(info->get()));
      if (absl::StrContains(text, "aof_rewrite_in_progress:0") &&
          absl::StrContains(text, "aof_rewrite_scheduled:0")) {
        break;
      }
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  std::printf("redis quiet after %.1f s\n",
              absl::ToDoubleSeconds(absl::Now() - start));
}

// Writes obligations [from, to) from `threads` threads.
bool Seed(tasks::TasksStore& store, int from, int to, int threads,
          absl::Time now) {
  std::atomic<int> next{from};
  std::atomic<bool> failed{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&] {
      for (int i = next++; i < to && !failed; i = next++) {
        const v1::Obligation o = ObligationNumber(i, now);
        events::v1::Event event;
        event.set_id(NewUuid());
        event.set_type("ngoaivu.tasks.v1.obligation.opened");
        event.set_subject(o.name());
        event.mutable_data()->PackFrom(o);
        Mutation mutation;
        mutation.events.push_back(std::move(event));
        mutation.deadline = absl::Now() + absl::Seconds(10);
        auto opened = store.OpenObligation(tasks::NewObligation(o), mutation);
        if (!opened.ok() || !*opened) {
          std::fprintf(stderr, "seeding %s failed: %s\n", o.name().c_str(),
                       opened.status().ToString().c_str());
          failed = true;
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  return !failed;
}

// What `obligations` obligations cost in Redis, per obligation: the
// record, each index, the history, the events, and the whole (INFO
// used_memory since before seeding).
void PrintMemory(const RedisEndpoint& endpoint, int obligations,
                 int64_t used_before) {
  // A pool of its own, without a health probe: counting a key of a million
  // entries holds Redis long enough for the services' probes to mark their
  // pools unreachable.
  RedisPool::Options options;
  options.endpoint = endpoint;
  options.size = 1;
  options.command_timeout = absl::Seconds(60);
  RedisPool redis(options);
  struct Part {
    const char* what;
    KeyBytes bytes;
  };
  const Part parts[] = {
      {"record (hash: pb, etag, state, ...)",
       MeasureKeys(redis, "{tasks}:obligation:*")},
      {"index: duty's obligations",
       MeasureKeys(redis, "{tasks}:duty:*:obligations")},
      {"index: agency's obligations",
       MeasureKeys(redis, "{tasks}:agency:*:obligations")},
      {"index: awaited by day (report, reminders)",
       MeasureKeys(redis, "{tasks}:programme:*:awaited-by-day")},
      {"index: awaited by report group",
       MeasureKeys(redis, "{tasks}:programme:*:awaited:*")},
      {"history (one entry each)",
       MeasureKeys(redis, "{tasks}:history:programmes/*/obligations/*")},
      {"events (stream)", MeasureKeys(redis, "{tasks}:events")},
  };
  std::printf("\nRedis bytes per obligation at %d obligations:\n", obligations);
  for (const Part& p : parts) {
    std::printf("  %-42s %8.0f B  (%lld keys)\n", p.what,
                static_cast<double>(p.bytes.bytes) / obligations,
                static_cast<long long>(p.bytes.keys));
  }
  const int64_t used = RedisUsedMemory(redis);
  std::printf("  %-38s %8.0f B\n", "all (used_memory growth)",
              static_cast<double>(used - used_before) / obligations);
}

int Run(int argc, char** argv) {
  double seconds = 5;
  int threads = 4;
  int small = 1000;
  int large = 100000;
  CLI::App app{"tasks: list and report with 1,000 vs 100,000 obligations"};
  app.add_option("--seconds", seconds, "measured seconds per method")
      ->capture_default_str();
  app.add_option("--threads", threads, "client threads, one connection each")
      ->capture_default_str();
  app.add_option("--small", small, "obligations in phase 1")
      ->capture_default_str();
  app.add_option("--large", large, "obligations in phase 2")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (small < kAgencies * kPageSize || large <= small ||
      large > kAgencies * kDuties * 200) {
    std::fprintf(stderr, "need 1000 <= small < large <= 1000000\n");
    return 2;
  }

  testing::TasksHarness h(absl::CivilDay(2026, 6, 1));
  std::vector<std::string> codes{"UBND"};
  for (int i = 0; i < kAgencies; ++i) codes.push_back(AgencyCode(i));
  testing::SeedAgencies(h.registry(), codes);
  const std::string token =
      "Bearer " + testing::TestToken("coordinator", "agencies/SNGV");
  {
    v1::CreateProgrammeRequest create;
    create.set_programme_id(kProgrammeId);
    create.mutable_programme()->set_decision_number("1/QĐ-UBND");
    *create.mutable_programme()->mutable_decision_date() =
        ToDate(absl::CivilDay(2006, 1, 1));
    create.mutable_programme()->set_issuing_body("agencies/UBND");
    create.mutable_programme()->set_title("Chương trình đo tốc độ");
    v1::Section* four = create.mutable_programme()->add_sections();
    four->set_number("IV");
    create.set_request_id("bench-programme");
    v1::Programme programme;
    grpc::ClientContext context;
    context.AddMetadata("authorization", token);
    v1::ActivateProgrammeRequest activate;
    activate.set_name("programmes/bench");
    activate.set_request_id("bench-activate");
    grpc::ClientContext activation;
    activation.AddMetadata("authorization",
                           "Bearer " + testing::TestToken("approver"));
    if (!h.stub().CreateProgramme(&context, create, &programme).ok() ||
        !h.stub().ActivateProgramme(&activation, activate, &programme).ok()) {
      std::fprintf(stderr, "creating the programme failed\n");
      return 1;
    }
  }

  const std::string target = "127.0.0.1:" + std::to_string(h.port());
  std::vector<std::unique_ptr<v1::TasksService::Stub>> stubs;
  for (int t = 0; t < threads; ++t) {
    stubs.push_back(v1::TasksService::NewStub(OwnChannel(target, t)));
  }
  auto list_page = [&](int t, int64_t n) {
    v1::ListObligationsRequest request;
    request.set_agency("agencies/" + AgencyCode(static_cast<int>(
                                         (n < 0 ? -n : n) % kAgencies)));
    request.set_page_size(kPageSize);
    v1::ListObligationsResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", token);
    return stubs[t]->ListObligations(&context, request, &response).ok() &&
           response.obligations_size() == kPageSize;
  };
  auto report = [&](int t, int64_t) {
    v1::GetProgrammeReportRequest request;
    request.set_name("programmes/bench");
    v1::ProgrammeReport response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", token);
    return stubs[t]->GetProgrammeReport(&context, request, &response).ok() &&
           response.total().total() > 0;
  };

  std::vector<Result> results;
  const absl::Time seeded_at = absl::Now();
  const int64_t used_before = RedisUsedMemory(h.registry().redis());
  absl::Time start = absl::Now();
  if (!Seed(h.store(), 0, small, threads, seeded_at)) return 1;
  std::printf("phase 1: %d obligations written in %.1f s\n", small,
              absl::ToDoubleSeconds(absl::Now() - start));
  WaitForQuietRedis(h.registry().redis());
  const std::string small_label = absl::StrFormat(" @ %d", small);
  results.push_back(Drive("ListObligations" + small_label, threads, seconds,
                          list_page, &h.registry().redis()));
  results.push_back(Drive("GetProgrammeReport" + small_label, threads, seconds,
                          report, &h.registry().redis()));

  start = absl::Now();
  if (!Seed(h.store(), small, large, threads, seeded_at)) return 1;
  std::printf("phase 2: %d more obligations written in %.1f s\n", large - small,
              absl::ToDoubleSeconds(absl::Now() - start));
  WaitForQuietRedis(h.registry().redis());
  PrintMemory(h.registry().redis().options().endpoint, large, used_before);
  const std::string large_label = absl::StrFormat(" @ %d", large);
  results.push_back(Drive("ListObligations" + large_label, threads, seconds,
                          list_page, &h.registry().redis()));
  results.push_back(Drive("GetProgrammeReport" + large_label, threads, seconds,
                          report, &h.registry().redis()));

  std::printf(
      "tasks-bench: %d client threads, %.0f s per method, %d agencies, page "
      "of %d, %u cores\n",
      threads, seconds, kAgencies, kPageSize,
      std::thread::hardware_concurrency());
  PrintResults({results[0], results[2]}, results[0].qps(),
               absl::StrFormat("vs %d", small));
  PrintResults({results[1], results[3]}, results[1].qps(),
               absl::StrFormat("vs %d", small));
  for (const Result& r : results) {
    if (r.errors > 0) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace ngoaivu::bench

int main(int argc, char** argv) { return ngoaivu::bench::Run(argc, argv); }
