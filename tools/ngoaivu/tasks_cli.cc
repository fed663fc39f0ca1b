#include "tools/ngoaivu/tasks_cli.h"

#include <cstdio>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "google/protobuf/util/time_util.h"

namespace ngoaivu::cli {

namespace v1 = ::ngoaivu::tasks::v1;

std::unique_ptr<v1::TasksService::Stub> TasksStub(CliContext* c) {
  return v1::TasksService::NewStub(c->TasksChannel());
}

google::type::Date DateOf(const std::string& text) {
  google::type::Date date;
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &y) &&
      absl::SimpleAtoi(parts[1], &m) && absl::SimpleAtoi(parts[2], &d)) {
    date.set_year(y);
    date.set_month(m);
    date.set_day(d);
  }
  return date;
}

CLI::Validator DayInput() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const bool slashed = text.find('/') != std::string::npos;
        std::vector<std::string> parts =
            absl::StrSplit(text, slashed ? '/' : '-');
        int y = 0, m = 0, d = 0;
        const bool numbers = parts.size() == 3 &&
                             absl::SimpleAtoi(parts[slashed ? 2 : 0], &y) &&
                             absl::SimpleAtoi(parts[1], &m) &&
                             absl::SimpleAtoi(parts[slashed ? 0 : 2], &d);
        const absl::CivilDay day(y, m, d);
        if (!numbers || y < 1000 || day.year() != y || day.month() != m ||
            day.day() != d) {
          return "a day, as 2026-09-30 or 30/09/2026, not '" + text + "'";
        }
        text = FormatDay(day);
        return "";
      },
      "DAY", "day");
}

std::string DateText(const google::type::Date& d) {
  if (d.year() == 0) return "";
  char text[16];
  std::snprintf(text, sizeof(text), "%02d/%02d/%04d", d.day(), d.month(),
                d.year());
  return text;
}

std::string TimeText(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  // The province's day, as the lateness rules count it.
  return absl::FormatTime("%d/%m/%Y", FromTimestamp(t), ProvinceTimeZone());
}

std::string ScheduleText(const v1::Schedule& s) {
  switch (s.kind_case()) {
    case v1::Schedule::kDueDate:
      return "once, by " + DateText(s.due_date());
    case v1::Schedule::kYearly:
      return "yearly by " + std::to_string(s.yearly().day()) + "/" +
             std::to_string(s.yearly().month()) + " from " +
             std::to_string(s.yearly().first_year());
    case v1::Schedule::kEveryMonths:
      return "every " + std::to_string(s.every_months().months()) +
             " months from " + DateText(s.every_months().first_due());
    default:
      return "continuing";
  }
}

std::string ProgrammeName(const std::string& text) {
  return text.rfind("programmes/", 0) == 0 ? text : "programmes/" + text;
}

}  // namespace ngoaivu::cli
