// The C ABI as hosts call it: one Score through reentry_call (binary) and
// reentry_call_json, and batch scoring through reentry_score_columns. Links
// only libreentry_c (requests are encoded by hand, as a host in another
// language would get them from its own protobuf library). Targets: binary
// under 2 us, JSON under 10 us per call.
//
//   build/bench/capi_bench

#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "reentry.h"

namespace {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutBytes(std::string* out, int field, const std::string& bytes) {
  PutVarint(out, (static_cast<uint64_t>(field) << 3) | 2);
  PutVarint(out, bytes.size());
  out->append(bytes);
}

std::string BooleanResponse(const char* item, bool value) {
  std::string r;
  PutBytes(&r, 1, item);
  PutVarint(&r, (2 << 3) | 0);
  PutVarint(&r, value ? 1 : 0);
  return r;
}

std::string NumberResponse(const char* item, double value) {
  std::string r;
  PutBytes(&r, 1, item);
  PutVarint(&r, (3 << 3) | 1);
  char bits[8];
  std::memcpy(bits, &value, 8);
  r.append(bits, 8);
  return r;
}

// The README demo person, as a binary reentry.v1.ScoreRequest.
std::string BinaryRequest() {
  std::string request;
  PutBytes(&request, 1, "psa");
  PutBytes(&request, 5, "c-1001");
  PutBytes(&request, 6, "2026-11-23");
  PutBytes(&request, 4, NumberResponse("age_at_current_arrest", 20));
  PutBytes(&request, 4, BooleanResponse("current_violent_offense", true));
  PutBytes(&request, 4, BooleanResponse("pending_charge", true));
  PutBytes(&request, 4, BooleanResponse("prior_misdemeanor_conviction", true));
  PutBytes(&request, 4, BooleanResponse("prior_felony_conviction", false));
  PutBytes(&request, 4, NumberResponse("prior_violent_convictions", 1));
  PutBytes(&request, 4, NumberResponse("prior_fta_past_two_years", 1));
  PutBytes(&request, 4, BooleanResponse("prior_fta_older_than_two_years", false));
  PutBytes(&request, 4, BooleanResponse("prior_sentence_to_incarceration", true));
  return request;
}

constexpr char kJsonRequest[] =
    R"({"instrumentId":"psa","clientId":"c-1001","assessedOn":"2026-11-23","responses":[)"
    R"({"itemId":"age_at_current_arrest","number":20},)"
    R"({"itemId":"current_violent_offense","boolean":true},)"
    R"({"itemId":"pending_charge","boolean":true},)"
    R"({"itemId":"prior_misdemeanor_conviction","boolean":true},)"
    R"({"itemId":"prior_felony_conviction","boolean":false},)"
    R"({"itemId":"prior_violent_convictions","number":1},)"
    R"({"itemId":"prior_fta_past_two_years","number":1},)"
    R"({"itemId":"prior_fta_older_than_two_years","boolean":false},)"
    R"({"itemId":"prior_sentence_to_incarceration","boolean":true}]})";

reentry_engine* SharedEngine() {
  static reentry_engine* engine = [] {
    reentry_engine* e = nullptr;
    reentry_engine_create(&e);
    return e;
  }();
  return engine;
}

void BM_CallScoreBinary(benchmark::State& state) {
  const std::string request = BinaryRequest();
  for (auto _ : state) {
    void* response = nullptr;
    size_t length = 0;
    if (reentry_call(SharedEngine(), "Score", request.data(), request.size(), &response, &length) !=
        REENTRY_OK) {
      state.SkipWithError(reentry_last_error());
    }
    reentry_free(response);
  }
}

void BM_CallScoreJson(benchmark::State& state) {
  for (auto _ : state) {
    char* response = nullptr;
    size_t length = 0;
    if (reentry_call_json(SharedEngine(), "Score", kJsonRequest, sizeof kJsonRequest - 1, &response,
                          &length) != REENTRY_OK) {
      state.SkipWithError(reentry_last_error());
    }
    reentry_free(response);
  }
}

void BM_ScoreColumns(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  std::mt19937 rng(2026);
  std::vector<int32_t> age(rows), violent_convictions(rows), fta(rows);
  std::vector<uint8_t> flags[6];
  for (auto& f : flags) f.resize(rows);
  for (size_t i = 0; i < rows; ++i) {
    age[i] = 18 + static_cast<int32_t>(rng() % 50);
    violent_convictions[i] = static_cast<int32_t>(rng() % 4);
    fta[i] = static_cast<int32_t>(rng() % 3);
    for (auto& f : flags) f[i] = (rng() % 10) < 3;
  }
  const reentry_column columns[] = {
      {"age_at_current_arrest", REENTRY_COLUMN_INT32, age.data()},
      {"current_violent_offense", REENTRY_COLUMN_BOOL8, flags[0].data()},
      {"pending_charge", REENTRY_COLUMN_BOOL8, flags[1].data()},
      {"prior_misdemeanor_conviction", REENTRY_COLUMN_BOOL8, flags[2].data()},
      {"prior_felony_conviction", REENTRY_COLUMN_BOOL8, flags[3].data()},
      {"prior_violent_convictions", REENTRY_COLUMN_INT32, violent_convictions.data()},
      {"prior_fta_past_two_years", REENTRY_COLUMN_INT32, fta.data()},
      {"prior_fta_older_than_two_years", REENTRY_COLUMN_BOOL8, flags[4].data()},
      {"prior_sentence_to_incarceration", REENTRY_COLUMN_BOOL8, flags[5].data()}};
  std::vector<int32_t> fta_scaled(rows), nca_scaled(rows);
  std::vector<uint8_t> nvca(rows);
  reentry_scale_output outputs[] = {{"fta", nullptr, fta_scaled.data(), nullptr, nullptr},
                                    {"nca", nullptr, nca_scaled.data(), nullptr, nullptr},
                                    {"nvca", nullptr, nullptr, nvca.data(), nullptr}};
  for (auto _ : state) {
    if (reentry_score_columns(SharedEngine(), "psa", nullptr, columns, 9, rows, outputs, 3) !=
        REENTRY_OK) {
      state.SkipWithError(reentry_last_error());
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}

BENCHMARK(BM_CallScoreBinary);
BENCHMARK(BM_CallScoreJson);
BENCHMARK(BM_CallScoreBinary)->Threads(2)->UseRealTime();
BENCHMARK(BM_ScoreColumns)->Arg(1 << 16)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
