// Validation and compilation of instrument definitions.
//
// Checks run in definition order and stop at the first problem, which is
// reported as INVALID_ARGUMENT "instrument '<id>' version <v>: <field path>:
// <problem>", with the field path also attached for programs.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/numeric/bits.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "assess/compiled.h"
#include "assess/kernel_program.h"
#include "util/definition.h"
#include "util/ids.h"
#include "util/status.h"

namespace reentry::assess_internal {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Bounds on points and scaled scores, so that every partial sum, in single
// and batch scoring alike, fits in 32 bits with room to spare.
constexpr int64_t kMaxTotalPoints = 1'000'000;
// The most answer combinations examined to find the range of a group of rules
// that test several items together.
constexpr int64_t kMaxCombinations = int64_t{1} << 20;
// The most items an instrument may have (each is a column of batch scoring and
// a slot of every scored result).
constexpr int kMaxItems = 4096;

using internal::IsAnswerId;
using internal::IsIdentifier;
using internal::ParseVersion;

std::string Path(absl::string_view base, int index) { return absl::StrCat(base, "[", index, "]"); }

absl::string_view TypeName(v1::Item::Type type) { return ItemTypeName(type); }

class Compiler {
 public:
  explicit Compiler(v1::InstrumentDefinition definition)
      : out_(std::make_unique<CompiledInstrument>()) {
    out_->definition = std::move(definition);
  }

  absl::StatusOr<std::unique_ptr<CompiledInstrument>> Run() {
    if (auto s = internal::CheckDefinitionLimits(def()); !s.ok()) {
      return internal::Annotate(s, absl::StrCat("instrument ", internal::Quoted(def().id()), ": "));
    }
    if (def().items_size() > kMaxItems) {
      return Error("items", def().items_size(), " items exceed the limit of ", kMaxItems);
    }
    if (auto s = Header(); !s.ok()) return s;
    if (auto s = NormGroups(); !s.ok()) return s;
    if (auto s = Items(); !s.ok()) return s;
    if (auto s = Scales(); !s.ok()) return s;
    if (auto s = Indicators(); !s.ok()) return s;
    if (auto s = Reassessments(); !s.ok()) return s;
    if (auto s = RiskScales(); !s.ok()) return s;
    MarkScoredItems();
    BuildKernels();
    return std::move(out_);
  }

 private:
  const v1::InstrumentDefinition& def() const { return out_->definition; }

  template <typename... Parts>
  absl::Status Error(absl::string_view field, const Parts&... parts) const {
    return internal::DefinitionError(
        internal::DefinitionPrefix("instrument", def().id(), def().version()), field, parts...);
  }

  absl::Status Header() {
    if (auto s = internal::CheckDefinitionHeader("instrument", def().id(), def().version(),
                                                 def().title());
        !s.ok()) {
      return s;
    }
    out_->version_parts = *ParseVersion(def().version());
    return absl::OkStatus();
  }

  absl::Status NormGroups() {
    absl::flat_hash_set<std::string> seen;
    for (int i = 0; i < def().norm_groups_size(); ++i) {
      const auto& group = def().norm_groups(i);
      const std::string field = Path("norm_groups", i);
      if (!IsIdentifier(group.id())) {
        return Error(field + ".id", internal::Quoted(group.id()), " is not a norm group id");
      }
      if (!seen.insert(group.id()).second) {
        return Error(field + ".id", "duplicate norm group ", internal::Quoted(group.id()));
      }
      out_->norm_groups.push_back(group.id());
    }
    if (out_->norm_groups.empty()) {
      if (!def().default_norm_group().empty()) {
        return Error("default_norm_group", internal::Quoted(def().default_norm_group()),
                     " is set but the instrument has no norm groups");
      }
      out_->norm_groups.push_back("");
      out_->default_norm_group = 0;
      return absl::OkStatus();
    }
    out_->default_norm_group = -1;  // requests must name their group
    if (def().default_norm_group().empty()) return absl::OkStatus();
    const auto it =
        std::find(out_->norm_groups.begin(), out_->norm_groups.end(), def().default_norm_group());
    if (it == out_->norm_groups.end()) {
      return Error("default_norm_group", internal::Quoted(def().default_norm_group()),
                   " must name one of the norm groups");
    }
    out_->default_norm_group = static_cast<int>(it - out_->norm_groups.begin());
    return absl::OkStatus();
  }

