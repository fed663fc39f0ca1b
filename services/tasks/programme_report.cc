#include "services/tasks/programme_report.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "services/tasks/obligation_lifecycle.h"

namespace ngoaivu::tasks {
namespace {

constexpr char kAll[] = "all";

// What one obligation adds to each of its groups.
std::map<std::string, int64_t> ContributionOf(const v1::Obligation& o) {
  std::map<std::string, int64_t> metrics;
  metrics[absl::StrCat("n:", static_cast<int>(o.state()))] = 1;
  const bool counted = o.state() != v1::Obligation::WAIVED &&
                       o.state() != v1::Obligation::CANCELLED;
  if (counted) {
    metrics["cnt"] = 1;
    metrics["pct"] = o.state() == v1::Obligation::ACCEPTED
                         ? 100
                         : std::clamp(o.percent_complete(), 0, 100);
  }
  if (o.late() && (o.state() == v1::Obligation::SUBMITTED ||
                   o.state() == v1::Obligation::ACCEPTED)) {
    metrics["late"] = 1;
  }
  if (o.needs_reassignment() && AwaitsAgency(o.state())) metrics["flag"] = 1;
  if (o.due_before_tracking() && AwaitsAgency(o.state())) metrics["dbt"] = 1;
  std::map<std::string, int64_t> fields;
  for (const std::string& group : ReportGroupsOf(o)) {
    for (const auto& [metric, value] : metrics) {
      fields[absl::StrCat(group, "|", metric)] += value;
    }
  }
  return fields;
}

struct Counts {
  int64_t by_state[8] = {};
  int64_t counted = 0;
  int64_t percent_sum = 0;
  int64_t late = 0;
  int64_t flagged = 0;
  int64_t overdue = 0;
  int64_t due_before_tracking = 0;

  void Add(const Counts& other) {
    for (int i = 0; i < 8; ++i) by_state[i] += other.by_state[i];
    counted += other.counted;
    percent_sum += other.percent_sum;
    late += other.late;
    flagged += other.flagged;
    overdue += other.overdue;
    due_before_tracking += other.due_before_tracking;
  }
};

Counts CountsOf(const ProgrammeTally& tally, const std::string& group) {
  Counts c;
  const std::string prefix = absl::StrCat(group, "|");
  for (auto it = tally.counters.lower_bound(prefix);
       it != tally.counters.end() && absl::StartsWith(it->first, prefix);
       ++it) {
    const absl::string_view metric =
        absl::string_view(it->first).substr(prefix.size());
    int state = 0;
    if (absl::StartsWith(metric, "n:") &&
        absl::SimpleAtoi(metric.substr(2), &state) && state >= 0 && state < 8) {
      c.by_state[state] = it->second;
    } else if (metric == "cnt") {
      c.counted = it->second;
    } else if (metric == "pct") {
      c.percent_sum = it->second;
    } else if (metric == "late") {
      c.late = it->second;
    } else if (metric == "flag") {
      c.flagged = it->second;
    } else if (metric == "dbt") {
      c.due_before_tracking = it->second;
    }
  }
  if (auto it = tally.overdue.find(group); it != tally.overdue.end())
    c.overdue = it->second;
  return c;
}

v1::ReportRow RowOf(const std::string& key, const std::string& title,
                    const Counts& c) {
  v1::ReportRow row;
  row.set_key(key);
  row.set_title(title);
  row.set_open(c.by_state[v1::Obligation::OPEN]);
  row.set_in_progress(c.by_state[v1::Obligation::IN_PROGRESS]);
  row.set_submitted(c.by_state[v1::Obligation::SUBMITTED]);
  row.set_accepted(c.by_state[v1::Obligation::ACCEPTED]);
  row.set_waived(c.by_state[v1::Obligation::WAIVED]);
  row.set_cancelled(c.by_state[v1::Obligation::CANCELLED]);
  int64_t total = 0;
  for (int64_t n : c.by_state) total += n;
  row.set_total(total);
  row.set_overdue(c.overdue);
  row.set_submitted_late(c.late);
  row.set_needs_reassignment(c.flagged);
  row.set_due_before_tracking(c.due_before_tracking);
  row.set_percent_complete(
      c.counted == 0 ? 0 : std::round(10.0 * c.percent_sum / c.counted) / 10.0);
  return row;
}

// Section numbers in the programme's order, with their headings.
void SectionOrder(const google::protobuf::RepeatedPtrField<v1::Section>& tree,
                  std::vector<std::pair<std::string, std::string>>* out) {
  for (const v1::Section& s : tree) {
    out->emplace_back(s.number(), s.title());
    SectionOrder(s.sections(), out);
  }
}

// "IV.9.2" lies under "IV" and "IV.9".
bool Under(absl::string_view item, absl::string_view section) {
  return item == section ||
         (absl::StartsWith(item, section) && item.size() > section.size() &&
          item[section.size()] == '.');
}

}  // namespace

std::vector<std::string> ReportGroupsOf(const v1::Obligation& obligation) {
  return {kAll, absl::StrCat("s:", obligation.section()),
          absl::StrCat("a:", AgencyCodeOfResource(obligation.agency()))};
}

std::vector<std::pair<std::string, int64_t>> TallyDelta(
    const v1::Obligation* previous, const v1::Obligation* next) {
  std::map<std::string, int64_t> delta;
  if (next != nullptr) delta = ContributionOf(*next);
  if (previous != nullptr) {
    for (const auto& [field, value] : ContributionOf(*previous))
      delta[field] -= value;
  }
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& [field, value] : delta) {
    if (value != 0) out.emplace_back(field, value);
  }
  return out;
}

