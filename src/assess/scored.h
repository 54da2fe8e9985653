// A scored assessment before it becomes a message: indices into the compiled
// instrument and pointers into the request, so scoring copies no strings.
//
// Three writers turn it into what callers receive, and must agree exactly:
// ToMessage (the reentry.v1.AssessmentResult of the C++ API), and
// AppendScoreResponseBinary / AppendScoreResponseJson, which write a
// ScoreResponse's bytes directly for serialized calls (the C ABI), where
// building messages only to serialize them would cost more than scoring.
// tests/assess/result_writer_test.cc holds them to byte equality with
// protobuf's serializer and to JSON equality with its parser.
#ifndef REENTRY_SRC_ASSESS_SCORED_H_
#define REENTRY_SRC_ASSESS_SCORED_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "assess/compiled.h"
#include "assess/evaluate.h"
#include "reentry/assess/instrument.h"
#include "reentry/v1/assessment.pb.h"

namespace reentry::assess_internal {

struct ScoredAnswer {
  int item = 0;
  int code = 0;
};

struct ScoredContribution {
  int rule = -1;  // index into the norm's rules; -1: an item that earned nothing
  absl::InlinedVector<ScoredAnswer, 2> answers;
};

struct ScoredScale {
  ScaleOutcome outcome;
  absl::InlinedVector<ScoredContribution, 12> contributions;
  absl::InlinedVector<int, 2> missing_items;
  const v1::Override* override_request = nullptr;  // in the request, when overridden
  int final_level = -1;  // the override's level when overridden, else outcome.level
};

struct ScoredNeed {
  int scale = 0;
  int level = 0;
  int rank = 0;
};

struct ScoredIndicator {
  int indicator = 0;
  absl::InlinedVector<ScoredAnswer, 2> evidence;
};

struct ScoredScaleChange {
  int scale = 0;
  const v1::ScaleResult* previous = nullptr;
  absl::string_view previous_level;
  double delta = 0;
  int level_steps = 0;
  v1::Change::Direction direction = v1::Change::DIRECTION_UNCHANGED;
};

struct ScoredNeedChange {
  absl::string_view domain;
  absl::string_view previous_level;
  absl::string_view level;
  v1::Change::Direction direction = v1::Change::DIRECTION_UNCHANGED;
};

struct Scored {
  // Empties the result but keeps its memory, so a thread can reuse one.
  void Reset();

  const CompiledInstrument* instrument = nullptr;
  const v1::ScoreRequest* request = nullptr;
  int group = 0;
  absl::InlinedVector<int, 32> codes;             // per item, kMissing when unanswered
  absl::InlinedVector<int, 32> response_of_item;  // index into request->responses(), or -1
  std::vector<ScoredScale> scales;                // one per scale, in definition order
  absl::InlinedVector<int, 8> missing_items;
  std::vector<ScoredNeed> needs;  // ranked
  std::vector<ScoredIndicator> strengths;
  std::vector<ScoredIndicator> responsivity;
  // The risk scale that sets the overall risk tier, or -1.
  int risk_scale = -1;
  std::string next_reassessment_on;
  // Change against request->previous(), when the request has one.
  std::optional<int32_t> days_between;
  std::vector<ScoredScaleChange> scale_changes;
  std::vector<ScoredNeedChange> need_changes;
};

// Scores `request` against `instrument` (whose request fields, if set, must
// name it). `scored` keeps pointers into both.
absl::Status Score(const CompiledInstrument& instrument, const v1::ScoreRequest& request,
                   Scored* scored);

// The id of level `level` of a scale ("" for -1: the scale has no levels).
absl::string_view LevelId(const CompiledScale& scale, int level);
// The tier of level `level` of a scale (unspecified for -1).
v1::Tier TierOf(const CompiledScale& scale, int level);
// The overall risk tier of a scored assessment.
v1::Tier RiskTier(const Scored& scored);

// The override kept in a scale's result: the request's, with its scale id.
v1::Override OverrideMessage(const CompiledScale& scale, const ScoredScale& in);

// The AssessmentResult message of a scored assessment.
void ToMessage(const Scored& scored, v1::AssessmentResult* result);

// The parts of serialized results that depend only on the instrument, encoded
// once when it is compiled, so writing an explanation copies bytes instead of
// encoding strings.
struct ResultFragments {
  // Per item, per answer code: its AnswerRef as a field-4 submessage in wire
  // format, and as a JSON object.
  std::vector<std::vector<std::string>> answer_wire;
  std::vector<std::vector<std::string>> answer_json;
  // Per scale, per norm, per rule: a Contribution's rule_id, label and points
  // as wire-format fields and as JSON members.
  std::vector<std::vector<std::vector<std::string>>> rule_wire;
  std::vector<std::vector<std::vector<std::string>>> rule_json;
};

// Encodes the fragments of `instrument`.
ResultFragments BuildResultFragments(const CompiledInstrument& instrument);

// Appends a ScoreResponse { result } in binary protobuf (the bytes protobuf's
// serializer gives for ToMessage's result) or in proto3 JSON (every field
// printed, lowerCamelCase names, as the library prints every response).
// `fragments` are those of the instrument scored.
void AppendScoreResponseBinary(const Scored& scored, const ResultFragments& fragments,
                               std::string* out);
void AppendScoreResponseJson(const Scored& scored, const ResultFragments& fragments,
                             std::string* out);

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_SCORED_H_
