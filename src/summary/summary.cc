// The Continuum of Care Progress Summary: the monitoring report's numbers,
// each goal's progress, the assessments and referrals, and highlights.
#include "reentry/summary/summary.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "reentry/monitor/render.h"
#include "reentry/plan/render.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace {

using internal::FormatNumber;

// The monitoring request the summary's numbers come from.
v1::MonitorRequest MonitorRequestOf(const v1::SummarizeRequest& request) {
  v1::MonitorRequest monitor;
  *monitor.mutable_plan() = request.plan();
  *monitor.mutable_events() = request.events();
  monitor.set_as_of(request.as_of());
  monitor.set_supervision_level(request.supervision_level());
  monitor.set_policy_id(request.policy_id());
  monitor.set_policy_version(request.policy_version());
  *monitor.mutable_person() = request.person();
  *monitor.mutable_assessments() = request.assessments();
  *monitor.mutable_referrals() = request.referrals();
  return monitor;
}

// What the events and the plan say each task has come to by as_of (the
// events were validated by Monitor).
struct Progress {
  absl::flat_hash_set<std::string> completed;
  absl::flat_hash_set<std::string> started;
};

Progress ProgressOf(const v1::SummarizeRequest& request) {
  Progress progress;
  for (const v1::Task& task : request.plan().tasks()) {
    // Completed in a revision: from its completion date, else its end.
    const std::string& on = task.completed_on().empty() ? task.end_on() : task.completed_on();
    if (task.status() == v1::TASK_STATUS_COMPLETED && !on.empty() && on <= request.as_of()) {
      progress.completed.insert(task.task_id());
    }
    if (task.status() == v1::TASK_STATUS_STARTED) progress.started.insert(task.task_id());
  }
  for (const v1::Event& event : request.events()) {
    if (event.has_task_completed()) progress.completed.insert(event.task_completed().task_id());
    if (event.has_attendance()) progress.started.insert(event.attendance().task_id());
  }
  return progress;
}

void Goals(const v1::SummarizeRequest& request, const v1::ComplianceReport& report,
           v1::ProgressSummary* summary) {
  const Progress progress = ProgressOf(request);
  absl::flat_hash_set<std::string> overdue;
  for (const v1::OverdueTask& task : report.overdue_tasks()) overdue.insert(task.task_id());
  std::map<std::string, std::vector<const v1::Task*>> tasks_of;
  for (const v1::Task& task : request.plan().tasks()) {
    if (task.status() != v1::TASK_STATUS_CANCELLED) tasks_of[task.goal_id()].push_back(&task);
  }
  int achieved = 0;
  int completed_tasks = 0;
  int total_tasks = 0;
  for (const v1::Goal& goal : request.plan().goals()) {
    v1::GoalProgress* out = summary->add_goals();
    out->set_goal_id(goal.goal_id());
    out->set_title(goal.title());
    out->set_domain(goal.domain());
    out->set_priority(goal.priority());
    out->set_survival(goal.survival());
    out->set_criminogenic(goal.criminogenic());
    const v1::Task* next = nullptr;
    bool started = false;
    for (const v1::Task* task : tasks_of[goal.goal_id()]) {
      out->set_tasks_total(out->tasks_total() + 1);
      if (progress.completed.contains(task->task_id())) {
        out->set_tasks_completed(out->tasks_completed() + 1);
        started = true;
        continue;
      }
      if (progress.started.contains(task->task_id())) started = true;
      if (overdue.contains(task->task_id())) out->set_tasks_overdue(out->tasks_overdue() + 1);
      // The open task due first; tasks without a due date after, by start.
      const auto key = [](const v1::Task* t) {
        return std::make_tuple(t->due_on().empty(), t->due_on(), t->start_on(), t->task_id());
      };
      if (next == nullptr || key(task) < key(next)) next = task;
    }
    if (next != nullptr) {
      out->set_next_task_id(next->task_id());
      out->set_next_task_title(next->title());
      out->set_next_due_on(next->due_on());
    }
    if (out->tasks_total() > 0 && out->tasks_completed() == out->tasks_total()) {
      out->set_status(v1::GOAL_STATUS_ACHIEVED);
      ++achieved;
    } else {
      out->set_status(started ? v1::GOAL_STATUS_IN_PROGRESS : v1::GOAL_STATUS_NOT_STARTED);
    }
    completed_tasks += out->tasks_completed();
    total_tasks += out->tasks_total();
  }
  summary->set_goals_achieved(achieved);
  summary->set_tasks_completed(completed_tasks);
  summary->set_tasks_total(total_tasks);
}

