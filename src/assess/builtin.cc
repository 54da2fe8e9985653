#include "reentry/assess/builtin.h"

#include "engine/embedded.h"

namespace reentry {

absl::StatusOr<std::vector<std::shared_ptr<const Instrument>>> BuiltinInstruments() {
  return engine_internal::BuiltinObjects<Instrument>();
}

}  // namespace reentry
