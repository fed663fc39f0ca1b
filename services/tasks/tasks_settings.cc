#include "services/tasks/tasks_settings.h"

namespace ngoaivu::tasks {

void AddTasksSettings(CLI::App& app, TasksSettings* settings) {
  app.add_option("--scheduler-interval-seconds",
                 settings->scheduler_interval_seconds,
                 "how often periods are opened and reminders sent")
      ->envname("NGOAIVU_SCHEDULER_INTERVAL_SECONDS")
      ->capture_default_str();
  app.add_option("--post-trip-report-days", settings->post_trip_report_days,
                 "a returned delegation reports within this many days")
      ->envname("NGOAIVU_POST_TRIP_REPORT_DAYS")
      ->check(CLI::Range(1, 366))
      ->capture_default_str();
  LadderSettings& ladder = settings->ladder;
  app.add_option("--reminder-days-before", ladder.days_before,
                 "reminders this many days before a due date")
      ->envname("NGOAIVU_REMINDER_DAYS_BEFORE")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--overdue-first-after-days", ladder.first_overdue_after_days,
                 "first overdue reminder this many days after the due date")
      ->envname("NGOAIVU_OVERDUE_FIRST_AFTER_DAYS")
      ->capture_default_str();
  app.add_option("--overdue-repeat-days", ladder.repeat_overdue_every_days,
                 "then again every this many days while late")
      ->envname("NGOAIVU_OVERDUE_REPEAT_DAYS")
      ->capture_default_str();
}

}  // namespace ngoaivu::tasks
