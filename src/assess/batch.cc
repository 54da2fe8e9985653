// Batch scoring from columns: validation of the call, the block loop over the
// vectorized kernel, and the fallback to the single-scoring core for rows with
// missing answers (so prorating is applied exactly as in single scoring).

#include "reentry/assess/batch.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/numeric/bits.h"
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
    case v1::Item::TYPE_BOOLEAN:
      return true;
    case v1::Item::TYPE_CHOICE:
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

// The answer code of row `row` of a column, or its error in the words of
// single scoring.
absl::StatusOr<int> CodeAt(const CompiledItem& item, const Column& column, size_t index,
                           size_t row) {
  const std::string field = ColumnField(index);
  const double value = ValueAt(column, row);
  absl::Status status;
  if (item.type == v1::Item::TYPE_BOOLEAN) {
    if (value == 0 || value == 1) return static_cast<int>(value);
    status = InvalidField(field, "item ", internal::Quoted(item.id), ": ",
                          internal::FormatNumber(value), " is not 0 or 1");
  } else if (item.type == v1::Item::TYPE_CHOICE) {
    if (value >= 0 && value < static_cast<double>(item.answer_ids.size())) {
      return static_cast<int>(value);
    }
    status = InvalidField(field, "item ", internal::Quoted(item.id), ": choice index ",
                          internal::FormatNumber(value), " is not between 0 and ",
                          item.answer_ids.size() - 1);
  } else {
    auto code = CodeOfNumber(item, value, field);
    if (code.ok()) return code;
    status = code.status();
  }
  return internal::Annotate(status, absl::StrCat("row ", row, ": "));
}

struct BoundColumn {
  const Column* column = nullptr;
  size_t index = 0;  // position in the caller's columns
  int item = 0;
};

struct BoundOutput {
  const ScaleOutput* output = nullptr;
  int scale = 0;
};

int32_t ClampToInt32(double value) {
  return static_cast<int32_t>(std::clamp(value, -2147483648.0, 2147483647.0));
}

// A strip's bytes for one code slot or predicate, aligned for vector loads.
struct alignas(64) StripBytes {
  uint8_t bytes[kStripRows];
};

// Thresholds as the kernel takes them for an accumulator of `width` bytes:
// those below its range always hold (folded into the base), those above it
// never do (dropped). Scores always lie within the range.
struct Steps {
  Steps(int width, int32_t base, const std::vector<int32_t>& mins,
        const std::vector<int32_t>& deltas)
      : base(base) {
    const int64_t lowest = -(int64_t{1} << (8 * width - 1));
    const int64_t highest = (int64_t{1} << (8 * width - 1)) - 1;
    for (size_t k = 0; k < mins.size(); ++k) {
      if (mins[k] <= lowest) {
        this->base += deltas[k];
      } else if (mins[k] <= highest) {
        this->mins.push_back(mins[k]);
        this->deltas.push_back(deltas[k]);
      }
    }
  }
  StripSteps View() const {
    return {base, mins.data(), deltas.data(), static_cast<uint32_t>(mins.size())};
  }
  // The steps applied to x.
  int32_t At(int32_t x) const {
    int32_t value = base;
    for (size_t k = 0; k < mins.size(); ++k) value += x >= mins[k] ? deltas[k] : 0;
    return value;
  }

  int32_t base;
  std::vector<int32_t> mins, deltas;
};

class BatchScorer {
 public:
  BatchScorer(const KernelOps& ops, const CompiledInstrument& instrument, int group)
      : ops_(ops), instrument_(instrument), group_(group), kernel_(instrument.kernels[group]) {}

