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

bool IsNotAnswered(const Column& column, size_t row) {
  switch (column.type) {
    case ColumnType::kInt32:
      return static_cast<const int32_t*>(column.data)[row] == kNotAnsweredInt32;
    case ColumnType::kFloat64:
      return std::isnan(static_cast<const double*>(column.data)[row]);
    default:
      return false;
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
      status =
          InvalidField(field, "item '", item.id, "': choice index ", internal::FormatNumber(value),
                       " is not between 0 and ", item.answer_ids.size() - 1);
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

// Working memory of one call, a few blocks' worth. Kept per thread and reused
// (it only grows), so a call allocates nothing that grows with the rows and
// repeated calls do not return memory to the system and fault it back in.
struct BlockScratch {
  void Reserve(size_t slots, size_t compounds) {
    Grow(&masks, std::max<size_t>(compounds, 1) * kBlockRows);
    Grow(&codes, slots * kBlockRows);
    Grow(&missing, slots * kBlockRows);
    for (auto* bytes : {&scratch_codes, &mask_any, &match, &fallback}) Grow(bytes, kBlockRows);
    for (auto* words : {&acc, &scaled}) Grow(words, kBlockRows);
  }
  template <typename T>
  static void Grow(std::vector<T>* v, size_t n) {
    if (v->size() < n) v->resize(n);
  }

  uint8_t* Mask(size_t index) { return masks.data() + index * kBlockRows; }

  std::vector<uint8_t> codes, missing, masks;
  std::vector<uint8_t> scratch_codes, mask_any, match, fallback;
  // The accumulator, as int8/int16/int32 in place, and scaled scores.
  std::vector<int32_t> acc, scaled;
};

BlockScratch& ThreadScratch() {
  thread_local BlockScratch scratch;
  return scratch;
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
                            " of item '", item.id, "' is not BOOL8 (1), INT32 (2) or FLOAT64 (3)");
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
        return InvalidField(field + ".scaled_score", "scale '", scale.id, "' has no scaled scores");
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
    const size_t slots = std::max<size_t>(program_.items.size(), 1);
    size_t compounds = 0;
    for (const KernelScale& kernel : program_.scales) {
      compounds = std::max(compounds, kernel.compounds.size());
    }
    scratch_.Reserve(slots, compounds);
    slot_codes_.assign(slots, nullptr);
    slot_missing_.assign(slots, false);
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
  const uint8_t* SlotCodes(int slot) const { return slot_codes_[slot]; }
  uint8_t* SlotMissing(int slot) {
    return scratch_.missing.data() + static_cast<size_t>(slot) * kBlockRows;
  }

  absl::Status Block(size_t begin, size_t n) {
    bool any_missing = false;
    std::fill(scratch_.fallback.begin(), scratch_.fallback.begin() + n, all_fallback_ ? 1 : 0);
    for (const BoundColumn& bound : columns_) {
      const CompiledItem& item = instrument_.items[bound.item];
      uint8_t* codes = bound.slot >= 0
                           ? scratch_.codes.data() + static_cast<size_t>(bound.slot) * kBlockRows
                           : scratch_.scratch_codes.data();
      uint8_t* missing = bound.slot >= 0 ? SlotMissing(bound.slot) : nullptr;
      int result = kAllValid;
      switch (bound.column->type) {
        case ColumnType::kBool8: {
          // A byte column of 0/1 is its own code: no copy.
          const uint8_t* values = static_cast<const uint8_t*>(bound.column->data) + begin;
          result = ops_.check_bool8(values, n);
          codes = const_cast<uint8_t*>(values);
          break;
        }
        case ColumnType::kInt32:
          result = ops_.classify_int32(static_cast<const int32_t*>(bound.column->data) + begin, n,
                                       bound.thresholds32.data(), bound.thresholds32.size(),
                                       bound.direct, bound.min32, bound.max32, codes, missing);
          break;
        default:
          result = ops_.classify_float64(static_cast<const double*>(bound.column->data) + begin, n,
                                         bound.thresholds64.data(), bound.thresholds64.size(),
                                         item.min, item.max, item.whole_number, codes, missing);
      }
      if (bound.slot >= 0) {
        slot_codes_[bound.slot] = codes;
        slot_missing_[bound.slot] = (result & kHasMissing) != 0;
      }
      if (result & kHasInvalid) {
        for (size_t i = 0; i < n; ++i) {
          if (IsNotAnswered(*bound.column, begin + i)) continue;
          auto status = RowError(item, *bound.column, bound.index, begin + i);
          if (!status.ok()) return status;
        }
      }
      if (result & kHasMissing) {
        for (size_t i = 0; i < n; ++i) {
          if (!IsNotAnswered(*bound.column, begin + i)) continue;
          if (instrument_.MustAnswer(group_, bound.item)) {
            return InvalidField(ColumnField(bound.index), "row ", begin + i, ": item '", item.id,
                                "' is not answered: instrument ", instrument_.Name(),
                                " requires it");
          }
          if (bound.slot < 0) continue;  // no scale tests it
          scratch_.fallback[i] = 1;
          any_missing = true;
        }
      }
    }
    for (const BoundOutput& output : outputs_) VectorScale(output, begin, n);
    if (any_missing || all_fallback_) return Fallback(begin, n);
    return absl::OkStatus();
  }

  template <typename Acc>
  void Accumulate(const AccumulateOps<Acc>& acc_ops, const KernelScale& kernel,
                  const ScaleOutput& output, size_t begin, size_t n) {
    // The terms of the score: every step of every item, then every compound
    // rule's mask (each in its own buffer) as a 0/1 step.
    term_codes_.clear();
    term_ks_.clear();
    term_deltas_.clear();
    for (const KernelSteps& steps : kernel.steps) {
      for (size_t k = 0; k < steps.codes.size(); ++k) {
        term_codes_.push_back(SlotCodes(steps.slot));
        term_ks_.push_back(steps.codes[k]);
        term_deltas_.push_back(steps.deltas[k]);
      }
    }
    for (size_t c = 0; c < kernel.compounds.size(); ++c) {
      term_codes_.push_back(CompoundMask(kernel.compounds[c], n, c));
      term_ks_.push_back(1);
      term_deltas_.push_back(kernel.compounds[c].points);
    }
    Acc* acc = reinterpret_cast<Acc*>(scratch_.acc.data());
    acc_ops.terms(acc, n, kernel.base, term_codes_.data(), term_ks_.data(), term_deltas_.data(),
                  term_codes_.size());
    if (output.raw_score != nullptr) acc_ops.to_double(acc, n, output.raw_score + begin);
    if (output.flag != nullptr) acc_ops.flag(acc, n, *kernel.flag_at, output.flag + begin);
    // Scaled scores and levels by thresholds in the accumulator's width.
    int32_t* scaled =
        output.scaled_score != nullptr ? output.scaled_score + begin : scratch_.scaled.data();
    if (output.scaled_score != nullptr || (output.level != nullptr && kernel.levels_from_scaled)) {
      acc_ops.thresholds(acc, n, kernel.scaled_base, kernel.scaled_mins.data(),
                         kernel.scaled_deltas.data(), kernel.scaled_mins.size(), scaled);
    }
    if (output.level != nullptr) {
      if (kernel.levels_from_scaled) {
        ops_.acc32.thresholds(scaled, n, 0, kernel.level_cuts.data(), kernel.level_ones.data(),
                              kernel.level_cuts.size(), output.level + begin);
      } else {
        acc_ops.thresholds(acc, n, 0, kernel.level_cuts.data(), kernel.level_ones.data(),
                           kernel.level_cuts.size(), output.level + begin);
      }
    }
  }

  // The rows where a match holds: a BOOLEAN's "yes" is its own codes;
  // otherwise its ranges, or'ed, into `buffer`.
  const uint8_t* MatchMask(const KernelMatch& match, size_t n, uint8_t* buffer) {
    const uint8_t* codes = SlotCodes(match.slot);
    if (match.identity) return codes;
    for (size_t r = 0; r < match.ranges.size(); ++r) {
      ops_.match_range(codes, n, match.ranges[r].first, match.ranges[r].second, r == 0 ? 0 : 2,
                       buffer);
    }
    return buffer;
  }

  // The rows where compound rule `index` of a scale holds: every `all`
  // match, and one `any`.
  const uint8_t* CompoundMask(const KernelCompound& compound, size_t n, size_t index) {
    uint8_t* out = scratch_.Mask(index);
    const uint8_t* all = nullptr;
    for (const KernelMatch& match : compound.all) {
      if (all == nullptr) {
        all = MatchMask(match, n, out);
      } else {
        ops_.and_masks(out, all, MatchMask(match, n, scratch_.match.data()), n);
        all = out;
      }
    }
    const uint8_t* any = nullptr;
    for (const KernelMatch& match : compound.any) {
      if (any == nullptr) {
        any = MatchMask(match, n, scratch_.mask_any.data());
      } else {
        ops_.or_masks(scratch_.mask_any.data(), any, MatchMask(match, n, scratch_.match.data()), n);
        any = scratch_.mask_any.data();
      }
    }
    if (all == nullptr) return any;
    if (any == nullptr) return all;
    ops_.and_masks(out, all, any, n);
    return out;
  }

  void VectorScale(const BoundOutput& output, size_t begin, size_t n) {
    const KernelScale& kernel = program_.scales[output.scale];
    if (kernel.width == 1) {
      Accumulate(ops_.acc8, kernel, *output.output, begin, n);
    } else if (kernel.width == 2) {
      Accumulate(ops_.acc16, kernel, *output.output, begin, n);
    } else {
      Accumulate(ops_.acc32, kernel, *output.output, begin, n);
    }
  }

  // Rows with missing answers: score them with the single-scoring core.
  absl::Status Fallback(size_t begin, size_t n) {
    std::vector<int> codes(instrument_.items.size(), kMissing);
    for (size_t i = 0; i < n; ++i) {
      if (!scratch_.fallback[i]) continue;
      for (size_t item = 0; item < instrument_.items.size(); ++item) {
        codes[item] = kMissing;
        const int slot = program_.slot_of_item[item];
        if (column_of_item_[item] < 0 || slot < 0) continue;  // no column, or no scale tests it
        if (slot_missing_[slot] && SlotMissing(slot)[i]) continue;
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
  // Per kernel slot: its codes for the block (a BOOL8 column's own bytes, or
  // scratch codes), and whether the block has unanswered rows (then the
  // scratch missing bytes say which).
  std::vector<const uint8_t*> slot_codes_;
  std::vector<bool> slot_missing_;
  BlockScratch& scratch_ = ThreadScratch();
  // The terms of the scale being accumulated (reused).
  std::vector<const uint8_t*> term_codes_;
  std::vector<uint8_t> term_ks_;
  std::vector<int32_t> term_deltas_;
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
  return assess_internal::ScoreColumnsWith(assess_internal::BestKernelOps(), instrument, norm_group,
                                           columns, n_rows, outputs);
}

absl::string_view BatchKernelName() { return assess_internal::BestKernelOps().name; }

}  // namespace reentry
