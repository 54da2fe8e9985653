#include "reentry/monitor/render.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reentry/plan/render.h"
#include "util/status.h"

namespace reentry {
namespace {

std::string Rate(bool has, double rate) {
  return has ? absl::StrFormat("%.1f%%", rate * 100) : std::string("-");
}

}  // namespace

std::string ContactTypeWords(v1::ContactType type) {
  switch (type) {
    case v1::CONTACT_TYPE_FACE_TO_FACE:
      return "face to face";
    case v1::CONTACT_TYPE_HOME_VISIT:
      return "home visit";
    case v1::CONTACT_TYPE_PHONE:
      return "phone";
    case v1::CONTACT_TYPE_COLLATERAL:
      return "collateral";
    default:
      return "?";
  }
}

std::string JunctionWords(v1::JunctionKind kind) {
  switch (kind) {
    case v1::JUNCTION_KIND_FIRST_72_HOURS:
      return "the first 72 hours after release";
    case v1::JUNCTION_KIND_FIRST_30_DAYS:
      return "the first 30 days after release";
    case v1::JUNCTION_KIND_HOUSING_LOST:
      return "housing lost";
    case v1::JUNCTION_KIND_RELAPSE:
      return "a positive or refused test";
    default:
      return "?";
  }
}

std::string DirectionWords(v1::Recommendation::Direction direction) {
  switch (direction) {
    case v1::Recommendation::DIRECTION_STEP_UP:
      return "step up";
    case v1::Recommendation::DIRECTION_HOLD:
      return "hold";
    case v1::Recommendation::DIRECTION_STEP_DOWN:
      return "step down";
    default:
      return "?";
  }
}

std::string RenderComplianceReportText(const v1::ComplianceReport& report) {
  std::string out = absl::StrFormat(
      "Compliance report %s as of %s  (plan version %d, policy %s %s, calendar %s)\n",
      report.client_id().empty() ? "(no client id)" : report.client_id(), report.as_of(),
      report.plan_version(), report.policy_id(), report.policy_version(), report.calendar_id());
  if (!report.release_on().empty() || !report.supervision_start_on().empty()) {
    absl::StrAppend(&out, "Released ", report.release_on().empty() ? "-" : report.release_on(),
                    "; supervision from ",
                    report.supervision_start_on().empty() ? "-" : report.supervision_start_on(),
                    report.supervision_level().empty()
                        ? std::string()
                        : absl::StrCat(" at level ", report.supervision_level()),
                    "\n");
  }
  const v1::Recommendation& r = report.recommendation();
  absl::StrAppend(&out, "\nRecommendation: ", DirectionWords(r.direction()), "\n  ", r.reason(),
                  "\n");
  for (const v1::Criterion& c : r.criteria()) {
    const bool up = c.rule() == v1::Criterion::RULE_STEP_UP;
    absl::StrAppendFormat(&out, "  %-9s %-4s %s: %s\n", up ? "step up" : "step down",
                          up ? (c.met() ? "YES" : "no") : (c.met() ? "met" : "MISS"), c.text(),
                          c.finding());
  }

  absl::StrAppend(&out, "\nOverdue tasks (business days past due)\n");
  if (report.overdue_tasks().empty()) absl::StrAppend(&out, "  none\n");
  for (const v1::OverdueTask& t : report.overdue_tasks()) {
    absl::StrAppendFormat(&out, "  %s %4d  %-20s %s\n", t.due_on(), t.business_days_overdue(),
                          OwnerWords(t.owner(), PlanAudience::kCaseManager), t.title());
  }
  absl::StrAppend(&out, "Upcoming tasks (business days left)\n");
  if (report.upcoming_tasks().empty()) absl::StrAppend(&out, "  none\n");
  for (const v1::UpcomingTask& t : report.upcoming_tasks()) {
    absl::StrAppendFormat(&out, "  %s %4d  %-20s %s\n", t.due_on(), t.business_days_left(),
                          OwnerWords(t.owner(), PlanAudience::kCaseManager), t.title());
  }

  if (!report.contacts().empty()) {
    absl::StrAppend(&out, "\nContacts (", report.supervision_level(), ")\n");
    for (const v1::ContactDue& c : report.contacts()) {
      absl::StrAppendFormat(&out, "  %-13s due %-10s %-14s last %-10s  %s\n",
                            ContactTypeWords(c.type()), c.due_on().empty() ? "-" : c.due_on(),
                            c.overdue() ? absl::StrCat("OVERDUE ", c.days_overdue(), "d") : "",
                            c.last_contact_on().empty() ? "-" : c.last_contact_on(), c.rule());
    }
  }
  absl::StrAppend(&out, "\nJunctions of vulnerability\n");
  if (report.junctions().empty()) absl::StrAppend(&out, "  none active\n");
  for (const v1::Junction& j : report.junctions()) {
    absl::StrAppend(&out, "  ", j.from(), " to ", j.to(), "  ", JunctionWords(j.kind()),
                    j.event_id().empty() ? "" : absl::StrCat(" (", j.event_id(), ")"), "\n");
  }

  const v1::SessionCounts& s = report.sessions();
  absl::StrAppendFormat(&out,
                        "\nCompliance: %s (%d of %d tasks due done on time)\n"
                        "Attendance: %s (%d attended, %d late, %d absent unexcused, %d excused)\n",
                        Rate(report.has_compliance_rate(), report.compliance_rate()),
                        report.tasks_completed_on_time(), report.tasks_due(),
                        Rate(report.has_attendance_rate(), report.attendance_rate()), s.attended(),
                        s.late(), s.absent_unexcused(), s.absent_excused());
  const v1::Dosage& d = report.dosage();
  absl::StrAppend(&out, "Dosage: ", internal::FormatNumber(d.delivered_hours()), " of ",
                  internal::FormatNumber(d.target_hours()), " hours");
  std::vector<std::string> domains;
  for (const v1::DomainDosage& domain : d.domains()) {
    domains.push_back(absl::StrCat(domain.domain(), " ",
                                   internal::FormatNumber(domain.delivered_hours()), "/",
                                   internal::FormatNumber(domain.planned_hours())));
  }
  if (!domains.empty()) absl::StrAppend(&out, " (", absl::StrJoin(domains, ", "), ")");
  absl::StrAppend(&out, "\n");

  absl::StrAppend(&out, "\nResponses since ", report.responses_from(), " (",
                  report.incentives_in_period(), " incentives, ", report.violations_in_period(),
                  " violations)\n");
  if (report.responses().empty()) absl::StrAppend(&out, "  none\n");
  for (const v1::SuggestedResponse& response : report.responses()) {
    absl::StrAppend(&out, "  ", response.on(), " ", response.event_id(), ": ",
                    absl::StrJoin(response.suggestions(), "; "), "\n");
  }
  const v1::Reassessment& re = report.reassessment();
  absl::StrAppend(&out, "\nReassessment: ", re.due_on().empty() ? "-" : re.due_on(),
                  re.overdue() ? " (OVERDUE)" : "", "  ", re.reason(), "\n");
  if (!report.overdue_reports().empty()) {
    absl::StrAppend(&out, "\nReports overdue from providers\n");
    for (const v1::OverdueReport& o : report.overdue_reports()) {
      absl::StrAppendFormat(&out, "  %s %-16s due %s, %d business days overdue\n", o.referral_id(),
                            o.what(), o.due_on(), o.business_days_overdue());
    }
  }
  for (const std::string& note : report.notes()) absl::StrAppend(&out, "Note: ", note, "\n");
  return out;
}

}  // namespace reentry
