// Checks of request fields shared by the network module's rpcs (Refer,
// UpdateReferral, Handoff): dates, host ids and unknown ids, each error
// naming its field.
#ifndef REENTRY_SRC_NETWORK_REQUEST_H_
#define REENTRY_SRC_NETWORK_REQUEST_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "reentry/network/network.h"

namespace reentry::network_internal {

// A request date: required, exactly "YYYY-MM-DD"; INVALID_ARGUMENT naming
// `field` (quoting host input short) otherwise.
absl::StatusOr<absl::CivilDay> RequestDate(absl::string_view text, absl::string_view field);

// A host id (client, referral): required and at most kMaxHostIdBytes.
absl::Status HostId(absl::string_view field, absl::string_view id);

// NOT_FOUND about `field`: "<field>: unknown <what> '<id>' in network '<n>'
// version <v>".
absl::Status NotFound(absl::string_view field, absl::string_view what, absl::string_view id,
                      const Network& network);

}  // namespace reentry::network_internal

#endif  // REENTRY_SRC_NETWORK_REQUEST_H_
