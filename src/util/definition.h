// What every kind of definition shares before its own validation: text format
// parsed with the file, line and column of the first error; generic limits;
// and the header every definition has (id, version, title), with the prefix
// every definition error starts with ("calendar 'us_federal' version 2026: ").
#ifndef REENTRY_SRC_UTIL_DEFINITION_H_
#define REENTRY_SRC_UTIL_DEFINITION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "util/status.h"

namespace reentry::internal {

// The most text a definition may have (RESOURCE_EXHAUSTED beyond it): far
// above any real definition (PATTERN is about 60 KiB), far below what would
// cost a host memory.
inline constexpr size_t kMaxDefinitionTextBytes = 8u << 20;

// Parses `text` into `message` (cleared first). Errors are INVALID_ARGUMENT
// about field `text`: "<source_name>:<line>:<column>: <problem>".
absl::Status ParseTextProto(absl::string_view text, absl::string_view source_name,
                            google::protobuf::Message* message);

// Limits every definition keeps, whatever its kind (INVALID_ARGUMENT naming
// the field and the limit): far above any real definition, far below what
// would cost a host memory or time.
inline constexpr size_t kMaxDefinitionStringBytes = 64 * 1024;
inline constexpr int kMaxDefinitionListLength = 100'000;

// The first field of `definition` beyond those limits, or OK.
absl::Status CheckDefinitionLimits(const google::protobuf::Message& definition);

// The prefix of every error about a definition: "<kind> '<id>' version <v>: "
// (the id and version quoted as host input).
std::string DefinitionPrefix(absl::string_view kind, absl::string_view id,
                             absl::string_view version);

// INVALID_ARGUMENT about `field` of a definition: "<prefix><field>: <parts>",
// with the field path attached.
template <typename... Parts>
absl::Status DefinitionError(absl::string_view prefix, absl::string_view field,
                             const Parts&... parts) {
  return WithField(absl::InvalidArgumentError(absl::StrCat(prefix, field, ": ", parts...)), field);
}

// Checks the header every definition has: `id` lower snake_case (at most 64
// characters), `version` dot-separated numbers, `title` present.
absl::Status CheckDefinitionHeader(absl::string_view kind, absl::string_view id,
                                   absl::string_view version, absl::string_view title);

// The message type a definition file declares in its header comment
// ("# proto-message: reentry.v1.InstrumentDefinition"); empty when none.
std::string DeclaredMessageType(absl::string_view text);

}  // namespace reentry::internal

#endif  // REENTRY_SRC_UTIL_DEFINITION_H_
