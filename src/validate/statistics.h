// The statistics behind a validation report, on rows already checked: the
// sort by score, the exact Mann-Whitney and DeLong sums per tie block, and the
// Wilson interval. Kept apart from the request handling so tests and the
// benchmark reach them directly.
#ifndef REENTRY_SRC_VALIDATE_STATISTICS_H_
#define REENTRY_SRC_VALIDATE_STATISTICS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/types/span.h"

namespace reentry::validate_internal {

// A row as sorted: the score as an order-preserving integer key and the
// row's group and outcome packed as 2 x group + outcome (so it also indexes a
// per-group array of [negatives, positives] counts).
struct SortRecord {
  uint64_t key;
  uint32_t group_outcome;
};

// The unsigned integer whose order is the order of the finite double `score`;
// -0 and +0 get the same key (they are equal scores, so they tie).
inline uint64_t OrderedKey(double score) {
  if (score == 0) score = 0;  // -0 -> +0
  uint64_t bits;
  std::memcpy(&bits, &score, sizeof bits);
  return (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
}

// The score OrderedKey mapped to `key`.
inline double ScoreOfKey(uint64_t key) {
  const uint64_t bits = (key >> 63) != 0 ? key & ~(uint64_t{1} << 63) : ~key;
  double score;
  std::memcpy(&score, &bits, sizeof score);
  return score;
}

// Sorts `records` by key, ascending: a least-significant-digit radix sort
// over six 11-bit digits, skipping the digits all keys share (decile scores
// need two passes, continuous scores six), with `scratch` as the second
// buffer (resized to match; on return it holds no useful data). Stable and
// O(n); fewer than 2,048 records are sorted by comparison instead. The bucket
// counts are 32-bit: n < 2^32 (the callers' limit is 2^31 - 1).
void SortByKey(std::vector<SortRecord>* records, std::vector<SortRecord>* scratch);

// The exact sums from which the AUC and DeLong's variance follow, gathered one
// tie block (rows of one score) at a time in ascending order of score.
//
// With p positives and q negatives tied at a score, and the group's counts of
// positives and negatives strictly below it:
//   each of those positives has a = 2 x negatives_below + q, which is 2N x its
//     structural component V10 (the share of negatives it outscores, ties one
//     half);
//   each of those negatives has c = 2 x positives_below + p, which is
//     2P x (1 - its V01), V01 being the share of positives that outscore it.
// 2U = sum of a is the Mann-Whitney statistic doubled, so every sum here is an
// integer and exact: a, c < 2^32 and the squares' sums < 2^96 for the row
// limit of 2^31.
struct RankSums {
  uint64_t positives = 0;
  uint64_t negatives = 0;
  uint64_t twice_u = 0;
  absl::uint128 sum_a_squared = 0;
  absl::uint128 sum_c_squared = 0;
  uint64_t distinct_scores = 0;

  void AddTieBlock(uint64_t p, uint64_t q) {
    const uint64_t a = 2 * negatives + q;
    const uint64_t c = 2 * positives + p;
    twice_u += p * a;
    sum_a_squared += absl::uint128(a) * a * p;
    sum_c_squared += absl::uint128(c) * c * q;
    positives += p;
    negatives += q;
    ++distinct_scores;
  }
};

// The AUC and its DeLong interval from complete sums.
struct AucResult {
  // Absent without positives or without negatives.
  std::optional<double> auc;
  // Absent with fewer than two positives or two negatives.
  std::optional<double> standard_error;
  std::optional<double> lower;
  std::optional<double> upper;
};

// AUC = 2U / 2PN. DeLong's variance is S10/P + S01/N with
//   S10 = sum over positives (V10 - AUC)^2 / (P - 1)
//       = (P x sum a^2 - (2U)^2) / (4 N^2 P (P - 1)),
//   S01 = sum over negatives (V01 - AUC)^2 / (N - 1)
//       = (N x sum c^2 - (2PN - 2U)^2) / (4 P^2 N (N - 1)),
// (V01 = 1 - c/2P has the variance of c/2P, and sum c = 2PN - 2U), whose
// numerators are computed exactly in 128 bits (each < 2^126) before the one
// conversion to double. The interval is AUC -/+ z x SE clipped to [0, 1].
AucResult AucFromSums(const RankSums& sums, double z);

// The Wilson score interval for `positives` of `n` (n > 0) at normal quantile
// `z`, within [0, 1] (exactly 0 below at positives = 0, exactly 1 above at
// positives = n).
struct Interval {
  double lower;
  double upper;
};
Interval WilsonInterval(uint64_t positives, uint64_t n, double z);

// Calls on_block(key, p, q, touched, counts) for each run of equal keys in
// `sorted`, in order: p and q are the run's positives and negatives; when
// `groups` > 0, `touched` lists the groups with rows in the run (in order of
// appearance) and counts[2g] / counts[2g + 1] are group g's negatives /
// positives in the run. Counts of untouched groups are 0.
template <typename OnBlock>
void ForEachTieBlock(absl::Span<const SortRecord> sorted, size_t groups, OnBlock&& on_block) {
  std::vector<uint64_t> counts(2 * groups, 0);
  std::vector<uint32_t> touched;
  const size_t n = sorted.size();
  size_t i = 0;
  while (i < n) {
    const uint64_t key = sorted[i].key;
    const size_t start = i;
    uint64_t p = 0;
    if (groups == 0) {
      do {
        p += sorted[i].group_outcome & 1;
        ++i;
      } while (i < n && sorted[i].key == key);
    } else {
      do {
        const uint32_t slot = sorted[i].group_outcome;
        const uint32_t group = slot >> 1;
        if (counts[2 * group] + counts[2 * group + 1] == 0) touched.push_back(group);
        ++counts[slot];
        p += slot & 1;
        ++i;
      } while (i < n && sorted[i].key == key);
    }
    const uint64_t q = (i - start) - p;
    on_block(key, p, q, absl::Span<const uint32_t>(touched), absl::Span<const uint64_t>(counts));
    for (uint32_t group : touched) counts[2 * group] = counts[2 * group + 1] = 0;
    touched.clear();
  }
}

// Rows counted per (distinct score, group, outcome), for cohorts with few
// distinct scores (deciles, scaled scores, raw point totals): one pass over
// the rows and a sort of the distinct scores alone replace the sort of every
// row. Counting stops, and the caller sorts the rows instead, once a row
// brings more distinct scores than the table holds.
class ScoreCounts {
 public:
  // `slots` counters per score (2 x groups, or 2 without groups); as many
  // scores as fit in `max_counters` counters, at most `max_scores`.
  ScoreCounts(size_t slots, size_t max_counters, size_t max_scores);

  // Whether every row added so far is counted (false once the table is full).
  bool counting() const { return counting_; }

  // Counts one row; returns counting().
  bool Add(uint64_t key, uint32_t slot) {
    if (key != last_key_ || !has_last_) {
      const size_t mask = index_.size() - 1;
      size_t at = static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 40) & mask;
      while (true) {
        const int32_t score = index_[at];
        if (score < 0) {
          if (keys_.size() == max_scores_) return counting_ = false;
          index_[at] = static_cast<int32_t>(keys_.size());
          keys_.push_back(key);
          counts_.resize(counts_.size() + slots_, 0);
          last_score_ = keys_.size() - 1;
          break;
        }
        if (keys_[score] == key) {
          last_score_ = static_cast<size_t>(score);
          break;
        }
        at = (at + 1) & mask;
      }
      last_key_ = key;
      has_last_ = true;
    }
    ++counts_[last_score_ * slots_ + slot];
    return true;
  }

  // Calls on_block as ForEachTieBlock does, for the counted scores in
  // ascending order.
  template <typename OnBlock>
  void ForEachBlock(size_t groups, OnBlock&& on_block) const {
    std::vector<uint32_t> order(keys_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return keys_[a] < keys_[b]; });
    std::vector<uint32_t> touched;
    for (uint32_t score : order) {
      const absl::Span<const uint64_t> counts(&counts_[score * slots_], slots_);
      uint64_t p = 0, q = 0;
      touched.clear();
      for (size_t g = 0; g < std::max<size_t>(groups, 1); ++g) {
        q += counts[2 * g];
        p += counts[2 * g + 1];
        if (groups > 0 && counts[2 * g] + counts[2 * g + 1] > 0) {
          touched.push_back(static_cast<uint32_t>(g));
        }
      }
      on_block(keys_[score], p, q, absl::Span<const uint32_t>(touched), counts);
    }
  }

 private:
  size_t slots_;
  size_t max_scores_;
  bool counting_;
  std::vector<int32_t> index_;  // open addressing: score number or -1
  std::vector<uint64_t> keys_;
  std::vector<uint64_t> counts_;
  uint64_t last_key_ = 0;
  bool has_last_ = false;
  size_t last_score_ = 0;
};

}  // namespace reentry::validate_internal

#endif  // REENTRY_SRC_VALIDATE_STATISTICS_H_
