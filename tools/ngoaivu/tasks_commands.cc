#include "tools/ngoaivu/tasks_commands.h"

#include "tools/ngoaivu/tasks_cli.h"

namespace ngoaivu::cli {

void AddTasksCommands(CLI::App& app, CliContext* c) {
  AddProgrammeCommands(app, c);
  AddDutyCommands(app, c);
  AddObligationCommands(app, c);
  AddReportCommands(app, c);
}

}  // namespace ngoaivu::cli
