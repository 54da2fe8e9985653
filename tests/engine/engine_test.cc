// The Engine facade: the four rpcs, serialized calls in binary and JSON,
// lossless round trips, versions, and concurrent use.

#include "reentry/engine/engine.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "assess/test_util.h"
#include "assess/toy_instrument.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "reentry/status.h"

namespace reentry {
namespace {

using google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

std::unique_ptr<Engine> NewEngine() {
  auto engine = Engine::Create();
  EXPECT_TRUE(engine.ok()) << engine.status();
  return engine.ok() ? *std::move(engine) : nullptr;
}

v1::ScoreRequest PsaRequest() {
  v1::ScoreRequest request = testing::Request({{"age_at_current_arrest", 30.0},
                                               {"current_violent_offense", false},
                                               {"pending_charge", true},
                                               {"prior_misdemeanor_conviction", true},
                                               {"prior_felony_conviction", false},
                                               {"prior_violent_convictions", 0.0},
                                               {"prior_fta_past_two_years", 2.0},
                                               {"prior_fta_older_than_two_years", false},
                                               {"prior_sentence_to_incarceration", false}});
  request.set_instrument_id("psa");
  request.set_client_id("c-42");
  request.set_assessed_on("2026-11-23");
  return request;
}

// Engine::Call returning the response (or the error).
absl::StatusOr<std::string> Call(Engine& engine, absl::string_view method,
                                 absl::string_view request, Engine::Encoding encoding) {
  std::string response;
  if (auto s = engine.Call(method, request, encoding, &response); !s.ok()) return s;
  return response;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json).ok());
  return json;
}

TEST(Engine, ScoresWithTheNewestVersionOfABuiltinInstrument) {
  auto engine = NewEngine();
  auto response = engine->Call<v1::ScoreResponse>(PsaRequest());
  ASSERT_TRUE(response.ok()) << response.status();
  const auto& result = response->result();
  EXPECT_EQ(result.instrument_id(), "psa");
  EXPECT_EQ(result.instrument_version(), "2022");
  EXPECT_EQ(result.client_id(), "c-42");
  // FTA: pending 1 + prior conviction 1 + two recent FTAs 4 = 6 -> 5.
  EXPECT_EQ(result.scales(0).raw_score(), 6);
  EXPECT_EQ(result.scales(0).scaled_score(), 5);
}

