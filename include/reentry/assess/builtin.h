// reentry/assess/builtin.h: the instruments that ship inside the library.
//
//   psa                   Public Safety Assessment (FTA, NCA, NVCA)
//   pattern               PATTERN, the First Step Act tool (general, violent;
//                         male and female tables)
//   reentry_needs_screen  the open reentry needs screen: need domains,
//                         strengths and responsivity for case planning
//
// Their definitions (instruments/*.textproto) are embedded at build time, so a
// host needs no data files at run time.
#ifndef REENTRY_ASSESS_BUILTIN_H_
#define REENTRY_ASSESS_BUILTIN_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "reentry/assess/instrument.h"

namespace reentry {

// Every builtin instrument, compiled once per process and shared (they are
// immutable). Fails only if a builtin definition is invalid, which the
// library's tests rule out.
absl::StatusOr<std::vector<std::shared_ptr<const Instrument>>> BuiltinInstruments();

}  // namespace reentry

#endif  // REENTRY_ASSESS_BUILTIN_H_
