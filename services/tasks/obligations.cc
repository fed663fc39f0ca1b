#include "services/tasks/obligations.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/validation.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/period_obligations.h"
#include "services/tasks/tasks_validation.h"

namespace ngoaivu::tasks {

absl::StatusOr<v1::Obligation> Obligations::GetObligation(
    const CallContext& call, const v1::GetObligationRequest& r) {
  if (auto s = ValidateName(r.name(), "obligation"); !s.ok()) return s;
  auto found = MustFindObligation(r.name(), call.deadline);
  if (!found.ok()) return found.status();
  return WithLateness(*std::move(found));
}

absl::StatusOr<v1::ListObligationsResponse> Obligations::ListObligations(
    const CallContext& call, const v1::ListObligationsRequest& r) {
  if (auto s = ValidateListObligations(r); !s.ok()) return s;
  const std::string scope = absl::StrCat(
      "obligations|", r.agency(), "|", r.duty(), "|", r.programme(), "|",
      r.state(), "|", r.period(), "|", r.late(), "|",
      r.due_before().ShortDebugString(), "|", r.due_after().ShortDebugString());
  auto cursor = page_tokens_.Open(r.page_token(), scope);
  if (!cursor.ok()) return cursor.status();
  // A mistyped code is NOT_FOUND, not an empty list.
  if (!r.agency().empty() && r.page_token().empty()) {
    auto agency = directory_->FindAgency(r.agency(), call.deadline);
    if (!agency.ok()) return agency.status();
  }
  ObligationFilter filter;
  filter.agency = r.agency();
  if (!r.duty().empty()) filter.duty = DutyRefOf(r.duty());
  if (!r.programme().empty()) {
    const std::string id = *ProgrammeIdOf(r.programme());
    if (auto p = MustFindProgramme(id, call.deadline); !p.ok())
      return p.status();
    filter.programme = id;
  }
  filter.state = r.state();
  filter.period = r.period();
  if (r.late()) filter.awaited_due_by = ProvinceDay(clock_->Now()) - 1;
  if (r.has_due_before()) filter.due_before = ToCivilDay(r.due_before());
  if (r.has_due_after()) filter.due_after = ToCivilDay(r.due_after());
  Violations sizes;
  auto page = store_->ListObligations(
      filter, *cursor, sizes.PageSize("page_size", r.page_size()),
      call.deadline);
  if (!page.ok()) return page.status();
  v1::ListObligationsResponse response;
  for (auto& o : page->records)
    *response.add_obligations() = WithLateness(std::move(o));
  response.set_next_page_token(page_tokens_.Issue(page->next_cursor, scope));
  return response;
}

absl::StatusOr<v1::Obligation> Obligations::Transition(
    const CallContext& call, const v1::TransitionObligationRequest& r,
    ObligationAction action, absl::string_view method) {
  const bool reason_required = action == ObligationAction::kReturn ||
                               action == ObligationAction::kWaive ||
                               action == ObligationAction::kCancel;
  if (auto s = ValidateTransition(r, reason_required); !s.ok()) return s;
  return runner_.Run<v1::Obligation>(
      call, method, r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Obligation> {
        auto found =
            FindChangeableObligation(r.name(), r.etag(), call.deadline);
        if (!found.ok()) return found.status();
        const auto& [programme, current] = *found;
        auto next = Transitioned(current, action, r.reason(), m.now());
        if (!next.ok()) return next.status();
        v1::ObligationChanged payload;
        *payload.mutable_obligation() = *next;
        payload.set_reason(r.reason());
        m.Emit(EventVerbOf(action), next->name(), payload);
        return m.Answer(
            store_->SaveObligations({ChangedObligation(*next, current)},
                                    programme, m.Build(*next)),
            WithLateness(*next));
      });
}

absl::StatusOr<v1::Obligation> Obligations::StartObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kStart, "StartObligation");
}
absl::StatusOr<v1::Obligation> Obligations::SubmitObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kSubmit, "SubmitObligation");
}
absl::StatusOr<v1::Obligation> Obligations::AcceptObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kAccept, "AcceptObligation");
}
absl::StatusOr<v1::Obligation> Obligations::ReturnObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kReturn, "ReturnObligation");
}
absl::StatusOr<v1::Obligation> Obligations::WaiveObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kWaive, "WaiveObligation");
}
absl::StatusOr<v1::Obligation> Obligations::CancelObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kCancel, "CancelObligation");
}

absl::StatusOr<v1::Obligation> Obligations::ReassignObligation(
    const CallContext& call, const v1::ReassignObligationRequest& r) {
  if (auto s = ValidateReassignObligation(r); !s.ok()) return s;
  return runner_.Run<v1::Obligation>(
      call, "ReassignObligation", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Obligation> {
        auto found =
            FindChangeableObligation(r.name(), r.etag(), call.deadline);
        if (!found.ok()) return found.status();
        const auto& [programme, current] = *found;
        if (auto s = directory_->CheckActive(r.agency(), call.deadline);
            !s.ok())
          return s;
        return Move(m, current, programme, r.agency(), r.reason(), false);
      });
}

absl::StatusOr<v1::Obligation> Obligations::RescheduleObligation(
    const CallContext& call, const v1::RescheduleObligationRequest& r) {
  if (auto s = ValidateRescheduleObligation(r); !s.ok()) return s;
  return runner_.Run<v1::Obligation>(
      call, "RescheduleObligation", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Obligation> {
        auto found =
            FindChangeableObligation(r.name(), r.etag(), call.deadline);
        if (!found.ok()) return found.status();
        const auto& [programme, current] = *found;
        auto next = Rescheduled(current, *ToCivilDay(r.due_date()),
                                ProvinceDay(m.now()), m.now());
        if (!next.ok()) return next.status();
        v1::ObligationChanged payload;
        *payload.mutable_obligation() = *next;
        payload.set_reason(r.reason());
        m.Emit("obligation.rescheduled", next->name(), payload);
        return m.Answer(
            store_->SaveObligations({ChangedObligation(*next, current)},
                                    programme, m.Build(*next)),
            WithLateness(*next));
      });
}

}  // namespace ngoaivu::tasks
