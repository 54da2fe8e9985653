// What each query means, on small calendars whose answers are worked out by
// hand: observance across the year boundary, holidays on weekends, last
// weekdays in months with five of them, year bounds, the table's edges, far
// years and the saturating ends of arithmetic.

#include "reentry/calendar/calendar.h"

#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_calendars.h"

namespace reentry {
namespace {

using testing::Day;
using testing::UsFederal;

std::shared_ptr<const Calendar> CompileText(const std::string& text) {
  auto calendar = Calendar::ParseText(text, "test");
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return calendar.ok() ? *calendar : nullptr;
}

// Saturday and Sunday off, and the holidays in `holidays` (text format).
std::shared_ptr<const Calendar> Weekdays(const std::string& holidays) {
  return CompileText(R"pb(id: "t"
                          version: "1"
                          title: "T"
                          weekend_days: WEEKDAY_SATURDAY
                          weekend_days: WEEKDAY_SUNDAY
                     )pb" +
                     holidays);
}

TEST(Calendar, MovesASaturdayNewYearIntoThePreviousYear) {
  // first_year counts the holiday's own year: New Year's Day 2028 belongs to
  // a rule that starts in 2028, though observed on 2027-12-31.
  auto calendar = Weekdays(R"pb(holidays {
                                  name: "New Year"
                                  fixed { month: 1 day: 1 observance: OBSERVANCE_NEAREST_WEEKDAY }
                                  first_year: 2028
                                })pb");
  EXPECT_EQ(calendar->HolidayOn(Day("2027-12-31")), "New Year");
  EXPECT_FALSE(calendar->IsBusinessDay(Day("2027-12-31")));
  EXPECT_TRUE(calendar->IsBusinessDay(Day("2027-01-01")));  // 2027's holiday is before the rule
  // The same rule ending in 2027 does not reach back from 2028.
  auto ending = Weekdays(R"pb(holidays {
                                name: "New Year"
                                fixed { month: 1 day: 1 observance: OBSERVANCE_NEAREST_WEEKDAY }
                                last_year: 2027
                              })pb");
  EXPECT_TRUE(ending->IsBusinessDay(Day("2027-12-31")));
  EXPECT_FALSE(ending->IsBusinessDay(Day("2027-01-01")));
}

TEST(Calendar, MovesASundayDecember31IntoTheNextYear) {
  // 2023-12-31 is a Sunday: observed Monday 2024-01-01, a day of 2024.
  auto calendar = Weekdays(R"pb(holidays {
                                  name: "Year End"
                                  fixed { month: 12 day: 31 observance: OBSERVANCE_NEAREST_WEEKDAY }
                                })pb");
  EXPECT_EQ(calendar->HolidayOn(Day("2024-01-01")), "Year End");
  const auto holidays = calendar->Holidays(Day("2024-01-01"), Day("2024-01-31"));
  ASSERT_EQ(holidays.size(), 1u);
  EXPECT_EQ(holidays[0].actual_date, Day("2023-12-31"));
  EXPECT_TRUE(holidays[0].observed());
  // Moved out of 2023: the range of 2023 alone does not list it.
  EXPECT_TRUE(calendar->Holidays(Day("2023-12-01"), Day("2023-12-31")).empty());
}

TEST(Calendar, KeepsAHolidayOnTheWeekendWithoutObservance) {
  // July 4, 2026 is a Saturday.
  auto calendar = Weekdays(R"pb(holidays {
                                  name: "Fourth"
                                  fixed { month: 7 day: 4 observance: OBSERVANCE_NONE }
                                })pb");
  EXPECT_EQ(calendar->HolidayOn(Day("2026-07-04")), "Fourth");
  EXPECT_TRUE(calendar->IsBusinessDay(Day("2026-07-03")));
  const auto holidays = calendar->Holidays(Day("2026-07-01"), Day("2026-07-31"));
  ASSERT_EQ(holidays.size(), 1u);
  EXPECT_FALSE(holidays[0].observed());
  // No business day is lost: 2026-07-01 (Wed) to 2026-07-08 (Wed) has 5.
  EXPECT_EQ(calendar->BusinessDaysBetween(Day("2026-07-01"), Day("2026-07-08")), 5);
}

