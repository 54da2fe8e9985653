// Batch scoring internals shared with tests: every kernel variant this CPU
// can run, and scoring with a chosen one (so tests compare them all).
#ifndef REENTRY_SRC_ASSESS_BATCH_INTERNAL_H_
#define REENTRY_SRC_ASSESS_BATCH_INTERNAL_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "assess/batch_kernel.h"
#include "reentry/assess/batch.h"

namespace reentry::assess_internal {

// Best first; the last is the baseline.
std::vector<const KernelOps*> AvailableKernelOps();

absl::Status ScoreColumnsWith(const KernelOps& ops, const Instrument& instrument,
                              absl::Span<const Column> columns, size_t n_rows,
                              absl::Span<const ScaleOutput> outputs, const BatchOptions& options);

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_BATCH_INTERNAL_H_
