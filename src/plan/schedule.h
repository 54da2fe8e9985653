// Scheduling a plan's tasks over business days: the forward pass (as early as
// the windows, the plan start and the prerequisites allow), the backward pass
// (latest starts that keep every deadline), slack, the critical flag, and
// for each task the prerequisite that set its start. The rules are DESIGN.md's
// "Scheduling" paragraph, word for word; the planner supplies the windows.
#ifndef REENTRY_SRC_PLAN_SCHEDULE_H_
#define REENTRY_SRC_PLAN_SCHEDULE_H_

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "reentry/calendar/calendar.h"

namespace reentry::plan_internal {

struct ScheduleTask {
  // The window's opening date (the plan start when it has none).
  absl::CivilDay earliest;
  // The due date, already moved to a business day; none: no deadline.
  std::optional<absl::CivilDay> due;
  // Business days, at least 1.
  int duration = 1;
  // Indices of the tasks that must end first.
  std::vector<int> prerequisites;
  // A task of a revision that keeps its dates (started or completed).
  std::optional<std::pair<absl::CivilDay, absl::CivilDay>> fixed;
  // Cancelled: it constrains nothing and is not scheduled.
  bool cancelled = false;
};

struct ScheduledTask {
  absl::CivilDay start;
  absl::CivilDay end;
  // The prerequisite whose end set the start (-1: the window or plan start).
  int binding = -1;
  std::optional<absl::CivilDay> latest_start;
  std::optional<absl::CivilDay> latest_end;
  // Business days from start to latest_start (negative in a conflict).
  std::optional<int> slack;
  bool critical = false;
};

// Schedules `tasks` (whose prerequisites form no cycle) from `plan_start`.
std::vector<ScheduledTask> Schedule(const std::vector<ScheduleTask>& tasks,
                                    absl::CivilDay plan_start, const Calendar& calendar);

}  // namespace reentry::plan_internal

#endif  // REENTRY_SRC_PLAN_SCHEDULE_H_
