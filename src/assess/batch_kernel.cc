// The batch kernel's primitives. This file is compiled once per target level
// with REENTRY_KERNEL_OPS naming the KernelOps it defines (see
// cmake/ReentryKernels.cmake); each loop is written so the compiler vectorizes
// it: no branches, no calls, restrict-qualified pointers, fixed-width types.

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

int ClassifyBool8(const uint8_t* REENTRY_RESTRICT values, size_t n,
                  uint8_t* REENTRY_RESTRICT codes) {
  uint8_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t v = values[i];
    bad |= static_cast<uint8_t>(v > 1);
    codes[i] = v;
  }
  return bad ? kHasInvalid : kAllValid;
}

int ClassifyInt32(const int32_t* REENTRY_RESTRICT values, size_t n,
                  const int32_t* REENTRY_RESTRICT thresholds, size_t count, bool direct,
                  int32_t min, int32_t max, uint8_t* REENTRY_RESTRICT codes,
                  uint8_t* REENTRY_RESTRICT missing) {
  constexpr int32_t kNotAnswered = std::numeric_limits<int32_t>::min();
  uint8_t bad = 0;
  uint8_t any_missing = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t v = values[i];
    const uint8_t absent = static_cast<uint8_t>(v == kNotAnswered);
    missing[i] = absent;
    any_missing |= absent;
    bad |= static_cast<uint8_t>(((v < min) | (v > max)) & (absent ^ 1));
  }
  if (direct) {
    for (size_t i = 0; i < n; ++i) codes[i] = static_cast<uint8_t>(values[i]);
  } else {
    for (size_t i = 0; i < n; ++i) codes[i] = 0;
    for (size_t k = 0; k < count; ++k) {
      const int32_t t = thresholds[k];
      for (size_t i = 0; i < n; ++i) codes[i] = static_cast<uint8_t>(codes[i] + (values[i] >= t));
    }
  }
  return (bad ? kHasInvalid : kAllValid) | (any_missing ? kHasMissing : kAllValid);
}

int ClassifyFloat64(const double* REENTRY_RESTRICT values, size_t n,
                    const double* REENTRY_RESTRICT thresholds, size_t count, double min,
                    double max, bool whole, uint8_t* REENTRY_RESTRICT codes,
                    uint8_t* REENTRY_RESTRICT missing) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  uint8_t bad = 0;
  uint8_t any_missing = 0;
  for (size_t i = 0; i < n; ++i) {
    const double v = values[i];
    const uint8_t nan = static_cast<uint8_t>(v != v);
    missing[i] = nan;
    any_missing |= nan;
    // NaN compares false everywhere, so only numbers can be bad.
    bad |= static_cast<uint8_t>((v < min) | (v > max) | (v == kInf) | (v == -kInf));
  }
  if (whole) {
    for (size_t i = 0; i < n; ++i) {
      const double v = values[i];
      bad |= static_cast<uint8_t>((v == v) & (std::fabs(v) < 9e15) & (std::trunc(v) != v));
    }
  }
  for (size_t i = 0; i < n; ++i) codes[i] = 0;
  for (size_t k = 0; k < count; ++k) {
    const double t = thresholds[k];
    for (size_t i = 0; i < n; ++i) codes[i] = static_cast<uint8_t>(codes[i] + (values[i] >= t));
  }
  return (bad ? kHasInvalid : kAllValid) | (any_missing ? kHasMissing : kAllValid);
}

void MatchRange(const uint8_t* REENTRY_RESTRICT codes, size_t n, uint8_t lo, uint8_t hi,
                int combine, uint8_t* REENTRY_RESTRICT mask) {
  switch (combine) {
    case 0:
      for (size_t i = 0; i < n; ++i) mask[i] = static_cast<uint8_t>((codes[i] >= lo) & (codes[i] <= hi));
      break;
    case 1:
      for (size_t i = 0; i < n; ++i) mask[i] &= static_cast<uint8_t>((codes[i] >= lo) & (codes[i] <= hi));
      break;
    default:
      for (size_t i = 0; i < n; ++i) mask[i] |= static_cast<uint8_t>((codes[i] >= lo) & (codes[i] <= hi));
  }
}

