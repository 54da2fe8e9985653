// Calendar validation: every definition error names the calendar, the field
// path and the problem; text format errors carry line and column.

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/calendar/calendar.h"
#include "reentry/status.h"

namespace reentry {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kToyCalendar[] = R"pb(
  id: "toy"
  version: "1"
  title: "Toy calendar"
  weekend_days: WEEKDAY_SATURDAY
  weekend_days: WEEKDAY_SUNDAY
  holidays {
    name: "New Year"
    fixed { month: 1 day: 1 observance: OBSERVANCE_NEAREST_WEEKDAY }
  }
  holidays {
    name: "Spring Monday"
    nth_weekday { month: 5 weekday: WEEKDAY_MONDAY n: -1 }
  }
  holidays { name: "Closure" on: "2026-03-02" }
  holidays {
    name: "Winter Day"
    fixed { month: 12 day: 25 observance: OBSERVANCE_NONE }
    first_year: 2000
    last_year: 2100
  }
)pb";

v1::CalendarDefinition Toy() {
  auto definition = ParseCalendarText(kToyCalendar, "toy");
  EXPECT_TRUE(definition.ok()) << definition.status();
  return *definition;
}

// Compiles the toy calendar after `edit` and expects it rejected about
// `field` with a message containing `message`.
void ExpectRejected(const std::function<void(v1::CalendarDefinition&)>& edit,
                    const std::string& field, const std::string& message) {
  v1::CalendarDefinition definition = Toy();
  edit(definition);
  auto calendar = Calendar::Compile(definition);
  ASSERT_FALSE(calendar.ok()) << "accepted; expected an error about " << field;
  EXPECT_EQ(calendar.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(calendar.status()), field) << calendar.status();
  EXPECT_THAT(std::string(calendar.status().message()),
              StartsWith("calendar '" + definition.id() + "'"));
  EXPECT_THAT(std::string(calendar.status().message()), HasSubstr(field + ": "));
  EXPECT_THAT(std::string(calendar.status().message()), HasSubstr(message));
}

void ExpectAccepted(const std::function<void(v1::CalendarDefinition&)>& edit) {
  v1::CalendarDefinition definition = Toy();
  edit(definition);
  auto calendar = Calendar::Compile(definition);
  EXPECT_TRUE(calendar.ok()) << calendar.status();
}

v1::HolidayRule* Holiday(v1::CalendarDefinition& d, int i) { return d.mutable_holidays(i); }

TEST(CalendarValidation, AcceptsTheToyCalendar) {
  auto calendar = Calendar::Compile(Toy());
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  EXPECT_EQ((*calendar)->id(), "toy");
  EXPECT_EQ((*calendar)->version(), "1");
}

TEST(CalendarValidation, NamesCalendarVersionFieldAndProblem) {
  v1::CalendarDefinition definition = Toy();
  definition.mutable_holidays(3)->mutable_fixed()->set_month(2);
  definition.mutable_holidays(3)->mutable_fixed()->set_day(30);
  auto calendar = Calendar::Compile(definition);
  EXPECT_EQ(calendar.status().message(),
            "calendar 'toy' version 1: holidays[3].fixed.day: 30 is not a day of month 2");
  EXPECT_EQ(ErrorField(calendar.status()), "holidays[3].fixed.day");
}

TEST(CalendarValidation, RejectsIdsThatAreNotLowerSnakeCase) {
  for (const char* id : {"", "Toy", "1toy", "toy-calendar", "toy calendar", "_toy"}) {
    ExpectRejected([&](auto& d) { d.set_id(id); }, "id", "is not a valid calendar id");
  }
  ExpectRejected([](auto& d) { d.set_id(std::string(65, 'a')); }, "id", "at most 64");
  ExpectAccepted([](auto& d) { d.set_id(std::string(64, 'a')); });
}

TEST(CalendarValidation, RejectsVersionsThatAreNotDottedNumbers) {
  for (const char* version : {"", "v1", "1.", ".1", "1..2", "1.-2", "1.2a", "1234567890"}) {
    ExpectRejected([&](auto& d) { d.set_version(version); }, "version", "is not a version");
  }
  ExpectAccepted([](auto& d) { d.set_version("2026.0.12"); });
}

TEST(CalendarValidation, RequiresATitle) {
  ExpectRejected([](auto& d) { d.clear_title(); }, "title", "is required");
}

