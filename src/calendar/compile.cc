// Validation of calendar definitions, and the tables built from them.
//
// Checks run in definition order and stop at the first problem, reported as
// INVALID_ARGUMENT "calendar '<id>' version <v>: <field path>: <problem>",
// with the field path also attached for programs.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/numeric/bits.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "calendar/compiled.h"
#include "util/civil_date.h"
#include "util/definition.h"
#include "util/status.h"

namespace reentry::calendar_internal {
namespace {

std::string Path(absl::string_view base, int index) { return absl::StrCat(base, "[", index, "]"); }

bool IsWeekday(int value) { return value >= v1::WEEKDAY_MONDAY && value <= v1::WEEKDAY_SUNDAY; }

std::string WeekdayName(int value) {
  return v1::Weekday_IsValid(value) ? v1::Weekday_Name(static_cast<v1::Weekday>(value))
                                    : absl::StrCat(value);
}

// WEEKDAY_MONDAY (1) .. WEEKDAY_SUNDAY (7) -> absl::Weekday::monday (0) ..
absl::Weekday ToAbslWeekday(int value) { return static_cast<absl::Weekday>(value - 1); }

int DaysInMonth(int month, bool leap) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool YearsOverlap(const Rule& a, const Rule& b) {
  return a.first_year <= b.last_year && b.first_year <= a.last_year;
}

// Rules with equal keys give the same date in every year both apply.
std::string DateKey(const Rule& rule) {
  switch (rule.kind) {
    case Rule::Kind::kFixed:
      return absl::StrCat("fixed ", rule.month, "-", rule.day);
    case Rule::Kind::kNthWeekday:
      return absl::StrCat("nth ", rule.month, " ", static_cast<int>(rule.weekday), " ", rule.n);
    case Rule::Kind::kSingle:
      return absl::StrCat("on ", internal::FormatDate(rule.single));
  }
  return "";
}

class Compiler {
 public:
  explicit Compiler(v1::CalendarDefinition definition)
      : out_(std::make_unique<CompiledCalendar>()) {
    out_->definition = std::move(definition);
  }

  absl::StatusOr<std::unique_ptr<CompiledCalendar>> Run() {
    if (auto s = Header(); !s.ok()) return s;
    if (auto s = Sources(); !s.ok()) return s;
    if (auto s = WeekendDays(); !s.ok()) return s;
    if (auto s = Holidays(); !s.ok()) return s;
    if (auto s = BuildTables(); !s.ok()) return s;
    return std::move(out_);
  }

 private:
  const v1::CalendarDefinition& def() const { return out_->definition; }

  template <typename... Parts>
  absl::Status Error(absl::string_view field, const Parts&... parts) const {
    return internal::DefinitionError(
        internal::DefinitionPrefix("calendar", def().id(), def().version()), field, parts...);
  }

  absl::Status Header() {
    return internal::CheckDefinitionHeader("calendar", def().id(), def().version(), def().title());
  }

  absl::Status Sources() {
    for (int i = 0; i < def().sources_size(); ++i) {
      if (def().sources(i).title().empty()) {
        return Error(Path("sources", i) + ".title", "is required");
      }
    }
    return absl::OkStatus();
  }

  absl::Status WeekendDays() {
    for (int i = 0; i < def().weekend_days_size(); ++i) {
      const int value = def().weekend_days(i);
      const std::string field = Path("weekend_days", i);
      if (!IsWeekday(value)) return Error(field, WeekdayName(value), " is not a day of the week");
      const uint32_t bit = 1u << static_cast<int>(ToAbslWeekday(value));
      if (out_->weekend_mask & bit) return Error(field, WeekdayName(value), " is listed twice");
      out_->weekend_mask |= bit;
    }
    if (out_->weekend_mask == 0x7f) {
      return Error("weekend_days",
                   "all seven days are weekend days; a calendar needs business days");
    }
    return absl::OkStatus();
  }

