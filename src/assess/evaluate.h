// Scoring of one scale from answer codes: the core that single scoring and the
// batch path's fallback share, so both give the same results by construction.
#ifndef REENTRY_SRC_ASSESS_EVALUATE_H_
#define REENTRY_SRC_ASSESS_EVALUATE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "assess/compiled.h"

namespace reentry::assess_internal {

struct ScaleOutcome {
  int32_t observed = 0;  // sum of the points of the rules that held
  int32_t raw = 0;       // observed, or prorated
  bool prorated = false;
  std::optional<int32_t> scaled;
  int level = -1;
  std::optional<bool> flag;
};

// Scores scale `scale` for norm group `group` from `codes` (one per item,
// kMissing when not answered). Appends the indices of the rules that held to
// `held` when it is not null. Fails with INVALID_ARGUMENT when the scale's
// missing items exceed what it allows.
absl::StatusOr<ScaleOutcome> EvaluateScale(const CompiledInstrument& instrument, int scale,
                                           int group, const int* codes,
                                           absl::InlinedVector<int, 32>* held = nullptr);

// Whether `value` is a valid answer to numeric item `item`.
bool IsValidNumber(const CompiledItem& item, double value);

// The answer code of a numeric value for `item`, or INVALID_ARGUMENT about
// `field` when the value is not valid for the item.
absl::StatusOr<int> CodeOfNumber(const CompiledItem& item, double value, absl::string_view field);

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_EVALUATE_H_
