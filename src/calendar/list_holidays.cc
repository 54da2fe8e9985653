// The ListHolidays rpc: a calendar's observed holidays in a range of dates.

#include "absl/strings/str_cat.h"
#include "reentry/calendar/calendar.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace {

// A range holds less than this many years, which bounds the response (about
// eleven holidays a year for us_federal).
constexpr int kMaxRangeYears = 100;

absl::StatusOr<absl::CivilDay> RequiredDate(const std::string& text, absl::string_view field) {
  if (text.empty()) return internal::InvalidField(field, "is required");
  return internal::ParseDate(text, field);
}

}  // namespace

absl::StatusOr<v1::ListHolidaysResponse> ListHolidays(const Calendar& calendar,
                                                      const v1::ListHolidaysRequest& request) {
  if (!request.calendar_id().empty() && request.calendar_id() != calendar.id()) {
    return internal::InvalidField("calendar_id", "'", internal::ValidUtf8(request.calendar_id()),
                                  "' does not name the calendar '", calendar.id(), "'");
  }
  if (!request.calendar_version().empty() && request.calendar_version() != calendar.version()) {
    return internal::InvalidField(
        "calendar_version", "'", internal::ValidUtf8(request.calendar_version()),
        "' is not the version of calendar '", calendar.id(), "' (", calendar.version(), ")");
  }
  auto from = RequiredDate(request.from(), "from");
  if (!from.ok()) return from.status();
  auto to = RequiredDate(request.to(), "to");
  if (!to.ok()) return to.status();
  if (*to < *from) {
    return internal::InvalidField("to", request.to(), " is before from ", request.from());
  }
  if (*to >= internal::AddMonths(*from, 12 * kMaxRangeYears)) {
    return internal::InvalidField("to", request.to(), " is ", kMaxRangeYears,
                                  " years or more after from ", request.from(),
                                  "; a range must span less than ", kMaxRangeYears, " years");
  }
  v1::ListHolidaysResponse response;
  response.set_calendar_id(calendar.id());
  response.set_calendar_version(calendar.version());
  for (const ObservedHoliday& holiday : calendar.Holidays(*from, *to)) {
    v1::Holiday* out = response.add_holidays();
    out->set_date(internal::FormatDate(holiday.date));
    out->set_name(holiday.name);
    out->set_observed(holiday.observed());
    out->set_actual_date(internal::FormatDate(holiday.actual_date));
  }
  return response;
}

}  // namespace reentry