  absl::Status Items() {
    if (def().items_size() == 0) return Error("items", "an instrument needs at least one item");
    for (int i = 0; i < def().items_size(); ++i) {
      const v1::Item& item = def().items(i);
      const std::string field = Path("items", i);
      CompiledItem compiled;
      compiled.id = item.id();
      compiled.type = item.type();
      compiled.required = item.required();
      if (!IsIdentifier(item.id())) {
        return Error(field + ".id", internal::Quoted(item.id()),
                     " is not an item id (lower snake_case, starting with a letter)");
      }
      if (out_->item_index.contains(item.id())) {
        return Error(field + ".id", "duplicate item id ", internal::Quoted(item.id()));
      }
      if (item.text().empty())
        return Error(field + ".text", "item ", internal::Quoted(item.id()), " needs text");
      switch (item.type()) {
        case v1::Item::TYPE_BOOLEAN:
          if (auto s = BooleanItem(item, field, &compiled); !s.ok()) return s;
          break;
        case v1::Item::TYPE_COUNT:
        case v1::Item::TYPE_NUMBER:
          if (auto s = NumericItem(item, field, &compiled); !s.ok()) return s;
          break;
        case v1::Item::TYPE_CHOICE:
          if (auto s = ChoiceItem(item, field, &compiled); !s.ok()) return s;
          break;
        default:
          return Error(field + ".type", "item ", internal::Quoted(item.id()),
                       " needs a type (TYPE_BOOLEAN, TYPE_COUNT, TYPE_NUMBER or TYPE_CHOICE)");
      }
      out_->item_index.emplace(item.id(), i);
      out_->items.push_back(std::move(compiled));
    }
    return absl::OkStatus();
  }

  absl::Status BooleanItem(const v1::Item& item, const std::string& field, CompiledItem* out) {
    if (item.bands_size() > 0 || item.choices_size() > 0 || item.has_min() || item.has_max() ||
        item.whole_number()) {
      return Error(field, "BOOLEAN item ", internal::Quoted(item.id()),
                   " takes no bands, choices, min, max or whole_number");
    }
    out->min = 0;
    out->max = 1;
    out->whole_number = true;
    out->answer_ids = {"no", "yes"};
    out->answer_labels = {"No", "Yes"};
    return absl::OkStatus();
  }

  absl::Status NumericItem(const v1::Item& item, const std::string& field, CompiledItem* out) {
    if (item.choices_size() > 0) {
      return Error(field + ".choices", TypeName(item.type()), " item ", internal::Quoted(item.id()),
                   " takes bands, not choices");
    }
    const bool count = item.type() == v1::Item::TYPE_COUNT;
    if (count && item.whole_number()) {
      return Error(field + ".whole_number", "COUNT item ", internal::Quoted(item.id()),
                   " is always whole; whole_number is for NUMBER items");
    }
    out->whole_number = count || item.whole_number();
    out->min = item.has_min() ? item.min() : (count ? 0.0 : -kInfinity);
    out->max = item.has_max() ? item.max() : kInfinity;
    if (item.has_min() && !std::isfinite(item.min())) {
      return Error(field + ".min", "must be a finite number");
    }
    if (item.has_max() && !std::isfinite(item.max())) {
      return Error(field + ".max", "must be a finite number");
    }
    if (count && out->min < 0) {
      return Error(field + ".min", "COUNT item ", internal::Quoted(item.id()),
                   " cannot have a negative min (", out->min, ")");
    }
    if (out->min > out->max) {
      return Error(field + ".max", "item ", internal::Quoted(item.id()), ": max ", out->max,
                   " is below min ", out->min);
    }
    if (out->whole_number && std::ceil(out->min) > std::floor(out->max)) {
      return Error(field + ".max", "item ", internal::Quoted(item.id()),
                   " admits no whole number between ", out->min, " and ", out->max);
    }
    if (item.bands_size() == 0) return absl::OkStatus();
    if (item.bands_size() > kMaxAnswers) {
      return Error(field + ".bands", "item ", internal::Quoted(item.id()), " has ",
                   item.bands_size(), " bands; at most ", kMaxAnswers, " are allowed");
    }
    if (!count && !item.has_min()) {
      return Error(field + ".min", "NUMBER item ", internal::Quoted(item.id()),
                   " has bands, so it needs a min the first band covers");
    }
    absl::flat_hash_set<std::string> ids;
    for (int b = 0; b < item.bands_size(); ++b) {
      const v1::Band& band = item.bands(b);
      const std::string band_field = Path(field + ".bands", b);
      if (!IsAnswerId(band.id())) {
        return Error(band_field + ".id", internal::Quoted(band.id()), " is not a band id of item ",
                     internal::Quoted(item.id()), "");
      }
      if (!ids.insert(band.id()).second) {
        return Error(band_field + ".id", "duplicate band ", internal::Quoted(band.id()),
                     " of item ", internal::Quoted(item.id()), "");
      }
      if (!std::isfinite(band.min())) return Error(band_field + ".min", "must be finite");
      if (b == 0 && band.min() > out->min) {
        return Error(band_field + ".min", "the first band of item ", internal::Quoted(item.id()),
                     " starts at ", band.min(), ", above the item's min ", out->min,
                     ", so values from ", out->min, " would fall in no band");
      }
      if (b > 0 && band.min() <= item.bands(b - 1).min()) {
        return Error(band_field + ".min", "band ", internal::Quoted(band.id()), " of item ",
                     internal::Quoted(item.id()), " starts at ", band.min(),
                     ", not above the previous band's min ", item.bands(b - 1).min(),
                     "; bands must be in ascending order");
      }
      out->band_mins.push_back(band.min());
      out->answer_ids.push_back(band.id());
      out->answer_labels.push_back(band.label().empty() ? band.id() : band.label());
    }
    // Every band must hold at least one valid value.
    for (int b = 0; b < item.bands_size(); ++b) {
      double low = std::max(out->band_mins[b], out->min);
      const double next = b + 1 < item.bands_size() ? out->band_mins[b + 1] : kInfinity;
      if (out->whole_number) low = std::ceil(low);
      if (!(low < next && low <= out->max)) {
        return Error(Path(field + ".bands", b), "band ", internal::Quoted(item.bands(b).id()),
                     " of item ", internal::Quoted(item.id()),
                     " holds no valid value (the item admits ", out->min, " to ", out->max,
                     out->whole_number ? ", whole numbers" : "", ")");
      }
    }
    return absl::OkStatus();
  }

