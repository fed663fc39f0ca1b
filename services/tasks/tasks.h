// The tasks service's use cases, one class per resource, gathered for the
// adapter (tasks_service.h) and the registry follower. Each is plain C++
// over a TasksStore, an AgencyDirectory and a Clock (tasks_use_case.h).
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_H_

#include "services/tasks/agency_changes.h"
#include "services/tasks/duties.h"
#include "services/tasks/obligations.h"
#include "services/tasks/programmes.h"
#include "services/tasks/progress_reports.h"
#include "services/tasks/reports.h"

namespace ngoaivu::tasks {

struct Tasks {
  explicit Tasks(const TasksDependencies& deps)
      : programmes(deps),
        duties(deps),
        obligations(deps),
        progress_reports(deps),
        reports(deps),
        agency_changes(deps) {}

  Programmes programmes;
  Duties duties;
  Obligations obligations;
  ProgressReports progress_reports;
  Reports reports;
  AgencyChanges agency_changes;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_H_