TEST(CalendarValidation, RequiresASourceTitle) {
  ExpectRejected([](auto& d) { d.add_sources()->set_url("https://example.org"); },
                 "sources[0].title", "is required");
}

TEST(CalendarValidation, RejectsAnUnspecifiedWeekendDay) {
  ExpectRejected([](auto& d) { d.add_weekend_days(v1::WEEKDAY_UNSPECIFIED); }, "weekend_days[2]",
                 "WEEKDAY_UNSPECIFIED is not a day of the week");
}

TEST(CalendarValidation, RejectsAnUnknownWeekendDay) {
  // Binary messages may carry enum numbers this version does not know.
  ExpectRejected([](auto& d) { d.add_weekend_days(static_cast<v1::Weekday>(9)); },
                 "weekend_days[2]", "9 is not a day of the week");
}

TEST(CalendarValidation, RejectsAWeekendDayListedTwice) {
  ExpectRejected([](auto& d) { d.add_weekend_days(v1::WEEKDAY_SUNDAY); }, "weekend_days[2]",
                 "WEEKDAY_SUNDAY is listed twice");
}

TEST(CalendarValidation, RejectsSevenWeekendDays) {
  ExpectRejected(
      [](auto& d) {
        for (int day = v1::WEEKDAY_MONDAY; day <= v1::WEEKDAY_FRIDAY; ++day) {
          d.add_weekend_days(static_cast<v1::Weekday>(day));
        }
      },
      "weekend_days", "all seven days are weekend days");
}

TEST(CalendarValidation, AcceptsNoWeekendDays) {
  ExpectAccepted([](auto& d) { d.clear_weekend_days(); });
}

TEST(CalendarValidation, RejectsMoreThanAThousandHolidays) {
  ExpectRejected(
      [](auto& d) {
        for (int i = 0; i < 997; ++i) d.add_holidays()->set_name("x");
      },
      "holidays", "1001 rules exceed the limit of 1000");
}

TEST(CalendarValidation, RequiresAHolidayName) {
  ExpectRejected([](auto& d) { Holiday(d, 1)->clear_name(); }, "holidays[1].name", "is required");
}

TEST(CalendarValidation, RequiresADateRule) {
  ExpectRejected([](auto& d) { d.add_holidays()->set_name("Nothing"); }, "holidays[4]",
                 "has no date: set one of fixed, nth_weekday or on");
}

TEST(CalendarValidation, RejectsFixedMonthsOutOfRange) {
  for (int month : {0, 13, -1}) {
    ExpectRejected([&](auto& d) { Holiday(d, 0)->mutable_fixed()->set_month(month); },
                   "holidays[0].fixed.month", std::to_string(month) + " is not a month (1 to 12)");
  }
}

TEST(CalendarValidation, RejectsDaysNotInTheMonth) {
  for (const auto& [month, day] : {std::pair{2, 30}, {4, 31}, {1, 32}, {6, 0}, {12, -3}}) {
    ExpectRejected(
        [&](auto& d) {
          Holiday(d, 0)->mutable_fixed()->set_month(month);
          Holiday(d, 0)->mutable_fixed()->set_day(day);
        },
        "holidays[0].fixed.day",
        std::to_string(day) + " is not a day of month " + std::to_string(month));
  }
  ExpectAccepted([](auto& d) {
    Holiday(d, 0)->mutable_fixed()->set_month(2);
    Holiday(d, 0)->mutable_fixed()->set_day(28);
  });
}

// A fixed February 29 would be a holiday in leap years only: rejected, with
// single dates as the way to list such days.
TEST(CalendarValidation, RejectsAFixedFebruary29) {
  ExpectRejected(
      [](auto& d) {
        Holiday(d, 0)->mutable_fixed()->set_month(2);
        Holiday(d, 0)->mutable_fixed()->set_day(29);
      },
      "holidays[0].fixed.day", "29 is not a day of month 2 in every year");
  ExpectAccepted([](auto& d) { Holiday(d, 2)->set_on("2028-02-29"); });
}

TEST(CalendarValidation, RequiresAnObservance) {
  ExpectRejected([](auto& d) { Holiday(d, 0)->mutable_fixed()->clear_observance(); },
                 "holidays[0].fixed.observance", "is required");
  ExpectRejected(
      [](auto& d) {
        Holiday(d, 0)->mutable_fixed()->set_observance(static_cast<v1::HolidayRule::Observance>(7));
      },
      "holidays[0].fixed.observance", "7 is not an observance");
}

