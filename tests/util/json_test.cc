// The reflection JSON writer gives, for every response type of the service,
// JSON that protobuf's parser reads back into the same message (generated
// messages with random values in every field, nested, repeated and optional).
#include "util/json.h"

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "reentry/v1/engine.pb.h"

namespace reentry::internal {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::util::MessageDifferencer;

void Fill(google::protobuf::Message* message, std::mt19937& rng, int depth);

void SetOne(google::protobuf::Message* message, const FieldDescriptor* field, std::mt19937& rng,
            int depth) {
  const auto* r = message->GetReflection();
  const bool repeated = field->is_repeated();
  const char* const kStrings[] = {"", "plain", "Zoë \"quoted\" <tag> & \\ slash\n\t", "日本",
                                  "line\xe2\x80\xa8sep"};
  // (-0.0 is left out: it prints as "-0", which protobuf's parser reads as 0,
  // through its own printer too.)
  const double kDoubles[] = {0, 2.5, 1.5, -17, 0.1 + 0.2, 1e21, 5e-324, 123456789.125};
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      const int32_t v = static_cast<int32_t>(rng()) >> (rng() % 31);
      repeated ? r->AddInt32(message, field, v) : r->SetInt32(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      // Two draws as the high and low words: negative about half the time.
      const int64_t v = static_cast<int64_t>(static_cast<uint64_t>(rng()) << 32 | rng());
      repeated ? r->AddInt64(message, field, v) : r->SetInt64(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const uint32_t v = rng();
      repeated ? r->AddUInt32(message, field, v) : r->SetUInt32(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      const uint64_t v = static_cast<uint64_t>(rng()) << 32 | rng();
      repeated ? r->AddUInt64(message, field, v) : r->SetUInt64(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double v = kDoubles[rng() % 8];
      repeated ? r->AddDouble(message, field, v) : r->SetDouble(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const float v = static_cast<float>(kDoubles[rng() % 8]);
      repeated ? r->AddFloat(message, field, v) : r->SetFloat(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool v = rng() % 2;
      repeated ? r->AddBool(message, field, v) : r->SetBool(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = field->enum_type();
      const int v = type->value(rng() % type->value_count())->number();
      repeated ? r->AddEnumValue(message, field, v) : r->SetEnumValue(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      const std::string v = kStrings[rng() % 5];
      repeated ? r->AddString(message, field, v) : r->SetString(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (depth >= 3) return;
      Fill(repeated ? r->AddMessage(message, field) : r->MutableMessage(message, field), rng,
           depth + 1);
      break;
  }
}

void Fill(google::protobuf::Message* message, std::mt19937& rng, int depth) {
  const auto* descriptor = message->GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (rng() % 3 == 0) continue;  // leave some unset
    const int count = field->is_repeated() ? static_cast<int>(rng() % 3) : 1;
    for (int c = 0; c < count; ++c) SetOne(message, field, rng, depth);
  }
}

TEST(MessageJson, ReadsBackAsTheSameMessageForEveryResponseType) {
  const auto* service = v1::Error::descriptor()->file()->FindServiceByName("Engine");
  std::mt19937 rng(7);
  for (int m = 0; m < service->method_count(); ++m) {
    for (const auto* type : {service->method(m)->output_type(), service->method(m)->input_type()}) {
      const auto* prototype =
          google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
      for (int i = 0; i < 40; ++i) {
        std::unique_ptr<google::protobuf::Message> message(prototype->New());
        Fill(message.get(), rng, 0);
        std::string ours;
        ASSERT_TRUE(TranscodeMessageJson(*message, &ours)) << type->full_name();
        std::unique_ptr<google::protobuf::Message> back(prototype->New());
        const auto status = google::protobuf::util::JsonStringToMessage(ours, back.get());
        ASSERT_TRUE(status.ok()) << type->full_name() << ": " << status.message() << "\n" << ours;
        std::string difference;
        MessageDifferencer differencer;
        differencer.ReportDifferencesToString(&difference);
        ASSERT_TRUE(differencer.Compare(*message, *back))
            << type->full_name() << ": " << difference << "\n"
            << ours;
      }
    }
  }
}

TEST(MessageJson, LeavesUnknownFieldsToProtobufsPrinter) {
  v1::Error error;
  error.set_code(5);
  error.GetReflection()->MutableUnknownFields(&error)->AddVarint(99, 7);
  std::string json;
  EXPECT_FALSE(TranscodeMessageJson(error, &json));
  EXPECT_EQ(json, "");
  AppendMessageJson(error, &json);
  v1::Error back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &back).ok()) << json;
  EXPECT_EQ(back.code(), 5);
}

TEST(MessageJson, PrintsWhatProtobufPrintsForDefaultsAndPresence) {
  v1::Error error;
  std::string ours;
  AppendMessageJson(error, &ours);
  EXPECT_EQ(ours, R"({"code":0,"message":"","field":""})");
  v1::ScaleResult scale;  // proto3 optional scaled_score and flag: absent until set
  ours.clear();
  AppendMessageJson(scale, &ours);
  EXPECT_EQ(ours.find("scaledScore"), std::string::npos);
  EXPECT_NE(ours.find(R"("contributions":[])"), std::string::npos);
  EXPECT_EQ(ours.find(R"("override":)"), std::string::npos);
  scale.set_scaled_score(0);
  scale.set_tier(v1::TIER_HIGH);
  ours.clear();
  AppendMessageJson(scale, &ours);
  EXPECT_NE(ours.find(R"("scaledScore":0)"), std::string::npos);
  EXPECT_NE(ours.find(R"("tier":"TIER_HIGH")"), std::string::npos);
  scale.set_tier(static_cast<v1::Tier>(77));  // an open enum's unknown value: its number
  scale.set_raw_score(-2.5);
  ours.clear();
  AppendMessageJson(scale, &ours);
  EXPECT_NE(ours.find(R"("tier":77)"), std::string::npos) << ours;
  EXPECT_NE(ours.find(R"("rawScore":-2.5)"), std::string::npos) << ours;
}

// Every request and response type of the service.
std::vector<const google::protobuf::Message*> ServiceTypes() {
  const auto* service = v1::Error::descriptor()->file()->FindServiceByName("Engine");
  std::vector<const google::protobuf::Message*> types;
  for (int m = 0; m < service->method_count(); ++m) {
    for (const auto* type : {service->method(m)->input_type(), service->method(m)->output_type()}) {
      types.push_back(google::protobuf::MessageFactory::generated_factory()->GetPrototype(type));
    }
  }
  return types;
}

bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b,
          std::string* difference) {
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(difference);
  return differencer.Compare(a, b);
}

// The JSON of `message` in the four ways hosts are likely to write it.
std::vector<std::string> Printings(const google::protobuf::Message& message) {
  std::vector<std::string> printings(1);
  AppendMessageJson(message, &printings[0]);
  for (int way = 0; way < 3; ++way) {
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = way == 1;
    options.preserve_proto_field_names = way == 2;
    options.always_print_primitive_fields = way != 0;
    options.always_print_enums_as_ints = way == 2;
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
    printings.push_back(std::move(json));
  }
  return printings;
}

TEST(MessageJsonReader, ReadsWhatProtobufAndTheWriterPrintForEveryServiceType) {
  std::mt19937 rng(11);
  for (const auto* prototype : ServiceTypes()) {
    for (int i = 0; i < 25; ++i) {
      std::unique_ptr<google::protobuf::Message> message(prototype->New());
      Fill(message.get(), rng, 0);
      for (const std::string& json : Printings(*message)) {
        std::unique_ptr<google::protobuf::Message> fast(prototype->New());
        ASSERT_TRUE(ParseMessageJsonFast(json, fast.get())) << prototype->GetTypeName() << ":\n"
                                                            << json;
        std::string difference;
        ASSERT_TRUE(Same(*message, *fast, &difference))
            << prototype->GetTypeName() << ": " << difference << "\n"
            << json;
      }
    }
  }
}

// Damaged JSON: whatever the reader accepts, protobuf accepts too and reads
// as the same message; what it declines goes to protobuf, which decides.
TEST(MessageJsonReader, AcceptsNothingProtobufWouldReadDifferentlyOrReject) {
  std::mt19937 rng(13);
  const char* const kPieces[] = {"{",    "}",    "[",       "]",       "\"",
                                 ",",    ":",    "0",       "-",       "1e2",
                                 ".5",   "\\",   "\\u",     "\\ud800", " ",
                                 "null", "true", "\"NaN\"", "\"12\"",  "07",
                                 "\xc3", "\x01", "\"x\"",   "1.0",     "99999999999999999999"};
  int accepted = 0;
  int tried = 0;
  for (const auto* prototype : ServiceTypes()) {
    for (int i = 0; i < 60; ++i) {
      std::unique_ptr<google::protobuf::Message> message(prototype->New());
      Fill(message.get(), rng, 0);
      for (std::string json : Printings(*message)) {
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits && !json.empty(); ++e) {
          const size_t at = rng() % json.size();
          switch (rng() % 3) {
            case 0:
              json.erase(at, 1 + rng() % 4);
              break;
            case 1:
              json.insert(at, kPieces[rng() % (sizeof(kPieces) / sizeof(kPieces[0]))]);
              break;
            default:
              json[at] = kPieces[rng() % (sizeof(kPieces) / sizeof(kPieces[0]))][0];
          }
        }
        ++tried;
        std::unique_ptr<google::protobuf::Message> fast(prototype->New());
        if (!ParseMessageJsonFast(json, fast.get())) continue;
        ++accepted;
        std::unique_ptr<google::protobuf::Message> slow(prototype->New());
        const auto status = google::protobuf::util::JsonStringToMessage(json, slow.get());
        ASSERT_TRUE(status.ok()) << prototype->GetTypeName() << ": " << status.message() << "\n"
                                 << json;
        std::string difference;
        ASSERT_TRUE(Same(*slow, *fast, &difference))
            << prototype->GetTypeName() << ": " << difference << "\n"
            << json;
      }
    }
  }
  // The damage leaves a fair share readable, so both branches were exercised.
  EXPECT_GT(accepted, tried / 20);
  EXPECT_LT(accepted, tried);
}

TEST(MessageJsonReader, ReadsEscapesNamesNumbersAndEnumsAsProtobufDoes) {
  v1::Error error;
  ASSERT_TRUE(ParseMessageJsonFast(
      R"( { "code" : "3", "message":"caf\u00e9 \ud83d\ude00 \"q\" \/ \n", "field" : "a.b" } )",
      &error));
  EXPECT_EQ(error.code(), 3);
  EXPECT_EQ(error.message(), "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" / \n");
  EXPECT_EQ(error.field(), "a.b");

  v1::ScaleResult scale;
  ASSERT_TRUE(ParseMessageJsonFast(
      R"({"scale_id":"x","rawScore":-0.5,"scaledScore":"-7","tier":3})", &scale));
  EXPECT_EQ(scale.scale_id(), "x");
  EXPECT_EQ(scale.raw_score(), -0.5);
  EXPECT_EQ(scale.scaled_score(), -7);
  EXPECT_EQ(scale.tier(), 3);
  v1::ScaleResult nan;
  ASSERT_TRUE(ParseMessageJsonFast(R"({"rawScore":"NaN","tier":"TIER_HIGH"})", &nan));
  EXPECT_TRUE(std::isnan(nan.raw_score()));
  EXPECT_EQ(nan.tier(), v1::TIER_HIGH);
}

TEST(MessageJsonReader, DeclinesWhatItLeavesToProtobuf) {
  for (const char* json : {
           R"({"code":null})",                  // null
           R"({"code":1,"code":2})",            // a repeated key
           R"({"message":"a","message":"b"})",  // ...
           R"({"code":1e2})",                   // an integer written with an exponent
           R"({"code":1.0})",                   // ...or a fraction
           R"({"code":"1 "})",                  // a string integer with a space
           R"({"code":2147483648})",            // out of range
           R"({"message":"\ud800"})",           // a lone surrogate
           R"({"message":"\xff"})",             // invalid UTF-8
           R"({"nope":1})",                     // an unknown field
           R"({"code":1,})",                    // a trailing comma
           R"({"code":01})",                    // a leading zero
           R"({"code":1} x)",                   // text after the object
           R"([])",                             // not an object
       }) {
    v1::Error error;
    EXPECT_FALSE(ParseMessageJsonFast(json, &error)) << json;
  }
  v1::ScaleResult scale;
  EXPECT_FALSE(ParseMessageJsonFast(R"({"tier":"TIER_NOPE"})", &scale));
  EXPECT_FALSE(ParseMessageJsonFast(R"({"rawScore":1e400})", &scale));
}

}  // namespace
}  // namespace reentry::internal
