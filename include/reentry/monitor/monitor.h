// reentry/monitor/monitor.h: a compliance report from a plan and events.
//
// Monitor answers, for one person on one day (as_of), what a supervising
// officer needs: overdue and upcoming tasks, compliance and attendance rates,
// dosage delivered against the target, the next contact due under each
// contact standard of the supervision level, the junctions of vulnerability
// the person is in, the intensity recommendation (step up, hold, step down)
// with every criterion met or missing and the events behind it, graduated
// responses to the events of the period, the reassessment date with its
// reason, and the reports referrals owe that are overdue. The rules are the
// policy's (reentry/monitor/policy.h) and DESIGN.md's pinned semantics; every
// number is reproducible by hand from the request.
//
// Events are validated: an attendance or completion of a task the plan does
// not have, an event after as_of, a duplicate event id, a missing kind,
// contact type, test result, attendance status or severity is
// INVALID_ARGUMENT naming the event ("events[4].attendance.task_id").
// The report does not depend on the order of the events.
#ifndef REENTRY_MONITOR_MONITOR_H_
#define REENTRY_MONITOR_MONITOR_H_

#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "reentry/calendar/calendar.h"
#include "reentry/monitor/policy.h"
#include "reentry/v1/monitor.pb.h"
#include "reentry/v1/network.pb.h"

namespace reentry {

// The reports `referral` owes that are overdue as of `as_of` (in the
// receiving agency's calendar). The engine answers it from the referral's
// network (reentry::OverdueReports in reentry/network/referral.h); a host
// calling Monitor directly passes its own, or none when it sends no
// referrals.
using OverdueReportsFunction = std::function<absl::StatusOr<std::vector<v1::OverdueReport>>(
    const v1::Referral& referral, absl::CivilDay as_of)>;

// The report `request` asks for, under `policy`, counting business days on
// `calendar` (the policy's calendar). `overdue_reports` may be empty when
// the request has no referrals (else FAILED_PRECONDITION).
absl::StatusOr<v1::ComplianceReport> Monitor(const v1::MonitorRequest& request,
                                             const Policy& policy, const Calendar& calendar,
                                             const OverdueReportsFunction& overdue_reports = {});

// The same, into a report the caller owns (cleared first).
absl::Status Monitor(const v1::MonitorRequest& request, const Policy& policy,
                     const Calendar& calendar, const OverdueReportsFunction& overdue_reports,
                     v1::ComplianceReport* report);

}  // namespace reentry

#endif  // REENTRY_MONITOR_MONITOR_H_
