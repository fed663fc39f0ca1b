// The tasks service's own settings, beside those every service shares
// (common/settings.h) and the registry client's
// (common/registry_client/registry_client.h).
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_SETTINGS_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_SETTINGS_H_

#include "CLI/CLI.hpp"
#include "services/tasks/reminder_ladder.h"

namespace ngoaivu::tasks {

struct TasksSettings {
  int scheduler_interval_seconds = 300;
  LadderSettings ladder;
  // A returned delegation's report is due this many days after its return.
  int post_trip_report_days = 15;
};

void AddTasksSettings(CLI::App& app, TasksSettings* settings);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_SETTINGS_H_
