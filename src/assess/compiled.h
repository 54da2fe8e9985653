// The compiled form of an instrument: a validated definition turned into
// indexed, typed structures that single scoring and the batch kernel share.
//
// Every answer is reduced to an answer code: BOOLEAN no=0/yes=1, the band index
// of a COUNT or NUMBER, the choice index of a CHOICE. Rules test codes against
// bit masks, so single scoring never compares strings or numbers after the
// answers are classified, and the batch kernel works on one byte per answer.
#ifndef REENTRY_SRC_ASSESS_COMPILED_H_
#define REENTRY_SRC_ASSESS_COMPILED_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "assess/batch_kernel.h"
#include "reentry/v1/instrument.pb.h"

namespace reentry {
class Instrument;
}

namespace reentry::assess_internal {

struct ResultFragments;  // assess/scored.h

// Answer codes fit in a byte; at most this many answers (bands, choices) per item.
inline constexpr int kMaxAnswers = 64;
// The code of an item that was not answered.
inline constexpr int kMissing = -1;

struct CompiledItem {
  std::string id;
  v1::Item::Type type = v1::Item::TYPE_UNSPECIFIED;
  // Inclusive valid range of numeric answers (infinite when unbounded).
  double min = 0;
  double max = 0;
  // Only whole numbers are valid (COUNT, or NUMBER with whole_number).
  bool whole_number = false;
  bool required = false;
  // COUNT/NUMBER: the ascending lower bounds of the bands.
  std::vector<double> band_mins;
  // Answer code -> answer id and label. Empty for an unbanded number, which
  // no rule can test.
  std::vector<std::string> answer_ids;
  std::vector<std::string> answer_labels;
  // CHOICE: choice id -> code.
  absl::flat_hash_map<std::string, int> choice_codes;

  // The answer code of a valid numeric value.
  int BandOf(double value) const;
};

// Holds when the item's code is a member of `answers` (bit k = code k).
struct CompiledMatch {
  int item = 0;
  uint64_t answers = 0;

  bool Holds(const int* codes) const {
    const int code = codes[item];
    return code >= 0 && ((answers >> code) & 1u) != 0;
  }
};

// Every `all` match holds, and at least one `any` match if there are any.
struct Condition {
  std::vector<CompiledMatch> all;
  std::vector<CompiledMatch> any;

  bool Holds(const int* codes) const;
  // True when every item the condition tests was answered.
  bool Evaluable(const int* codes) const;
};

struct CompiledRule {
  std::string id;
  std::string label;
  int32_t points = 0;
  Condition condition;
};

// The scoring table of one scale for some norm groups.
struct CompiledNorm {
  std::vector<CompiledRule> rules;
  // The items the rules test, ascending.
  std::vector<int> items;
  // The lowest and highest raw score the rules can produce.
  int32_t min_raw = 0;
  int32_t max_raw = 0;
  struct ScaledRange {
    int32_t min, max, scaled;
  };
  std::vector<ScaledRange> scaled;
  bool levels_from_scaled = false;
  // Lowest score of each level, one per level of the scale.
  std::vector<int32_t> cut_mins;
  std::optional<int32_t> flag_at;
  // Prorating (only when every rule tests one item and no points are
  // negative): the most points each of `items` can earn, and their sum.
  bool can_prorate = false;
  std::vector<int32_t> item_max_points;
  int32_t max_total = 0;

  std::optional<int32_t> ScaledOf(int32_t raw) const;
  // Index of the level `score` falls in; -1 when the scale has no levels.
  int LevelOf(int32_t score) const;
};

struct CompiledScale {
  std::string id;
  v1::Scale::Purpose purpose = v1::Scale::PURPOSE_UNSPECIFIED;
  v1::NeedDomain need;
  std::vector<std::string> levels;
  std::vector<v1::Tier> tiers;  // parallel to levels
  int max_missing_items = 0;
  // Norm group index -> index into `norms`.
  std::vector<int> norm_of_group;
  std::vector<CompiledNorm> norms;

