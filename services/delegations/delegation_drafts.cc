#include "services/delegations/delegation_drafts.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/history.h"
#include "common/ids.h"
#include "common/registry_names.h"
#include "common/update_mask.h"
#include "common/validation.h"
#include "services/delegations/countries.h"
#include "services/delegations/delegation_validation.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;

absl::StatusOr<DelegationFilter> FilterOf(const v1::ListDelegationsRequest& r) {
  Violations v;
  DelegationFilter f;
  if (!Delegation::Direction_IsValid(r.direction()))
    v.Add("direction", "unknown");
  if (!Delegation::State_IsValid(r.state())) v.Add("state", "unknown");
  if (!Delegation::Purpose_IsValid(r.purpose())) v.Add("purpose", "unknown");
  if (!Delegation::VisitorKind_IsValid(r.visitor_kind())) {
    v.Add("visitor_kind", "unknown");
  }
  if (!r.agency().empty() && !IsAgencyName(r.agency())) {
    v.Add("agency", "agencies/{CODE}");
  }
  if (!r.country().empty() && !IsCountryCode(r.country())) {
    v.Add("country", "ISO 3166-1 alpha-2, e.g. KH");
  }
  if (r.has_start_after() && !ToCivilDay(r.start_after())) {
    v.Add("start_after", "a calendar date");
  }
  if (r.has_start_before() && !ToCivilDay(r.start_before())) {
    v.Add("start_before", "a calendar date");
  }
  if (!v.empty()) return v.ToStatus();
  f.direction = r.direction();
  f.state = r.state();
  f.agency = r.agency();
  f.country = r.country();
  f.purpose = r.purpose();
  f.visitor_kind = r.visitor_kind();
  f.start_after = FormatDate(r.start_after());
  f.start_before = FormatDate(r.start_before());
  return f;
}

}  // namespace

