// The reflection JSON writer gives, for every response type of the service,
// JSON that protobuf's parser reads back into the same message (generated
// messages with random values in every field, nested, repeated and optional).
#include "util/json.h"

#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
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
      const int64_t v = static_cast<int64_t>(rng()) * static_cast<int64_t>(rng()) - 12345;
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
        AppendMessageJson(*message, &ours);
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
}

}  // namespace
}  // namespace reentry::internal
