// The Continuum of Care Progress Summary as Markdown.
#include "reentry/monitor/render.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "reentry/summary/summary.h"
#include "util/status.h"

namespace reentry {
namespace {

using internal::FormatNumber;

// Table cells may not hold '|' or line breaks.
std::string Cell(const std::string& text) {
  if (text.empty()) return "-";
  return absl::StrReplaceAll(text, {{"|", "\\|"}, {"\n", " "}});
}

std::string PhaseWords(v1::Phase phase) {
  switch (phase) {
    case v1::PHASE_INSTITUTION:
      return "institution phase";
    case v1::PHASE_RELEASE:
      return "release phase";
    case v1::PHASE_COMMUNITY:
      return "community phase";
    default:
      return "phase not given";
  }
}

std::string StatusWords(v1::GoalStatus status) {
  switch (status) {
    case v1::GOAL_STATUS_ACHIEVED:
      return "achieved";
    case v1::GOAL_STATUS_IN_PROGRESS:
      return "in progress";
    default:
      return "not started";
  }
}

std::string StateWords(v1::ReferralState state) {
  std::string name = v1::ReferralState_Name(state);
  absl::StrReplaceAll({{"REFERRAL_STATE_", ""}, {"_", " "}}, &name);
  return absl::AsciiStrToLower(name);
}

std::string Percent(bool has, double rate) {
  return has ? absl::StrCat(FormatNumber(std::round(rate * 1000) / 10), "%") : "-";
}

std::string ChangeWords(const v1::AssessmentSummary& a) {
  if (!a.has_change()) return "";
  std::vector<std::string> words;
  for (const v1::ScaleChange& scale : a.change().scales()) {
    if (scale.previous_level().empty() && scale.level().empty()) continue;
    words.push_back(
        absl::StrCat(scale.scale_id(), " ", scale.previous_level(), " → ", scale.level()));
  }
  return absl::StrCat("since ", a.change().previous_assessed_on(), ": ",
                      words.empty() ? "no level change" : absl::StrJoin(words, ", "));
}

}  // namespace

std::string RenderSummaryMarkdown(const v1::ProgressSummary& s) {
  std::string out = absl::StrCat("# Continuum of Care Progress Summary: ",
                                 s.client_id().empty() ? "(no client id)" : s.client_id(), "\n\n");
  absl::StrAppend(
      &out, "As of ", s.as_of(), " · ", PhaseWords(s.phase()), " · plan version ", s.plan_version(),
      s.supervision_level().empty() ? std::string()
                                    : absl::StrCat(" · supervision level ", s.supervision_level()),
      "\n\n## First\n\n");
  for (const std::string& h : s.highlights()) absl::StrAppend(&out, "- ", h, "\n");

  const v1::KeyDates& d = s.dates();
  absl::StrAppend(
      &out,
      "\n## Key dates\n\n| Admitted | Release | Supervision | Next reassessment |\n"
      "| --- | --- | --- | --- |\n| ",
      Cell(d.admitted_on()), " | ",
      d.released_on().empty() ? (d.projected_release_on().empty()
                                     ? "-"
                                     : absl::StrCat(d.projected_release_on(), " (projected)"))
                              : d.released_on(),
      " | ",
      d.supervision_start_on().empty()
          ? "-"
          : absl::StrCat(d.supervision_start_on(), " to ",
                         d.supervision_end_on().empty() ? "open" : d.supervision_end_on()),
      " | ", Cell(d.next_reassessment_on()), s.reassessment().overdue() ? " (overdue)" : "",
      " |\n");

  if (!s.assessments().empty()) {
    absl::StrAppend(&out,
                    "\n## Assessments\n\n| Instrument | Assessed | Risk | Needs | Change |\n"
                    "| --- | --- | --- | --- | --- |\n");
    for (const v1::AssessmentSummary& a : s.assessments()) {
      absl::StrAppend(
          &out, "| ", a.instrument_id(), " ", a.instrument_version(), " | ", Cell(a.assessed_on()),
          " | ",
          a.risk_level().empty() ? "-" : absl::StrCat(a.risk_level(), " (", a.risk_scale_id(), ")"),
          " | ", Cell(absl::StrJoin(a.needs(), ", ")), " | ", Cell(ChangeWords(a)), " |\n");
    }
  }

  absl::StrAppend(&out, "\n## Goals: ", s.goals_achieved(), " of ", s.goals_size(),
                  " achieved\n\n| # | Goal | Status | Tasks done | Next | Due |\n"
                  "| --- | --- | --- | --- | --- | --- |\n");
  for (const v1::GoalProgress& g : s.goals()) {
    absl::StrAppend(&out, "| ", g.priority(), " | ", Cell(g.title()), " | ",
                    StatusWords(g.status()),
                    g.tasks_overdue() > 0 ? absl::StrCat(", ", g.tasks_overdue(), " overdue") : "",
                    " | ", g.tasks_completed(), " of ", g.tasks_total(), " | ",
                    Cell(g.next_task_title()), " | ", Cell(g.next_due_on()), " |\n");
  }
  for (const v1::UncoveredNeed& need : s.uncovered_needs()) {
    absl::StrAppend(&out, "\nNo goal for ", need.domain(), " (", need.level(), "): ", need.reason(),
                    "\n");
  }

  if (!s.referrals().empty()) {
    absl::StrAppend(
        &out,
        "\n## Services and referrals\n\n| Referral | Service | Domain | Agency | State "
        "| Referred | Reports overdue |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    for (const v1::ReferralSummary& r : s.referrals()) {
      absl::StrAppend(&out, "| ", Cell(r.referral_id()), " | ", Cell(r.service_id()), " | ",
                      Cell(r.domain()), " | ", Cell(r.to_agency_id()), " | ", StateWords(r.state()),
                      " | ", Cell(r.referred_on()), " | ", r.reports_overdue(), " |\n");
    }
  }

  const v1::Dosage& dosage = s.dosage();
  std::vector<std::string> domains;
  for (const v1::DomainDosage& domain : dosage.domains()) {
    domains.push_back(absl::StrCat(domain.domain(), " ", FormatNumber(domain.delivered_hours()),
                                   " of ", FormatNumber(domain.planned_hours())));
  }
  absl::StrAppend(&out, "\n## Compliance and contacts\n\n- Tasks: ",
                  Percent(s.has_compliance_rate(), s.compliance_rate()), " done on time (",
                  s.tasks_completed_on_time(), " of ", s.tasks_due(),
                  " due)\n- Attendance: ", Percent(s.has_attendance_rate(), s.attendance_rate()),
                  "\n- Dosage: ", FormatNumber(dosage.delivered_hours()), " of ",
                  FormatNumber(dosage.target_hours()), " hours",
                  domains.empty() ? "" : absl::StrCat(" (", absl::StrJoin(domains, "; "), ")"),
                  "\n");
  for (const v1::ContactDue& c : s.contacts()) {
    absl::StrAppend(&out, "- ", ContactTypeWords(c.type()), ": next due ", Cell(c.due_on()),
                    c.overdue() ? absl::StrCat(" (**overdue** ", c.days_overdue(), " days)") : "",
                    c.last_contact_on().empty() ? "" : absl::StrCat(", last ", c.last_contact_on()),
                    "\n");
  }
  for (const v1::OverdueTask& t : s.overdue_tasks()) {
    absl::StrAppend(&out, "- Overdue: ", t.title(), " (due ", t.due_on(), ", ",
                    t.business_days_overdue(), " business days)\n");
  }

  const v1::Recommendation& r = s.recommendation();
  absl::StrAppend(&out, "\n## Recommendation: ", DirectionWords(r.direction()), "\n\n", r.reason(),
                  "\n\n| Rule | Criterion | Met | Finding |\n| --- | --- | --- | --- |\n");
  for (const v1::Criterion& c : r.criteria()) {
    absl::StrAppend(&out, "| ", c.rule() == v1::Criterion::RULE_STEP_UP ? "step up" : "step down",
                    " | ", Cell(c.text()), " | ", c.met() ? "yes" : "no", " | ", Cell(c.finding()),
                    " |\n");
  }
  absl::StrAppend(
      &out,
      "\nReassessment: ", s.reassessment().due_on().empty() ? "no date" : s.reassessment().due_on(),
      s.reassessment().overdue() ? " (overdue)" : "", " (", s.reassessment().reason(), ")\n");
  return out;
}

}  // namespace reentry
