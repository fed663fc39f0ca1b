// The delegations service through a real server on a real Redis: the
// workflow and its wrong turns, the rules with their explanations and
// justifications, decisions and amendments, restricted details, and
// agreements.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "tests/support/delegations_fixture.h"

namespace ngoaivu::delegations {
namespace {

using ::ngoaivu::testing::DelegationsFixture;
using ::ngoaivu::testing::kDeputy;
using ::ngoaivu::testing::kDirector;
using ::ngoaivu::testing::kExpert;
using ::testing::HasSubstr;
namespace dv1 = ::ngoaivu::delegations::v1;
using D = dv1::Delegation;

class DelegationsApiTest : public DelegationsFixture {};

const absl::CivilDay kMay1(2026, 5, 1);
const absl::CivilDay kMay5(2026, 5, 5);

std::vector<std::string> Verbs(const std::vector<events::v1::Event>& events) {
  std::vector<std::string> verbs;
  for (const auto& e : events) verbs.push_back(e.type());
  return verbs;
}

TEST_F(DelegationsApiTest, OutboundTripFromDraftToReturnedHome) {
  D d;
  ASSERT_TRUE(
      Create("trip", Outbound(kMay1, kMay5, {kDirector, kExpert}), &d).ok());
  EXPECT_EQ(d.name(), "delegations/trip");
  EXPECT_EQ(d.state(), D::DRAFT);
  EXPECT_EQ(d.classification(), D::NORMAL);
  for (const char* step : {"submit", "review", "forward"}) {
    grpc::Status s = Move(step, "trip", &d);
    ASSERT_TRUE(s.ok()) << step << ": " << s.error_message();
  }
  EXPECT_EQ(d.state(), D::FORWARDED);
  ASSERT_TRUE(Approve("trip", "101/QĐ-UBND", &d).ok());
  EXPECT_EQ(d.state(), D::APPROVED);
  ASSERT_EQ(d.decisions_size(), 1);
  EXPECT_EQ(d.decisions(0).number(), "101/QĐ-UBND");
  EXPECT_EQ(d.decisions(0).signer_capacity(), "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
  // Not before the approved start date: the refusal names both days and
  // changes nothing.
  const std::string approved = h_.Digest();
  grpc::Status early = Move("depart", "trip", &d);
  EXPECT_EQ(early.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(early.error_message(), HasSubstr("2026-05-01"));
  EXPECT_THAT(early.error_message(), HasSubstr("2026-03-02"));
  EXPECT_THAT(early.error_message(), HasSubstr("amend"));
  EXPECT_EQ(h_.Digest(), approved);
  ::ngoaivu::testing::SetProvinceDay(h_.clock(), kMay1);
  ASSERT_TRUE(Move("depart", "trip", &d).ok());
  ASSERT_TRUE(Move("return-home", "trip", &d).ok());
  EXPECT_EQ(d.state(), D::RETURNED_HOME);
  EXPECT_THAT(Verbs(h_.Events()),
              ::testing::ElementsAre(
                  "ngoaivu.delegations.v1.delegation.created",
                  "ngoaivu.delegations.v1.delegation.submitted",
                  "ngoaivu.delegations.v1.delegation.under_review",
                  "ngoaivu.delegations.v1.delegation.forwarded",
                  "ngoaivu.delegations.v1.delegation.approved",
                  "ngoaivu.delegations.v1.delegation.departed",
                  "ngoaivu.delegations.v1.delegation.returned_home"));
  // The history holds the same, for this delegation.
  events::v1::ListHistoryRequest history;
  history.set_name("delegations/trip");
  events::v1::ListHistoryResponse events;
  ASSERT_TRUE(h_.stub().ListHistory(Admin().get(), history, &events).ok());
  EXPECT_EQ(events.events_size(), 7);
}

TEST_F(DelegationsApiTest, WrongTransitionNamesTheStateAndWhatItAllows) {
  D d;
  ASSERT_TRUE(Create("trip", Outbound(kMay1, kMay5, {kDirector}), &d).ok());
  const std::string before = h_.Digest();
  grpc::Status s = Move("forward", "trip", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("DRAFT"));
  EXPECT_THAT(s.error_message(), HasSubstr("submit"));
  EXPECT_THAT(s.error_message(), HasSubstr("cancel"));
  s = Approve("trip", "1/QĐ-UBND", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  s = Move("depart", "trip", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(h_.Digest(), before);
  // Returned to draft with reasons, then cancelled; no travel after that.
  ASSERT_TRUE(Move("submit", "trip", &d).ok());
  ASSERT_TRUE(Move("review", "trip", &d).ok());
  ASSERT_TRUE(Move("return", "trip", &d, "Thiếu kế hoạch chi tiết").ok());
  EXPECT_EQ(d.state(), D::DRAFT);
  EXPECT_EQ(d.state_reason(), "Thiếu kế hoạch chi tiết");
  ASSERT_TRUE(Move("cancel", "trip", &d, "Đối tác hoãn").ok());
  EXPECT_EQ(d.state(), D::CANCELLED);
  s = Move("submit", "trip", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("CANCELLED"));
}

// A draft may be saved without its members; it is not submitted without
// them (a trip of nobody would be approved and counted).
TEST_F(DelegationsApiTest, ADelegationOfNoOneIsNotSubmitted) {
  D d;
  ASSERT_TRUE(Create("nobody", Outbound(kMay1, kMay5, {}), &d).ok());
  const std::string before = h_.Digest();
  grpc::Status s = Move("submit", "nobody", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("delegation.members"));
  EXPECT_EQ(h_.Digest(), before);
  EXPECT_EQ(d.state(), D::DRAFT);
}

TEST_F(DelegationsApiTest, LateSubmissionIsBlockedUnlessJustified) {
  D d;
  // Departs nine days from today: the rule asks for twenty.
  const absl::CivilDay soon(2026, 3, 11);
  ASSERT_TRUE(Create("late", Outbound(soon, soon + 3, {kDirector}), &d).ok());
  const std::string before = h_.Digest();
  grpc::Status s = Move("submit", "late", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("submitted-in-time"));
  EXPECT_THAT(s.error_message(), HasSubstr("9 ngày"));
  EXPECT_THAT(s.error_message(), HasSubstr("20 ngày"));
  EXPECT_EQ(h_.Digest(), before);
  ASSERT_TRUE(Move("submit", "late", &d, "",
                   {{"submitted-in-time", "Thư mời đến muộn"}})
                  .ok());
  // The approver sees the violation beside its justification; days are
  // counted from the submission, not from today.
  h_.clock().Advance(absl::Hours(24 * 5));
  dv1::ValidateDelegationRequest v;
  v.set_name("delegations/late");
  dv1::ValidateDelegationResponse violations;
  ASSERT_TRUE(h_.stub().ValidateDelegation(Admin().get(), v, &violations).ok());
  ASSERT_EQ(violations.violations_size(), 1);
  EXPECT_EQ(violations.violations(0).rule(), "submitted-in-time");
  EXPECT_THAT(violations.violations(0).message(), HasSubstr("9 ngày"));
  EXPECT_EQ(violations.violations(0).justification(), "Thư mời đến muộn");
  EXPECT_FALSE(violations.violations(0).basis().empty());
  ASSERT_TRUE(Move("review", "late", &d).ok());
  ASSERT_TRUE(Move("forward", "late", &d).ok());
  ASSERT_TRUE(Approve("late", "7/QĐ-UBND", &d).ok());
}

TEST_F(DelegationsApiTest, ShapeRulesExplainTheirNumbers) {
  // Four countries, eleven days each, seven members under a director.
  D trip = Outbound(kMay1, kMay1 + 43, {kDirector, kExpert, kDeputy},
                    {"KH", "TH", "SG", "CN"}, 11);
  for (int i = 0; i < 4; ++i) {
    auto* m = trip.add_members();
    m->set_full_name("Doanh nghiệp " + std::to_string(i));
  }
  D d;
  ASSERT_TRUE(Create("big", trip, &d).ok());
  dv1::ValidateDelegationRequest v;
  v.set_name("delegations/big");
  dv1::ValidateDelegationResponse out;
  ASSERT_TRUE(h_.stub().ValidateDelegation(Admin().get(), v, &out).ok());
  std::map<std::string, std::string> by_rule;
  for (const auto& violation : out.violations()) {
    by_rule[violation.rule()] += violation.message() + "\n";
  }
  EXPECT_THAT(by_rule["size-for-head-rank"], HasSubstr("7 thành viên"));
  EXPECT_THAT(by_rule["size-for-head-rank"], HasSubstr("6"));
  EXPECT_THAT(by_rule["countries-per-trip"], HasSubstr("4 nước"));
  EXPECT_THAT(by_rule["days-per-country"], HasSubstr("11 ngày"));
  EXPECT_EQ(by_rule.count("submitted-in-time"), 0u);
}

TEST_F(DelegationsApiTest, OverlapWithAnotherPendingTripNamesIt) {
  D d;
  Forwarded("first", Outbound(kMay1, kMay5, {kDirector}));
  ASSERT_TRUE(
      Create("second", Outbound(kMay5, kMay5 + 2, {kDirector}), &d).ok());
  grpc::Status s = Move("submit", "second", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("member-overlap"));
  EXPECT_THAT(s.error_message(), HasSubstr("delegations/first"));
  EXPECT_THAT(s.error_message(), HasSubstr("Lê Văn Giám"));
  // Justified, it goes on; but once the first is approved, the second's
  // approval is refused whatever the justification.
  ASSERT_TRUE(Move("submit", "second", &d, "",
                   {{"member-overlap", "Đoàn thứ nhất có thể hoãn"}})
                  .ok());
  ASSERT_TRUE(Move("review", "second", &d).ok());
  ASSERT_TRUE(Move("forward", "second", &d).ok());
  ASSERT_TRUE(Approve("first", "10/QĐ-UBND", &d).ok());
  const std::string before = h_.Digest();
  s = Approve("second", "11/QĐ-UBND", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("delegations/first"));
  EXPECT_EQ(h_.Digest(), before);
}

TEST_F(DelegationsApiTest, TripsPerYearCountsApprovedTripsAndYieldsToAReason) {
  D d;
  // Three approved trips this year (the limit), then a fourth.
  for (int i = 0; i < 3; ++i) {
    const absl::CivilDay start = kMay1 + 10 * i;
    const std::string id = "t" + std::to_string(i);
    Forwarded(id, Outbound(start, start + 2, {kExpert}));
    ASSERT_TRUE(Approve(id, std::to_string(20 + i) + "/QĐ-UBND", &d).ok());
  }
  ASSERT_TRUE(
      Create("fourth", Outbound(kMay1 + 40, kMay1 + 42, {kExpert}), &d).ok());
  grpc::Status s = Move("submit", "fourth", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("trips-per-year"));
  EXPECT_THAT(s.error_message(), HasSubstr("4 chuyến"));
  EXPECT_THAT(s.error_message(), HasSubstr("tối đa 3"));
  Forwarded("fourth-justified", Outbound(kMay1 + 50, kMay1 + 52, {kExpert}),
            {{"trips-per-year", "Hội nghị bắt buộc"}});
  ASSERT_TRUE(Approve("fourth-justified", "30/QĐ-UBND", &d).ok());
  // Next year starts afresh.
  const absl::CivilDay next_year(2027, 2, 1);
  Forwarded("next-year", Outbound(next_year, next_year + 2, {kExpert}));
  EXPECT_TRUE(Approve("next-year", "1/QĐ-UBND", &d).ok());
}

TEST_F(DelegationsApiTest, DecisionNumbersAreUniqueWithinAYear) {
  D d;
  Forwarded("a", Outbound(kMay1, kMay5, {kDirector}));
  Forwarded("b", Outbound(kMay1, kMay5, {kExpert}));
  ASSERT_TRUE(Approve("a", "55/QĐ-UBND", &d).ok());
  const std::string before = h_.Digest();
  grpc::Status s = Approve("b", "55/QĐ-UBND", &d);
  EXPECT_EQ(s.error_code(), grpc::ALREADY_EXISTS);
  // The number as written, with its year: no key of the store.
  EXPECT_THAT(s.error_message(), HasSubstr("Decision 55/QĐ-UBND of 2026"));
  EXPECT_THAT(s.error_message(), ::testing::Not(HasSubstr("|")));
  EXPECT_EQ(h_.Digest(), before);
}

TEST_F(DelegationsApiTest, AmendmentIsANewDecisionReferringToTheFirst) {
  D d;
  Forwarded("trip", Outbound(kMay1, kMay5, {kDirector}));
  ASSERT_TRUE(Approve("trip", "101/QĐ-UBND", &d).ok());
  // Dates change only by amendment.
  dv1::UpdateDelegationRequest update;
  update.mutable_delegation()->set_name("delegations/trip");
  *update.mutable_delegation()->mutable_end_date() = ToDate(kMay5 + 2);
  update.mutable_update_mask()->add_paths("end_date");
  update.set_request_id("update-approved");
  grpc::Status s = h_.stub().UpdateDelegation(Admin().get(), update, &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("AmendDelegation"));

  dv1::AmendDelegationRequest amend;
  amend.set_name("delegations/trip");
  *amend.mutable_decision() = Decision("140/QĐ-UBND");
  amend.mutable_decision()->set_summary("Thêm chuyên viên, lùi ngày về");
  auto* changed = amend.mutable_delegation();
  *changed->mutable_end_date() = ToDate(kMay5 + 2);
  changed->add_members()->set_official(kDirector);
  changed->add_members()->set_official(kExpert);
  amend.mutable_update_mask()->add_paths("end_date");
  amend.mutable_update_mask()->add_paths("members");
  amend.set_request_id("amend-1");
  ASSERT_TRUE(h_.stub().AmendDelegation(Admin().get(), amend, &d).ok());
  EXPECT_EQ(d.state(), D::APPROVED);
  EXPECT_EQ(d.members_size(), 2);
  ASSERT_EQ(d.decisions_size(), 2);
  EXPECT_EQ(d.decisions(1).amends(), "101/QĐ-UBND");
  // Every decision is kept and listed, a page at a time.
  dv1::ListDecisionsRequest list;
  list.set_parent("delegations/trip");
  list.set_page_size(1);
  dv1::ListDecisionsResponse page;
  ASSERT_TRUE(h_.stub().ListDecisions(Admin().get(), list, &page).ok());
  ASSERT_EQ(page.decisions_size(), 1);
  EXPECT_EQ(page.decisions(0).number(), "101/QĐ-UBND");
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(h_.stub().ListDecisions(Admin().get(), list, &page).ok());
  ASSERT_EQ(page.decisions_size(), 1);
  EXPECT_EQ(page.decisions(0).number(), "140/QĐ-UBND");
  EXPECT_TRUE(page.next_page_token().empty());
  // The amended trip now holds the expert on those days: another trip of
  // his is refused at approval.
  Forwarded("clash", Outbound(kMay5 + 1, kMay5 + 3, {kExpert}),
            {{"member-overlap", "Có thể thay người"}});
  s = Approve("clash", "150/QĐ-UBND", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("delegations/trip"));
}

TEST_F(DelegationsApiTest, RestrictedDetailsAreHiddenFromViewersAndEvents) {
  D trip = Outbound(kMay1, kMay5, {kDirector});
  trip.set_purpose(D::MEDICAL_TREATMENT);
  trip.set_classification(D::RESTRICTED);
  trip.set_funding(D::NAMED_SPONSOR);
  trip.set_sponsor("Quỹ hỗ trợ");
  D d;
  ASSERT_TRUE(Create("medical", trip, &d).ok());
  ASSERT_TRUE(
      Move("submit", "medical", &d, "", {{"sponsor-declaration", "Đã kê khai"}})
          .ok());
  dv1::GetDelegationRequest get;
  get.set_name("delegations/medical");
  D seen;
  ASSERT_TRUE(
      h_.stub()
          .GetDelegation(As("viewer", "agencies/UBND").get(), get, &seen)
          .ok());
  EXPECT_EQ(seen.members_size(), 0);
  EXPECT_TRUE(seen.sponsor().empty());
  EXPECT_EQ(seen.estimated_cost_vnd(), 0);
  EXPECT_TRUE(seen.justifications().empty());
  EXPECT_EQ(seen.state(), D::SUBMITTED);
  dv1::ListDelegationsRequest list;
  dv1::ListDelegationsResponse listed;
  ASSERT_TRUE(
      h_.stub()
          .ListDelegations(As("viewer", "agencies/UBND").get(), list, &listed)
          .ok());
  ASSERT_EQ(listed.delegations_size(), 1);
  EXPECT_EQ(listed.delegations(0).members_size(), 0);
  // Its own agency, DOFA, the approvers and integrated systems see all.
  for (auto [role, agency] : {std::pair{"officer", "agencies/SCT"},
                              {"coordinator", "agencies/SNGV"},
                              {"approver", "agencies/UBND"},
                              {"system", "agencies/SNGV"}}) {
    ASSERT_TRUE(
        h_.stub().GetDelegation(As(role, agency).get(), get, &seen).ok())
        << role;
    EXPECT_EQ(seen.members_size(), 1) << role;
    EXPECT_EQ(seen.sponsor(), "Quỹ hỗ trợ") << role;
  }
  // Another agency's officer does not learn it exists.
  grpc::Status s =
      h_.stub().GetDelegation(As("officer", "agencies/CA").get(), get, &seen);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  // No event carries the restricted details.
  for (const auto& e : h_.Events()) {
    D payload;
    ASSERT_TRUE(e.data().UnpackTo(&payload)) << e.type();
    EXPECT_EQ(payload.members_size(), 0) << e.type();
    EXPECT_TRUE(payload.sponsor().empty()) << e.type();
    EXPECT_EQ(payload.estimated_cost_vnd(), 0) << e.type();
    EXPECT_TRUE(payload.justifications().empty()) << e.type();
  }
}

TEST_F(DelegationsApiTest, ForeignPressVisitNeedsThePoliceOpinion) {
  D visit;
  visit.set_direction(D::INBOUND);
  visit.set_title("Phóng viên báo nước ngoài tìm hiểu cửa khẩu");
  visit.set_purpose(D::RESEARCH);
  visit.set_agency("agencies/SNGV");
  visit.set_visitor_kind(D::FOREIGN_PRESS);
  visit.set_visitors_country("JP");
  *visit.mutable_start_date() = ToDate(kMay1);
  *visit.mutable_end_date() = ToDate(kMay5);
  auto* m = visit.add_members();
  m->set_full_name("Tanaka Hiro");
  m->set_organisation("Asahi");
  m->set_nationality("JP");
  visit.set_funding(D::SELF_FUNDED);
  D d;
  ASSERT_TRUE(Create("press", visit, &d).ok());
  ASSERT_TRUE(Move("submit", "press", &d).ok());
  ASSERT_TRUE(Move("review", "press", &d).ok());
  grpc::Status s = Move("forward", "press", &d);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("police-opinion"));
  // The provincial Police answer for themselves; another agency cannot.
  dv1::GiveOpinionRequest opinion;
  opinion.set_name("delegations/press");
  opinion.set_agency("agencies/CA");
  opinion.set_text("Đồng ý, đề nghị bố trí cán bộ đi cùng");
  opinion.set_supports(true);
  opinion.set_request_id("police");
  s = h_.stub().GiveDelegationOpinion(As("officer", "agencies/SCT").get(),
                                      opinion, &d);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  s = h_.stub().GiveDelegationOpinion(As("officer", "agencies/CA").get(),
                                      opinion, &d);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_TRUE(Move("forward", "press", &d).ok());
  ASSERT_TRUE(Approve("press", "60/QĐ-UBND", &d).ok());
  ::ngoaivu::testing::SetProvinceDay(h_.clock(), kMay1);
  ASSERT_TRUE(Move("depart", "press", &d).ok());
  dv1::RecordOutcomeRequest outcome;
  outcome.set_name("delegations/press");
  auto* pledge = outcome.mutable_outcome()->add_aid_pledged();
  pledge->set_description("Học bổng");
  pledge->set_amount(50000);
  pledge->set_currency("USD");
  outcome.mutable_outcome()->add_follow_up_duties(
      "Gửi tư liệu về cửa khẩu Mộc Bài");
  outcome.set_request_id("outcome");
  ASSERT_TRUE(h_.stub().RecordOutcome(Admin().get(), outcome, &d).ok());
  EXPECT_EQ(d.outcome().aid_pledged(0).amount(), 50000);
}

TEST_F(DelegationsApiTest, ListsFilterByDirectionCountryAgencyAndDates) {
  D d;
  ASSERT_TRUE(Create("kh", Outbound(kMay1, kMay5, {kDirector}), &d).ok());
  ASSERT_TRUE(
      Create("th", Outbound(kMay1 + 30, kMay5 + 30, {kDirector}, {"TH"}), &d)
          .ok());
  D other = Outbound(kMay1, kMay5, {::ngoaivu::testing::kVice}, {"KH", "CN"});
  other.set_agency("agencies/UBND");
  other.set_purpose(D::WORK);
  ASSERT_TRUE(Create("ubnd", other, &d).ok());
  auto names = [&](dv1::ListDelegationsRequest r) {
    std::vector<std::string> out;
    r.set_page_size(1);
    for (;;) {
      dv1::ListDelegationsResponse page;
      grpc::Status s = h_.stub().ListDelegations(Admin().get(), r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& x : page.delegations()) out.push_back(x.name());
      if (!s.ok() || page.next_page_token().empty()) return out;
      r.set_page_token(page.next_page_token());
    }
  };
  dv1::ListDelegationsRequest r;
  r.set_country("KH");
  EXPECT_THAT(names(r), ::testing::UnorderedElementsAre("delegations/kh",
                                                        "delegations/ubnd"));
  r.set_agency("agencies/SCT");
  EXPECT_THAT(names(r), ::testing::ElementsAre("delegations/kh"));
  // A mistyped agency is not an empty list.
  dv1::ListDelegationsRequest typo;
  typo.set_agency("agencies/SCTT");
  dv1::ListDelegationsResponse none;
  grpc::Status unknown = h_.stub().ListDelegations(Admin().get(), typo, &none);
  EXPECT_EQ(unknown.error_code(), grpc::NOT_FOUND);
  EXPECT_THAT(unknown.error_message(), HasSubstr("agencies/SCTT"));
  r = {};
  r.set_purpose(D::WORK);
  EXPECT_THAT(names(r), ::testing::ElementsAre("delegations/ubnd"));
  r = {};
  *r.mutable_start_after() = ToDate(kMay1 + 1);
  EXPECT_THAT(names(r), ::testing::ElementsAre("delegations/th"));
  r = {};
  *r.mutable_start_before() = ToDate(kMay1);
  r.set_direction(D::OUTBOUND);
  EXPECT_THAT(names(r), ::testing::UnorderedElementsAre("delegations/kh",
                                                        "delegations/ubnd"));
  // An officer lists his own agency's.
  dv1::ListDelegationsResponse own;
  ASSERT_TRUE(
      h_.stub()
          .ListDelegations(As("officer", "agencies/UBND").get(), {}, &own)
          .ok());
  ASSERT_EQ(own.delegations_size(), 1);
  EXPECT_EQ(own.delegations(0).name(), "delegations/ubnd");
}

TEST_F(DelegationsApiTest, AgreementIsSignedOnlyAfterTheUbndApprovesIt) {
  dv1::CreateAgreementRequest create;
  create.set_agreement_id("mou");
  auto* a = create.mutable_agreement();
  a->set_proposing_agency("agencies/SCT");
  a->set_foreign_party("Sở Thương mại tỉnh Svay Rieng");
  a->set_foreign_country("KH");
  a->set_subject("Biên bản ghi nhớ hợp tác thương mại biên giới");
  create.set_request_id("mou");
  dv1::Agreement out;
  ASSERT_TRUE(h_.stub().CreateAgreement(Admin().get(), create, &out).ok());
  EXPECT_EQ(out.state(), dv1::Agreement::DRAFT);
  auto move = [&](const char* verb) -> grpc::Status {
    dv1::TransitionAgreementRequest r;
    r.set_name("agreements/mou");
    r.set_request_id(std::string(verb) + "-" + std::to_string(++moves_));
    r.set_reason("Hết hiệu lực theo thỏa thuận");
    if (std::string(verb) == "submit") {
      return h_.stub().SubmitAgreement(Admin().get(), r, &out);
    }
    return h_.stub().TerminateAgreement(Admin().get(), r, &out);
  };
  auto sign = [&]() {
    dv1::SignAgreementRequest r;
    r.set_name("agreements/mou");
    *r.mutable_signed_date() = ToDate(kMay1);
    r.add_signers("Lê Văn Giám");
    r.set_request_id("sign-" + std::to_string(++moves_));
    return h_.stub().SignAgreement(Admin().get(), r, &out);
  };
  ASSERT_TRUE(move("submit").ok());
  const std::string before = h_.Digest();
  grpc::Status s = sign();
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("approve"));
  EXPECT_THAT(s.error_message(), HasSubstr("SUBMITTED"));
  EXPECT_EQ(h_.Digest(), before);

  dv1::RequestOpinionsRequest ask;
  ask.set_name("agreements/mou");
  ask.add_agencies("agencies/CA");
  ask.add_agencies("agencies/SNGV");
  ask.set_request_id("ask");
  ASSERT_TRUE(
      h_.stub()
          .RequestOpinions(As("coordinator", "agencies/SNGV").get(), ask, &out)
          .ok());
  dv1::DecideAgreementRequest approve;
  approve.set_name("agreements/mou");
  *approve.mutable_decision() = Decision("200/QĐ-UBND");
  approve.set_request_id("approve-mou");
  s = h_.stub().ApproveAgreement(Admin().get(), approve, &out);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("agencies/CA"));
  for (const char* agency : {"agencies/CA", "agencies/SNGV"}) {
    dv1::GiveOpinionRequest opinion;
    opinion.set_name("agreements/mou");
    opinion.set_agency(agency);
    opinion.set_text("Đồng ý");
    opinion.set_supports(true);
    opinion.set_request_id("opinion-" + std::to_string(++moves_));
    s = h_.stub().GiveOpinion(As("officer", agency).get(), opinion, &out);
    ASSERT_TRUE(s.ok()) << agency << ": " << s.error_message();
  }
  // An agency not asked cannot answer.
  dv1::GiveOpinionRequest stray;
  stray.set_name("agreements/mou");
  stray.set_agency("agencies/UBND");
  stray.set_text("x");
  stray.set_request_id("stray");
  s = h_.stub().GiveOpinion(Admin().get(), stray, &out);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  ASSERT_TRUE(h_.stub().ApproveAgreement(Admin().get(), approve, &out).ok());
  EXPECT_EQ(out.state(), dv1::Agreement::APPROVED_FOR_SIGNING);
  EXPECT_EQ(out.approval().number(), "200/QĐ-UBND");
  ASSERT_TRUE(sign().ok());
  EXPECT_EQ(out.state(), dv1::Agreement::SIGNED);
  ASSERT_TRUE(move("terminate").ok());
  EXPECT_EQ(out.state(), dv1::Agreement::TERMINATED);
}

TEST_F(DelegationsApiTest, RetryWithTheSameRequestIdAnswersOnce) {
  D first, second;
  ASSERT_TRUE(Create("trip", Outbound(kMay1, kMay5, {kDirector}), &first).ok());
  ASSERT_TRUE(
      Create("trip", Outbound(kMay1, kMay5, {kDirector}), &second).ok());
  EXPECT_EQ(first.etag(), second.etag());
  dv1::TransitionDelegationRequest r;
  r.set_name("delegations/trip");
  r.set_request_id("submit-once");
  ASSERT_TRUE(h_.stub().SubmitDelegation(Admin().get(), r, &first).ok());
  ASSERT_TRUE(h_.stub().SubmitDelegation(Admin().get(), r, &second).ok());
  EXPECT_EQ(first.etag(), second.etag());
  EXPECT_EQ(h_.Events().size(), 2u);
}

}  // namespace
}  // namespace ngoaivu::delegations
