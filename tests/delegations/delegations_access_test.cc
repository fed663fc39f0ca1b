// The delegations service's access table, cell by cell, through a real
// server. The expected cells are written out here, independently of the
// code.
#include "services/delegations/delegations_access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "absl/strings/ascii.h"
#include "tests/support/access_table.h"
#include "tests/support/delegations_fixture.h"

namespace ngoaivu::delegations {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::DelegationsFixture;
using ::ngoaivu::testing::ExpectAccessTable;
using ::ngoaivu::testing::ExpectedAccess;
using ::ngoaivu::testing::ExpectEveryCell;
using ::ngoaivu::testing::kDirector;
using ::ngoaivu::testing::kVice;
using ::ngoaivu::testing::TestToken;
namespace dv1 = ::ngoaivu::delegations::v1;
using D = dv1::Delegation;

// Roles: admin, coordinator, approver, officer, viewer, system.
const std::vector<ExpectedAccess> kTable = {
    {"CreateDelegation", {"any", "any", "-", "own", "-", "-"}},
    {"GetDelegation", {"any", "any", "any", "part", "any", "any"}},
    {"ListDelegations", {"any", "any", "any", "part", "any", "any"}},
    {"ListDecisions", {"any", "any", "any", "part", "any", "any"}},
    {"ValidateDelegation", {"any", "any", "any", "part", "-", "any"}},
    {"UpdateDelegation", {"any", "any", "-", "part", "-", "-"}},
    {"SubmitDelegation", {"any", "any", "-", "part", "-", "-"}},
    {"CancelDelegation", {"any", "any", "-", "part", "-", "-"}},
    {"ReviewDelegation", {"any", "any", "-", "-", "-", "-"}},
    {"ReturnDelegation", {"any", "any", "-", "-", "-", "-"}},
    {"ForwardDelegation", {"any", "any", "-", "-", "-", "-"}},
    {"ApproveDelegation", {"any", "-", "any", "-", "-", "-"}},
    {"RejectDelegation", {"any", "-", "any", "-", "-", "-"}},
    {"AmendDelegation", {"any", "-", "any", "-", "-", "-"}},
    {"DepartDelegation", {"any", "any", "-", "part", "-", "-"}},
    {"ReturnHomeDelegation", {"any", "any", "-", "part", "-", "-"}},
    {"RecordOutcome", {"any", "any", "-", "part", "-", "-"}},
    {"GiveDelegationOpinion", {"any", "any", "-", "own", "-", "-"}},
    {"CreateAgreement", {"any", "any", "-", "own", "-", "-"}},
    {"GetAgreement", {"any", "any", "any", "part", "any", "any"}},
    {"ListAgreements", {"any", "any", "any", "part", "any", "any"}},
    {"SubmitAgreement", {"any", "any", "-", "part", "-", "-"}},
    {"RequestOpinions", {"any", "any", "-", "-", "-", "-"}},
    {"GiveOpinion", {"any", "any", "-", "own", "-", "-"}},
    {"ApproveAgreement", {"any", "-", "any", "-", "-", "-"}},
    {"RejectAgreement", {"any", "-", "any", "-", "-", "-"}},
    {"SignAgreement", {"any", "any", "-", "part", "-", "-"}},
    {"EnterAgreementIntoForce", {"any", "any", "-", "part", "-", "-"}},
    {"ExpireAgreement", {"any", "any", "-", "part", "-", "-"}},
    {"TerminateAgreement", {"any", "any", "-", "part", "-", "-"}},
    {"GetDelegationStatistics", {"any", "any", "any", "any", "any", "any"}},
    {"ListHistory", {"any", "any", "any", "part", "any", "any"}},
};

using Stub = dv1::DelegationsService::Stub;
using Call = std::function<grpc::Status(Stub&, grpc::ClientContext*, bool own)>;

std::string Delegation(bool own) {
  return own ? "delegations/sct-trip" : "delegations/ubnd-trip";
}
std::string Agreement(bool own) {
  return own ? "agreements/sct-mou" : "agreements/ubnd-mou";
}
std::string Agency(bool own) { return own ? "agencies/SCT" : "agencies/UBND"; }

// A transition on the delegation of `own`: its etag is stale, so an
// admitted call is ABORTED and nothing changes.
template <typename Method>
Call Transition(Method method, const std::string& reason = "lý do") {
  return [method, reason](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::TransitionDelegationRequest r;
    r.set_name(Delegation(own));
    r.set_etag("never");
    r.set_reason(reason);
    r.set_request_id("t");
    D out;
    return (s.*method)(ctx, r, &out);
  };
}

template <typename Method>
Call AgreementTransition(Method method) {
  return [method](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::TransitionAgreementRequest r;
    r.set_name(Agreement(own));
    r.set_etag("never");
    r.set_reason("lý do");
    r.set_request_id("t");
    dv1::Agreement out;
    return (s.*method)(ctx, r, &out);
  };
}

dv1::Decision AnyDecision() {
  dv1::Decision d;
  d.set_number("9/QĐ-UBND");
  *d.mutable_date() = ToDate(absl::CivilDay(2026, 3, 20));
  d.set_signer(kVice);
  d.set_signer_capacity("CHỦ TỊCH");
  return d;
}

std::map<std::string, Call> Calls() {
  std::map<std::string, Call> c;
  c["CreateDelegation"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::CreateDelegationRequest r;
    r.set_delegation_id(own ? "sct-trip" : "ubnd-trip");  // exists
    *r.mutable_delegation() = DelegationsFixture::Outbound(
        absl::CivilDay(2026, 5, 1), absl::CivilDay(2026, 5, 4), {kDirector});
    r.mutable_delegation()->set_agency(Agency(own));
    r.set_request_id(own ? "c-own" : "c-other");
    D out;
    return s.CreateDelegation(ctx, r, &out);
  };
  c["GetDelegation"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::GetDelegationRequest r;
    r.set_name(Delegation(own));
    D out;
    return s.GetDelegation(ctx, r, &out);
  };
  c["ListDelegations"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::ListDelegationsRequest r;
    r.set_agency(Agency(own));
    dv1::ListDelegationsResponse out;
    return s.ListDelegations(ctx, r, &out);
  };
  c["ListDecisions"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::ListDecisionsRequest r;
    r.set_parent(Delegation(own));
    dv1::ListDecisionsResponse out;
    return s.ListDecisions(ctx, r, &out);
  };
  c["ValidateDelegation"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::ValidateDelegationRequest r;
    r.set_name(Delegation(own));
    dv1::ValidateDelegationResponse out;
    return s.ValidateDelegation(ctx, r, &out);
  };
  c["UpdateDelegation"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::UpdateDelegationRequest r;
    r.mutable_delegation()->set_name(Delegation(own));
    r.mutable_delegation()->set_title("Đổi tên");
    r.mutable_update_mask()->add_paths("title");
    r.set_etag("never");
    r.set_request_id("u");
    D out;
    return s.UpdateDelegation(ctx, r, &out);
  };
  c["SubmitDelegation"] = Transition(&Stub::SubmitDelegation);
  c["CancelDelegation"] = Transition(&Stub::CancelDelegation);
  c["ReviewDelegation"] = Transition(&Stub::ReviewDelegation);
  c["ReturnDelegation"] = Transition(&Stub::ReturnDelegation);
  c["ForwardDelegation"] = Transition(&Stub::ForwardDelegation);
  c["RejectDelegation"] = Transition(&Stub::RejectDelegation);
  c["DepartDelegation"] = Transition(&Stub::DepartDelegation);
  c["ReturnHomeDelegation"] = Transition(&Stub::ReturnHomeDelegation);
  c["ApproveDelegation"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::DecideDelegationRequest r;
    r.set_name(Delegation(own));
    r.set_etag("never");
    *r.mutable_decision() = AnyDecision();
    r.set_request_id("a");
    D out;
    return s.ApproveDelegation(ctx, r, &out);
  };
  c["AmendDelegation"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::AmendDelegationRequest r;
    r.set_name(Delegation(own));
    r.set_etag("never");
    *r.mutable_decision() = AnyDecision();
    *r.mutable_delegation()->mutable_end_date() =
        ToDate(absl::CivilDay(2026, 5, 6));
    r.mutable_update_mask()->add_paths("end_date");
    r.set_request_id("am");
    D out;
    return s.AmendDelegation(ctx, r, &out);
  };
  c["RecordOutcome"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::RecordOutcomeRequest r;
    r.set_name(Delegation(own));
    r.set_etag("never");
    r.mutable_outcome()->set_summary("x");
    r.set_request_id("o");
    D out;
    return s.RecordOutcome(ctx, r, &out);
  };
  c["GiveDelegationOpinion"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::GiveOpinionRequest r;
    r.set_name("delegations/ubnd-trip");
    r.set_agency(Agency(own));
    r.set_etag("never");
    r.set_text("Đồng ý");
    r.set_request_id("op");
    D out;
    return s.GiveDelegationOpinion(ctx, r, &out);
  };
  c["CreateAgreement"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::CreateAgreementRequest r;
    r.set_agreement_id(own ? "sct-mou" : "ubnd-mou");  // exists
    r.mutable_agreement()->set_proposing_agency(Agency(own));
    r.mutable_agreement()->set_foreign_party("Svay Rieng");
    r.mutable_agreement()->set_foreign_country("KH");
    r.mutable_agreement()->set_subject("Hợp tác");
    r.set_request_id(own ? "ca-own" : "ca-other");
    dv1::Agreement out;
    return s.CreateAgreement(ctx, r, &out);
  };
  c["GetAgreement"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::GetAgreementRequest r;
    r.set_name(Agreement(own));
    dv1::Agreement out;
    return s.GetAgreement(ctx, r, &out);
  };
  c["ListAgreements"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::ListAgreementsRequest r;
    r.set_proposing_agency(Agency(own));
    dv1::ListAgreementsResponse out;
    return s.ListAgreements(ctx, r, &out);
  };
  c["SubmitAgreement"] = AgreementTransition(&Stub::SubmitAgreement);
  c["RejectAgreement"] = AgreementTransition(&Stub::RejectAgreement);
  c["EnterAgreementIntoForce"] =
      AgreementTransition(&Stub::EnterAgreementIntoForce);
  c["ExpireAgreement"] = AgreementTransition(&Stub::ExpireAgreement);
  c["TerminateAgreement"] = AgreementTransition(&Stub::TerminateAgreement);
  c["RequestOpinions"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::RequestOpinionsRequest r;
    r.set_name(Agreement(own));
    r.set_etag("never");
    r.add_agencies("agencies/CA");
    r.set_request_id("ro");
    dv1::Agreement out;
    return s.RequestOpinions(ctx, r, &out);
  };
  c["GiveOpinion"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::GiveOpinionRequest r;
    r.set_name("agreements/ubnd-mou");
    r.set_agency(Agency(own));
    r.set_etag("never");
    r.set_text("Đồng ý");
    r.set_request_id("go");
    dv1::Agreement out;
    return s.GiveOpinion(ctx, r, &out);
  };
  c["ApproveAgreement"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::DecideAgreementRequest r;
    r.set_name(Agreement(own));
    r.set_etag("never");
    *r.mutable_decision() = AnyDecision();
    r.set_request_id("aa");
    dv1::Agreement out;
    return s.ApproveAgreement(ctx, r, &out);
  };
  c["SignAgreement"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    dv1::SignAgreementRequest r;
    r.set_name(Agreement(own));
    r.set_etag("never");
    *r.mutable_signed_date() = ToDate(absl::CivilDay(2026, 5, 1));
    r.add_signers("Ông A");
    r.set_request_id("sa");
    dv1::Agreement out;
    return s.SignAgreement(ctx, r, &out);
  };
  c["GetDelegationStatistics"] = [](Stub& s, grpc::ClientContext* ctx, bool) {
    dv1::GetDelegationStatisticsRequest r;
    r.mutable_from()->set_year(2026);
    r.mutable_to()->set_year(2026);
    dv1::DelegationStatistics out;
    return s.GetDelegationStatistics(ctx, r, &out);
  };
  c["ListHistory"] = [](Stub& s, grpc::ClientContext* ctx, bool own) {
    events::v1::ListHistoryRequest r;
    r.set_name(Delegation(own));
    events::v1::ListHistoryResponse out;
    return s.ListHistory(ctx, r, &out);
  };
  return c;
}

class DelegationsAccessTest : public DelegationsFixture {
 protected:
  void SetUp() override {
    DelegationsFixture::SetUp();
    D d;
    ASSERT_TRUE(Create("sct-trip",
                       Outbound(absl::CivilDay(2026, 5, 1),
                                absl::CivilDay(2026, 5, 4), {kDirector}),
                       &d)
                    .ok());
    D ubnd = Outbound(absl::CivilDay(2026, 5, 1), absl::CivilDay(2026, 5, 4),
                      {kVice});
    ubnd.set_agency("agencies/UBND");
    ASSERT_TRUE(Create("ubnd-trip", ubnd, &d).ok());
    for (const char* code : {"SCT", "UBND"}) {
      dv1::CreateAgreementRequest r;
      r.set_agreement_id(absl::AsciiStrToLower(code) + "-mou");
      r.mutable_agreement()->set_proposing_agency(std::string("agencies/") +
                                                  code);
      r.mutable_agreement()->set_foreign_party("Svay Rieng");
      r.mutable_agreement()->set_foreign_country("KH");
      r.mutable_agreement()->set_subject("Hợp tác");
      r.set_request_id(std::string("mou-") + code);
      dv1::Agreement out;
      ASSERT_TRUE(h_.stub().CreateAgreement(Admin().get(), r, &out).ok());
    }
  }
};

TEST_F(DelegationsAccessTest, CodeTableMatchesTheExpectedTable) {
  ExpectAccessTable(DelegationsAccessPolicy(),
                    "ngoaivu.delegations.v1.DelegationsService", kTable);
}

TEST_F(DelegationsAccessTest, EveryCellThroughARealServer) {
  const auto calls = Calls();
  // The caller works at SCT: "own" is SCT's delegation or agreement, "other"
  // the UBND's.
  ExpectEveryCell(
      kTable, "agencies/SCT",
      [&](const std::string& method, const std::string& token, bool own) {
        return calls.at(method)(h_.stub(), Context(5, token).get(), own);
      },
      [&] { return h_.Digest(); });
}

TEST_F(DelegationsAccessTest, AnOfficerIsRefusedWhatAnotherAgencySends) {
  const auto calls = Calls();
  const std::string before = h_.Digest();
  for (const ExpectedAccess& row : kTable) {
    if (std::string(row.cells[3]) != "part") continue;
    grpc::Status s = calls.at(row.method)(
        h_.stub(), Context(5, TestToken("officer", "agencies/SCT")).get(),
        /*own=*/false);
    EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED)
        << row.method << ": " << s.error_message();
  }
  EXPECT_EQ(h_.Digest(), before);
}

}  // namespace
}  // namespace ngoaivu::delegations
