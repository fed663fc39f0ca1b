#include "services/delegations/delegation_validation.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "common/validation.h"
#include "services/delegations/countries.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;

constexpr int kTitleChars = 500;
constexpr int kNameChars = 300;
constexpr int kMaxMembers = 200;
constexpr int kMaxDestinations = 30;

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

}  // namespace

absl::Status ValidateCreateDelegation(const v1::CreateDelegationRequest& r) {
  Violations v;
  if (!r.delegation_id().empty() && !IsValidResourceId(r.delegation_id())) {
    v.Add("delegation_id", "1-63 of [a-z0-9-], starting with a letter");
  }
  const Delegation& d = r.delegation();
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
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

}  // namespace ngoaivu::delegations
