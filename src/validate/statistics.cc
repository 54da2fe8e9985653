#include "validate/statistics.h"

#include <algorithm>
#include <cmath>

namespace reentry::validate_internal {

void SortByKey(std::vector<SortRecord>* records, std::vector<SortRecord>* scratch) {
  constexpr int kDigitBits = 11;
  constexpr int kDigits = (64 + kDigitBits - 1) / kDigitBits;  // 6
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  const size_t n = records->size();
  if (n < 2048) {
    std::sort(records->begin(), records->end(),
              [](const SortRecord& a, const SortRecord& b) { return a.key < b.key; });
    return;
  }
  // Every digit's histogram in one read of the keys.
  std::vector<uint32_t> counts(kDigits * kBuckets, 0);
  for (const SortRecord& record : *records) {
    uint64_t key = record.key;
    for (int d = 0; d < kDigits; ++d, key >>= kDigitBits)
      ++counts[d * kBuckets + (key & (kBuckets - 1))];
  }
  scratch->resize(n);
  SortRecord* from = records->data();
  SortRecord* to = scratch->data();
  for (int d = 0; d < kDigits; ++d) {
    uint32_t* bucket = &counts[d * kBuckets];
    const uint32_t first =
        static_cast<uint32_t>((from[0].key >> (d * kDigitBits)) & (kBuckets - 1));
    // A digit every key shares (the high exponent bits of scores in one
    // range, the low mantissa bits of whole numbers) orders nothing.
    if (bucket[first] == n) continue;
    uint32_t offset = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      const uint32_t count = bucket[b];
      bucket[b] = offset;
      offset += count;
    }
    const int shift = d * kDigitBits;
    for (size_t i = 0; i < n; ++i) {
      to[bucket[(from[i].key >> shift) & (kBuckets - 1)]++] = from[i];
    }
    std::swap(from, to);
  }
  if (from != records->data()) records->swap(*scratch);
}

ScoreCounts::ScoreCounts(size_t slots, size_t max_counters, size_t max_scores)
    : slots_(slots), max_scores_(std::min(max_scores, max_counters / slots)) {
  counting_ = max_scores_ > 0;
  size_t capacity = 16;
  while (capacity < 2 * max_scores_) capacity *= 2;
  index_.assign(counting_ ? capacity : 0, -1);
  keys_.reserve(std::min<size_t>(max_scores_, 64));
}

AucResult AucFromSums(const RankSums& sums, double z) {
  AucResult result;
  const uint64_t p = sums.positives;
  const uint64_t n = sums.negatives;
  if (p == 0 || n == 0) return result;
  // 2PN < 2^61: exact in 64 bits; the division is the one rounding (exact
  // operands while 2PN < 2^53, i.e. for cohorts up to about 130 million).
  const uint64_t twice_pn = 2 * p * n;
  const double auc = static_cast<double>(sums.twice_u) / static_cast<double>(twice_pn);
  result.auc = auc;
  if (p < 2 || n < 2) return result;
  const absl::uint128 twice_u = sums.twice_u;
  const absl::uint128 twice_u_complement = twice_pn - sums.twice_u;
  // Both differences are >= 0 exactly (Cauchy-Schwarz), so unsigned is safe.
  const absl::uint128 spread_a = p * sums.sum_a_squared - twice_u * twice_u;
  const absl::uint128 spread_c = n * sums.sum_c_squared - twice_u_complement * twice_u_complement;
  const double pd = static_cast<double>(p);
  const double nd = static_cast<double>(n);
  const double scale = 4.0 * pd * pd * nd * nd;
  const double variance = static_cast<double>(spread_a) / (scale * (pd - 1)) +
                          static_cast<double>(spread_c) / (scale * (nd - 1));
  const double se = std::sqrt(variance);
  result.standard_error = se;
  result.lower = std::clamp(auc - z * se, 0.0, 1.0);
  result.upper = std::clamp(auc + z * se, 0.0, 1.0);
  return result;
}

Interval WilsonInterval(uint64_t positives, uint64_t n, double z) {
  const double k = static_cast<double>(positives);
  const double m = static_cast<double>(n);
  const double z2 = z * z;
  // (k + z^2/2 -/+ z sqrt(k (n - k) / n + z^2 / 4)) / (n + z^2): the textbook
  // form multiplied through by n, so no share is formed before the end.
  const double denominator = m + z2;
  const double center = (k + z2 / 2) / denominator;
  const double half = z * std::sqrt(k * (m - k) / m + z2 / 4) / denominator;
  Interval interval;
  interval.lower = positives == 0 ? 0.0 : std::clamp(center - half, 0.0, 1.0);
  interval.upper = positives == n ? 1.0 : std::clamp(center + half, 0.0, 1.0);
  return interval;
}

}  // namespace reentry::validate_internal
