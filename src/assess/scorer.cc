#include "reentry/assess/scorer.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "assess/compiled.h"
#include "assess/evaluate.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace {

using assess_internal::CompiledInstrument;
using assess_internal::CompiledItem;
using assess_internal::CompiledMatch;
using assess_internal::CompiledScale;
using assess_internal::Condition;
using assess_internal::kMissing;
using internal::InvalidField;

using Codes = absl::InlinedVector<int, 32>;

std::string Path(absl::string_view base, int index) { return absl::StrCat(base, "[", index, "]"); }

absl::string_view AnswerKind(v1::Item::Type type) {
  switch (type) {
    case v1::Item::BOOLEAN:
      return "boolean";
    case v1::Item::CHOICE:
      return "choice";
    default:
      return "number";
  }
}

absl::string_view GivenKind(v1::ItemResponse::AnswerCase answer) {
  switch (answer) {
    case v1::ItemResponse::kBoolean:
      return "boolean";
    case v1::ItemResponse::kChoice:
      return "choice";
    default:
      return "number";
  }
}

// Classifies every response into an answer code, rejecting what is not valid.
absl::Status ClassifyResponses(const CompiledInstrument& instrument,
                               const v1::ScoreRequest& request, Codes* codes,
                               std::vector<int>* response_of_item) {
  codes->assign(instrument.items.size(), kMissing);
  response_of_item->assign(instrument.items.size(), -1);
  for (int i = 0; i < request.responses_size(); ++i) {
    const v1::ItemResponse& response = request.responses(i);
    // Field paths are built only for errors.
    const auto field = [i](absl::string_view member) {
      return absl::StrCat("responses[", i, "].", member);
    };
    if (response.item_id().empty()) return InvalidField(field("item_id"), "is required");
    const auto it = instrument.item_index.find(response.item_id());
    if (it == instrument.item_index.end()) {
      return InvalidField(field("item_id"), "unknown item '", response.item_id(),
                          "' for instrument ", instrument.Name());
    }
    const int index = it->second;
    const CompiledItem& item = instrument.items[index];
    if ((*response_of_item)[index] >= 0) {
      return InvalidField(field("item_id"), "item '", item.id, "' is answered twice (also in ",
                          Path("responses", (*response_of_item)[index]), ")");
    }
    (*response_of_item)[index] = i;
    const auto answer = response.answer_case();
    if (answer == v1::ItemResponse::ANSWER_NOT_SET) continue;  // present but missing
    if (AnswerKind(item.type) != GivenKind(answer)) {
      return InvalidField(field(GivenKind(answer)), "item '", item.id, "' is ",
                          v1::Item::Type_Name(item.type), ": answer with ", AnswerKind(item.type),
                          ", not ", GivenKind(answer));
    }
    switch (answer) {
      case v1::ItemResponse::kBoolean:
        (*codes)[index] = response.boolean() ? 1 : 0;
        break;
      case v1::ItemResponse::kNumber: {
        const double value = response.number();
        // The common case, a valid value, needs no error text.
        if (assess_internal::IsValidNumber(item, value)) {
          (*codes)[index] = item.band_mins.empty() ? 0 : item.BandOf(value);
          break;
        }
        return assess_internal::CodeOfNumber(item, value, field("number")).status();
        break;
      }
      default: {
        const auto choice = item.choice_codes.find(response.choice());
        if (choice == item.choice_codes.end()) {
          return InvalidField(field("choice"), "'", response.choice(),
                              "' is not a choice of item '", item.id,
                              "' (choices: ", absl::StrJoin(item.answer_ids, ", "), ")");
        }
        (*codes)[index] = choice->second;
      }
    }
  }
  return absl::OkStatus();
}

void AddAnswer(const CompiledInstrument& instrument, int item, int code, v1::AnswerRef* out) {
  const CompiledItem& compiled = instrument.items[item];
  out->set_item_id(compiled.id);
  if (code >= 0 && code < static_cast<int>(compiled.answer_ids.size())) {
    out->set_answer(compiled.answer_ids[code]);
    out->set_label(compiled.answer_labels[code]);
  }
}

// The matches of `condition` that held, as answers.
template <typename Repeated>
void AddEvidence(const CompiledInstrument& instrument, const Condition& condition, const int* codes,
                 Repeated* out) {
  for (const auto* matches : {&condition.all, &condition.any}) {
    for (const CompiledMatch& match : *matches) {
      if (match.Holds(codes)) AddAnswer(instrument, match.item, codes[match.item], out->Add());
    }
  }
}

