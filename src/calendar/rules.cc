// Holiday rules evaluated for one year, and a year's business days from them.

#include "calendar/compiled.h"

namespace reentry::calendar_internal {

std::optional<Occurrence> OccurrenceIn(const Rule& rule, Year year) {
  if (year < rule.first_year || year > rule.last_year) return std::nullopt;
  switch (rule.kind) {
    case Rule::Kind::kSingle:
      if (rule.single.year() != year) return std::nullopt;
      return Occurrence{rule.single, rule.single};
    case Rule::Kind::kNthWeekday: {
      absl::CivilDay actual;
      if (rule.n > 0) {
        // NextWeekday gives the first such weekday after its argument.
        actual = absl::NextWeekday(absl::CivilDay(year, rule.month, 1) - 1, rule.weekday) +
                 7 * (rule.n - 1);
      } else {
        // The first day of the next month (month 13 normalizes to January).
        actual = absl::PrevWeekday(absl::CivilDay(year, rule.month + 1, 1), rule.weekday);
      }
      return Occurrence{actual, actual};
    }
    case Rule::Kind::kFixed: {
      const absl::CivilDay actual(year, rule.month, rule.day);
      absl::CivilDay observed = actual;
      const absl::Weekday weekday = absl::GetWeekday(actual);
      switch (rule.observance) {
        case v1::HolidayRule::OBSERVANCE_NEAREST_WEEKDAY:
          if (weekday == absl::Weekday::saturday) observed -= 1;
          if (weekday == absl::Weekday::sunday) observed += 1;
          break;
        case v1::HolidayRule::OBSERVANCE_SUNDAY_TO_MONDAY:
          if (weekday == absl::Weekday::sunday) observed += 1;
          break;
        default:  // OBSERVANCE_NONE (validation admits no other value)
          break;
      }
      return Occurrence{actual, observed};
    }
  }
  return std::nullopt;
}

Year RepresentativeYear(Year year) {
  // Same residue modulo 400 means the same calendar and the same rules.
  const auto residue = [](Year y) { return ((y % kCycleYears) + kCycleYears) % kCycleYears; };
  if (year < kEarlyCycleFirstYear) {
    return kEarlyCycleFirstYear +
           (residue(year) - residue(kEarlyCycleFirstYear) + kCycleYears) % kCycleYears;
  }
  if (year >= kLatePeriodicFirstYear + kCycleYears) {
    return kLatePeriodicFirstYear +
           (residue(year) - residue(kLatePeriodicFirstYear) + kCycleYears) % kCycleYears;
  }
  return year;
}

YearBits CompiledCalendar::ComputeYear(Year year) const {
  const absl::CivilDay january_first(year, 1, 1);
  const bool leap = absl::CivilDay(year, 12, 31) - january_first == 365;
  YearBits bits = weekend_years[static_cast<int>(absl::GetWeekday(january_first))][leap ? 1 : 0];
  const auto clear = [&](absl::CivilDay day) {
    if (day.year() != year) return;
    const auto i = static_cast<int>(day - january_first);
    const uint64_t bit = uint64_t{1} << (i % 64);
    if (bits.words[i / 64] & bit) {
      bits.words[i / 64] &= ~bit;
      --bits.count;
    }
  };
  for (const Rule& rule : rules) {
    // Only a fixed date moves, and by one day: the holidays of the years
    // before and after reach this one only from December 31 and January 1.
    if (rule.kind == Rule::Kind::kFixed && rule.month == 12 && rule.day == 31) {
      if (auto occurrence = OccurrenceIn(rule, year - 1)) clear(occurrence->observed);
    }
    if (auto occurrence = OccurrenceIn(rule, year)) clear(occurrence->observed);
    if (rule.kind == Rule::Kind::kFixed && rule.month == 1 && rule.day == 1) {
      if (auto occurrence = OccurrenceIn(rule, year + 1)) clear(occurrence->observed);
    }
  }
  return bits;
}

}  // namespace reentry::calendar_internal
