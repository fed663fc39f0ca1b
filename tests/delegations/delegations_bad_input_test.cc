// Bad input to the delegations service: every malformed request is
// INVALID_ARGUMENT naming the field, and leaves Redis exactly as it was (no
// record, no index, no counter, no event).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/support/delegations_fixture.h"

namespace ngoaivu::delegations {
namespace {

using ::ngoaivu::testing::DelegationsFixture;
using ::ngoaivu::testing::kDirector;
namespace dv1 = ::ngoaivu::delegations::v1;
using D = dv1::Delegation;

const absl::CivilDay kMay1(2026, 5, 1);

class DelegationsBadInputTest : public DelegationsFixture {
 protected:
  void SetUp() override {
    DelegationsFixture::SetUp();
    Forwarded("trip", Outbound(kMay1, kMay1 + 4, {kDirector}));
    dv1::CreateAgreementRequest a;
    a.set_agreement_id("mou");
    a.mutable_agreement()->set_proposing_agency("agencies/SCT");
    a.mutable_agreement()->set_foreign_party("Svay Rieng");
    a.mutable_agreement()->set_foreign_country("KH");
    a.mutable_agreement()->set_subject("Hợp tác");
    a.set_request_id("mou");
    dv1::Agreement out;
    ASSERT_TRUE(h_.stub().CreateAgreement(Admin().get(), a, &out).ok());
  }

  void ExpectRejected(const std::string& field,
                      const std::function<grpc::Status()>& call) {
    ::ngoaivu::testing::ExpectRejected([&] { return h_.Digest(); }, field,
                                       call);
  }

  grpc::Status CreateWith(const std::function<void(D*)>& edit,
                          const std::string& id = "new") {
    dv1::CreateDelegationRequest r;
    r.set_delegation_id(id);
    *r.mutable_delegation() = Outbound(kMay1, kMay1 + 4, {kDirector});
    r.set_request_id("create-new");
    edit(r.mutable_delegation());
    D out;
    return h_.stub().CreateDelegation(Admin().get(), r, &out);
  }

