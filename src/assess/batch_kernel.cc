// The batch kernel's primitives. This file is compiled once per target level
// with REENTRY_KERNEL_OPS naming the KernelOps it defines (see
// cmake/ReentryKernels.cmake); each loop is written so the compiler vectorizes
// it: no branches, no calls, restrict-qualified pointers, fixed-width types,
// and the common band counts (0 to 3 thresholds) classified in one fused pass.

#include "assess/batch_kernel.h"

#include <cmath>
#include <cstdint>
#include <limits>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

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
// (direct), with the range check folded in as a running minimum and maximum;
// a block with any value out of range (rare in real data) takes a second
// pass that tells "not answered" (INT32_MIN) from invalid.
template <int K, bool kDirect>
bool ClassifyInt32Fused(const int32_t* REENTRY_RESTRICT values, size_t n,
                        const int32_t* REENTRY_RESTRICT thresholds, int32_t min, int32_t max,
                        uint8_t* REENTRY_RESTRICT codes) {
  const int32_t t0 = K > 0 ? thresholds[0] : 0;
  const int32_t t1 = K > 1 ? thresholds[1] : 0;
  const int32_t t2 = K > 2 ? thresholds[2] : 0;
  int32_t lo = std::numeric_limits<int32_t>::max();
  int32_t hi = std::numeric_limits<int32_t>::min();
  for (size_t i = 0; i < n; ++i) {
    const int32_t v = values[i];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
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
  return n > 0 && (lo < min || hi > max);
}

// The same for non-negative items whose thresholds lie in 1..255: values are
// narrowed to bytes first (saturating; a negative value is out of range and
// caught by the minimum), then compared 64 to a vector instead of 16.
// codes[i] = values[i] saturated to 0..255 (negative values to 255 or 0:
// either way they are out of range), with the running minimum and maximum.
// Compilers narrow int32 to bytes in several shuffles; the AVX-512 and AVX2
// variants use the one or two saturating instructions made for it.
// GCC 12's AVX-512 headers build some intrinsics from deliberately undefined
// vectors and then warn about them; the warning is about the header, not us.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
void NarrowInt32(const int32_t* REENTRY_RESTRICT values, size_t n, uint8_t* REENTRY_RESTRICT codes,
                 int32_t* lo_out, int32_t* hi_out) {
  int32_t lo = std::numeric_limits<int32_t>::max();
  int32_t hi = std::numeric_limits<int32_t>::min();
  size_t i = 0;
#if defined(__AVX512F__)
  __m512i lo_v = _mm512_set1_epi32(lo);
  __m512i hi_v = _mm512_set1_epi32(hi);
  for (; i + 16 <= n; i += 16) {
    const __m512i v = _mm512_loadu_si512(values + i);
    lo_v = _mm512_min_epi32(lo_v, v);
    hi_v = _mm512_max_epi32(hi_v, v);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(codes + i), _mm512_cvtusepi32_epi8(v));
  }
  int32_t lanes[16];
  _mm512_storeu_si512(lanes, lo_v);
  for (int32_t x : lanes) lo = x < lo ? x : lo;
  _mm512_storeu_si512(lanes, hi_v);
  for (int32_t x : lanes) hi = x > hi ? x : hi;
#elif defined(__AVX2__)
  __m256i lo_v = _mm256_set1_epi32(lo);
  __m256i hi_v = _mm256_set1_epi32(hi);
  for (; i + 16 <= n; i += 16) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(values + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(values + i + 8));
    lo_v = _mm256_min_epi32(lo_v, _mm256_min_epi32(a, b));
    hi_v = _mm256_max_epi32(hi_v, _mm256_max_epi32(a, b));
    // Saturating packs: int32 -> uint16 (lane-interleaved, put back in
    // order) -> uint8.
    const __m256i words = _mm256_permute4x64_epi64(_mm256_packus_epi32(a, b), 0xD8);
    const __m128i bytes =
        _mm_packus_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(codes + i), bytes);
  }
  int32_t lanes[8];
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(lanes), lo_v);
  for (int32_t x : lanes) lo = x < lo ? x : lo;
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(lanes), hi_v);
  for (int32_t x : lanes) hi = x > hi ? x : hi;
#endif
  for (; i < n; ++i) {
    const int32_t v = values[i];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
    const uint32_t u = static_cast<uint32_t>(v);
    codes[i] = static_cast<uint8_t>(u < 255u ? u : 255u);
  }
  *lo_out = lo;
  *hi_out = hi;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

