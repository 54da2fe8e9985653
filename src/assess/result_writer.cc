// Writes a scored assessment straight into a serialized ScoreResponse, binary
// or JSON, with the bytes and text protobuf would give for ToMessage's result.
// Fields are written in field-number order with proto3's rules: scalars and
// strings only when not default (binary), every scalar and repeated field
// (JSON, as the library prints every response), proto3 `optional` fields only
// when set (after the others in JSON, where protobuf prints them), messages
// only when set. Submessages copied from the request (the echoed responses,
// an override) are serialized by protobuf itself, unknown fields included.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "assess/scored.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/json_util.h"
#include "util/json.h"

namespace reentry::assess_internal {
namespace {

// ---- Binary -----------------------------------------------------------------

// A growable byte buffer that is never zero-filled, kept per thread and
// reused, so writing a response allocates nothing once a thread has warmed up.
struct WireBuffer {
  std::unique_ptr<char[]> data;
  size_t capacity = 0;
};

// Writes `value` as a varint at `p` (room for 10 bytes); returns its length.
size_t EncodeVarint(uint64_t value, char* p) {
  size_t n = 0;
  while (value >= 0x80) {
    p[n++] = static_cast<char>(value | 0x80);
    value >>= 7;
  }
  p[n++] = static_cast<char>(value);
  return n;
}

uint64_t TagOf(int field, int wire_type) { return (static_cast<uint64_t>(field) << 3) | wire_type; }

// Writes protobuf wire format into the thread's buffer through a cursor; the
// bytes are appended to `out` when the writer is destroyed, as field
// `as_field` (tag and length first) when that is not 0.
class Wire {
 public:
  explicit Wire(std::string* out, int as_field = 0)
      : out_(out), as_field_(as_field), buffer_(ThreadBuffer()) {
    if (buffer_.capacity < 4096) Grow(4096);
  }
  ~Wire() {
    if (as_field_ != 0) {
      char prefix[20];
      size_t n = EncodeVarint(TagOf(as_field_, 2), prefix);
      n += EncodeVarint(pos_, prefix + n);
      out_->append(prefix, n);
    }
    out_->append(buffer_.data.get(), pos_);
  }
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;

  inline __attribute__((always_inline)) void Varint(uint64_t value) {
    Ensure(10);
    pos_ += EncodeVarint(value, buffer_.data.get() + pos_);
  }
  void Tag(int field, int wire_type) { Varint(TagOf(field, wire_type)); }

  // Always written (presence fields).
  void Int32Present(int field, int32_t value) {
    Tag(field, 0);
    Varint(static_cast<uint64_t>(static_cast<int64_t>(value)));  // negatives: 10 bytes
  }
  void BoolPresent(int field, bool value) {
    Tag(field, 0);
    Varint(value ? 1 : 0);
  }
  void DoublePresent(int field, double value) {
    Tag(field, 1);
    Ensure(8);
    std::memcpy(buffer_.data.get() + pos_, &value, 8);  // little-endian on supported targets
    pos_ += 8;
  }
  // Inlined: the writer's most frequent call.
  inline __attribute__((always_inline)) void StringPresent(int field, absl::string_view value) {
    Tag(field, 2);
    Varint(value.size());
    Ensure(value.size());
    if (!value.empty()) std::memcpy(buffer_.data.get() + pos_, value.data(), value.size());
    pos_ += value.size();
  }

  // proto3 implicit presence: skipped at the default.
  void Int32(int field, int32_t value) {
    if (value != 0) Int32Present(field, value);
  }
  void Bool(int field, bool value) {
    if (value) BoolPresent(field, value);
  }
  void Double(int field, double value) {
    uint64_t bits;
    std::memcpy(&bits, &value, 8);
    if (bits != 0) DoublePresent(field, value);
  }
  void String(int field, absl::string_view value) {
    if (!value.empty()) StringPresent(field, value);
  }

