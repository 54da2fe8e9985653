// Batch scoring throughput (PSA), compared in the same run against
//   - the bandwidth bound: a plain read of the same input columns, and
//   - the numpy peer (bench/peers/psa_numpy.py) on the same data, whose
//     results are checked against the library's before its time counts.
// Columns use narrow types, as a data team would store them: booleans as
// bytes, age and counts as int32 (18 bytes a row). Outputs: FTA and NCA
// scaled scores and the NVCA flag. The same call through the C ABI is timed
// in capi_bench (a process uses the C ABI or the C++ library, not both).
//
//   build/bench/batch_bench [--benchmark_filter=...]
// prints Google Benchmark's table, then the ratios the targets are stated in.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "assess/batch_internal.h"
#include "reentry/assess/batch.h"
#include "reentry/assess/builtin.h"

namespace {

struct PsaColumns {
  explicit PsaColumns(size_t n) : rows(n) {
    std::mt19937 rng(2026);
    std::uniform_int_distribution<int32_t> age_dist(18, 70);
    std::bernoulli_distribution yes(0.3);
    std::geometric_distribution<int32_t> count(0.55);
    age.resize(n);
    violent_convictions.resize(n);
    fta_recent.resize(n);
    for (auto* flags : {&violent, &pending, &misdemeanor, &felony, &fta_old, &incarceration}) {
      flags->resize(n);
    }
    for (size_t i = 0; i < n; ++i) {
      age[i] = age_dist(rng);
      violent[i] = yes(rng);
      pending[i] = yes(rng);
      misdemeanor[i] = yes(rng);
      felony[i] = yes(rng);
      violent_convictions[i] = std::min(count(rng), 9);
      fta_recent[i] = std::min(count(rng), 9);
      fta_old[i] = yes(rng);
      incarceration[i] = yes(rng);
    }
    columns = {
        {"age_at_current_arrest", reentry::ColumnType::kInt32, age.data()},
        {"current_violent_offense", reentry::ColumnType::kBool8, violent.data()},
        {"pending_charge", reentry::ColumnType::kBool8, pending.data()},
        {"prior_misdemeanor_conviction", reentry::ColumnType::kBool8, misdemeanor.data()},
        {"prior_felony_conviction", reentry::ColumnType::kBool8, felony.data()},
        {"prior_violent_convictions", reentry::ColumnType::kInt32, violent_convictions.data()},
        {"prior_fta_past_two_years", reentry::ColumnType::kInt32, fta_recent.data()},
        {"prior_fta_older_than_two_years", reentry::ColumnType::kBool8, fta_old.data()},
        {"prior_sentence_to_incarceration", reentry::ColumnType::kBool8, incarceration.data()},
    };
    fta_scaled.resize(n);
    nca_scaled.resize(n);
    nvca_flag.resize(n);
  }

  std::vector<reentry::ScaleOutput> Outputs() {
    return {{"fta", nullptr, fta_scaled.data(), nullptr, nullptr},
            {"nca", nullptr, nca_scaled.data(), nullptr, nullptr},
            {"nvca", nullptr, nullptr, nvca_flag.data(), nullptr}};
  }

  // Writes every column as a raw file for the numpy peer.
  void Write(const std::filesystem::path& dir) const {
    std::filesystem::create_directories(dir);
    for (const auto& column : columns) {
      const size_t width = column.type == reentry::ColumnType::kBool8 ? 1 : 4;
      std::ofstream out(dir / std::string(column.item_id), std::ios::binary);
      out.write(static_cast<const char*>(column.data), static_cast<std::streamsize>(width * rows));
    }
  }

