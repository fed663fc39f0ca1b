#include "services/tasks/progress_reports.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/history.h"
#include "common/ids.h"
#include "common/validation.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/obligation_lifecycle.h"

namespace ngoaivu::tasks {
namespace {

absl::Status ValidateCreateProgressReport(
    const v1::CreateProgressReportRequest& r) {
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
  return v.ToStatus();
}

}  // namespace

absl::StatusOr<v1::ProgressReport> ProgressReports::CreateProgressReport(
    const CallContext& call, const v1::CreateProgressReportRequest& r) {
  if (auto s = ValidateCreateProgressReport(r); !s.ok()) return s;
  return runner_.Run<v1::ProgressReport>(
      call, "CreateProgressReport", r, r.request_id(), true,
      [&](MutationScope& m) -> absl::StatusOr<v1::ProgressReport> {
        auto current = MustFindObligation(r.parent(), call.deadline);
        if (!current.ok()) return current.status();
        auto programme = MustFindProgramme(
            ObligationRefOf(r.parent())->programme, call.deadline);
        if (!programme.ok()) return programme.status();
        if (auto s = MustBeActive(*programme); !s.ok()) return s;
        auto state = Next(current->state(), ObligationAction::kReport);
        if (!state.ok()) return state.status();
        v1::ProgressReport report = r.report();
        report.set_name(absl::StrCat(r.parent(), "/reports/r", RandomHex(12)));
        report.set_filed_by(call.actor.subject());
        report.set_filed_by_agency(call.actor.agency());
        *report.mutable_create_time() = ToTimestamp(m.now());
        v1::Obligation next = *current;
        next.set_state(*state);
        next.set_percent_complete(report.percent_complete());
        *next.mutable_update_time() = ToTimestamp(m.now());
        next.set_etag(NewEtag());
        v1::ProgressReported filed;
        *filed.mutable_report() = report;
        *filed.mutable_obligation() = next;
        v1::ObligationChanged changed;
        *changed.mutable_obligation() = next;
        m.Emit("report.filed", report.name(), filed);
        m.Emit("obligation.reported", next.name(), changed);
        return m.Answer(
            store_->FileReport(report, ChangedObligation(next, *current),
                               *programme, m.Build(report)),
            report);
      });
}

absl::StatusOr<v1::ProgressReport> ProgressReports::GetProgressReport(
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

absl::StatusOr<v1::ListProgressReportsResponse>
ProgressReports::ListProgressReports(const CallContext& call,
                                     const v1::ListProgressReportsRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!ObligationRefOf(r.parent())) {
    v.Add("parent", "required, programmes/{p}/duties/{d}/obligations/{o}");
  }
  if (!v.empty()) return v.ToStatus();
  const std::string scope = absl::StrCat("reports|", r.parent());
  auto offset = OpenPositionToken(page_tokens_, r.page_token(), scope);
  if (!offset.ok()) return offset.status();
  if (auto found = MustFindObligation(r.parent(), call.deadline); !found.ok())
    return found.status();
  auto page = store_->ListReports(*ObligationRefOf(r.parent()), *offset, limit,
                                  call.deadline);
  if (!page.ok()) return page.status();
  v1::ListProgressReportsResponse response;
  for (auto& report : page->records)
    *response.add_reports() = std::move(report);
  response.set_next_page_token(page_tokens_.Issue(page->next_cursor, scope));
  return response;
}

}  // namespace ngoaivu::tasks
