#include "services/delegations/delegation_statistics.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/dates.h"
#include "common/validation.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;
using GroupBy = v1::GetDelegationStatisticsRequest::GroupBy;

constexpr int kMaxYears = 100;

void Add(StatisticsDelta* delta, const std::string& bucket,
         const std::string& dimension, const char* metric, int64_t n) {
  if (n != 0) (*delta)[bucket][absl::StrCat(dimension, ":", metric)] += n;
}

// The per-dimension keys a delegation counts under, besides the total.
std::vector<std::string> DimensionsOf(const Delegation& d) {
  std::vector<std::string> dims = {
      absl::StrCat("agency:", d.agency()),
      absl::StrCat("purpose:", Delegation::Purpose_Name(d.purpose()))};
  if (d.direction() == Delegation::INBOUND) {
    dims.push_back(absl::StrCat("country:", d.visitors_country()));
    dims.push_back(
        absl::StrCat("kind:", Delegation::VisitorKind_Name(d.visitor_kind())));
  }
  return dims;
}

std::string MonthText(absl::CivilMonth m) {
  return absl::StrCat(m.year(), "-", m.month() < 10 ? "0" : "", m.month());
}

std::string BucketOfDelegation(const Delegation& d) {
  const auto start = ToCivilDay(d.start_date());
  return BucketOf(d.direction(),
                  start ? absl::CivilMonth(*start) : absl::CivilMonth());
}

void AddTo(v1::DelegationStatistics::Row* row, absl::string_view metric,
           int64_t n) {
  if (metric == "decisions") {
    row->set_decisions(row->decisions() + n);
  } else if (metric == "delegations") {
    row->set_delegations(row->delegations() + n);
  } else if (metric == "person_trips") {
    row->set_person_trips(row->person_trips() + n);
  } else if (metric == "person_days") {
    row->set_person_days_abroad(row->person_days_abroad() + n);
  } else if (metric == "visits") {
    row->set_inbound_visits(row->inbound_visits() + n);
  } else if (metric == "visitors") {
    row->set_visitors(row->visitors() + n);
  }
}

const char* DimensionOf(GroupBy group_by) {
  switch (group_by) {
    case v1::GetDelegationStatisticsRequest::COUNTRY:
      return "country";
    case v1::GetDelegationStatisticsRequest::AGENCY:
      return "agency";
    case v1::GetDelegationStatisticsRequest::PURPOSE:
      return "purpose";
    case v1::GetDelegationStatisticsRequest::VISITOR_KIND:
      return "kind";
    default:
      return "total";
  }
}

}  // namespace

std::string BucketOf(Delegation::Direction direction, absl::CivilMonth m) {
  return absl::StrCat(Delegation::Direction_Name(direction), ":", MonthText(m));
}

void AddCounts(const Delegation& d, int sign, StatisticsDelta* delta) {
  const std::string bucket = BucketOfDelegation(d);
  const int64_t people = d.members_size();
  std::vector<std::string> dims = DimensionsOf(d);
  dims.push_back("total");
  if (d.direction() == Delegation::OUTBOUND) {
    int64_t days = 0;
    for (const v1::Destination& dest : d.destinations()) days += dest.days();
    for (const std::string& dim : dims) {
      Add(delta, bucket, dim, "delegations", sign);
      Add(delta, bucket, dim, "person_trips", sign * people);
      Add(delta, bucket, dim, "person_days", sign * people * days);
    }
    for (const v1::Destination& dest : d.destinations()) {
      const std::string dim = absl::StrCat("country:", dest.country());
      Add(delta, bucket, dim, "delegations", sign);
      Add(delta, bucket, dim, "person_trips", sign * people);
      Add(delta, bucket, dim, "person_days", sign * people * dest.days());
    }
  } else {
    for (const std::string& dim : dims) {
      Add(delta, bucket, dim, "delegations", sign);
      Add(delta, bucket, dim, "visits", sign);
      Add(delta, bucket, dim, "visitors", sign * people);
    }
  }
}

