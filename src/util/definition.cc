#include "util/definition.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "util/ids.h"
#include "util/status.h"

namespace reentry::internal {
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

absl::Status CheckLimits(const google::protobuf::Message& message, const std::string& path) {
  const auto* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    const std::string name = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
    if (field->is_repeated()) {
      const int size = reflection->FieldSize(message, field);
      if (size > kMaxDefinitionListLength) {
        return InvalidField(name, size, " entries exceed the limit of ", kMaxDefinitionListLength);
      }
      for (int i = 0; i < size; ++i) {
        const std::string element = absl::StrCat(name, "[", i, "]");
        if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
          std::string scratch;
          const std::string& value =
              reflection->GetRepeatedStringReference(message, field, i, &scratch);
          if (value.size() > kMaxDefinitionStringBytes) {
            return InvalidField(element, value.size(), " bytes exceed the limit of ",
                                kMaxDefinitionStringBytes);
          }
        } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
          if (auto s = CheckLimits(reflection->GetRepeatedMessage(message, field, i), element);
              !s.ok()) {
            return s;
          }
        }
      }
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
      std::string scratch;
      const std::string& value = reflection->GetStringReference(message, field, &scratch);
      if (value.size() > kMaxDefinitionStringBytes) {
        return InvalidField(name, value.size(), " bytes exceed the limit of ",
                            kMaxDefinitionStringBytes);
      }
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (auto s = CheckLimits(reflection->GetMessage(message, field), name); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckDefinitionLimits(const google::protobuf::Message& definition) {
  return CheckLimits(definition, "");
}

absl::Status ParseTextProto(absl::string_view text, absl::string_view source_name,
                            google::protobuf::Message* message) {
  message->Clear();
  if (text.size() > kMaxDefinitionTextBytes) {
    return WithField(absl::ResourceExhaustedError(absl::StrCat(
                         "text: ", Quoted(source_name), ": definition text of ", text.size(),
                         " bytes exceeds the limit of ", kMaxDefinitionTextBytes, " bytes")),
                     "text");
  }
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  if (!parser.Parse(&input, message)) {
    return WithField(absl::InvalidArgumentError(ValidUtf8(errors.Describe(Shortened(source_name)))),
                     "text");
  }
  return absl::OkStatus();
}

std::string DefinitionPrefix(absl::string_view kind, absl::string_view id,
                             absl::string_view version) {
  return absl::StrCat(kind, " ", Quoted(id), version.empty() ? "" : " version ", Shortened(version),
                      ": ");
}

absl::Status CheckDefinitionHeader(absl::string_view kind, absl::string_view id,
                                   absl::string_view version, absl::string_view title) {
  const std::string prefix = DefinitionPrefix(kind, id, version);
  if (!IsIdentifier(id)) {
    return DefinitionError(prefix, "id", Quoted(id), " is not a valid ", kind,
                           " id (lower snake_case, starting with a letter, at most ", kMaxIdLength,
                           " characters)");
  }
  if (!ParseVersion(version).has_value()) {
    return DefinitionError(prefix, "version", Quoted(version),
                           " is not a version (dot-separated numbers such as 2026 or 1.3)");
  }
  if (title.empty()) return DefinitionError(prefix, "title", "is required");
  return absl::OkStatus();
}

std::string DeclaredMessageType(absl::string_view text) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, "#")) break;  // the header ends at the first non-comment
    line = absl::StripLeadingAsciiWhitespace(line);
    if (absl::ConsumePrefix(&line, "proto-message:")) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return "";
}

}  // namespace reentry::internal
