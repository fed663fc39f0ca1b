// What the tasks service's CLI commands share: the stub, dates and
// schedules as the CLI reads and prints them.
#ifndef NGOAIVU_TOOLS_NGOAIVU_TASKS_CLI_H_
#define NGOAIVU_TOOLS_NGOAIVU_TASKS_CLI_H_

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "ngoaivu/tasks/v1/tasks_service.grpc.pb.h"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

inline constexpr char kTrackFromHelp[] =
    "first day tracked, YYYY-MM-DD (default: today; earlier to take over "
    "periods kept on paper)";

std::unique_ptr<tasks::v1::TasksService::Stub> TasksStub(CliContext* c);
// "2011-12-06" -> google.type.Date (unset when malformed; the service says
// so).
google::type::Date DateOf(const std::string& text);
// A day typed as 2026-09-30 or as written in Vietnam, 30/09/2026, made
// 2026-09-30; anything else is refused naming the flag and both forms.
CLI::Validator DayInput();
std::string DateText(const google::type::Date& d);
std::string TimeText(const google::protobuf::Timestamp& t);
std::string ScheduleText(const tasks::v1::Schedule& s);
// "programmes/X" from "X" or "programmes/X".
std::string ProgrammeName(const std::string& text);

// `programmes ...`, `duties ...`, `obligations ...`, `report ...`: one file
// each.
void AddProgrammeCommands(CLI::App& app, CliContext* c);
void AddDutyCommands(CLI::App& app, CliContext* c);
void AddObligationCommands(CLI::App& app, CliContext* c);
void AddReportCommands(CLI::App& app, CliContext* c);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_TASKS_CLI_H_
