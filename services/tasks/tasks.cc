#include "services/tasks/tasks.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/history.h"
#include "common/ids.h"
#include "common/update_mask.h"
#include "common/validation.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/assignment.h"
#include "services/tasks/carriers.h"
#include "services/tasks/compliance.h"
#include "services/tasks/opening.h"
#include "services/tasks/programme_report.h"
#include "services/tasks/reassignment.h"
#include "services/tasks/redis_tasks_store.h"
#include "services/tasks/schedule.h"
#include "services/tasks/tasks_names.h"
#include "services/tasks/tasks_validation.h"

namespace ngoaivu::tasks {
namespace {

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " does not exist"));
}

// Obligations of a draft or closed programme do not move.
absl::Status MustBeActive(const v1::Programme& programme) {
  if (programme.state() == v1::Programme::ACTIVE) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      programme.name(), " is ", v1::Programme::State_Name(programme.state()),
      "; its obligations do not move"));
}

const char* VerbOf(ObligationAction action) {
  switch (action) {
    case ObligationAction::kStart:
      return "obligation.started";
    case ObligationAction::kReport:
      return "obligation.reported";
    case ObligationAction::kSubmit:
      return "obligation.submitted";
    case ObligationAction::kAccept:
      return "obligation.accepted";
    case ObligationAction::kReturn:
      return "obligation.returned";
    case ObligationAction::kWaive:
      return "obligation.waived";
    case ObligationAction::kCancel:
      return "obligation.cancelled";
  }
  return "obligation.changed";
}

}  // namespace

Tasks::Tasks(TasksStore* store, AgencyDirectory* directory, const Clock* clock,
             PageTokens page_tokens, absl::Duration request_ttl)
    : store_(store),
      directory_(directory),
      clock_(clock),
      page_tokens_(std::move(page_tokens)),
      requests_(kTasksRequestPrefix, request_ttl),
      events_("//ngoaivu/tasks", "ngoaivu.tasks.v1.") {}

events::v1::Event Tasks::Event(const CallContext& call, absl::string_view verb,
                               absl::string_view subject,
                               const google::protobuf::Message& payload,
                               absl::string_view request_id) const {
  return events_.Make(verb, subject, payload, call, request_id, clock_->Now());
}

Mutation Tasks::MutationOf(const CallContext& call, const RequestRecord& record,
                           const google::protobuf::Message& response,
                           std::vector<events::v1::Event> events) const {
  Mutation m;
  m.request = record;
  m.response = response.SerializeAsString();
  m.events = std::move(events);
  m.deadline = call.deadline;
  return m;
}

template <typename Response, typename Change>
absl::StatusOr<Response> Tasks::Once(const CallContext& call,
                                     absl::string_view method,
                                     const google::protobuf::Message& request,
                                     absl::string_view request_id,
                                     bool retry_conflicts, Change change) {
  const RequestRecord record = requests_.For(method, request_id, request);
  return RunOnce<Response>(
      retry_conflicts,
      [&] { return store_->FindResponse(record, call.deadline); },
      [&] { return change(record); });
}

absl::StatusOr<v1::Programme> Tasks::MustFindProgramme(absl::string_view id,
                                                       absl::Time deadline) {
  auto found = store_->FindProgramme(id, deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(ProgrammeName(id));
  return std::move(**found);
}

v1::Obligation Tasks::WithLateness(v1::Obligation o) const {
  if (AwaitsAgency(o.state())) {
    const int late =
        DaysLate(ToCivilDay(o.due_date()), ProvinceDay(clock_->Now()));
    o.set_late(late > 0);
    o.set_days_late(late);
  }
  return o;
}

absl::StatusOr<std::vector<v1::Obligation>> Tasks::OpenObligations(
    const v1::Programme& programme, const v1::Duty& duty, absl::Time deadline) {
  return ObligationsOpenNow(*directory_, programme, duty,
                            ProvinceDay(clock_->Now()), clock_->Now(),
                            deadline);
}

// --- Programmes
// -------------------------------------------------------------------

absl::StatusOr<v1::Programme> Tasks::GetProgramme(
    const CallContext& call, const v1::GetProgrammeRequest& r) {
  if (auto s = ValidateName(r.name(), "programme"); !s.ok()) return s;
  return MustFindProgramme(*ProgrammeIdOf(r.name()), call.deadline);
}

absl::StatusOr<v1::ListProgrammesResponse> Tasks::ListProgrammes(
    const CallContext& call, const v1::ListProgrammesRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!v.empty()) return v.ToStatus();
  auto cursor = page_tokens_.Open(r.page_token(), "programmes");
  if (!cursor.ok()) return cursor.status();
  auto page = store_->ListProgrammes(*cursor, limit, call.deadline);
  if (!page.ok()) return page.status();
  v1::ListProgrammesResponse response;
  for (auto& p : page->records) *response.add_programmes() = std::move(p);
  response.set_next_page_token(
      page_tokens_.Issue(page->next_cursor, "programmes"));
  return response;
}

