#include "network/request.h"

#include "absl/strings/str_cat.h"
#include "network/matcher.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry::network_internal {

absl::StatusOr<absl::CivilDay> RequestDate(absl::string_view text, absl::string_view field) {
  if (text.empty()) return internal::InvalidField(field, "is required");
  if (text.size() != 10) {
    return internal::InvalidField(field, internal::Quoted(text),
                                  " is not a date of the form YYYY-MM-DD");
  }
  return internal::ParseDate(text, field);
}

absl::Status HostId(absl::string_view field, absl::string_view id) {
  if (id.empty()) return internal::InvalidField(field, "is required");
  if (id.size() > kMaxHostIdBytes) {
    return internal::InvalidField(field, internal::Quoted(id), " is longer than ", kMaxHostIdBytes,
                                  " bytes");
  }
  return absl::OkStatus();
}

absl::Status NotFound(absl::string_view field, absl::string_view what, absl::string_view id,
                      const Network& network) {
  return internal::WithField(
      absl::NotFoundError(absl::StrCat(field, ": unknown ", what, " ", internal::Quoted(id),
                                       " in network ", internal::Quoted(network.id()), " version ",
                                       network.version())),
      field);
}

}  // namespace reentry::network_internal
