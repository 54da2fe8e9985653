// The builtin us_federal calendar against OPM's published holiday tables and
// the dates DESIGN.md pins.
//
// Expected dates are OPM's tables of observed federal holidays, one per year:
//   https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/
// (tabs "2026", "2027" and "2028"). Each table lists the eleven holidays of
// its year at their observed dates; the 2028 table lists New Year's Day 2028
// at Friday, December 31, 2027, since January 1, 2028 is a Saturday. The
// observed dates of holidays on weekends in these years are worked out by
// hand below from the weekday of each date; OPM's footnotes for 2027 ("June
// 19, 2027 ... falls on a Saturday. For most Federal employees, Friday, June
// 18, will be treated as a holiday"; July 4 -> Monday July 5; December 25 ->
// Friday December 24) are quoted by https://www.federalholidays.net/usa/
// federal-holidays-2027.html, and the whole 2028 list appears as the
// "posted list" in the tests of R's almanac package (cal_us_federal).

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_calendars.h"
#include "util/civil_date.h"

namespace reentry {
namespace {

using testing::Day;
using testing::UsFederal;

// (observed date, name) as OPM's table for one year lists them.
using Table = std::vector<std::pair<std::string, std::string>>;

// The holidays of `year`: those whose own date lies in that year, wherever
// they are observed (OPM's tables are organized so).
Table HolidaysOfYear(int year) {
  Table table;
  for (const auto& holiday :
       UsFederal().Holidays(absl::CivilDay(year - 1, 12, 1), absl::CivilDay(year + 1, 1, 31))) {
    if (holiday.actual_date.year() != year) continue;
    table.emplace_back(internal::FormatDate(holiday.date), holiday.name);
  }
  return table;
}

TEST(UsFederal, CompilesFromTheCatalogFile) {
  EXPECT_EQ(UsFederal().id(), "us_federal");
  EXPECT_EQ(UsFederal().version(), "2021");
  EXPECT_EQ(UsFederal().definition().holidays_size(), 11);
}

// OPM 2026: Thursday January 1; Monday January 19; Monday February 16; Monday
// May 25; Friday June 19; Friday July 3 (July 4 is a Saturday); Monday
// September 7; Monday October 12; Wednesday November 11; Thursday November
// 26; Friday December 25.
TEST(UsFederal, MatchesOpmTable2026) {
  EXPECT_EQ(HolidaysOfYear(2026), (Table{
                                      {"2026-01-01", "New Year's Day"},
                                      {"2026-01-19", "Birthday of Martin Luther King, Jr."},
                                      {"2026-02-16", "Washington's Birthday"},
                                      {"2026-05-25", "Memorial Day"},
                                      {"2026-06-19", "Juneteenth National Independence Day"},
                                      {"2026-07-03", "Independence Day"},
                                      {"2026-09-07", "Labor Day"},
                                      {"2026-10-12", "Columbus Day"},
                                      {"2026-11-11", "Veterans Day"},
                                      {"2026-11-26", "Thanksgiving Day"},
                                      {"2026-12-25", "Christmas Day"},
                                  }));
}

// OPM 2027: Friday January 1; Monday January 18; Monday February 15; Monday
// May 31 (May has five Mondays: the last is the fifth); Friday June 18 (June
// 19 is a Saturday); Monday July 5 (July 4 is a Sunday); Monday September 6;
// Monday October 11; Thursday November 11; Thursday November 25; Friday
// December 24 (December 25 is a Saturday).
TEST(UsFederal, MatchesOpmTable2027) {
  EXPECT_EQ(HolidaysOfYear(2027), (Table{
                                      {"2027-01-01", "New Year's Day"},
                                      {"2027-01-18", "Birthday of Martin Luther King, Jr."},
                                      {"2027-02-15", "Washington's Birthday"},
                                      {"2027-05-31", "Memorial Day"},
                                      {"2027-06-18", "Juneteenth National Independence Day"},
                                      {"2027-07-05", "Independence Day"},
                                      {"2027-09-06", "Labor Day"},
                                      {"2027-10-11", "Columbus Day"},
                                      {"2027-11-11", "Veterans Day"},
                                      {"2027-11-25", "Thanksgiving Day"},
                                      {"2027-12-24", "Christmas Day"},
                                  }));
}

// OPM 2028: Friday December 31, 2027 (January 1, 2028 is a Saturday); Monday
// January 17; Monday February 21; Monday May 29; Monday June 19; Tuesday July
// 4; Monday September 4; Monday October 9; Friday November 10 (November 11 is
// a Saturday); Thursday November 23 (November has five Thursdays: the fourth,
// not the last); Monday December 25.
TEST(UsFederal, MatchesOpmTable2028) {
  EXPECT_EQ(HolidaysOfYear(2028), (Table{
                                      {"2027-12-31", "New Year's Day"},
                                      {"2028-01-17", "Birthday of Martin Luther King, Jr."},
                                      {"2028-02-21", "Washington's Birthday"},
                                      {"2028-05-29", "Memorial Day"},
                                      {"2028-06-19", "Juneteenth National Independence Day"},
                                      {"2028-07-04", "Independence Day"},
                                      {"2028-09-04", "Labor Day"},
                                      {"2028-10-09", "Columbus Day"},
                                      {"2028-11-10", "Veterans Day"},
                                      {"2028-11-23", "Thanksgiving Day"},
                                      {"2028-12-25", "Christmas Day"},
                                  }));
}

TEST(UsFederal, EveryPublishedDateIsANonBusinessDayAndNamed) {
  for (int year : {2026, 2027, 2028}) {
    for (const auto& [date, name] : HolidaysOfYear(year)) {
      EXPECT_FALSE(UsFederal().IsBusinessDay(Day(date))) << date;
      EXPECT_EQ(UsFederal().HolidayOn(Day(date)), name) << date;
    }
  }
}

// The dates DESIGN.md and the calendar issue pin.
TEST(UsFederal, ObservesTheDatesDesignPins) {
  EXPECT_EQ(UsFederal().HolidayOn(Day("2026-07-03")), "Independence Day");
  EXPECT_EQ(UsFederal().HolidayOn(Day("2027-06-18")), "Juneteenth National Independence Day");
  EXPECT_EQ(UsFederal().HolidayOn(Day("2027-12-24")), "Christmas Day");
  EXPECT_EQ(UsFederal().HolidayOn(Day("2027-12-31")), "New Year's Day");
  for (const char* date : {"2026-07-03", "2027-06-18", "2027-12-24", "2027-12-31"}) {
    EXPECT_FALSE(UsFederal().IsBusinessDay(Day(date))) << date;
  }
}

TEST(UsFederal, ObservesNewYear2028OnFridayOfThePreviousYear) {
  const auto holidays = UsFederal().Holidays(Day("2027-12-31"), Day("2027-12-31"));
  ASSERT_EQ(holidays.size(), 1u);
  EXPECT_EQ(holidays[0].date, Day("2027-12-31"));
  EXPECT_EQ(holidays[0].actual_date, Day("2028-01-01"));
  EXPECT_TRUE(holidays[0].observed());
  // Nothing is observed on the Saturday itself, and the range of 2028 alone
  // does not list it.
  EXPECT_EQ(UsFederal().HolidayOn(Day("2028-01-01")), std::nullopt);
  const auto january = UsFederal().Holidays(Day("2028-01-01"), Day("2028-01-31"));
  ASSERT_EQ(january.size(), 1u);
  EXPECT_EQ(january[0].name, "Birthday of Martin Luther King, Jr.");
}

TEST(UsFederal, WeekendsAreNotBusinessDays) {
  EXPECT_FALSE(UsFederal().IsBusinessDay(Day("2026-07-04")));  // Saturday, the actual holiday
  EXPECT_FALSE(UsFederal().IsBusinessDay(Day("2026-07-05")));  // Sunday
  EXPECT_TRUE(UsFederal().IsBusinessDay(Day("2026-07-06")));   // Monday
  EXPECT_TRUE(UsFederal().IsBusinessDay(Day("2026-07-02")));   // Thursday
}

TEST(UsFederal, CountsBusinessDaysAcrossTheYearEnd) {
  // 2027-12-24 (Fri) holiday, 25-26 weekend, 27-30 (Mon-Thu) business days,
  // 31 (Fri) holiday, 2028-01-01/02 weekend, 2028-01-03 (Mon) business day.
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("2027-12-23"), Day("2028-01-03")), 5);
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("2028-01-03"), Day("2027-12-23")), -5);
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2027-12-23"), 5), Day("2028-01-03"));
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2027-12-30"), 1), Day("2028-01-03"));
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2028-01-03"), -1), Day("2027-12-30"));
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2028-01-03"), -5), Day("2027-12-23"));
}

