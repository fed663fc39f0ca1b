// The delegations service's rules alone: the workflow as data, and what a
// draft must hold. No gRPC, no Redis.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/dates.h"
#include "common/errors.h"
#include "services/delegations/countries.h"
#include "services/delegations/delegation_lifecycle.h"
#include "services/delegations/delegation_rules.h"
#include "services/delegations/delegation_statistics.h"
#include "services/delegations/delegation_validation.h"
#include "services/delegations/official_trips.h"

namespace ngoaivu::delegations {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using v1::Delegation;
using A = DelegationAction;

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> fields;
  for (const auto& v : FieldViolationsOf(s)) fields.push_back(v.field);
  return fields;
}

TEST(DelegationLifecycleTest, TheWholeWayOutAndBack) {
  DelegationState s = Delegation::DRAFT;
  for (A action : {A::kSubmit, A::kReview, A::kForward, A::kApprove, A::kDepart,
                   A::kReturnHome, A::kReport}) {
    auto next = Next(s, action);
    ASSERT_TRUE(next.ok()) << ActionName(action) << ": " << next.status();
    s = *next;
  }
  EXPECT_EQ(s, Delegation::REPORTED);
  EXPECT_TRUE(AllowedActions(Delegation::REPORTED).empty());
}

TEST(DelegationLifecycleTest, ReturnedToDraftAndCancelledBeforeTravelling) {
  EXPECT_EQ(*Next(Delegation::UNDER_REVIEW, A::kReturn), Delegation::DRAFT);
  EXPECT_EQ(*Next(Delegation::FORWARDED, A::kReject), Delegation::REJECTED);
  for (DelegationState s :
       {Delegation::DRAFT, Delegation::SUBMITTED, Delegation::UNDER_REVIEW,
        Delegation::FORWARDED, Delegation::APPROVED}) {
    EXPECT_EQ(*Next(s, A::kCancel), Delegation::CANCELLED)
        << Delegation::State_Name(s);
  }
  for (DelegationState s : {Delegation::TRAVELLING, Delegation::RETURNED_HOME,
                            Delegation::REPORTED, Delegation::REJECTED}) {
    EXPECT_FALSE(Next(s, A::kCancel).ok()) << Delegation::State_Name(s);
  }
}

TEST(DelegationLifecycleTest, AWrongActionNamesTheStateAndWhatIsAllowed) {
  auto wrong = Next(Delegation::SUBMITTED, A::kApprove);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(wrong.status().message(), HasSubstr("SUBMITTED"));
  EXPECT_THAT(wrong.status().message(), HasSubstr("review, cancel"));
  EXPECT_THAT(AllowedActions(Delegation::UNDER_REVIEW),
              ElementsAre(A::kReturn, A::kForward, A::kCancel));
}

TEST(DelegationLifecycleTest, WhatTheRulesCount) {
  EXPECT_EQ(TripIndexOf(Delegation::DRAFT), TripIndex::kNone);
  EXPECT_EQ(TripIndexOf(Delegation::SUBMITTED), TripIndex::kPending);
  EXPECT_EQ(TripIndexOf(Delegation::FORWARDED), TripIndex::kPending);
  EXPECT_EQ(TripIndexOf(Delegation::APPROVED), TripIndex::kApproved);
  EXPECT_EQ(TripIndexOf(Delegation::REPORTED), TripIndex::kApproved);
  EXPECT_EQ(TripIndexOf(Delegation::CANCELLED), TripIndex::kNone);
  EXPECT_EQ(TripIndexOf(Delegation::REJECTED), TripIndex::kNone);
}

TEST(CountriesTest, IsoCodesFromTheData) {
  for (const char* code : {"KH", "CN", "TH", "SG", "VN", "LA", "US"}) {
    EXPECT_TRUE(IsCountryCode(code)) << code;
  }
  for (const char* code : {"", "kh", "XX", "KHM", "ZZ"}) {
    EXPECT_FALSE(IsCountryCode(code)) << code;
  }
}

