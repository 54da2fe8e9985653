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

}  // namespace
}  // namespace reentry::internal
