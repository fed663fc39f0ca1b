#include "services/tasks/duties.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/ids.h"
#include "common/update_mask.h"
#include "common/validation.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/tasks_validation.h"

namespace ngoaivu::tasks {

absl::StatusOr<bool> Duties::TakesPart(const v1::Duty& duty,
                                       const std::string& agency,
                                       absl::Time deadline) {
  if (duty.lead_agency() == agency) return true;
  for (const auto& c : duty.coordinating_agencies()) {
    if (c == agency) return true;
  }
  if (!duty.group().empty()) {
    auto members = directory_->ActiveMembers(duty.group(), deadline);
    if (!members.ok()) return members.status();
    for (const auto& m : *members) {
      if (m == agency) return true;
    }
  }
  return store_->CarriesAnyOf(agency, *DutyRefOf(duty.name()), deadline);
}

absl::StatusOr<v1::Duty> Duties::GetDuty(const CallContext& call,
                                         const v1::GetDutyRequest& r) {
  if (auto s = ValidateName(r.name(), "duty"); !s.ok()) return s;
  auto found = store_->FindDuty(*DutyRefOf(r.name()), call.deadline);
  if (!found.ok()) return found.status();
  if (call.participation_only) {
    // The same answer whether the duty is someone else's or not there.
    bool takes_part = false;
    if (found->has_value()) {
      auto part = TakesPart(**found, call.actor.agency(), call.deadline);
      if (!part.ok()) return part.status();
      takes_part = *part;
    }
    if (!takes_part) {
      return absl::PermissionDeniedError(
          absl::StrCat(call.actor.agency(), " takes no part in ", r.name()));
    }
  }
  if (!found->has_value()) return NotFound(r.name());
  return std::move(**found);
}

absl::StatusOr<v1::ListDutiesResponse> Duties::ListDuties(
    const CallContext& call, const v1::ListDutiesRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!ProgrammeIdOf(r.parent())) v.Add("parent", "required, programmes/{id}");
  if (!v.empty()) return v.ToStatus();
  const std::string scope = absl::StrCat("duties|", r.parent());
  auto cursor = page_tokens_.Open(r.page_token(), scope);
  if (!cursor.ok()) return cursor.status();
  const std::string id = *ProgrammeIdOf(r.parent());
  if (auto p = MustFindProgramme(id, call.deadline); !p.ok()) return p.status();
  auto page = store_->ListDuties(id, *cursor, limit, call.deadline);
  if (!page.ok()) return page.status();
  v1::ListDutiesResponse response;
  for (auto& d : page->records) {
    if (call.participation_only) {
      // An officer's page holds only his agency's duties (it may be short).
      auto part = TakesPart(d, call.actor.agency(), call.deadline);
      if (!part.ok()) return part.status();
      if (!*part) continue;
    }
    *response.add_duties() = std::move(d);
  }
  response.set_next_page_token(page_tokens_.Issue(page->next_cursor, scope));
  return response;
}