TEST(Calendar, MovesOnlySundaysWithSundayToMonday) {
  // 2026-07-04 is a Saturday (stays), 2027-07-04 a Sunday (to Monday the 5th).
  auto calendar = Weekdays(R"pb(holidays {
                                  name: "Fourth"
                                  fixed { month: 7 day: 4 observance: OBSERVANCE_SUNDAY_TO_MONDAY }
                                })pb");
  EXPECT_EQ(calendar->HolidayOn(Day("2026-07-04")), "Fourth");
  EXPECT_TRUE(calendar->IsBusinessDay(Day("2026-07-03")));
  EXPECT_EQ(calendar->HolidayOn(Day("2027-07-05")), "Fourth");
  EXPECT_FALSE(calendar->IsBusinessDay(Day("2027-07-05")));
}

TEST(Calendar, FindsTheLastWeekdayInMonthsWithFiveOfThem) {
  // May 2027 has five Mondays (3, 10, 17, 24, 31); May 2026 four (4 .. 25).
  auto calendar = Weekdays(R"pb(holidays {
                                  name: "Last Monday"
                                  nth_weekday { month: 5 weekday: WEEKDAY_MONDAY n: -1 }
                                }
                                holidays {
                                  name: "Fourth Monday"
                                  nth_weekday { month: 5 weekday: WEEKDAY_MONDAY n: 4 }
                                })pb");
  EXPECT_EQ(calendar->HolidayOn(Day("2027-05-31")), "Last Monday");
  EXPECT_EQ(calendar->HolidayOn(Day("2027-05-24")), "Fourth Monday");
  // In May 2026 both fall on the 25th: listed twice, named by the first.
  const auto holidays = calendar->Holidays(Day("2026-05-01"), Day("2026-05-31"));
  ASSERT_EQ(holidays.size(), 2u);
  EXPECT_EQ(holidays[0].date, Day("2026-05-25"));
  EXPECT_EQ(holidays[0].name, "Fourth Monday");
  EXPECT_EQ(holidays[1].name, "Last Monday");
  EXPECT_EQ(calendar->HolidayOn(Day("2026-05-25")), "Fourth Monday");
}

TEST(Calendar, FindsTheLastWeekdayOfDecember) {
  // December 2026: Thursdays 3, 10, 17, 24, 31 (the month 13 of the rule
  // normalizes to January of the next year).
  auto calendar = Weekdays(R"pb(holidays {
                                  name: "Last Thursday"
                                  nth_weekday { month: 12 weekday: WEEKDAY_THURSDAY n: -1 }
                                })pb");
  EXPECT_EQ(calendar->HolidayOn(Day("2026-12-31")), "Last Thursday");
}

TEST(Calendar, AppliesRulesOnlyWithinTheirYears) {
  auto calendar = Weekdays(R"pb(holidays {
                                  name: "Mid"
                                  fixed { month: 3 day: 10 observance: OBSERVANCE_NONE }
                                  first_year: 2024
                                  last_year: 2026
                                })pb");
  EXPECT_TRUE(calendar->IsBusinessDay(Day("2023-03-10")));   // Friday, before
  EXPECT_FALSE(calendar->IsBusinessDay(Day("2024-03-10")));  // Sunday anyway
  EXPECT_FALSE(calendar->IsBusinessDay(Day("2025-03-10")));  // Monday, holiday
  EXPECT_FALSE(calendar->IsBusinessDay(Day("2026-03-10")));  // Tuesday, holiday
  EXPECT_TRUE(calendar->IsBusinessDay(Day("2027-03-10")));   // Wednesday, after
  EXPECT_EQ(calendar->Holidays(Day("1900-01-01"), Day("2199-12-31")).size(), 3u);
}

TEST(Calendar, ListsHolidaysObservedOnTheSameDayByName) {
  // 2027-12-25 is a Saturday: Christmas moves to Friday the 24th, where
  // Christmas Eve already is. Observance does not move a holiday twice.
  auto calendar = Weekdays(R"pb(holidays {
                                  name: "Christmas Eve"
                                  fixed { month: 12 day: 24 observance: OBSERVANCE_NEAREST_WEEKDAY }
                                }
                                holidays {
                                  name: "Christmas Day"
                                  fixed { month: 12 day: 25 observance: OBSERVANCE_NEAREST_WEEKDAY }
                                })pb");
  const auto holidays = calendar->Holidays(Day("2027-12-20"), Day("2027-12-31"));
  ASSERT_EQ(holidays.size(), 2u);
  EXPECT_EQ(holidays[0].name, "Christmas Day");
  EXPECT_TRUE(holidays[0].observed());
  EXPECT_EQ(holidays[1].name, "Christmas Eve");
  EXPECT_FALSE(holidays[1].observed());
  EXPECT_EQ(calendar->HolidayOn(Day("2027-12-24")), "Christmas Day");
  EXPECT_TRUE(calendar->IsBusinessDay(Day("2027-12-23")));
}

