#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/module.h"
#include "reentry/v1/engine.pb.h"
#include "util/definition.h"
#include "util/status.h"

namespace reentry::engine_internal {
namespace {

const google::protobuf::ServiceDescriptor& EngineService() {
  return *v1::Error::descriptor()->file()->FindServiceByName("Engine");
}

}  // namespace

const Method* MethodTable::Find(absl::string_view name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second.get();
}

const Method* MethodTable::ForRequest(const google::protobuf::Descriptor* request) const {
  const auto it = by_request_.find(request);
  return it == by_request_.end() ? nullptr : it->second;
}

const DefinitionKind* MethodTable::Kind(absl::string_view name) const {
  for (const auto& kind : kinds_) {
    if (kind->name == name) return kind.get();
  }
  return nullptr;
}

void Registrar::Add(absl::string_view name, std::unique_ptr<Method> method) {
  const auto* descriptor = EngineService().FindMethodByName(std::string(name));
  if (descriptor == nullptr) {
    problems_.push_back(absl::StrCat("rpc ", name, " is not in service reentry.v1.Engine"));
    return;
  }
  if (descriptor->input_type() != method->request_prototype->GetDescriptor() ||
      descriptor->output_type() != method->response_prototype->GetDescriptor()) {
    problems_.push_back(absl::StrCat("rpc ", name, " is registered with types other than ",
                                     descriptor->input_type()->full_name(), " -> ",
                                     descriptor->output_type()->full_name()));
    return;
  }
  if (table_->by_name_.contains(name)) {
    problems_.push_back(absl::StrCat("rpc ", name, " is registered twice"));
    return;
  }
  method->descriptor = descriptor;
  table_->by_request_[descriptor->input_type()] = method.get();
  table_->by_name_[std::string(name)] = std::move(method);
  // Keep the service's order.
  table_->ordered_.clear();
  for (int i = 0; i < EngineService().method_count(); ++i) {
    if (const Method* m = table_->Find(EngineService().method(i)->name())) {
      table_->ordered_.push_back(m);
    }
  }
}

void Registrar::Serialized(absl::string_view name,
                           absl::Status (*serialized)(const CallContext&, absl::string_view,
                                                      Encoding, std::string*)) {
  const auto it = table_->by_name_.find(name);
  if (it == table_->by_name_.end()) {
    problems_.push_back(absl::StrCat("fast path for rpc ", name, " before the rpc"));
    return;
  }
  it->second->serialized = serialized;
}

absl::StatusOr<v1::DefinitionSummary> LoadFromRequest(const CallContext& context,
                                                      absl::string_view kind_name,
                                                      const google::protobuf::Message& request) {
  const DefinitionKind* kind = MethodTable::Default().Kind(kind_name);
  const auto* type = request.GetDescriptor();
  const auto* reflection = request.GetReflection();
  const auto* definition_field = type->FindFieldByName("definition");
  const auto* text_field = type->FindFieldByName("text");
  const auto* source_field = type->FindFieldByName("source_name");
  if (kind == nullptr || definition_field == nullptr || text_field == nullptr ||
      source_field == nullptr) {
    return absl::InternalError(
        absl::StrCat(type->full_name(), " is not a Load request of kind ", kind_name));
  }
  const std::string source_name = reflection->GetString(request, source_field);
  std::unique_ptr<google::protobuf::Message> definition(kind->prototype->New());
  if (reflection->HasField(request, definition_field)) {
    definition->CopyFrom(reflection->GetMessage(request, definition_field));
  } else if (reflection->HasField(request, text_field)) {
    if (auto s = internal::ParseTextProto(reflection->GetString(request, text_field), source_name,
                                          definition.get());
        !s.ok()) {
      return s;
    }
  } else {
    return internal::InvalidField("source", "give the ", kind_name,
                                  " as `definition` (a message) or as `text` (text format)");
  }
  auto summary = context.store.Load(*kind, std::move(definition));
  if (!summary.ok() && !source_name.empty()) {
    return internal::Annotate(summary.status(),
                              absl::StrCat(internal::Shortened(source_name), ": "));
  }
  return summary;
}

}  // namespace reentry::engine_internal