  size_t rows;
  std::vector<int32_t> age, violent_convictions, fta_recent;
  std::vector<uint8_t> violent, pending, misdemeanor, felony, fta_old, incarceration;
  std::vector<reentry::Column> columns;
  std::vector<int32_t> fta_scaled, nca_scaled;
  std::vector<uint8_t> nvca_flag;
};

PsaColumns& Data(size_t rows) {
  static auto* cache = new std::map<size_t, std::unique_ptr<PsaColumns>>();
  auto& slot = (*cache)[rows];
  if (!slot) slot = std::make_unique<PsaColumns>(rows);
  return *slot;
}

std::shared_ptr<const reentry::Instrument> Psa() {
  static const auto psa = [] {
    const auto builtin = reentry::BuiltinInstruments();
    if (builtin.ok()) {
      for (const auto& instrument : *builtin) {
        if (instrument->id() == "psa") return instrument;
      }
    }
    std::abort();
  }();
  return psa;
}

constexpr double kBytesPerRow = 3 * 4 + 6 * 1;

void SetRows(benchmark::State& state, size_t rows) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * rows * kBytesPerRow));
}

// The bound: read every input byte once and fold it into a sum.
void BM_ReadColumnsBound(benchmark::State& state) {
  PsaColumns& data = Data(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    uint32_t sum = 0;
    for (const auto* column : {&data.age, &data.violent_convictions, &data.fta_recent}) {
      const int32_t* p = column->data();
      for (size_t i = 0; i < data.rows; ++i) sum += static_cast<uint32_t>(p[i]);
    }
    for (const auto* column : {&data.violent, &data.pending, &data.misdemeanor, &data.felony,
                               &data.fta_old, &data.incarceration}) {
      const uint8_t* p = column->data();
      for (size_t i = 0; i < data.rows; ++i) sum += p[i];
    }
    benchmark::DoNotOptimize(sum);
  }
  SetRows(state, data.rows);
}

void BM_ScoreColumns(benchmark::State& state) {
  PsaColumns& data = Data(static_cast<size_t>(state.range(0)));
  const auto psa = Psa();
  const auto outputs = data.Outputs();
  for (auto _ : state) {
    const absl::Status status = reentry::ScoreColumns(*psa, data.columns, data.rows, outputs);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::ClobberMemory();
  }
  SetRows(state, data.rows);
  state.SetLabel(std::string(reentry::BatchKernelName()));
}

// One call on several threads (BatchOptions::threads), timed by the wall
// clock: the scaling a data team sees from one core to all of them.
void BM_ScoreColumnsThreads(benchmark::State& state) {
  PsaColumns& data = Data(static_cast<size_t>(state.range(0)));
  const auto psa = Psa();
  const auto outputs = data.Outputs();
  reentry::BatchOptions options;
  options.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    const absl::Status status =
        reentry::ScoreColumns(*psa, data.columns, data.rows, outputs, options);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::ClobberMemory();
  }
  SetRows(state, data.rows);
}

// Every kernel variant this CPU runs, for comparison.
void BM_ScoreColumnsKernel(benchmark::State& state) {
  PsaColumns& data = Data(static_cast<size_t>(state.range(0)));
  const auto variants = reentry::assess_internal::AvailableKernelOps();
  const auto* ops = variants[static_cast<size_t>(state.range(1))];
  const auto psa = Psa();
  const auto outputs = data.Outputs();
  for (auto _ : state) {
    const absl::Status status = reentry::assess_internal::ScoreColumnsWith(*ops, *psa, data.columns,
                                                                           data.rows, outputs, {});
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::ClobberMemory();
  }
  SetRows(state, data.rows);
  state.SetLabel(ops->name);
}

bool SameFile(const std::filesystem::path& path, const void* expected, size_t bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return got.size() == bytes && std::memcmp(got.data(), expected, bytes) == 0;
}

