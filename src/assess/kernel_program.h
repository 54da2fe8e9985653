// The batch kernel's program compiler: turns one norm group of a compiled
// instrument into the KernelProgram the vectorized kernel runs (item slots,
// predicates, per-scale terms, thresholds and table lookups). Definition
// validation is elsewhere (compiler.cc); this only rewrites what is valid.
#ifndef REENTRY_SRC_ASSESS_KERNEL_PROGRAM_H_
#define REENTRY_SRC_ASSESS_KERNEL_PROGRAM_H_

#include "assess/compiled.h"

namespace reentry::assess_internal {

// The program of norm group `group` of `instrument` (whose items, scales and
// norms are compiled).
KernelProgram BuildKernelProgram(const CompiledInstrument& instrument, int group);

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_KERNEL_PROGRAM_H_
