// reentry/assess/instrument.h: a validated, ready-to-score instrument.
//
// An instrument (PSA, PATTERN, the reentry needs screen, or one a host defines)
// is data: a reentry.v1.InstrumentDefinition, usually written in protobuf text
// format under instruments/. Compiling a definition validates all of it (item
// types and bands, every rule's items and answers, raw -> scaled tables without
// gaps, cut points in order, norm groups, missing-item rules, reassessment
// intervals) and prepares it for scoring; an invalid definition is rejected
// with a message naming the instrument, the field and the problem.
//
// An Instrument is immutable, so one may be shared by any number of threads.
#ifndef REENTRY_ASSESS_INSTRUMENT_H_
#define REENTRY_ASSESS_INSTRUMENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reentry/v1/instrument.pb.h"

namespace reentry {

namespace assess_internal {
struct CompiledInstrument;
struct InstrumentAccess;
struct ResultFragments;
}  // namespace assess_internal

class Instrument {
 public:
  // The kind of definition an instrument is, in the engine's registry.
  static constexpr absl::string_view kKind = "instrument";

  // Validates `definition` and prepares it for scoring.
  static absl::StatusOr<std::shared_ptr<const Instrument>> Compile(
      v1::InstrumentDefinition definition);

  // Parses a definition in protobuf text format and compiles it. Parse errors
  // carry `source_name`, line and column ("psa.textproto:12:5: ...").
  static absl::StatusOr<std::shared_ptr<const Instrument>> ParseText(absl::string_view text,
                                                                     absl::string_view source_name);

  ~Instrument();
  Instrument(const Instrument&) = delete;
  Instrument& operator=(const Instrument&) = delete;

  // The definition as compiled.
  const v1::InstrumentDefinition& definition() const;
  const std::string& id() const;
  const std::string& version() const;

 private:
  explicit Instrument(std::unique_ptr<const assess_internal::CompiledInstrument> compiled);
  friend struct assess_internal::InstrumentAccess;

  std::unique_ptr<const assess_internal::CompiledInstrument> compiled_;
  // What the serialized-result writers copy instead of encoding each time.
  std::unique_ptr<const assess_internal::ResultFragments> fragments_;
};

// Parses protobuf text format into a definition without validating it.
absl::StatusOr<v1::InstrumentDefinition> ParseInstrumentText(absl::string_view text,
                                                             absl::string_view source_name);

}  // namespace reentry

#endif  // REENTRY_ASSESS_INSTRUMENT_H_
