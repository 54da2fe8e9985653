// reentry/status.h: what the library's errors carry beyond code and message.
//
// Every public function that can fail returns absl::Status or absl::StatusOr.
// The code is an absl::StatusCode (INVALID_ARGUMENT for bad input, NOT_FOUND
// for an unknown instrument, ...); the message names the field and value in
// words; and ErrorField() returns the field path alone, for programs, e.g.
// "responses[2].number" or "items[4].bands[1].min".
#ifndef REENTRY_STATUS_H_
#define REENTRY_STATUS_H_

#include <string>

#include "absl/status/status.h"

namespace reentry {

// The request or definition field `status` is about; empty when it is not
// about one field (or is OK).
std::string ErrorField(const absl::Status& status);

}  // namespace reentry

#endif  // REENTRY_STATUS_H_
