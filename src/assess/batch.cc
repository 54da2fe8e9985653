// Batch scoring from columns: validation of the call, the block loop over the
// vectorized kernel, and the fallback to the single-scoring core for rows with
// missing answers (so prorating is applied exactly as in single scoring).

#include "reentry/assess/batch.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "assess/batch_internal.h"
#include "assess/batch_kernel.h"
#include "assess/compiled.h"
#include "assess/evaluate.h"
#include "util/status.h"

namespace reentry {
namespace assess_internal {

extern const KernelOps kernel_generic_ops;
#if defined(REENTRY_HAVE_X86_64_KERNELS)
extern const KernelOps kernel_x86_64_v3_ops;
extern const KernelOps kernel_x86_64_v4_ops;
#endif

std::vector<const KernelOps*> AvailableKernelOps() {
  std::vector<const KernelOps*> available;
#if defined(REENTRY_HAVE_X86_64_KERNELS)
  __builtin_cpu_init();
  const bool v3 = __builtin_cpu_supports("avx") && __builtin_cpu_supports("avx2") &&
                  __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
                  __builtin_cpu_supports("fma");
  const bool v4 = v3 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                  __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
                  __builtin_cpu_supports("avx512cd");
  if (v4) available.push_back(&kernel_x86_64_v4_ops);
  if (v3) available.push_back(&kernel_x86_64_v3_ops);
#endif
  available.push_back(&kernel_generic_ops);
  return available;
}

const KernelOps& BestKernelOps() {
  static const KernelOps* const best = AvailableKernelOps().front();
  return *best;
}

namespace {

using internal::InvalidField;

std::string ColumnField(size_t column) { return absl::StrCat("columns[", column, "]"); }

absl::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kBool8:
      return "BOOL8";
    case ColumnType::kInt32:
      return "INT32";
    default:
      return "FLOAT64";
  }
}

bool Accepts(v1::Item::Type item, ColumnType column) {
  switch (item) {
    case v1::Item::BOOLEAN:
      return true;
    case v1::Item::CHOICE:
      return column == ColumnType::kInt32;
    default:
      return column != ColumnType::kBool8;
  }
}

double ValueAt(const Column& column, size_t row) {
  switch (column.type) {
    case ColumnType::kBool8:
      return static_cast<const uint8_t*>(column.data)[row];
    case ColumnType::kInt32:
      return static_cast<const int32_t*>(column.data)[row];
    default:
      return static_cast<const double*>(column.data)[row];
  }
}

// The error for row `row` of a column, in the words of single scoring.
absl::Status RowError(const CompiledItem& item, const Column& column, size_t index, size_t row) {
  const std::string field = ColumnField(index);
  const double value = ValueAt(column, row);
  absl::Status status;
  if (item.type == v1::Item::BOOLEAN) {
    if (!(value == 0 || value == 1)) {
      status = InvalidField(field, "item '", item.id, "': ", internal::FormatNumber(value),
                            " is not 0 or 1");
    }
  } else if (item.type == v1::Item::CHOICE) {
    if (!(value >= 0 && value < static_cast<double>(item.answer_ids.size()))) {
      status = InvalidField(field, "item '", item.id, "': choice index ",
                            internal::FormatNumber(value), " is not between 0 and ",
                            item.answer_ids.size() - 1);
    }
  } else {
    status = CodeOfNumber(item, value, field).status();
  }
  return internal::Annotate(status, absl::StrCat("row ", row, ": "));
}

struct BoundColumn {
  const Column* column = nullptr;
  size_t index = 0;  // position in the caller's columns
  int item = 0;
  int slot = -1;  // kernel slot, -1 when no scale tests the item
  // Classification: band thresholds (rounded up for whole-number columns),
  // the valid range, and whether the value is the code itself.
  std::vector<double> thresholds64;
  std::vector<int32_t> thresholds32;
  int32_t min32 = 0;
  int32_t max32 = 0;
  bool direct = false;
};

int32_t ClampToInt32(double value) {
  return static_cast<int32_t>(std::clamp(value, -2147483648.0, 2147483647.0));
}

struct BoundOutput {
  const ScaleOutput* output = nullptr;
  int scale = 0;
};

class BatchScorer {
 public:
  BatchScorer(const KernelOps& ops, const CompiledInstrument& instrument, int group)
      : ops_(ops), instrument_(instrument), group_(group), program_(instrument.kernels[group]) {}

