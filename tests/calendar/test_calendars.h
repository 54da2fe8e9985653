// Helpers for the calendar tests: reading catalogs/us_federal.textproto, dates
// written as text, and a deliberately naive calendar that walks day by day
// and evaluates the rules of the definition directly, to compare with.
#ifndef REENTRY_TESTS_CALENDAR_TEST_CALENDARS_H_
#define REENTRY_TESTS_CALENDAR_TEST_CALENDARS_H_

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "reentry/calendar/calendar.h"

namespace reentry::testing {

// "YYYY-MM-DD" -> the day (the test's own strings are well formed).
inline absl::CivilDay Day(const std::string& text) {
  absl::CivilDay day;
  EXPECT_TRUE(absl::ParseCivilTime(text, &day)) << text;
  return day;
}

inline std::string SourceDir() {
  const char* dir = std::getenv("REENTRY_SOURCE_DIR");
  return dir != nullptr ? dir : REENTRY_TEST_SOURCE_DIR;
}

inline std::string ReadSourceFile(const std::string& relative_path) {
  std::ifstream in(SourceDir() + "/" + relative_path);
  EXPECT_TRUE(in.good()) << "cannot read " << SourceDir() << "/" << relative_path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The builtin federal calendar, compiled once.
inline const Calendar& UsFederal() {
  static const auto* const calendar = [] {
    auto compiled = Calendar::ParseText(ReadSourceFile("catalogs/us_federal.textproto"),
                                        "us_federal.textproto");
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    return new std::shared_ptr<const Calendar>(compiled.ok() ? *compiled : nullptr);
  }();
  return **calendar;
}

// The reference: every answer by walking one day at a time and evaluating
// each rule of the definition from scratch. Slow and obviously right.
class NaiveCalendar {
 public:
  explicit NaiveCalendar(v1::CalendarDefinition definition) : def_(std::move(definition)) {}

  bool IsWeekend(absl::CivilDay day) const {
    for (int weekday : def_.weekend_days()) {
      if (static_cast<int>(absl::GetWeekday(day)) == weekday - 1) return true;
    }
    return false;
  }

  // (observed, actual, name) of every holiday observed on `day`: the rules
  // of the year before, of and after `day`'s year that land on it.
  std::vector<ObservedHoliday> HolidaysOn(absl::CivilDay day) const {
    std::vector<ObservedHoliday> found;
    for (const auto& holiday : ObservedAround(day.year())) {
      if (holiday.date == day) found.push_back(holiday);
    }
    std::sort(found.begin(), found.end(), Before);
    return found;
  }

  bool IsBusinessDay(absl::CivilDay day) const {
    if (IsWeekend(day)) return false;
    for (const auto& holiday : ObservedAround(day.year())) {
      if (holiday.date == day) return false;
    }
    return true;
  }

  absl::CivilDay AddBusinessDays(absl::CivilDay day, int n) const {
    for (; n > 0; --n) {
      do ++day;
      while (!IsBusinessDay(day));
    }
    for (; n < 0; ++n) {
      do --day;
      while (!IsBusinessDay(day));
    }
    return day;
  }

  int64_t BusinessDaysBetween(absl::CivilDay from, absl::CivilDay to) const {
    int64_t count = 0;
    for (absl::CivilDay d = from + 1; d <= to; ++d) count += IsBusinessDay(d);
    for (absl::CivilDay d = to + 1; d <= from; ++d) count -= IsBusinessDay(d);
    return count;
  }

  std::vector<ObservedHoliday> Holidays(absl::CivilDay from, absl::CivilDay to) const {
    std::vector<ObservedHoliday> all;
    for (absl::CivilDay d = from; d <= to; ++d) {
      for (auto& holiday : HolidaysOn(d)) all.push_back(holiday);
    }
    return all;
  }

  static bool Before(const ObservedHoliday& a, const ObservedHoliday& b) {
    return std::tie(a.date, a.name, a.actual_date) < std::tie(b.date, b.name, b.actual_date);
  }

 private:
  static bool DateOf(const v1::HolidayRule& rule, absl::civil_year_t year, absl::CivilDay* actual,
                     absl::CivilDay* observed) {
    if (rule.date_case() == v1::HolidayRule::kOn) {
      int y = 0, m = 0, d = 0;
      if (std::sscanf(rule.on().c_str(), "%d-%d-%d", &y, &m, &d) != 3 || y != year) return false;
      *actual = *observed = absl::CivilDay(y, m, d);
      return true;
    }
    if (rule.first_year() != 0 && year < rule.first_year()) return false;
    if (rule.last_year() != 0 && year > rule.last_year()) return false;
    if (rule.has_fixed()) {
      *actual = *observed = absl::CivilDay(year, rule.fixed().month(), rule.fixed().day());
      const auto weekday = absl::GetWeekday(*actual);
      const auto observance = rule.fixed().observance();
      if (weekday == absl::Weekday::saturday &&
          observance == v1::HolidayRule::OBSERVANCE_NEAREST_WEEKDAY) {
        *observed = *actual - 1;
      }
      if (weekday == absl::Weekday::sunday &&
          (observance == v1::HolidayRule::OBSERVANCE_NEAREST_WEEKDAY ||
           observance == v1::HolidayRule::OBSERVANCE_SUNDAY_TO_MONDAY)) {
        *observed = *actual + 1;
      }
      return true;
    }
    // Every day of the month with that weekday, in order.
    const auto& nth = rule.nth_weekday();
    std::vector<absl::CivilDay> matches;
    for (absl::CivilDay d(year, nth.month(), 1); d.month() == nth.month(); ++d) {
      if (static_cast<int>(absl::GetWeekday(d)) == nth.weekday() - 1) matches.push_back(d);
    }
    *actual = *observed = nth.n() == -1 ? matches.back() : matches[nth.n() - 1];
    return true;
  }

  // Every holiday of the years `year` - 1 .. `year` + 1, remembered per year
  // so that long walks stay quick.
  const std::vector<ObservedHoliday>& ObservedAround(absl::civil_year_t year) const {
    auto it = around_.find(year);
    if (it != around_.end()) return it->second;
    std::vector<ObservedHoliday>& all = around_[year];
    for (const auto& rule : def_.holidays()) {
      for (auto y = year - 1; y <= year + 1; ++y) {
        absl::CivilDay actual, observed;
        if (DateOf(rule, y, &actual, &observed)) all.push_back({observed, actual, rule.name()});
      }
    }
    return all;
  }

  v1::CalendarDefinition def_;
  mutable std::map<absl::civil_year_t, std::vector<ObservedHoliday>> around_;
};

}  // namespace reentry::testing

#endif  // REENTRY_TESTS_CALENDAR_TEST_CALENDARS_H_
