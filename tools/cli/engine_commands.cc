// The engine commands: any rpc by name, the rpc list, loaded definitions of
// every kind, and loading (validating) definition files of any kind.
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/cli.h"
#include "google/protobuf/descriptor.h"
#include "reentry/v1/definition.pb.h"
#include "reentry/v1/engine.pb.h"

namespace reentry::cli {
namespace {

int Call(Engine& engine, const Args& args) {
  if (args.positional.size() != 1) {
    return Fail(absl::InvalidArgumentError("call needs one METHOD (see `reentry methods`)"));
  }
  const std::string input = args.Flag("input", "-");
  std::string request;
  if (auto s = ReadInput(input, &request); !s.ok()) return Fail(s);
  std::string response;
  if (auto s = engine.Call(args.positional[0], request, Engine::Encoding::kJson, &response);
      !s.ok()) {
    return Fail(s);
  }
  std::cout << response << "\n";
  return kExitOk;
}

int Methods(Engine&, const Args&) {
  for (const std::string& method : Engine::Methods()) std::cout << method << "\n";
  return kExitOk;
}

int Definitions(Engine& engine, const Args& args) {
  v1::ListDefinitionsRequest request;
  request.set_kind(args.Flag("kind"));
  auto response = engine.Call<v1::ListDefinitionsResponse>(request);
  if (!response.ok()) return Fail(response.status());
  if (args.Flag("format", "table") == "json") {
    std::cout << Json(*response) << "\n";
    return kExitOk;
  }
  std::cout << absl::StrFormat("%-11s %-24s %-9s %-8s %s\n", "kind", "id", "version", "builtin",
                               "title");
  for (const auto& d : response->definitions()) {
    std::cout << absl::StrFormat("%-11s %-24s %-9s %-8s %s\n", d.kind(), d.id(), d.version(),
                                 d.builtin() ? "yes" : "no", d.title());
  }
  return kExitOk;
}

// The Load rpc whose request takes a `definition` of message type `type`.
const google::protobuf::MethodDescriptor* LoadMethodFor(const std::string& type) {
  const auto* service = v1::Error::descriptor()->file()->FindServiceByName("Engine");
  for (int i = 0; i < service->method_count(); ++i) {
    const auto* field = service->method(i)->input_type()->FindFieldByName("definition");
    if (field != nullptr && field->message_type() != nullptr &&
        field->message_type()->full_name() == type) {
      return service->method(i);
    }
  }
  return nullptr;
}

int Load(Engine& engine, const Args& args) {
  if (args.positional.empty()) {
    return Fail(absl::InvalidArgumentError("load needs definition files"));
  }
  for (const std::string& path : args.positional) {
    std::string text;
    if (auto s = ReadInput(path, &text); !s.ok()) return Fail(s);
    // The file's header names its message type ("# proto-message: ...").
    std::string type;
    const std::string marker = "proto-message:";
    const auto at = text.find(marker);
    if (at != std::string::npos) {
      const auto end = text.find('\n', at);
      type = text.substr(at + marker.size(), end - at - marker.size());
      type.erase(0, type.find_first_not_of(" \t"));
      type.erase(type.find_last_not_of(" \t\r") + 1);
    }
    const auto* method = LoadMethodFor(type);
    if (method == nullptr) {
      return Fail(absl::InvalidArgumentError(
          absl::StrCat(path,
                       ": the header must name a definition type, e.g. "
                       "\"# proto-message: reentry.v1.InstrumentDefinition\" (found '",
                       type, "')")));
    }
    const auto* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(method->input_type());
    std::unique_ptr<google::protobuf::Message> request(prototype->New());
    const auto* descriptor = request->GetDescriptor();
    request->GetReflection()->SetString(request.get(), descriptor->FindFieldByName("text"), text);
    request->GetReflection()->SetString(request.get(), descriptor->FindFieldByName("source_name"),
                                        path);
    const auto* response_prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(method->output_type());
    std::unique_ptr<google::protobuf::Message> response(response_prototype->New());
    if (auto s = engine.Call(*request, response.get()); !s.ok()) return Fail(s);
    std::cout << path << ": valid " << method->name().substr(4) << "\n";
  }
  return kExitOk;
}

}  // namespace

const Command kCallCommand = {
    "call", "call any rpc with a JSON request; prints the JSON response",
    "  reentry call <METHOD> [--input <request.json|->]   (default: standard input)\n", Call};
const Command kMethodsCommand = {"methods", "list the rpcs of service reentry.v1.Engine",
                                 "  reentry methods\n", Methods};
const Command kDefinitionsCommand = {
    "definitions", "list loaded definitions of every kind",
    "  reentry definitions [--kind instrument|calendar|catalog|policy|network] "
    "[--format table|json]\n",
    Definitions};
const Command kLoadCommand = {"load", "validate definition files of any kind (text format)",
                              "  reentry load <definition.textproto>...\n", Load};

}  // namespace reentry::cli