  absl::Status Bind(absl::Span<const Column> columns, size_t n_rows,
                    absl::Span<const ScaleOutput> outputs) {
    column_of_item_.assign(instrument_.items.size(), -1);
    for (size_t c = 0; c < columns.size(); ++c) {
      const Column& column = columns[c];
      const std::string field = ColumnField(c);
      if (column.item_id.empty()) return InvalidField(field + ".item_id", "is required");
      const auto it = instrument_.item_index.find(column.item_id);
      if (it == instrument_.item_index.end()) {
        return InvalidField(field + ".item_id", "unknown item ", internal::Quoted(column.item_id),
                            " for instrument ", instrument_.Name());
      }
      const CompiledItem& item = instrument_.items[it->second];
      if (column_of_item_[it->second] >= 0) {
        return InvalidField(field + ".item_id", "item ", internal::Quoted(item.id),
                            " has two columns (also ", ColumnField(column_of_item_[it->second]),
                            ")");
      }
      if (column.type != ColumnType::kBool8 && column.type != ColumnType::kInt32 &&
          column.type != ColumnType::kFloat64) {
        return InvalidField(field + ".type", "column type ", static_cast<int>(column.type),
                            " of item ", internal::Quoted(item.id),
                            " is not BOOL8 (1), INT32 (2) or FLOAT64 (3)");
      }
      if (!Accepts(item.type, column.type)) {
        return InvalidField(field + ".type", "item ", internal::Quoted(item.id), " is ",
                            ItemTypeName(item.type), " and cannot be read from a ",
                            ColumnTypeName(column.type), " column");
      }
      if (column.data == nullptr && n_rows > 0) {
        return InvalidField(field + ".data", "column of item ", internal::Quoted(item.id),
                            " is NULL");
      }
      column_of_item_[it->second] = static_cast<int>(c);
      BoundColumn bound;
      bound.column = &column;
      bound.index = c;
      bound.item = it->second;
      columns_.push_back(std::move(bound));
    }
    for (size_t i = 0; i < instrument_.items.size(); ++i) {
      if (column_of_item_[i] < 0 && instrument_.MustAnswer(group_, static_cast<int>(i))) {
        return InvalidField("columns", "no column for item ",
                            internal::Quoted(instrument_.items[i].id), ": instrument ",
                            instrument_.Name(), " requires it");
      }
    }
    std::vector<bool> seen(instrument_.scales.size(), false);
    for (size_t o = 0; o < outputs.size(); ++o) {
      const ScaleOutput& output = outputs[o];
      const std::string field = absl::StrCat("outputs[", o, "]");
      const auto it = instrument_.scale_index.find(output.scale_id);
      if (it == instrument_.scale_index.end()) {
        return InvalidField(field + ".scale_id", "unknown scale ",
                            internal::Quoted(output.scale_id), " for instrument ",
                            instrument_.Name());
      }
      if (seen[it->second]) {
        return InvalidField(field + ".scale_id", "scale ", internal::Quoted(output.scale_id),
                            " is requested twice");
      }
      seen[it->second] = true;
      const CompiledScale& scale = instrument_.scales[it->second];
      const CompiledNorm& norm = scale.NormFor(group_);
      if (output.scaled_score != nullptr && norm.scaled.empty()) {
        return InvalidField(field + ".scaled_score", "scale ", internal::Quoted(scale.id),
                            " has no scaled scores");
      }
      if (output.flag != nullptr && !norm.flag_at.has_value()) {
        return InvalidField(field + ".flag", "scale ", internal::Quoted(scale.id), " has no flag");
      }
      if (output.level != nullptr && scale.levels.empty()) {
        return InvalidField(field + ".level", "scale ", internal::Quoted(scale.id),
                            " has no levels");
      }
      outputs_.push_back({&output, it->second});
    }
    // Rows take the fallback when an item a requested scale tests has no column.
    for (const BoundOutput& output : outputs_) {
      for (int item : instrument_.scales[output.scale].NormFor(group_).items) {
        if (column_of_item_[item] < 0) all_fallback_ = true;
      }
    }
    codes_.assign(instrument_.items.size(), kMissing);
    BuildProgram();
    return absl::OkStatus();
  }

