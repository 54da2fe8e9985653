// reentry/calendar/calendar.h: business days and holidays.
//
// A calendar says which days are business days: a day is a business day when
// it is neither one of the calendar's weekend days nor the observed date of
// one of its holidays. Plans (task windows and durations), monitoring
// (business days overdue) and the service network (reporting deadlines) all
// count business days through this class, so every module agrees on every
// date.
//
// A calendar is data: a reentry.v1.CalendarDefinition, usually written in
// protobuf text format under catalogs/ (the builtin "us_federal" is
// catalogs/us_federal.textproto). Compiling a definition validates all of it
// and precomputes a business-day bitmap with prefix counts over 1900-01-01 ..
// 2199-12-31 (the dates requests may carry), so the arithmetic there takes
// constant or logarithmic time. Outside those years the rules are evaluated
// directly: slower, equally exact.
//
// Every query is total: any absl::CivilDay gets an answer, no query fails or
// loops. Arithmetic (AddBusinessDays, BusinessDaysBetween, BusinessDayOnOr*)
// is exact for days in years -10^12 .. 10^12; days beyond are first moved to
// those bounds (absl's own day arithmetic overflows near year +-9.2 * 10^18),
// and an answer that would lie beyond them is the first or last business day
// within them. Validation guarantees every year has at least one business day.
//
// A Calendar is immutable, so one may be shared by any number of threads.
#ifndef REENTRY_CALENDAR_CALENDAR_H_
#define REENTRY_CALENDAR_CALENDAR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "reentry/v1/calendar.pb.h"

namespace reentry {

namespace calendar_internal {
struct CompiledCalendar;
}  // namespace calendar_internal

// A holiday as observed in a range of dates.
struct ObservedHoliday {
  // The day it is observed: a non-business day.
  absl::CivilDay date;
  // Its own date before the observance rule moved it (equal to `date` when
  // it was not moved).
  absl::CivilDay actual_date;
  // The name from the calendar's rule.
  std::string name;

  bool observed() const { return date != actual_date; }
  friend bool operator==(const ObservedHoliday& a, const ObservedHoliday& b) {
    return a.date == b.date && a.actual_date == b.actual_date && a.name == b.name;
  }
};

class Calendar {
 public:
  // The kind of definition a calendar is, in the engine's registry.
  static constexpr absl::string_view kKind = "calendar";

  // Validates `definition` and precomputes its business days. Errors are
  // INVALID_ARGUMENT "calendar '<id>' version <v>: <field path>: <problem>",
  // with the field path also attached (reentry::ErrorField), e.g.
  // "calendar 'x' version 1: holidays[3].fixed.day: 30 is not a day of month 2".
  static absl::StatusOr<std::shared_ptr<const Calendar>> Compile(v1::CalendarDefinition definition);

  // Parses a definition in protobuf text format and compiles it. Parse errors
  // carry `source_name`, line and column ("us_federal.textproto:12:5: ...");
  // validation errors are prefixed with `source_name`.
  static absl::StatusOr<std::shared_ptr<const Calendar>> ParseText(absl::string_view text,
                                                                   absl::string_view source_name);

  ~Calendar();
  Calendar(const Calendar&) = delete;
  Calendar& operator=(const Calendar&) = delete;

  // The definition as compiled.
  const v1::CalendarDefinition& definition() const;
  const std::string& id() const;
  const std::string& version() const;

  // True when `day` is neither a weekend day nor an observed holiday.
  bool IsBusinessDay(absl::CivilDay day) const;

  // `day` when it is a business day, else the first business day after it.
  absl::CivilDay BusinessDayOnOrAfter(absl::CivilDay day) const;
  // `day` when it is a business day, else the last business day before it.
  absl::CivilDay BusinessDayOnOrBefore(absl::CivilDay day) const;

  // n > 0: the n-th business day strictly after `day`; n < 0: the |n|-th
  // business day strictly before `day`; n = 0: `day` itself, business day or
  // not. So AddBusinessDays(d, 1) is the next business day, and
  // AddBusinessDays(d, BusinessDaysBetween(d, e)) == e for business days d
  // and e.
  absl::CivilDay AddBusinessDays(absl::CivilDay day, int64_t n) const;

  // The number of business days d with from < d <= to; when to < from, minus
  // the number with to < d <= from. So BusinessDaysBetween(d, d) == 0 and
  // BusinessDaysBetween(a, b) == -BusinessDaysBetween(b, a).
  int64_t BusinessDaysBetween(absl::CivilDay from, absl::CivilDay to) const;

  // The holidays observed from `from` through `to` (inclusive), ordered by
  // date, then name, then actual date; empty when to < from. A holiday moved
  // into the range is listed, one moved out of it is not. The caller bounds
  // the range (the ListHolidays rpc allows less than 100 years).
  std::vector<ObservedHoliday> Holidays(absl::CivilDay from, absl::CivilDay to) const;

  // The name of the holiday observed on `day`, if any. When several holidays
  // are observed on one day, the first by name (Holidays lists them all).
  std::optional<std::string> HolidayOn(absl::CivilDay day) const;

 private:
  explicit Calendar(std::unique_ptr<const calendar_internal::CompiledCalendar> compiled);

  std::unique_ptr<const calendar_internal::CompiledCalendar> compiled_;
};

// Parses protobuf text format into a calendar definition without validating
// it. Errors carry `source_name`, line and column.
absl::StatusOr<v1::CalendarDefinition> ParseCalendarText(absl::string_view text,
                                                         absl::string_view source_name);

// The ListHolidays rpc on a calendar the caller has already resolved from
// `request.calendar_id` and `request.calendar_version`. Checks `from` and
// `to` (required, strict "YYYY-MM-DD" in 1900-2199, from <= to, and `to` less
// than 100 years after `from`) and, when set, that the request's calendar id
// and version name `calendar`; errors are INVALID_ARGUMENT naming the field.
absl::StatusOr<v1::ListHolidaysResponse> ListHolidays(const Calendar& calendar,
                                                      const v1::ListHolidaysRequest& request);

}  // namespace reentry

#endif  // REENTRY_CALENDAR_CALENDAR_H_
