// Definitions in protobuf text format, the format of instruments/ and
// catalogs/: parsed with the file, line and column of the first error.
#ifndef REENTRY_SRC_UTIL_TEXT_FORMAT_H_
#define REENTRY_SRC_UTIL_TEXT_FORMAT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

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

// The message type a definition file declares in its header comment
// ("# proto-message: reentry.v1.InstrumentDefinition"); empty when none.
std::string DeclaredMessageType(absl::string_view text);

}  // namespace reentry::internal

#endif  // REENTRY_SRC_UTIL_TEXT_FORMAT_H_