TEST(CalendarValidation, RejectsBadNthWeekdays) {
  ExpectRejected([](auto& d) { Holiday(d, 1)->mutable_nth_weekday()->set_month(13); },
                 "holidays[1].nth_weekday.month", "13 is not a month");
  ExpectRejected([](auto& d) { Holiday(d, 1)->mutable_nth_weekday()->clear_weekday(); },
                 "holidays[1].nth_weekday.weekday", "WEEKDAY_UNSPECIFIED is not a day of the week");
  ExpectRejected(
      [](auto& d) {
        Holiday(d, 1)->mutable_nth_weekday()->set_weekday(static_cast<v1::Weekday>(8));
      },
      "holidays[1].nth_weekday.weekday", "8 is not a day of the week");
  for (int n : {0, 5, -2, 100}) {
    ExpectRejected([&](auto& d) { Holiday(d, 1)->mutable_nth_weekday()->set_n(n); },
                   "holidays[1].nth_weekday.n",
                   std::to_string(n) +
                       " is out of range (1 to 4 for the first to fourth, -1 "
                       "for the last)");
  }
}

TEST(CalendarValidation, RejectsMalformedSingleDates) {
  ExpectRejected([](auto& d) { Holiday(d, 2)->set_on("2026-02-30"); }, "holidays[2].on",
                 "'2026-02-30' is not a calendar date");
  ExpectRejected([](auto& d) { Holiday(d, 2)->set_on("2026-3-2"); }, "holidays[2].on",
                 "is not a date of the form YYYY-MM-DD");
  ExpectRejected([](auto& d) { Holiday(d, 2)->set_on(""); }, "holidays[2].on",
                 "is not a date of the form YYYY-MM-DD");
  ExpectRejected([](auto& d) { Holiday(d, 2)->set_on("2200-01-01"); }, "holidays[2].on",
                 "is outside 1900-2199");
}

TEST(CalendarValidation, RejectsYearBoundsOnASingleDate) {
  ExpectRejected([](auto& d) { Holiday(d, 2)->set_first_year(2026); }, "holidays[2].first_year",
                 "does not apply to a single date");
  ExpectRejected([](auto& d) { Holiday(d, 2)->set_last_year(2026); }, "holidays[2].last_year",
                 "does not apply to a single date");
}

TEST(CalendarValidation, RejectsYearBoundsOutsideTheTable) {
  ExpectRejected([](auto& d) { Holiday(d, 3)->set_first_year(1870); }, "holidays[3].first_year",
                 "1870 is outside 1900-2199 (0 means no bound)");
  ExpectRejected([](auto& d) { Holiday(d, 3)->set_last_year(2200); }, "holidays[3].last_year",
                 "2200 is outside 1900-2199");
  ExpectRejected([](auto& d) { Holiday(d, 3)->set_last_year(-5); }, "holidays[3].last_year",
                 "-5 is outside 1900-2199");
}

TEST(CalendarValidation, RejectsALastYearBeforeTheFirst) {
  ExpectRejected([](auto& d) { Holiday(d, 3)->set_last_year(1999); }, "holidays[3].last_year",
                 "1999 is before first_year 2000");
  ExpectAccepted([](auto& d) { Holiday(d, 3)->set_last_year(2000); });
}

TEST(CalendarValidation, RejectsTheSameNameInOverlappingYears) {
  ExpectRejected([](auto& d) { Holiday(d, 3)->set_name("New Year"); }, "holidays[3].name",
                 "'New Year' is already the name of holidays[0] in overlapping years");
  ExpectRejected([](auto& d) { Holiday(d, 2)->set_name("Winter Day"); }, "holidays[3].name",
                 "'Winter Day' is already the name of holidays[2]");
}

// A holiday whose rule changed: one name, disjoint years (Veterans Day was
// the fourth Monday of October from 1971 through 1977, November 11 after).
TEST(CalendarValidation, AcceptsTheSameNameInDisjointYears) {
  ExpectAccepted([](auto& d) {
    auto* october = d.add_holidays();
    october->set_name("Veterans Day");
    october->mutable_nth_weekday()->set_month(10);
    october->mutable_nth_weekday()->set_weekday(v1::WEEKDAY_MONDAY);
    october->mutable_nth_weekday()->set_n(4);
    october->set_first_year(1971);
    october->set_last_year(1977);
    auto* november = d.add_holidays();
    november->set_name("Veterans Day");
    november->mutable_fixed()->set_month(11);
    november->mutable_fixed()->set_day(11);
    november->mutable_fixed()->set_observance(v1::HolidayRule::OBSERVANCE_NEAREST_WEEKDAY);
    november->set_first_year(1978);
  });
}