TEST(UsFederal, MovesToTheNextBusinessDayAroundIndependenceDay2026) {
  EXPECT_EQ(UsFederal().AddBusinessDays(Day("2026-07-02"), 1), Day("2026-07-06"));
  EXPECT_EQ(UsFederal().BusinessDayOnOrAfter(Day("2026-07-03")), Day("2026-07-06"));
  EXPECT_EQ(UsFederal().BusinessDayOnOrBefore(Day("2026-07-05")), Day("2026-07-02"));
  EXPECT_EQ(UsFederal().BusinessDayOnOrAfter(Day("2026-07-02")), Day("2026-07-02"));
}

// 2026 has 261 weekdays (365 days, Thursday January 1 through Thursday
// December 31: 52 weeks and one more Thursday), less its eleven holidays,
// all observed on weekdays in 2026.
TEST(UsFederal, Has250BusinessDaysIn2026) {
  EXPECT_EQ(UsFederal().BusinessDaysBetween(Day("2025-12-31"), Day("2026-12-31")), 261 - 11);
}

TEST(UsFederal, AppliesJuneteenthFrom2021) {
  EXPECT_TRUE(UsFederal().IsBusinessDay(Day("2020-06-19")));   // a Friday, before the Act
  EXPECT_FALSE(UsFederal().IsBusinessDay(Day("2021-06-18")));  // June 19, 2021 was a Saturday
  EXPECT_EQ(UsFederal().HolidayOn(Day("2021-06-18")), "Juneteenth National Independence Day");
}

TEST(UsFederal, AppliesMartinLutherKingDayFrom1986) {
  EXPECT_TRUE(UsFederal().IsBusinessDay(Day("1985-01-21")));  // third Monday of 1985
  EXPECT_EQ(UsFederal().HolidayOn(Day("1986-01-20")), "Birthday of Martin Luther King, Jr.");
}

TEST(UsFederal, KeepsTheRulesBeyondTheTable) {
  // 2300-12-25 is a Tuesday; 1800-07-04 a Friday; year 1,000,000 repeats the
  // calendar of 2000 (a multiple of 400 years later): 2000-12-25 was a Monday.
  EXPECT_EQ(UsFederal().HolidayOn(Day("2300-12-25")), "Christmas Day");
  EXPECT_EQ(UsFederal().HolidayOn(Day("1800-07-04")), "Independence Day");
  EXPECT_EQ(UsFederal().HolidayOn(absl::CivilDay(1'000'000, 12, 25)), "Christmas Day");
  EXPECT_FALSE(UsFederal().IsBusinessDay(absl::CivilDay(1'000'000, 12, 25)));
  EXPECT_TRUE(UsFederal().IsBusinessDay(absl::CivilDay(1'000'000, 12, 26)));
}

}  // namespace
}  // namespace reentry