TEST(Calendar, TreatsEveryDayAsABusinessDayWithoutWeekendOrHolidays) {
  auto calendar = CompileText(R"pb(id: "all" version: "1" title: "All")pb");
  EXPECT_EQ(calendar->BusinessDaysBetween(Day("2026-01-01"), Day("2027-01-01")), 365);
  EXPECT_EQ(calendar->AddBusinessDays(Day("2026-02-27"), 2), Day("2026-03-01"));
  EXPECT_EQ(calendar->AddBusinessDays(Day("1899-12-31"), 1), Day("1900-01-01"));
  EXPECT_EQ(calendar->BusinessDaysBetween(Day("1800-01-01"), Day("2300-01-01")),
            Day("2300-01-01") - Day("1800-01-01"));
}

TEST(Calendar, AddsZeroBusinessDaysToAnyDay) {
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2026-07-04"), 0), Day("2026-07-04"));
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2026-07-06"), 0), Day("2026-07-06"));
}

TEST(Calendar, CountsFromADayExclusiveToADayInclusive) {
  // From Friday 2026-07-10 to Monday 2026-07-13: only the Monday counts.
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("2026-07-10"), Day("2026-07-13")), 1);
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("2026-07-13"), Day("2026-07-10")), -1);
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("2026-07-10"), Day("2026-07-10")), 0);
  // From a Saturday to the Sunday: none.
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("2026-07-11"), Day("2026-07-12")), 0);
}

TEST(Calendar, StepsAcrossTheEdgesOfTheTable) {
  // 1899-12-29 is a Friday, 1900-01-01 a Monday (New Year's Day), 1900-01-02
  // a Tuesday; 2199-12-31 is a Tuesday, 2200-01-01 a Wednesday (New Year's
  // Day), 2200-01-02 a Thursday.
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("1899-12-29"), 1), Day("1900-01-02"));
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("1900-01-02"), -1), Day("1899-12-29"));
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("1899-12-29"), Day("1900-01-02")), 1);
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2199-12-31"), 1), Day("2200-01-02"));
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2200-01-02"), -1), Day("2199-12-31"));
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("2199-12-31"), Day("2200-01-02")), 1);
  EXPECT_EQ(UsFederal().HolidayOn(Day("2200-01-01")), "New Year's Day");
}

TEST(Calendar, RepeatsEvery400YearsBeyondTheRules) {
  // 146097 days are exactly 20871 weeks, and no us_federal rule ends.
  for (const char* date : {"2250-05-31", "2250-07-05", "2300-11-23", "2601-01-01", "1801-12-25"}) {
    const absl::CivilDay day = Day(date);
    for (int cycles : {1, 2, 1000, -1}) {
      const absl::CivilDay later(day.year() + 400 * cycles, day.month(), day.day());
      EXPECT_EQ(UsFederal().IsBusinessDay(later), UsFederal().IsBusinessDay(day)) << date;
      EXPECT_EQ(UsFederal().HolidayOn(later), UsFederal().HolidayOn(day)) << date;
    }
  }
  // A cycle after the rules stop changing has the same count of business days.
  const auto cycle = UsFederal().BusinessDaysBetween(Day("2300-01-01"), Day("2700-01-01"));
  EXPECT_EQ(UsFederal().BusinessDaysBetween(absl::CivilDay(2300 + 400 * 5000, 1, 1),
                                            absl::CivilDay(2700 + 400 * 5000, 1, 1)),
            cycle);
  EXPECT_EQ(
      UsFederal().BusinessDaysBetween(Day("2300-01-01"), absl::CivilDay(2300 + 400 * 5000, 1, 1)),
      cycle * 5000);
}