  absl::Status Bind(absl::Span<const Column> columns, size_t n_rows,
                    absl::Span<const ScaleOutput> outputs) {
    column_of_item_.assign(instrument_.items.size(), -1);
    for (size_t c = 0; c < columns.size(); ++c) {
      const Column& column = columns[c];
      const std::string field = ColumnField(c);
      if (column.item_id.empty()) return InvalidField(field + ".item_id", "is required");
      const auto it = instrument_.item_index.find(column.item_id);
      if (it == instrument_.item_index.end()) {
        return InvalidField(field + ".item_id", "unknown item '", column.item_id,
                            "' for instrument ", instrument_.Name());
      }
      const CompiledItem& item = instrument_.items[it->second];
      if (column_of_item_[it->second] >= 0) {
        return InvalidField(field + ".item_id", "item '", item.id, "' has two columns (also ",
                            ColumnField(column_of_item_[it->second]), ")");
      }
      if (column.type != ColumnType::kBool8 && column.type != ColumnType::kInt32 &&
          column.type != ColumnType::kFloat64) {
        return InvalidField(field + ".type", "column type ", static_cast<int>(column.type),
                            " of item '", item.id,
                            "' is not BOOL8 (1), INT32 (2) or FLOAT64 (3)");
      }
      if (!Accepts(item.type, column.type)) {
        return InvalidField(field + ".type", "item '", item.id, "' is ",
                            v1::Item::Type_Name(item.type), " and cannot be read from a ",
                            ColumnTypeName(column.type), " column");
      }
      if (column.data == nullptr && n_rows > 0) {
        return InvalidField(field + ".data", "column of item '", item.id, "' is NULL");
      }
      column_of_item_[it->second] = static_cast<int>(c);
      BoundColumn bound;
      bound.column = &column;
      bound.index = c;
      bound.item = it->second;
      bound.slot = program_.slot_of_item[it->second];
      bound.direct = item.type == v1::Item::BOOLEAN || item.type == v1::Item::CHOICE;
      bound.min32 = ClampToInt32(std::ceil(item.min));
      bound.max32 = ClampToInt32(std::floor(item.max));
      if (item.type == v1::Item::BOOLEAN) {
        bound.thresholds64 = {1.0};
      } else if (bound.slot >= 0) {
        bound.thresholds64 = program_.items[bound.slot].thresholds;
      }
      for (double t : bound.thresholds64) bound.thresholds32.push_back(ClampToInt32(std::ceil(t)));
      columns_.push_back(std::move(bound));
    }
    for (size_t i = 0; i < instrument_.items.size(); ++i) {
      if (column_of_item_[i] < 0 && instrument_.MustAnswer(group_, static_cast<int>(i))) {
        return InvalidField("columns", "no column for item '", instrument_.items[i].id,
                            "': instrument ", instrument_.Name(), " requires it");
      }
    }
    std::vector<bool> seen(instrument_.scales.size(), false);
    for (size_t o = 0; o < outputs.size(); ++o) {
      const ScaleOutput& output = outputs[o];
      const std::string field = absl::StrCat("outputs[", o, "]");
      const auto it = instrument_.scale_index.find(output.scale_id);
      if (it == instrument_.scale_index.end()) {
        return InvalidField(field + ".scale_id", "unknown scale '", output.scale_id,
                            "' for instrument ", instrument_.Name());
      }
      if (seen[it->second]) {
        return InvalidField(field + ".scale_id", "scale '", output.scale_id,
                            "' is requested twice");
      }
      seen[it->second] = true;
      const CompiledScale& scale = instrument_.scales[it->second];
      const CompiledNorm& norm = scale.NormFor(group_);
      if (output.scaled_score != nullptr && norm.scaled.empty()) {
        return InvalidField(field + ".scaled_score", "scale '", scale.id,
                            "' has no scaled scores");
      }
      if (output.flag != nullptr && !norm.flag_at.has_value()) {
        return InvalidField(field + ".flag", "scale '", scale.id, "' has no flag");
      }
      if (output.level != nullptr && scale.levels.empty()) {
        return InvalidField(field + ".level", "scale '", scale.id, "' has no levels");
      }
      outputs_.push_back({&output, it->second});
    }
    // Rows take the fallback when an item a requested scale tests has no column.
    for (const BoundOutput& output : outputs_) {
      for (int item : instrument_.scales[output.scale].NormFor(group_).items) {
        if (column_of_item_[item] < 0) all_fallback_ = true;
      }
    }
    codes_.assign(std::max<size_t>(program_.items.size(), 1) * kBlockRows, 0);
    missing_.assign(std::max<size_t>(program_.items.size(), 1) * kBlockRows, 0);
    scratch_codes_.assign(kBlockRows, 0);
    scratch_missing_.assign(kBlockRows, 0);
    mask_.assign(kBlockRows, 0);
    mask_any_.assign(kBlockRows, 0);
    match_.assign(kBlockRows, 0);
    acc_.assign(kBlockRows, 0);
    level_scores_.assign(kBlockRows, 0);
    fallback_.assign(kBlockRows, 0);
    return absl::OkStatus();
  }

