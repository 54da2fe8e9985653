// How a module plugs into the engine: it registers its definition kinds and
// its rpcs once, through a Registrar, and owns their handlers. The engine
// owns the registry and the dispatch; dispatch, Engine::Methods(), the CLI's
// generic call and the fuzzers' method choice all read the one method table
// this builds. Adding an rpc is a change in its module and its .proto only.
//
// A handler is a pure function of its request and the definitions the call
// sees (CallContext); per-person data (events, consents, service loads) is
// always request input, never engine state.
#ifndef REENTRY_SRC_ENGINE_MODULE_H_
#define REENTRY_SRC_ENGINE_MODULE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/registry.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "reentry/engine/engine.h"

namespace reentry::engine_internal {

using Encoding = Engine::Encoding;
class Registrar;

// What a handler may use besides its request.
struct CallContext {
  // The definitions published when the call started.
  const Definitions& definitions;
  // For the Load rpcs: publishes a new definition.
  DefinitionStore& store;
};

// One rpc of service reentry.v1.Engine.
struct Method {
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  const google::protobuf::Message* request_prototype = nullptr;
  const google::protobuf::Message* response_prototype = nullptr;
  // Runs the rpc on parsed messages (the response is empty on entry).
  std::function<absl::Status(const CallContext&, const google::protobuf::Message& request,
                             google::protobuf::Message* response)>
      handler;
  // Optional: the whole serialized call (parse, run, write), for an rpc whose
  // measured fast path writes its response directly. It must give the bytes
  // the generic path would.
  std::function<absl::Status(const CallContext&, absl::string_view request, Encoding encoding,
                             std::string* response)>
      serialized;
};

// The rpcs and definition kinds of every module, immutable once built.
class MethodTable {
 public:
  // Every module's registrations (engine/modules.cc).
  static const MethodTable& Default();
  // A table of the modules `register_modules` registers (tests build partial
  // ones).
  static std::unique_ptr<MethodTable> Build(void (*register_modules)(Registrar&));

  // The rpc named `name`; null when it is not registered.
  const Method* Find(absl::string_view name) const;
  // The rpc whose request type is `request`'s; null when none.
  const Method* ForRequest(const google::protobuf::Descriptor* request) const;
  // Registered rpcs, in the order of the service.
  const std::vector<const Method*>& methods() const { return ordered_; }
  // Definition kinds, in the order loading needs (each may depend on the
  // ones before it).
  const std::vector<std::unique_ptr<DefinitionKind>>& kinds() const { return kinds_; }
  const DefinitionKind* Kind(absl::string_view name) const;
  // Registration mistakes (library bugs); empty in a correct build.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  friend class Registrar;
  std::vector<std::string> problems_;
  absl::flat_hash_map<std::string, std::unique_ptr<Method>> by_name_;
  absl::flat_hash_map<const google::protobuf::Descriptor*, const Method*> by_request_;
  std::vector<const Method*> ordered_;
  std::vector<std::unique_ptr<DefinitionKind>> kinds_;
};

// What a module calls to register. Registering an rpc the service does not
// declare, or with other request or response types, is a bug the engine
// reports (INTERNAL) when it is created; tests rule it out.
class Registrar {
 public:
  explicit Registrar(MethodTable* table) : table_(table) {}

  // Registers rpc `name`, answered by `handler`.
  template <typename Request, typename Response>
  void Rpc(absl::string_view name,
           absl::Status (*handler)(const CallContext&, const Request&, Response*)) {
    auto method = std::make_unique<Method>();
    method->request_prototype = &Request::default_instance();
    method->response_prototype = &Response::default_instance();
    method->handler = [handler](const CallContext& context,
                                const google::protobuf::Message& request,
                                google::protobuf::Message* response) {
      return handler(context, static_cast<const Request&>(request),
                     static_cast<Response*>(response));
    };
    Add(name, std::move(method));
  }

  // Gives rpc `name` (registered already) a serialized fast path.
  void Serialized(absl::string_view name,
                  absl::Status (*serialized)(const CallContext&, absl::string_view request,
                                             Encoding encoding, std::string* response));

  // A definition kind whose objects are T (T::kKind is its name), compiled
  // from DefinitionMessage. Kinds register in the order loading needs.
  template <typename T, typename DefinitionMessage>
  void Kind(absl::StatusOr<std::shared_ptr<const T>> (*compile)(const DefinitionMessage&,
                                                                const Definitions&)) {
    auto kind = std::make_unique<DefinitionKind>();
    kind->name = std::string(T::kKind);
    kind->prototype = &DefinitionMessage::default_instance();
    kind->object_type = typeid(T);
    kind->compile = [compile](
                        const google::protobuf::Message& message,
                        const Definitions& loaded) -> absl::StatusOr<std::shared_ptr<const void>> {
      auto object = compile(static_cast<const DefinitionMessage&>(message), loaded);
      if (!object.ok()) return object.status();
      return std::shared_ptr<const void>(*std::move(object));
    };
    table_->kinds_.push_back(std::move(kind));
  }

  // Problems found while registering (empty when none).
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  void Add(absl::string_view name, std::unique_ptr<Method> method);

  MethodTable* table_;
  std::vector<std::string> problems_;
};

// The generic body of a Load<Kind> rpc: reads the request's `definition`
// (a message) or `text` (text format) and `source_name` by reflection, then
// compiles and publishes it. Errors name the source and the field.
absl::StatusOr<v1::DefinitionSummary> LoadFromRequest(const CallContext& context,
                                                      absl::string_view kind,
                                                      const google::protobuf::Message& request);

// The definition message of a loaded definition, typed.
template <typename DefinitionMessage>
const DefinitionMessage& MessageOf(const Definition& definition) {
  return static_cast<const DefinitionMessage&>(*definition.message);
}

// Each module's registration (the list is in engine/modules.cc).
void RegisterEngineModule(Registrar& registrar);
void RegisterCalendarModule(Registrar& registrar);
void RegisterAssessModule(Registrar& registrar);
void RegisterPlanModule(Registrar& registrar);
void RegisterValidateModule(Registrar& registrar);
void RegisterNetworkModule(Registrar& registrar);
void RegisterAllocateModule(Registrar& registrar);
void RegisterShareModule(Registrar& registrar);
void RegisterMonitorModule(Registrar& registrar);
void RegisterSummaryModule(Registrar& registrar);
void RegisterFhirModule(Registrar& registrar);

}  // namespace reentry::engine_internal

#endif  // REENTRY_SRC_ENGINE_MODULE_H_
