#include "util/status.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/cord.h"
#include "absl/strings/str_format.h"
#include "reentry/status.h"

namespace reentry {
namespace internal {

absl::Status WithField(absl::Status status, absl::string_view field) {
  if (!status.ok() && !field.empty()) {
    status.SetPayload(kFieldPayloadUrl, absl::Cord(field));
  }
  return status;
}

absl::Status Annotate(const absl::Status& status, absl::string_view prefix) {
  if (status.ok()) return status;
  absl::Status annotated(status.code(), absl::StrCat(prefix, status.message()));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    annotated.SetPayload(url, payload);
  });
  return annotated;
}

std::string FormatNumber(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15) {
    return absl::StrFormat("%.0f", value);
  }
  // The shortest of 15 or 17 significant digits that reads back exactly.
  std::string shorter = absl::StrFormat("%.15g", value);
  if (std::strtod(shorter.c_str(), nullptr) == value) return shorter;
  return absl::StrFormat("%.17g", value);
}

}  // namespace internal

std::string ErrorField(const absl::Status& status) {
  auto payload = status.GetPayload(internal::kFieldPayloadUrl);
  return payload.has_value() ? std::string(*payload) : std::string();
}

}  // namespace reentry
