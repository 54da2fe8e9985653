// The instrument definitions embedded at build time (cmake/EmbedFiles.cmake).
#ifndef REENTRY_SRC_ASSESS_BUILTIN_H_
#define REENTRY_SRC_ASSESS_BUILTIN_H_

#include <cstddef>

namespace reentry::assess_internal {

struct EmbeddedFile {
  const char* name;  // path in the source tree, e.g. "instruments/psa.textproto"
  const char* data;
  std::size_t size;
};

extern const EmbeddedFile kBuiltinDefinitionFiles[];
extern const std::size_t kBuiltinDefinitionFileCount;

}  // namespace reentry::assess_internal

#endif  // REENTRY_SRC_ASSESS_BUILTIN_H_