absl::StatusOr<v1::Programme> Tasks::CreateProgramme(
    const CallContext& call, const v1::CreateProgrammeRequest& r) {
  if (auto s = ValidateCreateProgramme(r); !s.ok()) return s;
  return Once<v1::Programme>(
      call, "CreateProgramme", r, r.request_id(), false,
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Programme> {
        if (auto s = directory_->CheckActive(r.programme().issuing_body(),
                                             call.deadline);
            !s.ok()) {
          return s;
        }
        v1::Programme p = r.programme();
        p.set_name(ProgrammeName(r.programme_id()));
        p.set_state(v1::Programme::DRAFT);
        *p.mutable_create_time() = ToTimestamp(clock_->Now());
        *p.mutable_update_time() = ToTimestamp(clock_->Now());
        p.set_etag(NewEtag());
        v1::ProgrammeChanged payload;
        *payload.mutable_programme() = p;
        auto outcome = store_->SaveProgramme(
            p, nullptr, {},
            MutationOf(call, record, p,
                       {Event(call, "programme.created", p.name(), payload,
                              r.request_id())}));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, std::move(p));
      });
}

absl::StatusOr<v1::Programme> Tasks::UpdateProgramme(
    const CallContext& call, const v1::UpdateProgrammeRequest& r) {
  if (auto s = ValidateUpdateProgramme(r); !s.ok()) return s;
  const std::string etag = r.etag().empty() ? r.programme().etag() : r.etag();
  return Once<v1::Programme>(
      call, "UpdateProgramme", r, r.request_id(), etag.empty(),
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Programme> {
        auto current = MustFindProgramme(*ProgrammeIdOf(r.programme().name()),
                                         call.deadline);
        if (!current.ok()) return current.status();
        if (auto s = CheckEtag(current->name(), current->etag(), etag); !s.ok())
          return s;
        if (current->state() == v1::Programme::CLOSED) {
          return absl::FailedPreconditionError(
              absl::StrCat(current->name(), " is CLOSED; it does not change"));
        }
        v1::Programme next = *current;
        ApplyUpdateMask(r.programme(), r.update_mask(), &next);
        *next.mutable_update_time() = ToTimestamp(clock_->Now());
        next.set_etag(NewEtag());
        v1::ProgrammeChanged payload;
        *payload.mutable_programme() = next;
        for (const auto& path : r.update_mask().paths())
          payload.add_update_mask(path);
        auto outcome = store_->SaveProgramme(
            next, &*current, {},
            MutationOf(call, record, next,
                       {Event(call, "programme.updated", next.name(), payload,
                              r.request_id())}));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, std::move(next));
      });
}

absl::StatusOr<v1::Programme> Tasks::ActivateProgramme(
    const CallContext& call, const v1::ActivateProgrammeRequest& r) {
  Violations v;
  if (!ProgrammeIdOf(r.name())) v.Add("name", "required, programmes/{id}");
  v.RequireRequestId("request_id", r.request_id());
  if (!v.empty()) return v.ToStatus();
  return Once<v1::Programme>(
      call, "ActivateProgramme", r, r.request_id(), r.etag().empty(),
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Programme> {
        const std::string id = *ProgrammeIdOf(r.name());
        auto current = MustFindProgramme(id, call.deadline);
        if (!current.ok()) return current.status();
        if (auto s = CheckEtag(r.name(), current->etag(), r.etag()); !s.ok())
          return s;
        if (current->state() != v1::Programme::DRAFT) {
          return absl::FailedPreconditionError(absl::StrCat(
              r.name(), " is ", v1::Programme::State_Name(current->state()),
              "; only a DRAFT programme can be activated"));
        }
        v1::Programme next = *current;
        next.set_state(v1::Programme::ACTIVE);
        *next.mutable_update_time() = ToTimestamp(clock_->Now());
        next.set_etag(NewEtag());
        // Every duty's current obligations open with the programme.
        std::vector<v1::Obligation> obligations;
        std::string cursor;
        do {
          auto duties = store_->ListDuties(id, cursor, 1000, call.deadline);
          if (!duties.ok()) return duties.status();
          for (const auto& duty : duties->records) {
            if (duty.state() != v1::Duty::ACTIVE) continue;
            auto opened = OpenObligations(next, duty, call.deadline);
            if (!opened.ok()) return opened.status();
            obligations.insert(obligations.end(), opened->begin(),
                               opened->end());
          }
          cursor = duties->next_cursor;
        } while (!cursor.empty());
        v1::ProgrammeChanged payload;
        *payload.mutable_programme() = next;
        std::vector<events::v1::Event> events{Event(
            call, "programme.activated", next.name(), payload, r.request_id())};
        for (const auto& o : obligations) {
          v1::ObligationChanged opened;
          *opened.mutable_obligation() = o;
          events.push_back(Event(call, "obligation.opened", o.name(), opened,
                                 r.request_id()));
        }
        auto outcome = store_->SaveProgramme(
            next, &*current, obligations,
            MutationOf(call, record, next, std::move(events)));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, std::move(next));
      });
}