TEST(Calendar, AnswersForTheExtremeYears) {
  // The year of the largest CivilDay is 9223372036854775807, 207 more than a
  // multiple of 400; 2207 is too.
  const absl::CivilDay last(std::numeric_limits<absl::civil_year_t>::max(), 12, 25);
  EXPECT_EQ(UsFederal().HolidayOn(last), UsFederal().HolidayOn(Day("2207-12-25")));
  EXPECT_EQ(UsFederal().IsBusinessDay(last), UsFederal().IsBusinessDay(Day("2207-12-25")));
  const absl::CivilDay first(std::numeric_limits<absl::civil_year_t>::min(), 7, 4);
  // -9223372036854775808 = -23058430092136940 * 400 + 192, as 1792 = 4 * 400 + 192.
  EXPECT_EQ(UsFederal().HolidayOn(first), "Independence Day");
  EXPECT_EQ(UsFederal().IsBusinessDay(first), UsFederal().IsBusinessDay(Day("1792-07-04")));
  EXPECT_EQ(UsFederal().HolidayOn(absl::CivilDay(first.year(), 7, 5)),
            UsFederal().HolidayOn(Day("1792-07-05")));
}

TEST(Calendar, SaturatesArithmeticBeyondTheSupportedYears) {
  const auto max = std::numeric_limits<int64_t>::max();
  const auto min = std::numeric_limits<int64_t>::min();
  const absl::CivilDay last = UsFederal().AddBusinessDays(Day("2026-01-01"), max);
  const absl::CivilDay first = UsFederal().AddBusinessDays(Day("2026-01-01"), min);
  EXPECT_EQ(last.year(), 1'000'000'000'000);
  EXPECT_EQ(first.year(), -1'000'000'000'000);
  EXPECT_TRUE(UsFederal().IsBusinessDay(last));
  EXPECT_TRUE(UsFederal().IsBusinessDay(first));
  EXPECT_EQ(UsFederal().AddBusinessDays(last, 1), last);
  EXPECT_EQ(UsFederal().AddBusinessDays(first, -1), first);
  // The supported range counts exactly, in both directions.
  const int64_t all = UsFederal().BusinessDaysBetween(first, last);
  EXPECT_GT(all, 0);
  EXPECT_EQ(UsFederal().BusinessDaysBetween(last, first), -all);
  EXPECT_EQ(UsFederal().AddBusinessDays(first, all), last);
  EXPECT_EQ(UsFederal().AddBusinessDays(last, -all), first);
  // Days beyond are moved to the bounds first.
  const absl::CivilDay beyond(std::numeric_limits<absl::civil_year_t>::max(), 1, 1);
  EXPECT_EQ(UsFederal().BusinessDayOnOrAfter(beyond), last);
  EXPECT_EQ(UsFederal().BusinessDaysBetween(beyond, last), 0);
}

TEST(Calendar, AddsAndCountsFarOutsideTheTableExactly) {
  // A million business days and back, from inside the table to far outside.
  const absl::CivilDay start = Day("2026-03-02");
  const absl::CivilDay far = UsFederal().AddBusinessDays(start, 1'000'000);
  EXPECT_TRUE(UsFederal().IsBusinessDay(far));
  EXPECT_EQ(UsFederal().BusinessDaysBetween(start, far), 1'000'000);
  EXPECT_EQ(UsFederal().AddBusinessDays(far, -1'000'000), start);
  EXPECT_EQ(UsFederal().BusinessDaysBetween(far, start), -1'000'000);
  const absl::CivilDay early = UsFederal().AddBusinessDays(start, -1'000'000);
  EXPECT_EQ(UsFederal().BusinessDaysBetween(early, start), 1'000'000);
  EXPECT_EQ(UsFederal().AddBusinessDays(early, 1'000'000), start);
}

// A Calendar is immutable: threads share one without locks (run under TSan
// in CI).
TEST(Calendar, AnswersTheSameOnManyThreads) {
  const Calendar& calendar = UsFederal();
  const auto walk = [&calendar] {
    int64_t sum = 0;
    for (int i = 0; i < 5000; ++i) {
      const absl::CivilDay day = absl::CivilDay(2020, 1, 1) + i % 3000;
      sum += calendar.AddBusinessDays(day, i % 40) - day;
      sum += calendar.BusinessDaysBetween(day, absl::CivilDay(2300, 1, 1) + i);
    }
    return sum;
  };
  const int64_t expected = walk();
  std::vector<std::thread> threads;
  std::vector<int64_t> sums(4);
  for (int t = 0; t < 4; ++t) threads.emplace_back([&, t] { sums[t] = walk(); });
  for (auto& thread : threads) thread.join();
  for (int64_t sum : sums) EXPECT_EQ(sum, expected);
}

TEST(Calendar, KeepsTheDefinitionAsCompiled) {
  auto calendar = Weekdays("");
  EXPECT_EQ(calendar->definition().weekend_days_size(), 2);
  EXPECT_EQ(calendar->definition().title(), "T");
}

}  // namespace
}  // namespace reentry
