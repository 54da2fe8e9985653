// One Score (PSA) through the C++ API: the scorer, the Engine, and the
// serialized Engine::Call in binary and JSON that the C ABI wraps, with the
// cost of protobuf alone in the same run as the peer: parsing the request and
// serializing the response, without scoring. The C ABI itself is timed in
// capi_bench. Targets: binary under 2 us, JSON under 10 us per call.
//
//   build/bench/score_bench

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "reentry/assess/scorer.h"
#include "reentry/engine/engine.h"

namespace {

reentry::v1::ScoreRequest Request() {
  reentry::v1::ScoreRequest request;
  request.set_instrument_id("psa");
  request.set_client_id("c-1001");
  request.set_assessed_on("2026-11-23");
  auto add = [&](const char* item) {
    auto* response = request.add_responses();
    response->set_item_id(item);
    return response;
  };
  add("age_at_current_arrest")->set_number(20);
  add("current_violent_offense")->set_boolean(true);
  add("pending_charge")->set_boolean(true);
  add("prior_misdemeanor_conviction")->set_boolean(true);
  add("prior_felony_conviction")->set_boolean(false);
  add("prior_violent_convictions")->set_number(1);
  add("prior_fta_past_two_years")->set_number(1);
  add("prior_fta_older_than_two_years")->set_boolean(false);
  add("prior_sentence_to_incarceration")->set_boolean(true);
  return request;
}

std::string Json(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

reentry::Engine& SharedEngine() {
  static auto* engine = reentry::Engine::Create()->release();
  return *engine;
}

void BM_ScoreAssessment(benchmark::State& state) {
  const auto psa = *SharedEngine().Find<reentry::Instrument>("psa");
  const auto request = Request();
  for (auto _ : state) {
    auto result = reentry::ScoreAssessment(*psa, request);
    benchmark::DoNotOptimize(result);
  }
}

// The C++ host's fast path: a result the host keeps and reuses (or keeps on
// an arena), so scoring allocates almost nothing after the first call.
void BM_ScoreAssessmentReused(benchmark::State& state) {
  const auto psa = *SharedEngine().Find<reentry::Instrument>("psa");
  const auto request = Request();
  reentry::v1::AssessmentResult result;
  for (auto _ : state) {
    const absl::Status status = reentry::ScoreAssessment(*psa, request, &result);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(result);
  }
}

void BM_ScoreAssessmentArena(benchmark::State& state) {
  const auto psa = *SharedEngine().Find<reentry::Instrument>("psa");
  const auto request = Request();
  alignas(16) static char block[64 * 1024];
  for (auto _ : state) {
    google::protobuf::ArenaOptions options;
    options.initial_block = block;
    options.initial_block_size = sizeof block;
    google::protobuf::Arena arena(options);
    auto* result = google::protobuf::Arena::CreateMessage<reentry::v1::AssessmentResult>(&arena);
    const absl::Status status = reentry::ScoreAssessment(*psa, request, result);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(result);
  }
}

void BM_EngineScore(benchmark::State& state) {
  const auto request = Request();
  for (auto _ : state) {
    auto response = SharedEngine().Call<reentry::v1::ScoreResponse>(request);
    benchmark::DoNotOptimize(response);
  }
}

void BM_EngineCallBinary(benchmark::State& state) {
  const std::string request = Request().SerializeAsString();
  std::string response;
  for (auto _ : state) {
    response.clear();
    const auto status =
        SharedEngine().Call("Score", request, reentry::Engine::Encoding::kBinary, &response);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(response);
  }
}

void BM_EngineCallJson(benchmark::State& state) {
  const std::string request = Json(Request());
  std::string response;
  for (auto _ : state) {
    response.clear();
    const auto status =
        SharedEngine().Call("Score", request, reentry::Engine::Encoding::kJson, &response);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(response);
  }
}

// Peer: what protobuf alone costs for the same messages.
void BM_ProtobufOnlyBinary(benchmark::State& state) {
  const std::string request = Request().SerializeAsString();
  const auto response = *SharedEngine().Call<reentry::v1::ScoreResponse>(Request());
  for (auto _ : state) {
    reentry::v1::ScoreRequest parsed;
    parsed.ParseFromString(request);
    std::string out = response.SerializeAsString();
    benchmark::DoNotOptimize(out);
  }
}

void BM_ProtobufOnlyJson(benchmark::State& state) {
  const std::string request = Json(Request());
  const auto response = *SharedEngine().Call<reentry::v1::ScoreResponse>(Request());
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  for (auto _ : state) {
    reentry::v1::ScoreRequest parsed;
    google::protobuf::util::JsonStringToMessage(request, &parsed);
    std::string out;
    google::protobuf::util::MessageToJsonString(response, &out, options);
    benchmark::DoNotOptimize(out);
  }
}

BENCHMARK(BM_ScoreAssessment);
BENCHMARK(BM_ScoreAssessmentReused);
BENCHMARK(BM_ScoreAssessmentArena);
BENCHMARK(BM_EngineScore);
BENCHMARK(BM_EngineCallBinary);
BENCHMARK(BM_EngineCallJson);
BENCHMARK(BM_ProtobufOnlyBinary);
BENCHMARK(BM_ProtobufOnlyJson);
BENCHMARK(BM_EngineCallBinary)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

// ---- Where the time of one binary Score goes (internal pieces) -------------
#include "assess/compiled.h"
#include "assess/scored.h"

namespace {

void BM_PieceParseBinary(benchmark::State& state) {
  const std::string bytes = Request().SerializeAsString();
  for (auto _ : state) {
    alignas(16) char block[8192];
    google::protobuf::ArenaOptions options;
    options.initial_block = block;
    options.initial_block_size = sizeof block;
    google::protobuf::Arena arena(options);
    auto* request = google::protobuf::Arena::CreateMessage<reentry::v1::ScoreRequest>(&arena);
    benchmark::DoNotOptimize(request->ParseFromString(bytes));
  }
}

void BM_PieceScore(benchmark::State& state) {
  const auto request = Request();
  const auto psa = *SharedEngine().Find<reentry::Instrument>("psa");
  reentry::assess_internal::Scored scored;
  for (auto _ : state) {
    scored.Reset();
    benchmark::DoNotOptimize(reentry::assess_internal::Score(
        reentry::assess_internal::Compiled(*psa), request, &scored));
  }
}

void BM_PieceWriteBinary(benchmark::State& state) {
  const auto request = Request();
  const auto psa = *SharedEngine().Find<reentry::Instrument>("psa");
  reentry::assess_internal::Scored scored;
  (void)reentry::assess_internal::Score(reentry::assess_internal::Compiled(*psa), request, &scored);
  std::string out;
  for (auto _ : state) {
    out.clear();
    reentry::assess_internal::AppendScoreResponseBinary(
        scored, reentry::assess_internal::Fragments(*psa), &out);
    benchmark::DoNotOptimize(out);
  }
}

BENCHMARK(BM_PieceParseBinary);
BENCHMARK(BM_PieceScore);
BENCHMARK(BM_PieceWriteBinary);

}  // namespace

BENCHMARK_MAIN();