  absl::Status ChoiceItem(const v1::Item& item, const std::string& field, CompiledItem* out) {
    if (item.bands_size() > 0 || item.has_min() || item.has_max() || item.whole_number()) {
      return Error(field, "CHOICE item ", internal::Quoted(item.id()),
                   " takes choices, not bands, min, max or whole_number");
    }
    if (item.choices_size() == 0) {
      return Error(field + ".choices", "CHOICE item ", internal::Quoted(item.id()),
                   " needs choices");
    }
    if (item.choices_size() > kMaxAnswers) {
      return Error(field + ".choices", "item ", internal::Quoted(item.id()), " has ",
                   item.choices_size(), " choices; at most ", kMaxAnswers, " are allowed");
    }
    for (int c = 0; c < item.choices_size(); ++c) {
      const v1::Choice& choice = item.choices(c);
      const std::string choice_field = Path(field + ".choices", c);
      if (!IsAnswerId(choice.id())) {
        return Error(choice_field + ".id", internal::Quoted(choice.id()),
                     " is not a choice id of item ", internal::Quoted(item.id()));
      }
      if (!out->choice_codes.emplace(choice.id(), c).second) {
        return Error(choice_field + ".id", "duplicate choice ", internal::Quoted(choice.id()),
                     " of item ", internal::Quoted(item.id()));
      }
      out->answer_ids.push_back(choice.id());
      out->answer_labels.push_back(choice.label().empty() ? choice.id() : choice.label());
    }
    out->min = 0;
    out->max = item.choices_size() - 1;
    out->whole_number = true;
    return absl::OkStatus();
  }

  absl::StatusOr<CompiledMatch> Match(const v1::Match& match, const std::string& field) {
    const auto it = out_->item_index.find(match.item_id());
    if (it == out_->item_index.end()) {
      return Error(field + ".item_id", "unknown item ", internal::Quoted(match.item_id()));
    }
    const CompiledItem& item = out_->items[it->second];
    if (item.answer_ids.empty()) {
      return Error(field + ".item_id", "item ", internal::Quoted(item.id), " is a ",
                   TypeName(item.type), " without bands, so no rule can test it; give it bands");
    }
    if (match.answers_size() == 0) {
      return Error(field + ".answers", "a match on item ", internal::Quoted(item.id),
                   " needs at least one answer (", absl::StrJoin(item.answer_ids, ", "), ")");
    }
    CompiledMatch compiled;
    compiled.item = it->second;
    for (int a = 0; a < match.answers_size(); ++a) {
      const auto& answer = match.answers(a);
      const auto pos = std::find(item.answer_ids.begin(), item.answer_ids.end(), answer);
      if (pos == item.answer_ids.end()) {
        return Error(Path(field + ".answers", a), internal::Quoted(answer),
                     " is not an answer of item ", internal::Quoted(item.id),
                     " (answers: ", absl::StrJoin(item.answer_ids, ", "), ")");
      }
      const uint64_t bit = uint64_t{1} << (pos - item.answer_ids.begin());
      if (compiled.answers & bit) {
        return Error(Path(field + ".answers", a), "answer ", internal::Quoted(answer), " of item ",
                     internal::Quoted(item.id), " is listed twice");
      }
      compiled.answers |= bit;
    }
    return compiled;
  }