  // A length-delimited submessage written in place by `body`: one byte is
  // kept for its length, and a message of 128 bytes or more is moved to make
  // room for a longer varint (rare below the result itself, which is written
  // with `as_field`).
  template <typename Body>
  void Message(int field, Body body) {
    Tag(field, 2);
    Ensure(1);
    const size_t at = pos_++;
    body(*this);
    const size_t length = pos_ - at - 1;
    if (length < 0x80) {
      buffer_.data[at] = static_cast<char>(length);
      return;
    }
    char prefix[10];
    const size_t n = EncodeVarint(length, prefix);
    Ensure(n - 1);
    char* base = buffer_.data.get();
    std::memmove(base + at + n, base + at + 1, pos_ - at - 1);
    std::memcpy(base + at, prefix, n);
    pos_ += n - 1;
  }
  // Bytes already in wire format.
  void Raw(absl::string_view bytes) {
    Ensure(bytes.size());
    std::memcpy(buffer_.data.get() + pos_, bytes.data(), bytes.size());
    pos_ += bytes.size();
  }
  // A submessage protobuf serializes.
  void ProtoMessage(int field, const google::protobuf::Message& message) {
    StringPresent(field, message.SerializeAsString());
  }

 private:
  static WireBuffer& ThreadBuffer() {
    thread_local WireBuffer buffer;
    return buffer;
  }
  void Ensure(size_t n) {
    if (pos_ + n > buffer_.capacity) Grow(std::max(buffer_.capacity * 2, pos_ + n));
  }
  void Grow(size_t capacity) {
    std::unique_ptr<char[]> data(new char[capacity]);
    if (pos_ > 0) std::memcpy(data.get(), buffer_.data.get(), pos_);
    buffer_.data = std::move(data);
    buffer_.capacity = capacity;
  }

