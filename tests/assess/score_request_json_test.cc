// The fast ScoreRequest JSON reader reads what protobuf's parser reads, or
// declines (and protobuf reads it): never a different request.

#include "assess/score_request_json.h"

#include <random>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace reentry::internal {
namespace {

using google::protobuf::util::MessageDifferencer;

// Whether the fast reader takes `json`; when it does, it must equal protobuf.
bool ExpectSameAsProtobuf(const std::string& json) {
  v1::ScoreRequest fast;
  const bool taken = ParseScoreRequestJsonFast(json, &fast);
  v1::ScoreRequest slow;
  const bool valid = google::protobuf::util::JsonStringToMessage(json, &slow).ok();
  if (taken) {
    EXPECT_TRUE(valid) << "fast reader took what protobuf rejects: " << json;
    EXPECT_TRUE(MessageDifferencer::Equals(fast, slow)) << json;
  }
  return taken;
}

TEST(ScoreRequestJson, ReadsThePlainShapeLikeProtobuf) {
  EXPECT_TRUE(ExpectSameAsProtobuf(R"({})"));
  EXPECT_TRUE(ExpectSameAsProtobuf(R"( { "instrumentId" : "psa" , "responses" : [ ] } )"));
  EXPECT_TRUE(ExpectSameAsProtobuf(
      R"({"instrument_id":"psa","norm_group":"male","client_id":"a\"b\\c\/d\n","assessed_on":"2026-11-23",)"
      R"("responses":[{"item_id":"x","number":20},{"itemId":"y","boolean":false},)"
      R"({"itemId":"z","choice":"none"},{"itemId":"w"},{}]})"));
  for (const char* number :
       {"20", "20.0", "2e1", "2E+1", "-0", "0.5", "1.5e-3", "-17.25", "1e308"}) {
    EXPECT_TRUE(ExpectSameAsProtobuf(std::string(R"({"responses":[{"itemId":"n","number":)") +
                                     number + "}]}"))
        << number;
  }
}

TEST(ScoreRequestJson, ReadsUnicodeLikeProtobuf) {
  for (const char* json : {R"({"clientId": "\u00e9 \ud83d\ude00"})",
                           "{\"clientId\": \"caf\xc3\xa9\"}"}) {
    EXPECT_TRUE(ExpectSameAsProtobuf(json)) << json;
  }
}

TEST(ScoreRequestJson, LeavesEverythingElseToProtobuf) {
  for (const char* json : {
           R"({"previous": {}})",
           R"({"override": {"level": "low"}})",
           R"({"mood": 3})",
           R"({"clientId": "a", "clientId": "b"})",
           R"({"clientId": null})",
           "{\"clientId\": \"caf\xff\"}",  // not UTF-8
           R"({"clientId": "\ud800"})",      // a lone surrogate
           R"({"responses": [{"itemId": "x", "number": "20"}]})",
           R"({"responses": [{"itemId": "x", "number": 1, "boolean": true}]})",
           R"({"responses": [{"itemId": "x", "number": 1e400}]})",
           R"({"responses": [{"itemId": "x", "number": 01}]})",
           R"({"responses": [{"itemId": "x", "number": NaN}]})",
           R"({"responses": [{"itemId": "x", "boolean": "true"}]})",
           R"({"instrumentId": "psa"} trailing)",
           R"({"instrumentId": "psa",})",
           R"([])",
           R"()",
       }) {
    EXPECT_FALSE(ExpectSameAsProtobuf(json)) << json;
  }
}

TEST(ScoreRequestJson, ReadsWhatProtobufPrints) {
  std::mt19937 rng(9);
  for (int i = 0; i < 500; ++i) {
    v1::ScoreRequest request;
    request.set_instrument_id(i % 3 ? "psa" : "");
    request.set_client_id("client-" + std::to_string(rng()));
    if (rng() % 2) request.set_assessed_on("2026-11-23");
    for (int r = 0; r < static_cast<int>(rng() % 12); ++r) {
      auto* response = request.add_responses();
      response->set_item_id("item_" + std::to_string(r));
      switch (rng() % 4) {
        case 0:
          response->set_boolean(rng() % 2);
          break;
        case 1:
          response->set_number(std::uniform_real_distribution<double>(-1e6, 1e6)(rng));
          break;
        case 2:
          response->set_choice("choice_" + std::to_string(rng() % 5));
          break;
        default:
          break;
      }
    }
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = rng() % 2;
    options.add_whitespace = rng() % 2;
    options.always_print_primitive_fields = rng() % 2;
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(request, &json, options).ok());
    v1::ScoreRequest fast;
    ASSERT_TRUE(ParseScoreRequestJsonFast(json, &fast)) << json;
    ASSERT_TRUE(MessageDifferencer::Equals(fast, request)) << json;
  }
}

}  // namespace
}  // namespace reentry::internal
