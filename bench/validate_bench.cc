// Validation of ten million people: the AUC with its DeLong interval, and the
// full report (four groups, confusion counts, ratios, ROC curves,
// calibration), against a naive O(n log n) AUC peer in the same run (std::sort
// of (score, outcome) pairs, then the Mann-Whitney rank sum with mid-ranks;
// no interval, no groups).
//
// Two kinds of scores: decile scores 1-10 (COMPAS-like, ten tie blocks) and
// continuous scores (nearly all distinct). Items are rows; rows/s is
// items_per_second.
//
//   cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DREENTRY_BUILD_BENCH=ON
//   cmake --build build -j2 --target validate_bench && build/bench/validate_bench

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "reentry/validate/validate.h"
#include "validate_cohort.h"

namespace {

using reentry::bench::Cohort;
using reentry::bench::CohortOf;
using reentry::bench::kRows;

// The loops keep their results with ClobberMemory: Debian's Google Benchmark
// (1.7) DoNotOptimize on a double returned garbage under GCC 12 here.

void BM_AucWithDeLongInterval(benchmark::State& state) {
  const Cohort& cohort = CohortOf(state.range(0) != 0);
  double auc = 0;
  for (auto _ : state) {
    auto estimate = reentry::AucWithInterval(cohort.scores, cohort.outcomes);
    if (!estimate.ok()) state.SkipWithError(std::string(estimate.status().message()).c_str());
    auc = estimate->auc.value_or(0);
    benchmark::ClobberMemory();
  }
  state.counters["auc"] = auc;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
  state.SetLabel(state.range(0) ? "deciles" : "continuous");
}

// The peer: what one writes first. Sort (score, outcome) pairs, give each tie
// block its mid-rank, sum the positives' ranks: U = R1 - P (P + 1) / 2.
double NaiveAuc(const std::vector<double>& scores, const std::vector<uint8_t>& outcomes) {
  std::vector<std::pair<double, uint8_t>> pairs(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) pairs[i] = {scores[i], outcomes[i]};
  std::sort(pairs.begin(), pairs.end());
  double rank_sum = 0;
  double positives = 0;
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    double block_positives = 0;
    while (j < pairs.size() && pairs[j].first == pairs[i].first)
      block_positives += pairs[j++].second;
    const double mid_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    rank_sum += block_positives * mid_rank;
    positives += block_positives;
    i = j;
  }
  const double negatives = static_cast<double>(scores.size()) - positives;
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

void BM_NaiveAucPeer(benchmark::State& state) {
  const Cohort& cohort = CohortOf(state.range(0) != 0);
  double auc = 0;
  for (auto _ : state) {
    auc = NaiveAuc(cohort.scores, cohort.outcomes);
    benchmark::ClobberMemory();
  }
  state.counters["auc"] = auc;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
  state.SetLabel(state.range(0) ? "deciles" : "continuous");
}

void BM_FullReportFourGroups(benchmark::State& state) {
  const Cohort& cohort = CohortOf(state.range(0) != 0);
  reentry::ValidateOptions options;
  options.positive_from = 5;
  double auc = 0;
  for (auto _ : state) {
    auto report = reentry::ValidateColumns(cohort.scores, cohort.outcomes, cohort.groups,
                                           cohort.names, options);
    if (!report.ok()) state.SkipWithError(std::string(report.status().message()).c_str());
    auc = report->overall().auc();
    benchmark::ClobberMemory();
  }
  state.counters["auc"] = auc;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
  state.SetLabel(state.range(0) ? "deciles" : "continuous");
}

BENCHMARK(BM_AucWithDeLongInterval)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_NaiveAucPeer)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FullReportFourGroups)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