template <int K>
bool ClassifyInt32Narrow(const int32_t* REENTRY_RESTRICT values, size_t n,
                         const int32_t* REENTRY_RESTRICT thresholds, int32_t min, int32_t max,
                         uint8_t* REENTRY_RESTRICT codes) {
  int32_t lo, hi;
  NarrowInt32(values, n, codes, &lo, &hi);
  const uint8_t t0 = static_cast<uint8_t>(thresholds[0]);
  const uint8_t t1 = static_cast<uint8_t>(K > 1 ? thresholds[1] : 0);
  const uint8_t t2 = static_cast<uint8_t>(K > 2 ? thresholds[2] : 0);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = codes[i];
    uint8_t code = static_cast<uint8_t>(c >= t0);
    if (K > 1) code = static_cast<uint8_t>(code + (c >= t1));
    if (K > 2) code = static_cast<uint8_t>(code + (c >= t2));
    codes[i] = code;
  }
  return n > 0 && (lo < min || hi > max);
}

int ClassifyInt32(const int32_t* REENTRY_RESTRICT values, size_t n,
                  const int32_t* REENTRY_RESTRICT thresholds, size_t count, bool direct,
                  int32_t min, int32_t max, uint8_t* REENTRY_RESTRICT codes,
                  uint8_t* REENTRY_RESTRICT missing) {
  bool outside;
  const bool narrow =
      min >= 0 && count >= 1 && count <= 3 && thresholds[0] >= 1 && thresholds[count - 1] <= 255;
  if (direct) {
    outside = ClassifyInt32Fused<0, true>(values, n, thresholds, min, max, codes);
  } else if (narrow) {
    outside = count == 1   ? ClassifyInt32Narrow<1>(values, n, thresholds, min, max, codes)
              : count == 2 ? ClassifyInt32Narrow<2>(values, n, thresholds, min, max, codes)
                           : ClassifyInt32Narrow<3>(values, n, thresholds, min, max, codes);
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
    for (size_t i = 0; i < n; ++i)
      missing[i] = static_cast<uint8_t>(values[i] == kNotAnsweredInt32);
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
                    const double* REENTRY_RESTRICT thresholds, size_t count, double min, double max,
                    bool whole, uint8_t* REENTRY_RESTRICT codes,
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
  // acc[i] (= base when kInit, else +=) plus the K terms: codes_k[i] >= k_k ? d_k : 0.
  template <int K, bool kInit>
  static void TermsFused(Acc* REENTRY_RESTRICT acc, size_t n, int32_t base,
                         const uint8_t* const* codes, const uint8_t* ks, const int32_t* deltas) {
    const uint8_t* REENTRY_RESTRICT c0 = K > 0 ? codes[0] : nullptr;
    const uint8_t* REENTRY_RESTRICT c1 = K > 1 ? codes[1] : nullptr;
    const uint8_t* REENTRY_RESTRICT c2 = K > 2 ? codes[2] : nullptr;
    const uint8_t* REENTRY_RESTRICT c3 = K > 3 ? codes[3] : nullptr;
    const uint8_t* REENTRY_RESTRICT c4 = K > 4 ? codes[4] : nullptr;
    const uint8_t* REENTRY_RESTRICT c5 = K > 5 ? codes[5] : nullptr;
    const uint8_t k0 = K > 0 ? ks[0] : 0, k1 = K > 1 ? ks[1] : 0, k2 = K > 2 ? ks[2] : 0;
    const uint8_t k3 = K > 3 ? ks[3] : 0, k4 = K > 4 ? ks[4] : 0, k5 = K > 5 ? ks[5] : 0;
    const Acc d0 = static_cast<Acc>(K > 0 ? deltas[0] : 0);
    const Acc d1 = static_cast<Acc>(K > 1 ? deltas[1] : 0);
    const Acc d2 = static_cast<Acc>(K > 2 ? deltas[2] : 0);
    const Acc d3 = static_cast<Acc>(K > 3 ? deltas[3] : 0);
    const Acc d4 = static_cast<Acc>(K > 4 ? deltas[4] : 0);
    const Acc d5 = static_cast<Acc>(K > 5 ? deltas[5] : 0);
    const Acc start = static_cast<Acc>(base);
    for (size_t i = 0; i < n; ++i) {
      Acc a = kInit ? start : acc[i];
      if (K > 0) a = static_cast<Acc>(a + (c0[i] >= k0 ? d0 : Acc{0}));
      if (K > 1) a = static_cast<Acc>(a + (c1[i] >= k1 ? d1 : Acc{0}));
      if (K > 2) a = static_cast<Acc>(a + (c2[i] >= k2 ? d2 : Acc{0}));
      if (K > 3) a = static_cast<Acc>(a + (c3[i] >= k3 ? d3 : Acc{0}));
      if (K > 4) a = static_cast<Acc>(a + (c4[i] >= k4 ? d4 : Acc{0}));
      if (K > 5) a = static_cast<Acc>(a + (c5[i] >= k5 ? d5 : Acc{0}));
      acc[i] = a;
    }
  }
  template <bool kInit>
  static void TermsUpTo6(Acc* acc, size_t n, int32_t base, const uint8_t* const* codes,
                         const uint8_t* ks, const int32_t* deltas, size_t count) {
    switch (count) {
      case 0:
        TermsFused<0, kInit>(acc, n, base, codes, ks, deltas);
        break;
      case 1:
        TermsFused<1, kInit>(acc, n, base, codes, ks, deltas);
        break;
      case 2:
        TermsFused<2, kInit>(acc, n, base, codes, ks, deltas);
        break;
      case 3:
        TermsFused<3, kInit>(acc, n, base, codes, ks, deltas);
        break;
      case 4:
        TermsFused<4, kInit>(acc, n, base, codes, ks, deltas);
        break;
      case 5:
        TermsFused<5, kInit>(acc, n, base, codes, ks, deltas);
        break;
      default:
        TermsFused<6, kInit>(acc, n, base, codes, ks, deltas);
    }
  }
  static void Terms(Acc* REENTRY_RESTRICT acc, size_t n, int32_t base, const uint8_t* const* codes,
                    const uint8_t* ks, const int32_t* deltas, size_t count) {
    TermsUpTo6<true>(acc, n, base, codes, ks, deltas, count < 6 ? count : 6);
    for (size_t k = 6; k < count; k += 6) {
      TermsUpTo6<false>(acc, n, 0, codes + k, ks + k, deltas + k, count - k < 6 ? count - k : 6);
    }
  }
  // out[i] (= base, or += when kAdd) plus the deltas of the K cuts acc[i] reaches.
  template <int K, bool kAdd>
  static void ThresholdsFused(const Acc* REENTRY_RESTRICT acc, size_t n, int32_t base, const Acc* m,
                              const Acc* d, int32_t* REENTRY_RESTRICT out) {
    const Acc start = static_cast<Acc>(base);
    for (size_t i = 0; i < n; ++i) {
      const Acc a = acc[i];
      Acc v = start;
      for (int k = 0; k < K; ++k) v = static_cast<Acc>(v + (a >= m[k] ? d[k] : Acc{0}));
      out[i] = kAdd ? out[i] + v : v;
    }
  }
  template <bool kAdd>
  static void ThresholdsUpTo8(const Acc* acc, size_t n, int32_t base, const Acc* m, const Acc* d,
                              size_t live, int32_t* out) {
    switch (live) {
      case 0:
        ThresholdsFused<0, kAdd>(acc, n, base, m, d, out);
        break;
      case 1:
        ThresholdsFused<1, kAdd>(acc, n, base, m, d, out);
        break;
      case 2:
        ThresholdsFused<2, kAdd>(acc, n, base, m, d, out);
        break;
      case 3:
        ThresholdsFused<3, kAdd>(acc, n, base, m, d, out);
        break;
      case 4:
        ThresholdsFused<4, kAdd>(acc, n, base, m, d, out);
        break;
      case 5:
        ThresholdsFused<5, kAdd>(acc, n, base, m, d, out);
        break;
      case 6:
        ThresholdsFused<6, kAdd>(acc, n, base, m, d, out);
        break;
      case 7:
        ThresholdsFused<7, kAdd>(acc, n, base, m, d, out);
        break;
      default:
        ThresholdsFused<8, kAdd>(acc, n, base, m, d, out);
    }
  }
  static void Thresholds(const Acc* REENTRY_RESTRICT acc, size_t n, int32_t base,
                         const int32_t* REENTRY_RESTRICT mins,
                         const int32_t* REENTRY_RESTRICT deltas, size_t count,
                         int32_t* REENTRY_RESTRICT out) {
    // Cuts beyond the accumulator's range always (below) or never (above)
    // hold; the others are compared in the accumulator's width, eight a pass.
    Acc m[8];
    Acc d[8];
    size_t live = 0;
    bool started = false;
    for (size_t k = 0; k < count; ++k) {
      if (mins[k] <= std::numeric_limits<Acc>::min()) {
        if (started) {
          for (size_t i = 0; i < n; ++i) out[i] += deltas[k];
        } else {
          base += deltas[k];
        }
      } else if (mins[k] <= std::numeric_limits<Acc>::max()) {
        m[live] = static_cast<Acc>(mins[k]);
        d[live] = static_cast<Acc>(deltas[k]);
        if (++live == 8) {
          if (started) {
            ThresholdsUpTo8<true>(acc, n, 0, m, d, live, out);
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
      ThresholdsUpTo8<true>(acc, n, 0, m, d, live, out);
    }
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

  static constexpr AccumulateOps<Acc> kOps = {&Terms, &Thresholds, &ToDouble, &Flag};
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