  absl::Status Holidays() {
    if (def().holidays_size() > kMaxHolidayRules) {
      return Error("holidays", def().holidays_size(), " rules exceed the limit of ",
                   kMaxHolidayRules);
    }
    absl::flat_hash_map<std::string, std::vector<int>> by_name, by_date;
    for (int i = 0; i < def().holidays_size(); ++i) {
      const std::string field = Path("holidays", i);
      Rule rule;
      if (auto s = HolidayRule(def().holidays(i), field, &rule); !s.ok()) return s;
      // Duplicates: the same name, or the same date rule, in overlapping years.
      for (int j : by_name[rule.name]) {
        if (YearsOverlap(rule, out_->rules[j])) {
          return Error(field + ".name", "'", internal::ValidUtf8(rule.name),
                       "' is already the name of ", Path("holidays", j),
                       " in overlapping years (a holiday whose rule changed needs disjoint "
                       "first_year..last_year ranges)");
        }
      }
      const std::string date_field =
          absl::StrCat(field, rule.kind == Rule::Kind::kFixed        ? ".fixed"
                              : rule.kind == Rule::Kind::kNthWeekday ? ".nth_weekday"
                                                                     : ".on");
      for (int j : by_date[DateKey(rule)]) {
        if (YearsOverlap(rule, out_->rules[j])) {
          return Error(date_field, "gives the same date as ", Path("holidays", j), " ('",
                       internal::ValidUtf8(out_->rules[j].name), "') in every year both apply");
        }
      }
      by_name[rule.name].push_back(i);
      by_date[DateKey(rule)].push_back(i);
      if (rule.kind != Rule::Kind::kSingle) {
        out_->rules_before_table |= rule.first_year < kTableFirstYear;
        out_->rules_after_table |= rule.last_year > kTableLastYear;
      }
      out_->rules.push_back(std::move(rule));
    }
    return absl::OkStatus();
  }

  absl::Status HolidayRule(const v1::HolidayRule& holiday, const std::string& field,
                           Rule* rule) const {
    if (holiday.name().empty()) return Error(field + ".name", "is required");
    rule->name = holiday.name();
    switch (holiday.date_case()) {
      case v1::HolidayRule::kFixed: {
        const auto& fixed = holiday.fixed();
        rule->kind = Rule::Kind::kFixed;
        if (auto s = Month(fixed.month(), field + ".fixed.month"); !s.ok()) return s;
        if (fixed.month() == 2 && fixed.day() == 29) {
          return Error(field + ".fixed.day",
                       "29 is not a day of month 2 in every year; a holiday on February 29 "
                       "must be listed as single dates (on)");
        }
        if (fixed.day() < 1 || fixed.day() > DaysInMonth(fixed.month(), /*leap=*/false)) {
          return Error(field + ".fixed.day", fixed.day(), " is not a day of month ", fixed.month());
        }
        const int observance = fixed.observance();
        if (observance == v1::HolidayRule::OBSERVANCE_UNSPECIFIED) {
          return Error(field + ".fixed.observance",
                       "is required (OBSERVANCE_NONE, OBSERVANCE_NEAREST_WEEKDAY or "
                       "OBSERVANCE_SUNDAY_TO_MONDAY)");
        }
        if (!v1::HolidayRule::Observance_IsValid(observance)) {
          return Error(field + ".fixed.observance", observance, " is not an observance");
        }
        rule->month = fixed.month();
        rule->day = fixed.day();
        rule->observance = fixed.observance();
        break;
      }
      case v1::HolidayRule::kNthWeekday: {
        const auto& nth = holiday.nth_weekday();
        rule->kind = Rule::Kind::kNthWeekday;
        if (auto s = Month(nth.month(), field + ".nth_weekday.month"); !s.ok()) return s;
        if (!IsWeekday(nth.weekday())) {
          return Error(field + ".nth_weekday.weekday", WeekdayName(nth.weekday()),
                       " is not a day of the week");
        }
        if (!(nth.n() >= 1 && nth.n() <= 4) && nth.n() != -1) {
          return Error(field + ".nth_weekday.n", nth.n(),
                       " is out of range (1 to 4 for the first to fourth, -1 for the last)");
        }
        rule->month = nth.month();
        rule->weekday = ToAbslWeekday(nth.weekday());
        rule->n = nth.n();
        break;
      }
      case v1::HolidayRule::kOn: {
        rule->kind = Rule::Kind::kSingle;
        auto day = internal::ParseDate(holiday.on(), field + ".on");
        if (!day.ok()) {
          return internal::Annotate(
              day.status(), internal::DefinitionPrefix("calendar", def().id(), def().version()));
        }
        rule->single = *day;
        if (holiday.first_year() != 0) {
          return Error(field + ".first_year", "does not apply to a single date (on)");
        }
        if (holiday.last_year() != 0) {
          return Error(field + ".last_year", "does not apply to a single date (on)");
        }
        rule->first_year = rule->last_year = day->year();
        return absl::OkStatus();
      }
      case v1::HolidayRule::DATE_NOT_SET:
        return Error(field, "has no date: set one of fixed, nth_weekday or on");
    }
    for (const auto& [value, name] : {std::pair{holiday.first_year(), "first_year"},
                                      std::pair{holiday.last_year(), "last_year"}}) {
      if (value != 0 && (value < kTableFirstYear || value > kTableLastYear)) {
        return Error(absl::StrCat(field, ".", name), value, " is outside ", kTableFirstYear, "-",
                     kTableLastYear, " (0 means no bound)");
      }
    }
    if (holiday.first_year() != 0) rule->first_year = holiday.first_year();
    if (holiday.last_year() != 0) rule->last_year = holiday.last_year();
    if (rule->last_year < rule->first_year) {
      return Error(field + ".last_year", holiday.last_year(), " is before first_year ",
                   holiday.first_year());
    }
    return absl::OkStatus();
  }

