// Errors that name the field they are about.
//
// Every error the library reports about input names the request or definition
// field it concerns, both in its message (for people) and as a payload (for
// programs: reentry::ErrorField and reentry.v1.Error.field).
#ifndef REENTRY_SRC_UTIL_STATUS_H_
#define REENTRY_SRC_UTIL_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace reentry::internal {

// The payload type URL under which the field path is stored.
inline constexpr absl::string_view kFieldPayloadUrl = "type.googleapis.com/reentry.v1.ErrorField";

// Returns `status` with `field` attached (replacing any field it had).
absl::Status WithField(absl::Status status, absl::string_view field);

// `status` about a field of a nested message: its field path and message
// prefixed with `prefix` ("referrals[2]" + "network_id" ->
// "referrals[2].network_id"); the code is kept.
absl::Status Nested(const absl::Status& status, absl::string_view prefix);

// INVALID_ARGUMENT about `field`: "<field>: <message parts...>".
template <typename... Parts>
absl::Status InvalidField(absl::string_view field, const Parts&... parts) {
  return WithField(absl::InvalidArgumentError(absl::StrCat(field, ": ", parts...)), field);
}

// A number as people write it: whole numbers without a decimal point
// ("18", "-1"), others with the digits needed to read them back ("2.5").
std::string FormatNumber(double value);

// `text` with every byte that is not part of valid UTF-8 written as "\xNN",
// so error messages quoting host input stay valid UTF-8 (proto3 strings must
// be) while still showing what was sent.
std::string ValidUtf8(absl::string_view text);

// True when `text` is valid UTF-8 (no overlong forms, surrogates or code
// points beyond U+10FFFF). ASCII is checked eight bytes at a time.
bool IsValidUtf8(absl::string_view text);

// Appends `value` with the shortest of 15 or 17 significant digits that reads
// back exactly, as protobuf's printers write doubles, in any locale.
void AppendShortestDouble(std::string* out, double value);
// The same for a float: %.6g, or %.9g when 6 digits do not read back.
void AppendShortestFloat(std::string* out, float value);

// Host input as an error message may quote it: valid UTF-8 (see ValidUtf8),
// and cut after `keep` bytes with its length ("abc... (52428800 bytes)"), so
// a 50 MB id never becomes a 50 MB message.
std::string Shortened(absl::string_view text, size_t keep = 64);
// Shortened(text) in single quotes.
std::string Quoted(absl::string_view text);

// Returns `status` with `prefix` prepended to its message, keeping its code and field.
absl::Status Annotate(const absl::Status& status, absl::string_view prefix);

}  // namespace reentry::internal

#endif  // REENTRY_SRC_UTIL_STATUS_H_