TEST(Engine, ReportsUnknownInstrumentsAndVersionsAsNotFound) {
  auto engine = NewEngine();
  v1::ScoreRequest request = PsaRequest();
  request.set_instrument_id("compas");
  auto response = engine->Call<v1::ScoreResponse>(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(response.status()), "instrument_id");
  EXPECT_THAT(std::string(response.status().message()), HasSubstr("unknown instrument 'compas'"));
  request.set_instrument_id("psa");
  request.set_instrument_version("1999");
  response = engine->Call<v1::ScoreResponse>(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(response.status()), "instrument_version");
  request.clear_instrument_id();
  EXPECT_EQ(engine->Call<v1::ScoreResponse>(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Engine, ListsAndDescribesItsInstruments) {
  auto engine = NewEngine();
  auto list = engine->Call<v1::ListInstrumentsResponse>(v1::ListInstrumentsRequest());
  ASSERT_TRUE(list.ok());
  std::vector<std::string> ids;
  for (const auto& summary : list->instruments()) {
    ids.push_back(summary.id());
    EXPECT_TRUE(summary.builtin());
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("pattern", "psa", "reentry_needs_screen"));
  EXPECT_THAT(list->instruments(0).norm_groups(), ::testing::ElementsAre("male", "female"));
  v1::DescribeInstrumentRequest describe;
  describe.set_instrument_id("psa");
  auto definition = engine->Call<v1::DescribeInstrumentResponse>(describe);
  ASSERT_TRUE(definition.ok());
  EXPECT_EQ(definition->definition().items_size(), 9);
  describe.set_instrument_id("nope");
  EXPECT_EQ(engine->Call<v1::DescribeInstrumentResponse>(describe).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(Engine, LoadsHostInstrumentsAndScoresTheNewestVersion) {
  auto engine = NewEngine();
  v1::LoadInstrumentRequest load;
  load.set_text(testing::kToyInstrument);
  load.set_source_name("toy.textproto");
  auto loaded = engine->Call<v1::LoadInstrumentResponse>(load);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->instrument().id(), "toy");
  EXPECT_FALSE(loaded->instrument().builtin());

  // The same version again is refused; a newer version is added beside it.
  EXPECT_EQ(engine->Call<v1::LoadInstrumentResponse>(load).status().code(),
            absl::StatusCode::kAlreadyExists);
  auto newer = ParseInstrumentText(testing::kToyInstrument, "toy");
  ASSERT_TRUE(newer.ok());
  newer->set_version("1.10");
  newer->mutable_scales(0)->mutable_norms(0)->mutable_points(0)->set_points(1);
  v1::LoadInstrumentRequest load_newer;
  *load_newer.mutable_definition() = *newer;
  ASSERT_TRUE(engine->Call<v1::LoadInstrumentResponse>(load_newer).ok());
  newer->set_version("1.9");
  *load_newer.mutable_definition() = *newer;
  ASSERT_TRUE(engine->Call<v1::LoadInstrumentResponse>(load_newer).ok());

  v1::ScoreRequest request = testing::Request({{"housing_status", std::string("stable")},
                                               {"jobs_held", 5.0},
                                               {"employed", true},
                                               {"age", 20.0}});
  request.set_instrument_id("toy");
  auto newest = engine->Call<v1::ScoreResponse>(request);
  ASSERT_TRUE(newest.ok()) << newest.status();
  EXPECT_EQ(newest->result().instrument_version(), "1.10");
  EXPECT_EQ(newest->result().scales(0).raw_score(), 1);  // young is worth 1 in 1.10
  request.set_instrument_version("1.0");
  auto original = engine->Call<v1::ScoreResponse>(request);
  ASSERT_TRUE(original.ok());
  EXPECT_EQ(original->result().scales(0).raw_score(), 2);

  auto list = engine->Call<v1::ListInstrumentsResponse>(v1::ListInstrumentsRequest());
  std::vector<std::string> toy_versions;
  for (const auto& summary : list->instruments()) {
    if (summary.id() == "toy") toy_versions.push_back(summary.version());
  }
  EXPECT_THAT(toy_versions, ::testing::ElementsAre("1.0", "1.9", "1.10"));
}

TEST(Engine, RejectsInvalidDefinitionsNamingTheSource) {
  auto engine = NewEngine();
  v1::LoadInstrumentRequest load;
  load.set_text(
      "id: \"bad\"\nversion: \"1\"\ntitle: \"Bad\"\nitems { id: \"x\" type: TYPE_BOOLEAN }\n");
  load.set_source_name("bad.textproto");
  auto loaded = engine->Call<v1::LoadInstrumentResponse>(load);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("bad.textproto: instrument 'bad' version 1: items[0].text"));
  EXPECT_EQ(engine->Call<v1::LoadInstrumentResponse>(v1::LoadInstrumentRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(EngineCall, AnswersInBinaryAndJsonAlike) {
  auto engine = NewEngine();
  const v1::ScoreRequest request = PsaRequest();
  auto binary = Call(*engine, "Score", request.SerializeAsString(), Engine::Encoding::kBinary);
  ASSERT_TRUE(binary.ok()) << binary.status();
  v1::ScoreResponse from_binary;
  ASSERT_TRUE(from_binary.ParseFromString(*binary));

  auto json = Call(*engine, "Score", ToJson(request), Engine::Encoding::kJson);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"scaledScore\":5"));
  EXPECT_THAT(*json, HasSubstr("\"flag\":false"));  // printed although false
  v1::ScoreResponse from_json;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &from_json).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(from_binary, from_json));
}

TEST(EngineCall, AcceptsProtoFieldNamesInJson) {
  auto engine = NewEngine();
  auto json =
      Call(*engine, "DescribeInstrument", R"({"instrument_id": "psa"})", Engine::Encoding::kJson);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"id\":\"psa\""));
}