absl::StatusOr<v1::Programme> Tasks::CloseProgramme(
    const CallContext& call, const v1::CloseProgrammeRequest& r) {
  Violations v;
  if (!ProgrammeIdOf(r.name())) v.Add("name", "required, programmes/{id}");
  v.RequireText("reason", r.reason(), 1000);
  v.RequireRequestId("request_id", r.request_id());
  if (!v.empty()) return v.ToStatus();
  return Once<v1::Programme>(
      call, "CloseProgramme", r, r.request_id(), r.etag().empty(),
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Programme> {
        auto current =
            MustFindProgramme(*ProgrammeIdOf(r.name()), call.deadline);
        if (!current.ok()) return current.status();
        if (auto s = CheckEtag(r.name(), current->etag(), r.etag()); !s.ok())
          return s;
        if (current->state() != v1::Programme::ACTIVE) {
          return absl::FailedPreconditionError(absl::StrCat(
              r.name(), " is ", v1::Programme::State_Name(current->state()),
              "; only an ACTIVE programme can be closed"));
        }
        v1::Programme next = *current;
        next.set_state(v1::Programme::CLOSED);
        *next.mutable_update_time() = ToTimestamp(clock_->Now());
        next.set_etag(NewEtag());
        v1::ProgrammeChanged payload;
        *payload.mutable_programme() = next;
        payload.set_reason(r.reason());
        auto outcome = store_->SaveProgramme(
            next, &*current, {},
            MutationOf(call, record, next,
                       {Event(call, "programme.closed", next.name(), payload,
                              r.request_id())}));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, std::move(next));
      });
}

// --- Duties
// ---------------------------------------------------------------------