  grpc::Status ApproveWith(const std::function<void(dv1::Decision*)>& edit) {
    dv1::DecideDelegationRequest r;
    r.set_name("delegations/trip");
    *r.mutable_decision() = Decision("1/QĐ-UBND");
    r.set_request_id("approve");
    edit(r.mutable_decision());
    D out;
    return h_.stub().ApproveDelegation(Admin().get(), r, &out);
  }
};

TEST_F(DelegationsBadInputTest, CreateRefusesEachBadField) {
  ExpectRejected("delegation_id",
                 [&] { return CreateWith([](D*) {}, "Bad Id!"); });
  ExpectRejected("delegation.direction", [&] {
    return CreateWith([](D* d) { d->set_direction(D::DIRECTION_UNSPECIFIED); });
  });
  ExpectRejected("delegation.title",
                 [&] { return CreateWith([](D* d) { d->clear_title(); }); });
  ExpectRejected("delegation.purpose", [&] {
    return CreateWith(
        [](D* d) { d->set_purpose(static_cast<D::Purpose>(99)); });
  });
  ExpectRejected("delegation.agency", [&] {
    return CreateWith([](D* d) { d->set_agency("SCT"); });
  });
  // An agency or official the registry does not know.
  ExpectRejected("delegation.agency", [&] {
    return CreateWith([](D* d) { d->set_agency("agencies/NOPE"); });
  });
  ExpectRejected("delegation.members[0].official", [&] {
    return CreateWith([](D* d) {
      d->mutable_members(0)->set_official("agencies/SCT/officials/ghost");
    });
  });
  ExpectRejected("delegation.members[0].official", [&] {
    return CreateWith(
        [](D* d) { d->mutable_members(0)->set_official("officials/x"); });
  });
  ExpectRejected("delegation.destinations", [&] {
    return CreateWith([](D* d) { d->clear_destinations(); });
  });
  ExpectRejected("delegation.destinations[0].country", [&] {
    return CreateWith(
        [](D* d) { d->mutable_destinations(0)->set_country("XX"); });
  });
  ExpectRejected("delegation.destinations[0].days", [&] {
    return CreateWith([](D* d) { d->mutable_destinations(0)->set_days(0); });
  });
  ExpectRejected("delegation.visitor_kind", [&] {
    return CreateWith([](D* d) { d->set_visitor_kind(D::EMBASSY); });
  });
  ExpectRejected("delegation.end_date", [&] {
    return CreateWith([](D* d) { *d->mutable_end_date() = ToDate(kMay1 - 1); });
  });
  ExpectRejected("delegation.start_date", [&] {
    return CreateWith([](D* d) {
      d->mutable_start_date()->set_month(2);
      d->mutable_start_date()->set_day(31);
    });
  });
  ExpectRejected("delegation.head",
                 [&] { return CreateWith([](D* d) { d->set_head(5); }); });
  ExpectRejected("delegation.sponsor", [&] {
    return CreateWith([](D* d) { d->set_funding(D::NAMED_SPONSOR); });
  });
  ExpectRejected("delegation.estimated_cost_vnd", [&] {
    return CreateWith([](D* d) { d->set_estimated_cost_vnd(-1); });
  });
  ExpectRejected("delegation.title", [&] {
    return CreateWith([](D* d) { d->set_title(std::string("a\0b", 3)); });
  });
  ExpectRejected("request_id", [&] {
    dv1::CreateDelegationRequest r;
    *r.mutable_delegation() = Outbound(kMay1, kMay1 + 4, {kDirector});
    D out;
    return h_.stub().CreateDelegation(Admin().get(), r, &out);
  });
  // Inbound: the visitors' kind and country.
  ExpectRejected("delegation.visitors_country", [&] {
    return CreateWith([](D* d) {
      d->set_direction(D::INBOUND);
      d->clear_destinations();
      d->set_visitor_kind(D::EMBASSY);
      d->clear_members();
    });
  });
}

TEST_F(DelegationsBadInputTest, TransitionsAndDecisionsRefuseBadFields) {
  ExpectRejected("name", [&] {
    dv1::TransitionDelegationRequest r;
    r.set_name("trip");
    r.set_request_id("x");
    D out;
    return h_.stub().SubmitDelegation(Admin().get(), r, &out);
  });
  ExpectRejected("reason", [&] {
    dv1::TransitionDelegationRequest r;
    r.set_name("delegations/trip");
    r.set_request_id("x");
    D out;
    return h_.stub().RejectDelegation(Admin().get(), r, &out);
  });
  // A justification of a rule that does not exist, and one left empty.
  for (const auto& justification :
       {std::pair{"no-such-rule", "x"}, {"submitted-in-time", ""}}) {
    // Named copies: a lambda may not capture structured bindings (C++17).
    const std::string rule = justification.first;
    const std::string text = justification.second;
    ExpectRejected(std::string("justifications[") + rule + "]", [&] {
      dv1::TransitionDelegationRequest r;
      r.set_name("delegations/trip");
      (*r.mutable_justifications())[rule] = text;
      r.set_request_id("justified");
      D out;
      return h_.stub().SubmitDelegation(Admin().get(), r, &out);
    });
  }
  ExpectRejected("decision.number", [&] {
    return ApproveWith([](dv1::Decision* d) { d->set_number("123"); });
  });
  ExpectRejected("decision.date", [&] {
    return ApproveWith([](dv1::Decision* d) { d->clear_date(); });
  });
  ExpectRejected("decision.signer", [&] {
    return ApproveWith([](dv1::Decision* d) { d->set_signer("Ông A"); });
  });
  ExpectRejected("decision.signer", [&] {
    return ApproveWith([](dv1::Decision* d) {
      d->set_signer("agencies/UBND/officials/nobody");
    });
  });
  ExpectRejected("decision.signer_capacity", [&] {
    return ApproveWith([](dv1::Decision* d) { d->clear_signer_capacity(); });
  });
  ExpectRejected("update_mask", [&] {
    dv1::AmendDelegationRequest r;
    r.set_name("delegations/trip");
    *r.mutable_decision() = Decision("2/QĐ-UBND");
    r.mutable_update_mask()->add_paths("title");
    r.set_request_id("amend");
    D out;
    return h_.stub().AmendDelegation(Admin().get(), r, &out);
  });
  ExpectRejected("update_mask", [&] {
    dv1::UpdateDelegationRequest r;
    r.mutable_delegation()->set_name("delegations/trip");
    r.set_request_id("update");
    D out;
    return h_.stub().UpdateDelegation(Admin().get(), r, &out);
  });
  ExpectRejected("outcome.aid_pledged[0].currency", [&] {
    dv1::RecordOutcomeRequest r;
    r.set_name("delegations/trip");
    auto* p = r.mutable_outcome()->add_aid_pledged();
    p->set_description("x");
    p->set_currency("dollars");
    r.set_request_id("outcome");
    D out;
    return h_.stub().RecordOutcome(Admin().get(), r, &out);
  });
  // An amendment naming an official the registry does not know.
  D approved;
  ASSERT_TRUE(Approve("trip", "1/QĐ-UBND", &approved).ok());
  ExpectRejected("delegation.members[0].official", [&] {
    dv1::AmendDelegationRequest r;
    r.set_name("delegations/trip");
    *r.mutable_decision() = Decision("2/QĐ-UBND");
    r.mutable_delegation()->add_members()->set_official(
        "agencies/SCT/officials/ghost");
    r.mutable_update_mask()->add_paths("members");
    r.set_request_id("amend-ghost");
    D out;
    return h_.stub().AmendDelegation(Admin().get(), r, &out);
  });
}

TEST_F(DelegationsBadInputTest, AgreementsListsAndStatisticsRefuseBadFields) {
  ExpectRejected("agreement.foreign_country", [&] {
    dv1::CreateAgreementRequest r;
    r.mutable_agreement()->set_proposing_agency("agencies/SCT");
    r.mutable_agreement()->set_foreign_party("x");
    r.mutable_agreement()->set_foreign_country("Campuchia");
    r.mutable_agreement()->set_subject("x");
    r.set_request_id("a");
    dv1::Agreement out;
    return h_.stub().CreateAgreement(Admin().get(), r, &out);
  });
  ExpectRejected("agencies", [&] {
    dv1::RequestOpinionsRequest r;
    r.set_name("agreements/mou");
    r.set_request_id("ask");
    dv1::Agreement out;
    return h_.stub().RequestOpinions(Admin().get(), r, &out);
  });
  ExpectRejected("signers", [&] {
    dv1::SignAgreementRequest r;
    r.set_name("agreements/mou");
    *r.mutable_signed_date() = ToDate(kMay1);
    r.set_request_id("sign");
    dv1::Agreement out;
    return h_.stub().SignAgreement(Admin().get(), r, &out);
  });
  ExpectRejected("country", [&] {
    dv1::ListDelegationsRequest r;
    r.set_country("kh");
    dv1::ListDelegationsResponse out;
    return h_.stub().ListDelegations(Admin().get(), r, &out);
  });
  ExpectRejected("page_token", [&] {
    dv1::ListDelegationsRequest r;
    r.set_page_token("forged");
    dv1::ListDelegationsResponse out;
    return h_.stub().ListDelegations(Admin().get(), r, &out);
  });
  ExpectRejected("from", [&] {
    dv1::GetDelegationStatisticsRequest r;
    r.mutable_to()->set_year(2010);
    dv1::DelegationStatistics out;
    return h_.stub().GetDelegationStatistics(Admin().get(), r, &out);
  });
  ExpectRejected("to", [&] {
    dv1::GetDelegationStatisticsRequest r;
    r.mutable_from()->set_year(2010);
    r.mutable_to()->set_year(2006);
    dv1::DelegationStatistics out;
    return h_.stub().GetDelegationStatistics(Admin().get(), r, &out);
  });
  ExpectRejected("name", [&] {
    events::v1::ListHistoryRequest r;
    r.set_name("programmes/p");
    events::v1::ListHistoryResponse out;
    return h_.stub().ListHistory(Admin().get(), r, &out);
  });
}

}  // namespace
}  // namespace ngoaivu::delegations
