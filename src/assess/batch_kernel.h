// Vectorizable primitives of the batch scoring kernel.
//
// Batch scoring runs a compiled instrument column at a time over blocks of
// rows: each input column is classified into one byte of answer code per row,
// then each scale's score is accumulated from per-answer point steps and
// multi-item compounds, and the outputs (raw, scaled, level, flag) are derived
// by thresholds. Every primitive is a branch-free loop over a block that the
// compiler vectorizes; batch_kernel.cc is compiled once per x86-64 level
// (baseline, v3 = AVX2, v4 = AVX-512) and the best one the CPU supports is
// chosen at run time. Plain types only: this header is shared by all variants.
#ifndef REENTRY_SRC_ASSESS_BATCH_KERNEL_H_
#define REENTRY_SRC_ASSESS_BATCH_KERNEL_H_

#include <cstddef>
#include <cstdint>

namespace reentry::assess_internal {

// Rows per block: the codes of every item and a scale's accumulator stay in L1.
inline constexpr size_t kBlockRows = 512;

// What classification found in a block.
enum ClassifyResult : int { kAllValid = 0, kHasInvalid = 1, kHasMissing = 2 };

template <typename Acc>
struct AccumulateOps {
  // acc[i] = value.
  void (*fill)(Acc* acc, size_t n, int32_t value);
  // acc[i] += codes[i] >= code ? delta : 0.
  void (*step)(Acc* acc, const uint8_t* codes, size_t n, uint8_t code, int32_t delta);
  // acc[i] += mask[i] ? points : 0 (mask is 0 or 1).
  void (*add_masked)(Acc* acc, const uint8_t* mask, size_t n, int32_t points);
  // raw[i] = acc[i].
  void (*to_double)(const Acc* acc, size_t n, double* raw);
  // out[i] = base + sum over k of (acc[i] >= mins[k] ? deltas[k] : 0).
  void (*thresholds)(const Acc* acc, size_t n, int32_t base, const int32_t* mins,
                     const int32_t* deltas, size_t count, int32_t* out);
  // flag[i] = acc[i] >= at.
  void (*flag)(const Acc* acc, size_t n, int32_t at, uint8_t* flag);
};

struct KernelOps {
  const char* name;
  // codes[i] = values[i]; returns kHasInvalid if some value is above 1.
  int (*classify_bool8)(const uint8_t* values, size_t n, uint8_t* codes);
  // codes[i] = direct ? values[i] : number of thresholds <= values[i];
  // INT32_MIN is missing (missing[i] = 1); invalid when outside [min, max].
  int (*classify_int32)(const int32_t* values, size_t n, const int32_t* thresholds,
                        size_t count, bool direct, int32_t min, int32_t max, uint8_t* codes,
                        uint8_t* missing);
  // codes[i] = number of thresholds <= values[i]; NaN is missing (missing[i]
  // = 1); invalid when infinite, outside [min, max], or fractional when
  // `whole`.
  int (*classify_float64)(const double* values, size_t n, const double* thresholds, size_t count,
                          double min, double max, bool whole, uint8_t* codes, uint8_t* missing);
  // mask[i] = (combine: 0 set, 1 and, 2 or) with (lo <= codes[i] <= hi).
  void (*match_range)(const uint8_t* codes, size_t n, uint8_t lo, uint8_t hi, int combine,
                      uint8_t* mask);
  // a[i] &= b[i].
  void (*and_masks)(uint8_t* a, const uint8_t* b, size_t n);
  // a[i] |= b[i].
  void (*or_masks)(uint8_t* a, const uint8_t* b, size_t n);
  AccumulateOps<int8_t> acc8;
  AccumulateOps<int16_t> acc16;
  AccumulateOps<int32_t> acc32;
};

// The variants compiled into this library, best first; the last is the
// baseline every CPU of the architecture runs.
const KernelOps& BestKernelOps();

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_BATCH_KERNEL_H_