void Assessments(const v1::SummarizeRequest& request, v1::ProgressSummary* summary) {
  std::vector<const v1::AssessmentResult*> latest_first;
  for (const v1::AssessmentResult& a : request.assessments()) latest_first.push_back(&a);
  std::stable_sort(latest_first.begin(), latest_first.end(),
                   [](const v1::AssessmentResult* a, const v1::AssessmentResult* b) {
                     return a->assessed_on() > b->assessed_on();
                   });
  for (const v1::AssessmentResult* a : latest_first) {
    v1::AssessmentSummary* out = summary->add_assessments();
    out->set_instrument_id(a->instrument_id());
    out->set_instrument_version(a->instrument_version());
    out->set_assessed_on(a->assessed_on());
    out->set_risk_tier(a->risk_tier());
    out->set_risk_scale_id(a->risk_scale_id());
    for (const v1::ScaleResult& scale : a->scales()) {
      if (scale.scale_id() == a->risk_scale_id()) out->set_risk_level(scale.final_level());
    }
    for (const v1::NeedResult& need : a->needs()) {
      out->add_needs(absl::StrCat(need.domain(), " (", need.level(), ")"));
    }
    if (a->has_change()) *out->mutable_change() = a->change();
  }
}

void Referrals(const v1::SummarizeRequest& request, const v1::ComplianceReport& report,
               v1::ProgressSummary* summary) {
  absl::flat_hash_map<std::string, int> overdue;
  for (const v1::OverdueReport& o : report.overdue_reports()) ++overdue[o.referral_id()];
  for (const v1::Referral& referral : request.referrals()) {
    v1::ReferralSummary* out = summary->add_referrals();
    out->set_referral_id(referral.referral_id());
    out->set_service_id(referral.service_id());
    out->set_domain(referral.domain());
    out->set_to_agency_id(referral.to_agency_id());
    out->set_state(referral.state());
    out->set_referred_on(referral.referred_on());
    out->set_reports_overdue(overdue[referral.referral_id()]);
  }
}

// "1 day", "2 days".
std::string Days(int n, absl::string_view unit) {
  return absl::StrCat(n, " ", unit, n == 1 ? "" : "s");
}

std::string Rounded(double rate) {
  return absl::StrCat(FormatNumber(std::round(rate * 1000) / 10), "%");
}

