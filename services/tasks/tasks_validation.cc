#include "services/tasks/tasks_validation.h"

#include <functional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "common/update_mask.h"
#include "common/validation.h"
#include "services/tasks/assignment.h"
#include "services/tasks/schedule.h"
#include "services/tasks/tasks_names.h"

namespace ngoaivu::tasks {
namespace {

void CheckSections(
    const google::protobuf::RepeatedPtrField<v1::Section>& sections,
    const std::string& field, int depth, Violations* v) {
  if (depth > 4) {
    v->Add(field, "sections nest at most 4 deep");
    return;
  }
  for (int i = 0; i < sections.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    v->RequireText(f + ".number", sections[i].number(), 20);
    v->OptionalText(f + ".title", sections[i].title(), 1000);
    v->OptionalText(f + ".text", sections[i].text(), 50000);
    CheckSections(sections[i].sections(), f + ".sections", depth + 1, v);
  }
}

void Merge(const absl::Status& status, Violations* v) {
  for (const auto& violation : FieldViolationsOf(status)) {
    v->Add(violation.field, violation.description);
  }
}

// Section numbers as printed: "IV", "IV.9", "III.2.a".
void CheckSectionNumber(const std::string& field, const std::string& number,
                        Violations* v) {
  v->OptionalText(field, number, 20);
  for (char c : number) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.') {
      v->Add(field, "letters, digits and dots, e.g. IV.9");
      return;
    }
  }
}

const std::set<std::string>& DutyUpdatablePaths() {
  static const auto* paths =
      new std::set<std::string>{"title",
                                "description",
                                "schedule",
                                "lead_time_days",
                                "coordinator_offset_days",
                                "submitted_through_coordinator"};
  return *paths;
}

}  // namespace

absl::Status ValidateName(absl::string_view name, absl::string_view kind) {
  Violations v;
  const bool ok = kind == "programme"    ? ProgrammeIdOf(name).has_value()
                  : kind == "duty"       ? DutyRefOf(name).has_value()
                  : kind == "obligation" ? ObligationRefOf(name).has_value()
                                         : false;
  if (name.empty()) {
    v.Add("name", "required");
  } else if (!ok) {
    v.Add("name", absl::StrCat("not the name of a ", kind));
  }
  return v.ToStatus();
}

// The programme's own fields, those `covers` names (every one on creation).
void CheckProgrammeFields(const v1::Programme& p,
                          const std::function<bool(absl::string_view)>& covers,
                          Violations* v) {
  if (covers("decision_number"))
    v->RequireText("programme.decision_number", p.decision_number(), 100);
  if (covers("decision_date") && !ToCivilDay(p.decision_date())) {
    v->Add("programme.decision_date", "required, a calendar date");
  }
  if (covers("issuing_body") && !IsAgencyName(p.issuing_body())) {
    v->Add("programme.issuing_body", "required, agencies/{code}");
  }
  if (covers("title")) v->RequireText("programme.title", p.title(), 1000);
  if (covers("implements"))
    v->OptionalText("programme.implements", p.implements(), 1000);
  if (covers("signer")) {
    v->OptionalText("programme.signer.full_name", p.signer().full_name(), 200);
    v->OptionalText("programme.signer.position", p.signer().position(), 200);
    for (int i = 0; i < p.signer().capacities_size(); ++i) {
      if (!v1::Signer::Capacity_IsValid(p.signer().capacities(i)) ||
          p.signer().capacities(i) == v1::Signer::CAPACITY_UNSPECIFIED) {
        v->Add(absl::StrCat("programme.signer.capacities[", i, "]"),
               "unknown capacity");
      }
    }
  }
  if (covers("sections"))
    CheckSections(p.sections(), "programme.sections", 1, v);
}