v1::CreateDelegationRequest Outbound() {
  v1::CreateDelegationRequest r;
  Delegation* d = r.mutable_delegation();
  d->set_direction(Delegation::OUTBOUND);
  d->set_title("Đoàn công tác xúc tiến đầu tư tại Vương quốc Campuchia");
  d->set_purpose(Delegation::INVESTMENT_AND_TRADE_PROMOTION);
  d->set_agency("agencies/SNGV");
  auto* kh = d->add_destinations();
  kh->set_country("KH");
  kh->set_days(4);
  *d->mutable_start_date() = ToDate(absl::CivilDay(2026, 12, 10));
  *d->mutable_end_date() = ToDate(absl::CivilDay(2026, 12, 13));
  auto* head = d->add_members();
  head->set_official("agencies/SNGV/officials/nguyen-van-a");
  head->set_role("Trưởng đoàn");
  d->set_funding(Delegation::STATE_BUDGET);
  d->set_estimated_cost_vnd(120000000);
  r.set_request_id("create-1");
  return r;
}

TEST(DelegationValidationTest, AWellFormedOutboundDraftPasses) {
  EXPECT_TRUE(ValidateCreateDelegation(Outbound()).ok());
}

TEST(DelegationValidationTest, EveryBadFieldIsNamed) {
  v1::CreateDelegationRequest r = Outbound();
  Delegation* d = r.mutable_delegation();
  d->mutable_destinations(0)->set_country("XX");
  d->mutable_destinations(0)->set_days(0);
  *d->mutable_end_date() = ToDate(absl::CivilDay(2026, 12, 1));
  d->set_head(3);
  d->set_funding(Delegation::NAMED_SPONSOR);
  d->set_visitor_kind(Delegation::EMBASSY);
  d->set_agency("SNGV");
  r.set_request_id("");
  EXPECT_THAT(Fields(ValidateCreateDelegation(r)),
              UnorderedElementsAre(
                  "delegation.agency", "delegation.destinations[0].country",
                  "delegation.destinations[0].days", "delegation.visitor_kind",
                  "delegation.head", "delegation.end_date",
                  "delegation.sponsor", "request_id"));
}

TEST(DelegationValidationTest, InboundVisitsNeedTheVisitorsKindAndCountry) {
  v1::CreateDelegationRequest r = Outbound();
  Delegation* d = r.mutable_delegation();
  d->set_direction(Delegation::INBOUND);
  d->clear_destinations();
  d->mutable_members(0)->clear_official();
  EXPECT_THAT(Fields(ValidateCreateDelegation(r)),
              UnorderedElementsAre("delegation.visitor_kind",
                                   "delegation.visitors_country",
                                   "delegation.members[0].full_name"));
  d->set_visitor_kind(Delegation::FOREIGN_NGO);
  d->set_visitors_country("KR");
  d->mutable_members(0)->set_full_name("Kim Min-jun");
  d->mutable_members(0)->set_nationality("KR");
  EXPECT_TRUE(ValidateCreateDelegation(r).ok());
}

DelegationRules TheProvincesRules() {
  std::ifstream in(std::string(NGOAIVU_SOURCE_DIR) +
                   "/deploy/data/delegation-rules.yaml");
  std::stringstream text;
  text << in.rdbuf();
  auto rules = ParseDelegationRules(text.str());
  EXPECT_TRUE(rules.ok()) << rules.status();
  return rules.ok() ? *rules : DelegationRules();
}

std::vector<std::string> RuleIds(const std::vector<v1::RuleViolation>& vs) {
  std::vector<std::string> ids;
  for (const auto& v : vs) ids.push_back(v.rule());
  return ids;
}

RuleContext Today() {
  RuleContext c;
  c.today = absl::CivilDay(2026, 11, 1);  // 39 days before departure
  c.head_position = "Phó Giám đốc Sở Ngoại vụ";
  c.official_names["agencies/SNGV/officials/nguyen-van-a"] = "Nguyễn Văn A";
  return c;
}

TEST(DelegationRulesTest, AWellPreparedTripBreaksNoRule) {
  const DelegationRules rules = TheProvincesRules();
  EXPECT_EQ(rules.max_trips_per_year, 3);
  EXPECT_TRUE(CheckDelegation(rules, Outbound().delegation(), Today()).empty());
}

