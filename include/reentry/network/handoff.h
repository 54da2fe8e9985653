// reentry/network/handoff.h: continuity of care when a person moves between
// phases and agencies.
//
// At release (and at every later move: to another supervising office, back
// to custody) the lead case manager changes agency, and the person is lost
// when the receiving agency meets them for the first time weeks later.
// Handoff moves the plan's lead from one agency of a network to another on a
// day and adds the warm-handoff tasks to the same plan, as its next version:
// an appointment with the receiving agency before the move (pre-release when
// the plan leaves the institution), the records transfer (under Share, the
// one place data leaves the library) and the medication bridge. The dates and
// rules are documented at reentry.v1.HandoffRequest and in docs/network.md.
//
// Pure functions of their inputs: thread-safe, no I/O, no clock.
#ifndef REENTRY_NETWORK_HANDOFF_H_
#define REENTRY_NETWORK_HANDOFF_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "reentry/network/network.h"
#include "reentry/v1/handoff.pb.h"

namespace reentry {

// rpc Handoff on a network the caller resolved from the request. Errors:
// INVALID_ARGUMENT naming the field (no plan, the same agency on both sides,
// no phase, a malformed `on` or one before the plan's start or its last
// handoff, and Share's errors for the records transfer: `consents[i]...`,
// `bases[i]...`, `record.fields[i]...`); NOT_FOUND for an unknown agency;
// FAILED_PRECONDITION when the plan's lead is not `from_agency_id`.
absl::StatusOr<v1::HandoffResponse> Handoff(const Network& network,
                                            const v1::HandoffRequest& request);

// The same, writing into `response` (cleared first; it may live on an arena).
absl::Status Handoff(const Network& network, const v1::HandoffRequest& request,
                     v1::HandoffResponse* response);

}  // namespace reentry

#endif  // REENTRY_NETWORK_HANDOFF_H_
