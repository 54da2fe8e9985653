// reentry/engine/engine.h: the facade hosts call, and the C ABI wraps.
//
// An Engine holds loaded, validated definitions (the builtin instruments,
// calendars, catalogs, policies and networks, and any a host loads) and
// answers the rpcs of service reentry.v1.Engine (proto/reentry/v1/
// engine.proto). Every call is a pure function of its request and the
// definitions loaded when it started.
//
//   auto engine = reentry::Engine::Create();
//   v1::ScoreRequest request = ...;
//   absl::StatusOr<v1::ScoreResponse> scored =
//       (*engine)->Call<v1::ScoreResponse>(request);
//
// Thread safety: an Engine may be shared by any number of threads without
// locks around calls. Definitions are immutable; a Load rpc publishes a new
// set atomically, calls already running keep the set they started with, and
// a set is freed when the last call holding it ends. Loads are serialized
// among themselves and never block other calls.
#ifndef REENTRY_ENGINE_ENGINE_H_
#define REENTRY_ENGINE_ENGINE_H_

#include <memory>
#include <string>
#include <typeindex>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace reentry {

class Engine {
 public:
  struct Options {
    // Load the builtin definitions (instruments psa, pattern and
    // reentry_needs_screen, and the builtin calendars, catalogs, policies and
    // networks).
    bool builtin_definitions = true;
  };

  // How a serialized request and its response are encoded.
  enum class Encoding { kBinary, kJson };

  static absl::StatusOr<std::unique_ptr<Engine>> Create(const Options& options);
  static absl::StatusOr<std::unique_ptr<Engine>> Create() { return Create(Options()); }
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Calls the rpc whose request type is Request's, e.g.
  // Call<v1::PlanResponse>(plan_request).
  template <typename Response, typename Request>
  absl::StatusOr<Response> Call(const Request& request) {
    Response response;
    if (auto s = Call(request, &response); !s.ok()) return s;
    return response;
  }

  // Calls the rpc whose request type is `request`'s, writing into
  // `response` (cleared first; it may live on an arena). UNIMPLEMENTED when
  // no rpc takes that request type; INVALID_ARGUMENT when `response` is not
  // the rpc's response type.
  absl::Status Call(const google::protobuf::Message& request, google::protobuf::Message* response);

  // Calls rpc `method` with a serialized request and appends the serialized
  // response to `*response`, both in `encoding` (JSON: proto3 JSON mapping,
  // every field printed in lowerCamelCase; either spelling read). Reusing one
  // string across calls avoids allocating. UNIMPLEMENTED for a method that is
  // not an rpc of the service, INVALID_ARGUMENT for a request that does not
  // parse (naming the field), RESOURCE_EXHAUSTED for one beyond the size
  // limit; on failure `*response` is unchanged.
  absl::Status Call(absl::string_view method, absl::string_view request, Encoding encoding,
                    std::string* response);

  // The rpc names this library answers, in the order of the service.
  static std::vector<std::string> Methods();

  // A loaded definition, compiled: T is a definition class (Instrument,
  // Calendar, ...) naming its kind as T::kKind. `version` empty: the newest.
  // NOT_FOUND naming "<kind>_id" or "<kind>_version" when absent.
  template <typename T>
  absl::StatusOr<std::shared_ptr<const T>> Find(absl::string_view id,
                                                absl::string_view version = {}) const {
    auto object = FindObject(T::kKind, typeid(T), id, version);
    if (!object.ok()) return object.status();
    return std::static_pointer_cast<const T>(*std::move(object));
  }

 private:
  struct State;
  Engine();
  absl::StatusOr<std::shared_ptr<const void>> FindObject(absl::string_view kind,
                                                         std::type_index type, absl::string_view id,
                                                         absl::string_view version) const;

  std::unique_ptr<State> state_;
};

}  // namespace reentry

#endif  // REENTRY_ENGINE_ENGINE_H_