  std::string* out_;
  int as_field_;
  WireBuffer& buffer_;
  size_t pos_ = 0;
};

// An AnswerRef as field 4 of its parent (Contribution.answers,
// IndicatorResult.evidence): precomputed bytes.
void AnswerBinary(const ResultFragments& fragments, const ScoredAnswer& answer, Wire& w) {
  w.Raw(fragments.answer_wire[answer.item][answer.code]);
}

void ResultBinary(const Scored& scored, const ResultFragments& fragments, Wire& w) {
  const CompiledInstrument& instrument = *scored.instrument;
  const v1::ScoreRequest& request = *scored.request;
  w.String(1, instrument.definition.id());
  w.String(2, instrument.definition.version());
  w.String(3, instrument.norm_groups[scored.group]);
  w.String(4, request.client_id());
  w.String(5, request.assessed_on());
  for (size_t s = 0; s < scored.scales.size(); ++s) {
    const CompiledScale& scale = instrument.scales[s];
    const auto& rule_wire = fragments.rule_wire[s][scale.norm_of_group[scored.group]];
    const ScoredScale& in = scored.scales[s];
    w.Message(6, [&](Wire& m) {
      m.String(1, scale.id);
      m.Double(2, in.outcome.raw);
      if (in.outcome.scaled.has_value()) m.Int32Present(3, *in.outcome.scaled);
      m.String(4, LevelId(scale, in.outcome.level));
      if (in.outcome.flag.has_value()) m.BoolPresent(5, *in.outcome.flag);
      for (const ScoredContribution& contribution : in.contributions) {
        m.Message(6, [&](Wire& c) {
          if (contribution.rule >= 0) c.Raw(rule_wire[contribution.rule]);
          for (const ScoredAnswer& answer : contribution.answers) {
            AnswerBinary(fragments, answer, c);
          }
        });
      }
      if (in.override_request != nullptr) m.ProtoMessage(7, OverrideMessage(scale, in));
      m.String(8, LevelId(scale, in.final_level));
      m.Bool(9, in.outcome.prorated);
      m.Double(10, in.outcome.observed);
      for (int item : in.missing_items) m.StringPresent(11, instrument.items[item].id);
      m.Int32(12, in.outcome.level);
      if (in.override_request != nullptr) m.Int32(13, in.final_level - in.outcome.level);
      m.Int32(14, TierOf(scale, in.final_level));
    });
  }
  for (const ScoredNeed& need : scored.needs) {
    const CompiledScale& scale = instrument.scales[need.scale];
    w.Message(7, [&](Wire& m) {
      m.String(1, scale.need.domain());
      m.String(2, scale.id);
      m.String(3, scale.levels[need.level]);
      m.Int32(4, need.level);
      m.Double(5, scored.scales[need.scale].outcome.raw);
      m.Bool(6, scale.need.criminogenic());
      m.Bool(7, scale.need.survival());
      m.Int32(8, need.rank);
      m.Int32(9, TierOf(scale, need.level));
    });
  }
  for (int list = 0; list < 2; ++list) {
    const auto& indicators = list == 0 ? scored.strengths : scored.responsivity;
    const auto& compiled = list == 0 ? instrument.strengths : instrument.responsivity;
    for (const ScoredIndicator& in : indicators) {
      const CompiledIndicator& indicator = compiled[in.indicator];
      w.Message(8 + list, [&](Wire& m) {
        m.String(1, indicator.id);
        m.String(2, indicator.title);
        m.String(3, indicator.adaptation);
        for (const ScoredAnswer& answer : in.evidence) AnswerBinary(fragments, answer, m);
      });
    }
  }
  for (int item : scored.missing_items) w.StringPresent(10, instrument.items[item].id);
  w.String(11, scored.next_reassessment_on);
  if (request.has_previous()) {
    const v1::AssessmentResult& previous = request.previous();
    w.Message(12, [&](Wire& m) {
      m.String(1, previous.assessed_on());
      m.String(2, previous.instrument_version());
      if (scored.days_between.has_value()) m.Int32Present(3, *scored.days_between);
      for (const ScoredScaleChange& in : scored.scale_changes) {
        const CompiledScale& scale = instrument.scales[in.scale];
        m.Message(4, [&](Wire& c) {
          c.String(1, scale.id);
          c.Double(2, in.previous->raw_score());
          c.Double(3, in.delta);
          c.String(4, in.previous_level);
          c.String(5, LevelId(scale, scored.scales[in.scale].final_level));
          c.Int32(6, in.level_steps);
          c.Int32(7, in.direction);
        });
      }
      for (const ScoredNeedChange& in : scored.need_changes) {
        m.Message(5, [&](Wire& c) {
          c.String(1, in.domain);
          c.String(2, in.previous_level);
          c.String(3, in.level);
          c.Int32(4, in.direction);
        });
      }
    });
  }
  for (size_t i = 0; i < instrument.items.size(); ++i) {
    if (scored.codes[i] == kMissing) continue;
    const v1::ItemResponse& response = request.responses(scored.response_of_item[i]);
    if (!response.GetReflection()->GetUnknownFields(response).empty()) {
      w.ProtoMessage(13, response);  // keeps what protobuf keeps
      continue;
    }
    w.Message(13, [&](Wire& m) {
      m.String(1, response.item_id());
      switch (response.answer_case()) {
        case v1::ItemResponse::kBoolean:
          m.BoolPresent(2, response.boolean());
          break;
        case v1::ItemResponse::kNumber:
          m.DoublePresent(3, response.number());
          break;
        case v1::ItemResponse::kChoice:
          m.StringPresent(4, response.choice());
          break;
        default:
          break;
      }
    });
  }
  w.Int32(14, RiskTier(scored));
  if (scored.risk_scale >= 0) w.String(15, instrument.scales[scored.risk_scale].id);
}

// ---- JSON -------------------------------------------------------------------

class Json {
 public:
  explicit Json(std::string* out) : out_(out) {}

