// Vectorizable primitives of the batch scoring kernel.
//
// Batch scoring runs a compiled instrument column at a time over blocks of
// rows: each input column is classified into one byte of answer code per row
// (a boolean byte column is its own code), then each scale's score is
// accumulated in the narrowest integer type that holds it, from per-answer
// point steps and multi-item compounds, and the outputs (raw, scaled, level,
// flag) are derived by thresholds in that same narrow type and widened once.
// Every primitive is a branch-free loop over a block that the compiler
// vectorizes; batch_kernel.cc is compiled once per x86-64 level (baseline,
// v3 = AVX2, v4 = AVX-512) and the best one the CPU supports is chosen at run
// time. Plain types only: this header is shared by all variants.
#ifndef REENTRY_SRC_ASSESS_BATCH_KERNEL_H_
#define REENTRY_SRC_ASSESS_BATCH_KERNEL_H_

#include <cstddef>
#include <cstdint>

namespace reentry::assess_internal {

// Rows per block: large enough that the cost of starting a pass is small
// against its work, small enough that a block's codes stay in L1/L2.
inline constexpr size_t kBlockRows = 16384;

// What classification found in a block (bits).
enum ClassifyResult : int { kAllValid = 0, kHasInvalid = 1, kHasMissing = 2 };

template <typename Acc>
struct AccumulateOps {
  // acc[i] = base + sum over k of (codes[k][i] >= ks[k] ? deltas[k] : 0): a
  // scale's point steps and compound-rule masks (0/1, with ks[k] = 1), six
  // terms a pass.
  void (*terms)(Acc* acc, size_t n, int32_t base, const uint8_t* const* codes, const uint8_t* ks,
                const int32_t* deltas, size_t count);
  // out[i] = base + sum over k of (acc[i] >= mins[k] ? deltas[k] : 0), summed
  // in Acc (the caller guarantees it fits) and written as int32: raw -> scaled
  // tables and levels.
  void (*thresholds)(const Acc* acc, size_t n, int32_t base, const int32_t* mins,
                     const int32_t* deltas, size_t count, int32_t* out);
  void (*to_double)(const Acc* acc, size_t n, double* out);
  // flag[i] = acc[i] >= at.
  void (*flag)(const Acc* acc, size_t n, int32_t at, uint8_t* flag);
};

struct KernelOps {
  const char* name;
  // Returns kHasInvalid if some value is above 1 (the values are the codes).
  int (*check_bool8)(const uint8_t* values, size_t n);
  // codes[i] = direct ? values[i] : number of thresholds <= values[i].
  // INT32_MIN is "not answered": kHasMissing, and when `missing` is not null
  // missing[i] = 1 for those rows. Other values outside [min, max] are
  // invalid.
  int (*classify_int32)(const int32_t* values, size_t n, const int32_t* thresholds, size_t count,
                        bool direct, int32_t min, int32_t max, uint8_t* codes, uint8_t* missing);
  // codes[i] = number of thresholds <= values[i]; NaN is "not answered" as
  // above; infinities, values outside [min, max] and, when `whole`, fractions
  // are invalid.
  int (*classify_float64)(const double* values, size_t n, const double* thresholds, size_t count,
                          double min, double max, bool whole, uint8_t* codes, uint8_t* missing);
  // mask[i] = (combine: 0 set, 1 and, 2 or) with (lo <= codes[i] <= hi).
  void (*match_range)(const uint8_t* codes, size_t n, uint8_t lo, uint8_t hi, int combine,
                      uint8_t* mask);
  // out[i] = a[i] & b[i] and out[i] = a[i] | b[i]; out may be a.
  void (*and_masks)(uint8_t* out, const uint8_t* a, const uint8_t* b, size_t n);
  void (*or_masks)(uint8_t* out, const uint8_t* a, const uint8_t* b, size_t n);
  AccumulateOps<int8_t> acc8;
  AccumulateOps<int16_t> acc16;
  AccumulateOps<int32_t> acc32;
};

// The best variant compiled into this library that the running CPU supports.
const KernelOps& BestKernelOps();

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_BATCH_KERNEL_H_
