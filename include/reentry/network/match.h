// reentry/network/match.h: which services of a network suit one person.
//
// Match ranks every service of the person's needed domains: the eligible
// ones with room (a free slot, or an open waitlist) are candidates, scored by
// a fit of whole points whose breakdown says where every point comes from
// (need level, eligibility, region, language and other responsivity,
// capacity and wait; the scheme is documented at reentry.v1.MatchRequest and
// in docs/network.md); every other service of those domains is excluded,
// with every reason that excluded it (age, sex, risk tier, offense, region,
// language, insurance, phase, no capacity and no waitlist).
//
// Eligibility is decided on the person's facts (reentry.v1.Person: age, sex,
// region, languages, insurance, offense categories, phase) and risk tier; a
// rule about a fact the request does not give excludes, so a service is never
// offered on an assumption. Service loads are request data, never stored.
//
// A pure function of the network and the request: thread-safe, no I/O.
#ifndef REENTRY_NETWORK_MATCH_H_
#define REENTRY_NETWORK_MATCH_H_

#include "absl/status/statusor.h"
#include "reentry/network/network.h"
#include "reentry/v1/network.pb.h"

namespace reentry {

// Matches `request` (its network_id and network_version are not checked:
// the caller resolved `network` from them). Errors: INVALID_ARGUMENT naming
// the field (bad age, tier or language tag; needs and service_domains both
// given; a negative or duplicate load); NOT_FOUND for a load of a service or
// a person's region the network does not have.
absl::StatusOr<v1::MatchResponse> Match(const Network& network, const v1::MatchRequest& request);

// The same, writing into `response` (cleared first; it may live on an arena,
// which saves most of the cost of a large response). On failure `response`
// is left cleared.
absl::Status Match(const Network& network, const v1::MatchRequest& request,
                   v1::MatchResponse* response);

}  // namespace reentry

#endif  // REENTRY_NETWORK_MATCH_H_