  void Begin() {
    out_->push_back('{');
    first_ = true;
  }
  void End() {
    out_->push_back('}');
    first_ = false;
  }
  void Key(absl::string_view key) {
    if (!first_) out_->push_back(',');
    first_ = false;
    out_->push_back('"');
    out_->append(key.data(), key.size());
    out_->append("\":");
  }
  void String(absl::string_view key, absl::string_view value) {
    Key(key);
    internal::AppendJsonString(out_, value);
  }
  void Double(absl::string_view key, double value) {
    Key(key);
    internal::AppendJsonDouble(out_, value);
  }
  void Int(absl::string_view key, int64_t value) {
    Key(key);
    internal::AppendJsonInt(out_, value);
  }
  void Bool(absl::string_view key, bool value) {
    Key(key);
    out_->append(value ? "true" : "false");
  }
  // An enum value, by name (as protobuf prints it).
  void Enum(absl::string_view key, const std::string& name) {
    Key(key);
    internal::AppendJsonString(out_, name);
  }
  template <typename Body>
  void Object(absl::string_view key, Body body) {
    Key(key);
    Begin();
    body();
    End();
  }
  // An array of `count` elements; body(i) writes element i.
  template <typename Body>
  void Array(absl::string_view key, size_t count, Body body) {
    Key(key);
    out_->push_back('[');
    for (size_t i = 0; i < count; ++i) {
      if (i > 0) out_->push_back(',');
      first_ = true;
      body(i);
    }
    out_->push_back(']');
    first_ = false;
  }
  template <typename Body>
  void ObjectElement(Body body) {
    Begin();
    body();
    End();
  }
  void StringElement(absl::string_view value) { internal::AppendJsonString(out_, value); }
  // Precomputed JSON: a whole value, or members of the current object.
  void RawElement(absl::string_view json) { out_->append(json.data(), json.size()); }
  void RawMembers(absl::string_view json) {
    if (!first_) out_->push_back(',');
    first_ = false;
    out_->append(json.data(), json.size());
  }
  // A message protobuf prints (the same options as every response).
  void ProtoElement(const google::protobuf::Message& message) {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) json = "{}";
    out_->append(json);
  }
  void ProtoObject(absl::string_view key, const google::protobuf::Message& message) {
    Key(key);
    ProtoElement(message);
  }

