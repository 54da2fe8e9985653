#include "assess/kernel_program.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace reentry::assess_internal {
namespace {

// Builds one norm group's KernelProgram: item slots, predicates (each
// distinct one once) and every scale's terms and thresholds.
class KernelProgramBuilder {
 public:
  explicit KernelProgramBuilder(const std::vector<CompiledItem>& items) : items_(items) {
    program_.slot_of_item.assign(items.size(), -1);
  }

  void AddScale(const CompiledNorm& norm) {
    KernelScale kernel;
    // Single-item rules become per-answer point tables, as steps.
    const auto tables = PointTables(items_, norm.rules);
    for (int item : norm.items) {  // a stable order
      const auto it = tables.find(item);
      if (it == tables.end()) continue;
      const std::vector<int32_t>& table = it->second;
      kernel.base += table[0];
      for (size_t code = 1; code < table.size(); ++code) {
        const int32_t delta = table[code] - table[code - 1];
        if (delta == 0) continue;
        kernel.terms.push_back({AtLeast(item, static_cast<uint8_t>(code)), delta});
        kernel.bound += std::abs(static_cast<int64_t>(delta));
      }
    }
    // Multi-item rules: one predicate each.
    for (const CompiledRule& rule : norm.rules) {
      if (SingleMatch(rule) != nullptr) continue;
      std::optional<uint32_t> all, any;
      for (const CompiledMatch& m : rule.condition.all)
        all = Combine(StripPredicate::kAnd, all, Match(m));
      for (const CompiledMatch& m : rule.condition.any)
        any = Combine(StripPredicate::kOr, any, Match(m));
      const std::optional<uint32_t> holds = all && any ? Combine(StripPredicate::kAnd, all, *any)
                                            : all      ? all
                                                       : any;
      kernel.terms.push_back({*holds, rule.points});
      kernel.bound += std::abs(static_cast<int64_t>(rule.points));
    }
    kernel.bound += std::abs(static_cast<int64_t>(kernel.base));
    int64_t scaled_bound = 0;
    if (!norm.scaled.empty()) {
      kernel.scaled_base = norm.scaled[0].scaled;
      scaled_bound = std::abs(static_cast<int64_t>(kernel.scaled_base));
      for (size_t i = 1; i < norm.scaled.size(); ++i) {
        const int32_t delta = norm.scaled[i].scaled - norm.scaled[i - 1].scaled;
        kernel.scaled_mins.push_back(norm.scaled[i].min);
        kernel.scaled_deltas.push_back(delta);
        scaled_bound += std::abs(static_cast<int64_t>(delta));
      }
    }
    kernel.levels_from_scaled = norm.levels_from_scaled;
    if (!norm.cut_mins.empty()) {
      kernel.level_cuts.assign(norm.cut_mins.begin() + 1, norm.cut_mins.end());
    }
    kernel.flag_at = norm.flag_at;
    const int64_t bound =
        std::max({kernel.bound, scaled_bound, static_cast<int64_t>(norm.cut_mins.size())});
    kernel.width = bound <= std::numeric_limits<int8_t>::max()    ? 1
                   : bound <= std::numeric_limits<int16_t>::max() ? 2
                                                                  : 4;
    program_.scales.push_back(std::move(kernel));
  }

  KernelProgram Finish() {
    Group();
    return std::move(program_);
  }

 private:
  int Slot(int item) {
    if (program_.slot_of_item[item] < 0) {
      program_.slot_of_item[item] = static_cast<int>(program_.items.size());
      KernelItem kernel_item;
      kernel_item.item = item;
      const auto& mins = items_[item].band_mins;
      if (items_[item].type == v1::Item::TYPE_BOOLEAN) {
        kernel_item.thresholds = {1};  // yes from 1
      } else if (mins.size() > 1) {
        kernel_item.thresholds.assign(mins.begin() + 1, mins.end());
      }
      program_.items.push_back(std::move(kernel_item));
    }
    return program_.slot_of_item[item];
  }

