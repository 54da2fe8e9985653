// The batch kernel's primitives. This file is compiled once per target level
// with REENTRY_KERNEL_OPS naming the KernelOps it defines (see
// cmake/ReentryKernels.cmake); each loop is written so the compiler vectorizes
// it: no branches, no calls, restrict-qualified pointers, fixed-width types,
// and the common band counts (0 to 3 thresholds) classified in one fused pass.

#include <cmath>
#include <cstdint>
#include <limits>

#include "assess/batch_kernel.h"

#ifndef REENTRY_KERNEL_OPS
#define REENTRY_KERNEL_OPS kernel_generic_ops
#endif
#define REENTRY_STRINGIFY2(x) #x
#define REENTRY_STRINGIFY(x) REENTRY_STRINGIFY2(x)

#if defined(__GNUC__)
#define REENTRY_RESTRICT __restrict__
#else
#define REENTRY_RESTRICT
#endif

namespace reentry::assess_internal {
namespace {

constexpr int32_t kNotAnsweredInt32 = std::numeric_limits<int32_t>::min();

int CheckBool8(const uint8_t* REENTRY_RESTRICT values, size_t n) {
  uint8_t high = 0;
  for (size_t i = 0; i < n; ++i) high |= values[i];
  return (high & 0xfe) ? kHasInvalid : kAllValid;
}

// One fused pass for up to three thresholds (K), or the value itself
// (direct). Only an out-of-range test is folded in (one subtract and one
// unsigned compare); a block with any value out of range, rare in real data,
// takes a second pass that tells "not answered" (INT32_MIN) from invalid.
template <int K, bool kDirect>
bool ClassifyInt32Fused(const int32_t* REENTRY_RESTRICT values, size_t n,
                        const int32_t* REENTRY_RESTRICT thresholds, int32_t min, int32_t max,
                        uint8_t* REENTRY_RESTRICT codes) {
  const int32_t t0 = K > 0 ? thresholds[0] : 0;
  const int32_t t1 = K > 1 ? thresholds[1] : 0;
  const int32_t t2 = K > 2 ? thresholds[2] : 0;
  const uint32_t span = static_cast<uint32_t>(max) - static_cast<uint32_t>(min);
  uint32_t outside = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t v = values[i];
    outside |= static_cast<uint32_t>(static_cast<uint32_t>(v) - static_cast<uint32_t>(min) > span);
    int32_t code = 0;
    if (kDirect) {
      code = v;
    } else {
      if (K > 0) code += v >= t0;
      if (K > 1) code += v >= t1;
      if (K > 2) code += v >= t2;
    }
    codes[i] = static_cast<uint8_t>(code);
  }
  return outside != 0;
}

int ClassifyInt32(const int32_t* REENTRY_RESTRICT values, size_t n,
                  const int32_t* REENTRY_RESTRICT thresholds, size_t count, bool direct,
                  int32_t min, int32_t max, uint8_t* REENTRY_RESTRICT codes,
                  uint8_t* REENTRY_RESTRICT missing) {
  bool outside;
  if (direct) {
    outside = ClassifyInt32Fused<0, true>(values, n, thresholds, min, max, codes);
  } else {
    switch (count) {
      case 0:
        outside = ClassifyInt32Fused<0, false>(values, n, thresholds, min, max, codes);
        break;
      case 1:
        outside = ClassifyInt32Fused<1, false>(values, n, thresholds, min, max, codes);
        break;
      case 2:
        outside = ClassifyInt32Fused<2, false>(values, n, thresholds, min, max, codes);
        break;
      case 3:
        outside = ClassifyInt32Fused<3, false>(values, n, thresholds, min, max, codes);
        break;
      default:
        // Many bands: one threshold a pass.
        outside = ClassifyInt32Fused<0, false>(values, n, thresholds, min, max, codes);
        for (size_t k = 0; k < count; ++k) {
          const int32_t t = thresholds[k];
          for (size_t i = 0; i < n; ++i) {
            codes[i] = static_cast<uint8_t>(codes[i] + (values[i] >= t));
          }
        }
    }
  }
  if (!outside) return kAllValid;
  int32_t bad = 0;
  int32_t absent_any = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t v = values[i];
    const int32_t absent = v == kNotAnsweredInt32;
    absent_any |= absent;
    bad |= ((v < min) | (v > max)) & (absent ^ 1);
  }
  if (absent_any && missing != nullptr) {
    for (size_t i = 0; i < n; ++i) missing[i] = static_cast<uint8_t>(values[i] == kNotAnsweredInt32);
  }
  return (bad ? kHasInvalid : kAllValid) | (absent_any ? kHasMissing : kAllValid);
}

