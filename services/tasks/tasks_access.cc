#include "services/tasks/tasks_access.h"

#include "services/tasks/tasks_names.h"

namespace ngoaivu::tasks {
namespace {

constexpr Scope kAny = Scope::kAnyAgency;
constexpr Scope kOwn = Scope::kOwnAgency;

// The programme decisions are public within the province's government.
Grants Readers() { return EveryRole(); }

// Duties: an officer sees those his agency takes part in (leads,
// coordinates, belongs to the group, or carries an obligation of).
Grants DutyReaders() {
  return With(EveryRole(), Role::kOfficer, Scope::kParticipant);
}

// The coordinator (DOFA) runs the programme.
Grants Coordinators() { return AdministratorsAndCoordinator(); }

// Obligations: the coordinator and the monitors see all; an officer his own
// agency's.
Grants ObligationReaders() {
  return With(EveryRole(), Role::kOfficer, Scope::kOwnAgency);
}

std::string ObligationAgency(absl::string_view name) {
  return AgencyOfObligation(name);
}

}  // namespace

AccessPolicy TasksAccessPolicy() {
  auto obligation = [](std::map<Role, Scope> grants) {
    return MethodAccess{"", "name", std::move(grants), &ObligationAgency};
  };
  std::vector<MethodAccess> table = {
      {"GetProgramme", "", Readers()},
      {"ListProgrammes", "", Readers()},
      {"CreateProgramme", "", Coordinators()},
      {"UpdateProgramme", "", Coordinators()},
      // The UBND's leadership puts a programme in force and ends it.
      {"ActivateProgramme",
       "",
       {{Role::kAdmin, kAny}, {Role::kApprover, kAny}}},
      {"CloseProgramme", "", {{Role::kAdmin, kAny}, {Role::kApprover, kAny}}},
      {"GetDuty", "", DutyReaders()},
      {"ListDuties", "", DutyReaders()},
      {"CreateDuty", "", Coordinators()},
      {"UpdateDuty", "", Coordinators()},
      {"CancelDuty", "", Coordinators()},
  };
  MethodAccess get = obligation(ObligationReaders());
  get.method = "GetObligation";
  table.push_back(get);
  table.push_back({"ListObligations", "agency", ObligationReaders()});
  // The agency works on its obligation; the coordinator may act for it.
  for (const char* method : {"StartObligation", "SubmitObligation"}) {
    MethodAccess m = obligation({{Role::kAdmin, kAny},
                                 {Role::kCoordinator, kAny},
                                 {Role::kOfficer, kOwn}});
    m.method = method;
    table.push_back(m);
  }
  // Only the coordinator judges what was submitted.
  for (const char* method :
       {"AcceptObligation", "ReturnObligation", "WaiveObligation",
        "CancelObligation", "ReassignObligation", "RescheduleObligation"}) {
    MethodAccess m = obligation(Coordinators());
    m.method = method;
    table.push_back(m);
  }
  // An agency reports on its own obligations; the coordinator may for it.
  MethodAccess file = obligation({{Role::kAdmin, kAny},
                                  {Role::kCoordinator, kAny},
                                  {Role::kOfficer, kOwn}});
  file.method = "CreateProgressReport";
  file.target_field = "parent";
  table.push_back(file);
  table.push_back({"GetProgressReport", "name", ObligationReaders(),
                   [](absl::string_view report) {
                     return AgencyOfObligation(
                         report.substr(0, report.find("/reports/")));
                   }});
  MethodAccess reports = obligation(ObligationReaders());
  reports.method = "ListProgressReports";
  reports.target_field = "parent";
  table.push_back(reports);
  // The monitors read the reports.
  for (const char* method : {"GetProgrammeReport", "GetComplianceMatrix"}) {
    table.push_back({method,
                     "",
                     {{Role::kAdmin, kAny},
                      {Role::kCoordinator, kAny},
                      {Role::kApprover, kAny},
                      {Role::kViewer, kAny},
                      {Role::kSystem, kAny}}});
  }
  MethodAccess history = obligation({{Role::kAdmin, kAny},
                                     {Role::kCoordinator, kAny},
                                     {Role::kApprover, kAny},
                                     {Role::kViewer, kAny},
                                     {Role::kOfficer, kOwn}});
  history.method = "ListHistory";
  table.push_back(history);
  return AccessPolicy("tasks", std::move(table));
}

}  // namespace ngoaivu::tasks