  uint32_t Add(StripPredicate p) {
    if (p.op == StripPredicate::kAnd || p.op == StripPredicate::kOr) {
      if (p.a > p.b) std::swap(p.a, p.b);
    }
    const auto key = std::make_tuple(static_cast<int>(p.op), p.lo, p.hi, p.a, p.b);
    const auto [it, added] = index_.emplace(key, static_cast<uint32_t>(program_.predicates.size()));
    if (added) program_.predicates.push_back(p);
    return it->second;
  }

  uint32_t AtLeast(int item, uint8_t code) {
    StripPredicate p;
    p.op = StripPredicate::kCodeAtLeast;
    p.lo = code;
    p.a = static_cast<uint32_t>(Slot(item));
    return Add(p);
  }

  // code in [lo, hi]; "at least lo" when hi is the item's last code.
  uint32_t InRange(int item, uint8_t lo, uint8_t hi) {
    if (static_cast<size_t>(hi) + 1 >= items_[item].answer_ids.size()) return AtLeast(item, lo);
    StripPredicate p;
    p.op = StripPredicate::kCodeInRange;
    p.lo = lo;
    p.hi = hi;
    p.a = static_cast<uint32_t>(Slot(item));
    return Add(p);
  }

  uint32_t Combine(StripPredicate::Op op, std::optional<uint32_t> a, uint32_t b) {
    if (!a) return b;
    StripPredicate p;
    p.op = op;
    p.a = static_cast<uint32_t>(*a);
    p.b = static_cast<uint32_t>(b);
    return Add(p);
  }

  // A match: its answer codes as ranges, or'ed.
  uint32_t Match(const CompiledMatch& m) {
    std::optional<uint32_t> holds;
    for (int code = 0; code < kMaxAnswers; ++code) {
      if (!((m.answers >> code) & 1u)) continue;
      int last = code;
      while (last + 1 < kMaxAnswers && ((m.answers >> (last + 1)) & 1u)) ++last;
      holds = Combine(StripPredicate::kOr, holds,
                      InRange(m.item, static_cast<uint8_t>(code), static_cast<uint8_t>(last)));
      code = last;
    }
    return *holds;
  }

  // Bits that hold every code of slot `slot` (one per answer: a slot's item
  // is one some rule tests, so it has answers).
  uint32_t Bits(uint32_t slot) const {
    return static_cast<uint32_t>(
        absl::bit_width(items_[program_.items[slot].item].answer_ids.size() - 1));
  }

  // Whether predicate p holds for the codes of the slots it tests.
  bool Holds(uint32_t p, const std::vector<uint32_t>& code_of_slot) const {
    const StripPredicate& predicate = program_.predicates[p];
    switch (predicate.op) {
      case StripPredicate::kCodeAtLeast:
        return code_of_slot[predicate.a] >= predicate.lo;
      case StripPredicate::kCodeInRange:
        return code_of_slot[predicate.a] >= predicate.lo &&
               code_of_slot[predicate.a] <= predicate.hi;
      case StripPredicate::kAnd:
        return Holds(predicate.a, code_of_slot) && Holds(predicate.b, code_of_slot);
      default:
        return Holds(predicate.a, code_of_slot) || Holds(predicate.b, code_of_slot);
    }
  }