TEST(CalendarValidation, RejectsTwoRulesThatAlwaysGiveTheSameDate) {
  // The same fixed date, whatever the observance, in overlapping years.
  ExpectRejected(
      [](auto& d) {
        auto* copy = d.add_holidays();
        copy->set_name("Another New Year");
        copy->mutable_fixed()->set_month(1);
        copy->mutable_fixed()->set_day(1);
        copy->mutable_fixed()->set_observance(v1::HolidayRule::OBSERVANCE_NONE);
      },
      "holidays[4].fixed",
      "gives the same date as holidays[0] ('New Year') in every year both apply");
  ExpectRejected(
      [](auto& d) {
        auto* copy = d.add_holidays();
        *copy = d.holidays(1);
        copy->set_name("Last Monday of May");
      },
      "holidays[4].nth_weekday", "gives the same date as holidays[1] ('Spring Monday')");
  ExpectRejected(
      [](auto& d) {
        auto* copy = d.add_holidays();
        copy->set_name("Another closure");
        copy->set_on("2026-03-02");
      },
      "holidays[4].on", "gives the same date as holidays[2] ('Closure')");
  // Disjoint years are fine: the rule is the same, the years differ.
  ExpectAccepted([](auto& d) {
    auto* copy = d.add_holidays();
    *copy = d.holidays(3);
    copy->set_name("Winter Day, later");
    copy->set_first_year(2101);
    copy->set_last_year(0);
  });
}

TEST(CalendarValidation, RejectsAYearWithoutBusinessDays) {
  // Monday to Saturday are weekend days, and every Sunday of 2030 a holiday.
  ExpectRejected(
      [](auto& d) {
        d.clear_weekend_days();
        d.clear_holidays();
        for (int day = v1::WEEKDAY_MONDAY; day <= v1::WEEKDAY_SATURDAY; ++day) {
          d.add_weekend_days(static_cast<v1::Weekday>(day));
        }
        for (int month = 1; month <= 12; ++month) {
          for (int n : {1, 2, 3, 4, -1}) {
            auto* sunday = d.add_holidays();
            sunday->set_name("Sunday " + std::to_string(month) + " " + std::to_string(n));
            sunday->mutable_nth_weekday()->set_month(month);
            sunday->mutable_nth_weekday()->set_weekday(v1::WEEKDAY_SUNDAY);
            sunday->mutable_nth_weekday()->set_n(n);
            sunday->set_first_year(2030);
            sunday->set_last_year(2030);
          }
        }
      },
      "holidays", "the calendar has no business day in 2030");
}

TEST(CalendarText, ReportsParseErrorsWithLineAndColumn) {
  auto calendar = Calendar::ParseText("id: \"x\"\nversion: \"1\"\n  holidayz {}\n", "x.textproto");
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(calendar.status().message()), StartsWith("x.textproto:3:12: "));
  EXPECT_THAT(std::string(calendar.status().message()), HasSubstr("holidayz"));
  EXPECT_EQ(ErrorField(calendar.status()), "text");
}

// Protobuf reports an unknown enum value where the token after it starts.
TEST(CalendarText, ReportsAnUnknownEnumValueWithItsPosition) {
  auto calendar =
      Calendar::ParseText("id: \"x\"\nweekend_days: SATURDAY\nversion: \"1\"\n", "x.textproto");
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().message(),
            "x.textproto:3:1: Unknown enumeration value of \"SATURDAY\" for field "
            "\"weekend_days\".");
}

TEST(CalendarText, PrefixesValidationErrorsWithTheSourceName) {
  auto calendar = Calendar::ParseText("id: \"x\"\nversion: \"1\"\n", "x.textproto");
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().message(), "x.textproto: calendar 'x' version 1: title: is required");
  EXPECT_EQ(ErrorField(calendar.status()), "title");
}

TEST(CalendarText, NamesTheTextWhenTheSourceHasNoName) {
  auto calendar = Calendar::ParseText("id: ", "");
  ASSERT_FALSE(calendar.ok());
  EXPECT_THAT(std::string(calendar.status().message()), StartsWith("<text>:1:"));
}

}  // namespace
}  // namespace reentry
