// The calendar module's rpcs and definition kind: LoadCalendar, ListHolidays,
// and calendars as definitions (the first kind loaded: others refer to them).
#include "engine/module.h"
#include "reentry/calendar/calendar.h"
#include "reentry/v1/calendar.pb.h"

namespace reentry::engine_internal {
namespace {

absl::StatusOr<std::shared_ptr<const Calendar>> CompileCalendar(
    const v1::CalendarDefinition& definition, const Definitions&) {
  return Calendar::Compile(definition);
}

absl::Status LoadCalendar(const CallContext& context, const v1::LoadCalendarRequest& request,
                          v1::LoadCalendarResponse* response) {
  auto summary = LoadFromRequest(context, Calendar::kKind, request);
  if (!summary.ok()) return summary.status();
  *response->mutable_definition() = *std::move(summary);
  return absl::OkStatus();
}

absl::Status ListHolidays(const CallContext& context, const v1::ListHolidaysRequest& request,
                          v1::ListHolidaysResponse* response) {
  auto calendar =
      context.definitions.Get<Calendar>(request.calendar_id(), request.calendar_version());
  if (!calendar.ok()) return calendar.status();
  auto holidays = reentry::ListHolidays(**calendar, request);
  if (!holidays.ok()) return holidays.status();
  *response = *std::move(holidays);
  return absl::OkStatus();
}

}  // namespace

void RegisterCalendarModule(Registrar& registrar) {
  registrar.Kind(CompileCalendar);
  registrar.Rpc("LoadCalendar", LoadCalendar);
  registrar.Rpc("ListHolidays", ListHolidays);
}

}  // namespace reentry::engine_internal