  // Scores rows [begin, end).
  absl::Status Run(size_t begin, size_t end) {
    if (all_fallback_) {
      for (size_t row = begin; row < end; ++row) {
        if (auto s = CheckRow(row, true); !s.ok()) return s;
      }
      return absl::OkStatus();
    }
    for (size_t row = begin; row < end;) {
      StripSuspects found;
      row = ops_.run(program_, row, end, &found);
      for (size_t s = 0; s < found.strips; ++s) {
        for (uint64_t rows = found.rows[s]; rows != 0; rows &= rows - 1) {
          const size_t at = found.row + kStripRows * s + absl::countr_zero(rows);
          if (auto status = CheckRow(at, false); !status.ok()) return status;
        }
      }
    }
    return absl::OkStatus();
  }

 private:
  // The kernel's program for this call: the predicates, code slots, groups
  // and columns the requested scales need, and their outputs. Where the
  // kernel looks up tables, a byte-sized scale adds the points of the rules
  // on grouped items by one lookup per group (see KernelGroup), and derives
  // its outputs from tables of the raw score when that spans at most 16
  // values.
  void BuildProgram() {
    const std::vector<StripPredicate>& all = kernel_.predicates;
    std::vector<bool> needed(all.size(), false);
    std::vector<bool> slot_needed(kernel_.items.size(), false);
    std::vector<int> group_index(kernel_.groups.size(), -1);
    int groups = 0;
    for (const BoundOutput& output : outputs_) {
      const KernelScale& kernel = kernel_.scales[output.scale];
      for (const StripTerm& term : TermsOf(kernel)) needed[term.predicate] = true;
      if (!ByLookup(kernel)) continue;
      for (const StripLookup& lookup : kernel.lookups) {
        if (group_index[lookup.group] >= 0) continue;
        group_index[lookup.group] = groups++;
        for (uint32_t slot : kernel_.groups[lookup.group].slots) slot_needed[slot] = true;
      }
    }
    // Operands come first, so one backward pass finds them all.
    for (size_t p = all.size(); p-- > 0;) {
      const StripPredicate& predicate = all[p];
      if (!needed[p]) continue;
      if (predicate.op == StripPredicate::kAnd || predicate.op == StripPredicate::kOr) {
        needed[predicate.a] = needed[predicate.b] = true;
      } else {
        slot_needed[predicate.a] = true;
      }
    }
    std::vector<int> slot_index(kernel_.items.size(), -1);
    int slots = 0;
    for (size_t slot = 0; slot < slot_needed.size(); ++slot) {
      if (slot_needed[slot]) slot_index[slot] = slots++;
    }
    std::vector<uint32_t> predicate_index(all.size());
    for (size_t p = 0; p < all.size(); ++p) {
      if (!needed[p]) continue;
      StripPredicate predicate = all[p];
      if (predicate.op == StripPredicate::kAnd || predicate.op == StripPredicate::kOr) {
        predicate.a = predicate_index[predicate.a];
        predicate.b = predicate_index[predicate.b];
      } else {
        predicate.a = static_cast<uint32_t>(slot_index[predicate.a]);
      }
      predicate_index[p] = static_cast<uint32_t>(predicates_.size());
      predicates_.push_back(predicate);
    }
    for (const BoundColumn& bound : columns_) {
      const int kernel_slot = kernel_.slot_of_item[bound.item];
      StripColumn column = StripColumnOf(bound, kernel_slot >= 0 ? slot_index[kernel_slot] : -1);
      const KernelItem* item = kernel_slot >= 0 ? &kernel_.items[kernel_slot] : nullptr;
      if (item != nullptr && item->group >= 0 && group_index[item->group] >= 0) {
        column.group = group_index[item->group];
        for (int code = 0; code < 16; ++code) {
          column.shifted[code] = static_cast<int8_t>(code << item->shift);
        }
      }
      strip_columns_.push_back(column);
    }
    scales_.reserve(outputs_.size());  // the views below point into it
    for (size_t o = 0; o < outputs_.size(); ++o) {
      const BoundOutput& output = outputs_[o];
      const KernelScale& kernel = kernel_.scales[output.scale];
      const ScaleOutput& out = *output.output;
      std::vector<StripTerm> terms = TermsOf(kernel);
      for (StripTerm& term : terms) term.predicate = predicate_index[term.predicate];
      std::vector<StripLookup> lookups;
      if (ByLookup(kernel)) lookups = kernel.lookups;
      for (StripLookup& lookup : lookups) {
        lookup.group = static_cast<uint32_t>(group_index[lookup.group]);
      }
      std::vector<int32_t> flag_at, one;
      if (kernel.flag_at) {
        flag_at = {*kernel.flag_at};
        one = {1};
      }
      scales_.push_back(
          {std::move(terms), std::move(lookups),
           Steps(kernel.width, kernel.scaled_base, kernel.scaled_mins, kernel.scaled_deltas),
           Steps(kernel.width, 0, kernel.level_cuts,
                 std::vector<int32_t>(kernel.level_cuts.size(), 1)),
           Steps(kernel.width, 0, flag_at, one)});
      const ScaleSteps& steps = scales_.back();
      StripScale scale;
      scale.width = kernel.width;
      scale.base = kernel.base;
      scale.terms = steps.terms.data();
      scale.n_terms = static_cast<uint32_t>(steps.terms.size());
      scale.lookups = steps.lookups.data();
      scale.n_lookups = static_cast<uint32_t>(steps.lookups.size());
      scale.scaled = steps.scaled.View();
      scale.levels = steps.levels.View();
      scale.levels_from_scaled = kernel.levels_from_scaled;
      scale.flag = steps.flag.View();
      const CompiledNorm& norm = instrument_.scales[output.scale].NormFor(group_);
      if (ByLookup(kernel) && int64_t{norm.max_raw} - norm.min_raw < 16) {
        scale.by_table = true;
        scale.raw_min = static_cast<int8_t>(norm.min_raw);
        for (int32_t raw = norm.min_raw; raw <= norm.max_raw; ++raw) {
          const size_t i = static_cast<size_t>(raw - norm.min_raw);
          const int32_t scaled = steps.scaled.At(raw);
          scale.scaled_table[i] = static_cast<int8_t>(scaled);
          scale.level_table[i] =
              static_cast<int8_t>(steps.levels.At(kernel.levels_from_scaled ? scaled : raw));
          scale.flag_table[i] = static_cast<int8_t>(steps.flag.At(raw));
        }
      }
      scale.raw_out = out.raw_score;
      scale.scaled_out = out.scaled_score;
      scale.level_out = out.level;
      scale.flag_out = out.flag;
      strip_scales_.push_back(scale);
    }
    codes_scratch_.resize(std::max<size_t>(slots, 1) * kMaxTileStrips);
    masks_scratch_.resize(std::max<size_t>(predicates_.size(), 1) * kMaxTileStrips);
    groups_scratch_.resize(std::max<size_t>(groups, 1) * kMaxTileStrips);
    slot_codes_.resize(std::max(slots, 1));
    program_.columns = strip_columns_.data();
    program_.n_columns = static_cast<uint32_t>(strip_columns_.size());
    program_.predicates = predicates_.data();
    program_.n_predicates = static_cast<uint32_t>(predicates_.size());
    program_.scales = strip_scales_.data();
    program_.n_scales = static_cast<uint32_t>(strip_scales_.size());
    program_.codes = codes_scratch_.data()->bytes;
    program_.masks = masks_scratch_.data()->bytes;
    program_.n_groups = static_cast<uint32_t>(groups);
    program_.groups = groups_scratch_.data()->bytes;
    program_.slot_codes = slot_codes_.data();
  }