// The numpy peer on the same data: one run of the script, which times its
// best of five repetitions; its results must equal the library's.
void BM_NumpyPeer(benchmark::State& state) {
  PsaColumns& data = Data(static_cast<size_t>(state.range(0)));
  const auto dir = std::filesystem::temp_directory_path() /
                   absl::StrFormat("reentry_bench_%d_%d", getpid(), data.rows);
  data.Write(dir);
  const auto psa = Psa();
  if (!reentry::ScoreColumns(*psa, data.columns, data.rows, data.Outputs()).ok()) {
    state.SkipWithError("library scoring failed");
    return;
  }
  for (auto _ : state) {
    const std::string command = absl::StrFormat("%s %s %s %d 5", REENTRY_NUMPY_PYTHON,
                                                REENTRY_NUMPY_PEER, dir.string(), data.rows);
    FILE* pipe = popen(command.c_str(), "r");
    char line[512] = {0};
    const bool read = pipe != nullptr && std::fgets(line, sizeof line, pipe) != nullptr;
    const int exit_code = pipe != nullptr ? pclose(pipe) : -1;
    double seconds = 0;
    const char* at = std::strstr(line, "\"seconds\": ");
    if (!read || exit_code != 0 || at == nullptr ||
        (seconds = std::strtod(at + 11, nullptr)) <= 0) {
      state.SkipWithError("the numpy peer did not run (is python3-numpy installed?)");
      break;
    }
    if (!SameFile(dir / "peer_fta_scaled", data.fta_scaled.data(), 4 * data.rows) ||
        !SameFile(dir / "peer_nca_scaled", data.nca_scaled.data(), 4 * data.rows) ||
        !SameFile(dir / "peer_nvca_flag", data.nvca_flag.data(), data.rows)) {
      state.SkipWithError("the numpy peer disagrees with the library");
      break;
    }
    state.SetIterationTime(seconds);
  }
  std::filesystem::remove_all(dir);
  SetRows(state, data.rows);
}

constexpr int64_t kSizes[] = {1 << 16, 1 << 20, 1 << 24};

void Sizes(benchmark::internal::Benchmark* b) {
  for (int64_t rows : kSizes) b->Arg(rows);
  b->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_ReadColumnsBound)->Apply(Sizes);
BENCHMARK(BM_ScoreColumns)->Apply(Sizes);
BENCHMARK(BM_ScoreColumnsKernel)
    ->ArgsProduct({{1 << 16, 1 << 20}, {0, 1, 2}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NumpyPeer)->Apply(Sizes)->UseManualTime()->Iterations(1);
BENCHMARK(BM_ScoreColumnsThreads)
    ->ArgsProduct({{1 << 20, 1 << 24}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Prints the table, then the ratios the targets are stated in.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const auto it = run.counters.find("items_per_second");
      if (it != run.counters.end() && !run.error_occurred) {
        rows_per_second_[run.benchmark_name()] = it->second.value;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\nBatch PSA scoring (rows/s) and ratios, same run:\n");
    std::printf("%10s %14s %14s %14s %10s %10s\n", "rows", "bound", "library", "numpy", "lib/bound",
                "lib/numpy");
    for (int64_t rows : kSizes) {
      const auto get = [&](const char* name) {
        const auto it = rows_per_second_.find(absl::StrFormat(name, rows));
        return it == rows_per_second_.end() ? 0.0 : it->second;
      };
      const double bound = get("BM_ReadColumnsBound/%d");
      const double library = get("BM_ScoreColumns/%d");
      const double numpy = get("BM_NumpyPeer/%d/iterations:1/manual_time");
      std::printf("%10lld %14.4g %14.4g %14.4g %10.2f %10.1f\n", static_cast<long long>(rows),
                  bound, library, numpy, bound > 0 ? library / bound : 0.0,
                  numpy > 0 ? library / numpy : 0.0);
    }
    std::printf("\nOne call on 1 and 2 threads (rows/s, wall clock):\n");
    std::printf("%10s %14s %14s %10s\n", "rows", "1 thread", "2 threads", "scaling");
    for (int64_t rows : {int64_t{1} << 20, int64_t{1} << 24}) {
      const auto get = [&](int threads) {
        const auto it = rows_per_second_.find(
            absl::StrFormat("BM_ScoreColumnsThreads/%d/%d/real_time", rows, threads));
        return it == rows_per_second_.end() ? 0.0 : it->second;
      };
      std::printf("%10lld %14.4g %14.4g %10.2f\n", static_cast<long long>(rows), get(1), get(2),
                  get(1) > 0 ? get(2) / get(1) : 0.0);
    }
  }

 private:
  std::map<std::string, double> rows_per_second_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
