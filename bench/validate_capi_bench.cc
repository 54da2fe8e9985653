// The Validate report of ten million people through the C ABI's columnar
// entry, reentry_validate_columns (binary response, four groups, per-score
// calibration), as a host process calls it: linked to libreentry_c alone. Its
// peer is validate_bench's BM_FullReportFourGroups (the C++ ValidateColumns)
// on the same cohort (bench/validate_cohort.h).
//
//   cmake -S . -B build -G Ninja -DREENTRY_BUILD_BENCH=ON
//   cmake --build build --target validate_capi_bench && build/bench/validate_capi_bench

#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "reentry.h"
#include "validate_cohort.h"

namespace {

using reentry::bench::Cohort;
using reentry::bench::CohortOf;
using reentry::bench::kRows;

void BM_ValidateColumnsCEntry(benchmark::State& state) {
  const Cohort& cohort = CohortOf(state.range(0) != 0);
  std::vector<const char*> names;
  for (const std::string& name : cohort.names) names.push_back(name.c_str());
  reentry_validate_options options = {};
  options.size = sizeof options;
  options.group_names = names.data();
  options.n_groups = names.size();
  size_t bytes = 0;
  for (auto _ : state) {
    void* response = nullptr;
    reentry_error* error = nullptr;
    const reentry_status status =
        reentry_validate_columns(cohort.scores.data(), cohort.outcomes.data(), cohort.groups.data(),
                                 kRows, 5, &options, &response, &bytes, &error);
    if (status != REENTRY_OK) {
      state.SkipWithError(reentry_last_error());
      reentry_error_free(error);
      break;
    }
    reentry_free(response);
  }
  state.counters["response_bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
  state.SetLabel(state.range(0) ? "deciles" : "continuous");
}

BENCHMARK(BM_ValidateColumnsCEntry)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
