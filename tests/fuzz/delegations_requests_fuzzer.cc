// Every delegations request validator on arbitrary serialized requests:
// each answers OK or INVALID_ARGUMENT with field violations, never crashes.
#include "common/dates.h"
#include "services/delegations/delegation_validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace ngoaivu::fuzz {
namespace {

namespace v1 = delegations::v1;
using namespace ::ngoaivu::delegations;  // NOLINT: the validators

const Checks& AllChecks() {
  static const auto* checks = new Checks{
      RequestCheck<v1::CreateDelegationRequest>(ValidateCreateDelegation),
      RequestCheck<v1::UpdateDelegationRequest>(ValidateUpdateDelegation),
      RequestCheck<v1::Delegation>(ValidateDraft),
      RequestCheck<v1::TransitionDelegationRequest>(
          [](const auto& r) { return ValidateTransition(r, true); }),
      RequestCheck<v1::DecideDelegationRequest>(ValidateDecide),
      RequestCheck<v1::AmendDelegationRequest>(ValidateAmend),
      RequestCheck<v1::RecordOutcomeRequest>(ValidateRecordOutcome),
      RequestCheck<v1::GiveOpinionRequest>(
          [](const auto& r) { return ValidateGiveOpinion(r, "delegations/"); }),
      RequestCheck<v1::CreateAgreementRequest>(ValidateCreateAgreement),
      RequestCheck<v1::TransitionAgreementRequest>(
          [](const auto& r) { return ValidateAgreementTransition(r, true); }),
      RequestCheck<v1::RequestOpinionsRequest>(ValidateRequestOpinions),
      RequestCheck<v1::DecideAgreementRequest>(ValidateDecideAgreement),
      RequestCheck<v1::SignAgreementRequest>(ValidateSignAgreement),
  };
  return *checks;
}

v1::Delegation Outbound() {
  v1::Delegation d;
  d.set_direction(v1::Delegation::OUTBOUND);
  d.set_title("Xúc tiến thương mại");
  d.set_purpose(v1::Delegation::INVESTMENT_AND_TRADE_PROMOTION);
  d.set_agency("agencies/SCT");
  auto* dest = d.add_destinations();
  dest->set_country("KH");
  dest->set_days(5);
  *d.mutable_start_date() = ToDate(absl::CivilDay(2026, 5, 1));
  *d.mutable_end_date() = ToDate(absl::CivilDay(2026, 5, 5));
  auto* member = d.add_members();
  member->set_official("agencies/SCT/officials/nguyen-van-a");
  member->set_role("Trưởng đoàn");
  d.set_head(0);
  d.set_funding(v1::Delegation::STATE_BUDGET);
  d.set_estimated_cost_vnd(120'000'000);
  return d;
}

v1::Delegation Visit() {
  v1::Delegation d;
  d.set_direction(v1::Delegation::INBOUND);
  d.set_title("Phóng viên báo nước ngoài tìm hiểu cửa khẩu");
  d.set_purpose(v1::Delegation::RESEARCH);
  d.set_agency("agencies/SNGV");
  d.set_visitor_kind(v1::Delegation::FOREIGN_PRESS);
  d.set_visitors_country("JP");
  *d.mutable_start_date() = ToDate(absl::CivilDay(2026, 5, 1));
  *d.mutable_end_date() = ToDate(absl::CivilDay(2026, 5, 5));
  auto* m = d.add_members();
  m->set_full_name("Tanaka Hiro");
  m->set_organisation("Asahi");
  m->set_nationality("JP");
  d.set_funding(v1::Delegation::SELF_FUNDED);
  return d;
}

std::vector<std::string> Seeds() {
  v1::CreateDelegationRequest trip;
  trip.set_delegation_id("trip-1");
  *trip.mutable_delegation() = Outbound();
  trip.set_request_id("c-1");
  v1::CreateDelegationRequest visit;
  *visit.mutable_delegation() = Visit();
  v1::TransitionDelegationRequest submit;
  submit.set_name("delegations/trip-1");
  submit.set_etag("e1");
  (*submit.mutable_justifications())["trips-per-year"] = "Chuyến đi cần thiết";
  v1::DecideDelegationRequest approve;
  approve.set_name("delegations/trip-1");
  approve.mutable_decision()->set_number("12/QĐ-UBND");
  *approve.mutable_decision()->mutable_date() =
      ToDate(absl::CivilDay(2026, 3, 20));
  approve.mutable_decision()->set_signer("agencies/UBND/officials/vice");
  approve.mutable_decision()->set_signer_capacity("KT. CHỦ TỊCH");
  v1::AmendDelegationRequest amend;
  amend.set_name("delegations/trip-1");
  *amend.mutable_decision() = approve.decision();
  *amend.mutable_delegation() = Outbound();
  amend.mutable_update_mask()->add_paths("members");
  return {Seed(0, trip),   Seed(0, visit),   Seed(2, Outbound()),
          Seed(3, submit), Seed(4, approve), Seed(5, amend)};
}

}  // namespace
}  // namespace ngoaivu::fuzz

NGOAIVU_REQUEST_FUZZER(ngoaivu::fuzz::AllChecks, ngoaivu::fuzz::Seeds)
