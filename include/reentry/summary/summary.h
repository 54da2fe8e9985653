// reentry/summary/summary.h: the Continuum of Care Progress Summary.
//
// Summarize brings together, for one person on one day, what a supervisor or
// a partner agency needs in two minutes: identity and phase, key dates
// (admission, release, supervision, next reassessment), the assessments and
// how they changed, each goal's progress, dosage, compliance, attendance and
// contacts, referrals and the reports they owe, and the current intensity
// recommendation, with the most urgent points first as highlights. Its
// numbers are the monitoring report's (reentry/monitor/monitor.h, the same
// policy and rules); its input is validated the same way, errors naming the
// field.
#ifndef REENTRY_SUMMARY_SUMMARY_H_
#define REENTRY_SUMMARY_SUMMARY_H_

#include <string>

#include "absl/status/statusor.h"
#include "reentry/calendar/calendar.h"
#include "reentry/monitor/monitor.h"
#include "reentry/monitor/policy.h"
#include "reentry/v1/summary.pb.h"

namespace reentry {

// The summary `request` asks for, under `policy` and its `calendar`;
// `overdue_reports` as for Monitor (needed when the request has referrals).
absl::StatusOr<v1::ProgressSummary> Summarize(const v1::SummarizeRequest& request,
                                              const Policy& policy, const Calendar& calendar,
                                              const OverdueReportsFunction& overdue_reports = {});

// The summary as Markdown: a title, highlights, key dates, assessments,
// goals, services and referrals, compliance and contacts, and the
// recommendation with its criteria.
std::string RenderSummaryMarkdown(const v1::ProgressSummary& summary);

}  // namespace reentry

#endif  // REENTRY_SUMMARY_SUMMARY_H_
