#include "util/civil_date.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "util/status.h"

namespace reentry::internal {
namespace {

bool ParseDigits(absl::string_view text, int* value) {
  int result = 0;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    result = result * 10 + (c - '0');
  }
  *value = result;
  return !text.empty();
}

int DaysInMonth(absl::civil_year_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text, absl::string_view field) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !ParseDigits(text.substr(0, 4), &year) || !ParseDigits(text.substr(5, 2), &month) ||
      !ParseDigits(text.substr(8, 2), &day)) {
    return InvalidField(field, "'", text, "' is not a date of the form YYYY-MM-DD");
  }
  if (year < 1900 || year > 2199) {
    return InvalidField(field, "year ", year, " of '", text, "' is outside 1900-2199");
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return InvalidField(field, "'", text, "' is not a calendar date");
  }
  return absl::CivilDay(year, month, day);
}

std::string FormatDate(absl::CivilDay day) {
  // By hand: plans format thousands of dates, and StrFormat costs more than
  // the scheduling around it. Years outside 0-9999 keep StrFormat's form.
  const auto year = day.year();
  if (year < 0 || year > 9999) {
    return absl::StrFormat("%04d-%02d-%02d", year, day.month(), day.day());
  }
  char text[10] = {static_cast<char>('0' + year / 1000),
                   static_cast<char>('0' + year / 100 % 10),
                   static_cast<char>('0' + year / 10 % 10),
                   static_cast<char>('0' + year % 10),
                   '-',
                   static_cast<char>('0' + day.month() / 10),
                   static_cast<char>('0' + day.month() % 10),
                   '-',
                   static_cast<char>('0' + day.day() / 10),
                   static_cast<char>('0' + day.day() % 10)};
  return std::string(text, sizeof text);
}

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  const int last = DaysInMonth(target.year(), target.month());
  return absl::CivilDay(target.year(), target.month(), std::min(day.day(), last));
}

int64_t DayNumber(absl::CivilDay day) {
  const int64_t y = day.year() - (day.month() <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                          // [0, 399]
  const int64_t mp = (day.month() + 9) % 12;                  // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + day.day() - 1;     // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

absl::CivilDay DayFromNumber(int64_t number) {
  const int64_t z = number + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return absl::CivilDay(year, month, day);
}

namespace {

// Where the integer formulas are used: far inside int64 either way.
constexpr int64_t kFastLimit = int64_t{146097} * 1000;  // days, about 400,000 years
constexpr int64_t kYearZero = -719528;                  // 0000-01-01
bool FastYear(absl::CivilDay day) { return day.year() >= 0 && day.year() <= 400000; }

}  // namespace

absl::CivilDay AddDays(absl::CivilDay day, int64_t n) {
  if (!FastYear(day) || n > kFastLimit || n < -kFastLimit) return day + n;
  const int64_t target = DayNumber(day) + n;
  if (target < kYearZero) return day + n;
  return DayFromNumber(target);
}

int64_t DaysBetween(absl::CivilDay a, absl::CivilDay b) {
  if (!FastYear(a) || !FastYear(b)) return b - a;
  return DayNumber(b) - DayNumber(a);
}

}  // namespace reentry::internal