  absl::Status Run(size_t n_rows) {
    for (size_t begin = 0; begin < n_rows; begin += kBlockRows) {
      const size_t n = std::min(kBlockRows, n_rows - begin);
      if (auto s = Block(begin, n); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  uint8_t* SlotCodes(int slot) { return codes_.data() + static_cast<size_t>(slot) * kBlockRows; }
  uint8_t* SlotMissing(int slot) {
    return missing_.data() + static_cast<size_t>(slot) * kBlockRows;
  }

  absl::Status Block(size_t begin, size_t n) {
    bool any_missing = false;
    std::fill(fallback_.begin(), fallback_.begin() + n, all_fallback_ ? 1 : 0);
    for (BoundColumn& bound : columns_) {
      const CompiledItem& item = instrument_.items[bound.item];
      uint8_t* codes = bound.slot >= 0 ? SlotCodes(bound.slot) : scratch_codes_.data();
      uint8_t* missing = bound.slot >= 0 ? SlotMissing(bound.slot) : scratch_missing_.data();
      int result = kAllValid;
      switch (bound.column->type) {
        case ColumnType::kBool8:
          result = ops_.classify_bool8(static_cast<const uint8_t*>(bound.column->data) + begin,
                                       n, codes);
          std::fill(missing, missing + n, 0);
          break;
        case ColumnType::kInt32:
          result = ops_.classify_int32(static_cast<const int32_t*>(bound.column->data) + begin,
                                       n, bound.thresholds32.data(), bound.thresholds32.size(),
                                       bound.direct, bound.min32, bound.max32, codes, missing);
          break;
        default:
          result = ops_.classify_float64(static_cast<const double*>(bound.column->data) + begin,
                                         n, bound.thresholds64.data(), bound.thresholds64.size(),
                                         item.min, item.max, item.whole_number, codes, missing);
      }
      if (result & kHasInvalid) {
        for (size_t i = 0; i < n; ++i) {
          if (missing[i]) continue;
          auto status = RowError(item, *bound.column, bound.index, begin + i);
          if (!status.ok()) return status;
        }
      }
      if (result & kHasMissing) {
        if (instrument_.MustAnswer(group_, bound.item)) {
          for (size_t i = 0; i < n; ++i) {
            if (!missing[i]) continue;
            return InvalidField(ColumnField(bound.index), "row ", begin + i, ": item '", item.id,
                                "' is not answered: instrument ", instrument_.Name(),
                                " requires it");
          }
        }
        any_missing = true;
        for (size_t i = 0; i < n; ++i) fallback_[i] |= missing[i];
      }
    }
    for (const BoundOutput& output : outputs_) VectorScale(output, begin, n);
    if (any_missing || all_fallback_) return Fallback(begin, n);
    return absl::OkStatus();
  }

  template <typename Acc>
  void Accumulate(const AccumulateOps<Acc>& acc_ops, const KernelScale& kernel,
                  const ScaleOutput& output, size_t begin, size_t n) {
    Acc* acc = reinterpret_cast<Acc*>(acc_.data());
    acc_ops.fill(acc, n, kernel.base);
    for (const KernelStep& step : kernel.steps) {
      acc_ops.step(acc, SlotCodes(step.slot), n, step.code, step.delta);
    }
    for (const KernelCompound& compound : kernel.compounds) {
      bool first = true;
      for (const KernelMatch& match : compound.all) {
        MatchInto(match, n, first ? 0 : 1, mask_.data());
        first = false;
      }
      if (!compound.any.empty()) {
        bool first_any = true;
        for (const KernelMatch& match : compound.any) {
          MatchInto(match, n, first_any ? 0 : 2, mask_any_.data());
          first_any = false;
        }
        if (first) {
          std::copy(mask_any_.begin(), mask_any_.begin() + n, mask_.begin());
        } else {
          ops_.and_masks(mask_.data(), mask_any_.data(), n);
        }
      }
      acc_ops.add_masked(acc, mask_.data(), n, compound.points);
    }
    if (output.raw_score != nullptr) acc_ops.to_double(acc, n, output.raw_score + begin);
    const bool need_scaled =
        output.scaled_score != nullptr || (output.level != nullptr && kernel.levels_from_scaled);
    int32_t* scaled = output.scaled_score != nullptr ? output.scaled_score + begin
                                                     : level_scores_.data();
    if (need_scaled) {
      scaled_mins_.clear();
      scaled_deltas_.clear();
      for (const auto& [min, delta] : kernel.scaled_steps) {
        scaled_mins_.push_back(min);
        scaled_deltas_.push_back(delta);
      }
      acc_ops.thresholds(acc, n, kernel.scaled_base, scaled_mins_.data(), scaled_deltas_.data(),
                         scaled_mins_.size(), scaled);
    }
    if (output.level != nullptr) {
      ones_.assign(kernel.level_cuts.size(), 1);
      if (kernel.levels_from_scaled) {
        ops_.acc32.thresholds(scaled, n, 0, kernel.level_cuts.data(), ones_.data(),
                              ones_.size(), output.level + begin);
      } else {
        acc_ops.thresholds(acc, n, 0, kernel.level_cuts.data(), ones_.data(), ones_.size(),
                           output.level + begin);
      }
    }
    if (output.flag != nullptr) acc_ops.flag(acc, n, *kernel.flag_at, output.flag + begin);
  }

  // Combines (0 set, 1 and, 2 or) the match into `mask`; the ranges of one
  // match are alternatives.
  void MatchInto(const KernelMatch& match, size_t n, int combine, uint8_t* mask) {
    const uint8_t* codes = SlotCodes(match.slot);
    if (match.ranges.size() == 1) {
      ops_.match_range(codes, n, match.ranges[0].first, match.ranges[0].second, combine, mask);
      return;
    }
    uint8_t* target = combine == 0 ? mask : match_.data();
    for (size_t r = 0; r < match.ranges.size(); ++r) {
      ops_.match_range(codes, n, match.ranges[r].first, match.ranges[r].second, r == 0 ? 0 : 2,
                       target);
    }
    if (combine == 1) ops_.and_masks(mask, match_.data(), n);
    if (combine == 2) ops_.or_masks(mask, match_.data(), n);
  }

  void VectorScale(const BoundOutput& output, size_t begin, size_t n) {
    const KernelScale& kernel = program_.scales[output.scale];
    if (kernel.bound <= std::numeric_limits<int8_t>::max()) {
      Accumulate(ops_.acc8, kernel, *output.output, begin, n);
    } else if (kernel.bound <= std::numeric_limits<int16_t>::max()) {
      Accumulate(ops_.acc16, kernel, *output.output, begin, n);
    } else {
      Accumulate(ops_.acc32, kernel, *output.output, begin, n);
    }
  }

  // Rows with missing answers: score them with the single-scoring core.
  absl::Status Fallback(size_t begin, size_t n) {
    std::vector<int> codes(instrument_.items.size(), kMissing);
    for (size_t i = 0; i < n; ++i) {
      if (!fallback_[i]) continue;
      for (size_t item = 0; item < instrument_.items.size(); ++item) {
        codes[item] = kMissing;
        const int slot = program_.slot_of_item[item];
        if (column_of_item_[item] < 0 || slot < 0) continue;  // no column, or no scale tests it
        if (SlotMissing(slot)[i]) continue;
        codes[item] = SlotCodes(slot)[i];
      }
      for (const BoundOutput& output : outputs_) {
        auto outcome = EvaluateScale(instrument_, output.scale, group_, codes.data());
        if (!outcome.ok()) {
          return internal::WithField(
              internal::Annotate(outcome.status(), absl::StrCat("row ", begin + i, ": ")),
              "columns");
        }
        const ScaleOutput& out = *output.output;
        const size_t row = begin + i;
        if (out.raw_score != nullptr) out.raw_score[row] = outcome->raw;
        if (out.scaled_score != nullptr) out.scaled_score[row] = *outcome->scaled;
        if (out.level != nullptr) out.level[row] = outcome->level;
        if (out.flag != nullptr) out.flag[row] = *outcome->flag ? 1 : 0;
      }
    }
    return absl::OkStatus();
  }

  const KernelOps& ops_;
  const CompiledInstrument& instrument_;
  const int group_;
  const KernelProgram& program_;
  std::vector<int> column_of_item_;
  std::vector<BoundColumn> columns_;
  std::vector<BoundOutput> outputs_;
  bool all_fallback_ = false;
  std::vector<uint8_t> codes_, missing_, scratch_codes_, scratch_missing_;
  std::vector<uint8_t> mask_, mask_any_, match_, fallback_;
  std::vector<int32_t> acc_, level_scores_, scaled_mins_, scaled_deltas_, ones_;
};

}  // namespace

absl::Status ScoreColumnsWith(const KernelOps& ops, const Instrument& instrument,
                              absl::string_view norm_group, absl::Span<const Column> columns,
                              size_t n_rows, absl::Span<const ScaleOutput> outputs) {
  const CompiledInstrument& compiled = Compiled(instrument);
  auto group = compiled.NormGroupIndex(norm_group, "norm_group");
  if (!group.ok()) return group.status();
  BatchScorer scorer(ops, compiled, *group);
  if (auto s = scorer.Bind(columns, n_rows, outputs); !s.ok()) return s;
  return scorer.Run(n_rows);
}

}  // namespace assess_internal

absl::Status ScoreColumns(const Instrument& instrument, absl::string_view norm_group,
                          absl::Span<const Column> columns, size_t n_rows,
                          absl::Span<const ScaleOutput> outputs) {
  return assess_internal::ScoreColumnsWith(assess_internal::BestKernelOps(), instrument,
                                           norm_group, columns, n_rows, outputs);
}

absl::string_view BatchKernelName() { return assess_internal::BestKernelOps().name; }

}  // namespace reentry
