#include "util/civil_date.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/status.h"

namespace reentry::internal {
namespace {

TEST(ParseDate, AcceptsRealDates) {
  auto day = ParseDate("2024-02-29", "assessed_on");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(*day, absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(FormatDate(*day), "2024-02-29");
}

TEST(ParseDate, RejectsWhatIsNotADate) {
  for (const char* text : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-1-5", "20240105",
                           "2024-01-05T00:00", "abcd-ef-gh", "", "1899-12-31", "2200-01-01"}) {
    auto day = ParseDate(text, "assessed_on");
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(ErrorField(day.status()), "assessed_on") << text;
  }
}

TEST(AddMonths, ClampsToTheEndOfShorterMonths) {
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 1, 31), 1), absl::CivilDay(2026, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2028, 1, 31), 1), absl::CivilDay(2028, 2, 29));
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 8, 31), 6), absl::CivilDay(2027, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 3, 15), 12), absl::CivilDay(2027, 3, 15));
}

TEST(DayArithmetic, AgreesWithAbslEverywhere) {
  EXPECT_EQ(DayNumber(absl::CivilDay(1970, 1, 1)), 0);
  EXPECT_EQ(DayNumber(absl::CivilDay(2000, 3, 1)), 11017);
  EXPECT_EQ(DayNumber(absl::CivilDay(0, 1, 1)), -719528);
  EXPECT_EQ(DayFromNumber(-1), absl::CivilDay(1969, 12, 31));
  // Every day from 1600 to 2400 (leap centuries 1600, 2000, 2400; not 1700,
  // 1800, 1900, 2100...), with offsets across months, years and centuries.
  const int64_t offsets[] = {0, 1, -1, 28, -29, 365, -366, 1461, -36524, 146097, -146097};
  for (absl::CivilDay day(1600, 1, 1); day < absl::CivilDay(2400, 12, 31); day += 1) {
    ASSERT_EQ(DayNumber(day), day - absl::CivilDay(1970, 1, 1)) << day;
    ASSERT_EQ(DayFromNumber(DayNumber(day)), day);
    for (int64_t n : offsets) ASSERT_EQ(AddDays(day, n), day + n) << day << " + " << n;
  }
  // Far away and across year 0: absl's arithmetic, the same answers.
  for (const absl::CivilDay day :
       {absl::CivilDay(0, 1, 1), absl::CivilDay(-5, 3, 1), absl::CivilDay(399999, 12, 31),
        absl::CivilDay(9000000, 2, 28)}) {
    for (int64_t n : {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{1} << 40, -(int64_t{1} << 40)}) {
      EXPECT_EQ(AddDays(day, n), day + n) << day << " + " << n;
      EXPECT_EQ(DaysBetween(day, day + n), n);
    }
  }
  EXPECT_EQ(DaysBetween(absl::CivilDay(2026, 12, 1), absl::CivilDay(2027, 3, 15)), 104);
}

}  // namespace
}  // namespace reentry::internal
