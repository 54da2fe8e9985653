#include "engine/embedded.h"

#include "absl/strings/str_cat.h"
#include "engine/module.h"
#include "util/definition.h"
#include "util/status.h"

namespace reentry::engine_internal {
namespace {

absl::StatusOr<std::shared_ptr<const Definitions>> CompileBuiltins() {
  const MethodTable& table = MethodTable::Default();
  auto definitions = std::make_shared<Definitions>();
  std::vector<bool> used(kEmbeddedFileCount, false);
  for (const auto& kind : table.kinds()) {
    const std::string& type = kind->prototype->GetDescriptor()->full_name();
    for (std::size_t i = 0; i < kEmbeddedFileCount; ++i) {
      const EmbeddedFile& file = kEmbeddedFiles[i];
      const absl::string_view text(file.data, file.size);
      if (internal::DeclaredMessageType(text) != type) continue;
      used[i] = true;
      std::unique_ptr<google::protobuf::Message> message(kind->prototype->New());
      if (auto s = internal::ParseTextProto(text, file.name, message.get()); !s.ok()) return s;
      auto definition =
          CompileDefinition(*kind, std::move(message), *definitions, /*builtin=*/true);
      if (!definition.ok()) {
        return internal::Annotate(definition.status(), absl::StrCat(file.name, ": "));
      }
      if (auto s = definitions->Insert(*std::move(definition)); !s.ok()) {
        return internal::Annotate(s, absl::StrCat(file.name, ": "));
      }
    }
  }
  for (std::size_t i = 0; i < kEmbeddedFileCount; ++i) {
    if (!used[i]) {
      return absl::InternalError(
          absl::StrCat(kEmbeddedFiles[i].name, ": declares no message type of a definition kind"));
    }
  }
  return std::shared_ptr<const Definitions>(std::move(definitions));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Definitions>> BuiltinDefinitions() {
  static const auto* const builtin =
      new absl::StatusOr<std::shared_ptr<const Definitions>>(CompileBuiltins());
  return *builtin;
}

}  // namespace reentry::engine_internal
