#include "services/delegations/delegation_validation.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "common/update_mask.h"
#include "common/validation.h"
#include "services/delegations/countries.h"
#include "services/delegations/delegation_rules.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;

constexpr int kTitleChars = 500;
constexpr int kNameChars = 300;
constexpr int kMaxMembers = 200;
constexpr int kMaxDestinations = 30;
constexpr int kReasonChars = 2000;

void CheckCountry(Violations& v, const std::string& field,
                  const std::string& code, bool required) {
  if (code.empty()) {
    if (required) v.Add(field, "required, ISO 3166-1 alpha-2 (e.g. KH)");
    return;
  }
  if (!IsCountryCode(code)) {
    v.Add(field, absl::StrCat(code, " is not an ISO 3166-1 alpha-2 code"));
  }
}

void CheckMembers(Violations& v, const Delegation& d) {
  v.RequireCount("delegation.members", d.members_size(), 0, kMaxMembers);
  for (int i = 0; i < d.members_size() && i < kMaxMembers; ++i) {
    const v1::Member& m = d.members(i);
    const std::string field = absl::StrCat("delegation.members[", i, "]");
    if (d.direction() == Delegation::OUTBOUND && !m.official().empty()) {
      if (!OfficialRefOf(m.official())) {
        v.Add(field + ".official", "must be agencies/{CODE}/officials/{id}");
      }
    } else {
      v.RequireText(field + ".full_name", m.full_name(), kNameChars);
    }
    v.OptionalText(field + ".title", m.title(), kNameChars);
    v.OptionalText(field + ".organisation", m.organisation(), kNameChars);
    v.OptionalText(field + ".role", m.role(), 100);
    CheckCountry(v, field + ".nationality", m.nationality(), false);
  }
  if (d.members_size() > 0 && (d.head() < 0 || d.head() >= d.members_size())) {
    v.Add("delegation.head", "must be the index of one of the members");
  }
}

void CheckPlaces(Violations& v, const Delegation& d) {
  if (d.direction() == Delegation::OUTBOUND) {
    v.RequireCount("delegation.destinations", d.destinations_size(), 1,
                   kMaxDestinations);
    for (int i = 0; i < d.destinations_size() && i < kMaxDestinations; ++i) {
      const std::string field =
          absl::StrCat("delegation.destinations[", i, "]");
      CheckCountry(v, field + ".country", d.destinations(i).country(), true);
      if (d.destinations(i).days() < 1 || d.destinations(i).days() > 366) {
        v.Add(field + ".days", "1-366");
      }
    }
    if (d.visitor_kind() != Delegation::VISITOR_KIND_UNSPECIFIED) {
      v.Add("delegation.visitor_kind", "only for an inbound delegation");
    }
  } else if (d.direction() == Delegation::INBOUND) {
    if (d.destinations_size() > 0) {
      v.Add("delegation.destinations", "only for an outbound delegation");
    }
    if (!Delegation::VisitorKind_IsValid(d.visitor_kind()) ||
        d.visitor_kind() == Delegation::VISITOR_KIND_UNSPECIFIED) {
      v.Add("delegation.visitor_kind", "required for an inbound delegation");
    }
    CheckCountry(v, "delegation.visitors_country", d.visitors_country(), true);
  }
}

void CheckDatesAndFunding(Violations& v, const Delegation& d) {
  const auto start = ToCivilDay(d.start_date());
  const auto end = ToCivilDay(d.end_date());
  if (!start) v.Add("delegation.start_date", "required, a calendar date");
  if (!end) v.Add("delegation.end_date", "required, a calendar date");
  if (start && end && *end < *start) {
    v.Add("delegation.end_date", "before the start date");
  }
  if (!Delegation::Funding_IsValid(d.funding())) {
    v.Add("delegation.funding", absl::StrCat("unknown funding ", d.funding()));
  } else if (d.funding() == Delegation::NAMED_SPONSOR) {
    v.RequireText("delegation.sponsor", d.sponsor(), kNameChars);
  }
  if (d.estimated_cost_vnd() < 0) {
    v.Add("delegation.estimated_cost_vnd", "cannot be negative");
  }
  if (!Delegation::Classification_IsValid(d.classification())) {
    v.Add("delegation.classification",
          absl::StrCat("unknown classification ", d.classification()));
  }
}

// Every client-settable field of `d`, as a draft must hold them.
void CheckDelegationFields(Violations& v, const Delegation& d) {
  if (!Delegation::Direction_IsValid(d.direction()) ||
      d.direction() == Delegation::DIRECTION_UNSPECIFIED) {
    v.Add("delegation.direction", "required: OUTBOUND or INBOUND");
  }
  v.RequireText("delegation.title", d.title(), kTitleChars);
  if (!Delegation::Purpose_IsValid(d.purpose()) ||
      d.purpose() == Delegation::PURPOSE_UNSPECIFIED) {
    v.Add("delegation.purpose", "required");
  }
  if (!IsAgencyName(d.agency())) {
    v.Add("delegation.agency", "required, agencies/{CODE}");
  }
  for (int i = 0; i < d.partner_organisations_size(); ++i) {
    v.RequireText(absl::StrCat("delegation.partner_organisations[", i, "]"),
                  d.partner_organisations(i), kNameChars);
  }
  CheckPlaces(v, d);
  CheckMembers(v, d);
  CheckDatesAndFunding(v, d);
}

