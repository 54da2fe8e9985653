// reentry/assess/batch.h: scoring a whole caseload from columns.
//
// A data team scoring thousands or millions of people passes one array per
// item (a column) and receives one array per requested scale output. No memory
// is allocated per row and every output buffer belongs to the caller. Results
// equal ScoreAssessment's for every row exactly: the same raw score, scaled
// score, level index and flag (a professional override or a previous result
// has no place in a batch).
//
// Column values:
//   BOOLEAN items: kBool8 (0 or 1), kInt32 (0 or 1) or kFloat64 (0.0 or 1.0);
//   COUNT and NUMBER items: kInt32 or kFloat64;
//   CHOICE items: kInt32, the index of the choice in the definition.
// "Not answered" is NaN in kFloat64 columns and kNotAnsweredInt32 (INT32_MIN,
// as R's NA_integer_) in kInt32 columns; kBool8 columns have no such value. An
// absent column means the item was answered by nobody. The instrument's
// missing-item rule then applies per row exactly as in single scoring.
//
// Any invalid value (a negative count, a boolean of 2, an age below the
// minimum) fails the whole call with INVALID_ARGUMENT naming the item and the
// row (the first such row); outputs are then unspecified. With
// BatchOptions::threads, one call scores its rows on several cores: each
// thread takes a contiguous block of rows, and the results are the same as
// on one.
#ifndef REENTRY_ASSESS_BATCH_H_
#define REENTRY_ASSESS_BATCH_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "reentry/assess/instrument.h"

namespace reentry {

// "Not answered" in a kInt32 column (REENTRY_NOT_ANSWERED_INT32 in C).
inline constexpr int32_t kNotAnsweredInt32 = INT32_MIN;

// The numbers equal REENTRY_COLUMN_* of the C ABI.
enum class ColumnType : int { kBool8 = 1, kInt32 = 2, kFloat64 = 3 };

struct Column {
  absl::string_view item_id;
  ColumnType type = ColumnType::kInt32;
  // n_rows values of `type`.
  const void* data = nullptr;
};

// Where to write one scale's results; a null pointer means "not wanted".
// Asking for a scaled score, flag or level the scale does not define is an
// error.
struct ScaleOutput {
  absl::string_view scale_id;
  double* raw_score = nullptr;
  int32_t* scaled_score = nullptr;
  uint8_t* flag = nullptr;
  // Index into the scale's levels (0 = lowest).
  int32_t* level = nullptr;
};

struct BatchOptions {
  // The norm group whose tables score every row; empty: the instrument's
  // default.
  absl::string_view norm_group;
  // Threads to score with: 1 (or 0) scores on the calling thread; n > 1 uses
  // up to n; kAllThreads every hardware thread. Never more than one thread
  // per kMinRowsPerThread rows, where starting one would cost more than it
  // saves. Other negative values are INVALID_ARGUMENT.
  int threads = 1;
};

// BatchOptions::threads: every hardware thread (REENTRY_THREADS_ALL in C).
inline constexpr int kAllThreads = -1;

// Below this many rows per thread, extra threads are not started.
inline constexpr size_t kMinRowsPerThread = 32 * 1024;

// Scores `n_rows` people.
absl::Status ScoreColumns(const Instrument& instrument, absl::Span<const Column> columns,
                          size_t n_rows, absl::Span<const ScaleOutput> outputs,
                          const BatchOptions& options = BatchOptions());

// The name of the kernel variant this CPU runs ("kernel_x86_64_v3_ops", ...),
// for benchmarks and diagnostics.
absl::string_view BatchKernelName();

}  // namespace reentry

#endif  // REENTRY_ASSESS_BATCH_H_