  // Whether the kernel adds the scale's points on grouped items by table
  // lookups (a byte-sized scale, on a kernel that has them).
  bool ByLookup(const KernelScale& scale) const { return ops_.table_lookup && scale.width == 1; }

  // The terms the kernel adds one by one for the scale.
  const std::vector<StripTerm>& TermsOf(const KernelScale& scale) const {
    return ByLookup(scale) ? scale.ungrouped_terms : scale.terms;
  }

  // How the kernel reads a column: the range of answers it passes without
  // a second look, and how it turns values into codes.
  StripColumn StripColumnOf(const BoundColumn& bound, int slot) {
    const CompiledItem& item = instrument_.items[bound.item];
    StripColumn column;
    column.data = bound.column->data;
    column.slot = slot;
    column.min = item.min;
    column.max = item.max;
    column.whole = item.whole_number;
    column.direct = item.type == v1::Item::TYPE_BOOLEAN || item.type == v1::Item::TYPE_CHOICE;
    // INT32_MIN is "not answered", never a value the kernel passes.
    column.min32 = std::max(ClampToInt32(std::ceil(item.min)), kNotAnsweredInt32 + 1);
    column.max32 = ClampToInt32(std::floor(item.max));
    if (item.type == v1::Item::TYPE_CHOICE) {  // choice indices
      column.min32 = 0;
      column.max32 = static_cast<int32_t>(item.answer_ids.size()) - 1;
    }
    const int kernel_slot = kernel_.slot_of_item[bound.item];
    if (kernel_slot >= 0) {
      const std::vector<double>& thresholds = kernel_.items[kernel_slot].thresholds;
      column.thresholds64 = thresholds.data();
      column.count = static_cast<uint32_t>(thresholds.size());
    }
    switch (bound.column->type) {
      case ColumnType::kBool8:
        column.kind = StripColumn::kBool8;
        return column;
      case ColumnType::kFloat64:
        column.kind = StripColumn::kFloat64;
        return column;
      default:
        break;
    }
    // Whole-number thresholds of an int32 column: v >= t exactly when
    // v >= ceil(t).
    std::vector<int32_t>& thresholds32 = thresholds32_.emplace_back();
    for (uint32_t k = 0; k < column.count; ++k) {
      thresholds32.push_back(ClampToInt32(std::ceil(column.thresholds64[k])));
    }
    column.thresholds32 = thresholds32.data();
    // Bytes when every answer that matters fits one: values saturate at 255,
    // which is then always suspect and looked at again.
    const bool bytes = column.min32 >= 0 && column.min32 <= 254 &&
                       std::all_of(thresholds32.begin(), thresholds32.end(),
                                   [](int32_t t) { return t >= 0 && t <= 255; });
    column.kind = bytes ? StripColumn::kInt32Bytes : StripColumn::kInt32;
    if (bytes) column.max32 = std::min(column.max32, 254);
    return column;
  }