  absl::Status Month(int month, const std::string& field) const {
    if (month < 1 || month > 12) return Error(field, month, " is not a month (1 to 12)");
    return absl::OkStatus();
  }

  absl::Status BuildTables() {
    CompiledCalendar& c = *out_;
    for (int first = 0; first < 7; ++first) {
      for (int leap = 0; leap < 2; ++leap) {
        YearBits& bits = c.weekend_years[first][leap];
        bits.days = 365 + leap;
        for (int i = 0; i < bits.days; ++i) {
          if ((c.weekend_mask >> ((first + i) % 7)) & 1) continue;
          bits.words[i / 64] |= uint64_t{1} << (i % 64);
          ++bits.count;
        }
      }
    }

    // Every year from the early stored cycle through the late one: the table,
    // the years beside it and the cycles, which stand for all other years.
    const absl::CivilDay table_start(kTableFirstYear, 1, 1);
    const auto table_days = absl::CivilDay(kTableLastYear + 1, 1, 1) - table_start;
    c.table.assign(static_cast<size_t>(table_days / 64 + 2), TableWord{});
    for (Year year = kEarlyCycleFirstYear; year < kLatePeriodicFirstYear + kCycleYears; ++year) {
      const YearBits bits = c.ComputeYear(year);
      if (bits.count == 0) {
        return Error("holidays", "the calendar has no business day in ", year,
                     "; every year needs one");
      }
      if (year <= kEarlyPeriodicLastYear) {
        const auto i = year - kEarlyCycleFirstYear;
        c.early_cycle[i + 1] = c.early_cycle[i] + bits.count;
      } else if (year == kTableFirstYear - 1) {
        c.year_before_table = bits;
      } else if (year == kTableLastYear + 1) {
        c.year_after_table = bits;
      } else if (year >= kLatePeriodicFirstYear) {
        const auto i = year - kLatePeriodicFirstYear;
        c.late_cycle[i + 1] = c.late_cycle[i] + bits.count;
      } else {
        const auto offset = absl::CivilDay(year, 1, 1) - table_start;
        for (int i = 0; i < bits.days; ++i) {
          if ((bits.words[i / 64] >> (i % 64)) & 1) {
            const auto day = offset + i;
            c.table[day / 64].bits |= uint64_t{1} << (day % 64);
          }
        }
      }
    }
    int64_t before = 0;
    for (TableWord& word : c.table) {
      word.before = before;
      before += absl::popcount(word.bits);
    }
    for (Year year = kTableFirstYear; year <= kTableLastYear + 1; ++year) {
      const auto day = absl::CivilDay(year, 1, 1) - table_start;
      const TableWord& word = c.table[day / 64];
      c.year_start.push_back(word.before +
                             absl::popcount(word.bits & ((uint64_t{1} << (day % 64)) - 1)));
    }
    // The bounds of arithmetic: the first and last business days of the
    // extreme years (every year has one).
    const YearBits first = c.ComputeYear(RepresentativeYear(-kYearLimit));
    const YearBits last = c.ComputeYear(RepresentativeYear(kYearLimit));
    int first_index = 0;
    while (!((first.words[first_index / 64] >> (first_index % 64)) & 1)) ++first_index;
    int last_index = last.days - 1;
    while (!((last.words[last_index / 64] >> (last_index % 64)) & 1)) --last_index;
    c.first_day = absl::CivilDay(-kYearLimit, 1, 1) + first_index;
    c.last_day = absl::CivilDay(kYearLimit, 1, 1) + last_index;
    return absl::OkStatus();
  }

  std::unique_ptr<CompiledCalendar> out_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CompiledCalendar>> CompileDefinition(
    v1::CalendarDefinition definition) {
  return Compiler(std::move(definition)).Run();
}

}  // namespace reentry::calendar_internal
