// Calendar dates as the library exchanges them: "YYYY-MM-DD" strings.
#ifndef REENTRY_SRC_UTIL_CIVIL_DATE_H_
#define REENTRY_SRC_UTIL_CIVIL_DATE_H_

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

}  // namespace reentry::internal

#endif  // REENTRY_SRC_UTIL_CIVIL_DATE_H_
