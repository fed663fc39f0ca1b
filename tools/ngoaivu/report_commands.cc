// `ngoaivu report ...`: the programme report and compliance matrices.
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/registry_names.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/registry_cli.h"
#include "tools/ngoaivu/tasks_cli.h"

namespace ngoaivu::cli {
namespace {

namespace v1 = ::ngoaivu::tasks::v1;

std::vector<std::string> RowCells(const std::string& scope,
                                  const v1::ReportRow& row) {
  char percent[16];
  std::snprintf(percent, sizeof(percent), "%.1f", row.percent_complete());
  return {scope,
          !row.key().empty()     ? row.key()
          : scope == "programme" ? "(programme)"
                                 : "(no section)",
          std::to_string(row.total()),
          std::to_string(row.open()),
          std::to_string(row.in_progress()),
          std::to_string(row.submitted()),
          std::to_string(row.accepted()),
          std::to_string(row.waived()),
          std::to_string(row.cancelled()),
          std::to_string(row.overdue()),
          std::to_string(row.submitted_late()),
          std::to_string(row.needs_reassignment()),
          percent,
          std::to_string(row.due_before_tracking())};
}

void AddReportProgramme(CLI::App* report, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* programme = report->add_subcommand(
      "programme",
      "by section and agency: obligations per state, overdue, percent done");
  auto programme_name = std::make_shared<std::string>();
  auto late_limit = std::make_shared<int>(10);
  auto late_only = std::make_shared<bool>(false);
  programme->add_option("name", *programme_name, "programmes/{id} or {id}")
      ->required();
  programme
      ->add_option("--late-limit", *late_limit,
                   "how many overdue obligations to list (1-1000)")
      ->capture_default_str();
  programme->add_flag("--late", *late_only,
                      "print only the overdue obligations (for -o csv)");
  programme->callback([=] {
    v1::GetProgrammeReportRequest request;
    request.set_name(ProgrammeName(*programme_name));
    request.set_late_limit(*late_limit);
    v1::ProgrammeReport r;
    grpc::Status status =
        stub()->GetProgrammeReport(c->Call().get(), request, &r);
    if (!status.ok()) return c->Fail(status);
    // Agencies by name beside their codes: who reads a report knows
    // "Sở Công thương", not agencies/SCT.
    const std::map<std::string, std::string> names = AgencyDisplayNames(c);
    const auto name_of = [&names](const std::string& agency) {
      const auto found = names.find(agency);
      return found == names.end() ? std::string() : found->second;
    };
    Table counts({"SCOPE", "KEY", "TOTAL", "OPEN", "IN_PROGRESS", "SUBMITTED",
                  "ACCEPTED", "WAIVED", "CANCELLED", "OVERDUE",
                  "SUBMITTED_LATE", "TO_REASSIGN", "PERCENT",
                  "DUE_BEFORE_TRACKING", "NAME"});
    std::vector<std::string> total = RowCells("programme", r.total());
    total.push_back("");
    counts.AddRow(std::move(total));
    for (const auto& row : r.sections()) {
      std::vector<std::string> cells = RowCells("section", row);
      cells.push_back("");
      counts.AddRow(std::move(cells));
    }
    for (const auto& row : r.agencies()) {
      std::vector<std::string> cells = RowCells("agency", row);
      cells.push_back(name_of(row.key()));
      counts.AddRow(std::move(cells));
    }
    Table late({"OBLIGATION", "AGENCY", "SECTION", "DUE", "DAYS_LATE", "NAME"});
    for (const auto& o : r.late()) {
      late.AddRow({o.name(), AgencyCodeOfResource(o.agency()), o.section(),
                   DateText(o.due_date()), std::to_string(o.days_late()),
                   name_of(o.agency())});
    }
    if (!c->IsTable()) {
      c->Print(*late_only ? late : counts, r);
      return;
    }
    std::cout << r.programme() << " as of " << DateText(r.as_of()) << "\n\n";
    if (!*late_only) {
      counts.Print(std::cout);
      std::cout << "\n";
    }
    if (r.total().due_before_tracking() > 0) {
      std::cout << r.total().due_before_tracking()
                << " awaited obligations were due before the programme was "
                   "tracked: not overdue; give them new due dates with "
                   "`ngoaivu obligations reschedule`\n";
    }
    std::cout << r.total().overdue() << " overdue";
    if (r.late_size() > 0) {
      std::cout << "; the worst " << r.late_size() << ":\n";
      late.Print(std::cout);
    } else {
      std::cout << "\n";
    }
  });
}

void AddReportCompliance(CLI::App* report, CliContext* c) {
  auto stub = [c] { return TasksStub(c); };
  auto* compliance = report->add_subcommand(
      "compliance",
      "who submitted a period of a duty on time, late, or not at all");
  auto compliance_duty = std::make_shared<std::string>();
  auto compliance_period = std::make_shared<std::string>();
  compliance->add_option("duty", *compliance_duty, "programmes/{p}/duties/{d}")
      ->required();
  compliance->add_option("--period", *compliance_period, "e.g. 2025")
      ->required();
  compliance->callback([=] {
    v1::GetComplianceMatrixRequest request;
    request.set_duty(*compliance_duty);
    request.set_period(*compliance_period);
    v1::ComplianceMatrix matrix;
    grpc::Status status =
        stub()->GetComplianceMatrix(c->Call().get(), request, &matrix);
    if (!status.ok()) return c->Fail(status);
    const std::map<std::string, std::string> names = AgencyDisplayNames(c);
    Table table({"AGENCY", "OUTCOME", "DUE", "SUBMITTED", "DAYS_LATE", "STATE",
                 "NAME"});
    for (const auto& row : matrix.rows()) {
      const auto name = names.find(row.agency());
      table.AddRow({AgencyCodeOfResource(row.agency()),
                    v1::ComplianceRow::Outcome_Name(row.outcome()),
                    DateText(row.due_date()), TimeText(row.submit_time()),
                    std::to_string(row.days_late()),
                    v1::Obligation::State_Name(row.state()),
                    name == names.end() ? "" : name->second});
    }
    if (matrix.period_before_tracking()) {
      // No rows is not compliance: nothing was asked for the period.
      if (c->IsTable()) {
        std::cout << "period " << matrix.period()
                  << " was not tracked: the programme is tracked from "
                  << DateText(matrix.track_from())
                  << "; nothing was asked of agencies for it\n";
      } else {
        c->Print(table, matrix);
      }
      return;
    }
    c->Print(table, matrix);
    if (c->IsTable()) {
      std::cout << matrix.on_time() << " on time, " << matrix.late()
                << " late, " << matrix.missing() << " missing, "
                << matrix.waived() << " waived, " << matrix.pending()
                << " pending";
      if (matrix.due_before_tracking() > 0) {
        std::cout << ", " << matrix.due_before_tracking()
                  << " due before tracking (not counted late)";
      }
      std::cout << "\n";
    }
  });
}

}  // namespace

void AddReportCommands(CLI::App& app, CliContext* c) {
  auto* report = app.add_subcommand("report", "the programme's reports");
  report->require_subcommand(1);
  AddReportProgramme(report, c);
  AddReportCompliance(report, c);
}

}  // namespace ngoaivu::cli