absl::StatusOr<bool> Tasks::TakesPart(const v1::Duty& duty,
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

absl::StatusOr<v1::Duty> Tasks::GetDuty(const CallContext& call,
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

absl::StatusOr<v1::ListDutiesResponse> Tasks::ListDuties(
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

absl::StatusOr<v1::Duty> Tasks::CreateDuty(const CallContext& call,
                                           const v1::CreateDutyRequest& r) {
  if (auto s = ValidateCreateDuty(r); !s.ok()) return s;
  return Once<v1::Duty>(
      call, "CreateDuty", r, r.request_id(), true,
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Duty> {
        auto programme =
            MustFindProgramme(*ProgrammeIdOf(r.parent()), call.deadline);
        if (!programme.ok()) return programme.status();
        if (programme->state() == v1::Programme::CLOSED) {
          return absl::FailedPreconditionError(
              absl::StrCat(r.parent(), " is CLOSED; it takes no new duties"));
        }
        // The agencies named must be active now (an unknown one is asked of
        // the registry, within this call's deadline).
        for (const std::string& agency :
             r.duty().group().empty()
                 ? std::vector<std::string>{r.duty().lead_agency()}
                 : std::vector<std::string>{}) {
          if (auto s = directory_->CheckActive(agency, call.deadline); !s.ok())
            return s;
        }
        for (const std::string& agency : r.duty().coordinating_agencies()) {
          if (auto s = directory_->CheckActive(agency, call.deadline); !s.ok())
            return s;
        }
        v1::Duty duty = r.duty();
        duty.set_name(DutyName({*ProgrammeIdOf(r.parent()), r.duty_id()}));
        duty.set_state(v1::Duty::ACTIVE);
        *duty.mutable_create_time() = ToTimestamp(clock_->Now());
        *duty.mutable_update_time() = ToTimestamp(clock_->Now());
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
        std::vector<events::v1::Event> events{
            Event(call, "duty.created", duty.name(), payload, r.request_id())};
        for (const auto& o : obligations) {
          v1::ObligationChanged opened;
          *opened.mutable_obligation() = o;
          events.push_back(Event(call, "obligation.opened", o.name(), opened,
                                 r.request_id()));
        }
        auto outcome = store_->CreateDuty(
            duty, *programme, obligations,
            MutationOf(call, record, duty, std::move(events)));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, std::move(duty));
      });
}

absl::StatusOr<std::pair<v1::Programme, v1::Duty>> Tasks::FindChangeableDuty(
    const DutyRef& ref, absl::string_view etag, absl::Time deadline) {
  auto programme = MustFindProgramme(ref.programme, deadline);
  if (!programme.ok()) return programme.status();
  if (programme->state() == v1::Programme::CLOSED) {
    return absl::FailedPreconditionError(absl::StrCat(
        programme->name(), " is CLOSED; its duties do not change"));
  }
  auto found = store_->FindDuty(ref, deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(DutyName(ref));
  if (auto s = CheckEtag((*found)->name(), (*found)->etag(), etag); !s.ok())
    return s;
  if ((*found)->state() != v1::Duty::ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat((*found)->name(), " is CANCELLED; it does not change"));
  }
  return std::make_pair(*std::move(programme), std::move(**found));
}

absl::StatusOr<v1::Duty> Tasks::UpdateDuty(const CallContext& call,
                                           const v1::UpdateDutyRequest& r) {
  if (auto s = ValidateUpdateDuty(r); !s.ok()) return s;
  const std::string etag = r.etag().empty() ? r.duty().etag() : r.etag();
  return Once<v1::Duty>(
      call, "UpdateDuty", r, r.request_id(), etag.empty(),
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Duty> {
        const DutyRef ref = *DutyRefOf(r.duty().name());
        auto found = FindChangeableDuty(ref, etag, call.deadline);
        if (!found.ok()) return found.status();
        const auto& [programme, current] = *found;
        v1::Duty next = current;
        ApplyUpdateMask(r.duty(), r.update_mask(), &next);
        *next.mutable_update_time() = ToTimestamp(clock_->Now());
        next.set_etag(NewEtag());
        v1::DutyChanged payload;
        *payload.mutable_duty() = next;
        for (const auto& path : r.update_mask().paths())
          payload.add_update_mask(path);
        auto outcome = store_->SaveDuty(
            next, current, programme, {},
            MutationOf(call, record, next,
                       {Event(call, "duty.updated", next.name(), payload,
                              r.request_id())}));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, std::move(next));
      });
}

absl::StatusOr<v1::Duty> Tasks::CancelDuty(const CallContext& call,
                                           const v1::CancelDutyRequest& r) {
  if (auto s = ValidateCancelDuty(r); !s.ok()) return s;
  return Once<v1::Duty>(
      call, "CancelDuty", r, r.request_id(), r.etag().empty(),
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Duty> {
        const DutyRef ref = *DutyRefOf(r.name());
        auto found = FindChangeableDuty(ref, r.etag(), call.deadline);
        if (!found.ok()) return found.status();
        const auto& [programme, current] = *found;
        const absl::Time now = clock_->Now();
        v1::Duty next = current;
        next.set_state(v1::Duty::CANCELLED);
        *next.mutable_update_time() = ToTimestamp(now);
        next.set_etag(NewEtag());
        v1::DutyChanged payload;
        *payload.mutable_duty() = next;
        payload.set_reason(r.reason());
        std::vector<events::v1::Event> events{Event(
            call, "duty.cancelled", next.name(), payload, r.request_id())};
        // Its obligations that are not final end with it.
        std::vector<ObligationWrite> writes;
        ObligationFilter filter;
        filter.duty = ref;
        std::string cursor;
        do {
          auto page =
              store_->ListObligations(filter, cursor, 1000, call.deadline);
          if (!page.ok()) return page.status();
          for (const v1::Obligation& o : page->records) {
            auto state = Next(o.state(), ObligationAction::kCancel);
            if (!state.ok()) continue;
            v1::Obligation cancelled = o;
            cancelled.set_state(*state);
            cancelled.set_state_reason(
                absl::StrCat("duty cancelled: ", r.reason()));
            *cancelled.mutable_update_time() = ToTimestamp(now);
            cancelled.set_etag(NewEtag());
            v1::ObligationChanged changed;
            *changed.mutable_obligation() = cancelled;
            changed.set_reason(cancelled.state_reason());
            events.push_back(Event(call, "obligation.cancelled",
                                   cancelled.name(), changed, r.request_id()));
            writes.push_back({std::move(cancelled), o});
          }
          cursor = page->next_cursor;
        } while (!cursor.empty());
        auto outcome =
            store_->SaveDuty(next, current, programme, writes,
                             MutationOf(call, record, next, std::move(events)));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, std::move(next));
      });
}

// --- Obligations
// ---------------------------------------------------------------

