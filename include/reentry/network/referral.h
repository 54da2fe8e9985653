// reentry/network/referral.h: the referral lifecycle and what providers owe.
//
// A referral moves through states (draft, sent, accepted, waitlisted,
// declined, in service, completed, cancelled, reopened) along the moves its
// network allows (the builtin machine is documented at reentry.v1.
// ReferralState; a network may list its own). The library keeps no state:
// Refer returns a new referral, and UpdateReferral takes the referral as it
// stands and returns it changed, with the change in its history.
//
// Reporting: the agreement between the referring and the receiving agency
// lists what the receiving agency must report back and within how many
// business days. When a referral enters the state that starts an
// obligation's clock (accepted, unless the obligation says in service or
// completed), the obligation becomes a dated expectation: due on the n-th
// business day after that day, on the RECEIVING agency's calendar (so an
// acceptance on Thursday 2027-12-23 with 3 business days under us_federal is
// due on Wednesday 2027-12-29: Friday 12-24 is the observed Christmas holiday,
// then a weekend). Declining or cancelling closes the expectations still
// open; completion does not (a discharge report is still owed).
//
// Pure functions of their inputs: thread-safe, no I/O, no clock.
#ifndef REENTRY_NETWORK_REFERRAL_H_
#define REENTRY_NETWORK_REFERRAL_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "reentry/calendar/calendar.h"
#include "reentry/network/network.h"
#include "reentry/v1/network.pb.h"

namespace reentry {

// rpc Refer on a network the caller resolved from the request. Errors:
// INVALID_ARGUMENT naming the field (missing ids or date, duplicate desired
// outcomes, an agreement that does not run from the referring agency to the
// service's agency or is not in force, several agreements in force and none
// named); NOT_FOUND for an unknown service, agency or agreement;
// FAILED_PRECONDITION for `send` when the network's machine has no move
// draft -> sent.
absl::StatusOr<v1::Referral> Refer(const Network& network, const v1::ReferRequest& request);

// rpc UpdateReferral on the referral's network (resolved by the caller from
// referral.network_id and referral.network_version). A move the machine does
// not allow is FAILED_PRECONDITION naming both states; completion needs one
// result per desired outcome (INVALID_ARGUMENT otherwise); `on` may not be
// before the referral's last change.
absl::StatusOr<v1::Referral> UpdateReferral(const Network& network,
                                            const v1::UpdateReferralRequest& request);

// The reports of `referral` overdue as of `as_of`: expectations neither
// received nor closed on or before `as_of` whose due date is before `as_of`
// ("overdue from the day after it is due"), in the referral's order, each
// with the business days of `calendar` after its due date up to and
// including `as_of` (0 when only non-business days have passed). `calendar`
// is the receiving agency's (Network::CalendarOf(referral.to_agency_id())).
// INVALID_ARGUMENT naming "expectations[i]..." for a malformed date.
absl::StatusOr<std::vector<v1::OverdueReport>> OverdueReports(const v1::Referral& referral,
                                                              absl::CivilDay as_of,
                                                              const Calendar& calendar);

// The same, with the receiving agency's calendar taken from `network`
// (NOT_FOUND when the network has no agency referral.to_agency_id()).
absl::StatusOr<std::vector<v1::OverdueReport>> OverdueReports(const Network& network,
                                                              const v1::Referral& referral,
                                                              absl::CivilDay as_of);

}  // namespace reentry

#endif  // REENTRY_NETWORK_REFERRAL_H_