TEST(DelegationRulesTest, EachRuleExplainsItselfWithItsNumbers) {
  const DelegationRules rules = TheProvincesRules();
  const std::string a = "agencies/SNGV/officials/nguyen-van-a";
  v1::CreateDelegationRequest r = Outbound();
  Delegation* d = r.mutable_delegation();
  RuleContext c = Today();
  // Three trips already this year, one of them overlapping this one.
  c.other_trips = {{"delegations/d1", a, absl::CivilDay(2026, 3, 1),
                    absl::CivilDay(2026, 3, 4)},
                   {"delegations/d2", a, absl::CivilDay(2026, 6, 1),
                    absl::CivilDay(2026, 6, 4)},
                   {"delegations/d3", a, absl::CivilDay(2026, 12, 12),
                    absl::CivilDay(2026, 12, 15)}};
  for (int i = 0; i < 5; ++i) d->add_members()->set_full_name("Thành viên");
  for (const char* country : {"CN", "TH", "SG"}) {
    auto* dest = d->add_destinations();
    dest->set_country(country);
    dest->set_days(2);
  }
  d->mutable_destinations(0)->set_days(12);
  d->set_funding(Delegation::NAMED_SPONSOR);
  c.today = absl::CivilDay(2026, 11, 30);  // 10 days before
  const auto violations = CheckDelegation(rules, *d, c);
  EXPECT_THAT(RuleIds(violations),
              UnorderedElementsAre("member-overlap", "trips-per-year",
                                   "size-for-head-rank", "countries-per-trip",
                                   "days-per-country", "submitted-in-time",
                                   "sponsor-declaration"));
  for (const auto& v : violations) {
    EXPECT_FALSE(v.basis().empty()) << v.rule();
    EXPECT_THAT(v.message(), ::testing::Not(HasSubstr("{"))) << v.rule();
    if (v.rule() == "member-overlap") {
      EXPECT_EQ(v.other_delegation(), "delegations/d3");
      EXPECT_THAT(v.message(), HasSubstr("Nguyễn Văn A"));
    }
    if (v.rule() == "trips-per-year") {
      EXPECT_THAT(v.message(), HasSubstr("4 chuyến"));
      EXPECT_THAT(v.message(), HasSubstr("tối đa 3"));
    }
    if (v.rule() == "size-for-head-rank") {
      EXPECT_THAT(v.message(), HasSubstr("6 thành viên"));  // Phó Giám đốc: 5
    }
    if (v.rule() == "countries-per-trip") {
      EXPECT_THAT(v.message(), HasSubstr("4 nước"));
    }
    if (v.rule() == "days-per-country") {
      EXPECT_THAT(v.message(), HasSubstr("KH"));
      EXPECT_THAT(v.message(), HasSubstr("12 ngày"));
    }
  }
  // A written justification clears its rule for the approver to weigh.
  (*d->mutable_justifications())["trips-per-year"] =
      "Chuyến thứ tư theo chỉ đạo của Chủ tịch UBND tỉnh";
  const auto justified = CheckDelegation(rules, *d, c);
  EXPECT_EQ(justified.size(), violations.size());
  EXPECT_EQ(Unjustified(justified).size(), violations.size() - 1);
}

TEST(DelegationRulesTest, ForeignNgoAndPressNeedThePoliceOpinion) {
  const DelegationRules rules = TheProvincesRules();
  v1::CreateDelegationRequest r = Outbound();
  Delegation* d = r.mutable_delegation();
  d->set_direction(Delegation::INBOUND);
  d->clear_destinations();
  d->set_visitor_kind(Delegation::FOREIGN_PRESS);
  RuleContext c = Today();
  EXPECT_THAT(RuleIds(CheckDelegation(rules, *d, c)),
              ElementsAre("police-opinion"));
  c.police_opinion_given = true;
  EXPECT_TRUE(CheckDelegation(rules, *d, c).empty());
  d->set_visitor_kind(Delegation::EMBASSY);
  c.police_opinion_given = false;
  EXPECT_TRUE(CheckDelegation(rules, *d, c).empty());
}

