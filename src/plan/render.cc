#include "reentry/plan/render.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "util/civil_date.h"

namespace reentry {
namespace {

std::string TermWord(v1::GoalTerm term) { return term == v1::GOAL_TERM_LONG ? "long" : "short"; }

std::string IntensityWord(v1::Intensity intensity) {
  switch (intensity) {
    case v1::INTENSITY_LOW:
      return "low";
    case v1::INTENSITY_MODERATE:
      return "moderate";
    case v1::INTENSITY_HIGH:
      return "high";
    case v1::INTENSITY_VERY_HIGH:
      return "very high";
    default:
      return "not set";
  }
}

std::string Slack(const v1::Task& task) {
  return task.has_slack_business_days() ? absl::StrCat(task.slack_business_days()) : "-";
}

// Mermaid's gantt syntax reserves ':' , '#' and ';' in task names.
std::string MermaidText(const std::string& text) {
  return absl::StrReplaceAll(text, {{":", " -"}, {"#", ""}, {";", ","}});
}

// The day after `date` (Mermaid's end dates are exclusive).
std::string DayAfter(const std::string& date) {
  auto day = internal::ParseDate(date, "date");
  return day.ok() ? internal::FormatDate(*day + 1) : date;
}

}  // namespace

absl::string_view PhaseWord(v1::Phase phase) {
  switch (phase) {
    case v1::PHASE_INSTITUTION:
      return "institution";
    case v1::PHASE_RELEASE:
      return "release";
    case v1::PHASE_COMMUNITY:
      return "community";
    default:
      return "unspecified";
  }
}

std::string OwnerWords(v1::Owner owner, PlanAudience audience) {
  switch (owner) {
    case v1::OWNER_PERSON:
      return audience == PlanAudience::kParticipant ? "You" : "person";
    case v1::OWNER_CASE_MANAGER:
      return audience == PlanAudience::kParticipant ? "Your case manager" : "case manager";
    case v1::OWNER_PROVIDER:
      return audience == PlanAudience::kParticipant ? "A service provider" : "provider";
    case v1::OWNER_SUPERVISION_OFFICER:
      return audience == PlanAudience::kParticipant ? "Your parole or probation officer"
                                                    : "supervision officer";
    default:
      return "?";
  }
}

std::string RenderPlanText(const v1::CasePlan& plan) {
  std::string out = absl::StrFormat(
      "Case plan %s, version %d  (catalog %s %s, calendar %s, from %s)\n",
      plan.client_id().empty() ? "(no client id)" : plan.client_id(), plan.version(),
      plan.catalog_id(), plan.catalog_version(), plan.calendar_id(), plan.plan_start_on());
  absl::StrAppend(&out, "Intensity: ", IntensityWord(plan.intensity()), "  (",
                  plan.intensity_note(), ")\n");
  absl::StrAppendFormat(&out, "Dosage: %g hours planned of a %g-hour target\n",
                        plan.planned_dosage_hours(), plan.dosage_target_hours());
  if (!plan.ready_on().empty())
    absl::StrAppend(&out, "Ready for release on: ", plan.ready_on(), "\n");
  if (!plan.lead_agency_id().empty()) absl::StrAppend(&out, "Lead: ", plan.lead_agency_id(), "\n");
  for (const v1::LeadChange& handoff : plan.handoffs()) {
    absl::StrAppend(&out, "Handoff on ", handoff.on(), ": ", handoff.from_agency_id(), " -> ",
                    handoff.to_agency_id(), " (", PhaseWord(handoff.phase()), ", version ",
                    handoff.version(), ")\n");
  }
  absl::StrAppend(&out, "\nGoals\n");
  for (const v1::Goal& goal : plan.goals()) {
    std::string why =
        goal.provenance().instrument_id().empty()
            ? std::string(goal.provenance().rule_id() == "handoff" ? "warm handoff"
                                                                   : "every person")
            : absl::StrCat(goal.provenance().domain(), " = ", goal.provenance().level(), " on ",
                           goal.provenance().instrument_id());
    absl::StrAppendFormat(
        &out, "  %2d. [%s] %s\n      %s; rule %s%s\n", goal.priority(), TermWord(goal.term()),
        goal.title(), why, goal.provenance().rule_id(),
        goal.strengths().empty()
            ? ""
            : absl::StrCat("; builds on ", absl::StrJoin(goal.strengths(), ", ")));
  }
  absl::StrAppend(&out, "\nTasks (by start date; * critical)\n");
  absl::StrAppendFormat(&out, "  %-10s %-10s %-10s %-10s %5s  %-19s %s\n", "start", "end", "due",
                        "earliest", "slack", "owner", "task");
  for (const v1::Task& task : plan.tasks()) {
    absl::StrAppendFormat(&out, "%s %-10s %-10s %-10s %-10s %5s  %-19s %s%s\n",
                          task.critical() ? " *" : "  ", task.start_on(), task.end_on(),
                          task.due_on().empty() ? "-" : task.due_on(), task.earliest_on(),
                          Slack(task), OwnerWords(task.owner(), PlanAudience::kCaseManager),
                          task.title(),
                          task.status() == v1::TASK_STATUS_COMPLETED   ? "  (done)"
                          : task.status() == v1::TASK_STATUS_STARTED   ? "  (started)"
                          : task.status() == v1::TASK_STATUS_CANCELLED ? "  (cancelled)"
                                                                       : "");
    for (const v1::TaskAdaptation& a : task.adaptations()) {
      absl::StrAppend(&out, "        adapt (", a.responsivity_id(), "): ", a.text(), "\n");
    }
  }
  if (!plan.uncovered_needs().empty()) {
    absl::StrAppend(&out, "\nNeeds without a goal\n");
    for (const v1::UncoveredNeed& need : plan.uncovered_needs()) {
      absl::StrAppend(&out, "  ", need.domain(), " (", need.level(), "): ", need.reason(), "\n");
    }
  }
  if (!plan.conflicts().empty()) {
    absl::StrAppend(&out, "\nConflicts\n");
    for (const v1::Conflict& conflict : plan.conflicts()) {
      absl::StrAppend(&out, "  ", conflict.task_id(), ": ", conflict.reason(), "\n");
    }
  }
  if (plan.diff().changes_size() > 0) {
    absl::StrAppend(&out, "\nChanges since version ", plan.diff().from_version(), "\n");
    for (const v1::PlanChange& change : plan.diff().changes()) {
      absl::StrAppend(&out, "  ",
                      absl::AsciiStrToLower(
                          absl::StripPrefix(v1::PlanChange::Kind_Name(change.kind()), "KIND_")),
                      " ", change.id(), ": ", change.reason(),
                      change.kind() == v1::PlanChange::KIND_LEAD_CHANGED ||
                              change.kind() == v1::PlanChange::KIND_PHASE_CHANGED
                          ? absl::StrCat(" (", change.before(), " -> ", change.after(), ")")
                          : "",
                      "\n");
    }
  }
  return out;
}

std::string RenderPlanMarkdown(const v1::CasePlan& plan, PlanAudience audience,
                               const std::string& release_on) {
  const bool participant = audience == PlanAudience::kParticipant;
  std::string out = participant ? absl::StrCat("# Your reentry plan\n\n")
                                : absl::StrCat("# Case plan ", plan.client_id(), " (version ",
                                               plan.version(), ")\n\n");
  if (!participant) {
    absl::StrAppend(&out, "- Intensity: **", IntensityWord(plan.intensity()), "** — ",
                    plan.intensity_note(), "\n");
    absl::StrAppendFormat(&out, "- Dosage: %g hours planned of a %g-hour target\n",
                          plan.planned_dosage_hours(), plan.dosage_target_hours());
    if (!plan.ready_on().empty())
      absl::StrAppend(&out, "- Ready for release: ", plan.ready_on(), "\n");
    if (!plan.lead_agency_id().empty()) {
      absl::StrAppend(&out, "- Lead agency: ", plan.lead_agency_id(), "\n");
    }
    absl::StrAppend(&out, "- Catalog ", plan.catalog_id(), " ", plan.catalog_version(),
                    ", calendar ", plan.calendar_id(), ", plan start ", plan.plan_start_on(),
                    "\n\n");
  } else {
    absl::StrAppend(&out,
                    "This plan is yours. It lists your goals, what you and the people helping "
                    "you will do, and by when. Ask your case manager to change anything that "
                    "does not fit your life.\n\n");
  }
  std::map<std::string, const v1::Goal*> goals;
  for (const v1::Goal& goal : plan.goals()) goals[goal.goal_id()] = &goal;
  absl::StrAppend(&out, "## Goals\n\n");
  for (const v1::Goal& goal : plan.goals()) {
    absl::StrAppend(&out, goal.priority(), ". **", goal.title(), "** (", TermWord(goal.term()),
                    "-term)");
    if (!participant) {
      absl::StrAppend(
          &out, " — ",
          goal.provenance().instrument_id().empty()
              ? std::string("for every person")
              : absl::StrCat(goal.provenance().domain(), " is ", goal.provenance().level(), " on ",
                             goal.provenance().instrument_id()),
          ", rule `", goal.provenance().rule_id(), "`");
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out, "\n## ", participant ? "What happens when" : "Tasks", "\n\n");
  if (participant) {
    absl::StrAppend(&out, "| When | Who | What |\n| --- | --- | --- |\n");
    for (const v1::Task& task : plan.tasks()) {
      if (task.status() == v1::TASK_STATUS_CANCELLED) continue;
      absl::StrAppend(&out, "| ", task.start_on(),
                      task.due_on().empty() ? "" : absl::StrCat(" (by ", task.due_on(), ")"), " | ",
                      OwnerWords(task.owner(), audience), " | ", task.title(),
                      task.status() == v1::TASK_STATUS_COMPLETED ? " ✓" : "", " |\n");
    }
  } else {
    absl::StrAppend(&out, "| Start | End | Due | Slack | Owner | Task |\n",
                    "| --- | --- | --- | ---: | --- | --- |\n");
    for (const v1::Task& task : plan.tasks()) {
      absl::StrAppend(&out, "| ", task.start_on(), " | ", task.end_on(), " | ",
                      task.due_on().empty() ? "—" : task.due_on(), " | ", Slack(task),
                      task.critical() ? " **critical**" : "", " | ",
                      OwnerWords(task.owner(), audience), " | ", task.title(), " |\n");
    }
  }
  // The schedule as a Mermaid gantt chart.
  absl::StrAppend(&out, "\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    title ",
                  participant ? "Your plan" : absl::StrCat("Case plan ", plan.client_id()), "\n");
  for (const v1::Goal& goal : plan.goals()) {
    absl::StrAppend(&out, "    section ", MermaidText(goal.title()), "\n");
    for (const std::string& id : goal.task_ids()) {
      for (const v1::Task& task : plan.tasks()) {
        if (task.task_id() != id || task.status() == v1::TASK_STATUS_CANCELLED) continue;
        std::string tags;
        if (task.critical()) tags += "crit, ";
        if (task.status() == v1::TASK_STATUS_COMPLETED) tags += "done, ";
        if (task.status() == v1::TASK_STATUS_STARTED) tags += "active, ";
        absl::StrAppend(&out, "    ", MermaidText(task.title()), " :", tags,
                        absl::StrReplaceAll(task.task_id(), {{".", "_"}}), ", ", task.start_on(),
                        ", ", DayAfter(task.end_on()), "\n");
      }
    }
  }
  if (!release_on.empty()) {
    absl::StrAppend(&out, "    section Release\n    Release day :milestone, release, ", release_on,
                    ", 0d\n");
  }
  absl::StrAppend(&out, "```\n");
  if (!participant && !plan.uncovered_needs().empty()) {
    absl::StrAppend(&out, "\n## Needs without a goal\n\n");
    for (const v1::UncoveredNeed& need : plan.uncovered_needs()) {
      absl::StrAppend(&out, "- **", need.domain(), "** (", need.level(), "): ", need.reason(),
                      "\n");
    }
  }
  if (!participant && !plan.conflicts().empty()) {
    absl::StrAppend(&out, "\n## Conflicts\n\n");
    for (const v1::Conflict& conflict : plan.conflicts()) {
      absl::StrAppend(&out, "- `", conflict.task_id(), "`: ", conflict.reason(), "\n");
    }
  }
  return out;
}

}  // namespace reentry
