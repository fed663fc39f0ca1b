#include "services/tasks/programmes.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/ids.h"
#include "common/update_mask.h"
#include "common/validation.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/period_obligations.h"
#include "services/tasks/tasks_validation.h"

namespace ngoaivu::tasks {

absl::StatusOr<v1::Programme> Programmes::GetProgramme(
    const CallContext& call, const v1::GetProgrammeRequest& r) {
  if (auto s = ValidateName(r.name(), "programme"); !s.ok()) return s;
  return MustFindProgramme(*ProgrammeIdOf(r.name()), call.deadline);
}

absl::StatusOr<v1::ListProgrammesResponse> Programmes::ListProgrammes(
    const CallContext& call, const v1::ListProgrammesRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!v.empty()) return v.ToStatus();
  v1::ListProgrammesResponse response;
  auto next = ServePage(
      page_tokens_, r.page_token(), "programmes",
      [&](const std::string& cursor) {
        return store_->ListProgrammes(cursor, limit, call.deadline);
      },
      [&](v1::Programme p) { *response.add_programmes() = std::move(p); });
  if (!next.ok()) return next.status();
  response.set_next_page_token(*next);
  return response;
}

absl::StatusOr<v1::Programme> Programmes::CreateProgramme(
    const CallContext& call, const v1::CreateProgrammeRequest& r) {
  if (auto s = ValidateCreateProgramme(r); !s.ok()) return s;
  return runner_.Run<v1::Programme>(
      call, "CreateProgramme", r, r.request_id(), false,
      [&](MutationScope& m) -> absl::StatusOr<v1::Programme> {
        if (auto s = directory_->CheckActive(r.programme().issuing_body(),
                                             call.deadline);
            !s.ok()) {
          return s;
        }
        v1::Programme p = r.programme();
        p.set_name(ProgrammeName(r.programme_id()));
        p.set_state(v1::Programme::DRAFT);
        *p.mutable_create_time() = ToTimestamp(m.now());
        *p.mutable_update_time() = ToTimestamp(m.now());
        p.set_etag(NewEtag());
        v1::ProgrammeChanged payload;
        *payload.mutable_programme() = p;
        m.Emit("programme.created", p.name(), payload);
        return m.Answer(store_->SaveProgramme(p, nullptr, {}, m.Build(p)), p);
      });
}

absl::StatusOr<v1::Programme> Programmes::UpdateProgramme(
    const CallContext& call, const v1::UpdateProgrammeRequest& r) {
  if (auto s = ValidateUpdateProgramme(r); !s.ok()) return s;
  const std::string etag = r.etag().empty() ? r.programme().etag() : r.etag();
  return runner_.Run<v1::Programme>(
      call, "UpdateProgramme", r, r.request_id(), etag.empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Programme> {
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
        *next.mutable_update_time() = ToTimestamp(m.now());
        next.set_etag(NewEtag());
        v1::ProgrammeChanged payload;
        *payload.mutable_programme() = next;
        for (const auto& path : r.update_mask().paths())
          payload.add_update_mask(path);
        m.Emit("programme.updated", next.name(), payload);
        return m.Answer(
            store_->SaveProgramme(next, &*current, {}, m.Build(next)), next);
      });
}

absl::StatusOr<std::vector<v1::Obligation>> Programmes::ObligationsOfAllDuties(
    const v1::Programme& programme, absl::Time deadline) {
  const std::string id = *ProgrammeIdOf(programme.name());
  std::vector<v1::Obligation> obligations;
  std::string cursor;
  do {
    auto duties = store_->ListDuties(id, cursor, 1000, deadline);
    if (!duties.ok()) return duties.status();
    for (const auto& duty : duties->records) {
      if (duty.state() != v1::Duty::ACTIVE) continue;
      auto opened = OpenObligations(programme, duty, deadline);
      if (!opened.ok()) return opened.status();
      obligations.insert(obligations.end(), opened->begin(), opened->end());
    }
    cursor = duties->next_cursor;
  } while (!cursor.empty());
  return obligations;
}

absl::StatusOr<v1::Programme> Programmes::ActivateProgramme(
    const CallContext& call, const v1::ActivateProgrammeRequest& r) {
  if (auto s = ValidateActivateProgramme(r, ProvinceDay(clock_->Now()));
      !s.ok()) {
    return s;
  }
  return runner_.Run<v1::Programme>(
      call, "ActivateProgramme", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Programme> {
        auto current = FindProgrammeIn(r.name(), r.etag(), v1::Programme::DRAFT,
                                       "activated", call.deadline);
        if (!current.ok()) return current.status();
        v1::Programme next = *current;
        next.set_state(v1::Programme::ACTIVE);
        *next.mutable_track_from() =
            r.has_track_from() ? r.track_from() : ToDate(ProvinceDay(m.now()));
        *next.mutable_update_time() = ToTimestamp(m.now());
        *next.mutable_activate_time() = ToTimestamp(m.now());
        next.set_etag(NewEtag());
        // Every duty's current obligations open with the programme.
        auto obligations = ObligationsOfAllDuties(next, call.deadline);
        if (!obligations.ok()) return obligations.status();
        v1::ProgrammeChanged payload;
        *payload.mutable_programme() = next;
        m.Emit("programme.activated", next.name(), payload);
        EmitOpened(m, *obligations);
        return m.Answer(
            store_->SaveProgramme(next, &*current,
                                  NewObligations(std::move(*obligations)),
                                  m.Build(next)),
            next);
      });
}

absl::StatusOr<v1::Programme> Programmes::CloseProgramme(
    const CallContext& call, const v1::CloseProgrammeRequest& r) {
  Violations v;
  if (!ProgrammeIdOf(r.name())) v.Add("name", "required, programmes/{id}");
  v.RequireText("reason", r.reason(), 1000);
  v.RequireRequestId("request_id", r.request_id());
  if (!v.empty()) return v.ToStatus();
  return runner_.Run<v1::Programme>(
      call, "CloseProgramme", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Programme> {
        auto current = FindProgrammeIn(
            r.name(), r.etag(), v1::Programme::ACTIVE, "closed", call.deadline);
        if (!current.ok()) return current.status();
        v1::Programme next = *current;
        next.set_state(v1::Programme::CLOSED);
        *next.mutable_update_time() = ToTimestamp(m.now());
        next.set_etag(NewEtag());
        v1::ProgrammeChanged payload;
        *payload.mutable_programme() = next;
        payload.set_reason(r.reason());
        m.Emit("programme.closed", next.name(), payload);
        return m.Answer(
            store_->SaveProgramme(next, &*current, {}, m.Build(next)), next);
      });
}

}  // namespace ngoaivu::tasks
