// The direct writers of serialized results agree with protobuf: the binary
// writer gives the bytes protobuf's serializer gives for the same result, and
// the JSON writer the text protobuf's JSON printer gives (same options), over
// many generated requests of every builtin instrument and the toy instrument
// (with overrides, previous results, missing answers and odd strings).

#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "assess/compiled.h"
#include "assess/scored.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "toy_instrument.h"
#include "util/json.h"

namespace reentry::assess_internal {
namespace {

std::string ProtobufBinary(const Scored& scored) {
  v1::ScoreResponse response;
  ToMessage(scored, response.mutable_result());
  return response.SerializeAsString();
}

std::string ProtobufJson(const Scored& scored) {
  v1::ScoreResponse response;
  ToMessage(scored, response.mutable_result());
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(response, &json, options).ok());
  return json;
}

// A random request for `instrument`, answering each item with probability
// `answer_rate`.
v1::ScoreRequest RandomRequest(const Instrument& instrument, std::mt19937& rng,
                               double answer_rate) {
  const auto& definition = instrument.definition();
  v1::ScoreRequest request;
  if (!definition.norm_groups().empty()) {
    request.set_norm_group(definition.norm_groups(rng() % definition.norm_groups_size()).id());
  }
  const char* const kClients[] = {"", "c-1", "Renée \"R\" <O'Neil>\t\n\x01", "line\xe2\x80\xa8sep"};
  request.set_client_id(kClients[rng() % 4]);
  if (rng() % 2) request.set_assessed_on("2026-0" + std::to_string(1 + rng() % 9) + "-15");
  for (const auto& item : definition.items()) {
    if (std::uniform_real_distribution<double>(0, 1)(rng) > answer_rate) continue;
    auto* response = request.add_responses();
    response->set_item_id(item.id());
    switch (item.type()) {
      case v1::Item::TYPE_BOOLEAN:
        response->set_boolean(rng() % 2);
        break;
      case v1::Item::TYPE_CHOICE:
        response->set_choice(item.choices(rng() % item.choices_size()).id());
        break;
      default: {
        const double lo = item.has_min() ? item.min() : 0;
        response->set_number(lo + rng() % 15);
      }
    }
  }
  std::shuffle(request.mutable_responses()->begin(), request.mutable_responses()->end(), rng);
  return request;
}

// Every field (by full name) set somewhere in what the fast writers wrote,
// read back with protobuf.
absl::flat_hash_set<std::string>& WrittenFields() {
  static auto* const fields = new absl::flat_hash_set<std::string>();
  return *fields;
}

void CollectSetFields(const google::protobuf::Message& message) {
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const auto* field : fields) {
    WrittenFields().insert(field->full_name());
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < message.GetReflection()->FieldSize(message, field); ++i) {
        CollectSetFields(message.GetReflection()->GetRepeatedMessage(message, field, i));
      }
    } else {
      CollectSetFields(message.GetReflection()->GetMessage(message, field));
    }
  }
}

void ExpectWritersAgree(const Instrument& instrument, int requests, double answer_rate,
                        uint32_t seed) {
  std::mt19937 rng(seed);
  int scored_count = 0;
  for (int i = 0; i < requests; ++i) {
    v1::ScoreRequest request = RandomRequest(instrument, rng, answer_rate);
    Scored first;
    if (!Score(Compiled(instrument), request, &first).ok()) continue;
    // Score again with the first result as the previous one, and an override
    // where the instrument has levels.
    v1::ScoreResponse previous;
    ToMessage(first, previous.mutable_result());
    v1::ScoreRequest again = RandomRequest(instrument, rng, answer_rate);
    again.set_norm_group(request.norm_group());
    *again.mutable_previous() = previous.result();
    for (const auto& scale : instrument.definition().scales()) {
      if (scale.levels_size() < 2 || rng() % 2) continue;
      auto* override_level = again.mutable_override();
      override_level->set_scale_id(scale.id());
      override_level->set_level(scale.levels(rng() % scale.levels_size()).id());
      override_level->set_reason("Verified with the family");
      override_level->set_author("A. Rivera");
      if (rng() % 2) override_level->set_overridden_on("2026-10-01");
      break;
    }
    for (const v1::ScoreRequest* req : {&request, &again}) {
      Scored scored;
      if (!Score(Compiled(instrument), *req, &scored).ok()) continue;
      ++scored_count;
      std::string binary, json;
      AppendScoreResponseBinary(scored, Fragments(instrument), &binary);
      AppendScoreResponseJson(scored, Fragments(instrument), &json);
      ASSERT_EQ(binary, ProtobufBinary(scored)) << req->DebugString();
      ASSERT_EQ(json, ProtobufJson(scored)) << req->DebugString();
      v1::ScoreResponse from_binary, from_json;
      ASSERT_TRUE(from_binary.ParseFromString(binary));
      ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &from_json).ok());
      CollectSetFields(from_binary);
      CollectSetFields(from_json);
    }
  }
  EXPECT_GT(scored_count, requests / 2) << "too few requests scored to compare";
}