absl::Status ApplyOverride(const CompiledInstrument& instrument, const v1::Override& request,
                           v1::AssessmentResult* result) {
  int scale_index = -1;
  if (request.scale_id().empty()) {
    for (size_t s = 0; s < instrument.scales.size(); ++s) {
      if (instrument.scales[s].levels.empty()) continue;
      if (scale_index >= 0) {
        return InvalidField("override.scale_id", "instrument ", instrument.Name(),
                            " has several scales with levels; name the one overridden");
      }
      scale_index = static_cast<int>(s);
    }
    if (scale_index < 0) {
      return InvalidField("override.scale_id", "instrument ", instrument.Name(),
                          " has no scale with levels to override");
    }
  } else {
    const auto it = instrument.scale_index.find(request.scale_id());
    if (it == instrument.scale_index.end()) {
      return InvalidField("override.scale_id", "unknown scale '", request.scale_id(),
                          "' for instrument ", instrument.Name());
    }
    scale_index = it->second;
  }
  const CompiledScale& scale = instrument.scales[scale_index];
  if (scale.levels.empty()) {
    return InvalidField("override.scale_id", "scale '", scale.id, "' has no levels to override");
  }
  const int level = scale.LevelIndex(request.level());
  if (level < 0) {
    return InvalidField("override.level", "'", request.level(), "' is not a level of scale '",
                        scale.id, "' (levels: ", absl::StrJoin(scale.levels, ", "), ")");
  }
  if (request.reason().empty()) {
    return InvalidField("override.reason", "an override needs the reason it was made");
  }
  if (request.author().empty()) {
    return InvalidField("override.author", "an override needs the person who made it");
  }
  if (!request.overridden_on().empty()) {
    auto date = internal::ParseDate(request.overridden_on(), "override.overridden_on");
    if (!date.ok()) return date.status();
  }
  v1::ScaleResult* scale_result = result->mutable_scales(scale_index);
  if (level == scale_result->level_index()) {
    return InvalidField("override.level", "'", request.level(),
                        "' is already the computed level of scale '", scale.id,
                        "'; an override must change the level");
  }
  v1::Override* kept = scale_result->mutable_override();
  *kept = request;
  kept->set_scale_id(scale.id);
  kept->set_level_steps(level - scale_result->level_index());
  scale_result->set_final_level(request.level());
  return absl::OkStatus();
}

void RankNeeds(const CompiledInstrument& instrument, v1::AssessmentResult* result) {
  struct Need {
    int scale;
    int level;
    double share;
  };
  std::vector<Need> needs;
  for (size_t s = 0; s < instrument.scales.size(); ++s) {
    const CompiledScale& scale = instrument.scales[s];
    if (scale.purpose != v1::Scale::NEED) continue;
    const v1::ScaleResult& scored = result->scales(static_cast<int>(s));
    const int level = scale.LevelIndex(scored.final_level());
    if (level <= 0) continue;
    const auto& norm = scale.NormFor(0);
    const double share = norm.max_raw > 0 ? scored.raw_score() / norm.max_raw : 0.0;
    needs.push_back({static_cast<int>(s), level, share});
  }
  std::stable_sort(needs.begin(), needs.end(), [&](const Need& a, const Need& b) {
    if (a.level != b.level) return a.level > b.level;
    if (a.share != b.share) return a.share > b.share;
    const bool ca = instrument.scales[a.scale].need.criminogenic();
    const bool cb = instrument.scales[b.scale].need.criminogenic();
    if (ca != cb) return ca;
    return a.scale < b.scale;
  });
  int rank = 0;
  for (const Need& need : needs) {
    const CompiledScale& scale = instrument.scales[need.scale];
    const v1::ScaleResult& scored = result->scales(need.scale);
    v1::NeedResult* out = result->add_needs();
    out->set_domain(scale.need.domain());
    out->set_scale_id(scale.id);
    out->set_level(scored.final_level());
    out->set_level_index(need.level);
    out->set_raw_score(scored.raw_score());
    out->set_criminogenic(scale.need.criminogenic());
    out->set_survival(scale.need.survival());
    out->set_rank(++rank);
  }
}

v1::Direction DirectionOf(double delta) {
  return delta > 0 ? v1::INCREASED : delta < 0 ? v1::DECREASED : v1::UNCHANGED;
}