  // Groups the items byte-sized scales test (see KernelGroup) and gives
  // those scales their lookups. Items one rule tests together are joined;
  // joined items whose codes fit 4 bits are packed, widest first, into the
  // first group with room.
  void Group() {
    const size_t n = program_.items.size();
    // Per predicate, the slots it tests (operands come first).
    std::vector<std::vector<uint32_t>> tests(program_.predicates.size());
    for (size_t p = 0; p < tests.size(); ++p) {
      const StripPredicate& predicate = program_.predicates[p];
      if (predicate.op == StripPredicate::kAnd || predicate.op == StripPredicate::kOr) {
        tests[p] = tests[predicate.a];
        tests[p].insert(tests[p].end(), tests[predicate.b].begin(), tests[predicate.b].end());
      } else {
        tests[p] = {predicate.a};
      }
    }
    std::vector<uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0u);
    const auto root = [&](uint32_t slot) {
      while (parent[slot] != slot) slot = parent[slot] = parent[parent[slot]];
      return slot;
    };
    std::vector<bool> tested(n, false);
    for (const KernelScale& scale : program_.scales) {
      if (scale.width != 1) continue;
      for (const StripTerm& term : scale.terms) {
        for (uint32_t slot : tests[term.predicate]) {
          tested[slot] = true;
          parent[root(slot)] = root(tests[term.predicate].front());
        }
      }
    }
    // Joined slots by root, in slot order, with their bits.
    std::vector<std::pair<uint32_t, std::vector<uint32_t>>> joined(n);
    for (uint32_t slot = 0; slot < n; ++slot) {
      if (!tested[slot]) continue;
      joined[root(slot)].first += Bits(slot);
      joined[root(slot)].second.push_back(slot);
    }
    joined.erase(std::remove_if(joined.begin(), joined.end(),
                                [](const auto& j) { return j.second.empty() || j.first > 4; }),
                 joined.end());
    std::stable_sort(joined.begin(), joined.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<uint32_t> used;  // bits per group
    for (const auto& [bits, slots] : joined) {
      size_t g = 0;
      while (g < used.size() && used[g] + bits > 4) ++g;
      if (g == used.size()) {
        program_.groups.emplace_back();
        used.push_back(0);
      }
      for (uint32_t slot : slots) {
        program_.items[slot].group = static_cast<int>(g);
        program_.items[slot].shift = static_cast<int>(used[g]);
        used[g] += Bits(slot);
        program_.groups[g].slots.push_back(slot);
      }
    }
    // Each term on grouped items, at every joint code (those no answers make
    // come only from rows with an invalid value, which are looked at again).
    std::vector<uint32_t> code_of_slot(n, 0);
    for (KernelScale& scale : program_.scales) {
      if (scale.width != 1) continue;
      std::map<int, std::array<int32_t, 16>> tables;
      for (const StripTerm& term : scale.terms) {
        const int g = program_.items[tests[term.predicate].front()].group;
        if (g < 0) {
          scale.ungrouped_terms.push_back(term);
          continue;
        }
        std::array<int32_t, 16>& table = tables.try_emplace(g).first->second;
        for (uint32_t joint = 0; joint < 16; ++joint) {
          for (uint32_t slot : program_.groups[g].slots) {
            code_of_slot[slot] = (joint >> program_.items[slot].shift) & ((1u << Bits(slot)) - 1);
          }
          if (Holds(term.predicate, code_of_slot)) table[joint] += term.delta;
        }
      }
      for (const auto& [g, table] : tables) {
        StripLookup lookup;
        lookup.group = static_cast<uint32_t>(g);
        // Byte sums wrap: the score, which fits a byte, comes out exact.
        for (size_t joint = 0; joint < 16; ++joint) {
          lookup.table[joint] = static_cast<int8_t>(static_cast<uint8_t>(table[joint] & 0xff));
        }
        scale.lookups.push_back(lookup);
      }
    }
  }

  const std::vector<CompiledItem>& items_;
  KernelProgram program_;
  absl::flat_hash_map<std::tuple<int, uint8_t, uint8_t, uint32_t, uint32_t>, uint32_t> index_;
};

}  // namespace

KernelProgram BuildKernelProgram(const CompiledInstrument& instrument, int group) {
  KernelProgramBuilder builder(instrument.items);
  for (const CompiledScale& scale : instrument.scales) builder.AddScale(scale.NormFor(group));
  return builder.Finish();
}

}  // namespace reentry::assess_internal
