#include "reentry/assess/instrument.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "assess/compiled.h"
#include "assess/scored.h"
#include "util/definition.h"
#include "util/status.h"

namespace reentry {
absl::StatusOr<v1::InstrumentDefinition> ParseInstrumentText(absl::string_view text,
                                                             absl::string_view source_name) {
  v1::InstrumentDefinition definition;
  if (auto s = internal::ParseTextProto(text, source_name, &definition); !s.ok()) return s;
  return definition;
}

Instrument::Instrument(std::unique_ptr<const assess_internal::CompiledInstrument> compiled)
    : compiled_(std::move(compiled)),
      fragments_(std::make_unique<assess_internal::ResultFragments>(
          assess_internal::BuildResultFragments(*compiled_))) {}

Instrument::~Instrument() = default;

absl::StatusOr<std::shared_ptr<const Instrument>> Instrument::Compile(
    v1::InstrumentDefinition definition) {
  auto compiled = assess_internal::CompileDefinition(std::move(definition));
  if (!compiled.ok()) return compiled.status();
  return assess_internal::InstrumentAccess::Wrap(*std::move(compiled));
}

absl::StatusOr<std::shared_ptr<const Instrument>> Instrument::ParseText(
    absl::string_view text, absl::string_view source_name) {
  auto definition = ParseInstrumentText(text, source_name);
  if (!definition.ok()) return definition.status();
  auto instrument = Compile(*std::move(definition));
  if (!instrument.ok() && !source_name.empty()) {
    return internal::Annotate(instrument.status(), absl::StrCat(source_name, ": "));
  }
  return instrument;
}

const v1::InstrumentDefinition& Instrument::definition() const { return compiled_->definition; }
const std::string& Instrument::id() const { return compiled_->definition.id(); }
const std::string& Instrument::version() const { return compiled_->definition.version(); }

}  // namespace reentry
