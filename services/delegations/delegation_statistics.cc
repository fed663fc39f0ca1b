#include "services/delegations/delegation_statistics.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/validation.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;
using Request = v1::GetDelegationStatisticsRequest;

constexpr int kMaxYears = 100;
constexpr char kTotal[] = "total";

// One delegation's place in the counters: its buckets' common prefix for
// the month and for the year, and the key it has in each dimension.
struct Place {
  std::string month;                                      // "OUTBOUND:2008-05"
  std::string year;                                       // "OUTBOUND:2008"
  std::vector<std::pair<std::string, std::string>> keys;  // dimension, key
};

Place PlaceOf(const Delegation& d) {
  const absl::CivilDay start =
      ToCivilDay(d.start_date()).value_or(absl::CivilDay(1970, 1, 1));
  const std::string direction = Delegation::Direction_Name(d.direction());
  Place p;
  p.month = absl::StrCat(direction, ":", start.year(), "-",
                         absl::Dec(start.month(), absl::kZeroPad2));
  p.year = absl::StrCat(direction, ":", start.year());
  p.keys = {{kTotal, ""},
            {"agency", d.agency()},
            {"purpose", Delegation::Purpose_Name(d.purpose())}};
  if (d.direction() == Delegation::INBOUND) {
    p.keys.push_back({"country", d.visitors_country()});
    p.keys.push_back({"kind", Delegation::VisitorKind_Name(d.visitor_kind())});
  }
  return p;
}

// Adds `n` of `metric` under `key` of `dimension`, in the month and year.
void Add(StatisticsDelta* delta, const Place& p, const std::string& dimension,
         const std::string& key, const char* metric, int64_t n) {
  if (n == 0) return;
  const std::string field =
      key.empty() ? metric : absl::StrCat(key, ":", metric);
  for (const std::string* period : {&p.month, &p.year}) {
    (*delta)[absl::StrCat(*period, ":", dimension)][field] += n;
  }
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

const char* DimensionOf(Request::GroupBy group_by) {
  switch (group_by) {
    case Request::COUNTRY:
      return "country";
    case Request::AGENCY:
      return "agency";
    case Request::PURPOSE:
      return "purpose";
    case Request::VISITOR_KIND:
      return "kind";
    default:
      return kTotal;
  }
}

}  // namespace

void AddCounts(const Delegation& d, int sign, StatisticsDelta* delta) {
  const Place p = PlaceOf(d);
  const int64_t people = d.members_size();
  if (d.direction() == Delegation::OUTBOUND) {
    int64_t days = 0;
    for (const v1::Destination& dest : d.destinations()) days += dest.days();
    for (const auto& [dimension, key] : p.keys) {
      Add(delta, p, dimension, key, "delegations", sign);
      Add(delta, p, dimension, key, "person_trips", sign * people);
      Add(delta, p, dimension, key, "person_days", sign * people * days);
    }
    for (const v1::Destination& dest : d.destinations()) {
      Add(delta, p, "country", dest.country(), "delegations", sign);
      Add(delta, p, "country", dest.country(), "person_trips", sign * people);
      Add(delta, p, "country", dest.country(), "person_days",
          sign * people * dest.days());
    }
    return;
  }
  for (const auto& [dimension, key] : p.keys) {
    Add(delta, p, dimension, key, "delegations", sign);
    Add(delta, p, dimension, key, "visits", sign);
    Add(delta, p, dimension, key, "visitors", sign * people);
  }
}

void AddDecisions(const Delegation& d, int n, StatisticsDelta* delta) {
  const Place p = PlaceOf(d);
  for (const auto& [dimension, key] : p.keys) {
    Add(delta, p, dimension, key, "decisions", n);
  }
  if (d.direction() == Delegation::OUTBOUND) {
    for (const v1::Destination& dest : d.destinations()) {
      Add(delta, p, "country", dest.country(), "decisions", n);
    }
  }
}

absl::StatusOr<std::vector<std::string>> BucketsOf(const Request& request) {
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
  if (!Request::GroupBy_IsValid(request.group_by())) {
    v.Add("group_by", "COUNTRY, AGENCY, PURPOSE, VISITOR_KIND, YEAR or MONTH");
  }
  if (!v.empty()) return v.ToStatus();
  const std::string dimension = DimensionOf(request.group_by());
  // Whole years read one bucket each, unless the rows are months.
  const bool by_month = request.group_by() == Request::MONTH;
  std::vector<std::string> buckets;
  for (Delegation::Direction dir :
       {Delegation::OUTBOUND, Delegation::INBOUND}) {
    if (request.direction() != Delegation::DIRECTION_UNSPECIFIED &&
        request.direction() != dir) {
      continue;
    }
    const std::string prefix = Delegation::Direction_Name(dir);
    for (absl::CivilMonth m = first; m <= last;) {
      const absl::CivilMonth year_end(m.year(), 12);
      const bool whole_year = !by_month && m.month() == 1 && year_end <= last;
      const std::string period =
          whole_year ? absl::StrCat(prefix, ":", m.year())
                     : absl::StrCat(prefix, ":", m.year(), "-",
                                    absl::Dec(m.month(), absl::kZeroPad2));
      // The total always; the dimension grouped by besides.
      buckets.push_back(absl::StrCat(period, ":", kTotal));
      if (dimension != kTotal) {
        buckets.push_back(absl::StrCat(period, ":", dimension));
      }
      m = whole_year ? year_end + 1 : m + 1;
    }
  }
  return buckets;
}

v1::DelegationStatistics Summarise(
    const std::vector<std::string>& buckets,
    const std::vector<std::map<std::string, int64_t>>& counters,
    Request::GroupBy group_by) {
  v1::DelegationStatistics stats;
  std::map<std::string, v1::DelegationStatistics::Row> rows;
  for (size_t i = 0; i < buckets.size() && i < counters.size(); ++i) {
    // "OUTBOUND:2008-05:total" -> period "2008-05".
    const std::vector<std::string> parts = absl::StrSplit(buckets[i], ':');
    if (parts.size() != 3) continue;
    const std::string& period = parts[1];
    const bool total = parts[2] == kTotal;
    for (const auto& [field, n] : counters[i]) {
      const size_t colon = field.rfind(':');
      const std::string key =
          colon == std::string::npos ? "" : field.substr(0, colon);
      const absl::string_view metric =
          colon == std::string::npos
              ? absl::string_view(field)
              : absl::string_view(field).substr(colon + 1);
      if (total) {
        AddTo(stats.mutable_total(), metric, n);
        if (group_by == Request::YEAR) {
          AddTo(&rows[period.substr(0, 4)], metric, n);
        } else if (group_by == Request::MONTH) {
          AddTo(&rows[period], metric, n);
        }
      } else {
        AddTo(&rows[key], metric, n);
      }
    }
  }
  stats.mutable_total()->set_key(kTotal);
  for (auto& [key, row] : rows) {
    row.set_key(key);
    *stats.add_rows() = std::move(row);
  }
  return stats;
}

}  // namespace ngoaivu::delegations