absl::Status Duties::CheckNamedAgencies(const v1::Duty& duty,
                                        absl::Time deadline) {
  if (duty.group().empty()) {
    if (auto s = directory_->CheckActive(duty.lead_agency(), deadline); !s.ok())
      return s;
  }
  for (const std::string& agency : duty.coordinating_agencies()) {
    if (auto s = directory_->CheckActive(agency, deadline); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Duty> Duties::CreateDuty(const CallContext& call,
                                            const v1::CreateDutyRequest& r) {
  if (auto s = ValidateCreateDuty(r); !s.ok()) return s;
  return runner_.Run<v1::Duty>(
      call, "CreateDuty", r, r.request_id(), true,
      [&](MutationScope& m) -> absl::StatusOr<v1::Duty> {
        auto programme =
            MustFindProgramme(*ProgrammeIdOf(r.parent()), call.deadline);
        if (!programme.ok()) return programme.status();
        if (programme->state() == v1::Programme::CLOSED) {
          return absl::FailedPreconditionError(
              absl::StrCat(r.parent(), " is CLOSED; it takes no new duties"));
        }
        if (auto s = CheckNamedAgencies(r.duty(), call.deadline); !s.ok())
          return s;
        v1::Duty duty = r.duty();
        duty.set_name(DutyName({*ProgrammeIdOf(r.parent()), r.duty_id()}));
        duty.set_state(v1::Duty::ACTIVE);
        *duty.mutable_create_time() = ToTimestamp(m.now());
        *duty.mutable_update_time() = ToTimestamp(m.now());
        duty.set_etag(NewEtag());
        std::vector<v1::Obligation> obligations;
        if (programme->state() == v1::Programme::ACTIVE) {
          auto opened = OpenObligations(*programme, duty, call.deadline);
          if (!opened.ok()) return opened.status();
          obligations = std::move(*opened);
        } else if (!duty.group().empty()) {
          // A draft's group duty: the group must exist all the same.
          auto members = directory_->ActiveMembers(duty.group(), call.deadline);
          if (!members.ok()) return members.status();
        }
        v1::DutyChanged payload;
        *payload.mutable_duty() = duty;
        m.Emit("duty.created", duty.name(), payload);
        EmitOpened(m, obligations);
        return m.Answer(
            store_->CreateDuty(duty, *programme,
                               NewObligations(std::move(obligations)),
                               m.Build(duty)),
            duty);
      });
}

absl::StatusOr<v1::Duty> Duties::UpdateDuty(const CallContext& call,
                                            const v1::UpdateDutyRequest& r) {
  if (auto s = ValidateUpdateDuty(r); !s.ok()) return s;
  const std::string etag = r.etag().empty() ? r.duty().etag() : r.etag();
  return runner_.Run<v1::Duty>(
      call, "UpdateDuty", r, r.request_id(), etag.empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Duty> {
        const DutyRef ref = *DutyRefOf(r.duty().name());
        auto found = FindChangeableDuty(ref, etag, call.deadline);
        if (!found.ok()) return found.status();
        const auto& [programme, current] = *found;
        v1::Duty next = current;
        ApplyUpdateMask(r.duty(), r.update_mask(), &next);
        *next.mutable_update_time() = ToTimestamp(m.now());
        next.set_etag(NewEtag());
        v1::DutyChanged payload;
        *payload.mutable_duty() = next;
        for (const auto& path : r.update_mask().paths())
          payload.add_update_mask(path);
        m.Emit("duty.updated", next.name(), payload);
        return m.Answer(
            store_->SaveDuty(next, current, programme, {}, m.Build(next)),
            next);
      });
}

absl::StatusOr<std::vector<ObligationWrite>> Duties::CancelObligationsOf(
    MutationScope& m, const DutyRef& duty, const std::string& reason) {
  std::vector<ObligationWrite> writes;
  ObligationFilter filter;
  filter.duty = duty;
  std::string cursor;
  do {
    auto page = store_->ListObligations(filter, cursor, 1000, m.deadline());
    if (!page.ok()) return page.status();
    for (const v1::Obligation& o : page->records) {
      auto cancelled =
          Transitioned(o, ObligationAction::kCancel,
                       absl::StrCat("duty cancelled: ", reason), m.now());
      if (!cancelled.ok()) continue;  // final already
      v1::ObligationChanged changed;
      *changed.mutable_obligation() = *cancelled;
      changed.set_reason(cancelled->state_reason());
      m.Emit("obligation.cancelled", cancelled->name(), changed);
      writes.push_back(ChangedObligation(*std::move(cancelled), o));
    }
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return writes;
}

absl::StatusOr<v1::Duty> Duties::CancelDuty(const CallContext& call,
                                            const v1::CancelDutyRequest& r) {
  if (auto s = ValidateCancelDuty(r); !s.ok()) return s;
  return runner_.Run<v1::Duty>(
      call, "CancelDuty", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Duty> {
        const DutyRef ref = *DutyRefOf(r.name());
        auto found = FindChangeableDuty(ref, r.etag(), call.deadline);
        if (!found.ok()) return found.status();
        const auto& [programme, current] = *found;
        v1::Duty next = current;
        next.set_state(v1::Duty::CANCELLED);
        *next.mutable_update_time() = ToTimestamp(m.now());
        next.set_etag(NewEtag());
        v1::DutyChanged payload;
        *payload.mutable_duty() = next;
        payload.set_reason(r.reason());
        m.Emit("duty.cancelled", next.name(), payload);
        // Its obligations that are not final end with it.
        auto writes = CancelObligationsOf(m, ref, r.reason());
        if (!writes.ok()) return writes.status();
        return m.Answer(
            store_->SaveDuty(next, current, programme, *writes, m.Build(next)),
            next);
      });
}

}  // namespace ngoaivu::tasks
