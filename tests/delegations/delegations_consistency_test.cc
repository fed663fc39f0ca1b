// What must hold whatever the order of calls: of approvals racing for one
// official, exactly one wins and the losers write nothing; the statistics
// counters equal a recomputation from the records after a history of
// approvals, amendments and cancellations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/support/delegations_fixture.h"

namespace ngoaivu::delegations {
namespace {

using ::ngoaivu::testing::DelegationsFixture;
using ::ngoaivu::testing::kExpert;
namespace dv1 = ::ngoaivu::delegations::v1;
using D = dv1::Delegation;
using Request = dv1::GetDelegationStatisticsRequest;

class DelegationsConsistencyTest : public DelegationsFixture {};

TEST_F(DelegationsConsistencyTest, RacingApprovalsForOneOfficialOneWins) {
  constexpr int kRacers = 12;
  const absl::CivilDay start(2026, 6, 1);
  for (int i = 0; i < kRacers; ++i) {
    // Each overlaps every other (a day apart, four days long); each went on
    // beside the others with a justification.
    Forwarded(absl::StrCat("race", i),
              Outbound(start + i % 3, start + i % 3 + 4, {kExpert}),
              {{"member-overlap", "Sẽ chọn một đoàn"},
               {"trips-per-year", "Chỉ một đoàn sẽ đi"}});
  }
  std::vector<grpc::Status> results(kRacers);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      dv1::DecideDelegationRequest r;
      r.set_name(absl::StrCat("delegations/race", i));
      *r.mutable_decision() = Decision(absl::StrCat(300 + i, "/QĐ-UBND"));
      r.set_request_id(absl::StrCat("race-approve-", i));
      D out;
      results[i] = h_.stub().ApproveDelegation(Admin().get(), r, &out);
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  int winner = -1;
  for (int i = 0; i < kRacers; ++i) {
    if (results[i].ok()) {
      EXPECT_EQ(winner, -1) << "two approvals won: " << winner << ", " << i;
      winner = i;
    }
  }
  ASSERT_NE(winner, -1);
  const std::string won = absl::StrCat("delegations/race", winner);
  for (int i = 0; i < kRacers; ++i) {
    if (i == winner) continue;
    EXPECT_EQ(results[i].error_code(), grpc::FAILED_PRECONDITION);
    EXPECT_THAT(results[i].error_message(), ::testing::HasSubstr(won));
  }
  // The losers wrote nothing: one approved trip, one counted, one approval
  // in the statistics and the events, the losers still FORWARDED.
  auto zcard = h_.redis().Command(
      {"ZCARD", absl::StrCat("{delegations}:official:", kExpert, ":approved")});
  ASSERT_TRUE(zcard.ok());
  EXPECT_EQ((*zcard)->integer, 1);
  auto year = h_.redis().Command(
      {"HGET", absl::StrCat("{delegations}:official:", kExpert, ":years"),
       "2026"});
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(std::string((*year)->str, (*year)->len), "1");
  Request stats;
  stats.mutable_from()->set_year(2026);
  stats.mutable_to()->set_year(2026);
  dv1::DelegationStatistics out;
  ASSERT_TRUE(
      h_.stub().GetDelegationStatistics(Admin().get(), stats, &out).ok());
  EXPECT_EQ(out.total().decisions(), 1);
  EXPECT_EQ(out.total().delegations(), 1);
  int approvals = 0;
  for (const auto& e : h_.Events()) {
    approvals += absl::EndsWith(e.type(), "delegation.approved");
  }
  EXPECT_EQ(approvals, 1);
  for (int i = 0; i < kRacers; ++i) {
    dv1::GetDelegationRequest get;
    get.set_name(absl::StrCat("delegations/race", i));
    D d;
    ASSERT_TRUE(h_.stub().GetDelegation(Admin().get(), get, &d).ok());
    EXPECT_EQ(d.state(), i == winner ? D::APPROVED : D::FORWARDED);
  }
  // Trying again changes nothing.
  const std::string before = h_.Digest();
  D d;
  for (int i = 0; i < kRacers; ++i) {
    if (i != winner) {
      EXPECT_FALSE(
          Approve(absl::StrCat("race", i), absl::StrCat(400 + i, "/QĐ"), &d)
              .ok());
    }
  }
  EXPECT_EQ(h_.Digest(), before);
}

// The rows a recomputation from the records gives, by the same meaning as
// the proto's comments (independent of the service's counters).
using Rows = std::map<std::string, std::array<int64_t, 6>>;

void Count(Rows& rows, const std::string& key, int metric, int64_t n) {
  rows[key][metric] += n;
}

Rows Recompute(const std::vector<D>& all, Request::GroupBy by,
               absl::CivilMonth first, absl::CivilMonth last) {
  enum { kDecisions, kDelegations, kTrips, kDays, kVisits, kVisitors };
  Rows rows;
  for (const D& d : all) {
    const auto start = *ToCivilDay(d.start_date());
    if (absl::CivilMonth(start) < first || absl::CivilMonth(start) > last) {
      continue;
    }
    std::vector<std::string> keys;
    switch (by) {
      case Request::COUNTRY:
        if (d.direction() == D::INBOUND) {
          keys.push_back(d.visitors_country());
        } else {
          for (const auto& dest : d.destinations())
            keys.push_back(dest.country());
        }
        break;
      case Request::AGENCY:
        keys.push_back(d.agency());
        break;
      case Request::PURPOSE:
        keys.push_back(D::Purpose_Name(d.purpose()));
        break;
      case Request::VISITOR_KIND:
        if (d.direction() == D::INBOUND) {
          keys.push_back(D::VisitorKind_Name(d.visitor_kind()));
        }
        break;
      case Request::YEAR:
        keys.push_back(absl::StrCat(start.year()));
        break;
      case Request::MONTH:
        keys.push_back(
            absl::StrFormat("%04d-%02d", start.year(), start.month()));
        break;
      default:
        keys.push_back("total");
    }
    const bool counts =
        d.state() == D::APPROVED || d.state() == D::TRAVELLING ||
        d.state() == D::RETURNED_HOME || d.state() == D::REPORTED;
    for (const std::string& key : keys) {
      Count(rows, key, kDecisions, d.decisions_size());
      if (!counts) continue;
      Count(rows, key, kDelegations, 1);
      if (d.direction() == D::INBOUND) {
        Count(rows, key, kVisits, 1);
        Count(rows, key, kVisitors, d.members_size());
        continue;
      }
      int64_t days = 0;
      for (const auto& dest : d.destinations()) {
        if (by != Request::COUNTRY || dest.country() == key)
          days += dest.days();
      }
      Count(rows, key, kTrips, d.members_size());
      Count(rows, key, kDays, d.members_size() * days);
    }
  }
  return rows;
}

Rows RowsOf(const dv1::DelegationStatistics& s, bool total) {
  Rows rows;
  auto put = [&](const dv1::DelegationStatistics::Row& r) {
    rows[r.key()] = {r.decisions(),      r.delegations(),
                     r.person_trips(),   r.person_days_abroad(),
                     r.inbound_visits(), r.visitors()};
  };
  if (total) {
    put(s.total());
  } else {
    for (const auto& r : s.rows()) put(r);
  }
  return rows;
}

TEST_F(DelegationsConsistencyTest, StatisticsEqualARecomputationFromRecords) {
  std::mt19937 random(2488);
  auto pick = [&](int n) { return static_cast<int>(random() % n); };
  const std::vector<std::string> countries = {"KH", "CN", "TH", "SG",
                                              "LA", "KR", "JP"};
  const std::vector<std::string> agencies = {"agencies/SCT", "agencies/UBND",
                                             "agencies/SNGV"};
  int decision = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string id = absl::StrCat("d", i);
    const absl::CivilDay start = absl::CivilDay(2026, 4, 1) + pick(600);
    D d;
    if (pick(4) == 0) {
      d.set_direction(D::INBOUND);
      d.set_title("Đoàn vào");
      d.set_visitor_kind(static_cast<D::VisitorKind>(1 + pick(5)));
      d.set_visitors_country(countries[pick(countries.size())]);
      *d.mutable_start_date() = ToDate(start);
      *d.mutable_end_date() = ToDate(start + 2);
    } else {
      d = Outbound(start, start + 9, {});
      d.clear_destinations();
      const int n = 1 + pick(3);
      for (int c = 0; c < n; ++c) {
        auto* dest = d.add_destinations();
        dest->set_country(countries[(i + c) % countries.size()]);
        dest->set_days(1 + pick(9));
      }
    }
    d.set_purpose(static_cast<D::Purpose>(1 + pick(5)));
    d.set_agency(agencies[pick(agencies.size())]);
    d.set_funding(D::STATE_BUDGET);
    d.clear_members();
    const int people = 1 + pick(4);
    for (int p = 0; p < people; ++p) {
      auto* m = d.add_members();
      m->set_full_name(absl::StrCat("Người ", i, "-", p));
      m->set_nationality("VN");
    }
    d.set_head(0);
    Forwarded(id, d);
    const int fate = pick(5);
    if (fate == 0) continue;  // left forwarded
    D out;
    ASSERT_TRUE(Approve(id, absl::StrCat(++decision, "/QĐ-UBND"), &out).ok());
    if (fate == 1) {
      ASSERT_TRUE(Move("cancel", id, &out, "Hoãn").ok());
    } else if (fate == 2) {
      dv1::AmendDelegationRequest amend;
      amend.set_name("delegations/" + id);
      *amend.mutable_decision() = Decision(absl::StrCat(++decision, "/QĐ"));
      // Moved by forty days (perhaps to another month or year), one
      // member fewer or more.
      *amend.mutable_delegation()->mutable_start_date() = ToDate(start + 40);
      *amend.mutable_delegation()->mutable_end_date() = ToDate(start + 49);
      *amend.mutable_delegation()->mutable_members() = out.members();
      amend.mutable_delegation()->add_members()->set_full_name("Thêm");
      amend.mutable_update_mask()->add_paths("start_date");
      amend.mutable_update_mask()->add_paths("end_date");
      amend.mutable_update_mask()->add_paths("members");
      amend.set_request_id("amend-" + id);
      grpc::Status s = h_.stub().AmendDelegation(Admin().get(), amend, &out);
      ASSERT_TRUE(s.ok()) << s.error_message();
    } else if (fate == 3) {
      // Leaves on its day; the other delegations are made as of today.
      const absl::Time today = h_.clock().Now();
      ::ngoaivu::testing::SetProvinceDay(h_.clock(),
                                         *ToCivilDay(out.start_date()));
      ASSERT_TRUE(Move("depart", id, &out).ok());
      h_.clock().Set(today);
    }
  }
  std::vector<D> all;
  dv1::ListDelegationsRequest list;
  for (;;) {
    dv1::ListDelegationsResponse page;
    ASSERT_TRUE(h_.stub().ListDelegations(Admin().get(), list, &page).ok());
    all.insert(all.end(), page.delegations().begin(), page.delegations().end());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  ASSERT_EQ(all.size(), 40u);
  // Whole years (read from the year counters) and a range cut mid-year
  // (months at its ends).
  struct Range {
    absl::CivilMonth first, last;
  };
  for (auto [first, last] :
       {Range{absl::CivilMonth(2026, 1), absl::CivilMonth(2028, 12)},
        Range{absl::CivilMonth(2026, 7), absl::CivilMonth(2027, 10)}})
    for (auto by : {Request::GROUP_BY_UNSPECIFIED, Request::COUNTRY,
                    Request::AGENCY, Request::PURPOSE, Request::VISITOR_KIND,
                    Request::YEAR, Request::MONTH}) {
      Request r;
      r.mutable_from()->set_year(static_cast<int>(first.year()));
      r.mutable_from()->set_month(first.month());
      r.mutable_to()->set_year(static_cast<int>(last.year()));
      r.mutable_to()->set_month(last.month());
      r.set_group_by(by);
      dv1::DelegationStatistics stats;
      ASSERT_TRUE(
          h_.stub().GetDelegationStatistics(Admin().get(), r, &stats).ok());
      Rows expected = Recompute(all, by, first, last);
      // Rows with nothing in them are not listed.
      for (auto it = expected.begin(); it != expected.end();) {
        it = it->second == std::array<int64_t, 6>{} ? expected.erase(it)
                                                    : std::next(it);
      }
      const bool total = by == Request::GROUP_BY_UNSPECIFIED;
      EXPECT_EQ(RowsOf(stats, total), expected)
          << Request::GroupBy_Name(by) << " " << first << ".." << last;
    }
}

}  // namespace
}  // namespace ngoaivu::delegations
