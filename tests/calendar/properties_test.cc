// Every query against the naive day-by-day reference (test_calendars.h), over
// many generated calendars and dates: inside the table, across its edges,
// in the years on either side and far beyond.

#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "reentry/calendar/calendar.h"
#include "test_calendars.h"
#include "util/civil_date.h"

namespace reentry {
namespace {

using testing::NaiveCalendar;

class Generator {
 public:
  explicit Generator(uint32_t seed) : random_(seed) {}

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(random_); }

  v1::CalendarDefinition Definition(int index) {
    v1::CalendarDefinition d;
    d.set_id("generated_" + std::to_string(index));
    d.set_version("1");
    d.set_title("Generated");
    // Any set of weekend days but all seven; often Saturday and Sunday.
    if (Chance(0.5)) {
      d.add_weekend_days(v1::WEEKDAY_SATURDAY);
      d.add_weekend_days(v1::WEEKDAY_SUNDAY);
    } else {
      const int mask = Uniform(0, 126);
      for (int day = 0; day < 7; ++day) {
        if ((mask >> day) & 1) d.add_weekend_days(static_cast<v1::Weekday>(day + 1));
      }
    }
    // Rules with distinct dates (the same date twice is rejected, and
    // tested apart), so that nearly every generated calendar compiles.
    const int rules = Uniform(0, 14);
    std::set<std::string> dates;
    for (int i = 0; i < rules; ++i) {
      v1::HolidayRule rule;
      do {
        rule.Clear();
        Rule(&rule, i);
      } while (!dates.insert(DateKey(rule)).second);
      *d.add_holidays() = rule;
    }
    return d;
  }

  // Days from 1890 to 2210, with the edges of the table and of years often.
  absl::CivilDay NearDay() {
    switch (Uniform(0, 3)) {
      case 0:
        return absl::CivilDay(Uniform(0, 1) ? 1899 : 2199, 12, 20) + Uniform(0, 25);
      case 1:  // December 29 .. January 3, where observance crosses years
        return absl::CivilDay(Uniform(1890, 2210), 12, 29) + Uniform(0, 5);
      default:
        return absl::CivilDay(1890, 1, 1) + Uniform(0, 321 * 366);
    }
  }

  // Days far outside the table: the periodic years on either side.
  absl::CivilDay FarDay() {
    const int year = Chance(0.5) ? Uniform(-3000, 1898) : Uniform(2201, 9000);
    if (Chance(0.3)) return absl::CivilDay(year, 12, 29) + Uniform(0, 5);
    return absl::CivilDay(year, 1, 1) + Uniform(0, 365);
  }

 private:
  static std::string DateKey(const v1::HolidayRule& rule) {
    if (rule.has_fixed()) return absl::StrCat(rule.fixed().month(), "-", rule.fixed().day());
    if (rule.has_nth_weekday()) {
      return absl::StrCat(rule.nth_weekday().month(), "/", rule.nth_weekday().weekday(), "/",
                          rule.nth_weekday().n());
    }
    return rule.on();
  }

  void Rule(v1::HolidayRule* rule, int i) {
    rule->set_name("Holiday " + std::to_string(i));
    switch (Uniform(0, 5)) {
      case 0:
      case 1: {
        auto* fixed = rule->mutable_fixed();
        // New Year's Eve and Day often, to move holidays across years.
        if (Chance(0.4)) {
          fixed->set_month(Chance(0.5) ? 1 : 12);
          fixed->set_day(fixed->month() == 1 ? 1 : 31);
        } else {
          static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
          fixed->set_month(Uniform(1, 12));
          fixed->set_day(Uniform(1, kDays[fixed->month() - 1]));
        }
        fixed->set_observance(static_cast<v1::HolidayRule::Observance>(Uniform(1, 3)));
        break;
      }
      case 2:
      case 3: {
        auto* nth = rule->mutable_nth_weekday();
        nth->set_month(Uniform(1, 12));
        nth->set_weekday(static_cast<v1::Weekday>(Uniform(1, 7)));
        const int n = Uniform(0, 4);
        nth->set_n(n == 0 ? -1 : n);
        break;
      }
      default: {
        const absl::CivilDay day = absl::CivilDay(1900, 1, 1) + Uniform(0, 109572);
        rule->set_on(internal::FormatDate(day));
        return;
      }
    }
    if (Chance(0.3)) rule->set_first_year(Uniform(1900, 2199));
    if (Chance(0.3)) rule->set_last_year(Uniform(std::max(1900, rule->first_year()), 2199));
  }

