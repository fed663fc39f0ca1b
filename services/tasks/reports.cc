#include "services/tasks/reports.h"

#include "common/dates.h"
#include "common/history.h"
#include "common/validation.h"
#include "services/tasks/compliance.h"
#include "services/tasks/period_obligations.h"
#include "services/tasks/programme_report.h"
#include "services/tasks/tasks_validation.h"

namespace ngoaivu::tasks {

absl::StatusOr<v1::ProgrammeReport> Reports::GetProgrammeReport(
    const CallContext& call, const v1::GetProgrammeReportRequest& r) {
  if (auto s = ValidateGetProgrammeReport(r); !s.ok()) return s;
  const std::string id = *ProgrammeIdOf(r.name());
  auto programme = MustFindProgramme(id, call.deadline);
  if (!programme.ok()) return programme.status();
  const absl::CivilDay today = ProvinceDay(clock_->Now());
  ProgrammeTally tally;
  auto counters = store_->ReadTally(id, call.deadline);
  if (!counters.ok()) return counters.status();
  tally.counters = std::move(*counters);
  std::vector<std::string> groups = TalliedGroups(tally.counters);
  groups.insert(groups.begin(), "all");
  auto overdue = store_->ReadOverdue(id, groups, today - 1,
                                     r.late_limit() == 0 ? 50 : r.late_limit(),
                                     call.deadline);
  if (!overdue.ok()) return overdue.status();
  tally.overdue = std::move(overdue->per_group);
  tally.worst_overdue = std::move(overdue->worst);
  return BuildProgrammeReport(*programme, tally, today);
}

absl::StatusOr<v1::ComplianceMatrix> Reports::GetComplianceMatrix(
    const CallContext& call, const v1::GetComplianceMatrixRequest& r) {
  Violations v;
  if (!DutyRefOf(r.duty()))
    v.Add("duty", "required, programmes/{p}/duties/{d}");
  v.OptionalText("period", r.period(), 7);
  if (!v.empty()) return v.ToStatus();
  const DutyRef ref = *DutyRefOf(r.duty());
  auto programme = MustFindProgramme(ref.programme, call.deadline);
  if (!programme.ok()) return programme.status();
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
  v1::ComplianceMatrix matrix = BuildComplianceMatrix(
      r.duty(), r.period(), obligations, ProvinceDay(clock_->Now()));
  if (programme->has_track_from()) {
    *matrix.mutable_track_from() = programme->track_from();
    const auto period =
        PeriodOf((*duty)->schedule(), (*duty)->lead_time_days(), r.period());
    matrix.set_period_before_tracking(
        period && !IsTracked(*period, ToCivilDay(programme->track_from())));
  }
  return matrix;
}

absl::StatusOr<events::v1::ListHistoryResponse> Reports::ListHistory(
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