  const CompiledNorm& NormFor(int group) const { return norms[norm_of_group[group]]; }
  int LevelIndex(absl::string_view level) const;
};

struct CompiledIndicator {
  std::string id;
  std::string title;
  std::string adaptation;
  Condition condition;
};

struct CompiledReassessment {
  int scale = 0;
  int level = 0;
  int days = 0;
  int months = 0;
};

// ---- The batch kernel's program for one norm group --------------------------

// A scale as terms over the program's predicates: each single-item rule's
// per-answer point table t becomes base t[0] plus one "code >= k" step per
// change (exact for any table), each multi-item rule one predicate combining
// its matches.
struct KernelScale {
  int32_t base = 0;
  std::vector<StripTerm> terms;
  // Bound on |any partial sum|, which picks the accumulator width.
  int64_t bound = 0;
  // scaled = scaled_base + sum of delta for each raw >= min (the raw -> scaled
  // table as steps); levels and the flag likewise as thresholds.
  int32_t scaled_base = 0;
  std::vector<int32_t> scaled_mins;    // raw min of each range after the first
  std::vector<int32_t> scaled_deltas;  // its scaled score minus the previous one
  bool levels_from_scaled = false;
  std::vector<int32_t> level_cuts;  // cut_mins[1..]
  std::optional<int32_t> flag_at;
  // Bytes per accumulator (1, 2 or 4): the narrowest integer that holds every
  // partial sum of the score and of the scaled score.
  int width = 4;
  // With width 1, for kernels that look up tables: the terms on grouped items
  // as one table per group (see KernelGroup), and the other terms.
  std::vector<StripLookup> lookups;
  std::vector<StripTerm> ungrouped_terms;
};

// Items whose codes fit 4 bits together, read as one joint code: the sum of
// each item's code shifted left by its KernelItem::shift. The items one rule
// of a byte-sized scale tests are in one group, or none is grouped.
struct KernelGroup {
  std::vector<uint32_t> slots;
};

struct KernelItem {
  int item = 0;  // index into CompiledInstrument::items
  // code = number of thresholds <= value: the band index, or for a BOOLEAN
  // item (threshold 1) the value itself. CHOICE items have none: the code is
  // the choice index.
  std::vector<double> thresholds;
  // Its group (index into KernelProgram::groups) or -1, and its shift there.
  int group = -1;
  int shift = 0;
};

struct KernelProgram {
  std::vector<KernelItem> items;  // every item some scale tests
  std::vector<int> slot_of_item;  // item index -> slot, or -1
  // Every fact some scale's terms test, each once, operands first.
  std::vector<StripPredicate> predicates;
  std::vector<KernelScale> scales;  // parallel to CompiledInstrument::scales
  std::vector<KernelGroup> groups;
};

struct CompiledInstrument {
  v1::InstrumentDefinition definition;
  std::vector<int> version_parts;
  std::vector<CompiledItem> items;
  absl::flat_hash_map<std::string, int> item_index;
  // Norm group ids; one empty id when the instrument has none.
  std::vector<std::string> norm_groups;
  // -1 when requests must name their norm group.
  int default_norm_group = 0;
  // Per norm group, per item: some scale's table tests it.
  std::vector<std::vector<bool>> scored_items;
  std::vector<CompiledScale> scales;
  absl::flat_hash_map<std::string, int> scale_index;
  std::vector<CompiledIndicator> strengths;
  std::vector<CompiledIndicator> responsivity;
  bool prorate = false;
  std::vector<CompiledReassessment> reassessments;
  // Indices of the scales that give the overall risk tier, in the order of
  // risk_scale_ids.
  std::vector<int> risk_scales;
  // One per norm group.
  std::vector<KernelProgram> kernels;

  // The norm group index named by `norm_group` (empty: the default, if the
  // instrument has one).
  absl::StatusOr<int> NormGroupIndex(absl::string_view norm_group, absl::string_view field) const;
  // Whether an unanswered item is an error: every item some table of `group`
  // tests under POLICY_REFUSE, and `required` items always.
  bool MustAnswer(int group, int item) const {
    return items[item].required || (!prorate && scored_items[group][item]);
  }
  // "psa 2022" for messages.
  std::string Name() const;
};

// Validates `definition` and compiles it. Errors name the instrument, the
// field path and the problem.
absl::StatusOr<std::unique_ptr<CompiledInstrument>> CompileDefinition(
    v1::InstrumentDefinition definition);

// The compiled form behind a public Instrument, and the other way round.
struct InstrumentAccess {
  static const CompiledInstrument& Get(const Instrument& instrument);
  static const ResultFragments& Fragments(const Instrument& instrument);
  static std::shared_ptr<const Instrument> Wrap(std::unique_ptr<CompiledInstrument> compiled);
};
inline const CompiledInstrument& Compiled(const Instrument& instrument) {
  return InstrumentAccess::Get(instrument);
}
inline const ResultFragments& Fragments(const Instrument& instrument) {
  return InstrumentAccess::Fragments(instrument);
}

// A rule that tests one item: its only match; null for other rules.
const CompiledMatch* SingleMatch(const CompiledRule& rule);

// The points each answer of each item earns from the rules that test that
// item alone: item -> points per answer code.
absl::flat_hash_map<int, std::vector<int32_t>> PointTables(const std::vector<CompiledItem>& items,
                                                           const std::vector<CompiledRule>& rules);

// An item type as messages name it: "BOOLEAN", "COUNT", "NUMBER", "CHOICE".
absl::string_view ItemTypeName(v1::Item::Type type);

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_COMPILED_H_