void AddDecisions(const Delegation& d, int n, StatisticsDelta* delta) {
  const std::string bucket = BucketOfDelegation(d);
  std::vector<std::string> dims = DimensionsOf(d);
  dims.push_back("total");
  if (d.direction() == Delegation::OUTBOUND) {
    for (const v1::Destination& dest : d.destinations()) {
      dims.push_back(absl::StrCat("country:", dest.country()));
    }
  }
  for (const std::string& dim : dims) Add(delta, bucket, dim, "decisions", n);
}

absl::StatusOr<MonthRange> MonthsOf(
    const v1::GetDelegationStatisticsRequest& request) {
  Violations v;
  auto month_of = [&](const google::type::Date& date, const char* field,
                      bool is_end) -> absl::CivilMonth {
    const int month = date.month() != 0 ? date.month() : (is_end ? 12 : 1);
    if (date.year() < 1900 || date.year() > 9999 || month < 1 || month > 12) {
      v.Add(field, "required: a year, or a year and month (day optional)");
    }
    return absl::CivilMonth(date.year(), month);
  };
  const absl::CivilMonth first = month_of(request.from(), "from", false);
  const absl::CivilMonth last = month_of(request.to(), "to", true);
  if (v.empty() && last < first) v.Add("to", "before `from`");
  if (v.empty() && last - first >= 12 * kMaxYears) {
    v.Add("to", absl::StrCat("at most ", kMaxYears, " years after `from`"));
  }
  if (!Delegation::Direction_IsValid(request.direction())) {
    v.Add("direction", "OUTBOUND, INBOUND, or unset for both");
  }
  if (!v1::GetDelegationStatisticsRequest::GroupBy_IsValid(
          request.group_by())) {
    v.Add("group_by", "COUNTRY, AGENCY, PURPOSE, VISITOR_KIND, YEAR or MONTH");
  }
  if (!v.empty()) return v.ToStatus();
  return MonthRange{first, last};
}

std::vector<std::string> BucketsOf(const MonthRange& months,
                                   Delegation::Direction direction) {
  std::vector<std::string> buckets;
  for (Delegation::Direction dir :
       {Delegation::OUTBOUND, Delegation::INBOUND}) {
    if (direction != Delegation::DIRECTION_UNSPECIFIED && direction != dir) {
      continue;
    }
    for (absl::CivilMonth m = months.first; m <= months.last; ++m) {
      buckets.push_back(BucketOf(dir, m));
    }
  }
  return buckets;
}

v1::DelegationStatistics Summarise(
    const std::vector<std::string>& buckets,
    const std::vector<std::map<std::string, int64_t>>& counters,
    GroupBy group_by) {
  v1::DelegationStatistics stats;
  std::map<std::string, v1::DelegationStatistics::Row> rows;
  const std::string dimension = DimensionOf(group_by);
  for (size_t i = 0; i < buckets.size() && i < counters.size(); ++i) {
    // "OUTBOUND:2008-05" → "2008-05", "2008".
    const std::string month = buckets[i].substr(buckets[i].find(':') + 1);
    for (const auto& [field, n] : counters[i]) {
      // "total:<metric>" or "<dimension>:<key>:<metric>".
      const size_t first = field.find(':');
      const size_t last = field.rfind(':');
      if (first == std::string::npos) continue;
      const std::string dim = field.substr(0, first);
      const std::string key =
          first == last ? "" : field.substr(first + 1, last - first - 1);
      const absl::string_view metric =
          absl::string_view(field).substr(last + 1);
      if (dim == "total") {
        AddTo(stats.mutable_total(), metric, n);
        if (group_by == v1::GetDelegationStatisticsRequest::YEAR) {
          AddTo(&rows[month.substr(0, 4)], metric, n);
        } else if (group_by == v1::GetDelegationStatisticsRequest::MONTH) {
          AddTo(&rows[month], metric, n);
        }
      } else if (dim == dimension) {
        AddTo(&rows[key], metric, n);
      }
    }
  }
  stats.mutable_total()->set_key("total");
  for (auto& [key, row] : rows) {
    row.set_key(key);
    *stats.add_rows() = std::move(row);
  }
  return stats;
}

}  // namespace ngoaivu::delegations