 private:
  std::string* out_;
  bool first_ = true;
};

// Enum value names as JSON prints them, looked up once: the generated
// *_Name functions search the descriptor on every call.
template <typename Enum, const std::string& (*NameOf)(Enum), int kMax>
const std::string& EnumName(Enum value) {
  static const auto* const names = [] {
    auto* all = new std::vector<std::string>();
    for (int v = 0; v <= kMax; ++v) all->push_back(NameOf(static_cast<Enum>(v)));
    return all;
  }();
  const int index = static_cast<int>(value);
  return index >= 0 && index <= kMax ? (*names)[index] : NameOf(value);
}

const std::string& TierName(v1::Tier tier) {
  return EnumName<v1::Tier, v1::Tier_Name, v1::Tier_MAX>(tier);
}

const std::string& DirectionName(v1::Change::Direction direction) {
  return EnumName<v1::Change::Direction, v1::Change::Direction_Name, v1::Change::Direction_MAX>(
      direction);
}

void AnswerJson(const ResultFragments& fragments, const ScoredAnswer& answer, Json& j) {
  j.RawElement(fragments.answer_json[answer.item][answer.code]);
}

void ResultJson(const Scored& scored, const ResultFragments& fragments, Json& j) {
  const CompiledInstrument& instrument = *scored.instrument;
  const v1::ScoreRequest& request = *scored.request;
  j.String("instrumentId", instrument.definition.id());
  j.String("instrumentVersion", instrument.definition.version());
  j.String("normGroup", instrument.norm_groups[scored.group]);
  j.String("clientId", request.client_id());
  j.String("assessedOn", request.assessed_on());
  j.Array("scales", scored.scales.size(), [&](size_t s) {
    const CompiledScale& scale = instrument.scales[s];
    const auto& rule_json = fragments.rule_json[s][scale.norm_of_group[scored.group]];
    const ScoredScale& in = scored.scales[s];
    j.ObjectElement([&] {
      j.String("scaleId", scale.id);
      j.Double("rawScore", in.outcome.raw);
      j.String("level", LevelId(scale, in.outcome.level));
      j.Array("contributions", in.contributions.size(), [&](size_t c) {
        const ScoredContribution& contribution = in.contributions[c];
        j.ObjectElement([&] {
          j.RawMembers(contribution.rule >= 0
                           ? absl::string_view(rule_json[contribution.rule])
                           : absl::string_view(R"("ruleId":"","label":"","points":0)"));
          j.Array("answers", contribution.answers.size(),
                  [&](size_t a) { AnswerJson(fragments, contribution.answers[a], j); });
        });
      });
      if (in.override_request != nullptr) j.ProtoObject("override", OverrideMessage(scale, in));
      j.String("finalLevel", LevelId(scale, in.final_level));
      j.Bool("prorated", in.outcome.prorated);
      j.Double("observedRawScore", in.outcome.observed);
      j.Array("missingItems", in.missing_items.size(),
              [&](size_t m) { j.StringElement(instrument.items[in.missing_items[m]].id); });
      j.Int("levelIndex", in.outcome.level);
      j.Int("overrideLevelSteps",
            in.override_request != nullptr ? in.final_level - in.outcome.level : 0);
      j.Enum("tier", TierName(TierOf(scale, in.final_level)));
      if (in.outcome.scaled.has_value()) j.Int("scaledScore", *in.outcome.scaled);
      if (in.outcome.flag.has_value()) j.Bool("flag", *in.outcome.flag);
    });
  });
  j.Array("needs", scored.needs.size(), [&](size_t n) {
    const ScoredNeed& need = scored.needs[n];
    const CompiledScale& scale = instrument.scales[need.scale];
    j.ObjectElement([&] {
      j.String("domain", scale.need.domain());
      j.String("scaleId", scale.id);
      j.String("level", scale.levels[need.level]);
      j.Int("levelIndex", need.level);
      j.Double("rawScore", scored.scales[need.scale].outcome.raw);
      j.Bool("criminogenic", scale.need.criminogenic());
      j.Bool("survival", scale.need.survival());
      j.Int("rank", need.rank);
      j.Enum("tier", TierName(TierOf(scale, need.level)));
    });
  });
  for (int list = 0; list < 2; ++list) {
    const auto& indicators = list == 0 ? scored.strengths : scored.responsivity;
    const auto& compiled = list == 0 ? instrument.strengths : instrument.responsivity;
    j.Array(list == 0 ? "strengths" : "responsivity", indicators.size(), [&](size_t i) {
      const ScoredIndicator& in = indicators[i];
      const CompiledIndicator& indicator = compiled[in.indicator];
      j.ObjectElement([&] {
        j.String("id", indicator.id);
        j.String("title", indicator.title);
        j.String("adaptation", indicator.adaptation);
        j.Array("evidence", in.evidence.size(),
                [&](size_t a) { AnswerJson(fragments, in.evidence[a], j); });
      });
    });
  }
  j.Array("missingItems", scored.missing_items.size(),
          [&](size_t m) { j.StringElement(instrument.items[scored.missing_items[m]].id); });
  j.String("nextReassessmentOn", scored.next_reassessment_on);
  if (scored.request->has_previous()) {
    const v1::AssessmentResult& previous = request.previous();
    j.Object("change", [&] {
      j.String("previousAssessedOn", previous.assessed_on());
      j.String("previousInstrumentVersion", previous.instrument_version());
      j.Array("scales", scored.scale_changes.size(), [&](size_t c) {
        const ScoredScaleChange& in = scored.scale_changes[c];
        const CompiledScale& scale = instrument.scales[in.scale];
        j.ObjectElement([&] {
          j.String("scaleId", scale.id);
          j.Double("previousRawScore", in.previous->raw_score());
          j.Double("rawScoreDelta", in.delta);
          j.String("previousLevel", in.previous_level);
          j.String("level", LevelId(scale, scored.scales[in.scale].final_level));
          j.Int("levelSteps", in.level_steps);
          j.Enum("direction", DirectionName(in.direction));
        });
      });
      j.Array("needs", scored.need_changes.size(), [&](size_t c) {
        const ScoredNeedChange& in = scored.need_changes[c];
        j.ObjectElement([&] {
          j.String("domain", in.domain);
          j.String("previousLevel", in.previous_level);
          j.String("level", in.level);
          j.Enum("direction", DirectionName(in.direction));
        });
      });
      if (scored.days_between.has_value()) j.Int("daysBetween", *scored.days_between);
    });
  }
  size_t answered = 0;
  for (int code : scored.codes) answered += code != kMissing;
  size_t next_item = 0;
  j.Array("responses", answered, [&](size_t) {
    while (scored.codes[next_item] == kMissing) ++next_item;
    const v1::ItemResponse& response = request.responses(scored.response_of_item[next_item++]);
    j.ObjectElement([&] {
      j.String("itemId", response.item_id());
      switch (response.answer_case()) {
        case v1::ItemResponse::kBoolean:
          j.Bool("boolean", response.boolean());
          break;
        case v1::ItemResponse::kNumber:
          j.Double("number", response.number());
          break;
        case v1::ItemResponse::kChoice:
          j.String("choice", response.choice());
          break;
        default:
          break;
      }
    });
  });
  j.Enum("riskTier", TierName(RiskTier(scored)));
  j.String("riskScaleId", scored.risk_scale >= 0
                              ? absl::string_view(instrument.scales[scored.risk_scale].id)
                              : absl::string_view());
}

}  // namespace

