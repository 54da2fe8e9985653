// reentry/plan/planner.h: making and revising a person's case plan.
//
// MakePlan turns assessments into a plan: the risk tier sets intensity and
// dosage; every need at or above the catalog's threshold gets a goal, or an
// uncovered-need entry saying why not (no rule for that domain and phase,
// deferred by the intensity's cap on criminogenic domains); survival needs
// come first, then criminogenic needs in rank order; responsivity adapts the
// tasks and strengths are recorded on the goals that use them; every goal
// says why it exists. Tasks are scheduled on business days of `calendar`:
// forward from their windows, the plan start and their prerequisites, then
// backward for slack and the critical path. A deadline that cannot be met
// is a conflict in the plan, naming the prerequisite chain that pushed it,
// not an error. A revision (request.previous) keeps the dates of started and
// completed tasks, reschedules the rest, bumps the version and lists a diff.
//
// The plan is a pure function of its inputs: the same request gives the same
// bytes, and ids come from the catalog ("<domain>.<rule_id>" for goals,
// "<goal id>.<template id>" for tasks).
//
// Bad input is INVALID_ARGUMENT naming the field: no assessments, malformed
// or missing dates, dates out of order (release before admission), progress
// for tasks the previous plan does not have.
#ifndef REENTRY_PLAN_PLANNER_H_
#define REENTRY_PLAN_PLANNER_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "reentry/calendar/calendar.h"
#include "reentry/plan/catalog.h"
#include "reentry/v1/plan.pb.h"

namespace reentry {

// Makes (or revises) the plan `request` asks for, with `catalog` and
// `calendar` (which the request's ids, when set, must name).
absl::StatusOr<v1::CasePlan> MakePlan(const v1::PlanRequest& request, const Catalog& catalog,
                                      const Calendar& calendar);

// The same, into a plan the caller owns (cleared first).
absl::Status MakePlan(const v1::PlanRequest& request, const Catalog& catalog,
                      const Calendar& calendar, v1::CasePlan* plan);

}  // namespace reentry

#endif  // REENTRY_PLAN_PLANNER_H_
