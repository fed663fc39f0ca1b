#include "common/dates.h"

#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"

namespace ngoaivu {

google::type::Date ToDate(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

std::optional<absl::CivilDay> ToCivilDay(const google::type::Date& date) {
  if (date.year() <= 0 || date.month() <= 0 || date.day() <= 0)
    return std::nullopt;
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises 31 February to 3 March: refuse such dates.
  if (day.year() != date.year() || day.month() != date.month() ||
      day.day() != date.day()) {
    return std::nullopt;
  }
  return day;
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      absl::ToUnixNanos(time));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::string FormatDate(const google::type::Date& date) {
  const auto day = ToCivilDay(date);
  return day ? FormatDay(*day) : "";
}

absl::TimeZone ProvinceTimeZone() {
  static const absl::TimeZone kVietnam = absl::FixedTimeZone(7 * 60 * 60);
  return kVietnam;
}

absl::CivilDay ProvinceDay(absl::Time time) {
  return absl::ToCivilDay(time, ProvinceTimeZone());
}

int64_t DayNumber(absl::CivilDay day) { return day - absl::CivilDay(1970, 1, 1); }

}  // namespace ngoaivu