TEST(EngineCall, RejectsUnknownMethodsAndMalformedRequests) {
  auto engine = NewEngine();
  auto unknown = Call(*engine, "Predict", "", Engine::Encoding::kBinary);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(unknown.status().message()),
              HasSubstr("methods: Score, ListInstruments, DescribeInstrument, LoadInstrument"));
  auto bad_binary =
      Call(*engine, "Score", std::string("\xff\xff\xff", 3), Engine::Encoding::kBinary);
  EXPECT_EQ(bad_binary.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad_binary.status().message()),
              HasSubstr("not a valid binary reentry.v1.ScoreRequest"));
  auto bad_json = Call(*engine, "Score", "{\"instrumentId\": ", Engine::Encoding::kJson);
  EXPECT_EQ(bad_json.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad_json.status().message()), HasSubstr("not a valid JSON"));
  auto unknown_field =
      Call(*engine, "Score", R"({"instrumentId": "psa", "mood": 3})", Engine::Encoding::kJson);
  EXPECT_EQ(unknown_field.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown_field.status().message()), HasSubstr("mood"));
  auto wrong_type =
      Call(*engine, "Score",
           R"({"instrumentId": "psa", "responses": [{"itemId": "x", "number": "many"}]})",
           Engine::Encoding::kJson);
  EXPECT_EQ(wrong_type.status().code(), absl::StatusCode::kInvalidArgument);
}

// Definitions and results survive binary -> JSON -> text format and back.
void ExpectLosslessRoundTrips(const google::protobuf::Message& message) {
  std::unique_ptr<google::protobuf::Message> from_binary(message.New());
  ASSERT_TRUE(from_binary->ParseFromString(message.SerializeAsString()));
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*from_binary, &json).ok());
  std::unique_ptr<google::protobuf::Message> from_json(message.New());
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, from_json.get()).ok());
  std::string text;
  ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(*from_json, &text));
  std::unique_ptr<google::protobuf::Message> from_text(message.New());
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, from_text.get()));
  EXPECT_TRUE(MessageDifferencer::Equals(message, *from_text)) << message.GetTypeName();
  EXPECT_EQ(message.SerializeAsString(), from_text->SerializeAsString());
}

TEST(RoundTrips, AreLosslessForEveryBuiltinDefinitionAndItsResults) {
  auto engine = NewEngine();
  for (const std::string id : {"psa", "pattern", "reentry_needs_screen"}) {
    SCOPED_TRACE(id);
    v1::DescribeInstrumentRequest describe;
    describe.set_instrument_id(id);
    auto definition = engine->Call<v1::DescribeInstrumentResponse>(describe);
    ASSERT_TRUE(definition.ok());
    ExpectLosslessRoundTrips(definition->definition());
  }
  auto scored = engine->Call<v1::ScoreResponse>(PsaRequest());
  ASSERT_TRUE(scored.ok());
  ExpectLosslessRoundTrips(*scored);
  // A result with an override, prorating, needs and change.
  ASSERT_TRUE(engine
                  ->Call<v1::LoadInstrumentResponse>([] {
                    v1::LoadInstrumentRequest load;
                    load.set_text(testing::kToyInstrument);
                    return load;
                  }())
                  .ok());
  v1::ScoreRequest request = testing::Request({{"housing_status", std::string("homeless")},
                                               {"jobs_held", 0.0},
                                               {"age", 20.0},
                                               {"reads_well", false}});
  request.set_instrument_id("toy");
  request.set_assessed_on("2026-11-23");
  auto first = engine->Call<v1::ScoreResponse>(request);
  ASSERT_TRUE(first.ok()) << first.status();
  *request.mutable_previous() = first->result();
  request.mutable_override()->set_scale_id("risk");
  request.mutable_override()->set_level("low");
  request.mutable_override()->set_reason("Verified employment");
  request.mutable_override()->set_author("A. Case Manager");
  auto second = engine->Call<v1::ScoreResponse>(request);
  ASSERT_TRUE(second.ok()) << second.status();
  ExpectLosslessRoundTrips(*second);
}

TEST(Engine, ServesManyThreadsWhileLoading) {
  auto engine = NewEngine();
  const std::string request = PsaRequest().SerializeAsString();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        auto response = Call(*engine, "Score", request, Engine::Encoding::kBinary);
        if (!response.ok()) ++failures;
      }
    });
  }
  threads.emplace_back([&] {
    for (int version = 2; version < 40; ++version) {
      auto definition = ParseInstrumentText(testing::kToyInstrument, "toy");
      definition->set_version(absl::StrCat(version));
      v1::LoadInstrumentRequest load;
      *load.mutable_definition() = *definition;
      if (!engine->Call<v1::LoadInstrumentResponse>(load).ok()) ++failures;
    }
  });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto newest = engine->Find<Instrument>("toy");
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ((*newest)->version(), "39");
}

}  // namespace
}  // namespace reentry
