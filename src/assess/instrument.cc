#include "reentry/assess/instrument.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "assess/compiled.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "util/status.h"

namespace reentry {
namespace {

// Keeps the first parse error with its line and column (1-based).
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (message_.empty()) {
      line_ = line + 1;
      column_ = column + 1;
      message_ = message;
    }
  }
  void AddWarning(int, int, const std::string&) override {}

  std::string Describe(absl::string_view source_name) const {
    return absl::StrCat(source_name.empty() ? "<text>" : source_name, ":", line_, ":", column_,
                        ": ", message_.empty() ? "malformed text format" : message_);
  }

 private:
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

}  // namespace

absl::StatusOr<v1::InstrumentDefinition> ParseInstrumentText(absl::string_view text,
                                                             absl::string_view source_name) {
  v1::InstrumentDefinition definition;
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  // Text beyond 2 GiB cannot be parsed; nothing near that size is a definition.
  if (text.size() > (64u << 20)) {
    return internal::WithField(
        absl::InvalidArgumentError(absl::StrCat(source_name, ": definition text of ", text.size(),
                                                " bytes exceeds 64 MiB")),
        "text");
  }
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  if (!parser.Parse(&input, &definition)) {
    return internal::WithField(absl::InvalidArgumentError(errors.Describe(source_name)), "text");
  }
  return definition;
}

Instrument::Instrument(std::unique_ptr<const assess_internal::CompiledInstrument> compiled)
    : compiled_(std::move(compiled)) {}

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
