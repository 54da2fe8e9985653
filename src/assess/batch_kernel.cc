// The batch kernel (see batch_kernel.h). This file is compiled once per target
// level with REENTRY_KERNEL_OPS naming the KernelOps it defines (see
// cmake/ReentryKernels.cmake). Values live in GCC/Clang vector types exactly
// one register wide at each level (64 bytes for AVX-512, 32 for AVX2, 16
// otherwise), so a 64-row strip is one to four of them; the few steps that
// compilers lower poorly (saturating narrowing, table lookups, the suspect-row
// bit mask) are written per level, and wide (16- and 32-bit) scores as loops
// the compiler vectorizes.

#include "assess/batch_kernel.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#if defined(__AVX512BW__) || defined(__AVX2__) || defined(__SSE2__)
#include <immintrin.h>
#endif

#if !defined(__GNUC__)
#error "the batch kernel needs GCC or Clang vector extensions"
#endif

#ifndef REENTRY_KERNEL_OPS
#define REENTRY_KERNEL_OPS kernel_generic_ops
#endif
#define REENTRY_STRINGIFY2(x) #x
#define REENTRY_STRINGIFY(x) REENTRY_STRINGIFY2(x)
#define REENTRY_INLINE inline __attribute__((always_inline))

// Vectors wider than the baseline's registers are only ever passed to inlined
// functions, so the ABI note GCC gives for them does not apply. GCC 12's
// AVX-512 headers build some intrinsics from deliberately undefined vectors
// and then warn about them where they are inlined; that warning is about the
// header, not this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace reentry::assess_internal {
namespace {

static_assert(kStripRows == 64, "the suspect mask is one bit per row of a strip");

// The widest byte vector this level has: one register per vector, so every
// operation on a vector is one instruction (GCC lowers vectors wider than a
// register element by element for some operations).
#if defined(__AVX512BW__)
#define REENTRY_VECTOR_BYTES 64
#elif defined(__AVX2__)
#define REENTRY_VECTOR_BYTES 32
#else
#define REENTRY_VECTOR_BYTES 16
#endif
constexpr size_t kVecBytes = REENTRY_VECTOR_BYTES;
constexpr int kParts = static_cast<int>(kStripRows / kVecBytes);  // vectors per strip
typedef uint8_t U8 __attribute__((vector_size(REENTRY_VECTOR_BYTES)));
typedef int8_t I8 __attribute__((vector_size(REENTRY_VECTOR_BYTES)));

template <typename V, typename T>
REENTRY_INLINE V Splat(T x) {
  return V{} + x;
}

template <typename V>
REENTRY_INLINE V Load(const void* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename V>
REENTRY_INLINE void Store(void* p, const V& v) {
  std::memcpy(p, &v, sizeof v);
}

// Bit i set where byte i of `m` is 0xff.
REENTRY_INLINE uint64_t MoveMask(U8 m) {
#if defined(__AVX512BW__)
  return _mm512_movepi8_mask(Load<__m512i>(&m));
#elif defined(__AVX2__)
  return static_cast<uint32_t>(_mm256_movemask_epi8(Load<__m256i>(&m)));
#elif defined(__SSE2__)
  return static_cast<uint32_t>(_mm_movemask_epi8(Load<__m128i>(&m)));
#else
  uint64_t bits = 0;
  for (size_t i = 0; i < kVecBytes; ++i) bits |= uint64_t{m[i] >> 7} << i;
  return bits;
#endif
}

// kVecBytes int32 values as bytes, each saturated to 0..255 (a negative
// value, read as unsigned, to 255).
REENTRY_INLINE U8 NarrowSaturated(const int32_t* values) {
#if defined(__AVX512BW__)
  // As for AVX2 below: fewer micro-ops than four saturating moves and three
  // inserts.
  const __m512i cap = _mm512_set1_epi32(255);
  const __m512i a = _mm512_min_epu32(_mm512_loadu_si512(values), cap);
  const __m512i b = _mm512_min_epu32(_mm512_loadu_si512(values + 16), cap);
  const __m512i c = _mm512_min_epu32(_mm512_loadu_si512(values + 32), cap);
  const __m512i d = _mm512_min_epu32(_mm512_loadu_si512(values + 48), cap);
  // Lane l holds 4 bytes each of a, b, c and d (rows 4l..4l+3 of each).
  const __m512i bytes = _mm512_permutexvar_epi32(
      _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15),
      _mm512_packus_epi16(_mm512_packus_epi32(a, b), _mm512_packus_epi32(c, d)));
  return Load<U8>(&bytes);
#elif defined(__AVX2__)
  // Unsigned minimum with 255 first; the signed packs then cannot saturate.
  const __m256i cap = _mm256_set1_epi32(255);
  const __m256i a = _mm256_min_epu32(Load<__m256i>(values), cap);
  const __m256i b = _mm256_min_epu32(Load<__m256i>(values + 8), cap);
  const __m256i c = _mm256_min_epu32(Load<__m256i>(values + 16), cap);
  const __m256i d = _mm256_min_epu32(Load<__m256i>(values + 24), cap);
  // Packs work within 128-bit lanes: put the 32 bytes back in order.
  const __m256i bytes = _mm256_permutevar8x32_epi32(
      _mm256_packus_epi16(_mm256_packus_epi32(a, b), _mm256_packus_epi32(c, d)),
      _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  return Load<U8>(&bytes);
#else
  uint8_t bytes[kVecBytes];
  for (size_t i = 0; i < kVecBytes; ++i) {
    const auto u = static_cast<uint32_t>(values[i]);
    bytes[i] = static_cast<uint8_t>(u < 255u ? u : 255u);
  }
  return Load<U8>(bytes);
#endif
}

// table[index] per byte, for indices below 16 (a 16-byte table in every
// 128-bit lane): one shuffle where the level has it.
#if defined(__AVX512BW__) || defined(__AVX2__)
constexpr bool kTableLookup = true;
#else
constexpr bool kTableLookup = false;
#endif

REENTRY_INLINE U8 LoadTable(const int8_t* table) {
#if defined(__AVX512BW__)
  const __m512i t = _mm512_broadcast_i32x4(Load<__m128i>(table));
  return Load<U8>(&t);
#elif defined(__AVX2__)
  const __m256i t = _mm256_broadcastsi128_si256(Load<__m128i>(table));
  return Load<U8>(&t);
#else
  uint8_t t[kVecBytes];
  for (size_t i = 0; i < kVecBytes; ++i) t[i] = static_cast<uint8_t>(table[i % 16]);
  return Load<U8>(t);
#endif
}

REENTRY_INLINE U8 Lookup(U8 table, U8 index) {
#if defined(__AVX512BW__)
  const __m512i r = _mm512_shuffle_epi8(Load<__m512i>(&table), Load<__m512i>(&index));
  return Load<U8>(&r);
#elif defined(__AVX2__)
  const __m256i r = _mm256_shuffle_epi8(Load<__m256i>(&table), Load<__m256i>(&index));
  return Load<U8>(&r);
#else
  U8 r;
  for (size_t i = 0; i < kVecBytes; ++i) r[i] = index[i] < 16 ? table[index[i]] : 0;
  return r;
#endif
}

// Vectors per tile: strips are classified, tested and scored a tile at a
// time, so each constant is broadcast once per tile and a tile's byte
// accumulators stay in registers.
constexpr int kTileVectors = 4;
constexpr int kTileStrips = kTileVectors / kParts;
static_assert(kTileStrips >= 1 && kTileStrips <= static_cast<int>(kMaxTileStrips),
              "tile scratch is sized for kMaxTileStrips");

// Each classifier reads V vectors of a column, ORs what makes a row suspect
// into `flagged` (a row is suspect where its byte ends above 1) and writes the
// codes (when the item has a slot). A BOOL8 column is its own codes, and its
// value is its own suspect byte.
template <int V>
REENTRY_INLINE void ClassifyBool8(const uint8_t* values, U8* flagged) {
  for (int j = 0; j < V; ++j) flagged[j] |= Load<U8>(values + kVecBytes * j);
}

template <int V>
REENTRY_INLINE void ClassifyInt32Bytes(const StripColumn& column, const int32_t* values,
                                       uint8_t* codes, U8* flagged) {
  U8 v[V];
  for (int j = 0; j < V; ++j) v[j] = NarrowSaturated(values + kVecBytes * j);
  const U8 min = Splat<U8>(static_cast<uint8_t>(column.min32));
  const U8 span = Splat<U8>(static_cast<uint8_t>(column.max32 - column.min32));
  for (int j = 0; j < V; ++j) flagged[j] |= (U8)((U8)(v[j] - min) > span);
  if (codes == nullptr) return;
  if (!column.direct) {
    U8 code[V];
    for (int j = 0; j < V; ++j) code[j] = U8{};
    for (uint32_t k = 0; k < column.count; ++k) {
      const U8 t = Splat<U8>(static_cast<uint8_t>(column.thresholds32[k]));
      for (int j = 0; j < V; ++j) code[j] -= (U8)(v[j] >= t);
    }
    for (int j = 0; j < V; ++j) v[j] = code[j];
  }
  for (int j = 0; j < V; ++j) Store(codes + kVecBytes * j, v[j]);
}

// The general int32 and double columns (negative answers, bands above 255,
// fractions): a vector's rows at a time, as loops the compiler vectorizes.
REENTRY_INLINE U8 ClassifyInt32Rows(const StripColumn& column, const int32_t* values,
                                    uint8_t* codes) {
  const auto min = static_cast<uint32_t>(column.min32);
  const uint32_t span = static_cast<uint32_t>(column.max32) - min;
  uint8_t suspect[kVecBytes];
  for (size_t i = 0; i < kVecBytes; ++i) {
    suspect[i] = static_cast<uint32_t>(values[i]) - min > span ? 0xff : 0;
  }
  if (codes != nullptr) {
    int32_t code[kVecBytes];
    for (size_t i = 0; i < kVecBytes; ++i) code[i] = column.direct ? values[i] : 0;
    for (uint32_t k = 0; k < column.count && !column.direct; ++k) {
      const int32_t t = column.thresholds32[k];
      for (size_t i = 0; i < kVecBytes; ++i) code[i] += values[i] >= t;
    }
    for (size_t i = 0; i < kVecBytes; ++i) codes[i] = static_cast<uint8_t>(code[i]);
  }
  return Load<U8>(suspect);
}

REENTRY_INLINE U8 ClassifyFloat64Rows(const StripColumn& column, const double* values,
                                      uint8_t* codes) {
  constexpr double kLargest = std::numeric_limits<double>::max();
  uint8_t suspect[kVecBytes];
  for (size_t i = 0; i < kVecBytes; ++i) {
    const double v = values[i];
    // NaN fails every comparison, so "not answered" is suspect too.
    const bool in_range = v >= column.min && v <= column.max && std::fabs(v) <= kLargest;
    suspect[i] = in_range && !(column.whole && std::trunc(v) != v) ? 0 : 0xff;
  }
  if (codes != nullptr) {
    uint8_t code[kVecBytes] = {};
    for (uint32_t k = 0; k < column.count; ++k) {
      const double t = column.thresholds64[k];
      for (size_t i = 0; i < kVecBytes; ++i) {
        code[i] = static_cast<uint8_t>(code[i] + (values[i] >= t));
      }
    }
    std::memcpy(codes, code, sizeof code);
  }
  return Load<U8>(suspect);
}

// Where a tile's outputs go (each array continues across the tile's strips):
// straight into the caller's arrays, or into local buffers for the last,
// partial strip.
struct ScaleTarget {
  double* raw;
  int32_t* scaled;
  int32_t* level;
  uint8_t* flag;
};

// out[j] = steps applied to x[j], for V vectors of bytes.
template <int V>
REENTRY_INLINE void ApplySteps(const StripSteps& steps, const I8* x, I8* out) {
  for (int j = 0; j < V; ++j) out[j] = Splat<I8>(static_cast<int8_t>(steps.base));
  for (uint32_t k = 0; k < steps.count; ++k) {
    const I8 min = Splat<I8>(static_cast<int8_t>(steps.mins[k]));
    const I8 delta = Splat<I8>(static_cast<int8_t>(steps.deltas[k]));
    for (int j = 0; j < V; ++j) out[j] += (x[j] >= min) & delta;
  }
}

// V vectors of bytes, widened to T (int32 scores and levels, double raw
// scores).
template <int V, typename T>
REENTRY_INLINE void StoreWidened(T* out, const I8* v) {
  for (int j = 0; j < V; ++j) {
    int8_t lanes[kVecBytes];
    Store(lanes, v[j]);
    for (size_t i = 0; i < kVecBytes; ++i) out[kVecBytes * j + i] = lanes[i];
  }
}

// A scale whose scores fit a byte, on V vectors: terms and table lookups
// into byte accumulators, then the outputs by thresholds or tables.
template <int V>
REENTRY_INLINE void ScoreByteScale(const StripScale& scale, const U8* masks, const U8* groups,
                                   const ScaleTarget& to) {
  I8 acc[V];
  for (int j = 0; j < V; ++j) acc[j] = Splat<I8>(static_cast<int8_t>(scale.base));
  for (uint32_t t = 0; t < scale.n_terms; ++t) {
    const StripTerm& term = scale.terms[t];
    const U8* mask = masks + term.predicate * V;
    const I8 delta = Splat<I8>(static_cast<int8_t>(term.delta));
    for (int j = 0; j < V; ++j) acc[j] += (I8)mask[j] & delta;
  }
  for (uint32_t t = 0; t < scale.n_lookups; ++t) {
    const StripLookup& lookup = scale.lookups[t];
    const U8 table = LoadTable(lookup.table);
    const U8* joint = groups + lookup.group * V;
    for (int j = 0; j < V; ++j) acc[j] += (I8)Lookup(table, joint[j]);
  }
  if (to.raw != nullptr) StoreWidened<V>(to.raw, acc);
  I8 work[V];
  if (scale.by_table) {
    // Raw scores span at most 16 values: each output is a table of them.
    U8 index[V];
    for (int j = 0; j < V; ++j) index[j] = (U8)(acc[j] - static_cast<int8_t>(scale.raw_min));
    const auto apply = [&](const int8_t* table) {
      const U8 t = LoadTable(table);
      for (int j = 0; j < V; ++j) work[j] = (I8)Lookup(t, index[j]);
    };
    if (to.flag != nullptr) {
      apply(scale.flag_table);
      for (int j = 0; j < V; ++j) Store(to.flag + kVecBytes * j, work[j]);
    }
    if (to.scaled != nullptr) {
      apply(scale.scaled_table);
      StoreWidened<V>(to.scaled, work);
    }
    if (to.level != nullptr) {
      apply(scale.level_table);
      StoreWidened<V>(to.level, work);
    }
    return;
  }
  if (to.flag != nullptr) {
    ApplySteps<V>(scale.flag, acc, work);
    for (int j = 0; j < V; ++j) Store(to.flag + kVecBytes * j, work[j]);
  }
  const I8* level_of = acc;
  if (to.scaled != nullptr || (to.level != nullptr && scale.levels_from_scaled)) {
    ApplySteps<V>(scale.scaled, acc, work);
    if (to.scaled != nullptr) StoreWidened<V>(to.scaled, work);
    if (scale.levels_from_scaled) level_of = work;
  }
  if (to.level != nullptr) {
    I8 level[V];
    ApplySteps<V>(scale.levels, level_of, level);
    StoreWidened<V>(to.level, level);
  }
}

// out[i] = steps applied to x[i], for n rows of wide accumulators.
template <typename Acc>
REENTRY_INLINE void ApplyWideSteps(const StripSteps& steps, const Acc* x, size_t n, Acc* out) {
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<Acc>(steps.base);
  for (uint32_t k = 0; k < steps.count; ++k) {
    const auto min = static_cast<Acc>(steps.mins[k]);
    const auto delta = static_cast<Acc>(steps.deltas[k]);
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<Acc>(out[i] + (x[i] >= min ? delta : 0));
  }
}

// A scale whose scores need 16 or 32 bits: the same steps over arrays, as
// loops the compiler vectorizes (such instruments are rare).
template <typename Acc, int V>
void ScoreWideScale(const StripScale& scale, const U8* masks, const ScaleTarget& to) {
  constexpr size_t kRows = kVecBytes * V;
  Acc acc[kRows];
  for (size_t i = 0; i < kRows; ++i) acc[i] = static_cast<Acc>(scale.base);
  for (uint32_t t = 0; t < scale.n_terms; ++t) {
    const StripTerm& term = scale.terms[t];
    int8_t mask[kRows];
    std::memcpy(mask, masks + term.predicate * V, kRows);
    const auto delta = static_cast<Acc>(term.delta);
    for (size_t i = 0; i < kRows; ++i) acc[i] = static_cast<Acc>(acc[i] + (mask[i] & delta));
  }
  if (to.raw != nullptr) {
    for (size_t i = 0; i < kRows; ++i) to.raw[i] = acc[i];
  }
  Acc work[kRows];
  if (to.flag != nullptr) {
    ApplyWideSteps(scale.flag, acc, kRows, work);
    for (size_t i = 0; i < kRows; ++i) to.flag[i] = static_cast<uint8_t>(work[i]);
  }
  const Acc* level_of = acc;
  if (to.scaled != nullptr || (to.level != nullptr && scale.levels_from_scaled)) {
    ApplyWideSteps(scale.scaled, acc, kRows, work);
    if (to.scaled != nullptr) {
      for (size_t i = 0; i < kRows; ++i) to.scaled[i] = work[i];
    }
    if (scale.levels_from_scaled) level_of = work;
  }
  if (to.level != nullptr) {
    Acc level[kRows];
    ApplyWideSteps(scale.levels, level_of, kRows, level);
    for (size_t i = 0; i < kRows; ++i) to.level[i] = level[i];
  }
}

// Rows ahead of the tile being scored whose input and output lines are
// prefetched: the kernel reads every column and writes every output at once,
// more streams than the hardware prefetcher follows well. Measured on PSA:
// prefetching the input made a million rows 1.6x faster; prefetching the
// output lines for writing then made 16 million rows 1.37x faster.
constexpr size_t kPrefetchRows = 4096;

// Requests the kBytes that lie `ahead` bytes past `values`, to read.
template <size_t kBytes>
REENTRY_INLINE void Prefetch(const void* values, size_t ahead) {
  const auto* at = static_cast<const char*>(values) + ahead;
  for (size_t b = 0; b < kBytes; b += 64) __builtin_prefetch(at + b);
}

// Requests the kBytes from `at`, to write.
template <size_t kBytes>
REENTRY_INLINE void PrefetchWrite(const void* at) {
  for (size_t b = 0; b < kBytes; b += 64) __builtin_prefetch(static_cast<const char*>(at) + b, 1);
}

// Scores a tile of N strips: `input(c)` is the tile's first value of column c
// and `target(i)` where scale i's outputs go. Sets suspect[s] to the suspect
// rows of strip s.
template <int N, typename Input, typename Target>
REENTRY_INLINE void ScoreTile(const StripProgram& program, const Input& input, const Target& target,
                              bool prefetch, uint64_t* suspect) {
  constexpr int V = N * kParts;  // vectors
  constexpr size_t kTileBytes = kVecBytes * V;
  U8 flagged[V];
  for (int j = 0; j < V; ++j) flagged[j] = U8{};
  U8* groups = reinterpret_cast<U8*>(program.groups);
  for (uint32_t j = 0; j < program.n_groups * V; ++j) groups[j] = U8{};
  for (uint32_t c = 0; c < program.n_columns; ++c) {
    const StripColumn& column = program.columns[c];
    uint8_t* codes = column.slot >= 0 ? program.codes + kTileBytes * column.slot : nullptr;
    const void* values = input(c);
    switch (column.kind) {
      case StripColumn::kBool8:
        if (prefetch) Prefetch<kTileBytes>(values, kPrefetchRows);
        ClassifyBool8<V>(static_cast<const uint8_t*>(values), flagged);
        codes = const_cast<uint8_t*>(static_cast<const uint8_t*>(values));
        break;
      case StripColumn::kInt32Bytes:
        if (prefetch) Prefetch<kTileBytes * 4>(values, kPrefetchRows * 4);
        ClassifyInt32Bytes<V>(column, static_cast<const int32_t*>(values), codes, flagged);
        break;
      case StripColumn::kInt32:
        if (prefetch) Prefetch<kTileBytes * 4>(values, kPrefetchRows * 4);
        for (int j = 0; j < V; ++j) {
          flagged[j] |=
              ClassifyInt32Rows(column, static_cast<const int32_t*>(values) + kVecBytes * j,
                                codes != nullptr ? codes + kVecBytes * j : nullptr);
        }
        break;
      default:
        if (prefetch) Prefetch<kTileBytes * 8>(values, kPrefetchRows * 8);
        for (int j = 0; j < V; ++j) {
          flagged[j] |=
              ClassifyFloat64Rows(column, static_cast<const double*>(values) + kVecBytes * j,
                                  codes != nullptr ? codes + kVecBytes * j : nullptr);
        }
    }
    if (column.slot >= 0) program.slot_codes[column.slot] = codes;
    if (column.group >= 0) {
      const U8 table = LoadTable(column.shifted);
      U8* joint = groups + column.group * V;
      for (int j = 0; j < V; ++j) joint[j] += Lookup(table, Load<U8>(codes + kVecBytes * j));
    }
  }
  U8* masks = reinterpret_cast<U8*>(program.masks);
  for (uint32_t p = 0; p < program.n_predicates; ++p) {
    const StripPredicate& predicate = program.predicates[p];
    U8* out = masks + p * V;
    switch (predicate.op) {
      case StripPredicate::kCodeAtLeast: {
        const uint8_t* codes = program.slot_codes[predicate.a];
        const U8 lo = Splat<U8>(predicate.lo);
        for (int j = 0; j < V; ++j) out[j] = (U8)(Load<U8>(codes + kVecBytes * j) >= lo);
        break;
      }
      case StripPredicate::kCodeInRange: {
        const uint8_t* codes = program.slot_codes[predicate.a];
        const U8 lo = Splat<U8>(predicate.lo);
        const U8 span = Splat<U8>(static_cast<uint8_t>(predicate.hi - predicate.lo));
        for (int j = 0; j < V; ++j) {
          out[j] = (U8)((U8)(Load<U8>(codes + kVecBytes * j) - lo) <= span);
        }
        break;
      }
      case StripPredicate::kAnd: {
        const U8* a = masks + predicate.a * V;
        const U8* b = masks + predicate.b * V;
        for (int j = 0; j < V; ++j) out[j] = a[j] & b[j];
        break;
      }
      default: {
        const U8* a = masks + predicate.a * V;
        const U8* b = masks + predicate.b * V;
        for (int j = 0; j < V; ++j) out[j] = a[j] | b[j];
      }
    }
  }
  for (uint32_t i = 0; i < program.n_scales; ++i) {
    const StripScale& scale = program.scales[i];
    switch (scale.width) {
      case 1:
        ScoreByteScale<V>(scale, masks, groups, target(i));
        break;
      case 2:
        ScoreWideScale<int16_t, V>(scale, masks, target(i));
        break;
      default:
        ScoreWideScale<int32_t, V>(scale, masks, target(i));
    }
  }
  for (int s = 0; s < N; ++s) {
    uint64_t bits = 0;
    for (int part = 0; part < kParts; ++part) {
      bits |= MoveMask((U8)(flagged[kParts * s + part] > 1)) << (kVecBytes * part);
    }
    suspect[s] = bits;
  }
}

size_t ColumnWidth(const StripColumn& column) {
  switch (column.kind) {
    case StripColumn::kBool8:
      return 1;
    case StripColumn::kFloat64:
      return 8;
    default:
      return 4;
  }
}

// Where the scale's outputs for `row` on go in the caller's arrays.
ScaleTarget OutputsAt(const StripScale& scale, size_t row) {
  return ScaleTarget{scale.raw_out != nullptr ? scale.raw_out + row : nullptr,
                     scale.scaled_out != nullptr ? scale.scaled_out + row : nullptr,
                     scale.level_out != nullptr ? scale.level_out + row : nullptr,
                     scale.flag_out != nullptr ? scale.flag_out + row : nullptr};
}

// N whole strips from `row`, straight from and to the caller's arrays; with
// `prefetch`, the input and output kPrefetchRows further on are requested
// meanwhile.
template <int N>
void ScoreStrips(const StripProgram& program, size_t row, bool prefetch, uint64_t* suspect) {
  if (prefetch) {
    constexpr size_t kRows = kStripRows * N;
    for (uint32_t i = 0; i < program.n_scales; ++i) {
      const ScaleTarget ahead = OutputsAt(program.scales[i], row + kPrefetchRows);
      if (ahead.raw != nullptr) PrefetchWrite<kRows * 8>(ahead.raw);
      if (ahead.scaled != nullptr) PrefetchWrite<kRows * 4>(ahead.scaled);
      if (ahead.level != nullptr) PrefetchWrite<kRows * 4>(ahead.level);
      if (ahead.flag != nullptr) PrefetchWrite<kRows>(ahead.flag);
    }
  }
  ScoreTile<N>(
      program,
      [&](uint32_t c) {
        return static_cast<const uint8_t*>(program.columns[c].data) +
               row * ColumnWidth(program.columns[c]);
      },
      [&](uint32_t i) { return OutputsAt(program.scales[i], row); }, prefetch, suspect);
}

// The last `live` (< kStripRows) rows from `row`: copied into a full strip
// padded with the first row's values, scored, and copied back.
uint64_t ScorePartialStrip(const StripProgram& program, size_t row, size_t live) {
  constexpr size_t kColumnBytes = 8 * kStripRows;
  struct Out {
    double raw[kStripRows];
    int32_t scaled[kStripRows];
    int32_t level[kStripRows];
    uint8_t flag[kStripRows];
  };
  std::vector<uint8_t> in(program.n_columns * kColumnBytes);
  std::vector<Out> out(program.n_scales);
  for (uint32_t c = 0; c < program.n_columns; ++c) {
    const size_t width = ColumnWidth(program.columns[c]);
    const auto* from = static_cast<const uint8_t*>(program.columns[c].data) + row * width;
    uint8_t* to = in.data() + c * kColumnBytes;
    std::memcpy(to, from, live * width);
    for (size_t i = live; i < kStripRows; ++i) std::memcpy(to + i * width, from, width);
  }
  uint64_t suspect = 0;
  ScoreTile<1>(
      program, [&](uint32_t c) { return in.data() + c * kColumnBytes; },
      [&](uint32_t i) {
        const StripScale& scale = program.scales[i];
        Out& o = out[i];
        return ScaleTarget{scale.raw_out != nullptr ? o.raw : nullptr,
                           scale.scaled_out != nullptr ? o.scaled : nullptr,
                           scale.level_out != nullptr ? o.level : nullptr,
                           scale.flag_out != nullptr ? o.flag : nullptr};
      },
      false, &suspect);
  for (uint32_t i = 0; i < program.n_scales; ++i) {
    const StripScale& scale = program.scales[i];
    const Out& o = out[i];
    if (scale.raw_out != nullptr) std::memcpy(scale.raw_out + row, o.raw, live * sizeof(double));
    if (scale.scaled_out != nullptr) {
      std::memcpy(scale.scaled_out + row, o.scaled, live * sizeof(int32_t));
    }
    if (scale.level_out != nullptr) {
      std::memcpy(scale.level_out + row, o.level, live * sizeof(int32_t));
    }
    if (scale.flag_out != nullptr) std::memcpy(scale.flag_out + row, o.flag, live);
  }
  return suspect & ((uint64_t{1} << live) - 1);
}

size_t Run(const StripProgram& program, size_t begin, size_t end, StripSuspects* found) {
  found->strips = 0;
  const auto report = [&](size_t row, size_t strips) {
    for (size_t s = 0; s < strips; ++s) {
      if (found->rows[s] != 0) {
        found->row = row;
        found->strips = strips;
        return true;
      }
    }
    return false;
  };
  size_t row = begin;
  for (; row + kStripRows * kTileStrips <= end; row += kStripRows * kTileStrips) {
    const bool prefetch = row + kPrefetchRows + kStripRows * kTileStrips <= end;
    ScoreStrips<kTileStrips>(program, row, prefetch, found->rows);
    if (report(row, kTileStrips)) return row + kStripRows * kTileStrips;
  }
  for (; row + kStripRows <= end; row += kStripRows) {
    ScoreStrips<1>(program, row, false, found->rows);
    if (report(row, 1)) return row + kStripRows;
  }
  if (row < end) {
    found->rows[0] = ScorePartialStrip(program, row, end - row);
    if (report(row, 1)) return end;
  }
  return end;
}

}  // namespace

extern const KernelOps REENTRY_KERNEL_OPS;
const KernelOps REENTRY_KERNEL_OPS = {REENTRY_STRINGIFY(REENTRY_KERNEL_OPS), kTableLookup, &Run};

}  // namespace reentry::assess_internal
