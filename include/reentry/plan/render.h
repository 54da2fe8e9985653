// reentry/plan/render.h: a case plan as people read it.
//
// Text for terminals (goals, then tasks by start date with owner, window, due
// date and slack, then uncovered needs and conflicts) and Markdown for
// documents and wikis, with the schedule as a Mermaid `gantt` block (a
// section per goal, critical tasks marked `crit`, release day as a milestone)
// that GitHub, GitLab and most wikis draw as a timeline. The participant's
// view speaks to the person ("you"), lists what is theirs first, and leaves
// out the scheduling detail a case manager uses.
#ifndef REENTRY_PLAN_RENDER_H_
#define REENTRY_PLAN_RENDER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "reentry/v1/plan.pb.h"

namespace reentry {

// Who a rendering is for.
enum class PlanAudience { kCaseManager, kParticipant };

// Who carries out a task, in words for `audience` ("case manager", or "Your
// case manager" for the participant).
std::string OwnerWords(v1::Owner owner, PlanAudience audience);

// A phase in words: "institution", "release", "community" ("unspecified"
// otherwise).
absl::string_view PhaseWord(v1::Phase phase);

// The plan as a fixed-width table.
std::string RenderPlanText(const v1::CasePlan& plan);

// The plan as Markdown. `release_on` ("YYYY-MM-DD", may be empty) is drawn as
// a milestone in the gantt chart.
std::string RenderPlanMarkdown(const v1::CasePlan& plan, PlanAudience audience,
                               const std::string& release_on);

}  // namespace reentry

#endif  // REENTRY_PLAN_RENDER_H_