void AndMasks(uint8_t* REENTRY_RESTRICT a, const uint8_t* REENTRY_RESTRICT b, size_t n) {
  for (size_t i = 0; i < n; ++i) a[i] &= b[i];
}

void OrMasks(uint8_t* REENTRY_RESTRICT a, const uint8_t* REENTRY_RESTRICT b, size_t n) {
  for (size_t i = 0; i < n; ++i) a[i] |= b[i];
}

template <typename Acc>
struct Accumulate {
  static void Fill(Acc* REENTRY_RESTRICT acc, size_t n, int32_t value) {
    const Acc v = static_cast<Acc>(value);
    for (size_t i = 0; i < n; ++i) acc[i] = v;
  }
  static void Step(Acc* REENTRY_RESTRICT acc, const uint8_t* REENTRY_RESTRICT codes, size_t n,
                   uint8_t code, int32_t delta) {
    const Acc d = static_cast<Acc>(delta);
    for (size_t i = 0; i < n; ++i) {
      acc[i] = static_cast<Acc>(acc[i] + (codes[i] >= code ? d : Acc{0}));
    }
  }
  static void AddMasked(Acc* REENTRY_RESTRICT acc, const uint8_t* REENTRY_RESTRICT mask, size_t n,
                        int32_t points) {
    const Acc p = static_cast<Acc>(points);
    for (size_t i = 0; i < n; ++i) acc[i] = static_cast<Acc>(acc[i] + (mask[i] ? p : Acc{0}));
  }
  static void ToDouble(const Acc* REENTRY_RESTRICT acc, size_t n, double* REENTRY_RESTRICT raw) {
    for (size_t i = 0; i < n; ++i) raw[i] = static_cast<double>(acc[i]);
  }
  static void Thresholds(const Acc* REENTRY_RESTRICT acc, size_t n, int32_t base,
                         const int32_t* REENTRY_RESTRICT mins, const int32_t* REENTRY_RESTRICT deltas,
                         size_t count, int32_t* REENTRY_RESTRICT out) {
    for (size_t i = 0; i < n; ++i) out[i] = base;
    for (size_t k = 0; k < count; ++k) {
      // Compare in the accumulator's width; a cut beyond its range never or
      // always holds.
      const int32_t m = mins[k];
      const int32_t d = deltas[k];
      if (m > std::numeric_limits<Acc>::max()) continue;
      if (m <= std::numeric_limits<Acc>::min()) {
        for (size_t i = 0; i < n; ++i) out[i] += d;
        continue;
      }
      const Acc mm = static_cast<Acc>(m);
      for (size_t i = 0; i < n; ++i) out[i] += acc[i] >= mm ? d : 0;
    }
  }
  static void Flag(const Acc* REENTRY_RESTRICT acc, size_t n, int32_t at,
                   uint8_t* REENTRY_RESTRICT flag) {
    if (at > std::numeric_limits<Acc>::max()) {
      for (size_t i = 0; i < n; ++i) flag[i] = 0;
      return;
    }
    if (at <= std::numeric_limits<Acc>::min()) {
      for (size_t i = 0; i < n; ++i) flag[i] = 1;
      return;
    }
    const Acc a = static_cast<Acc>(at);
    for (size_t i = 0; i < n; ++i) flag[i] = static_cast<uint8_t>(acc[i] >= a);
  }

  static constexpr AccumulateOps<Acc> kOps = {&Fill, &Step, &AddMasked, &ToDouble, &Thresholds,
                                              &Flag};
};

}  // namespace

extern const KernelOps REENTRY_KERNEL_OPS;
const KernelOps REENTRY_KERNEL_OPS = {
    REENTRY_STRINGIFY(REENTRY_KERNEL_OPS),
    &ClassifyBool8,
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