  template <typename Message>
  absl::StatusOr<Condition> ConditionOf(const Message& message, const std::string& field) {
    if (message.when_size() == 0 && message.when_any_size() == 0) {
      return Error(field, "needs a condition (when or when_any)");
    }
    Condition condition;
    for (int m = 0; m < message.when_size(); ++m) {
      auto match = Match(message.when(m), Path(field + ".when", m));
      if (!match.ok()) return match.status();
      condition.all.push_back(*match);
    }
    for (int m = 0; m < message.when_any_size(); ++m) {
      auto match = Match(message.when_any(m), Path(field + ".when_any", m));
      if (!match.ok()) return match.status();
      condition.any.push_back(*match);
    }
    return condition;
  }

  absl::Status Scales() {
    if (def().scales_size() == 0) return Error("scales", "an instrument needs at least one scale");
    out_->prorate = def().missing_items().policy() == v1::MissingItemRule::POLICY_PRORATE;
    for (int s = 0; s < def().scales_size(); ++s) {
      const v1::Scale& scale = def().scales(s);
      const std::string field = Path("scales", s);
      CompiledScale compiled;
      compiled.id = scale.id();
      compiled.purpose = scale.purpose();
      compiled.need = scale.need();
      compiled.max_missing_items = scale.max_missing_items();
      if (!IsIdentifier(scale.id())) {
        return Error(field + ".id", internal::Quoted(scale.id()), " is not a scale id");
      }
      if (out_->scale_index.contains(scale.id())) {
        return Error(field + ".id", "duplicate scale id ", internal::Quoted(scale.id()));
      }
      if (scale.purpose() != v1::Scale::PURPOSE_RISK &&
          scale.purpose() != v1::Scale::PURPOSE_NEED) {
        return Error(field + ".purpose", "scale ", internal::Quoted(scale.id()),
                     " needs a purpose (PURPOSE_RISK or PURPOSE_NEED)");
      }
      if (scale.purpose() == v1::Scale::PURPOSE_NEED && !IsIdentifier(scale.need().domain())) {
        return Error(field + ".need.domain", "need scale ", internal::Quoted(scale.id()),
                     " needs a domain id (e.g. housing)");
      }
      if (scale.purpose() != v1::Scale::PURPOSE_NEED && !scale.need().domain().empty()) {
        return Error(field + ".need", "scale ", internal::Quoted(scale.id()),
                     " is not a NEED scale but names a need domain");
      }
      if (scale.max_missing_items() < 0) {
        return Error(field + ".max_missing_items", "cannot be negative");
      }
      if (scale.max_missing_items() > 0 && !out_->prorate) {
        return Error(field + ".max_missing_items", "scale ", internal::Quoted(scale.id()),
                     " allows missing items but the instrument's missing_items policy is "
                     "POLICY_REFUSE");
      }
      for (int l = 0; l < scale.levels_size(); ++l) {
        const auto& level = scale.levels(l);
        if (!IsIdentifier(level.id())) {
          return Error(Path(field + ".levels", l) + ".id", internal::Quoted(level.id()),
                       " is not a level id");
        }
        if (compiled.LevelIndex(level.id()) >= 0) {
          return Error(Path(field + ".levels", l) + ".id", "duplicate level ",
                       internal::Quoted(level.id()), " of scale ", internal::Quoted(scale.id()));
        }
        if (!v1::Tier_IsValid(level.tier())) {
          return Error(Path(field + ".levels", l) + ".tier", "unknown tier ", level.tier());
        }
        if (scale.purpose() == v1::Scale::PURPOSE_NEED && level.tier() == v1::TIER_UNSPECIFIED) {
          return Error(Path(field + ".levels", l) + ".tier", "level ", internal::Quoted(level.id()),
                       " of need scale ", internal::Quoted(scale.id()),
                       " needs a tier (TIER_LOW, TIER_MODERATE, TIER_HIGH or TIER_VERY_HIGH)");
        }
        if (!compiled.tiers.empty() && level.tier() != v1::TIER_UNSPECIFIED &&
            level.tier() < compiled.tiers.back()) {
          return Error(Path(field + ".levels", l) + ".tier", "level ", internal::Quoted(level.id()),
                       " of scale ", internal::Quoted(scale.id()), " has a lower tier (",
                       v1::Tier_Name(level.tier()), ") than the level below it (",
                       v1::Tier_Name(compiled.tiers.back()),
                       "); tiers never go down as levels go up");
        }
        compiled.levels.push_back(level.id());
        compiled.tiers.push_back(level.tier());
      }
      if (scale.purpose() == v1::Scale::PURPOSE_NEED && compiled.levels.empty()) {
        return Error(field + ".levels", "need scale ", internal::Quoted(scale.id()),
                     " needs levels");
      }
      if (auto st = ScaleNorms(scale, field, &compiled); !st.ok()) return st;
      out_->scale_index.emplace(scale.id(), s);
      out_->scales.push_back(std::move(compiled));
    }
    return absl::OkStatus();
  }