TEST(DelegationRulesTest, MalformedRulesAreRefusedAtLoad) {
  EXPECT_EQ(ParseDelegationRules("rules: {}").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDelegationRules(": :").status().code(),
            absl::StatusCode::kInvalidArgument);
}

using Request = v1::GetDelegationStatisticsRequest;

TEST(DelegationStatisticsTest, WholeYearsReadOneBucketAndEdgesReadMonths) {
  Request r;
  r.mutable_from()->set_year(2006);
  r.mutable_from()->set_month(11);
  r.mutable_to()->set_year(2008);
  r.set_direction(v1::Delegation::OUTBOUND);
  r.set_group_by(Request::COUNTRY);
  auto buckets = BucketsOf(r);
  ASSERT_TRUE(buckets.ok()) << buckets.status();
  EXPECT_THAT(*buckets,
              ::testing::ElementsAre(
                  "OUTBOUND:2006-11:total", "OUTBOUND:2006-11:country",
                  "OUTBOUND:2006-12:total", "OUTBOUND:2006-12:country",
                  "OUTBOUND:2007:total", "OUTBOUND:2007:country",
                  "OUTBOUND:2008:total", "OUTBOUND:2008:country"));
  // By month, every month; both directions when none is named.
  r.set_group_by(Request::MONTH);
  r.set_direction(v1::Delegation::DIRECTION_UNSPECIFIED);
  buckets = BucketsOf(r);
  ASSERT_TRUE(buckets.ok());
  EXPECT_EQ(buckets->size(), 2u * 26);
  r.mutable_to()->set_year(2005);
  EXPECT_EQ(Fields(BucketsOf(r).status()), std::vector<std::string>{"to"});
}

TEST(DelegationStatisticsTest, ATripCountsInEachCountryAndOnceInTheTotal) {
  v1::Delegation d;
  d.set_direction(v1::Delegation::OUTBOUND);
  d.set_agency("agencies/SCT");
  d.set_purpose(v1::Delegation::WORK);
  *d.mutable_start_date() = ToDate(absl::CivilDay(2008, 5, 3));
  for (auto [country, days] : {std::pair{"KH", 3}, {"TH", 4}}) {
    auto* dest = d.add_destinations();
    dest->set_country(country);
    dest->set_days(days);
  }
  d.add_members()->set_full_name("A");
  d.add_members()->set_full_name("B");
  StatisticsDelta delta;
  AddCounts(d, +1, &delta);
  AddDecisions(d, 1, &delta);
  const auto& total = delta["OUTBOUND:2008-05:total"];
  EXPECT_EQ(total.at("delegations"), 1);
  EXPECT_EQ(total.at("person_trips"), 2);
  EXPECT_EQ(total.at("person_days"), 14);
  EXPECT_EQ(total.at("decisions"), 1);
  EXPECT_EQ(delta["OUTBOUND:2008:total"], total);
  const auto& country = delta["OUTBOUND:2008-05:country"];
  EXPECT_EQ(country.at("KH:person_days"), 6);
  EXPECT_EQ(country.at("TH:person_days"), 8);
  EXPECT_EQ(country.at("TH:decisions"), 1);
  std::vector<std::string> buckets = {"OUTBOUND:2008:total",
                                      "OUTBOUND:2008:country"};
  auto stats = Summarise(
      buckets, {delta["OUTBOUND:2008:total"], delta["OUTBOUND:2008:country"]},
      Request::COUNTRY);
  EXPECT_EQ(stats.total().person_days_abroad(), 14);
  ASSERT_EQ(stats.rows_size(), 2);
  EXPECT_EQ(stats.rows(0).key(), "KH");
  EXPECT_EQ(stats.rows(1).person_trips(), 2);
  // Taken back out, nothing is left.
  AddCounts(d, -1, &delta);
  EXPECT_EQ(delta["OUTBOUND:2008-05:total"].at("delegations"), 0);
}

}  // namespace
}  // namespace ngoaivu::delegations
