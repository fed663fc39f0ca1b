// The province's data as an administrator loads it: `ngoaivu import` of the
// agencies and `ngoaivu programmes import --activate` of Decision
// 2488/QĐ-UBND, run as the real CLI against a real registry and tasks
// service on 30 November 2026. The obligations opened are counted against
// what the data files themselves define, worked out here from the YAML:
// by default what is due now, with --track-from every period since then; a
// second import changes nothing and emits nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "tests/support/tasks_harness.h"

namespace ngoaivu::tasks {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::TasksHarness;
using ::ngoaivu::testing::TestToken;
using ::testing::HasSubstr;

const std::string kData = std::string(NGOAIVU_SOURCE_DIR) + "/deploy/data/";
constexpr absl::CivilDay kToday(2026, 11, 30);

// Runs the CLI against the harness; returns its output (stdout and stderr).
std::string RunCli(TasksHarness& h, const std::string& args, int* status) {
  const std::string command =
      absl::StrCat("NGOAIVU_CONFIG=/nonexistent ", NGOAIVU_BIN_DIR,
                   "/ngoaivu --registry 127.0.0.1:", h.registry().port(),
                   " --tasks 127.0.0.1:", h.port(), " --token ",
                   TestToken("admin"), " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof(buffer), pipe) != nullptr) {
    output += buffer;
  }
  *status = pipe == nullptr ? -1 : pclose(pipe);
  return output;
}

// How many periods of a schedule are open on `today` and tracked from
// `track_from`: a period opens lead_time_days before it falls due; a yearly
// period runs to the end of its year, a monthly one to the end of its month,
// a once-only one to its due date; a continuing duty has one period.
int PeriodsOpened(const YAML::Node& schedule, int lead_time_days,
                  absl::CivilDay track_from) {
  auto opened = [&](absl::CivilDay due) {
    return due - lead_time_days <= kToday;
  };
  if (schedule["continuing"]) return 1;
  if (schedule["due_date"]) {
    int y, m, d;
    std::sscanf(schedule["due_date"].as<std::string>().c_str(), "%d-%d-%d", &y,
                &m, &d);
    const absl::CivilDay due(y, m, d);
    return opened(due) && due >= track_from ? 1 : 0;
  }
  int n = 0;
  if (const YAML::Node yearly = schedule["yearly"]) {
    const int last = yearly["last_year"].as<int>(0);
    for (int year = yearly["first_year"].as<int>(); last == 0 || year <= last;
         ++year) {
      if (!opened(absl::CivilDay(year, yearly["month"].as<int>(),
                                 yearly["day"].as<int>()))) {
        break;
      }
      if (year >= track_from.year()) ++n;
    }
    return n;
  }
  const YAML::Node every = schedule["every_months"];
  int y, m, d;
  std::sscanf(every["first_due"].as<std::string>().c_str(), "%d-%d-%d", &y, &m,
              &d);
  for (absl::CivilMonth month(y, m);; month += every["months"].as<int>()) {
    if (!opened(absl::CivilDay(month.year(), month.month(), d))) break;
    if (absl::CivilDay(month + 1) - 1 >= track_from) ++n;
  }
  return n;
}

// Imports the agencies and the programme (activated with `activate_flags`)
// and checks the obligations opened against what the files define, tracked
// from `track_from`. Returns the obligations per duty.
std::map<std::string, int> ImportAndCount(TasksHarness& h,
                                          const std::string& activate_flags,
                                          absl::CivilDay track_from) {
  int status = 0;
  std::string out =
      RunCli(h, "import " + kData + "tay-ninh-agencies.yaml", &status);
  EXPECT_EQ(status, 0) << out;
  out = RunCli(h,
               "programmes import --activate " + activate_flags + " " + kData +
                   "programme-2488-QD-UBND-2011.yaml",
               &status);
  EXPECT_EQ(status, 0) << out;
  // The programme, its duties, its activation.
  EXPECT_THAT(out, HasSubstr("25 created, 0 unchanged, 0 failed")) << out;

  // What the files define.
  const YAML::Node agencies = YAML::LoadFile(kData + "tay-ninh-agencies.yaml");
  std::map<std::string, int> group_size;
  for (const auto& g : agencies["groups"]) {
    group_size[g["id"].as<std::string>()] =
        static_cast<int>(g["members"].size());
  }
  const YAML::Node programme =
      YAML::LoadFile(kData + "programme-2488-QD-UBND-2011.yaml");
  int duties = 0, expected = 0;
  std::map<std::string, int> by_item, by_duty;
  for (const auto& d : programme["duties"]) {
    ++duties;
    const YAML::Node coordinators = d["coordinators"];
    const int carriers =
        d["group"]
            ? group_size.at(d["group"].as<std::string>())
            : 1 + (coordinators ? static_cast<int>(coordinators.size()) : 0);
    const int n =
        carriers * PeriodsOpened(d["schedule"], d["lead_time_days"].as<int>(0),
                                 track_from);
    expected += n;
    by_item[d["section"].as<std::string>()] += n;
    by_duty[d["id"].as<std::string>()] = n;
  }
  EXPECT_EQ(duties, 23);

  v1::GetProgrammeReportRequest request;
  request.set_name("programmes/2488-qd-ubnd-2011");
  v1::ProgrammeReport report;
  auto stub = v1::TasksService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", h.port()),
                          grpc::InsecureChannelCredentials()));
  EXPECT_TRUE(stub->GetProgrammeReport(Context().get(), request, &report).ok());
  EXPECT_EQ(report.total().total(), expected);
  EXPECT_EQ(report.total().open(), expected);
  for (const auto& row : report.sections()) {
    if (by_item.count(row.key())) {
      EXPECT_EQ(row.total(), by_item[row.key()]) << row.key();
    }
  }
  return by_duty;
}

TEST(TasksImportTest, TheDecisionOpensWhatIsDueNowAndImportsOnce) {
  TasksHarness h(kToday);
  // Adopted today: this year's registration (past due on 30 November) by
  // the 21 sectors and districts, not those of 2012-2025.
  const auto by_duty = ImportAndCount(h, "", kToday);
  EXPECT_EQ(by_duty.at("iv-9-annual-registration"), 21);

  // Importing again creates nothing and emits nothing.
  const size_t tasks_events = h.Events().size();
  const size_t registry_events = h.registry().Events().size();
  int status = 0;
  std::string out =
      RunCli(h, "import " + kData + "tay-ninh-agencies.yaml", &status);
  ASSERT_EQ(status, 0) << out;
  out = RunCli(h,
               "programmes import --activate " + kData +
                   "programme-2488-QD-UBND-2011.yaml",
               &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_THAT(out, HasSubstr("0 created, 24 unchanged, 0 failed")) << out;
  EXPECT_EQ(h.Events().size(), tasks_events);
  EXPECT_EQ(h.registry().Events().size(), registry_events);
}

TEST(TasksImportTest, TrackingFromEarlierTakesOverThePastPeriods) {
  TasksHarness h(kToday);
  // Taken over from paper since 2012: 15 registrations (2012-2026) each.
  const auto by_duty =
      ImportAndCount(h, "--track-from 2012-01-01", absl::CivilDay(2012, 1, 1));
  EXPECT_EQ(by_duty.at("iv-9-annual-registration"), 21 * 15);
}

}  // namespace
}  // namespace ngoaivu::tasks