// The points a reader must see first, most urgent first.
void Highlights(const v1::ComplianceReport& report, v1::ProgressSummary* summary) {
  const v1::Recommendation& r = report.recommendation();
  if (r.direction() == v1::Recommendation::DIRECTION_STEP_UP) summary->add_highlights(r.reason());
  for (const v1::Junction& j : report.junctions()) {
    summary->add_highlights(
        absl::StrCat("In a junction of vulnerability: ", JunctionWords(j.kind()), ", ", j.from(),
                     " to ", j.to(), "."));
  }
  if (!report.overdue_tasks().empty()) {
    std::vector<std::string> words;
    for (const v1::OverdueTask& t : report.overdue_tasks()) {
      if (words.size() == 3) {
        words.push_back(absl::StrCat("and ", report.overdue_tasks_size() - 3, " more"));
        break;
      }
      words.push_back(absl::StrCat(t.title(), " (due ", t.due_on(), ", ",
                                   Days(t.business_days_overdue(), "business day"), ")"));
    }
    summary->add_highlights(absl::StrCat(report.overdue_tasks_size(),
                                         report.overdue_tasks_size() == 1 ? " task" : " tasks",
                                         " overdue: ", absl::StrJoin(words, "; "), "."));
  }
  for (const v1::ContactDue& c : report.contacts()) {
    if (c.overdue()) {
      summary->add_highlights(absl::StrCat(
          c.type() == v1::CONTACT_TYPE_HOME_VISIT
              ? std::string("A home visit")
              : absl::StrCat("A ", ContactTypeWords(c.type()), " contact"),
          " is overdue: due ", c.due_on(), ", ", Days(c.days_overdue(), "day"), " ago."));
    }
  }
  const v1::Reassessment& re = report.reassessment();
  if (!re.trigger_event_id().empty()) {
    summary->add_highlights(absl::StrCat("Reassess now: ", re.reason(), "."));
  } else if (re.overdue()) {
    summary->add_highlights(absl::StrCat("Reassessment overdue since ", re.due_on(), "."));
  }
  if (!report.overdue_reports().empty()) {
    summary->add_highlights(absl::StrCat(
        report.overdue_reports_size(), report.overdue_reports_size() == 1 ? " report" : " reports",
        " owed by providers overdue."));
  }
  if (r.direction() != v1::Recommendation::DIRECTION_STEP_UP) summary->add_highlights(r.reason());
  const v1::Dosage& d = report.dosage();
  summary->add_highlights(absl::StrCat(
      summary->goals_achieved(), " of ", summary->goals_size(), " goals achieved; ",
      summary->tasks_completed(), " of ", summary->tasks_total(), " tasks done",
      report.has_compliance_rate()
          ? absl::StrCat(", ", Rounded(report.compliance_rate()), " of those due on time")
          : std::string(),
      "; ", FormatNumber(d.delivered_hours()), " of ", FormatNumber(d.target_hours()),
      " hours of programming delivered."));
}

}  // namespace

absl::StatusOr<v1::ProgressSummary> Summarize(const v1::SummarizeRequest& request,
                                              const Policy& policy, const Calendar& calendar,
                                              const OverdueReportsFunction& overdue_reports) {
  auto report = Monitor(MonitorRequestOf(request), policy, calendar, overdue_reports);
  if (!report.ok()) return report.status();
  v1::ProgressSummary summary;
  summary.set_client_id(report->client_id());
  summary.set_as_of(report->as_of());
  summary.set_phase(request.person().phase() != v1::PHASE_UNSPECIFIED ? request.person().phase()
                                                                      : request.plan().phase());
  v1::KeyDates* dates = summary.mutable_dates();
  dates->set_admitted_on(request.person().admitted_on());
  dates->set_projected_release_on(request.person().projected_release_on());
  dates->set_released_on(report->release_on());
  dates->set_supervision_start_on(report->supervision_start_on());
  dates->set_supervision_end_on(request.person().supervision_end_on());
  dates->set_next_reassessment_on(report->reassessment().due_on());
  dates->set_plan_start_on(request.plan().plan_start_on());
  Assessments(request, &summary);
  summary.set_plan_version(request.plan().version());
  summary.set_intensity(request.plan().intensity());
  summary.set_risk_level(request.plan().risk_level());
  Goals(request, *report, &summary);
  *summary.mutable_dosage() = report->dosage();
  if (report->has_compliance_rate()) summary.set_compliance_rate(report->compliance_rate());
  if (report->has_attendance_rate()) summary.set_attendance_rate(report->attendance_rate());
  summary.set_tasks_due(report->tasks_due());
  summary.set_tasks_completed_on_time(report->tasks_completed_on_time());
  *summary.mutable_contacts() = report->contacts();
  Referrals(request, *report, &summary);
  *summary.mutable_recommendation() = report->recommendation();
  *summary.mutable_reassessment() = report->reassessment();
  *summary.mutable_junctions() = report->junctions();
  *summary.mutable_overdue_tasks() = report->overdue_tasks();
  *summary.mutable_uncovered_needs() = request.plan().uncovered_needs();
  summary.set_supervision_level(report->supervision_level());
  Highlights(*report, &summary);
  return summary;
}

}  // namespace reentry
