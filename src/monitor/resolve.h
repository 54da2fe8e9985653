// What Monitor needs from the engine, resolved once for the monitor and
// summary rpcs: the policy a request names (the builtin when none), its
// calendar, and overdue referral reports from each referral's network.
#ifndef REENTRY_SRC_MONITOR_RESOLVE_H_
#define REENTRY_SRC_MONITOR_RESOLVE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "engine/module.h"
#include "reentry/calendar/calendar.h"
#include "reentry/monitor/monitor.h"
#include "reentry/monitor/policy.h"

namespace reentry::engine_internal {

struct MonitorInputs {
  std::shared_ptr<const Policy> policy;
  std::shared_ptr<const Calendar> calendar;
  // Valid while the call's context is.
  OverdueReportsFunction overdue_reports;
};

// NOT_FOUND naming policy_id or policy_version when the policy is not loaded.
absl::StatusOr<MonitorInputs> ResolveMonitorInputs(const CallContext& context,
                                                   const std::string& policy_id,
                                                   const std::string& policy_version);

}  // namespace reentry::engine_internal

#endif  // REENTRY_SRC_MONITOR_RESOLVE_H_