absl::StatusOr<v1::Obligation> Tasks::GetObligation(
    const CallContext& call, const v1::GetObligationRequest& r) {
  if (auto s = ValidateName(r.name(), "obligation"); !s.ok()) return s;
  auto found =
      store_->FindObligation(*ObligationRefOf(r.name()), call.deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(r.name());
  return WithLateness(std::move(**found));
}

absl::StatusOr<v1::ListObligationsResponse> Tasks::ListObligations(
    const CallContext& call, const v1::ListObligationsRequest& r) {
  if (auto s = ValidateListObligations(r); !s.ok()) return s;
  const std::string scope = absl::StrCat(
      "obligations|", r.agency(), "|", r.duty(), "|", r.state(), "|",
      r.period(), "|", r.late(), "|", r.due_before().ShortDebugString(), "|",
      r.due_after().ShortDebugString());
  auto cursor = page_tokens_.Open(r.page_token(), scope);
  if (!cursor.ok()) return cursor.status();
  ObligationFilter filter;
  filter.agency = r.agency();
  if (!r.duty().empty()) filter.duty = DutyRefOf(r.duty());
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

absl::StatusOr<v1::Obligation> Tasks::Transition(
    const CallContext& call, const v1::TransitionObligationRequest& r,
    ObligationAction action, absl::string_view method, absl::string_view verb) {
  const bool reason_required = action == ObligationAction::kReturn ||
                               action == ObligationAction::kWaive ||
                               action == ObligationAction::kCancel;
  if (auto s = ValidateTransition(r, reason_required); !s.ok()) return s;
  return Once<v1::Obligation>(
      call, method, r, r.request_id(), r.etag().empty(),
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Obligation> {
        const ObligationRef ref = *ObligationRefOf(r.name());
        auto found = store_->FindObligation(ref, call.deadline);
        if (!found.ok()) return found.status();
        if (!found->has_value()) return NotFound(r.name());
        const v1::Obligation& current = **found;
        auto programme = MustFindProgramme(ref.programme, call.deadline);
        if (!programme.ok()) return programme.status();
        if (auto s = MustBeActive(*programme); !s.ok()) return s;
        if (auto s = CheckEtag(r.name(), current.etag(), r.etag()); !s.ok())
          return s;
        auto state = Next(current.state(), action);
        if (!state.ok()) return state.status();
        const absl::Time now = clock_->Now();
        v1::Obligation next = current;
        next.set_state(*state);
        next.set_state_reason(r.reason());
        *next.mutable_update_time() = ToTimestamp(now);
        if (action == ObligationAction::kSubmit) {
          *next.mutable_submit_time() = ToTimestamp(now);
          const int late =
              DaysLate(ToCivilDay(next.due_date()), ProvinceDay(now));
          next.set_late(late > 0);
          next.set_days_late(late);
        }
        if (action == ObligationAction::kAccept) {
          *next.mutable_accept_time() = ToTimestamp(now);
          next.set_percent_complete(100);
        }
        next.set_etag(NewEtag());
        v1::ObligationChanged payload;
        *payload.mutable_obligation() = next;
        payload.set_reason(r.reason());
        auto outcome = store_->SaveObligation(
            next, current, *programme,
            MutationOf(
                call, record, next,
                {Event(call, verb, next.name(), payload, r.request_id())}));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, WithLateness(std::move(next)));
      });
}

absl::StatusOr<v1::Obligation> Tasks::StartObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kStart, "StartObligation",
                    VerbOf(ObligationAction::kStart));
}
absl::StatusOr<v1::Obligation> Tasks::SubmitObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kSubmit, "SubmitObligation",
                    VerbOf(ObligationAction::kSubmit));
}
absl::StatusOr<v1::Obligation> Tasks::AcceptObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kAccept, "AcceptObligation",
                    VerbOf(ObligationAction::kAccept));
}
absl::StatusOr<v1::Obligation> Tasks::ReturnObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kReturn, "ReturnObligation",
                    VerbOf(ObligationAction::kReturn));
}
absl::StatusOr<v1::Obligation> Tasks::WaiveObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kWaive, "WaiveObligation",
                    VerbOf(ObligationAction::kWaive));
}

absl::StatusOr<v1::Obligation> Tasks::CancelObligation(
    const CallContext& call, const v1::TransitionObligationRequest& r) {
  return Transition(call, r, ObligationAction::kCancel, "CancelObligation",
                    VerbOf(ObligationAction::kCancel));
}

// --- Reassignment
// ---------------------------------------------------------------

absl::StatusOr<v1::Obligation> Tasks::Move(
    const CallContext& call, const RequestRecord& record,
    const v1::Obligation& current, const v1::Programme& programme,
    const std::string& agency, const std::string& reason,
    bool cancel_if_carried, absl::string_view request_id) {
  const absl::Time now = clock_->Now();
  auto move = Reassign(current, agency, reason, now);
  if (!move.ok()) return move.status();
  auto carried = store_->FindObligation(*ObligationRefOf(move->moved.name()),
                                        call.deadline);
  if (!carried.ok()) return carried.status();
  if (carried->has_value()) {
    if (!cancel_if_carried) {
      return absl::AlreadyExistsError(
          absl::StrCat(agency, " already carries ", move->moved.name()));
    }
    v1::Obligation cancelled =
        CancelledForMerge(current,
                          absl::StrCat(reason, "; ", agency,
                                       " already carries ", move->moved.name()),
                          now);
    v1::ObligationChanged changed;
    *changed.mutable_obligation() = cancelled;
    changed.set_reason(cancelled.state_reason());
    auto outcome = store_->SaveObligations(
        {{cancelled, current}}, programme,
        MutationOf(call, record, cancelled,
                   {Event(call, "obligation.cancelled", cancelled.name(),
                          changed, request_id)}));
    if (!outcome.ok()) return outcome.status();
    return AnswerOf(*outcome, std::move(cancelled));
  }
  v1::ObligationReassigned reassigned;
  *reassigned.mutable_obligation() = move->moved;
  *reassigned.mutable_previous() = move->cancelled;
  reassigned.set_reason(reason);
  v1::ObligationChanged changed;
  *changed.mutable_obligation() = move->cancelled;
  changed.set_reason(move->cancelled.state_reason());
  auto outcome = store_->SaveObligations(
      {{move->moved, std::nullopt}, {move->cancelled, current}}, programme,
      MutationOf(call, record, move->moved,
                 {Event(call, "obligation.reassigned", move->moved.name(),
                        reassigned, request_id),
                  Event(call, "obligation.cancelled", move->cancelled.name(),
                        changed, request_id)}));
  if (!outcome.ok()) return outcome.status();
  return AnswerOf(*outcome, WithLateness(std::move(move->moved)));
}