absl::Status CompareWithPrevious(const CompiledInstrument& instrument,
                                 const v1::AssessmentResult& previous,
                                 std::optional<absl::CivilDay> assessed_on,
                                 v1::AssessmentResult* result) {
  if (previous.instrument_id() != instrument.definition.id()) {
    return InvalidField("previous.instrument_id", "the previous result is of instrument '",
                        previous.instrument_id(), "', not '", instrument.definition.id(), "'");
  }
  v1::Change* change = result->mutable_change();
  change->set_previous_assessed_on(previous.assessed_on());
  change->set_previous_instrument_version(previous.instrument_version());
  if (!previous.assessed_on().empty()) {
    auto before = internal::ParseDate(previous.assessed_on(), "previous.assessed_on");
    if (!before.ok()) return before.status();
    if (assessed_on.has_value()) {
      change->set_days_between(static_cast<int32_t>(*assessed_on - *before));
    }
  }
  for (int p = 0; p < previous.scales_size(); ++p) {
    const v1::ScaleResult& before = previous.scales(p);
    const auto it = instrument.scale_index.find(before.scale_id());
    if (it == instrument.scale_index.end()) continue;  // a scale of another version
    const CompiledScale& scale = instrument.scales[it->second];
    const v1::ScaleResult& now = result->scales(it->second);
    const std::string& before_level =
        before.final_level().empty() ? before.level() : before.final_level();
    v1::ScaleChange* out = change->add_scales();
    out->set_scale_id(scale.id);
    out->set_previous_raw_score(before.raw_score());
    out->set_raw_score_delta(now.raw_score() - before.raw_score());
    out->set_previous_level(before_level);
    out->set_level(now.final_level());
    if (scale.levels.empty()) {
      out->set_direction(DirectionOf(out->raw_score_delta()));
      continue;
    }
    const int previous_index = scale.LevelIndex(before_level);
    if (previous_index < 0) {
      return InvalidField(absl::StrCat(Path("previous.scales", p), ".final_level"), "'",
                          before_level, "' is not a level of scale '", scale.id, "'");
    }
    const int steps = scale.LevelIndex(now.final_level()) - previous_index;
    out->set_level_steps(steps);
    out->set_direction(DirectionOf(steps));
  }
  // Needs present in either result, current ranking first.
  std::vector<std::string> domains;
  for (const auto& need : result->needs()) domains.push_back(need.domain());
  for (const auto& need : previous.needs()) {
    if (std::find(domains.begin(), domains.end(), need.domain()) == domains.end()) {
      domains.push_back(need.domain());
    }
  }
  for (const std::string& domain : domains) {
    const v1::NeedResult* now = nullptr;
    const v1::NeedResult* before = nullptr;
    for (const auto& need : result->needs()) {
      if (need.domain() == domain) now = &need;
    }
    for (const auto& need : previous.needs()) {
      if (need.domain() == domain) before = &need;
    }
    v1::NeedChange* out = change->add_needs();
    out->set_domain(domain);
    if (before != nullptr) out->set_previous_level(before->level());
    if (now != nullptr) out->set_level(now->level());
    const int level_now = now != nullptr ? now->level_index() : 0;
    const int level_before = before != nullptr ? before->level_index() : 0;
    out->set_direction(DirectionOf(level_now - level_before));
  }
  return absl::OkStatus();
}

std::string NextReassessment(const CompiledInstrument& instrument, absl::CivilDay assessed_on,
                             const v1::AssessmentResult& result) {
  std::optional<absl::CivilDay> next;
  for (const auto& rule : instrument.reassessments) {
    const CompiledScale& scale = instrument.scales[rule.scale];
    if (scale.LevelIndex(result.scales(rule.scale).final_level()) != rule.level) continue;
    const absl::CivilDay date =
        rule.days > 0 ? assessed_on + rule.days : internal::AddMonths(assessed_on, rule.months);
    if (!next.has_value() || date < *next) next = date;
  }
  return next.has_value() ? internal::FormatDate(*next) : std::string();
}

}  // namespace