ResultFragments BuildResultFragments(const CompiledInstrument& instrument) {
  ResultFragments fragments;
  for (const CompiledItem& item : instrument.items) {
    auto& wires = fragments.answer_wire.emplace_back();
    auto& jsons = fragments.answer_json.emplace_back();
    for (size_t code = 0; code < item.answer_ids.size(); ++code) {
      std::string wire;
      {
        Wire w(&wire);
        w.Message(4, [&](Wire& a) {
          a.String(1, item.id);
          a.String(2, item.answer_ids[code]);
          a.String(3, item.answer_labels[code]);
        });
      }
      wires.push_back(std::move(wire));
      std::string json;
      Json j(&json);
      j.ObjectElement([&] {
        j.String("itemId", item.id);
        j.String("answer", item.answer_ids[code]);
        j.String("label", item.answer_labels[code]);
      });
      jsons.push_back(std::move(json));
    }
  }
  for (const CompiledScale& scale : instrument.scales) {
    auto& scale_wires = fragments.rule_wire.emplace_back();
    auto& scale_jsons = fragments.rule_json.emplace_back();
    for (const CompiledNorm& norm : scale.norms) {
      auto& wires = scale_wires.emplace_back();
      auto& jsons = scale_jsons.emplace_back();
      for (const CompiledRule& rule : norm.rules) {
        std::string wire;
        {
          Wire w(&wire);
          w.String(1, rule.id);
          w.String(2, rule.label);
          w.Int32(3, rule.points);
        }
        wires.push_back(std::move(wire));
        std::string json;
        Json j(&json);
        j.String("ruleId", rule.id);
        j.String("label", rule.label);
        j.Int("points", rule.points);
        jsons.push_back(std::move(json));
      }
    }
  }
  return fragments;
}

void AppendScoreResponseBinary(const Scored& scored, const ResultFragments& fragments,
                               std::string* out) {
  Wire result(out, /*as_field=*/1);  // ScoreResponse.result
  ResultBinary(scored, fragments, result);
}

void AppendScoreResponseJson(const Scored& scored, const ResultFragments& fragments,
                             std::string* out) {
  Json j(out);
  j.Begin();
  j.Object("result", [&] { ResultJson(scored, fragments, j); });
  j.End();
}

}  // namespace reentry::assess_internal
