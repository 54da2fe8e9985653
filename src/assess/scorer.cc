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
#include "assess/scored.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry::assess_internal {
namespace {

using internal::InvalidField;

using Codes = absl::InlinedVector<int, 32>;

std::string Path(absl::string_view base, int index) { return absl::StrCat(base, "[", index, "]"); }

absl::string_view AnswerKind(v1::Item::Type type) {
  switch (type) {
    case v1::Item::TYPE_BOOLEAN:
      return "boolean";
    case v1::Item::TYPE_CHOICE:
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
                               Codes* response_of_item) {
  codes->assign(instrument.items.size(), kMissing);
  response_of_item->assign(instrument.items.size(), -1);
  // Responses usually come in definition order: try the next item before
  // hashing.
  size_t expected = 0;
  for (int i = 0; i < request.responses_size(); ++i) {
    const v1::ItemResponse& response = request.responses(i);
    // Field paths are built only for errors.
    const auto field = [i](absl::string_view member) {
      return absl::StrCat("responses[", i, "].", member);
    };
    if (response.item_id().empty()) return InvalidField(field("item_id"), "is required");
    int index;
    if (expected < instrument.items.size() && instrument.items[expected].id == response.item_id()) {
      index = static_cast<int>(expected);
    } else {
      const auto it = instrument.item_index.find(response.item_id());
      if (it == instrument.item_index.end()) {
        return InvalidField(field("item_id"), "unknown item ", internal::Quoted(response.item_id()),
                            " for instrument ", instrument.Name());
      }
      index = it->second;
    }
    expected = static_cast<size_t>(index) + 1;
    const CompiledItem& item = instrument.items[index];
    if ((*response_of_item)[index] >= 0) {
      return InvalidField(field("item_id"), "item ", internal::Quoted(item.id),
                          " is answered twice (also in ",
                          Path("responses", (*response_of_item)[index]), ")");
    }
    (*response_of_item)[index] = i;
    const auto answer = response.answer_case();
    if (answer == v1::ItemResponse::ANSWER_NOT_SET) continue;  // present but missing
    if (AnswerKind(item.type) != GivenKind(answer)) {
      return InvalidField(field(GivenKind(answer)), "item ", internal::Quoted(item.id), " is ",
                          ItemTypeName(item.type), ": answer with ", AnswerKind(item.type),
                          ", not ", GivenKind(answer));
    }
    switch (answer) {
      case v1::ItemResponse::kBoolean:
        (*codes)[index] = response.boolean() ? 1 : 0;
        break;
      case v1::ItemResponse::kNumber: {
        const double value = response.number();
        // The common case, a valid value, needs no error text.
        if (IsValidNumber(item, value)) {
          (*codes)[index] = item.BandOf(value);
          break;
        }
        return CodeOfNumber(item, value, field("number")).status();
        break;
      }
      default: {
        const auto choice = item.choice_codes.find(response.choice());
        if (choice == item.choice_codes.end()) {
          return InvalidField(field("choice"), internal::Quoted(response.choice()),
                              " is not a choice of item ", internal::Quoted(item.id),
                              " (choices: ", absl::StrJoin(item.answer_ids, ", "), ")");
        }
        (*codes)[index] = choice->second;
      }
    }
  }
  return absl::OkStatus();
}

// The matches of `condition` that held.
template <typename Answers>
void AddEvidence(const Condition& condition, const int* codes, Answers* out) {
  for (const auto* matches : {&condition.all, &condition.any}) {
    for (const CompiledMatch& match : *matches) {
      if (match.Holds(codes)) out->push_back({match.item, codes[match.item]});
    }
  }
}

absl::Status ApplyOverride(const CompiledInstrument& instrument, const v1::Override& request,
                           Scored* scored) {
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
      return InvalidField("override.scale_id", "unknown scale ",
                          internal::Quoted(request.scale_id()), " for instrument ",
                          instrument.Name());
    }
    scale_index = it->second;
  }
  const CompiledScale& scale = instrument.scales[scale_index];
  if (scale.levels.empty()) {
    return InvalidField("override.scale_id", "scale ", internal::Quoted(scale.id),
                        " has no levels to override");
  }
  const int level = scale.LevelIndex(request.level());
  if (level < 0) {
    return InvalidField("override.level", internal::Quoted(request.level()),
                        " is not a level of scale ", internal::Quoted(scale.id),
                        " (levels: ", absl::StrJoin(scale.levels, ", "), ")");
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
  ScoredScale& scored_scale = scored->scales[scale_index];
  if (level == scored_scale.outcome.level) {
    return InvalidField("override.level", internal::Quoted(request.level()),
                        " is already the computed level of scale ", internal::Quoted(scale.id),
                        "; an override must change the level");
  }
  scored_scale.override_request = &request;
  scored_scale.final_level = level;
  return absl::OkStatus();
}

void RankNeeds(const CompiledInstrument& instrument, Scored* scored) {
  struct Need {
    int scale;
    int level;
    double share;
  };
  absl::InlinedVector<Need, 16> needs;
  for (size_t s = 0; s < instrument.scales.size(); ++s) {
    const CompiledScale& scale = instrument.scales[s];
    if (scale.purpose != v1::Scale::PURPOSE_NEED) continue;
    const ScoredScale& scored_scale = scored->scales[s];
    const int level = scored_scale.final_level;
    if (level <= 0) continue;
    const auto& norm = scale.NormFor(scored->group);
    const double share =
        norm.max_raw > 0 ? static_cast<double>(scored_scale.outcome.raw) / norm.max_raw : 0.0;
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
  for (const Need& need : needs) scored->needs.push_back({need.scale, need.level, ++rank});
}

v1::Change::Direction DirectionOf(double delta) {
  return delta > 0   ? v1::Change::DIRECTION_INCREASED
         : delta < 0 ? v1::Change::DIRECTION_DECREASED
                     : v1::Change::DIRECTION_UNCHANGED;
}

// The risk scale whose final level has the highest tier; the first of them
// in risk_scale_ids order on a tie.
int RiskScale(const CompiledInstrument& instrument, const Scored& scored) {
  int best = -1;
  for (int s : instrument.risk_scales) {
    const int level = scored.scales[s].final_level;
    if (level < 0) continue;
    if (best < 0 || instrument.scales[s].tiers[level] >
                        instrument.scales[best].tiers[scored.scales[best].final_level]) {
      best = s;
    }
  }
  return best;
}

absl::Status CompareWithPrevious(const CompiledInstrument& instrument,
                                 const v1::AssessmentResult& previous,
                                 std::optional<absl::CivilDay> assessed_on, Scored* scored) {
  if (previous.instrument_id() != instrument.definition.id()) {
    return InvalidField("previous.instrument_id", "the previous result is of instrument ",
                        internal::Quoted(previous.instrument_id()), ", not ",
                        internal::Quoted(instrument.definition.id()));
  }
  if (!previous.assessed_on().empty()) {
    auto before = internal::ParseDate(previous.assessed_on(), "previous.assessed_on");
    if (!before.ok()) return before.status();
    if (assessed_on.has_value()) {
      scored->days_between = static_cast<int32_t>(*assessed_on - *before);
    }
  }
  for (int p = 0; p < previous.scales_size(); ++p) {
    const v1::ScaleResult& before = previous.scales(p);
    const auto it = instrument.scale_index.find(before.scale_id());
    if (it == instrument.scale_index.end()) continue;  // a scale of another version
    const CompiledScale& scale = instrument.scales[it->second];
    const ScoredScale& now = scored->scales[it->second];
    ScoredScaleChange change;
    change.scale = it->second;
    change.previous = &before;
    change.previous_level = before.final_level().empty() ? before.level() : before.final_level();
    change.delta = now.outcome.raw - before.raw_score();
    if (scale.levels.empty()) {
      change.direction = DirectionOf(change.delta);
    } else {
      const int previous_index = scale.LevelIndex(change.previous_level);
      if (previous_index < 0) {
        return InvalidField(absl::StrCat("previous.scales[", p, "].final_level"),
                            internal::Quoted(change.previous_level), " is not a level of scale ",
                            internal::Quoted(scale.id));
      }
      change.level_steps = now.final_level - previous_index;
      change.direction = DirectionOf(change.level_steps);
    }
    scored->scale_changes.push_back(change);
  }
  // Needs present in either result, current ranking first.
  absl::InlinedVector<absl::string_view, 16> domains;
  for (const ScoredNeed& need : scored->needs) {
    domains.push_back(instrument.scales[need.scale].need.domain());
  }
  for (const auto& need : previous.needs()) {
    if (std::find(domains.begin(), domains.end(), need.domain()) == domains.end()) {
      domains.push_back(need.domain());
    }
  }
  for (absl::string_view domain : domains) {
    const ScoredNeed* now = nullptr;
    const v1::NeedResult* before = nullptr;
    for (const ScoredNeed& need : scored->needs) {
      if (instrument.scales[need.scale].need.domain() == domain) now = &need;
    }
    for (const auto& need : previous.needs()) {
      if (need.domain() == domain) before = &need;
    }
    ScoredNeedChange change;
    change.domain = domain;
    if (before != nullptr) change.previous_level = before->level();
    if (now != nullptr) {
      change.level = LevelId(instrument.scales[now->scale], scored->scales[now->scale].final_level);
    }
    const int level_now = now != nullptr ? now->level : 0;
    const int level_before = before != nullptr ? before->level_index() : 0;
    change.direction = DirectionOf(level_now - level_before);
    scored->need_changes.push_back(change);
  }
  return absl::OkStatus();
}

std::string NextReassessment(const CompiledInstrument& instrument, absl::CivilDay assessed_on,
                             const Scored& scored) {
  std::optional<absl::CivilDay> next;
  for (const auto& rule : instrument.reassessments) {
    if (scored.scales[rule.scale].final_level != rule.level) continue;
    const absl::CivilDay date =
        rule.days > 0 ? assessed_on + rule.days : internal::AddMonths(assessed_on, rule.months);
    if (!next.has_value() || date < *next) next = date;
  }
  return next.has_value() ? internal::FormatDate(*next) : std::string();
}

}  // namespace

void Scored::Reset() {
  instrument = nullptr;
  request = nullptr;
  group = 0;
  codes.clear();
  response_of_item.clear();
  scales.clear();
  missing_items.clear();
  needs.clear();
  strengths.clear();
  responsivity.clear();
  risk_scale = -1;
  next_reassessment_on.clear();
  days_between.reset();
  scale_changes.clear();
  need_changes.clear();
}

absl::Status Score(const CompiledInstrument& compiled, const v1::ScoreRequest& request,
                   Scored* scored) {
  const std::string& id = compiled.definition.id();
  const std::string& version = compiled.definition.version();
  if (!request.instrument_id().empty() && request.instrument_id() != id) {
    return InvalidField("instrument_id", "request is for instrument ",
                        internal::Quoted(request.instrument_id()), " but is scored with ",
                        internal::Quoted(id));
  }
  if (!request.instrument_version().empty() && request.instrument_version() != version) {
    return InvalidField("instrument_version", "request is for version ",
                        internal::Quoted(request.instrument_version()), " but is scored with ",
                        compiled.Name());
  }
  auto group = compiled.NormGroupIndex(request.norm_group(), "norm_group");
  if (!group.ok()) return group.status();
  std::optional<absl::CivilDay> assessed_on;
  if (!request.assessed_on().empty()) {
    auto date = internal::ParseDate(request.assessed_on(), "assessed_on");
    if (!date.ok()) return date.status();
    assessed_on = *date;
  }
  scored->instrument = &compiled;
  scored->request = &request;
  scored->group = *group;
  if (auto s = ClassifyResponses(compiled, request, &scored->codes, &scored->response_of_item);
      !s.ok()) {
    return s;
  }
  const int* codes = scored->codes.data();
  for (size_t i = 0; i < compiled.items.size(); ++i) {
    if (codes[i] != kMissing) continue;
    if (compiled.MustAnswer(*group, static_cast<int>(i))) {
      return InvalidField(
          "responses", "item ", internal::Quoted(compiled.items[i].id), " is missing: instrument ",
          compiled.Name(), " requires it",
          compiled.norm_groups.size() > 1
              ? absl::StrCat(" for norm group ", internal::Quoted(compiled.norm_groups[*group]))
              : "");
    }
    scored->missing_items.push_back(static_cast<int>(i));
  }

  scored->scales.resize(compiled.scales.size());
  absl::InlinedVector<int, 32> held;
  absl::InlinedVector<bool, 32> explained;
  for (size_t s = 0; s < compiled.scales.size(); ++s) {
    const auto& norm = compiled.scales[s].NormFor(*group);
    ScoredScale& out = scored->scales[s];
    held.clear();
    auto outcome = EvaluateScale(compiled, static_cast<int>(s), *group, codes, &held);
    if (!outcome.ok()) return outcome.status();
    out.outcome = *outcome;
    out.final_level = outcome->level;
    // The explanation: every rule that held, then every item that earned nothing.
    explained.assign(compiled.items.size(), false);
    for (int r : held) {
      ScoredContribution& contribution = out.contributions.emplace_back();
      contribution.rule = r;
      AddEvidence(norm.rules[r].condition, codes, &contribution.answers);
      for (const ScoredAnswer& answer : contribution.answers) explained[answer.item] = true;
    }
    for (int item : norm.items) {
      if (codes[item] == kMissing) {
        out.missing_items.push_back(item);
      } else if (!explained[item]) {
        out.contributions.emplace_back().answers.push_back({item, codes[item]});
      }
    }
  }

  if (request.has_override()) {
    if (auto s = ApplyOverride(compiled, request.override(), scored); !s.ok()) return s;
  }
  RankNeeds(compiled, scored);
  scored->risk_scale = RiskScale(compiled, *scored);
  for (const auto* list : {&compiled.strengths, &compiled.responsivity}) {
    auto& out = list == &compiled.strengths ? scored->strengths : scored->responsivity;
    for (size_t i = 0; i < list->size(); ++i) {
      const Condition& condition = (*list)[i].condition;
      if (!condition.Holds(codes)) continue;
      ScoredIndicator indicator;
      indicator.indicator = static_cast<int>(i);
      AddEvidence(condition, codes, &indicator.evidence);
      out.push_back(std::move(indicator));
    }
  }
  if (assessed_on.has_value()) {
    scored->next_reassessment_on = NextReassessment(compiled, *assessed_on, *scored);
  }
  if (request.has_previous()) {
    if (auto s = CompareWithPrevious(compiled, request.previous(), assessed_on, scored); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

namespace {

void ToAnswer(const CompiledInstrument& instrument, const ScoredAnswer& answer,
              v1::AnswerRef* out) {
  const CompiledItem& item = instrument.items[answer.item];
  out->set_item_id(item.id);
  if (answer.code >= 0 && answer.code < static_cast<int>(item.answer_ids.size())) {
    out->set_answer(item.answer_ids[answer.code]);
    out->set_label(item.answer_labels[answer.code]);
  }
}

}  // namespace

absl::string_view LevelId(const CompiledScale& scale, int level) {
  return level >= 0 ? absl::string_view(scale.levels[level]) : absl::string_view();
}

v1::Tier TierOf(const CompiledScale& scale, int level) {
  return level >= 0 ? scale.tiers[level] : v1::TIER_UNSPECIFIED;
}

v1::Tier RiskTier(const Scored& scored) {
  if (scored.risk_scale < 0) return v1::TIER_UNSPECIFIED;
  return TierOf(scored.instrument->scales[scored.risk_scale],
                scored.scales[scored.risk_scale].final_level);
}

v1::Override OverrideMessage(const CompiledScale& scale, const ScoredScale& in) {
  v1::Override kept = *in.override_request;
  kept.set_scale_id(scale.id);
  return kept;
}

void ToMessage(const Scored& scored, v1::AssessmentResult* result) {
  const CompiledInstrument& instrument = *scored.instrument;
  const v1::ScoreRequest& request = *scored.request;
  result->set_instrument_id(instrument.definition.id());
  result->set_instrument_version(instrument.definition.version());
  result->set_norm_group(instrument.norm_groups[scored.group]);
  result->set_client_id(request.client_id());
  result->set_assessed_on(request.assessed_on());
  for (size_t s = 0; s < scored.scales.size(); ++s) {
    const CompiledScale& scale = instrument.scales[s];
    const auto& norm = scale.NormFor(scored.group);
    const ScoredScale& in = scored.scales[s];
    v1::ScaleResult* out = result->add_scales();
    out->set_scale_id(scale.id);
    out->set_raw_score(in.outcome.raw);
    if (in.outcome.scaled.has_value()) out->set_scaled_score(*in.outcome.scaled);
    if (in.outcome.level >= 0) out->set_level(scale.levels[in.outcome.level]);
    if (in.outcome.flag.has_value()) out->set_flag(*in.outcome.flag);
    for (const ScoredContribution& contribution : in.contributions) {
      v1::Contribution* c = out->add_contributions();
      if (contribution.rule >= 0) {
        const CompiledRule& rule = norm.rules[contribution.rule];
        c->set_rule_id(rule.id);
        c->set_label(rule.label);
        c->set_points(rule.points);
      }
      for (const ScoredAnswer& answer : contribution.answers) {
        ToAnswer(instrument, answer, c->add_answers());
      }
    }
    if (in.override_request != nullptr) *out->mutable_override() = OverrideMessage(scale, in);
    if (in.final_level >= 0) out->set_final_level(scale.levels[in.final_level]);
    out->set_prorated(in.outcome.prorated);
    out->set_observed_raw_score(in.outcome.observed);
    for (int item : in.missing_items) out->add_missing_items(instrument.items[item].id);
    out->set_level_index(in.outcome.level);
    if (in.override_request != nullptr) {
      out->set_override_level_steps(in.final_level - in.outcome.level);
    }
    out->set_tier(TierOf(scale, in.final_level));
  }
  for (const ScoredNeed& need : scored.needs) {
    const CompiledScale& scale = instrument.scales[need.scale];
    v1::NeedResult* out = result->add_needs();
    out->set_domain(scale.need.domain());
    out->set_scale_id(scale.id);
    out->set_level(scale.levels[need.level]);
    out->set_level_index(need.level);
    out->set_raw_score(scored.scales[need.scale].outcome.raw);
    out->set_criminogenic(scale.need.criminogenic());
    out->set_survival(scale.need.survival());
    out->set_rank(need.rank);
    out->set_tier(TierOf(scale, need.level));
  }
  for (const auto* list : {&scored.strengths, &scored.responsivity}) {
    const bool strengths = list == &scored.strengths;
    for (const ScoredIndicator& in : *list) {
      const CompiledIndicator& indicator =
          (strengths ? instrument.strengths : instrument.responsivity)[in.indicator];
      v1::IndicatorResult* out = strengths ? result->add_strengths() : result->add_responsivity();
      out->set_id(indicator.id);
      out->set_title(indicator.title);
      out->set_adaptation(indicator.adaptation);
      for (const ScoredAnswer& answer : in.evidence) {
        ToAnswer(instrument, answer, out->add_evidence());
      }
    }
  }
  for (int item : scored.missing_items) result->add_missing_items(instrument.items[item].id);
  result->set_next_reassessment_on(scored.next_reassessment_on);
  if (request.has_previous()) {
    const v1::AssessmentResult& previous = request.previous();
    v1::Change* change = result->mutable_change();
    change->set_previous_assessed_on(previous.assessed_on());
    change->set_previous_instrument_version(previous.instrument_version());
    if (scored.days_between.has_value()) change->set_days_between(*scored.days_between);
    for (const ScoredScaleChange& in : scored.scale_changes) {
      v1::ScaleChange* out = change->add_scales();
      out->set_scale_id(instrument.scales[in.scale].id);
      out->set_previous_raw_score(in.previous->raw_score());
      out->set_raw_score_delta(in.delta);
      out->set_previous_level(std::string(in.previous_level));
      out->set_level(
          std::string(LevelId(instrument.scales[in.scale], scored.scales[in.scale].final_level)));
      out->set_level_steps(in.level_steps);
      out->set_direction(in.direction);
    }
    for (const ScoredNeedChange& in : scored.need_changes) {
      v1::NeedChange* out = change->add_needs();
      out->set_domain(std::string(in.domain));
      out->set_previous_level(std::string(in.previous_level));
      out->set_level(std::string(in.level));
      out->set_direction(in.direction);
    }
  }
  for (size_t i = 0; i < instrument.items.size(); ++i) {
    if (scored.codes[i] != kMissing) {
      *result->add_responses() = request.responses(scored.response_of_item[i]);
    }
  }
  result->set_risk_tier(RiskTier(scored));
  if (scored.risk_scale >= 0) {
    result->set_risk_scale_id(instrument.scales[scored.risk_scale].id);
  }
}

}  // namespace reentry::assess_internal

namespace reentry {

absl::Status ScoreAssessment(const Instrument& instrument, const v1::ScoreRequest& request,
                             v1::AssessmentResult* result) {
  // Reused per thread: its vectors keep their memory between calls.
  thread_local assess_internal::Scored scored;
  scored.Reset();
  if (auto s = assess_internal::Score(assess_internal::Compiled(instrument), request, &scored);
      !s.ok()) {
    return s;
  }
  result->Clear();
  assess_internal::ToMessage(scored, result);
  return absl::OkStatus();
}

absl::StatusOr<v1::AssessmentResult> ScoreAssessment(const Instrument& instrument,
                                                     const v1::ScoreRequest& request) {
  v1::AssessmentResult result;
  if (auto s = ScoreAssessment(instrument, request, &result); !s.ok()) return s;
  return result;
}

}  // namespace reentry
