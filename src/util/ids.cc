#include "util/ids.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace reentry::internal {

bool IsAnswerId(absl::string_view s) {
  if (s.empty() || s.size() > kMaxIdLength) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsIdentifier(absl::string_view s) { return IsAnswerId(s) && s[0] >= 'a' && s[0] <= 'z'; }

std::optional<std::vector<int>> ParseVersion(absl::string_view version) {
  if (version.empty()) return std::nullopt;
  std::vector<int> parts;
  for (absl::string_view part : absl::StrSplit(version, '.')) {
    int value = 0;
    if (part.empty() || part.size() > 9 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        !absl::SimpleAtoi(part, &value)) {
      return std::nullopt;
    }
    parts.push_back(value);
  }
  return parts;
}

int CompareVersions(const std::vector<int>& a, const std::vector<int>& b) {
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const int x = i < a.size() ? a[i] : 0;
    const int y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace reentry::internal
