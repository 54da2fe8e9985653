// The engine's own rpcs: what every kind of definition shares.
#include "engine/module.h"
#include "reentry/v1/definition.pb.h"
#include "util/status.h"

namespace reentry::engine_internal {
namespace {

absl::Status ListDefinitions(const CallContext& context, const v1::ListDefinitionsRequest& request,
                             v1::ListDefinitionsResponse* response) {
  const MethodTable& table = MethodTable::Default();
  if (!request.kind().empty() && table.Kind(request.kind()) == nullptr) {
    std::string kinds;
    for (const auto& kind : table.kinds()) {
      absl::StrAppend(&kinds, kinds.empty() ? "" : ", ", kind->name);
    }
    return internal::InvalidField("kind", "unknown kind ", internal::Quoted(request.kind()),
                                  " (kinds: ", kinds, ")");
  }
  for (const auto& kind : table.kinds()) {
    if (!request.kind().empty() && kind->name != request.kind()) continue;
    for (const Definition* definition : context.definitions.All(kind->name)) {
      *response->add_definitions() = definition->Summary();
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterEngineModule(Registrar& registrar) {
  registrar.Rpc("ListDefinitions", ListDefinitions);
}

}  // namespace reentry::engine_internal
