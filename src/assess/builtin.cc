#include "reentry/assess/builtin.h"

#include "absl/strings/string_view.h"
#include "assess/builtin.h"

namespace reentry {

absl::StatusOr<std::vector<std::shared_ptr<const Instrument>>> BuiltinInstruments() {
  // Compiled on first use; immutable afterwards, so sharing is safe.
  static const auto* const builtin =
      new absl::StatusOr<std::vector<std::shared_ptr<const Instrument>>>(
          []() -> absl::StatusOr<std::vector<std::shared_ptr<const Instrument>>> {
            std::vector<std::shared_ptr<const Instrument>> instruments;
            for (std::size_t i = 0; i < assess_internal::kBuiltinDefinitionFileCount; ++i) {
              const auto& file = assess_internal::kBuiltinDefinitionFiles[i];
              auto instrument =
                  Instrument::ParseText(absl::string_view(file.data, file.size), file.name);
              if (!instrument.ok()) return instrument.status();
              instruments.push_back(*std::move(instrument));
            }
            return instruments;
          }());
  return *builtin;
}

}  // namespace reentry
