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

}  // namespace reentry::internal