  // A row the kernel marked suspect, or any row when `fallback`: fails on the
  // first invalid value or unanswered required item, and scores the row with
  // the single-scoring core when some item a scale tests is not answered (or
  // when `fallback`). A suspect row may also be valid and complete (a count of
  // 255 or more); the kernel's results then stand.
  absl::Status CheckRow(size_t row, bool fallback) {
    for (const BoundColumn& bound : columns_) {
      const CompiledItem& item = instrument_.items[bound.item];
      if (IsNotAnswered(*bound.column, row)) {
        if (instrument_.MustAnswer(group_, bound.item)) {
          return InvalidField(ColumnField(bound.index), "row ", row, ": item ",
                              internal::Quoted(item.id), " is not answered: instrument ",
                              instrument_.Name(), " requires it");
        }
        codes_[bound.item] = kMissing;
        if (kernel_.slot_of_item[bound.item] >= 0) fallback = true;
        continue;
      }
      auto code = CodeAt(item, *bound.column, bound.index, row);
      if (!code.ok()) return code.status();
      codes_[bound.item] = *code;
    }
    return fallback ? ScoreRow(row) : absl::OkStatus();
  }

  // Scores row `row` from codes_ with the single-scoring core, so prorating
  // is applied exactly as in single scoring.
  absl::Status ScoreRow(size_t row) {
    for (const BoundOutput& output : outputs_) {
      auto outcome = EvaluateScale(instrument_, output.scale, group_, codes_.data());
      if (!outcome.ok()) {
        return internal::WithField(
            internal::Annotate(outcome.status(), absl::StrCat("row ", row, ": ")), "columns");
      }
      const ScaleOutput& out = *output.output;
      if (out.raw_score != nullptr) out.raw_score[row] = outcome->raw;
      if (out.scaled_score != nullptr) out.scaled_score[row] = *outcome->scaled;
      if (out.level != nullptr) out.level[row] = outcome->level;
      if (out.flag != nullptr) out.flag[row] = *outcome->flag ? 1 : 0;
    }
    return absl::OkStatus();
  }

