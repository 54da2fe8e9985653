// The statistics under a validation report, worked by hand: the score keys'
// order, the exact rank sums, DeLong's variance on six rows, and Wilson
// intervals against published and hand values.

#include "validate/statistics.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "reentry/validate/validate.h"

namespace reentry::validate_internal {
namespace {

TEST(OrderedKey, OrdersScoresAsNumbers) {
  const double scores[] = {
      -std::numeric_limits<double>::max(), -1e10, -2.5, -1, -1e-300, 0, 1e-300, 0.1, 1, 2, 1e10,
      std::numeric_limits<double>::max()};
  for (size_t i = 1; i < std::size(scores); ++i) {
    EXPECT_LT(OrderedKey(scores[i - 1]), OrderedKey(scores[i]))
        << scores[i - 1] << " " << scores[i];
  }
  for (double score : scores) EXPECT_EQ(ScoreOfKey(OrderedKey(score)), score);
}

TEST(OrderedKey, TiesNegativeAndPositiveZero) {
  EXPECT_EQ(OrderedKey(-0.0), OrderedKey(0.0));
  EXPECT_FALSE(std::signbit(ScoreOfKey(OrderedKey(-0.0))));
}

TEST(SortByKey, SortsLikeStdSortOnManyDistributions) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    const size_t n = std::uniform_int_distribution<size_t>(0, 20000)(rng);
    std::vector<SortRecord> records(n);
    std::vector<double> expected(n);
    for (size_t i = 0; i < n; ++i) {
      const double score = trial % 2 == 0 ? std::uniform_int_distribution<int>(-5, 5)(rng)
                                          : std::normal_distribution<double>(0, 100)(rng);
      records[i] = {OrderedKey(score), static_cast<uint32_t>(i)};
      expected[i] = score;
    }
    std::sort(expected.begin(), expected.end());
    std::vector<SortRecord> scratch;
    SortByKey(&records, &scratch);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(ScoreOfKey(records[i].key), expected[i] + 0.0);
  }
}

// Six rows (score, outcome): (1, no) (2, no) (2, yes) (3, no) (3, yes) (4, yes).
// Positives X = {2, 3, 4}, negatives Y = {1, 2, 3}; psi(x, y) = 1, 1/2, 0 as
// x >, =, < y.
//   V10(2) = (1 + 1/2 + 0) / 3 = 1/2     V01(1) = (1 + 1 + 1) / 3 = 1
//   V10(3) = (1 + 1 + 1/2) / 3 = 5/6     V01(2) = (1/2 + 1 + 1) / 3 = 5/6
//   V10(4) = (1 + 1 + 1) / 3 = 1         V01(3) = (0 + 1/2 + 1) / 3 = 1/2
// U = 3/2 + 5/2 + 3 = 7, AUC = 7/9.
// Deviations from 7/9 of either set: -5/18, 1/18, 4/18; squares sum to
// 42/324, so S10 = S01 = 42/324 / (3 - 1) = 7/108.
// Var = S10/3 + S01/3 = 14/324 = 7/162, SE = sqrt(7/162) = 0.2078699...
// In the integer sums: a = 2 x negatives below + negatives tied = 3, 5, 6
// (2N x V10 = 6 x 1/2, 6 x 5/6, 6 x 1); 2U = 14; sum a^2 = 9 + 25 + 36 = 70;
// P x sum a^2 - (2U)^2 = 210 - 196 = 14; S10 = 14 / (4 x 9 x 3 x 2) = 7/108.
TEST(AucFromSums, DeLongVarianceOfSixRowsByHand) {
  RankSums sums;
  sums.AddTieBlock(0, 1);  // score 1: one negative
  sums.AddTieBlock(1, 1);  // score 2
  sums.AddTieBlock(1, 1);  // score 3
  sums.AddTieBlock(1, 0);  // score 4
  EXPECT_EQ(sums.twice_u, 14u);
  EXPECT_EQ(sums.sum_a_squared, absl::uint128(70));
  // c = 2 x positives below + positives tied, per negative: 0, 1, 3 (2P x
  // (1 - V01) = 6 x 0, 6 x 1/6, 6 x 1/2).
  EXPECT_EQ(sums.sum_c_squared, absl::uint128(0 + 1 + 9));
  const AucResult result = AucFromSums(sums, kZ95);
  ASSERT_TRUE(result.auc.has_value());
  EXPECT_DOUBLE_EQ(*result.auc, 7.0 / 9.0);
  ASSERT_TRUE(result.standard_error.has_value());
  EXPECT_DOUBLE_EQ(*result.standard_error, std::sqrt(7.0 / 162.0));
  EXPECT_NEAR(*result.standard_error, 0.2078699, 1e-7);
  // 7/9 - 1.959964 x 0.2078699 = 0.370360; the upper end 1.185195 is clipped.
  EXPECT_NEAR(*result.lower, 0.370360, 1e-6);
  EXPECT_EQ(*result.upper, 1.0);
}

