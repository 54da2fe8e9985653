// The identifiers and versions every kind of definition uses.
#ifndef REENTRY_SRC_UTIL_IDS_H_
#define REENTRY_SRC_UTIL_IDS_H_

#include <optional>
#include <vector>

#include "absl/strings/string_view.h"

namespace reentry::internal {

// The longest id a definition may use.
inline constexpr size_t kMaxIdLength = 64;

// Lower snake_case that may start with a digit ("2_to_3", "20_or_younger"):
// answer ids of bands and choices. At most kMaxIdLength characters.
bool IsAnswerId(absl::string_view s);

// Ids of definitions, items, scales, rules, tasks...: lower snake_case that
// starts with a letter, at most kMaxIdLength characters.
bool IsIdentifier(absl::string_view s);

// A version: dot-separated non-negative integers ("1.3", "2022"), each at
// most nine digits; nullopt when malformed.
std::optional<std::vector<int>> ParseVersion(absl::string_view version);

// Compares parsed versions numerically ("1.10" > "1.9", "1" == "1.0"): <0, 0, >0.
int CompareVersions(const std::vector<int>& a, const std::vector<int>& b);

}  // namespace reentry::internal

#endif  // REENTRY_SRC_UTIL_IDS_H_
