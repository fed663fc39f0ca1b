// Calendar dates: google.type.Date in the contracts, absl::CivilDay inside.
#ifndef NGOAIVU_COMMON_DATES_H_
#define NGOAIVU_COMMON_DATES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"

namespace ngoaivu {

google::type::Date ToDate(absl::CivilDay day);
// Nothing when the date is unset or not a real calendar day (31 February).
std::optional<absl::CivilDay> ToCivilDay(const google::type::Date& date);
// An instant as the contracts carry it.
google::protobuf::Timestamp ToTimestamp(absl::Time time);
absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp);

// The province's calendar day (UTC+7) at `time`: due dates and the days
// of trips are local.
absl::CivilDay ProvinceDay(absl::Time time);
// The province's time zone (UTC+7, no daylight saving).
absl::TimeZone ProvinceTimeZone();

// Days since 1970-01-01, for indexes scored by day.
int64_t DayNumber(absl::CivilDay day);

// ISO 8601, e.g. "2025-09-30".
std::string FormatDay(absl::CivilDay day);
// The same for a contract's date; "" when it is not a calendar day. Sorts
// as text, so page filters compare it.
std::string FormatDate(const google::type::Date& date);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_DATES_H_
