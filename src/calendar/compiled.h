// A validated calendar, prepared for business-day arithmetic.
//
// The days of 1900-2199 are one bitmap (bit set = business day) in 64-day
// words, each with the number of business days before it, so a count is a
// lookup and a popcount, and the n-th business day a short search over words.
//
// Other years are computed from the rules, a year at a time (YearBits). Since
// rule bounds (first_year, last_year, single dates) all lie in 1900-2199, the
// business days of every year up to 1898 and from 2201 on repeat every 400
// years (the Gregorian cycle: 146097 days, exactly 20871 weeks); the business
// days per year of one such cycle on each side are stored, so whole years and
// whole cycles are counted in constant time however far from the table.
#ifndef REENTRY_SRC_CALENDAR_COMPILED_H_
#define REENTRY_SRC_CALENDAR_COMPILED_H_

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "reentry/v1/calendar.pb.h"

namespace reentry::calendar_internal {

using Year = absl::civil_year_t;

// The precomputed years: the years request dates may have (ParseDate).
inline constexpr Year kTableFirstYear = 1900;
inline constexpr Year kTableLastYear = 2199;
// Rule bounds and single dates must lie in the table's years, so a year's
// business days depend on its year modulo 400 alone at or below
// kEarlyPeriodicLastYear and at or above kLatePeriodicFirstYear (a year's
// status depends on the rules of the year before and after it, whose
// observance may move a holiday across New Year).
inline constexpr Year kEarlyPeriodicLastYear = kTableFirstYear - 2;  // 1898
inline constexpr Year kLatePeriodicFirstYear = kTableLastYear + 2;   // 2201
inline constexpr int kCycleYears = 400;
// The stored cycles: years [kEarlyCycleFirstYear, kEarlyPeriodicLastYear] and
// [kLatePeriodicFirstYear, kLatePeriodicFirstYear + 399].
inline constexpr Year kEarlyCycleFirstYear = kEarlyPeriodicLastYear - kCycleYears + 1;  // 1499
// Arithmetic works on days in years [-kYearLimit, kYearLimit].
inline constexpr Year kYearLimit = 1'000'000'000'000;

inline constexpr int kMaxHolidayRules = 1000;

// One holiday rule, validated.
struct Rule {
  enum class Kind { kFixed, kNthWeekday, kSingle };
  Kind kind = Kind::kFixed;
  std::string name;
  int month = 0;                                                              // kFixed, kNthWeekday
  int day = 0;                                                                // kFixed
  v1::HolidayRule::Observance observance = v1::HolidayRule::OBSERVANCE_NONE;  // kFixed
  absl::Weekday weekday = absl::Weekday::monday;                              // kNthWeekday
  int n = 0;                                                                  // kNthWeekday
  absl::CivilDay single;                                                      // kSingle
  // The years the rule applies, inclusive (unbounded: the extreme values).
  Year first_year = std::numeric_limits<Year>::min();
  Year last_year = std::numeric_limits<Year>::max();
};

// A rule's holiday in one year.
struct Occurrence {
  absl::CivilDay actual;
  absl::CivilDay observed;
};

// The holiday `rule` gives in `year` (the year of its actual date), if the
// rule applies that year. `year` must not be within one of the extreme years.
std::optional<Occurrence> OccurrenceIn(const Rule& rule, Year year);

// The business days of one year: bit i of the 366-bit set is January 1 + i.
struct YearBits {
  std::array<uint64_t, 6> words{};
  int days = 0;   // 365 or 366
  int count = 0;  // business days
};

// 64 days of the table and the business days before them.
struct TableWord {
  uint64_t bits = 0;
  int64_t before = 0;
};

struct CompiledCalendar {
  v1::CalendarDefinition definition;
  uint32_t weekend_mask = 0;        // bit w: absl::Weekday w (monday = 0) is a weekend day
  std::vector<Rule> rules;          // in definition order
  bool rules_before_table = false;  // some rule applies before 1900 (no first_year)
  bool rules_after_table = false;   // some rule applies after 2199 (no last_year)

  // Weekend-only business days of a year by its January 1 weekday and leap.
  std::array<std::array<YearBits, 2>, 7> weekend_years;

  // Days 1900-01-01 .. 2199-12-31, then one sentinel word holding the total.
  std::vector<TableWord> table;
  // Business days in the table before January 1 of 1900 + i, i = 0 .. 300.
  std::vector<int64_t> year_start;
  // The two years between the table and the periodic years.
  YearBits year_before_table;  // 1899
  YearBits year_after_table;   // 2200
  // Business days in the first i years of each stored cycle, i = 0 .. 400.
  std::array<int64_t, kCycleYears + 1> early_cycle{};
  std::array<int64_t, kCycleYears + 1> late_cycle{};
  // The first and last business days of years -kYearLimit and kYearLimit.
  absl::CivilDay first_day;
  absl::CivilDay last_day;

  // The business days of `year`, from the weekend days and the rules of the
  // years before, of and after it. Any year but the two extreme ones; queries
  // pass RepresentativeYear(year).
  YearBits ComputeYear(Year year) const;
};

// The year whose business days equal `year`'s and that lies within
// [kEarlyCycleFirstYear, kLatePeriodicFirstYear + 399]: `year` itself there.
Year RepresentativeYear(Year year);

// Validates `definition` and builds the tables.
absl::StatusOr<std::unique_ptr<CompiledCalendar>> CompileDefinition(
    v1::CalendarDefinition definition);

}  // namespace reentry::calendar_internal

#endif  // REENTRY_SRC_CALENDAR_COMPILED_H_