std::vector<std::string> TalliedGroups(
    const std::map<std::string, int64_t>& counters) {
  std::set<std::string> groups;
  for (const auto& [field, value] : counters) {
    const std::string group = field.substr(0, field.find('|'));
    if (group != kAll) groups.insert(group);
  }
  return {groups.begin(), groups.end()};
}

v1::ProgrammeReport BuildProgrammeReport(const v1::Programme& programme,
                                         const ProgrammeTally& tally,
                                         absl::CivilDay today) {
  v1::ProgrammeReport report;
  report.set_programme(programme.name());
  *report.mutable_as_of() = ToDate(today);
  *report.mutable_total() = RowOf("", "", CountsOf(tally, kAll));

  std::map<std::string, Counts> items;  // section item → its counts
  for (const std::string& group : TalliedGroups(tally.counters)) {
    if (absl::StartsWith(group, "s:")) {
      items[group.substr(2)] = CountsOf(tally, group);
    } else if (absl::StartsWith(group, "a:")) {
      *report.add_agencies() =
          RowOf(AgencyName(group.substr(2)), "", CountsOf(tally, group));
    }
  }
  std::vector<std::pair<std::string, std::string>> order;
  SectionOrder(programme.sections(), &order);
  std::set<std::string> listed;
  for (const auto& [number, title] : order) {
    Counts sum;
    bool any = false;
    for (const auto& [item, counts] : items) {
      if (!Under(item, number)) continue;
      sum.Add(counts);
      any = true;
    }
    if (!any) continue;
    *report.add_sections() = RowOf(number, title, sum);
    listed.insert(number);
  }
  // Items the programme's tree does not name (and duties without one).
  for (const auto& [item, counts] : items) {
    if (!listed.count(item)) *report.add_sections() = RowOf(item, "", counts);
  }
  for (const v1::Obligation& o : tally.worst_overdue) {
    v1::Obligation* late = report.add_late();
    *late = o;
    const int days = DaysLate(ToCivilDay(o.due_date()), today);
    late->set_late(days > 0);
    late->set_days_late(days);
  }
  return report;
}

}  // namespace ngoaivu::tasks
