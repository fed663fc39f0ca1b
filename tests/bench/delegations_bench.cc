// delegations-bench: does approving a delegation (its rules, the
// per-official overlap and trips-per-year checks inside the atomic write,
// the decision and the statistics counters) and reading the statistics
// stay as fast with 100,000 historical delegations as with 1,000, and how
// do they compare with a do-nothing RPC served by the same server?
//
// It starts its own redis-server, a registry and a delegations service
// wired as delegations-server is (tests/support/delegations_harness), with
// the do-nothing RPC beside it. Officials are created through the
// registry's API and reach the delegations service's read model through
// the bus. Historical delegations (2006-2025, approved, three of the same
// officials each, some inbound) are written through the store's real write path
// (guarded write, indexes, counters, event, history), not the API, to keep
// seeding short; so are the FORWARDED delegations each approval call consumes
// (two officials each, on dates no other trip of theirs meets). Phase 1
// measures with 1,000 historical delegations, phase 2 with 100,000.
//
//   build/bin/delegations-bench [--seconds 5] [--threads 4] [--large 100000]
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/ids.h"
#include "services/delegations/delegation_statistics.h"
#include "tests/bench/bench_driver.h"
#include "tests/support/delegations_harness.h"
#include "tests/support/seed.h"

namespace ngoaivu::bench {
namespace {

namespace dv1 = ::ngoaivu::delegations::v1;
using D = dv1::Delegation;

constexpr int kApprovalOfficials = 3000;
// Trips of an approving official: three a year (the limit), 2026-2031.
constexpr int kSlots = 18;
const char* const kCountries[] = {"KH", "CN", "TH", "SG", "LA",
                                  "KR", "JP", "MY", "US", "FR"};
const char* const kAgencies[] = {"UBND", "SNGV", "SCT", "SKHDT"};

std::string Official(const char* prefix, int i) {
  return absl::StrFormat("agencies/SCT/officials/%s%04d", prefix, i);
}

// Historical delegation `i`: approved, 2006-2025, three officials.
D Historical(int i, absl::Time now) {
  D d;
  d.set_name(absl::StrFormat("delegations/h%06d", i));
  d.set_direction(i % 5 == 0 ? D::INBOUND : D::OUTBOUND);
  d.set_title("Đoàn lịch sử (đo tốc độ)");
  d.set_purpose(static_cast<D::Purpose>(1 + i % 7));
  d.set_agency(absl::StrCat("agencies/", kAgencies[i % 4]));
  const absl::CivilDay start =
      absl::CivilDay(2006, 1, 1) + (i * 7919) % (20 * 365);
  *d.mutable_start_date() = ToDate(start);
  *d.mutable_end_date() = ToDate(start + 4);
  if (d.direction() == D::INBOUND) {
    d.set_visitor_kind(static_cast<D::VisitorKind>(1 + i % 10));
    d.set_visitors_country(kCountries[i % 10]);
    for (int m = 0; m < 3; ++m) d.add_members()->set_full_name("Khách");
  } else {
    auto* dest = d.add_destinations();
    dest->set_country(kCountries[i % 10]);
    dest->set_days(5);
    for (int m = 0; m < 3; ++m) {
      // The officials the approvals will check: their history is what
      // the per-official index must not scan.
      d.add_members()->set_official(
          Official("a", (i * 3 + m) % kApprovalOfficials));
    }
  }
  d.set_funding(D::STATE_BUDGET);
  d.set_classification(D::NORMAL);
  d.set_state(D::APPROVED);
  auto* decision = d.add_decisions();
  decision->set_number(absl::StrCat(i + 1, "/QĐ-UBND"));
  *decision->mutable_date() = ToDate(start - 10);
  *d.mutable_create_time() = ToTimestamp(now);
  *d.mutable_update_time() = ToTimestamp(now);
  d.set_etag(NewEtag());
  return d;
}

// Forwarded delegation `j`, for one approval call: two approving officials
// in a slot of theirs no other delegation uses.
D Forwarded(int j, absl::Time now) {
  D d;
  d.set_name(absl::StrFormat("delegations/f%06d", j));
  d.set_direction(D::OUTBOUND);
  d.set_title("Đoàn xúc tiến thương mại (đo tốc độ)");
  d.set_purpose(D::INVESTMENT_AND_TRADE_PROMOTION);
  d.set_agency("agencies/SCT");
  const int first = (2 * j) % kApprovalOfficials;
  const int slot = (2 * j) / kApprovalOfficials;
  const absl::CivilDay start(2026 + slot / 3, 3 + 3 * (slot % 3), 1);
  *d.mutable_start_date() = ToDate(start);
  *d.mutable_end_date() = ToDate(start + 4);
  auto* dest = d.add_destinations();
  dest->set_country(kCountries[j % 10]);
  dest->set_days(5);
  d.add_members()->set_official(Official("a", first));
  d.add_members()->set_official(Official("a", first + 1));
  d.set_funding(D::STATE_BUDGET);
  d.set_classification(D::NORMAL);
  d.set_state(D::FORWARDED);
  // Submitted in time, months before it leaves.
  *d.mutable_submit_time() = ToTimestamp(absl::FromCivil(
      absl::CivilDay(2026, 1, 2), absl::FixedTimeZone(7 * 3600)));
  *d.mutable_create_time() = ToTimestamp(now);
  *d.mutable_update_time() = ToTimestamp(now);
  d.set_etag(NewEtag());
  return d;
}

// Writes `make(i)` for i in [from, to) from `threads` threads.
template <typename Make>
bool Seed(delegations::DelegationsStore& store, int from, int to, int threads,
          bool approved, const Make& make) {
  std::atomic<int> next{from};
  std::atomic<bool> failed{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&] {
      for (int i = next++; i < to && !failed; i = next++) {
        delegations::DelegationWrite write(make(i));
        if (approved) {
          delegations::AddCounts(write.next, +1, &write.statistics);
          delegations::AddDecisions(write.next, 1, &write.statistics);
        }
        events::v1::Event event;
        event.set_id(NewUuid());
        event.set_type("ngoaivu.delegations.v1.delegation.created");
        event.set_subject(write.next.name());
        event.mutable_data()->PackFrom(write.next);
        Mutation mutation;
        mutation.events.push_back(std::move(event));
        mutation.deadline = absl::Now() + absl::Seconds(10);
        auto saved = store.SaveDelegation(write, mutation);
        if (!saved.ok()) {
          std::fprintf(stderr, "seeding %s failed: %s\n",
                       write.next.name().c_str(),
                       saved.status().ToString().c_str());
          failed = true;
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  return !failed;
}

bool SeedOfficials(testing::DelegationsHarness& h, const char* prefix, int n,
                   int threads) {
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&] {
      for (int i = next++; i < n && !failed; i = next++) {
        registry::v1::CreateOfficialRequest r;
        r.set_parent("agencies/SCT");
        r.set_official_id(absl::StrFormat("%s%04d", prefix, i));
        r.mutable_official()->set_full_name(absl::StrFormat("Cán bộ %d", i));
        r.mutable_official()->set_position("Chuyên viên");
        r.set_request_id(absl::StrFormat("official-%s%d", prefix, i));
        registry::v1::Official out;
        failed =
            failed || !h.registry()
                           .stub()
                           .CreateOfficial(testing::Context().get(), r, &out)
                           .ok();
      }
    });
  }
  for (auto& w : writers) w.join();
  return !failed;
}

int Run(int argc, char** argv) {
  double seconds = 5;
  int threads = 4;
  int small = 1000;
  int large = 100000;
  CLI::App app{"delegations: approve and statistics, 1,000 vs 100,000"};
  app.add_option("--seconds", seconds, "measured seconds per method")
      ->capture_default_str();
  app.add_option("--threads", threads, "client threads, one connection each")
      ->capture_default_str();
  app.add_option("--small", small, "historical delegations in phase 1")
      ->capture_default_str();
  app.add_option("--large", large, "historical delegations in phase 2")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (small < 100 || large <= small || large > 1000000) {
    std::fprintf(stderr, "need 100 <= small < large <= 1000000\n");
    return 2;
  }

  NoopServiceImpl noop;
  testing::DelegationsHarness h(absl::CivilDay(2026, 1, 5), {&noop});
  testing::SeedAgencies(h.registry(), {"UBND", "SNGV", "SCT", "SKHDT"});
  testing::SeedOfficial(h.registry(), "UBND", "vice", "Trần Thị Phó",
                        "Phó Chủ tịch");
  absl::Time start = absl::Now();
  if (!SeedOfficials(h, "a", kApprovalOfficials, threads)) {
    std::fprintf(stderr, "creating officials failed\n");
    return 1;
  }
  h.FollowRegistry();
  std::printf("%d officials created and followed in %.1f s\n",
              kApprovalOfficials, absl::ToDoubleSeconds(absl::Now() - start));

  // Enough forwarded delegations for both phases' approvals.
  const int approvals = kApprovalOfficials / 2 * kSlots;
  const absl::Time now = absl::Now();
  start = absl::Now();
  if (!Seed(h.store(), 0, approvals, threads, false,
            [&](int j) { return Forwarded(j, now); })) {
    return 1;
  }
  std::printf("%d forwarded delegations written in %.1f s\n", approvals,
              absl::ToDoubleSeconds(absl::Now() - start));

  const std::string target = "127.0.0.1:" + std::to_string(h.port());
  std::vector<std::unique_ptr<dv1::DelegationsService::Stub>> stubs;
  std::vector<std::unique_ptr<v1::NoopService::Stub>> noops;
  for (int t = 0; t < threads; ++t) {
    auto channel = OwnChannel(target, t);
    stubs.push_back(dv1::DelegationsService::NewStub(channel));
    noops.push_back(v1::NoopService::NewStub(channel));
  }
  const std::string token = "Bearer " + testing::TestToken("approver");
  std::atomic<int> next_approval{0};
  auto approve = [&](int t, int64_t) {
    const int j = next_approval++;
    if (j >= approvals) return false;
    dv1::DecideDelegationRequest r;
    r.set_name(absl::StrFormat("delegations/f%06d", j));
    r.mutable_decision()->set_number(absl::StrCat(j + 1, "/QĐ-UBND"));
    *r.mutable_decision()->mutable_date() = ToDate(absl::CivilDay(2026, 2, 1));
    r.mutable_decision()->set_signer("agencies/UBND/officials/vice");
    r.mutable_decision()->set_signer_capacity("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
    r.set_request_id(absl::StrCat("approve-", j));
    D out;
    grpc::ClientContext context;
    context.AddMetadata("authorization", token);
    grpc::Status s = stubs[t]->ApproveDelegation(&context, r, &out);
    if (!s.ok() && j < 3) {
      std::fprintf(stderr, "approve: %s\n", s.error_message().c_str());
    }
    return s.ok() && out.state() == D::APPROVED;
  };
  auto statistics = [&](int t, int64_t) {
    dv1::GetDelegationStatisticsRequest r;
    r.mutable_from()->set_year(2006);
    r.mutable_to()->set_year(2025);
    r.set_group_by(dv1::GetDelegationStatisticsRequest::COUNTRY);
    dv1::DelegationStatistics out;
    grpc::ClientContext context;
    context.AddMetadata("authorization", token);
    return stubs[t]->GetDelegationStatistics(&context, r, &out).ok() &&
           out.total().decisions() > 0;
  };
  auto baseline = [&](int t, int64_t) {
    v1::NoopRequest r;
    v1::NoopResponse out;
    grpc::ClientContext context;
    return noops[t]->Noop(&context, r, &out).ok();
  };

  std::vector<Result> results;
  for (const int total : {small, large}) {
    const int from = total == small ? 0 : small;
    start = absl::Now();
    if (!Seed(h.store(), from, total, threads, true,
              [&](int i) { return Historical(i, now); })) {
      return 1;
    }
    std::printf("%d historical delegations written in %.1f s\n", total - from,
                absl::ToDoubleSeconds(absl::Now() - start));
    const std::string label = absl::StrFormat(" @ %d", total);
    results.push_back(Drive("Noop (baseline)" + label, threads, seconds,
                            baseline, &h.redis()));
    results.push_back(Drive("ApproveDelegation" + label, threads, seconds,
                            approve, &h.redis()));
    results.push_back(Drive("GetDelegationStatistics" + label, threads, seconds,
                            statistics, &h.redis()));
  }

  std::printf(
      "delegations-bench: %d client threads, %.0f s per method, %u cores\n",
      threads, seconds, std::thread::hardware_concurrency());
  for (int phase = 0; phase < 2; ++phase) {
    const Result* r = &results[3 * phase];
    PrintResults({r[0], r[1], r[2]}, r[0].qps(), "vs do-nothing");
  }
  PrintResults({results[1], results[4]}, results[1].qps(), "vs 1k history");
  PrintResults({results[2], results[5]}, results[2].qps(), "vs 1k history");
  // The approvals' warm-up and measurement consume forwarded delegations;
  // running out shows as errors.
  for (const Result& r : results) {
    if (r.errors > 0) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace ngoaivu::bench

int main(int argc, char** argv) { return ngoaivu::bench::Run(argc, argv); }
