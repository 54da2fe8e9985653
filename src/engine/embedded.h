// The builtin definitions embedded at build time (cmake/EmbedFiles.cmake), in
// the order CMakeLists.txt lists them, and their compiled forms.
#ifndef REENTRY_SRC_ENGINE_EMBEDDED_H_
#define REENTRY_SRC_ENGINE_EMBEDDED_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/registry.h"

namespace reentry::engine_internal {

struct EmbeddedFile {
  const char* name;  // path in the source tree, e.g. "instruments/psa.textproto"
  const char* data;
  std::size_t size;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;

// Every builtin definition, compiled once per process (in the order of the
// kinds, then of the files) and shared by every Engine: they are immutable.
// Fails only if a builtin definition is invalid, which the tests rule out.
absl::StatusOr<std::shared_ptr<const Definitions>> BuiltinDefinitions();

// The compiled builtin objects of one kind, for modules' accessors that work
// without an Engine (BuiltinInstruments(), ...).
template <typename T>
absl::StatusOr<std::vector<std::shared_ptr<const T>>> BuiltinObjects() {
  auto builtin = BuiltinDefinitions();
  if (!builtin.ok()) return builtin.status();
  std::vector<std::shared_ptr<const T>> objects;
  for (const Definition* definition : (*builtin)->All(T::kKind)) {
    objects.push_back(std::static_pointer_cast<const T>(definition->object));
  }
  return objects;
}

}  // namespace reentry::engine_internal

#endif  // REENTRY_SRC_ENGINE_EMBEDDED_H_
