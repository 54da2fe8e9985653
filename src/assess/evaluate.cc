#include "assess/evaluate.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "util/status.h"

namespace reentry::assess_internal {

using internal::FormatNumber;
using internal::InvalidField;

bool IsValidNumber(const CompiledItem& item, double value) {
  return std::isfinite(value) && value >= item.min && value <= item.max &&
         !(item.whole_number && value != std::trunc(value)) &&
         !(item.type == v1::Item::TYPE_COUNT && value < 0);
}

absl::StatusOr<int> CodeOfNumber(const CompiledItem& item, double value, absl::string_view field) {
  if (IsValidNumber(item, value)) return item.BandOf(value);
  // Invalid: say why, most fundamental reason first.
  if (!std::isfinite(value)) {
    return InvalidField(field, "item ", internal::Quoted(item.id), ": ", FormatNumber(value),
                        " is not a finite number");
  }
  if (item.type == v1::Item::TYPE_COUNT && value < 0) {
    return InvalidField(field, "item ", internal::Quoted(item.id), ": count ", FormatNumber(value),
                        " is negative");
  }
  if (item.whole_number && value != std::trunc(value)) {
    return InvalidField(field, "item ", internal::Quoted(item.id), ": ", FormatNumber(value),
                        " is not a whole number");
  }
  if (value < item.min) {
    return InvalidField(field, "item ", internal::Quoted(item.id), ": ", FormatNumber(value),
                        " is below the minimum ", FormatNumber(item.min));
  }
  return InvalidField(field, "item ", internal::Quoted(item.id), ": ", FormatNumber(value),
                      " is above the maximum ", FormatNumber(item.max));
}

absl::StatusOr<ScaleOutcome> EvaluateScale(const CompiledInstrument& instrument, int scale_index,
                                           int group, const int* codes,
                                           absl::InlinedVector<int, 32>* held) {
  const CompiledScale& scale = instrument.scales[scale_index];
  const CompiledNorm& norm = scale.NormFor(group);
  ScaleOutcome outcome;

  int missing = 0;
  int32_t max_answered = 0;
  for (size_t i = 0; i < norm.items.size(); ++i) {
    if (codes[norm.items[i]] == kMissing) {
      ++missing;
    } else if (norm.can_prorate) {
      max_answered += norm.item_max_points[i];
    }
  }
  if (missing > scale.max_missing_items) {
    std::vector<std::string> names;
    for (int item : norm.items) {
      if (codes[item] == kMissing) names.push_back(instrument.items[item].id);
    }
    return InvalidField(
        "responses", "scale ", internal::Quoted(scale.id), " of instrument ", instrument.Name(),
        " cannot be scored: ", missing, missing == 1 ? " item is" : " items are", " missing (",
        absl::StrJoin(names, ", "), "); at most ", scale.max_missing_items, " may be");
  }

  for (size_t r = 0; r < norm.rules.size(); ++r) {
    const CompiledRule& rule = norm.rules[r];
    if (missing > 0 && !rule.condition.Evaluable(codes)) continue;
    if (rule.condition.Holds(codes)) {
      outcome.observed += rule.points;
      if (held != nullptr) held->push_back(static_cast<int>(r));
    }
  }
  outcome.raw = outcome.observed;
  if (missing > 0) {
    if (max_answered <= 0) {
      return InvalidField("responses", "scale ", internal::Quoted(scale.id), " of instrument ",
                          instrument.Name(),
                          " cannot be prorated: no answered item of it can earn points");
    }
    // round_half_up(observed * max_total / max_answered), exactly, in integers.
    const int64_t numerator = int64_t{2} * outcome.observed * norm.max_total + max_answered;
    outcome.raw = static_cast<int32_t>(numerator / (int64_t{2} * max_answered));
    outcome.prorated = true;
  }
  outcome.scaled = norm.ScaledOf(outcome.raw);
  if (!norm.cut_mins.empty()) {
    outcome.level = norm.LevelOf(norm.levels_from_scaled ? *outcome.scaled : outcome.raw);
  }
  if (norm.flag_at.has_value()) outcome.flag = outcome.raw >= *norm.flag_at;
  return outcome;
}

}  // namespace reentry::assess_internal