absl::StatusOr<v1::Obligation> Tasks::ReassignObligation(
    const CallContext& call, const v1::ReassignObligationRequest& r) {
  if (auto s = ValidateReassignObligation(r); !s.ok()) return s;
  return Once<v1::Obligation>(
      call, "ReassignObligation", r, r.request_id(), r.etag().empty(),
      [&](const RequestRecord& record) -> absl::StatusOr<v1::Obligation> {
        const ObligationRef ref = *ObligationRefOf(r.name());
        auto found = store_->FindObligation(ref, call.deadline);
        if (!found.ok()) return found.status();
        if (!found->has_value()) return NotFound(r.name());
        auto programme = MustFindProgramme(ref.programme, call.deadline);
        if (!programme.ok()) return programme.status();
        if (auto s = MustBeActive(*programme); !s.ok()) return s;
        if (auto s = CheckEtag(r.name(), (*found)->etag(), r.etag()); !s.ok())
          return s;
        if (auto s = directory_->CheckActive(r.agency(), call.deadline);
            !s.ok())
          return s;
        return Move(call, record, **found, *programme, r.agency(), r.reason(),
                    false, r.request_id());
      });
}

absl::StatusOr<int> Tasks::ForEachAwaitedObligation(
    const CallContext& call, const std::string& agency,
    const AwaitedChange& change) {
  ObligationFilter filter;
  filter.agency = agency;
  filter.awaited_only = true;
  int changed = 0;
  std::string cursor;
  do {
    auto page = store_->ListObligations(filter, cursor, 200, call.deadline);
    if (!page.ok()) return page.status();
    for (v1::Obligation current : page->records) {
      const ObligationRef ref = *ObligationRefOf(current.name());
      for (int attempt = 0;; ++attempt) {
        auto programme = MustFindProgramme(ref.programme, call.deadline);
        if (!programme.ok()) return programme.status();
        // A draft or closed programme's obligations stay as they are.
        if (programme->state() != v1::Programme::ACTIVE) break;
        auto done = change(current, *programme);
        if (done.ok()) {
          if (*done) ++changed;
          break;
        }
        if (done.status().code() != absl::StatusCode::kAborted ||
            attempt >= kConflictRetries) {
          return done.status();
        }
        // Raced another change: look again.
        auto again = store_->FindObligation(ref, call.deadline);
        if (!again.ok()) return again.status();
        if (!again->has_value() || !AwaitsAgency((*again)->state())) break;
        current = std::move(**again);
      }
    }
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return changed;
}

absl::StatusOr<int> Tasks::MoveObligationsOfMergedAgency(
    const CallContext& call, const std::string& agency,
    const std::string& successor) {
  const std::string reason =
      absl::StrCat(agency, " was merged into ", successor);
  return ForEachAwaitedObligation(
      call, agency,
      [&](const v1::Obligation& current,
          const v1::Programme& programme) -> absl::StatusOr<bool> {
        auto moved = Move(call, RequestRecord{}, current, programme, successor,
                          reason, true, "");
        if (!moved.ok()) return moved.status();
        return true;
      });
}

absl::StatusOr<int> Tasks::RenameMergedAgencyInDuties(
    const CallContext& call, const std::string& agency,
    const std::string& successor) {
  // A merge is rare and a province has tens of duties: reading them all
  // here is cheaper than an index kept on every write.
  int changed = 0;
  std::string programme_cursor;
  do {
    auto programmes =
        store_->ListProgrammes(programme_cursor, 100, call.deadline);
    if (!programmes.ok()) return programmes.status();
    for (const v1::Programme& listed : programmes->records) {
      if (listed.state() == v1::Programme::CLOSED) continue;
      const std::string id = *ProgrammeIdOf(listed.name());
      std::string duty_cursor;
      do {
        auto duties = store_->ListDuties(id, duty_cursor, 500, call.deadline);
        if (!duties.ok()) return duties.status();
        for (const v1::Duty& listed_duty : duties->records) {
          v1::Duty probe = listed_duty;
          if (listed_duty.state() != v1::Duty::ACTIVE ||
              !ReplaceMergedAgency(agency, successor, &probe)) {
            continue;
          }
          // Re-read and write under the duty's etag; a race is retried.
          for (int attempt = 0;; ++attempt) {
            auto found = FindChangeableDuty(*DutyRefOf(listed_duty.name()), "",
                                            call.deadline);
            if (!found.ok()) return found.status();
            const auto& [programme, current] = *found;
            v1::Duty next = current;
            if (!ReplaceMergedAgency(agency, successor, &next)) break;
            *next.mutable_update_time() = ToTimestamp(clock_->Now());
            next.set_etag(NewEtag());
            v1::DutyChanged payload;
            *payload.mutable_duty() = next;
            payload.add_update_mask("lead_agency");
            payload.add_update_mask("coordinating_agencies");
            payload.set_reason(
                absl::StrCat(agency, " was merged into ", successor));
            auto outcome = store_->SaveDuty(
                next, current, programme, {},
                MutationOf(
                    call, RequestRecord{}, next,
                    {Event(call, "duty.updated", next.name(), payload, "")}));
            if (outcome.ok()) {
              ++changed;
              break;
            }
            if (outcome.status().code() != absl::StatusCode::kAborted ||
                attempt >= kConflictRetries) {
              return outcome.status();
            }
          }
        }
        duty_cursor = duties->next_cursor;
      } while (!duty_cursor.empty());
    }
    programme_cursor = programmes->next_cursor;
  } while (!programme_cursor.empty());
  return changed;
}

absl::StatusOr<int> Tasks::FlagObligationsOfDissolvedAgency(
    const CallContext& call, const std::string& agency) {
  return ForEachAwaitedObligation(
      call, agency,
      [&](const v1::Obligation& current,
          const v1::Programme& programme) -> absl::StatusOr<bool> {
        auto flagged = FlaggedForReassignment(current, clock_->Now());
        if (!flagged) return false;
        v1::ObligationChanged changed;
        *changed.mutable_obligation() = *flagged;
        changed.set_reason(absl::StrCat(agency, " was dissolved"));
        auto outcome = store_->SaveObligations(
            {{*flagged, current}}, programme,
            MutationOf(call, RequestRecord{}, *flagged,
                       {Event(call, "obligation.flagged", flagged->name(),
                              changed, "")}));
        if (!outcome.ok()) return outcome.status();
        return true;
      });
}

// --- Progress reports
// -------------------------------------------------------------

absl::StatusOr<v1::ProgressReport> Tasks::CreateProgressReport(
    const CallContext& call, const v1::CreateProgressReportRequest& r) {
  Violations v;
  if (!ObligationRefOf(r.parent())) {
    v.Add("parent", "required, programmes/{p}/duties/{d}/obligations/{o}");
  }
  v.RequireText("report.text", r.report().text(), 20000);
  if (r.report().percent_complete() < 0 ||
      r.report().percent_complete() > 100) {
    v.Add("report.percent_complete", "0-100");
  }
  v.RequireCount("report.document_links", r.report().document_links_size(), 0,
                 20);
  for (int i = 0; i < r.report().document_links_size() && i < 20; ++i) {
    v.RequireText(absl::StrCat("report.document_links[", i, "]"),
                  r.report().document_links(i), 2000);
  }
  v.RequireRequestId("request_id", r.request_id());
  if (!v.empty()) return v.ToStatus();
  return Once<v1::ProgressReport>(
      call, "CreateProgressReport", r, r.request_id(), true,
      [&](const RequestRecord& record) -> absl::StatusOr<v1::ProgressReport> {
        const ObligationRef ref = *ObligationRefOf(r.parent());
        auto found = store_->FindObligation(ref, call.deadline);
        if (!found.ok()) return found.status();
        if (!found->has_value()) return NotFound(r.parent());
        const v1::Obligation& current = **found;
        auto programme = MustFindProgramme(ref.programme, call.deadline);
        if (!programme.ok()) return programme.status();
        if (auto s = MustBeActive(*programme); !s.ok()) return s;
        auto state = Next(current.state(), ObligationAction::kReport);
        if (!state.ok()) return state.status();
        const absl::Time now = clock_->Now();
        v1::ProgressReport report = r.report();
        report.set_name(absl::StrCat(r.parent(), "/reports/r", RandomHex(12)));
        report.set_filed_by(call.actor.subject());
        report.set_filed_by_agency(call.actor.agency());
        *report.mutable_create_time() = ToTimestamp(now);
        v1::Obligation next = current;
        next.set_state(*state);
        next.set_percent_complete(report.percent_complete());
        *next.mutable_update_time() = ToTimestamp(now);
        next.set_etag(NewEtag());
        v1::ProgressReported filed;
        *filed.mutable_report() = report;
        *filed.mutable_obligation() = next;
        v1::ObligationChanged changed;
        *changed.mutable_obligation() = next;
        auto outcome = store_->FileReport(
            report, next, current, *programme,
            MutationOf(call, record, report,
                       {Event(call, "report.filed", report.name(), filed,
                              r.request_id()),
                        Event(call, "obligation.reported", next.name(), changed,
                              r.request_id())}));
        if (!outcome.ok()) return outcome.status();
        return AnswerOf(*outcome, std::move(report));
      });
}

absl::StatusOr<v1::ProgressReport> Tasks::GetProgressReport(
    const CallContext& call, const v1::GetProgressReportRequest& r) {
  const size_t at = r.name().find("/reports/");
  const std::optional<ObligationRef> ref =
      at == std::string::npos ? std::nullopt
                              : ObligationRefOf(r.name().substr(0, at));
  if (!ref || r.name().size() <= at + 9) {
    return InvalidArgument(
        "name",
        "required, programmes/{p}/duties/{d}/obligations/{o}/reports/{r}");
  }
  // An obligation has a handful of reports: read them in order.
  for (int64_t offset = 0;;) {
    auto page = store_->ListReports(*ref, offset, 100, call.deadline);
    if (!page.ok()) return page.status();
    for (auto& report : page->records) {
      if (report.name() == r.name()) return std::move(report);
    }
    if (page->next_cursor.empty()) break;
    offset += 100;
  }
  return NotFound(r.name());
}

absl::StatusOr<v1::ListProgressReportsResponse> Tasks::ListProgressReports(
    const CallContext& call, const v1::ListProgressReportsRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!ObligationRefOf(r.parent())) {
    v.Add("parent", "required, programmes/{p}/duties/{d}/obligations/{o}");
  }
  if (!v.empty()) return v.ToStatus();
  const std::string scope = absl::StrCat("reports|", r.parent());
  auto offset = OpenPositionToken(page_tokens_, r.page_token(), scope);
  if (!offset.ok()) return offset.status();
  const ObligationRef ref = *ObligationRefOf(r.parent());
  auto found = store_->FindObligation(ref, call.deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(r.parent());
  auto page = store_->ListReports(ref, *offset, limit, call.deadline);
  if (!page.ok()) return page.status();
  v1::ListProgressReportsResponse response;
  for (auto& report : page->records)
    *response.add_reports() = std::move(report);
  response.set_next_page_token(page_tokens_.Issue(page->next_cursor, scope));
  return response;
}

// --- Reports
// -------------------------------------------------------------------

absl::StatusOr<v1::ProgrammeReport> Tasks::GetProgrammeReport(
    const CallContext& call, const v1::GetProgrammeReportRequest& r) {
  if (auto s = ValidateGetProgrammeReport(r); !s.ok()) return s;
  const std::string id = *ProgrammeIdOf(r.name());
  auto programme = MustFindProgramme(id, call.deadline);
  if (!programme.ok()) return programme.status();
  const absl::CivilDay today = ProvinceDay(clock_->Now());
  auto tally = store_->ReadProgrammeTally(
      id, today - 1, r.late_limit() == 0 ? 50 : r.late_limit(), call.deadline);
  if (!tally.ok()) return tally.status();
  return BuildProgrammeReport(*programme, *tally, today);
}

absl::StatusOr<v1::ComplianceMatrix> Tasks::GetComplianceMatrix(
    const CallContext& call, const v1::GetComplianceMatrixRequest& r) {
  Violations v;
  if (!DutyRefOf(r.duty()))
    v.Add("duty", "required, programmes/{p}/duties/{d}");
  v.OptionalText("period", r.period(), 7);
  if (!v.empty()) return v.ToStatus();
  const DutyRef ref = *DutyRefOf(r.duty());
  auto duty = store_->FindDuty(ref, call.deadline);
  if (!duty.ok()) return duty.status();
  if (!duty->has_value()) return NotFound(r.duty());
  ObligationFilter filter;
  filter.duty = ref;
  filter.period = r.period();
  std::vector<v1::Obligation> obligations;
  std::string cursor;
  do {
    auto page = store_->ListObligations(filter, cursor, 1000, call.deadline);
    if (!page.ok()) return page.status();
    obligations.insert(obligations.end(), page->records.begin(),
                       page->records.end());
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return BuildComplianceMatrix(r.duty(), r.period(), obligations,
                               ProvinceDay(clock_->Now()));
}

// --- History
// ----------------------------------------------------------------------

absl::StatusOr<events::v1::ListHistoryResponse> Tasks::ListHistory(
    const CallContext& call, const events::v1::ListHistoryRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!ProgrammeIdOf(r.name()) && !DutyRefOf(r.name()) &&
      !ObligationRefOf(r.name())) {
    v.Add("name", "not the name of a programme, duty or obligation");
  }
  if (!v.empty()) return v.ToStatus();
  return HistoryPage(
      page_tokens_, r, limit,
      [&](int64_t offset, int n) {
        return store_->ListHistory(r.name(), offset, n, call.deadline);
      },
      [&]() -> absl::Status {
        // Every tasks resource has a history from its creation on.
        return NotFound(r.name());
      });
}

}  // namespace ngoaivu::tasks