TEST(AucFromSums, UndefinedWithoutBothOutcomes) {
  RankSums only_positives;
  only_positives.AddTieBlock(3, 0);
  EXPECT_FALSE(AucFromSums(only_positives, kZ95).auc.has_value());
  RankSums only_negatives;
  only_negatives.AddTieBlock(0, 2);
  EXPECT_FALSE(AucFromSums(only_negatives, kZ95).auc.has_value());
  EXPECT_FALSE(AucFromSums(RankSums(), kZ95).auc.has_value());
}

TEST(AucFromSums, IntervalNeedsTwoOfEachOutcome) {
  RankSums sums;  // one positive above two negatives: AUC 1, no variance
  sums.AddTieBlock(0, 2);
  sums.AddTieBlock(1, 0);
  const AucResult result = AucFromSums(sums, kZ95);
  EXPECT_EQ(result.auc, 1.0);
  EXPECT_FALSE(result.standard_error.has_value());
  EXPECT_FALSE(result.lower.has_value());
}

TEST(AucFromSums, PerfectSeparationHasZeroWidthInterval) {
  RankSums sums;
  sums.AddTieBlock(0, 2);
  sums.AddTieBlock(0, 1);
  sums.AddTieBlock(2, 0);
  sums.AddTieBlock(1, 0);
  const AucResult result = AucFromSums(sums, kZ95);
  EXPECT_EQ(result.auc, 1.0);
  EXPECT_EQ(result.standard_error, 0.0);
  EXPECT_EQ(result.lower, 1.0);
  EXPECT_EQ(result.upper, 1.0);
}

TEST(AucFromSums, AllTiedIsOneHalf) {
  RankSums sums;
  sums.AddTieBlock(4, 6);
  const AucResult result = AucFromSums(sums, kZ95);
  EXPECT_EQ(result.auc, 0.5);
  // Every V10 and V01 is 1/2: no spread.
  EXPECT_EQ(result.standard_error, 0.0);
}

// Wilson: (k + z^2/2 -/+ z sqrt(k (n - k) / n + z^2 / 4)) / (n + z^2), z^2 =
// 3.8414588206941.
TEST(WilsonInterval, MatchesHandValues) {
  // 0 of 10: lower 0; upper z^2 / (10 + z^2) = 3.8414588 / 13.8414588.
  Interval none = WilsonInterval(0, 10, kZ95);
  EXPECT_EQ(none.lower, 0.0);
  EXPECT_NEAR(none.upper, 3.8414588206941 / 13.8414588206941, 1e-13);
  EXPECT_NEAR(none.upper, 0.277533, 1e-6);
  // 5 of 10: centre 1/2, half-width z sqrt(2.5 + 0.96036) / 13.84146 =
  // 1.959964 x 1.860205 / 13.84146 = 0.263407: [0.236593, 0.763407]
  // (Newcombe 1998, Table I, gives 0.2366-0.7634 for 5/10).
  Interval half = WilsonInterval(5, 10, kZ95);
  EXPECT_NEAR(half.lower, 0.236593, 1e-6);
  EXPECT_NEAR(half.upper, 0.763407, 1e-6);
  // 10 of 10 mirrors 0 of 10.
  Interval all = WilsonInterval(10, 10, kZ95);
  EXPECT_EQ(all.upper, 1.0);
  EXPECT_NEAR(all.lower, 1 - 0.277533, 1e-6);
  // 1 of 15: centre (1 + 1.920729) / 18.841459 = 0.155016; half-width
  // 1.959964 x sqrt(14/15 + 0.960365) / 18.841459 = 1.959964 x 1.376117 /
  // 18.841459 = 0.143149: [0.011867, 0.298165].
  Interval one = WilsonInterval(1, 15, kZ95);
  EXPECT_NEAR(one.lower, 0.011867, 1e-6);
  EXPECT_NEAR(one.upper, 0.298165, 1e-6);
}

TEST(WilsonInterval, StaysWithinZeroAndOneAndContainsTheRate) {
  for (uint64_t n = 1; n <= 200; ++n) {
    for (uint64_t k = 0; k <= n; ++k) {
      const Interval interval = WilsonInterval(k, n, kZ95);
      const double rate = static_cast<double>(k) / static_cast<double>(n);
      EXPECT_GE(interval.lower, 0.0);
      EXPECT_LE(interval.upper, 1.0);
      EXPECT_LE(interval.lower, rate);
      EXPECT_GE(interval.upper, rate);
      // Symmetric: k of n mirrors n - k of n.
      const Interval mirror = WilsonInterval(n - k, n, kZ95);
      EXPECT_NEAR(interval.lower, 1 - mirror.upper, 1e-12);
    }
  }
}

}  // namespace
}  // namespace reentry::validate_internal
