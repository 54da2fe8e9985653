// Calendar dates as the library exchanges them: "YYYY-MM-DD" strings.
#ifndef REENTRY_SRC_UTIL_CIVIL_DATE_H_
#define REENTRY_SRC_UTIL_CIVIL_DATE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace reentry::internal {

// Parses exactly "YYYY-MM-DD" (a real date, years 1900-2199). Errors name `field`.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text, absl::string_view field);

// "YYYY-MM-DD".
std::string FormatDate(absl::CivilDay day);

// `day` plus `months` calendar months; the day of month is clamped to the
// length of the target month (Jan 31 + 1 month = Feb 28 or 29).
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// Days since 1970-01-01 (negative before), by Howard Hinnant's
// days_from_civil: a few multiplications, where absl's day arithmetic walks
// years. Exact for every year absl::CivilDay holds.
int64_t DayNumber(absl::CivilDay day);
// The inverse (Hinnant's civil_from_days).
absl::CivilDay DayFromNumber(int64_t number);

// `day` plus `n` days; `b - a` in days. The same results as absl's
// operators, faster; they fall back to absl far outside years 0-400000.
absl::CivilDay AddDays(absl::CivilDay day, int64_t n);
int64_t DaysBetween(absl::CivilDay a, absl::CivilDay b);

}  // namespace reentry::internal

#endif  // REENTRY_SRC_UTIL_CIVIL_DATE_H_