void CheckName(Violations& v, absl::string_view field, absl::string_view name,
               absl::string_view collection) {
  if (!IdOfName(name, collection)) {
    v.Add(std::string(field), absl::StrCat("required, ", collection, "{id}"));
  }
}

void CheckEtag(Violations& v, absl::string_view etag) {
  v.OptionalText("etag", etag, 100);
}

}  // namespace

std::optional<std::string> IdOfName(absl::string_view name,
                                    absl::string_view collection) {
  if (!absl::ConsumePrefix(&name, collection) || !IsValidResourceId(name)) {
    return std::nullopt;
  }
  return std::string(name);
}

absl::Status ValidateCreateDelegation(const v1::CreateDelegationRequest& r) {
  Violations v;
  if (!r.delegation_id().empty() && !IsValidResourceId(r.delegation_id())) {
    v.Add("delegation_id", "1-63 of [a-z0-9-], starting with a letter");
  }
  CheckDelegationFields(v, r.delegation());
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateUpdateDelegation(const v1::UpdateDelegationRequest& r) {
  Violations v;
  CheckName(v, "delegation.name", r.delegation().name(), "delegations/");
  CheckUpdateMask(
      "update_mask", r.update_mask(),
      {"title", "purpose", "visitor_kind", "destinations", "visitors_country",
       "partner_organisations", "start_date", "end_date", "members", "head",
       "funding", "sponsor", "estimated_cost_vnd", "classification"},
      &v);
  CheckEtag(v, r.etag());
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateDraft(const v1::Delegation& d) {
  Violations v;
  CheckDelegationFields(v, d);
  return v.ToStatus();
}

absl::Status CheckSubmittable(const v1::Delegation& d) {
  if (d.members_size() == 0) {
    return absl::FailedPreconditionError(
        "delegation.members: a delegation of no one cannot be submitted; "
        "add its members first");
  }
  return absl::OkStatus();
}

namespace {

// Each justification names a rule and says why, as a reason does.
void CheckJustifications(
    Violations& v,
    const google::protobuf::Map<std::string, std::string>& justifications) {
  for (const auto& [rule, text] : justifications) {
    const std::string field = absl::StrCat("justifications[", rule, "]");
    if (!IsRuleId(rule)) {
      v.Add(field, "not a rule of deploy/data/delegation-rules.yaml");
    } else {
      v.RequireText(field, text, kReasonChars);
    }
  }
}

}  // namespace

absl::Status CheckDepartable(const v1::Delegation& d, absl::CivilDay today) {
  const auto start = ToCivilDay(d.start_date());
  if (!start || today >= *start) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(d.name(), " is approved to leave on ", FormatDay(*start),
                   ", not today (", FormatDay(today),
                   "): amend its decision to move the dates "
                   "(AmendDelegation) before it leaves early"));
}

absl::Status ValidateTransition(const v1::TransitionDelegationRequest& r,
                                bool reason_required) {
  Violations v;
  CheckName(v, "name", r.name(), "delegations/");
  CheckEtag(v, r.etag());
  if (reason_required) {
    v.RequireText("reason", r.reason(), kReasonChars);
  } else {
    v.OptionalText("reason", r.reason(), kReasonChars);
  }
  CheckJustifications(v, r.justifications());
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

void CheckDecision(Violations& v, absl::string_view field,
                   const v1::Decision& d) {
  const std::string f(field);
  v.RequireText(f + ".number", d.number(), 100);
  if (!d.number().empty() && d.number().find('/') == std::string::npos) {
    v.Add(f + ".number", "as printed, e.g. 123/QĐ-UBND");
  }
  if (!ToCivilDay(d.date())) v.Add(f + ".date", "required, a calendar date");
  if (!OfficialRefOf(d.signer())) {
    v.Add(f + ".signer", "required, agencies/{CODE}/officials/{id}");
  }
  v.RequireText(f + ".signer_capacity", d.signer_capacity(), 200);
  v.OptionalText(f + ".summary", d.summary(), kReasonChars);
}

absl::Status ValidateDecide(const v1::DecideDelegationRequest& r) {
  Violations v;
  CheckName(v, "name", r.name(), "delegations/");
  CheckEtag(v, r.etag());
  CheckDecision(v, "decision", r.decision());
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateAmend(const v1::AmendDelegationRequest& r) {
  Violations v;
  CheckName(v, "name", r.name(), "delegations/");
  CheckEtag(v, r.etag());
  CheckDecision(v, "decision", r.decision());
  CheckUpdateMask("update_mask", r.update_mask(),
                  {"members", "head", "start_date", "end_date", "destinations",
                   "visitors_country"},
                  &v);
  CheckJustifications(v, r.justifications());
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateRecordOutcome(const v1::RecordOutcomeRequest& r) {
  Violations v;
  CheckName(v, "name", r.name(), "delegations/");
  CheckEtag(v, r.etag());
  const v1::Outcome& o = r.outcome();
  for (int i = 0; i < o.agreements_size(); ++i) {
    CheckName(v, absl::StrCat("outcome.agreements[", i, "]"), o.agreements(i),
              "agreements/");
  }
  for (int i = 0; i < o.aid_pledged_size(); ++i) {
    const auto& p = o.aid_pledged(i);
    const std::string f = absl::StrCat("outcome.aid_pledged[", i, "]");
    v.RequireText(f + ".description", p.description(), kNameChars);
    if (p.amount() < 0) v.Add(f + ".amount", "cannot be negative");
    if (p.currency().size() != 3 ||
        !std::all_of(p.currency().begin(), p.currency().end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; })) {
      v.Add(f + ".currency", "ISO 4217, e.g. USD");
    }
  }
  v.RequireCount("outcome.follow_up_duties", o.follow_up_duties_size(), 0, 50);
  for (int i = 0; i < o.follow_up_duties_size(); ++i) {
    v.RequireText(absl::StrCat("outcome.follow_up_duties[", i, "]"),
                  o.follow_up_duties(i), kTitleChars);
  }
  v.OptionalText("outcome.summary", o.summary(), kReasonChars);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateGiveOpinion(const v1::GiveOpinionRequest& r,
                                 absl::string_view collection) {
  Violations v;
  CheckName(v, "name", r.name(), collection);
  CheckEtag(v, r.etag());
  if (!IsAgencyName(r.agency())) {
    v.Add("agency", "required, agencies/{CODE}");
  }
  v.RequireText("text", r.text(), kReasonChars);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateCreateAgreement(const v1::CreateAgreementRequest& r) {
  Violations v;
  if (!r.agreement_id().empty() && !IsValidResourceId(r.agreement_id())) {
    v.Add("agreement_id", "1-63 of [a-z0-9-], starting with a letter");
  }
  const v1::Agreement& a = r.agreement();
  if (!IsAgencyName(a.proposing_agency())) {
    v.Add("agreement.proposing_agency", "required, agencies/{CODE}");
  }
  v.RequireText("agreement.foreign_party", a.foreign_party(), kNameChars);
  CheckCountry(v, "agreement.foreign_country", a.foreign_country(), true);
  v.RequireText("agreement.subject", a.subject(), kTitleChars);
  v.RequireCount("agreement.document_links", a.document_links_size(), 0, 50);
  for (int i = 0; i < a.document_links_size() && i < 50; ++i) {
    v.RequireText(absl::StrCat("agreement.document_links[", i, "]"),
                  a.document_links(i), 2000);
  }
  if (!a.delegation().empty()) {
    CheckName(v, "agreement.delegation", a.delegation(), "delegations/");
  }
  if (a.end_date().year() != 0 && !ToCivilDay(a.end_date())) {
    v.Add("agreement.end_date", "a calendar date");
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateAgreementTransition(
    const v1::TransitionAgreementRequest& r, bool reason_required) {
  Violations v;
  CheckName(v, "name", r.name(), "agreements/");
  CheckEtag(v, r.etag());
  if (reason_required) {
    v.RequireText("reason", r.reason(), kReasonChars);
  } else {
    v.OptionalText("reason", r.reason(), kReasonChars);
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateRequestOpinions(const v1::RequestOpinionsRequest& r) {
  Violations v;
  CheckName(v, "name", r.name(), "agreements/");
  CheckEtag(v, r.etag());
  v.RequireCount("agencies", r.agencies_size(), 1, 20);
  for (int i = 0; i < r.agencies_size(); ++i) {
    if (!IsAgencyName(r.agencies(i))) {
      v.Add(absl::StrCat("agencies[", i, "]"), "agencies/{CODE}");
    }
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateDecideAgreement(const v1::DecideAgreementRequest& r) {
  Violations v;
  CheckName(v, "name", r.name(), "agreements/");
  CheckEtag(v, r.etag());
  CheckDecision(v, "decision", r.decision());
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateSignAgreement(const v1::SignAgreementRequest& r) {
  Violations v;
  CheckName(v, "name", r.name(), "agreements/");
  CheckEtag(v, r.etag());
  if (!ToCivilDay(r.signed_date())) {
    v.Add("signed_date", "required, a calendar date");
  }
  v.RequireCount("signers", r.signers_size(), 1, 20);
  for (int i = 0; i < r.signers_size(); ++i) {
    v.RequireText(absl::StrCat("signers[", i, "]"), r.signers(i), kNameChars);
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

}  // namespace ngoaivu::delegations
