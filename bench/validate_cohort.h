// The cohort the validation benchmarks share: ten million people in four
// groups with their base rates, scores drawn from two normal distributions
// (outcome or not), as decile scores 1-10 (ten tie blocks) or continuous
// scores (nearly all distinct). Made once per kind, kept for the whole run.
#ifndef REENTRY_BENCH_VALIDATE_COHORT_H_
#define REENTRY_BENCH_VALIDATE_COHORT_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace reentry::bench {

inline constexpr size_t kRows = 10'000'000;

struct Cohort {
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  std::vector<int32_t> groups;
  std::vector<std::string> names = {"Black", "White", "Hispanic", "Other"};
};

inline const Cohort& CohortOf(bool deciles) {
  // Made once per kind and kept for the whole run (benchmarks run serially).
  static Cohort* cohorts[2] = {nullptr, nullptr};
  Cohort*& cohort = cohorts[deciles ? 1 : 0];
  if (cohort != nullptr) return *cohort;
  cohort = new Cohort;
  std::mt19937_64 rng(deciles ? 10 : 11);
  cohort->scores.resize(kRows);
  cohort->outcomes.resize(kRows);
  cohort->groups.resize(kRows);
  std::discrete_distribution<int> group({51, 34, 9, 6});
  const double base[] = {0.52, 0.39, 0.37, 0.36};
  for (size_t i = 0; i < kRows; ++i) {
    const int g = group(rng);
    const bool outcome = std::bernoulli_distribution(base[g])(rng);
    const double latent = std::normal_distribution<double>(outcome ? 6.2 : 4.0, 2.3)(rng);
    cohort->scores[i] = deciles ? std::clamp(std::round(latent), 1.0, 10.0) : latent;
    cohort->outcomes[i] = outcome;
    cohort->groups[i] = g;
  }
  return *cohort;
}

}  // namespace reentry::bench

#endif  // REENTRY_BENCH_VALIDATE_COHORT_H_