absl::Status DelegationDrafts::CheckParties(const Delegation& d,
                                            absl::Time deadline) {
  if (auto s = directory_->CheckActive(d.agency(), deadline); !s.ok()) {
    if (s.code() == absl::StatusCode::kNotFound) {
      return InvalidArgument(
          "delegation.agency",
          absl::StrCat(d.agency(), " is not in the registry"));
    }
    return s;
  }
  for (int i = 0; i < d.members_size(); ++i) {
    if (d.members(i).official().empty()) continue;
    if (auto s = RequireOfficial(
            d.members(i).official(),
            absl::StrCat("delegation.members[", i, "].official"), deadline);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Delegation> DelegationDrafts::CreateDelegation(
    const CallContext& call, const v1::CreateDelegationRequest& r) {
  if (auto s = ValidateCreateDelegation(r); !s.ok()) return s;
  if (auto s = CheckParties(r.delegation(), call.deadline); !s.ok()) return s;
  return runner_.Run<Delegation>(
      call, "CreateDelegation", r, r.request_id(), /*retry_conflicts=*/false,
      [&](MutationScope& m) -> absl::StatusOr<Delegation> {
        Delegation d = r.delegation();
        d.set_name(
            absl::StrCat("delegations/", r.delegation_id().empty()
                                             ? absl::StrCat("d", RandomHex(11))
                                             : r.delegation_id()));
        d.set_state(Delegation::DRAFT);
        if (d.classification() == Delegation::CLASSIFICATION_UNSPECIFIED) {
          d.set_classification(Delegation::NORMAL);
        }
        for (const char* output :
             {"state_reason", "decisions", "outcome", "post_trip_report",
              "opinions", "submit_time", "justifications"}) {
          d.GetReflection()->ClearField(
              &d, d.GetDescriptor()->FindFieldByName(output));
        }
        *d.mutable_create_time() = ToTimestamp(m.now());
        d = Stamped(std::move(d), m.now());
        m.Emit("delegation.created", d.name(), PublicPayload(d));
        DelegationWrite write(d);
        return m.Answer(store_->SaveDelegation(write, m.Build(d)), d);
      });
}

absl::StatusOr<Delegation> DelegationDrafts::GetDelegation(
    const CallContext& call, const v1::GetDelegationRequest& r) {
  if (!IdOfName(r.name(), "delegations/")) {
    return InvalidArgument("name", "required, delegations/{id}");
  }
  auto d = FindDelegationFor(call, r.name(), "");
  if (!d.ok()) return d.status();
  return AsSeenBy(call, std::move(*d));
}

absl::StatusOr<v1::ListDelegationsResponse> DelegationDrafts::ListDelegations(
    const CallContext& call, const v1::ListDelegationsRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!v.empty()) return v.ToStatus();
  auto filter = FilterOf(r);
  if (!filter.ok()) return filter.status();
  if (call.participation_only) {
    // An officer lists his own agency's delegations.
    if (!filter->agency.empty() && filter->agency != call.actor.agency()) {
      return absl::PermissionDeniedError(absl::StrCat(
          call.actor.agency(), " may list only its own delegations"));
    }
    filter->agency = call.actor.agency();
  }
  // A mistyped code is NOT_FOUND, not an empty list.
  if (!filter->agency.empty() && r.page_token().empty()) {
    auto agency = directory_->FindAgency(filter->agency, call.deadline);
    if (!agency.ok()) return agency.status();
  }
  const std::string scope =
      absl::StrCat("delegations|", filter->direction, "|", filter->state, "|",
                   filter->agency, "|", filter->country, "|", filter->purpose,
                   "|", filter->visitor_kind, "|", filter->start_after, "|",
                   filter->start_before);
  v1::ListDelegationsResponse response;
  auto next = ServePage(
      page_tokens_, r.page_token(), scope,
      [&](const std::string& cursor) {
        return store_->ListDelegations(*filter, cursor, limit, call.deadline);
      },
      [&](Delegation d) {
        *response.add_delegations() = AsSeenBy(call, std::move(d));
      });
  if (!next.ok()) return next.status();
  response.set_next_page_token(*next);
  return response;
}

absl::StatusOr<Delegation> DelegationDrafts::UpdateDelegation(
    const CallContext& call, const v1::UpdateDelegationRequest& r) {
  if (auto s = ValidateUpdateDelegation(r); !s.ok()) return s;
  const std::string etag = r.etag().empty() ? r.delegation().etag() : r.etag();
  return runner_.Run<Delegation>(
      call, "UpdateDelegation", r, r.request_id(), etag.empty(),
      [&](MutationScope& m) -> absl::StatusOr<Delegation> {
        auto current = FindDelegationFor(call, r.delegation().name(), etag);
        if (!current.ok()) return current.status();
        if (current->state() != Delegation::DRAFT) {
          return absl::FailedPreconditionError(absl::StrCat(
              "only a DRAFT changes by UpdateDelegation; ",
              r.delegation().name(), " is ",
              Delegation::State_Name(current->state()),
              current->state() == Delegation::APPROVED
                  ? " (an approved delegation changes by AmendDelegation)"
                  : ""));
        }
        Delegation next = *current;
        ApplyUpdateMask(r.delegation(), r.update_mask(), &next);
        if (auto s = ValidateDraft(next); !s.ok()) return s;
        if (auto s = CheckParties(next, m.deadline()); !s.ok()) return s;
        next = Stamped(std::move(next), m.now());
        m.Emit("delegation.updated", next.name(), PublicPayload(next));
        DelegationWrite write(next, &*current);
        return m.Answer(store_->SaveDelegation(write, m.Build(next)), next);
      });
}

absl::StatusOr<v1::ValidateDelegationResponse>
DelegationDrafts::ValidateDelegation(const CallContext& call,
                                     const v1::ValidateDelegationRequest& r) {
  if (!IdOfName(r.name(), "delegations/")) {
    return InvalidArgument("name", "required, delegations/{id}");
  }
  auto d = FindDelegationFor(call, r.name(), "");
  if (!d.ok()) return d.status();
  auto officials = MemberOfficials(*d, call.deadline);
  if (!officials.ok()) return officials.status();
  auto violations = CheckRules(*d, *officials, call.deadline);
  if (!violations.ok()) return violations.status();
  v1::ValidateDelegationResponse response;
  for (auto& violation : *violations) {
    *response.add_violations() = std::move(violation);
  }
  return response;
}

absl::StatusOr<v1::ListDecisionsResponse> DelegationDrafts::ListDecisions(
    const CallContext& call, const v1::ListDecisionsRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!IdOfName(r.parent(), "delegations/")) {
    v.Add("parent", "required, delegations/{id}");
  }
  if (!v.empty()) return v.ToStatus();
  const std::string scope = absl::StrCat("decisions|", r.parent());
  auto offset = OpenPositionToken(page_tokens_, r.page_token(), scope);
  if (!offset.ok()) return offset.status();
  auto d = FindDelegationFor(call, r.parent(), "");
  if (!d.ok()) return d.status();
  v1::ListDecisionsResponse response;
  int64_t i = *offset;
  for (; i < d->decisions_size() && response.decisions_size() < limit; ++i) {
    *response.add_decisions() = d->decisions(static_cast<int>(i));
  }
  if (i < d->decisions_size()) {
    response.set_next_page_token(page_tokens_.Issue(absl::StrCat(i), scope));
  }
  return response;
}

}  // namespace ngoaivu::delegations