  absl::Status ScaleNorms(const v1::Scale& scale, const std::string& field, CompiledScale* out) {
    const int groups = static_cast<int>(out_->norm_groups.size());
    out->norm_of_group.assign(groups, -1);
    if (scale.norms_size() == 0) {
      return Error(field + ".norms", "scale ", internal::Quoted(scale.id()),
                   " needs a scoring table (norms)");
    }
    for (int n = 0; n < scale.norms_size(); ++n) {
      const v1::ScaleNorm& norm = scale.norms(n);
      const std::string norm_field = Path(field + ".norms", n);
      if (norm.norm_groups_size() == 0) {
        for (int g = 0; g < groups; ++g) {
          if (out->norm_of_group[g] >= 0) {
            return Error(norm_field + ".norm_groups", "scale ", internal::Quoted(scale.id()),
                         " has more than one table for norm group ",
                         internal::Quoted(out_->norm_groups[g]));
          }
          out->norm_of_group[g] = n;
        }
      }
      for (int g = 0; g < norm.norm_groups_size(); ++g) {
        const auto& group = norm.norm_groups(g);
        const auto it = std::find(out_->norm_groups.begin(), out_->norm_groups.end(), group);
        if (group.empty() || it == out_->norm_groups.end()) {
          return Error(Path(norm_field + ".norm_groups", g), internal::Quoted(group),
                       " is not a norm group of the instrument");
        }
        int& slot = out->norm_of_group[it - out_->norm_groups.begin()];
        if (slot >= 0) {
          return Error(Path(norm_field + ".norm_groups", g), "scale ", internal::Quoted(scale.id()),
                       " has more than one table for norm group ", internal::Quoted(group));
        }
        slot = n;
      }
      auto compiled = Norm(scale, norm, norm_field, *out);
      if (!compiled.ok()) return compiled.status();
      out->norms.push_back(*std::move(compiled));
    }
    for (int g = 0; g < groups; ++g) {
      if (out->norm_of_group[g] < 0) {
        return Error(field + ".norms", "scale ", internal::Quoted(scale.id()),
                     " has no table for norm group ", internal::Quoted(out_->norm_groups[g]));
      }
    }
    // Flags must be defined by every table or by none, so a result's flag
    // never depends on the group silently.
    const bool flagged = out->norms.front().flag_at.has_value();
    for (size_t n = 1; n < out->norms.size(); ++n) {
      if (out->norms[n].flag_at.has_value() != flagged) {
        return Error(Path(field + ".norms", static_cast<int>(n)) + ".flag_at", "scale ",
                     internal::Quoted(scale.id()),
                     " sets flag_at in some tables but not in others");
      }
    }
    const bool has_scaled = !out->norms.front().scaled.empty();
    for (size_t n = 1; n < out->norms.size(); ++n) {
      if (out->norms[n].scaled.empty() == has_scaled) {
        return Error(Path(field + ".norms", static_cast<int>(n)) + ".scaled", "scale ",
                     internal::Quoted(scale.id()),
                     " has a raw -> scaled table in some tables but not in others");
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<CompiledNorm> Norm(const v1::Scale& scale, const v1::ScaleNorm& norm,
                                    const std::string& field, const CompiledScale& compiled_scale) {
    CompiledNorm out;
    if (norm.points_size() == 0) {
      return Error(field + ".points", "scale ", internal::Quoted(scale.id()),
                   " has no point rules");
    }
    absl::flat_hash_set<std::string> rule_ids;
    int64_t total_points = 0;  // sum of |points|: bounds every partial sum
    for (int r = 0; r < norm.points_size(); ++r) {
      const v1::PointRule& rule = norm.points(r);
      const std::string rule_field = Path(field + ".points", r);
      total_points += std::abs(static_cast<int64_t>(rule.points()));
      if (total_points > kMaxTotalPoints) {
        return Error(rule_field + ".points", "the points of scale ", internal::Quoted(scale.id()),
                     " add up to more than ", kMaxTotalPoints, " in absolute value");
      }
      if (!IsIdentifier(rule.id())) {
        return Error(rule_field + ".id", internal::Quoted(rule.id()), " is not a rule id");
      }
      if (!rule_ids.insert(rule.id()).second) {
        return Error(rule_field + ".id", "duplicate rule id ", internal::Quoted(rule.id()),
                     " in scale ", internal::Quoted(scale.id()));
      }
      auto condition = ConditionOf(rule, rule_field);
      if (!condition.ok()) return condition.status();
      out.rules.push_back({rule.id(), rule.label(), rule.points(), *std::move(condition)});
    }
    for (const CompiledRule& rule : out.rules) {
      for (const auto* matches : {&rule.condition.all, &rule.condition.any}) {
        for (const CompiledMatch& match : *matches) out.items.push_back(match.item);
      }
    }
    std::sort(out.items.begin(), out.items.end());
    out.items.erase(std::unique(out.items.begin(), out.items.end()), out.items.end());
    if (auto s = ScoreRange(field, &out); !s.ok()) return s;

    // Prorating.
    out.can_prorate = std::all_of(out.rules.begin(), out.rules.end(), [](const CompiledRule& r) {
      return r.points >= 0 && SingleMatch(r) != nullptr;
    });
    if (compiled_scale.max_missing_items > 0 && !out.can_prorate) {
      return Error(field + ".points", "scale ", internal::Quoted(scale.id()),
                   " allows missing items, so every rule must test one item and give "
                   "non-negative points");
    }
    if (out.can_prorate) {
      const auto tables = PointTables(out_->items, out.rules);
      for (int item : out.items) {
        const std::vector<int32_t>& points = tables.at(item);
        out.item_max_points.push_back(*std::max_element(points.begin(), points.end()));
      }
      out.max_total = std::accumulate(out.item_max_points.begin(), out.item_max_points.end(), 0);
    }

    // Raw -> scaled.
    for (int i = 0; i < norm.scaled_size(); ++i) {
      const v1::ScaledRange& range = norm.scaled(i);
      const std::string range_field = Path(field + ".scaled", i);
      if (range.min() > range.max()) {
        return Error(range_field, "raw range ", range.min(), "-", range.max(), " of scale ",
                     internal::Quoted(scale.id()), " is reversed");
      }
      if (i > 0) {
        const int32_t expected = norm.scaled(i - 1).max() + 1;
        if (range.min() > expected) {
          return Error(range_field + ".min", "the raw -> scaled table of scale ",
                       internal::Quoted(scale.id()), " has a gap: raw ", expected,
                       range.min() - 1 > expected ? absl::StrCat("-", range.min() - 1) : "",
                       " has no scaled score");
        }
        if (range.min() < expected) {
          return Error(range_field + ".min", "the raw -> scaled table of scale ",
                       internal::Quoted(scale.id()), " overlaps or is out of order: raw ",
                       range.min(), " is already covered by the range ending at ", expected - 1);
        }
      }
      if (std::abs(static_cast<int64_t>(range.scaled())) > kMaxTotalPoints) {
        return Error(range_field + ".scaled", "scaled score ", range.scaled(), " of scale ",
                     internal::Quoted(scale.id()), " is beyond +/-", kMaxTotalPoints);
      }
      out.scaled.push_back({range.min(), range.max(), range.scaled()});
    }
    if (!out.scaled.empty()) {
      if (out.scaled.front().min > out.min_raw) {
        return Error(field + ".scaled", "the raw -> scaled table of scale ",
                     internal::Quoted(scale.id()), " starts at raw ", out.scaled.front().min,
                     " but the rules can give ", out.min_raw);
      }
      if (out.scaled.back().max < out.max_raw) {
        return Error(field + ".scaled", "the raw -> scaled table of scale ",
                     internal::Quoted(scale.id()), " ends at raw ", out.scaled.back().max,
                     " but the rules can give ", out.max_raw);
      }
    }

    // Cut points -> levels.
    if (!v1::ScaleNorm::LevelBasis_IsValid(norm.level_basis())) {
      return Error(field + ".level_basis", "unknown level basis ", norm.level_basis());
    }
    if (norm.cut_points_size() > 0 &&
        norm.level_basis() == v1::ScaleNorm::LEVEL_BASIS_UNSPECIFIED) {
      return Error(field + ".level_basis", "scale ", internal::Quoted(scale.id()),
                   " has cut points: say whether they apply to the raw or the scaled score "
                   "(LEVEL_BASIS_RAW_SCORE or LEVEL_BASIS_SCALED_SCORE)");
    }
    out.levels_from_scaled = norm.level_basis() == v1::ScaleNorm::LEVEL_BASIS_SCALED_SCORE;
    if (out.levels_from_scaled && out.scaled.empty()) {
      return Error(field + ".level_basis", "scale ", internal::Quoted(scale.id()),
                   " takes levels from the scaled score but has no raw -> scaled table");
    }
    const auto& levels = compiled_scale.levels;
    if (levels.empty() && norm.cut_points_size() > 0) {
      return Error(field + ".cut_points", "scale ", internal::Quoted(scale.id()),
                   " has cut points but no levels");
    }
    if (!levels.empty() && norm.cut_points_size() != static_cast<int>(levels.size())) {
      return Error(field + ".cut_points", "scale ", internal::Quoted(scale.id()), " has ",
                   levels.size(), " levels but ", norm.cut_points_size(),
                   " cut points; give one per level");
    }
    int32_t lowest = out.min_raw;
    if (out.levels_from_scaled) {
      lowest = std::numeric_limits<int32_t>::max();
      for (const auto& range : out.scaled) lowest = std::min(lowest, range.scaled);
    }
    for (int c = 0; c < norm.cut_points_size(); ++c) {
      const v1::CutPoint& cut = norm.cut_points(c);
      const std::string cut_field = Path(field + ".cut_points", c);
      if (cut.level() != levels[c]) {
        return Error(cut_field + ".level", "cut points of scale ", internal::Quoted(scale.id()),
                     " are out of order: expected level ", internal::Quoted(levels[c]), ", found ",
                     internal::Quoted(cut.level()), " (cut points follow the order of the levels)");
      }
      if (c > 0 && cut.min() <= norm.cut_points(c - 1).min()) {
        return Error(cut_field + ".min", "cut points of scale ", internal::Quoted(scale.id()),
                     " are out of order: level ", internal::Quoted(cut.level()), " starts at ",
                     cut.min(), ", not above level '", norm.cut_points(c - 1).level(), "' at ",
                     norm.cut_points(c - 1).min());
      }
      if (c == 0 && cut.min() > lowest) {
        return Error(cut_field + ".min", "the lowest level ", internal::Quoted(cut.level()),
                     " of scale ", internal::Quoted(scale.id()), " starts at ", cut.min(),
                     " but the scale can score ", lowest);
      }
      out.cut_mins.push_back(cut.min());
    }
    if (norm.has_flag_at()) out.flag_at = norm.flag_at();
    if (norm.has_flag_at() && scale.flag_label().empty()) {
      return Error(field + ".flag_at", "scale ", internal::Quoted(scale.id()),
                   " has a flag, so it needs a flag_label");
    }

    return out;
  }

  // The lowest and highest raw scores: rules that share items are examined
  // together over every combination of their items' answers; independent
  // groups add up.
  absl::Status ScoreRange(const std::string& field, CompiledNorm* norm) {
    std::vector<int> parent(out_->items.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    std::vector<std::vector<int>> rule_items(norm->rules.size());
    for (size_t r = 0; r < norm->rules.size(); ++r) {
      for (const auto* matches : {&norm->rules[r].condition.all, &norm->rules[r].condition.any}) {
        for (const CompiledMatch& m : *matches) {
          rule_items[r].push_back(m.item);
          parent[find(m.item)] = find(rule_items[r].front());
        }
      }
    }
    int64_t min_total = 0, max_total = 0;
    std::vector<int> codes(out_->items.size(), 0);
    for (int root : norm->items) {
      if (find(root) != root) continue;
      std::vector<int> members;
      std::vector<size_t> rules;
      int64_t combinations = 1;
      for (int item : norm->items) {
        if (find(item) != root) continue;
        members.push_back(item);
        combinations *= static_cast<int64_t>(out_->items[item].answer_ids.size());
        if (combinations > kMaxCombinations) {
          return Error(field + ".points", "rules test too many items together (",
                       out_->items[item].id, " and others) to check the score range");
        }
      }
      for (size_t r = 0; r < norm->rules.size(); ++r) {
        if (find(rule_items[r].front()) == root) rules.push_back(r);
      }
      int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
      for (int item : members) codes[item] = 0;
      for (int64_t c = 0; c < combinations; ++c) {
        int64_t sum = 0;
        for (size_t r : rules) {
          if (norm->rules[r].condition.Holds(codes.data())) sum += norm->rules[r].points;
        }
        lo = std::min(lo, sum);
        hi = std::max(hi, sum);
        for (int item : members) {  // next combination, odometer style
          if (++codes[item] < static_cast<int>(out_->items[item].answer_ids.size())) break;
          codes[item] = 0;
        }
      }
      min_total += lo;
      max_total += hi;
    }

    norm->min_raw = static_cast<int32_t>(min_total);
    norm->max_raw = static_cast<int32_t>(max_total);
    return absl::OkStatus();
  }

  absl::Status Indicators() {
    for (auto [list, name, out] :
         {std::tuple{&def().strengths(), "strengths", &out_->strengths},
          std::tuple{&def().responsivity(), "responsivity", &out_->responsivity}}) {
      absl::flat_hash_set<std::string> ids;
      for (int i = 0; i < list->size(); ++i) {
        const v1::Indicator& indicator = list->Get(i);
        const std::string field = Path(name, i);
        if (!IsIdentifier(indicator.id())) {
          return Error(field + ".id", internal::Quoted(indicator.id()), " is not an indicator id");
        }
        if (!ids.insert(indicator.id()).second) {
          return Error(field + ".id", "duplicate ", name, " id ", internal::Quoted(indicator.id()));
        }
        if (indicator.title().empty()) return Error(field + ".title", "is required");
        auto condition = ConditionOf(indicator, field);
        if (!condition.ok()) return condition.status();
        out->push_back(
            {indicator.id(), indicator.title(), indicator.adaptation(), *std::move(condition)});
      }
    }
    return absl::OkStatus();
  }

  absl::Status Reassessments() {
    for (int i = 0; i < def().reassessment_size(); ++i) {
      const v1::ReassessmentInterval& rule = def().reassessment(i);
      const std::string field = Path("reassessment", i);
      const auto it = out_->scale_index.find(rule.scale_id());
      if (it == out_->scale_index.end()) {
        return Error(field + ".scale_id", "unknown scale ", internal::Quoted(rule.scale_id()));
      }
      const CompiledScale& scale = out_->scales[it->second];
      const int level = scale.LevelIndex(rule.level());
      if (level < 0) {
        return Error(field + ".level", internal::Quoted(rule.level()), " is not a level of scale ",
                     internal::Quoted(scale.id), "");
      }
      if (rule.interval_days() < 0 || rule.interval_months() < 0 ||
          (rule.interval_days() > 0) == (rule.interval_months() > 0)) {
        return Error(field, "give exactly one positive interval_days or interval_months");
      }
      if (rule.interval_days() > 3660 || rule.interval_months() > 120) {
        return Error(field, "an interval of more than ten years is not a reassessment schedule");
      }
      for (const CompiledReassessment& other : out_->reassessments) {
        if (other.scale == it->second && other.level == level) {
          return Error(field, "scale ", internal::Quoted(scale.id), " level ",
                       internal::Quoted(rule.level()), " has more than one interval");
        }
      }
      out_->reassessments.push_back(
          {it->second, level, rule.interval_days(), rule.interval_months()});
    }
    return absl::OkStatus();
  }

  // The scales that give the overall risk tier: risk scales with a tier on
  // every level.
  absl::Status RiskScales() {
    for (int i = 0; i < def().risk_scale_ids_size(); ++i) {
      const std::string& id = def().risk_scale_ids(i);
      const std::string field = Path("risk_scale_ids", i);
      const auto it = out_->scale_index.find(id);
      if (it == out_->scale_index.end())
        return Error(field, "unknown scale ", internal::Quoted(id));
      const CompiledScale& scale = out_->scales[it->second];
      if (scale.purpose != v1::Scale::PURPOSE_RISK) {
        return Error(field, "scale ", internal::Quoted(id), " is not a PURPOSE_RISK scale");
      }
      if (scale.levels.empty()) {
        return Error(field, "scale ", internal::Quoted(id),
                     " has no levels, so it gives no risk tier");
      }
      for (size_t l = 0; l < scale.levels.size(); ++l) {
        if (scale.tiers[l] == v1::TIER_UNSPECIFIED) {
          return Error(field, "level ", internal::Quoted(scale.levels[l]), " of risk scale ",
                       internal::Quoted(id), " declares no tier");
        }
      }
      if (std::find(out_->risk_scales.begin(), out_->risk_scales.end(), it->second) !=
          out_->risk_scales.end()) {
        return Error(field, "scale ", internal::Quoted(id), " is listed twice");
      }
      out_->risk_scales.push_back(it->second);
    }
    return absl::OkStatus();
  }

  // The items each norm group's tables test: under POLICY_REFUSE these must be
  // answered.
  void MarkScoredItems() {
    const size_t groups = out_->norm_groups.size();
    out_->scored_items.assign(groups, std::vector<bool>(out_->items.size(), false));
    for (size_t g = 0; g < groups; ++g) {
      for (const CompiledScale& scale : out_->scales) {
        for (int item : scale.NormFor(static_cast<int>(g)).items) {
          out_->scored_items[g][item] = true;
        }
      }
    }
  }

  // The batch kernel's program of each norm group (see KernelProgram).
  void BuildKernels() {
    const int groups = static_cast<int>(out_->norm_groups.size());
    for (int g = 0; g < groups; ++g) {
      out_->kernels.push_back(BuildKernelProgram(*out_, g));
    }
  }

  std::unique_ptr<CompiledInstrument> out_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CompiledInstrument>> CompileDefinition(
    v1::InstrumentDefinition definition) {
  return Compiler(std::move(definition)).Run();
}

}  // namespace reentry::assess_internal
