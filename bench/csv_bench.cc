// The CSV path of `reentry score-batch` beside the column path it feeds, on
// the same PSA caseload: how many rows a second a whole file goes through
// (read, parse, convert, score, write), how much of that is the CSV reader
// alone, and what ScoreColumns does with the columns already in memory.
//
//   build/bench/csv_bench [--benchmark_filter=...]
//
// The CSV is generated in memory (a person a line, ids "P0000001", yes/no
// booleans, about 37 bytes a row) and read through a FILE (fmemopen), as the
// command reads a file; the output goes to /dev/null.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/csv.h"
#include "cli/score_batch.h"
#include "reentry/assess/batch.h"
#include "reentry/assess/instrument.h"
#include "reentry/engine/engine.h"

namespace {

constexpr const char* kBooleans[] = {
    "current_violent_offense",        "pending_charge",
    "prior_misdemeanor_conviction",   "prior_felony_conviction",
    "prior_fta_older_than_two_years", "prior_sentence_to_incarceration"};

// The same caseload as CSV text and as columns (int32 ages and counts, bytes
// for yes/no), generated once per size.
struct Caseload {
  explicit Caseload(size_t n) : rows(n), age(n), violent_priors(n), fta(n), flags(6) {
    std::mt19937 rng(2026);
    std::uniform_int_distribution<int32_t> ages(18, 70);
    std::bernoulli_distribution yes(0.3);
    std::geometric_distribution<int32_t> count(0.55);
    for (auto& column : flags) column.resize(n);
    csv = "id,age_at_current_arrest,prior_violent_convictions,prior_fta_past_two_years";
    for (const char* item : kBooleans) absl::StrAppend(&csv, ",", item);
    csv += "\n";
    for (size_t i = 0; i < n; ++i) {
      age[i] = ages(rng);
      violent_priors[i] = std::min(count(rng), 9);
      fta[i] = std::min(count(rng), 9);
      absl::StrAppendFormat(&csv, "P%07d,%d,%d,%d", i, age[i], violent_priors[i], fta[i]);
      for (auto& column : flags) {
        column[i] = yes(rng);
        csv += column[i] ? ",yes" : ",no";
      }
      csv += "\n";
    }
  }

  size_t rows;
  std::string csv;
  std::vector<int32_t> age, violent_priors, fta;
  std::vector<std::vector<uint8_t>> flags;
};

const Caseload& CaseloadOf(size_t rows) {
  static std::map<size_t, Caseload*>* cache = new std::map<size_t, Caseload*>();
  auto& entry = (*cache)[rows];
  if (entry == nullptr) entry = new Caseload(rows);
  return *entry;
}

reentry::Engine& TheEngine() {
  static reentry::Engine* engine = reentry::Engine::Create().value().release();
  return *engine;
}

void Report(benchmark::State& state, const Caseload& caseload) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * caseload.rows));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * caseload.csv.size()));
  state.counters["rows"] = static_cast<double>(caseload.rows);
}

// The whole CSV path: what `reentry score-batch` does, without the disk.
void BM_ScoreBatchCsv(benchmark::State& state) {
  const Caseload& caseload = CaseloadOf(state.range(0));
  reentry::cli::ScoreBatchOptions options;
  options.instrument_id = "psa";
  options.keep_going = state.range(1) != 0;
  std::FILE* sink = std::fopen("/dev/null", "wb");
  for (auto _ : state) {
    std::FILE* input = fmemopen(const_cast<char*>(caseload.csv.data()), caseload.csv.size(), "rb");
    reentry::cli::CsvReader reader(input, "caseload.csv");
    auto stats = reentry::cli::ScoreCsv(TheEngine(), options, reader, sink, sink);
    std::fclose(input);
    if (!stats.ok() || stats->scored != static_cast<int64_t>(caseload.rows)) {
      state.SkipWithError("score-batch failed");
      break;
    }
  }
  std::fclose(sink);
  Report(state, caseload);
}
BENCHMARK(BM_ScoreBatchCsv)
    ->ArgNames({"rows", "keep_going"})
    ->Args({1 << 20, 0})
    ->Args({1 << 20, 1})
    ->Unit(benchmark::kMillisecond);

// The CSV reader alone: records split and unquoted, nothing converted.
void BM_CsvReadOnly(benchmark::State& state) {
  const Caseload& caseload = CaseloadOf(state.range(0));
  for (auto _ : state) {
    std::FILE* input = fmemopen(const_cast<char*>(caseload.csv.data()), caseload.csv.size(), "rb");
    reentry::cli::CsvReader reader(input, "caseload.csv");
    size_t fields = 0;
    while (*reader.Next()) fields += reader.fields().size();
    std::fclose(input);
    benchmark::DoNotOptimize(fields);
  }
  Report(state, caseload);
}
BENCHMARK(BM_CsvReadOnly)->ArgName("rows")->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// The column path: ScoreColumns on the same caseload, already in columns,
// with the outputs score-batch writes (every raw, scaled score and flag).
void BM_ScoreColumns(benchmark::State& state) {
  const Caseload& caseload = CaseloadOf(state.range(0));
  auto psa = TheEngine().Find<reentry::Instrument>("psa");
  using reentry::ColumnType;
  std::vector<reentry::Column> columns = {
      {"age_at_current_arrest", ColumnType::kInt32, caseload.age.data()},
      {"prior_violent_convictions", ColumnType::kInt32, caseload.violent_priors.data()},
      {"prior_fta_past_two_years", ColumnType::kInt32, caseload.fta.data()}};
  for (size_t i = 0; i < 6; ++i) {
    columns.push_back({kBooleans[i], ColumnType::kBool8, caseload.flags[i].data()});
  }
  const size_t n = caseload.rows;
  std::vector<double> fta_raw(n), nca_raw(n), nvca_raw(n);
  std::vector<int32_t> fta_scaled(n), nca_scaled(n);
  std::vector<uint8_t> nvca_flag(n);
  const std::vector<reentry::ScaleOutput> outputs = {
      {"fta", fta_raw.data(), fta_scaled.data(), nullptr, nullptr},
      {"nca", nca_raw.data(), nca_scaled.data(), nullptr, nullptr},
      {"nvca", nvca_raw.data(), nullptr, nvca_flag.data(), nullptr}};
  for (auto _ : state) {
    if (!reentry::ScoreColumns(**psa, columns, n, outputs).ok()) {
      state.SkipWithError("ScoreColumns failed");
      break;
    }
    benchmark::DoNotOptimize(nvca_flag.data());
  }
  Report(state, caseload);
}
BENCHMARK(BM_ScoreColumns)->ArgName("rows")->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