  // Per requested scale, the arrays its StripScale points into.
  struct ScaleSteps {
    std::vector<StripTerm> terms;
    std::vector<StripLookup> lookups;
    Steps scaled, levels, flag;
  };

  const KernelOps& ops_;
  const CompiledInstrument& instrument_;
  const int group_;
  const KernelProgram& kernel_;
  std::vector<int> column_of_item_;
  std::vector<BoundColumn> columns_;
  std::vector<BoundOutput> outputs_;
  bool all_fallback_ = false;
  // Per item, the code of the row being checked (kMissing when unanswered).
  std::vector<int> codes_;
  // The program and the arrays it points into.
  StripProgram program_;
  std::vector<StripPredicate> predicates_;
  std::vector<StripColumn> strip_columns_;
  std::deque<std::vector<int32_t>> thresholds32_;
  std::vector<ScaleSteps> scales_;
  std::vector<StripScale> strip_scales_;
  std::vector<StripBytes> codes_scratch_, masks_scratch_, groups_scratch_;
  std::vector<const uint8_t*> slot_codes_;
};

}  // namespace

absl::Status ScoreColumnsWith(const KernelOps& ops, const Instrument& instrument,
                              absl::Span<const Column> columns, size_t n_rows,
                              absl::Span<const ScaleOutput> outputs, const BatchOptions& options) {
  const CompiledInstrument& compiled = Compiled(instrument);
  auto group = compiled.NormGroupIndex(options.norm_group, "norm_group");
  if (!group.ok()) return group.status();
  if (options.threads < kAllThreads) {
    return InvalidField("threads", options.threads,
                        " is not a thread count (or -1 for every hardware thread)");
  }
  size_t threads = options.threads == kAllThreads
                       ? std::max(1u, std::thread::hardware_concurrency())
                       : static_cast<size_t>(std::max(1, options.threads));
  threads = std::max<size_t>(1, std::min(threads, n_rows / kMinRowsPerThread));
  // Bound and checked once on this thread, so bad input fails before any
  // thread starts.
  BatchScorer first(ops, compiled, *group);
  if (auto s = first.Bind(columns, n_rows, outputs); !s.ok()) return s;
  if (threads == 1) return first.Run(0, n_rows);

  // Contiguous blocks, each a whole number of kernel tiles but the last.
  constexpr size_t kTile = kStripRows * kMaxTileStrips;
  const size_t block = (n_rows / threads + kTile - 1) / kTile * kTile;
  std::vector<absl::Status> results(threads);
  std::vector<std::thread> workers;
  auto run_block = [&](size_t t) {
    const size_t begin = std::min(n_rows, t * block);
    const size_t end = t + 1 == threads ? n_rows : std::min(n_rows, begin + block);
    if (t == 0) {
      results[t] = first.Run(begin, end);
      return;
    }
    BatchScorer scorer(ops, compiled, *group);
    results[t] = scorer.Bind(columns, n_rows, outputs);
    if (results[t].ok()) results[t] = scorer.Run(begin, end);
  };
  for (size_t t = 1; t < threads; ++t) {
    try {
      workers.emplace_back(run_block, t);
    } catch (const std::system_error&) {
      run_block(t);  // no thread to be had: score the block here
    }
  }
  run_block(0);
  for (std::thread& worker : workers) worker.join();
  // The first bad row in row order, as on one thread.
  for (const absl::Status& result : results) {
    if (!result.ok()) return result;
  }
  return absl::OkStatus();
}

}  // namespace assess_internal

absl::Status ScoreColumns(const Instrument& instrument, absl::Span<const Column> columns,
                          size_t n_rows, absl::Span<const ScaleOutput> outputs,
                          const BatchOptions& options) {
  return assess_internal::ScoreColumnsWith(assess_internal::BestKernelOps(), instrument, columns,
                                           n_rows, outputs, options);
}

absl::string_view BatchKernelName() { return assess_internal::BestKernelOps().name; }

}  // namespace reentry
