#include "services/tasks/schedule.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/validation.h"

namespace ngoaivu::tasks {
namespace {

// A yearly due date; 29 February falls on 28 February in common years.
absl::CivilDay YearlyDue(const v1::YearlyRule& rule, int year) {
  const absl::CivilDay first_of_month(year, rule.month(), 1);
  const absl::CivilDay last_of_month =
      absl::CivilDay(absl::CivilMonth(first_of_month) + 1) - 1;
  const int day = std::min<int>(rule.day(), last_of_month.day());
  return absl::CivilDay(year, rule.month(), day);
}

absl::CivilDay MonthlyDue(const v1::MonthlyRule& rule, absl::CivilDay first,
                          int64_t index) {
  const absl::CivilMonth month =
      absl::CivilMonth(first) + index * rule.months();
  const absl::CivilDay last_of_month = absl::CivilDay(month + 1) - 1;
  const int day = std::min<int>(first.day(), last_of_month.day());
  return absl::CivilDay(month.year(), month.month(), day);
}

Period Make(std::string label, absl::CivilDay due, int lead_time_days) {
  return Period{std::move(label), due, due - lead_time_days};
}

}  // namespace

absl::Status ValidateSchedule(const v1::Schedule& s, const std::string& field) {
  Violations v;
  switch (s.kind_case()) {
    case v1::Schedule::kDueDate:
      if (!ToCivilDay(s.due_date()))
        v.Add(field + ".due_date", "not a calendar date");
      break;
    case v1::Schedule::kYearly: {
      const auto& y = s.yearly();
      if (y.month() < 1 || y.month() > 12)
        v.Add(field + ".yearly.month", "1-12");
      if (y.day() < 1 || y.day() > 31) v.Add(field + ".yearly.day", "1-31");
      if (y.first_year() < 1900 || y.first_year() > 9999) {
        v.Add(field + ".yearly.first_year", "required, a year");
      }
      if (y.last_year() != 0 && y.last_year() < y.first_year()) {
        v.Add(field + ".yearly.last_year", "before first_year");
      }
      break;
    }
    case v1::Schedule::kEveryMonths: {
      const auto& m = s.every_months();
      if (m.months() < 1 || m.months() > 120) {
        v.Add(field + ".every_months.months", "1-120");
      }
      if (!ToCivilDay(m.first_due())) {
        v.Add(field + ".every_months.first_due", "required, a calendar date");
      }
      if (m.has_last_due() && !ToCivilDay(m.last_due())) {
        v.Add(field + ".every_months.last_due", "not a calendar date");
      }
      break;
    }
    case v1::Schedule::kContinuing:
      break;
    case v1::Schedule::KIND_NOT_SET:
      v.Add(field, "required: due_date, yearly, every_months or continuing");
      break;
  }
  return v.ToStatus();
}

std::vector<Period> OpenPeriods(const v1::Schedule& s, int lead_time_days,
                                absl::CivilDay start, absl::CivilDay today) {
  std::vector<Period> periods;
  switch (s.kind_case()) {
    case v1::Schedule::kDueDate: {
      auto due = ToCivilDay(s.due_date());
      if (due && *due - lead_time_days <= today) {
        periods.push_back(Make("", *due, lead_time_days));
      }
      break;
    }
    case v1::Schedule::kYearly: {
      const auto& rule = s.yearly();
      const int last = rule.last_year() == 0
                           ? static_cast<int>(today.year()) + 1
                           : rule.last_year();
      for (int year = rule.first_year(); year <= last; ++year) {
        const absl::CivilDay due = YearlyDue(rule, year);
        if (due - lead_time_days > today) break;
        periods.push_back(Make(absl::StrCat(year), due, lead_time_days));
      }
      break;
    }
    case v1::Schedule::kEveryMonths: {
      const auto& rule = s.every_months();
      auto first = ToCivilDay(rule.first_due());
      if (!first) break;
      auto last =
          rule.has_last_due() ? ToCivilDay(rule.last_due()) : std::nullopt;
      for (int64_t i = 0;; ++i) {
        const absl::CivilDay due = MonthlyDue(rule, *first, i);
        if ((last && due > *last) || due - lead_time_days > today) break;
        periods.push_back(
            Make(absl::StrFormat("%04d-%02d", due.year(), due.month()), due,
                 lead_time_days));
      }
      break;
    }
    case v1::Schedule::kContinuing:
      if (start <= today) periods.push_back(Period{"", std::nullopt, start});
      break;
    case v1::Schedule::KIND_NOT_SET:
      break;
  }
  return periods;
}

std::optional<Period> PeriodOf(const v1::Schedule& s, int lead_time_days,
                               const std::string& label) {
  switch (s.kind_case()) {
    case v1::Schedule::kDueDate: {
      auto due = ToCivilDay(s.due_date());
      if (!label.empty() || !due) return std::nullopt;
      return Make("", *due, lead_time_days);
    }
    case v1::Schedule::kYearly: {
      int year = 0;
      if (!absl::SimpleAtoi(label, &year) || year < s.yearly().first_year() ||
          (s.yearly().last_year() != 0 && year > s.yearly().last_year())) {
        return std::nullopt;
      }
      return Make(label, YearlyDue(s.yearly(), year), lead_time_days);
    }
    case v1::Schedule::kEveryMonths: {
      auto first = ToCivilDay(s.every_months().first_due());
      std::vector<std::string> parts = absl::StrSplit(label, '-');
      int year = 0, month = 0;
      if (!first || parts.size() != 2 || !absl::SimpleAtoi(parts[0], &year) ||
          !absl::SimpleAtoi(parts[1], &month)) {
        return std::nullopt;
      }
      const int64_t months_from_first =
          absl::CivilMonth(year, month) - absl::CivilMonth(*first);
      if (months_from_first < 0 ||
          months_from_first % s.every_months().months() != 0) {
        return std::nullopt;
      }
      const absl::CivilDay due =
          MonthlyDue(s.every_months(), *first,
                     months_from_first / s.every_months().months());
      return Make(label, due, lead_time_days);
    }
    case v1::Schedule::kContinuing:
    case v1::Schedule::KIND_NOT_SET:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace ngoaivu::tasks
