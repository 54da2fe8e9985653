// The batch scoring kernel: a compiled instrument run over strips of rows.
//
// A strip is 64 consecutive rows. The kernel makes one pass over the input,
// a tile of a few strips at a time, so every input byte is read once and a
// tile's intermediate results stay in registers or a few kilobytes of L1:
//   1. each input column is classified into one byte of answer code per row
//      (a BOOLEAN byte column is its own code), and checked: a row whose value
//      may be invalid or not answered is marked suspect;
//   2. the predicates the rules test ("code >= k", "code in [lo, hi]", and/or
//      of earlier predicates) become byte masks;
//   3. items whose codes fit 4 bits together (see KernelGroup in compiled.h)
//      add their codes, each shifted to its own bits, into one joint code per
//      group;
//   4. each scale's score is accumulated in the narrowest integer type that
//      holds it, one table lookup of a group's joint code for all the rules
//      on the group's items, and one masked add per other term (a step of a
//      per-answer point table or a multi-item rule), and its outputs (raw,
//      scaled, level, flag) follow by thresholds or tables in that same type,
//      widened once when stored.
// The caller re-checks the suspect rows one by one (to name the error, or to
// score a row with missing answers by the single-scoring core).
//
// batch_kernel.cc is compiled once per x86-64 level (baseline, v3 = AVX2,
// v4 = AVX-512) and the best one the CPU supports is chosen at run time.
// Plain types only: this header is shared by all variants.
#ifndef REENTRY_SRC_ASSESS_BATCH_KERNEL_H_
#define REENTRY_SRC_ASSESS_BATCH_KERNEL_H_

#include <cstddef>
#include <cstdint>

namespace reentry::assess_internal {

inline constexpr size_t kStripRows = 64;
// Strips are processed a tile of up to this many at a time (see
// batch_kernel.cc); working memory is sized for it.
inline constexpr size_t kMaxTileStrips = 8;

// A 0/1 fact about each row of a strip. Predicates are evaluated in order, so
// kAnd and kOr refer to earlier ones.
struct StripPredicate {
  enum Op : uint8_t {
    kCodeAtLeast,  // code of slot `a` >= lo
    kCodeInRange,  // lo <= code of slot `a` <= hi
    kAnd,          // predicates a and b
    kOr,           // predicates a or b
  };
  Op op = kCodeAtLeast;
  uint8_t lo = 0;
  uint8_t hi = 0;
  uint32_t a = 0;
  uint32_t b = 0;
};

// Adds `delta` to a scale's score in the rows where `predicate` holds.
struct StripTerm {
  uint32_t predicate = 0;
  int32_t delta = 0;
};

// value = base + sum of deltas[k] for each mins[k] <= x: a raw -> scaled table,
// a scale's levels (deltas of 1) or its flag (one step to 1) as steps. Every min lies in the range
// of the scale's accumulator (the caller folds the others into `base`).
struct StripSteps {
  int32_t base = 0;
  const int32_t* mins = nullptr;
  const int32_t* deltas = nullptr;
  uint32_t count = 0;
};

struct StripColumn {
  enum Kind : uint8_t {
    kBool8,       // uint8 0/1, its own code
    kInt32Bytes,  // int32 read as bytes saturated to 0..255 (see below)
    kInt32,       // int32 compared as int32
    kFloat64,     // double
  };
  Kind kind = kBool8;
  const void* data = nullptr;
  // Code slot of the item, or -1 when no rule tests it (only checked).
  int slot = -1;
  // The group whose joint code the item's code adds to, or -1; `shifted`
  // holds code << (the item's shift in the group) for each code below 16.
  int group = -1;
  int8_t shifted[16] = {};
  // Answers the column may hold without being suspect: [min32, max32] for
  // int32 (for kInt32Bytes both within 0..254, so a saturated byte of 255 is
  // always suspect), [min, max] finite and whole when `whole` for double.
  int32_t min32 = 0;
  int32_t max32 = 0;
  double min = 0;
  double max = 0;
  bool whole = false;
  // code = the value itself (BOOLEAN and CHOICE items in an int32 column), or
  // the number of thresholds <= value (kInt32Bytes: each within 0..255; a
  // BOOLEAN item's threshold is 1, so double columns need no `direct`).
  bool direct = false;
  const int32_t* thresholds32 = nullptr;
  const double* thresholds64 = nullptr;
  uint32_t count = 0;
};

// Adds table[joint code of group] to a scale's score: the points of every
// rule on the group's items (in scales whose scores fit a byte). A group is
// a few items whose codes fit 4 bits together; its joint code is the sum of
// each item's code shifted to its own bits (StripColumn::shifted).
struct StripLookup {
  uint32_t group = 0;
  int8_t table[16] = {};
};

struct StripScale {
  // Bytes per accumulator: 1, 2 or 4 (int8, int16, int32).
  int width = 4;
  int32_t base = 0;
  const StripTerm* terms = nullptr;
  uint32_t n_terms = 0;
  // Only with width 1 and a kernel that has table lookups.
  const StripLookup* lookups = nullptr;
  uint32_t n_lookups = 0;
  // With width 1, a kernel that has table lookups and raw scores spanning at
  // most 16 values: outputs are tables of raw - raw_min (used instead of the
  // steps below).
  bool by_table = false;
  int8_t raw_min = 0;
  int8_t scaled_table[16] = {};
  int8_t level_table[16] = {};
  int8_t flag_table[16] = {};
  StripSteps scaled;
  StripSteps levels;
  bool levels_from_scaled = false;
  // 1 where the flag holds, else 0.
  StripSteps flag;
  // Outputs, each n_rows long, or null when not wanted. With levels from
  // scaled scores, `scaled` is computed even when not stored.
  double* raw_out = nullptr;
  int32_t* scaled_out = nullptr;
  int32_t* level_out = nullptr;
  uint8_t* flag_out = nullptr;
};

struct StripProgram {
  const StripColumn* columns = nullptr;
  uint32_t n_columns = 0;
  const StripPredicate* predicates = nullptr;
  uint32_t n_predicates = 0;
  const StripScale* scales = nullptr;
  uint32_t n_scales = 0;
  uint32_t n_groups = 0;
  // Working memory, 64-byte aligned: a tile's codes (kStripRows *
  // kMaxTileStrips bytes per slot), masks (as many per predicate) and joint
  // codes (as many per group), and per slot where its codes are (a BOOL8
  // column's codes are its values).
  uint8_t* codes = nullptr;
  uint8_t* masks = nullptr;
  uint8_t* groups = nullptr;
  const uint8_t** slot_codes = nullptr;
};

// The suspect rows the kernel found: bit i of rows[s] is row
// `row + kStripRows * s + i`.
struct StripSuspects {
  size_t row = 0;
  size_t strips = 0;
  uint64_t rows[kMaxTileStrips] = {};
};

struct KernelOps {
  const char* name;
  // Whether the kernel looks up 16-entry byte tables in one instruction; the
  // program uses StripLookup and by_table only when it does.
  bool table_lookup;
  // Scores rows [begin, end), writing every output, and stops after the first
  // tile with suspect rows: `found` then lists them (their outputs are written
  // as if their values were valid) and the return value is the row to go on
  // from. Returns `end` with found->strips = 0 when no row is suspect.
  size_t (*run)(const StripProgram& program, size_t begin, size_t end, StripSuspects* found);
};

// The best variant compiled into this library that the running CPU supports.
const KernelOps& BestKernelOps();

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_BATCH_KERNEL_H_
