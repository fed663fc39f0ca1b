#include "services/tasks/tasks_validation.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/principal.h"
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

absl::Status ValidateCreateProgramme(const v1::CreateProgrammeRequest& r) {
  Violations v;
  if (!IsValidTasksId(r.programme_id())) {
    v.Add("programme_id", "1-63 characters of [a-z0-9-]");
  }
  const auto& p = r.programme();
  v.RequireText("programme.decision_number", p.decision_number(), 100);
  if (!ToCivilDay(p.decision_date())) {
    v.Add("programme.decision_date", "required, a calendar date");
  }
  if (AgencyCodeOfResource(p.issuing_body()).empty() ||
      p.issuing_body().find('/', 9) != std::string::npos) {
    v.Add("programme.issuing_body", "required, agencies/{code}");
  }
  v.RequireText("programme.title", p.title(), 1000);
  v.OptionalText("programme.implements", p.implements(), 1000);
  v.OptionalText("programme.signer.full_name", p.signer().full_name(), 200);
  v.OptionalText("programme.signer.position", p.signer().position(), 200);
  for (int i = 0; i < p.signer().capacities_size(); ++i) {
    if (!v1::Signer::Capacity_IsValid(p.signer().capacities(i)) ||
        p.signer().capacities(i) == v1::Signer::CAPACITY_UNSPECIFIED) {
      v.Add(absl::StrCat("programme.signer.capacities[", i, "]"),
            "unknown capacity");
    }
  }
  CheckSections(p.sections(), "programme.sections", 1, &v);
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
  v.OptionalText("duty.section", d.section(), 20);
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
  if (r.agency().empty() && r.duty().empty()) {
    v.Add("agency", "an agency or a duty is required");
  }
  if (!r.agency().empty() && (AgencyCodeOfResource(r.agency()).empty() ||
                              r.agency().find('/', 9) != std::string::npos)) {
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