namespace assess_internal {

absl::Status ScoreInto(const Instrument& instrument, const v1::ScoreRequest& request,
                       v1::AssessmentResult* scored) {
  const CompiledInstrument& compiled = Compiled(instrument);
  if (!request.instrument_id().empty() && request.instrument_id() != instrument.id()) {
    return InvalidField("instrument_id", "request is for instrument '", request.instrument_id(),
                        "' but is scored with '", instrument.id(), "'");
  }
  if (!request.instrument_version().empty() &&
      request.instrument_version() != instrument.version()) {
    return InvalidField("instrument_version", "request is for version '",
                        request.instrument_version(), "' but is scored with ", compiled.Name());
  }
  auto group = compiled.NormGroupIndex(request.norm_group(), "norm_group");
  if (!group.ok()) return group.status();
  std::optional<absl::CivilDay> assessed_on;
  if (!request.assessed_on().empty()) {
    auto date = internal::ParseDate(request.assessed_on(), "assessed_on");
    if (!date.ok()) return date.status();
    assessed_on = *date;
  }

  Codes codes;
  std::vector<int> response_of_item;
  if (auto s = ClassifyResponses(compiled, request, &codes, &response_of_item); !s.ok()) return s;

  v1::AssessmentResult& result = *scored;
  result.set_instrument_id(instrument.id());
  result.set_instrument_version(instrument.version());
  result.set_norm_group(compiled.norm_groups[*group]);
  result.set_client_id(request.client_id());
  result.set_assessed_on(request.assessed_on());
  for (size_t i = 0; i < compiled.items.size(); ++i) {
    if (codes[i] != kMissing) {
      *result.add_responses() = request.responses(response_of_item[i]);
      continue;
    }
    const CompiledItem& item = compiled.items[i];
    if (compiled.MustAnswer(*group, static_cast<int>(i))) {
      return InvalidField("responses", "item '", item.id, "' is missing: instrument ",
                          compiled.Name(), " requires it",
                          compiled.norm_groups.size() > 1
                              ? absl::StrCat(" for norm group '", compiled.norm_groups[*group], "'")
                              : "");
    }
    result.add_missing_items(item.id);
  }

  std::vector<int> held;
  for (size_t s = 0; s < compiled.scales.size(); ++s) {
    const CompiledScale& scale = compiled.scales[s];
    const auto& norm = scale.NormFor(*group);
    held.clear();
    auto outcome =
        assess_internal::EvaluateScale(compiled, static_cast<int>(s), *group, codes.data(), &held);
    if (!outcome.ok()) return outcome.status();
    v1::ScaleResult* out = result.add_scales();
    out->set_scale_id(scale.id);
    out->set_raw_score(outcome->raw);
    out->set_observed_raw_score(outcome->observed);
    out->set_prorated(outcome->prorated);
    if (outcome->scaled.has_value()) out->set_scaled_score(*outcome->scaled);
    if (outcome->flag.has_value()) out->set_flag(*outcome->flag);
    out->set_level_index(outcome->level);
    if (outcome->level >= 0) {
      out->set_level(scale.levels[outcome->level]);
      out->set_final_level(out->level());
    }
    // The explanation: every rule that held, then every item that earned nothing.
    absl::InlinedVector<bool, 32> explained(compiled.items.size(), false);
    for (int r : held) {
      const auto& rule = norm.rules[r];
      v1::Contribution* contribution = out->add_contributions();
      contribution->set_rule_id(rule.id);
      contribution->set_label(rule.label);
      contribution->set_points(rule.points);
      AddEvidence(compiled, rule.condition, codes.data(), contribution->mutable_answers());
      for (const auto* matches : {&rule.condition.all, &rule.condition.any}) {
        for (const CompiledMatch& match : *matches) {
          if (match.Holds(codes.data())) explained[match.item] = true;
        }
      }
    }
    for (int item : norm.items) {
      if (codes[item] == kMissing) {
        out->add_missing_items(compiled.items[item].id);
      } else if (!explained[item]) {
        AddAnswer(compiled, item, codes[item], out->add_contributions()->add_answers());
      }
    }
  }

  if (request.has_override()) {
    if (auto s = ApplyOverride(compiled, request.override(), &result); !s.ok()) return s;
  }
  RankNeeds(compiled, &result);
  for (const auto& strength : compiled.strengths) {
    if (!strength.condition.Holds(codes.data())) continue;
    v1::IndicatorResult* out = result.add_strengths();
    out->set_id(strength.id);
    out->set_title(strength.title);
    AddEvidence(compiled, strength.condition, codes.data(), out->mutable_evidence());
  }
  for (const auto& factor : compiled.responsivity) {
    if (!factor.condition.Holds(codes.data())) continue;
    v1::IndicatorResult* out = result.add_responsivity();
    out->set_id(factor.id);
    out->set_title(factor.title);
    out->set_adaptation(factor.adaptation);
    AddEvidence(compiled, factor.condition, codes.data(), out->mutable_evidence());
  }
  if (assessed_on.has_value()) {
    result.set_next_reassessment_on(NextReassessment(compiled, *assessed_on, result));
  }
  if (request.has_previous()) {
    if (auto s = CompareWithPrevious(compiled, request.previous(), assessed_on, &result); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace assess_internal

absl::StatusOr<v1::AssessmentResult> ScoreAssessment(const Instrument& instrument,
                                                     const v1::ScoreRequest& request) {
  v1::AssessmentResult result;
  if (auto s = assess_internal::ScoreInto(instrument, request, &result); !s.ok()) return s;
  return result;
}

}  // namespace reentry