template <int K>
int ClassifyFloat64Fused(const double* REENTRY_RESTRICT values, size_t n,
                         const double* REENTRY_RESTRICT thresholds, double min, double max,
                         uint8_t* REENTRY_RESTRICT codes) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double t0 = K > 0 ? thresholds[0] : 0;
  const double t1 = K > 1 ? thresholds[1] : 0;
  const double t2 = K > 2 ? thresholds[2] : 0;
  int64_t bad = 0;
  int64_t absent_any = 0;
  for (size_t i = 0; i < n; ++i) {
    const double v = values[i];
    absent_any |= v != v;
    // NaN compares false everywhere, so only numbers can be bad.
    bad |= (v < min) | (v > max) | (v == kInf) | (v == -kInf);
    int32_t code = 0;
    if (K > 0) code += v >= t0;
    if (K > 1) code += v >= t1;
    if (K > 2) code += v >= t2;
    codes[i] = static_cast<uint8_t>(code);
  }
  return (bad ? kHasInvalid : kAllValid) | (absent_any ? kHasMissing : kAllValid);
}

int ClassifyFloat64(const double* REENTRY_RESTRICT values, size_t n,
                    const double* REENTRY_RESTRICT thresholds, size_t count, double min,
                    double max, bool whole, uint8_t* REENTRY_RESTRICT codes,
                    uint8_t* REENTRY_RESTRICT missing) {
  int result;
  switch (count) {
    case 0:
      result = ClassifyFloat64Fused<0>(values, n, thresholds, min, max, codes);
      break;
    case 1:
      result = ClassifyFloat64Fused<1>(values, n, thresholds, min, max, codes);
      break;
    case 2:
      result = ClassifyFloat64Fused<2>(values, n, thresholds, min, max, codes);
      break;
    case 3:
      result = ClassifyFloat64Fused<3>(values, n, thresholds, min, max, codes);
      break;
    default:
      result = ClassifyFloat64Fused<0>(values, n, thresholds, min, max, codes);
      for (size_t k = 0; k < count; ++k) {
        const double t = thresholds[k];
        for (size_t i = 0; i < n; ++i) {
          codes[i] = static_cast<uint8_t>(codes[i] + (values[i] >= t));
        }
      }
  }
  if (whole) {
    uint8_t fractional = 0;
    for (size_t i = 0; i < n; ++i) {
      const double v = values[i];
      fractional |= static_cast<uint8_t>((v == v) & (std::fabs(v) < 9e15) & (std::trunc(v) != v));
    }
    if (fractional) result |= kHasInvalid;
  }
  if ((result & kHasMissing) && missing != nullptr) {
    for (size_t i = 0; i < n; ++i) missing[i] = static_cast<uint8_t>(values[i] != values[i]);
  }
  return result;
}

void MatchRange(const uint8_t* REENTRY_RESTRICT codes, size_t n, uint8_t lo, uint8_t hi,
                int combine, uint8_t* REENTRY_RESTRICT mask) {
  switch (combine) {
    case 0:
      for (size_t i = 0; i < n; ++i) {
        mask[i] = static_cast<uint8_t>((codes[i] >= lo) & (codes[i] <= hi));
      }
      break;
    case 1:
      for (size_t i = 0; i < n; ++i) {
        mask[i] &= static_cast<uint8_t>((codes[i] >= lo) & (codes[i] <= hi));
      }
      break;
    default:
      for (size_t i = 0; i < n; ++i) {
        mask[i] |= static_cast<uint8_t>((codes[i] >= lo) & (codes[i] <= hi));
      }
  }
}

