#include "assess/compiled.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "reentry/assess/instrument.h"
#include "util/status.h"

namespace reentry::assess_internal {

int CompiledItem::BandOf(double value) const {
  const auto it = std::upper_bound(band_mins.begin(), band_mins.end(), value);
  return std::max(0, static_cast<int>(it - band_mins.begin()) - 1);
}

bool Condition::Holds(const int* codes) const {
  for (const CompiledMatch& match : all) {
    if (!match.Holds(codes)) return false;
  }
  if (any.empty()) return true;
  for (const CompiledMatch& match : any) {
    if (match.Holds(codes)) return true;
  }
  return false;
}

bool Condition::Evaluable(const int* codes) const {
  for (const CompiledMatch& match : all) {
    if (codes[match.item] == kMissing) return false;
  }
  for (const CompiledMatch& match : any) {
    if (codes[match.item] == kMissing) return false;
  }
  return true;
}

std::optional<int32_t> CompiledNorm::ScaledOf(int32_t raw) const {
  for (const ScaledRange& range : scaled) {
    if (raw >= range.min && raw <= range.max) return range.scaled;
  }
  return std::nullopt;
}

int CompiledNorm::LevelOf(int32_t score) const {
  int level = -1;
  for (size_t i = 0; i < cut_mins.size(); ++i) {
    if (score >= cut_mins[i]) level = static_cast<int>(i);
  }
  return level;
}

const CompiledMatch* SingleMatch(const CompiledRule& rule) {
  if (rule.condition.all.size() + rule.condition.any.size() != 1) return nullptr;
  return rule.condition.all.empty() ? &rule.condition.any[0] : &rule.condition.all[0];
}

absl::flat_hash_map<int, std::vector<int32_t>> PointTables(const std::vector<CompiledItem>& items,
                                                           const std::vector<CompiledRule>& rules) {
  absl::flat_hash_map<int, std::vector<int32_t>> tables;
  for (const CompiledRule& rule : rules) {
    const CompiledMatch* match = SingleMatch(rule);
    if (match == nullptr) continue;
    auto& table = tables[match->item];
    table.resize(items[match->item].answer_ids.size(), 0);
    for (size_t code = 0; code < table.size(); ++code) {
      if ((match->answers >> code) & 1u) table[code] += rule.points;
    }
  }
  return tables;
}

absl::string_view ItemTypeName(v1::Item::Type type) {
  return absl::StripPrefix(v1::Item::Type_Name(type), "TYPE_");
}

int CompiledScale::LevelIndex(absl::string_view level) const {
  for (size_t i = 0; i < levels.size(); ++i) {
    if (levels[i] == level) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<int> CompiledInstrument::NormGroupIndex(absl::string_view norm_group,
                                                       absl::string_view field) const {
  if (norm_group.empty()) {
    if (default_norm_group >= 0) return default_norm_group;
    std::vector<std::string> groups;
    for (const auto& group : definition.norm_groups()) groups.push_back(group.id());
    return internal::InvalidField(field, "is required: instrument ", Name(),
                                  " has separate tables for ", absl::StrJoin(groups, ", "));
  }
  for (size_t i = 0; i < norm_groups.size(); ++i) {
    if (!norm_groups[i].empty() && norm_groups[i] == norm_group) return static_cast<int>(i);
  }
  if (definition.norm_groups().empty()) {
    return internal::InvalidField(field, "instrument ", Name(),
                                  " has no norm groups; leave the norm group empty, not ",
                                  internal::Quoted(norm_group));
  }
  std::string known;
  for (const auto& group : definition.norm_groups()) {
    absl::StrAppend(&known, known.empty() ? "" : ", ", internal::Quoted(group.id()));
  }
  return internal::InvalidField(field, internal::Quoted(norm_group),
                                " is not a norm group of instrument ", Name(),
                                " (norm groups: ", known, ")");
}

std::string CompiledInstrument::Name() const {
  return absl::StrCat(definition.id(), " ", definition.version());
}

const ResultFragments& InstrumentAccess::Fragments(const Instrument& instrument) {
  return *instrument.fragments_;
}

const CompiledInstrument& InstrumentAccess::Get(const Instrument& instrument) {
  return *instrument.compiled_;
}

std::shared_ptr<const Instrument> InstrumentAccess::Wrap(
    std::unique_ptr<CompiledInstrument> compiled) {
  return std::shared_ptr<const Instrument>(new Instrument(std::move(compiled)));
}

}  // namespace reentry::assess_internal
