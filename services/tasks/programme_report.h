// The programme report, built from counters instead of a scan: every write
// of an obligation adds the difference it makes (TallyDelta) to its
// programme's counters, grouped as the report groups (the whole programme,
// its duty's section item, its agency); the report reads the counters, the
// overdue counts of each group and the worst overdue obligations. Plain C++:
// what is counted and how rows roll up is tested without Redis.
#ifndef NGOAIVU_SERVICES_TASKS_PROGRAMME_REPORT_H_
#define NGOAIVU_SERVICES_TASKS_PROGRAMME_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "ngoaivu/tasks/v1/tasks_service.pb.h"

namespace ngoaivu::tasks {

// The report groups an obligation counts in: "all", "s:<section item>",
// "a:<agency code>". Overdue indexes are kept per group too.
std::vector<std::string> ReportGroupsOf(const v1::Obligation& obligation);

// What writing `next` in place of `previous` changes in the counters, as
// "<group>|<metric>" → delta (no zero deltas). Either may be null: a new
// obligation, or one that leaves the programme's counts.
std::vector<std::pair<std::string, int64_t>> TallyDelta(
    const v1::Obligation* previous, const v1::Obligation* next);

// What the store read for one programme.
struct ProgrammeTally {
  // The counters, "<group>|<metric>" → value.
  std::map<std::string, int64_t> counters;
  // Overdue obligations per group, as of the report's day.
  std::map<std::string, int64_t> overdue;
  // The worst overdue obligations, most days late first.
  std::vector<v1::Obligation> worst_overdue;
};

// The groups present in `counters` (without the "all" group).
std::vector<std::string> TalliedGroups(
    const std::map<std::string, int64_t>& counters);

v1::ProgrammeReport BuildProgrammeReport(const v1::Programme& programme,
                                         const ProgrammeTally& tally,
                                         absl::CivilDay today);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_PROGRAMME_REPORT_H_