absl::Status ValidateCreateProgramme(const v1::CreateProgrammeRequest& r) {
  Violations v;
  if (!IsValidTasksId(r.programme_id())) {
    v.Add("programme_id", "1-63 characters of [a-z0-9-]");
  }
  CheckProgrammeFields(
      r.programme(), [](absl::string_view) { return true; }, &v);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateUpdateProgramme(const v1::UpdateProgrammeRequest& r) {
  static const auto* paths =
      new std::set<std::string>{"decision_number", "decision_date", "title",
                                "implements",      "signer",        "sections"};
  Violations v;
  if (!ProgrammeIdOf(r.programme().name())) {
    v.Add("programme.name", "required, programmes/{id}");
  }
  CheckUpdateMask("update_mask", r.update_mask(), *paths, &v);
  CheckProgrammeFields(
      r.programme(),
      [&](absl::string_view path) { return MaskCovers(r.update_mask(), path); },
      &v);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateCreateDuty(const v1::CreateDutyRequest& r) {
  Violations v;
  if (!ProgrammeIdOf(r.parent())) v.Add("parent", "required, programmes/{id}");
  if (!IsValidTasksId(r.duty_id()))
    v.Add("duty_id", "1-63 characters of [a-z0-9-]");
  const auto& d = r.duty();
  v.RequireText("duty.title", d.title(), 1000);
  v.OptionalText("duty.description", d.description(), 20000);
  v.OptionalText("duty.source", d.source(), 200);
  CheckSectionNumber("duty.section", d.section(), &v);
  Merge(ValidateAssignment(d), &v);
  Merge(ValidateSchedule(d.schedule(), "duty.schedule"), &v);
  if (d.lead_time_days() < 0 || d.lead_time_days() > 366) {
    v.Add("duty.lead_time_days", "0-366");
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateListObligations(const v1::ListObligationsRequest& r) {
  Violations v;
  v.PageSize("page_size", r.page_size());
  const int scopes =
      !r.agency().empty() + !r.duty().empty() + !r.programme().empty();
  if (scopes == 0) {
    v.Add("agency", "an agency, a duty or a programme is required");
  } else if (scopes > 1 && !r.programme().empty()) {
    v.Add("programme", "a programme is listed alone, without agency or duty");
  }
  if (!r.programme().empty()) {
    if (!ProgrammeIdOf(r.programme())) {
      v.Add("programme", "must be programmes/{id}");
    }
    if (r.state() != v1::Obligation::STATE_UNSPECIFIED) {
      if (r.late()) v.Add("late", "does not apply with a state");
      if (r.has_due_before())
        v.Add("due_before", "does not apply with a state");
    }
    if (!r.period().empty()) {
      v.Add("period", "does not apply to a programme's list");
    }
    if (r.has_due_after()) {
      v.Add("due_after", "does not apply to a programme's list");
    }
  }
  if (!r.agency().empty() && !IsAgencyName(r.agency())) {
    v.Add("agency", "must be agencies/{code}");
  }
  if (!r.duty().empty() && !DutyRefOf(r.duty())) {
    v.Add("duty", "must be programmes/{p}/duties/{d}");
  }
  if (!v1::Obligation::State_IsValid(r.state())) {
    v.Add("state", absl::StrCat("unknown state ", r.state()));
  }
  v.OptionalText("period", r.period(), 7);
  if (r.has_due_before() && !ToCivilDay(r.due_before())) {
    v.Add("due_before", "not a calendar date");
  }
  if (r.has_due_after() && !ToCivilDay(r.due_after())) {
    v.Add("due_after", "not a calendar date");
  }
  return v.ToStatus();
}

absl::Status ValidateActivateProgramme(const v1::ActivateProgrammeRequest& r,
                                       absl::CivilDay today) {
  Violations v;
  if (!ProgrammeIdOf(r.name())) v.Add("name", "required, programmes/{id}");
  v.RequireRequestId("request_id", r.request_id());
  if (r.has_track_from()) {
    const auto day = ToCivilDay(r.track_from());
    if (!day) {
      v.Add("track_from", "not a calendar date");
    } else if (*day > today) {
      v.Add("track_from", "cannot be after today");
    }
  }
  return v.ToStatus();
}

absl::Status ValidateTransition(const v1::TransitionObligationRequest& r,
                                bool reason_required) {
  Violations v;
  if (!ObligationRefOf(r.name())) {
    v.Add("name", "required, programmes/{p}/duties/{d}/obligations/{o}");
  }
  if (reason_required) {
    v.RequireText("reason", r.reason(), 1000);
  } else {
    v.OptionalText("reason", r.reason(), 1000);
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

}  // namespace ngoaivu::tasks

namespace ngoaivu::tasks {

absl::Status ValidateUpdateDuty(const v1::UpdateDutyRequest& r) {
  Violations v;
  if (!DutyRefOf(r.duty().name())) {
    v.Add("duty.name", "required, programmes/{p}/duties/{d}");
  }
  CheckUpdateMask("update_mask", r.update_mask(), DutyUpdatablePaths(), &v);
  const auto& d = r.duty();
  if (MaskCovers(r.update_mask(), "title"))
    v.RequireText("duty.title", d.title(), 1000);
  if (MaskCovers(r.update_mask(), "description"))
    v.OptionalText("duty.description", d.description(), 20000);
  if (MaskCovers(r.update_mask(), "schedule"))
    Merge(ValidateSchedule(d.schedule(), "duty.schedule"), &v);
  if (MaskCovers(r.update_mask(), "lead_time_days") &&
      (d.lead_time_days() < 0 || d.lead_time_days() > 366)) {
    v.Add("duty.lead_time_days", "0-366");
  }
  if (MaskCovers(r.update_mask(), "coordinator_offset_days") &&
      (d.coordinator_offset_days() < 0 || d.coordinator_offset_days() > 365)) {
    v.Add("duty.coordinator_offset_days", "0-365");
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateCancelDuty(const v1::CancelDutyRequest& r) {
  Violations v;
  if (!DutyRefOf(r.name()))
    v.Add("name", "required, programmes/{p}/duties/{d}");
  v.RequireText("reason", r.reason(), 1000);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateRescheduleObligation(
    const v1::RescheduleObligationRequest& r) {
  Violations v;
  if (!ObligationRefOf(r.name())) {
    v.Add("name", "required, programmes/{p}/duties/{d}/obligations/{o}");
  }
  if (!ToCivilDay(r.due_date())) v.Add("due_date", "required, a calendar date");
  v.RequireText("reason", r.reason(), 1000);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateReassignObligation(
    const v1::ReassignObligationRequest& r) {
  Violations v;
  if (!ObligationRefOf(r.name())) {
    v.Add("name", "required, programmes/{p}/duties/{d}/obligations/{o}");
  }
  if (!IsAgencyName(r.agency())) {
    v.Add("agency", "required, agencies/{code}");
  } else if (ObligationRefOf(r.name()) &&
             AgencyOfObligation(r.name()) == r.agency()) {
    v.Add("agency", "the obligation is already this agency's");
  }
  v.RequireText("reason", r.reason(), 1000);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateGetProgrammeReport(
    const v1::GetProgrammeReportRequest& r) {
  Violations v;
  if (!ProgrammeIdOf(r.name())) v.Add("name", "required, programmes/{id}");
  if (r.late_limit() < 0 || r.late_limit() > 1000) {
    v.Add("late_limit", "0-1000 (0: 50)");
  }
  return v.ToStatus();
}

}  // namespace ngoaivu::tasks
