#include "reentry/engine/engine.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/embedded.h"
#include "engine/module.h"
#include "engine/serialized.h"
#include "util/status.h"

namespace reentry {

using engine_internal::CallContext;
using engine_internal::Definitions;
using engine_internal::DefinitionStore;
using engine_internal::Method;
using engine_internal::MethodTable;

struct Engine::State {
  explicit State(std::shared_ptr<const Definitions> initial) : store(std::move(initial)) {}

  DefinitionStore store;
};

Engine::Engine() = default;
Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(const Options& options) {
  const MethodTable& table = MethodTable::Default();
  if (!table.problems().empty()) {
    return absl::InternalError(absl::StrCat("the library's method table is inconsistent: ",
                                            absl::StrJoin(table.problems(), "; ")));
  }
  std::shared_ptr<const Definitions> initial = std::make_shared<Definitions>();
  if (options.builtin_definitions) {
    auto builtin = engine_internal::BuiltinDefinitions();
    if (!builtin.ok()) return builtin.status();
    initial = *std::move(builtin);
  }
  std::unique_ptr<Engine> engine(new Engine());
  engine->state_ = std::make_unique<State>(std::move(initial));
  return engine;
}

namespace {

absl::Status UnknownMethod(absl::string_view method) {
  return internal::WithField(
      absl::UnimplementedError(absl::StrCat("method: ", internal::Quoted(method),
                                            " is not an rpc of reentry.v1.Engine (methods: ",
                                            absl::StrJoin(Engine::Methods(), ", "), ")")),
      "method");
}

}  // namespace

absl::Status Engine::Call(const google::protobuf::Message& request,
                          google::protobuf::Message* response) {
  const Method* method = MethodTable::Default().ForRequest(request.GetDescriptor());
  if (method == nullptr) {
    return internal::WithField(
        absl::UnimplementedError(absl::StrCat("request: no rpc of reentry.v1.Engine takes a ",
                                              request.GetDescriptor()->full_name())),
        "request");
  }
  if (response->GetDescriptor() != method->response_prototype->GetDescriptor()) {
    return internal::InvalidField("response", "rpc ", method->descriptor->name(), " answers with ",
                                  method->response_prototype->GetDescriptor()->full_name(),
                                  ", not ", response->GetDescriptor()->full_name());
  }
  response->Clear();
  const std::shared_ptr<const Definitions> definitions = state_->store.Acquire();
  return method->handler(CallContext{*definitions, state_->store}, request, response);
}

absl::Status Engine::Call(absl::string_view name, absl::string_view request, Encoding encoding,
                          std::string* response) {
  const Method* method = MethodTable::Default().Find(name);
  if (method == nullptr) return UnknownMethod(name);
  const std::shared_ptr<const Definitions> definitions = state_->store.Acquire();
  const CallContext context{*definitions, state_->store};
  if (method->serialized) return method->serialized(context, request, encoding, response);
  engine_internal::StackArena stack;
  google::protobuf::Message* parsed = method->request_prototype->New(&stack.arena);
  if (auto s = engine_internal::ParseRequest(request, encoding, parsed); !s.ok()) return s;
  google::protobuf::Message* answer = method->response_prototype->New(&stack.arena);
  if (auto s = method->handler(context, *parsed, answer); !s.ok()) return s;
  return engine_internal::SerializeResponse(*answer, encoding, response);
}

std::vector<std::string> Engine::Methods() {
  std::vector<std::string> methods;
  for (const Method* method : MethodTable::Default().methods()) {
    methods.push_back(method->descriptor->name());
  }
  return methods;
}

absl::StatusOr<std::shared_ptr<const void>> Engine::FindObject(absl::string_view kind,
                                                               std::type_index type,
                                                               absl::string_view id,
                                                               absl::string_view version) const {
  const std::shared_ptr<const Definitions> definitions = state_->store.Acquire();
  auto found = definitions->Find(kind, id, version);
  if (!found.ok()) return found.status();
  if ((*found)->kind->object_type != type) {
    return absl::InternalError(absl::StrCat("kind ", kind, " holds another type"));
  }
  return (*found)->object;
}

}  // namespace reentry