TEST(ResultWriters, AgreeWithProtobufForPsa) {
  ExpectWritersAgree(*testing::Builtin("psa"), 300, 1.0, 1);
}

TEST(ResultWriters, AgreeWithProtobufForPattern) {
  ExpectWritersAgree(*testing::Builtin("pattern"), 300, 1.0, 2);
}

TEST(ResultWriters, AgreeWithProtobufForTheNeedsScreen) {
  ExpectWritersAgree(*testing::Builtin("reentry_needs_screen"), 300, 0.98, 3);
}

TEST(ResultWriters, AgreeWithProtobufForTheToyInstrument) {
  auto toy = Instrument::ParseText(testing::kToyInstrument, "toy");
  ASSERT_TRUE(toy.ok());
  ExpectWritersAgree(**toy, 500, 0.8, 4);
}

// Every field of every message a result holds, reachable from `type`.
void AllFields(const google::protobuf::Descriptor* type, absl::flat_hash_set<std::string>* seen,
               std::vector<std::string>* out) {
  if (!seen->insert(type->full_name()).second) return;
  for (int i = 0; i < type->field_count(); ++i) {
    const auto* field = type->field(i);
    out->push_back(field->full_name());
    if (field->message_type() != nullptr) AllFields(field->message_type(), seen, out);
  }
}

// A field added to AssessmentResult (or a message inside it) that the fast
// writers do not write fails here, whatever protobuf's own serializer does:
// the results above, of every instrument, set every field somewhere.
TEST(ResultWriters, WriteEveryFieldOfTheResult) {
  ExpectWritersAgree(*testing::Builtin("pattern"), 100, 1.0, 12);
  ExpectWritersAgree(*testing::Builtin("psa"), 100, 1.0, 13);
  ExpectWritersAgree(*testing::Builtin("reentry_needs_screen"), 200, 0.9, 14);
  auto toy = Instrument::ParseText(testing::kToyInstrument, "toy");
  ASSERT_TRUE(toy.ok());
  ExpectWritersAgree(**toy, 300, 0.8, 15);
  absl::flat_hash_set<std::string> types;
  std::vector<std::string> fields;
  AllFields(v1::ScoreResponse::descriptor(), &types, &fields);
  for (const std::string& field : fields) {
    EXPECT_TRUE(WrittenFields().contains(field)) << field << " is never written";
  }
}

TEST(ResultWriters, KeepUnknownFieldsOfEchoedResponses) {
  auto psa = testing::Builtin("psa");
  std::mt19937 rng(5);
  v1::ScoreRequest request = RandomRequest(*psa, rng, 1.0);
  // Field 99 (varint 7), unknown to ItemResponse.
  std::string bytes = request.responses(0).SerializeAsString() + std::string("\x98\x06\x07", 3);
  ASSERT_TRUE(request.mutable_responses(0)->ParseFromString(bytes));
  Scored scored;
  ASSERT_TRUE(Score(Compiled(*psa), request, &scored).ok());
  std::string binary;
  AppendScoreResponseBinary(scored, Fragments(*psa), &binary);
  EXPECT_EQ(binary, ProtobufBinary(scored));
}

TEST(JsonStrings, EscapeAsProtobufDoes) {
  std::string out;
  internal::AppendJsonString(&out,
                             "a\"b\\c/d<e>f&g'h\x01i\x7fj\xc3\xa9k\xe2\x80\xa8l\xe2\x80\xa9m\tn");
  EXPECT_EQ(out,
            "\"a\\\"b\\\\c/d\\u003ce\\u003ef&g'h\\u0001i\\u007fj\xc3\xa9k\\u2028l\\u2029m\\tn\"");
}

TEST(JsonNumbers, PrintAsProtobufDoes) {
  for (double value : {0.0,
                       -0.0,
                       1.0,
                       -17.0,
                       2.5,
                       0.1,
                       1e15,
                       1e20,
                       123456789012345.0,
                       1.0 / 3,
                       0.1 + 0.2,
                       5e-324,
                       1.7976931348623157e308,
                       1e-7,
                       123.456,
                       1e16,
                       -1e-300,
                       2.2250738585072014e-308,
                       9007199254740993.0,
                       1e21,
                       0.000123}) {
    std::string ours;
    internal::AppendJsonDouble(&ours, value);
    v1::ScaleResult scale;
    scale.set_raw_score(value);
    std::string theirs;
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(scale, &theirs, options).ok());
    EXPECT_NE(theirs.find("\"rawScore\":" + ours + ","), std::string::npos)
        << value << ": ours " << ours << ", protobuf " << theirs;
  }
}

}  // namespace
}  // namespace reentry::assess_internal