// `out` may be `a` (no restrict): the compiler checks and still vectorizes.
void AndMasks(uint8_t* out, const uint8_t* a, const uint8_t* b, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = a[i] & b[i];
}

void OrMasks(uint8_t* out, const uint8_t* a, const uint8_t* b, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = a[i] | b[i];
}

template <typename Acc>
struct Accumulate {
  static void Fill(Acc* REENTRY_RESTRICT acc, size_t n, int32_t value) {
    const Acc v = static_cast<Acc>(value);
    for (size_t i = 0; i < n; ++i) acc[i] = v;
  }
  template <int K>
  static void StepsFused(Acc* REENTRY_RESTRICT acc, const uint8_t* REENTRY_RESTRICT codes,
                         size_t n, const uint8_t* ks, const int32_t* deltas) {
    const uint8_t k0 = ks[0], k1 = K > 1 ? ks[1] : 0, k2 = K > 2 ? ks[2] : 0;
    const Acc d0 = static_cast<Acc>(deltas[0]);
    const Acc d1 = static_cast<Acc>(K > 1 ? deltas[1] : 0);
    const Acc d2 = static_cast<Acc>(K > 2 ? deltas[2] : 0);
    for (size_t i = 0; i < n; ++i) {
      const uint8_t c = codes[i];
      Acc a = static_cast<Acc>(acc[i] + (c >= k0 ? d0 : Acc{0}));
      if (K > 1) a = static_cast<Acc>(a + (c >= k1 ? d1 : Acc{0}));
      if (K > 2) a = static_cast<Acc>(a + (c >= k2 ? d2 : Acc{0}));
      acc[i] = a;
    }
  }
  static void Steps(Acc* REENTRY_RESTRICT acc, const uint8_t* REENTRY_RESTRICT codes, size_t n,
                    const uint8_t* ks, const int32_t* deltas, size_t count) {
    for (size_t k = 0; k < count; k += 3) {
      switch (count - k) {
        case 1:
          StepsFused<1>(acc, codes, n, ks + k, deltas + k);
          break;
        case 2:
          StepsFused<2>(acc, codes, n, ks + k, deltas + k);
          break;
        default:
          StepsFused<3>(acc, codes, n, ks + k, deltas + k);
      }
    }
  }
  static void AddMasked(Acc* REENTRY_RESTRICT acc, const uint8_t* REENTRY_RESTRICT mask, size_t n,
                        int32_t points) {
    const Acc p = static_cast<Acc>(points);
    for (size_t i = 0; i < n; ++i) acc[i] = static_cast<Acc>(acc[i] + (mask[i] ? p : Acc{0}));
  }
  // out[i] (= base, or += when kAdd) plus the deltas of the K cuts acc[i] reaches.
  template <int K, bool kAdd>
  static void ThresholdsFused(const Acc* REENTRY_RESTRICT acc, size_t n, int32_t base,
                              const Acc* m, const Acc* d, Acc* REENTRY_RESTRICT out) {
    const Acc start = static_cast<Acc>(base);
    for (size_t i = 0; i < n; ++i) {
      const Acc a = acc[i];
      Acc v = kAdd ? out[i] : start;
      for (int k = 0; k < K; ++k) v = static_cast<Acc>(v + (a >= m[k] ? d[k] : Acc{0}));
      out[i] = v;
    }
  }
  template <bool kAdd>
  static void ThresholdsUpTo8(const Acc* acc, size_t n, int32_t base, const Acc* m,
                              const Acc* d, size_t live, Acc* out) {
    switch (live) {
      case 0: ThresholdsFused<0, kAdd>(acc, n, base, m, d, out); break;
      case 1: ThresholdsFused<1, kAdd>(acc, n, base, m, d, out); break;
      case 2: ThresholdsFused<2, kAdd>(acc, n, base, m, d, out); break;
      case 3: ThresholdsFused<3, kAdd>(acc, n, base, m, d, out); break;
      case 4: ThresholdsFused<4, kAdd>(acc, n, base, m, d, out); break;
      case 5: ThresholdsFused<5, kAdd>(acc, n, base, m, d, out); break;
      case 6: ThresholdsFused<6, kAdd>(acc, n, base, m, d, out); break;
      case 7: ThresholdsFused<7, kAdd>(acc, n, base, m, d, out); break;
      default: ThresholdsFused<8, kAdd>(acc, n, base, m, d, out);
    }
  }
  static void Thresholds(const Acc* REENTRY_RESTRICT acc, size_t n, int32_t base,
                         const int32_t* REENTRY_RESTRICT mins, const int32_t* REENTRY_RESTRICT deltas,
                         size_t count, Acc* REENTRY_RESTRICT out) {
    // Cuts beyond the accumulator's range always (below) or never (above)
    // hold; the others are compared in the accumulator's width, eight a pass.
    Acc m[8];
    Acc d[8];
    size_t live = 0;
    bool started = false;
    for (size_t k = 0; k < count; ++k) {
      if (mins[k] <= std::numeric_limits<Acc>::min()) {
        if (started) {
          for (size_t i = 0; i < n; ++i) out[i] = static_cast<Acc>(out[i] + deltas[k]);
        } else {
          base += deltas[k];
        }
      } else if (mins[k] <= std::numeric_limits<Acc>::max()) {
        m[live] = static_cast<Acc>(mins[k]);
        d[live] = static_cast<Acc>(deltas[k]);
        if (++live == 8) {
          if (started) {
            ThresholdsUpTo8<true>(acc, n, base, m, d, live, out);
          } else {
            ThresholdsUpTo8<false>(acc, n, base, m, d, live, out);
          }
          started = true;
          live = 0;
        }
      }
    }
    if (!started) {
      ThresholdsUpTo8<false>(acc, n, base, m, d, live, out);
    } else if (live > 0) {
      ThresholdsUpTo8<true>(acc, n, base, m, d, live, out);
    }
  }
  static void ToInt32(const Acc* REENTRY_RESTRICT acc, size_t n, int32_t* REENTRY_RESTRICT out) {
    for (size_t i = 0; i < n; ++i) out[i] = acc[i];
  }
  static void ToDouble(const Acc* REENTRY_RESTRICT acc, size_t n, double* REENTRY_RESTRICT out) {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<double>(acc[i]);
  }
  static void Flag(const Acc* REENTRY_RESTRICT acc, size_t n, int32_t at,
                   uint8_t* REENTRY_RESTRICT flag) {
    if (at > std::numeric_limits<Acc>::max() || at <= std::numeric_limits<Acc>::min()) {
      const uint8_t constant = at <= std::numeric_limits<Acc>::min() ? 1 : 0;
      for (size_t i = 0; i < n; ++i) flag[i] = constant;
      return;
    }
    const Acc a = static_cast<Acc>(at);
    for (size_t i = 0; i < n; ++i) flag[i] = static_cast<uint8_t>(acc[i] >= a);
  }

  static constexpr AccumulateOps<Acc> kOps = {&Fill,    &Steps,    &AddMasked, &Thresholds,
                                              &ToInt32, &ToDouble, &Flag};
};

}  // namespace

extern const KernelOps REENTRY_KERNEL_OPS;
const KernelOps REENTRY_KERNEL_OPS = {
    REENTRY_STRINGIFY(REENTRY_KERNEL_OPS),
    &CheckBool8,
    &ClassifyInt32,
    &ClassifyFloat64,
    &MatchRange,
    &AndMasks,
    &OrMasks,
    Accumulate<int8_t>::kOps,
    Accumulate<int16_t>::kOps,
    Accumulate<int32_t>::kOps,
};

}  // namespace reentry::assess_internal