  std::mt19937 random_;
};

void CompareDay(const Calendar& fast, const NaiveCalendar& naive, absl::CivilDay day, int n,
                const std::string& what) {
  SCOPED_TRACE(what + " day " + absl::FormatCivilTime(day) + " n " + std::to_string(n));
  ASSERT_EQ(fast.IsBusinessDay(day), naive.IsBusinessDay(day));
  const auto on_day = naive.HolidaysOn(day);
  ASSERT_EQ(fast.HolidayOn(day),
            on_day.empty() ? std::nullopt : std::optional<std::string>(on_day[0].name));
  ASSERT_EQ(fast.BusinessDayOnOrAfter(day),
            naive.IsBusinessDay(day) ? day : naive.AddBusinessDays(day, 1));
  ASSERT_EQ(fast.BusinessDayOnOrBefore(day),
            naive.IsBusinessDay(day) ? day : naive.AddBusinessDays(day, -1));
  const absl::CivilDay added = naive.AddBusinessDays(day, n);
  ASSERT_EQ(fast.AddBusinessDays(day, n), added);
  ASSERT_EQ(fast.BusinessDaysBetween(day, added), naive.BusinessDaysBetween(day, added));
  ASSERT_EQ(fast.BusinessDaysBetween(added, day), naive.BusinessDaysBetween(added, day));
}

// Six runs of 50 calendars each, so that ctest spreads them over cores.
class CalendarProperties : public ::testing::TestWithParam<int> {};

TEST_P(CalendarProperties, AgreesWithTheNaiveWalkOnGeneratedCalendars) {
  Generator generate(20260703 + GetParam());
  int compiled = 0;
  for (int c = 0; c < 50; ++c) {
    const v1::CalendarDefinition definition = generate.Definition(c);
    auto fast = Calendar::Compile(definition);
    // Generated rules may collide (the same date twice): such calendars are
    // rejected, which the validation tests cover.
    if (!fast.ok()) continue;
    ++compiled;
    const NaiveCalendar naive(definition);
    SCOPED_TRACE(definition.DebugString());
    for (int i = 0; i < 40; ++i) {
      const int n =
          generate.Chance(0.1) ? generate.Uniform(-1500, 1500) : generate.Uniform(-40, 40);
      CompareDay(**fast, naive, generate.NearDay(), n, "near");
      if (HasFailure()) return;
    }
    for (int i = 0; i < 10; ++i) {
      CompareDay(**fast, naive, generate.FarDay(), generate.Uniform(-60, 60), "far");
      if (HasFailure()) return;
    }
    // Counts over long spans, across the table and both periodic stretches.
    for (int i = 0; i < 3; ++i) {
      const absl::CivilDay from = generate.NearDay() - generate.Uniform(0, 30000);
      const absl::CivilDay to = generate.NearDay() + generate.Uniform(0, 30000);
      ASSERT_EQ((*fast)->BusinessDaysBetween(from, to), naive.BusinessDaysBetween(from, to))
          << absl::FormatCivilTime(from) << " " << absl::FormatCivilTime(to);
      // The count-th business day after `from` is the last one on or before `to`.
      const int64_t count = naive.BusinessDaysBetween(from, to);
      if (count > 0) {
        ASSERT_EQ((*fast)->AddBusinessDays(from, count),
                  naive.IsBusinessDay(to) ? to : naive.AddBusinessDays(to, -1));
      }
    }
    // Holidays in ranges, against a walk over every day of the range.
    for (int i = 0; i < 5; ++i) {
      const absl::CivilDay from = i < 4 ? generate.NearDay() : generate.FarDay();
      const absl::CivilDay to = from + generate.Uniform(0, 800);
      ASSERT_EQ((*fast)->Holidays(from, to), naive.Holidays(from, to))
          << absl::FormatCivilTime(from) << " " << absl::FormatCivilTime(to);
    }
  }
  // Only a calendar leaving some year without business days is rejected
  // (rare), so the comparisons above ran on nearly all.
  EXPECT_GE(compiled, 45);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CalendarProperties, ::testing::Range(0, 6));

}  // namespace
}  // namespace reentry
