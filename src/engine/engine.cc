#include "reentry/engine/engine.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <mutex>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "assess/compiled.h"
#include "assess/evaluate.h"
#include "assess/scored.h"
#include "engine/score_request_json.h"
#include "google/protobuf/util/json_util.h"
#include "reentry/assess/builtin.h"
#include "reentry/assess/scorer.h"
#include "util/status.h"

namespace reentry {
namespace {

using internal::InvalidField;

struct Loaded {
  std::shared_ptr<const Instrument> instrument;
  bool builtin = false;
};

v1::InstrumentSummary Summarize(const Loaded& loaded) {
  const v1::InstrumentDefinition& definition = loaded.instrument->definition();
  v1::InstrumentSummary summary;
  summary.set_id(definition.id());
  summary.set_version(definition.version());
  summary.set_title(definition.title());
  summary.set_builtin(loaded.builtin);
  for (const auto& group : definition.norm_groups()) summary.add_norm_groups(group.id());
  for (const auto& scale : definition.scales()) summary.add_scales(scale.id());
  summary.set_item_count(definition.items_size());
  return summary;
}

const google::protobuf::ServiceDescriptor& EngineService() {
  return *v1::Error::descriptor()->file()->FindServiceByName("Engine");
}

// ---- Serialized calls -------------------------------------------------------

absl::Status ParseRequest(absl::string_view bytes, Engine::Encoding encoding,
                          google::protobuf::Message* request) {
  if (encoding == Engine::Encoding::kBinary) {
    if (bytes.size() > static_cast<size_t>(INT_MAX) ||
        !request->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return internal::WithField(
          absl::InvalidArgumentError(absl::StrCat("request is not a valid binary ",
                                                  request->GetDescriptor()->full_name())),
          "request");
    }
    return absl::OkStatus();
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(bytes.data(), bytes.size()), request, options);
  if (!status.ok()) {
    return internal::WithField(
        absl::InvalidArgumentError(absl::StrCat("request is not a valid JSON ",
                                                request->GetDescriptor()->full_name(), ": ",
                                                std::string(status.message()))),
        "request");
  }
  return absl::OkStatus();
}

absl::Status SerializeResponse(const google::protobuf::Message& response, Engine::Encoding encoding,
                               std::string* out) {
  if (encoding == Engine::Encoding::kBinary) {
    if (!response.AppendToString(out)) {
      return absl::InternalError(
          absl::StrCat("cannot serialize ", response.GetDescriptor()->full_name()));
    }
    return absl::OkStatus();
  }
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(response, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print ", response.GetDescriptor()->full_name(),
                                            " as JSON: ", std::string(status.message())));
  }
  out->append(json);
  return absl::OkStatus();
}

// An arena whose first block is on the stack: a call's messages allocate
// nothing on the heap until they outgrow it.
struct StackArena {
  static google::protobuf::ArenaOptions Options(char* block, size_t size) {
    google::protobuf::ArenaOptions options;
    options.initial_block = block;
    options.initial_block_size = size;
    return options;
  }
  alignas(16) char block[16 * 1024];
  google::protobuf::Arena arena{Options(block, sizeof block)};
};

// Parses the request, runs `handler(request, &response)` and serializes the
// response, all on a StackArena.
template <typename Request, typename Response, typename Handler>
absl::Status Invoke(absl::string_view bytes, Engine::Encoding encoding, std::string* out,
                    Handler handler) {
  StackArena stack;
  google::protobuf::Arena& arena = stack.arena;
  auto* request = google::protobuf::Arena::CreateMessage<Request>(&arena);
  if (auto s = ParseRequest(bytes, encoding, request); !s.ok()) return s;
  auto* response = google::protobuf::Arena::CreateMessage<Response>(&arena);
  if (auto s = handler(*request, response); !s.ok()) return s;
  return SerializeResponse(*response, encoding, out);
}

// The definitions one set of calls sees: instruments by id, versions oldest
// first. Immutable once published.
struct Registry {
  absl::flat_hash_map<std::string, std::vector<Loaded>> by_id;
};

}  // namespace

struct Engine::State {
  const Registry& Current() const { return *current.load(std::memory_order_acquire); }

  // The rpcs, writing into a response the caller owns (perhaps on an arena).
  absl::Status Score(const v1::ScoreRequest& request, v1::ScoreResponse* response) const;
  absl::Status ListInstruments(v1::ListInstrumentsResponse* response) const;
  absl::Status DescribeInstrument(const v1::DescribeInstrumentRequest& request,
                                  v1::DescribeInstrumentResponse* response) const;
  absl::Status LoadInstrument(const v1::LoadInstrumentRequest& request,
                              v1::LoadInstrumentResponse* response);
  // The serialized Score: the request read on a stack-seeded arena (JSON by
  // the fast reader where it can), the result written straight into the
  // response bytes (assess/scored.h).
  absl::Status CallScore(absl::string_view bytes, Encoding encoding, std::string* out) const;
  // The loaded instrument, alive as long as the Engine.
  absl::StatusOr<const Loaded*> Find(absl::string_view id, absl::string_view version) const;

  // Publishes `next`; every registry ever published is kept until the Engine
  // is destroyed, so a running call never sees its definitions freed.
  void Publish(std::unique_ptr<const Registry> next) {
    current.store(next.get(), std::memory_order_release);
    registries.push_back(std::move(next));
  }

  std::atomic<const Registry*> current{nullptr};
  std::mutex load_mutex;  // serializes loads
  std::vector<std::unique_ptr<const Registry>> registries;
};

Engine::Engine() : state_(std::make_unique<State>()) {}
Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(const Options& options) {
  auto registry = std::make_unique<Registry>();
  if (options.builtin_instruments) {
    auto builtin = BuiltinInstruments();
    if (!builtin.ok()) return builtin.status();
    for (const auto& instrument : *builtin) {
      registry->by_id[instrument->id()].push_back({instrument, true});
    }
    for (auto& [id, versions] : registry->by_id) {
      std::sort(versions.begin(), versions.end(), [](const Loaded& a, const Loaded& b) {
        return assess_internal::CompareVersions(
                   assess_internal::Compiled(*a.instrument).version_parts,
                   assess_internal::Compiled(*b.instrument).version_parts) < 0;
      });
    }
  }
  std::unique_ptr<Engine> engine(new Engine());
  engine->state_->Publish(std::move(registry));
  return engine;
}

absl::StatusOr<const Loaded*> Engine::State::Find(absl::string_view id,
                                                  absl::string_view version) const {
  if (id.empty()) return InvalidField("instrument_id", "is required");
  const Registry& registry = Current();
  const auto it = registry.by_id.find(id);
  if (it == registry.by_id.end()) {
    std::vector<std::string> known;
    for (const auto& [known_id, versions] : registry.by_id) known.push_back(known_id);
    std::sort(known.begin(), known.end());
    return internal::WithField(
        absl::NotFoundError(absl::StrCat("instrument_id: unknown instrument '", id,
                                         "' (loaded: ", absl::StrJoin(known, ", "), ")")),
        "instrument_id");
  }
  const std::vector<Loaded>& versions = it->second;
  if (version.empty()) return &versions.back();
  for (const Loaded& loaded : versions) {
    if (loaded.instrument->version() == version) return &loaded;
  }
  std::vector<std::string> known;
  for (const Loaded& loaded : versions) known.push_back(loaded.instrument->version());
  return internal::WithField(
      absl::NotFoundError(absl::StrCat("instrument_version: instrument '", id, "' has no version '",
                                       version, "' (loaded: ", absl::StrJoin(known, ", "), ")")),
      "instrument_version");
}

absl::Status Engine::State::Score(const v1::ScoreRequest& request,
                                  v1::ScoreResponse* response) const {
  auto loaded = Find(request.instrument_id(), request.instrument_version());
  if (!loaded.ok()) return loaded.status();
  return assess_internal::ScoreInto(*(*loaded)->instrument, request, response->mutable_result());
}

absl::Status Engine::State::CallScore(absl::string_view bytes, Encoding encoding,
                                      std::string* out) const {
  StackArena stack;
  google::protobuf::Arena& arena = stack.arena;
  auto* request = google::protobuf::Arena::CreateMessage<v1::ScoreRequest>(&arena);
  if (encoding != Encoding::kJson || !internal::ParseScoreRequestJsonFast(bytes, request)) {
    // Parsing replaces what the fast path may have read.
    if (auto s = ParseRequest(bytes, encoding, request); !s.ok()) return s;
  }
  auto loaded = Find(request->instrument_id(), request->instrument_version());
  if (!loaded.ok()) return loaded.status();
  // Reused per thread: its vectors keep their memory between calls.
  thread_local assess_internal::Scored scored;
  scored.Reset();
  const auto& compiled = assess_internal::Compiled(*(*loaded)->instrument);
  if (auto s = assess_internal::Score(compiled, *request, &scored); !s.ok()) return s;
  if (encoding == Encoding::kJson) {
    assess_internal::AppendScoreResponseJson(scored, out);
  } else {
    assess_internal::AppendScoreResponseBinary(scored, out);
  }
  return absl::OkStatus();
}

absl::Status Engine::State::ListInstruments(v1::ListInstrumentsResponse* response) const {
  const Registry& registry = Current();
  std::vector<std::string> ids;
  for (const auto& [id, versions] : registry.by_id) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (const std::string& id : ids) {
    for (const Loaded& loaded : registry.by_id.at(id)) {
      *response->add_instruments() = Summarize(loaded);
    }
  }
  return absl::OkStatus();
}

absl::Status Engine::State::DescribeInstrument(const v1::DescribeInstrumentRequest& request,
                                               v1::DescribeInstrumentResponse* response) const {
  auto loaded = Find(request.instrument_id(), request.instrument_version());
  if (!loaded.ok()) return loaded.status();
  *response->mutable_definition() = (*loaded)->instrument->definition();
  return absl::OkStatus();
}

absl::Status Engine::State::LoadInstrument(const v1::LoadInstrumentRequest& request,
                                           v1::LoadInstrumentResponse* response) {
  absl::StatusOr<std::shared_ptr<const Instrument>> instrument;
  switch (request.source_case()) {
    case v1::LoadInstrumentRequest::kDefinition:
      instrument = Instrument::Compile(request.definition());
      if (!instrument.ok() && !request.source_name().empty()) {
        instrument =
            internal::Annotate(instrument.status(), absl::StrCat(request.source_name(), ": "));
      }
      break;
    case v1::LoadInstrumentRequest::kText:
      instrument = Instrument::ParseText(request.text(), request.source_name());
      break;
    default:
      return InvalidField("source", "give the definition as `definition` or as `text`");
  }
  if (!instrument.ok()) return instrument.status();

  std::lock_guard<std::mutex> lock(load_mutex);
  auto next = std::make_unique<Registry>(Current());
  std::vector<Loaded>& versions = next->by_id[(*instrument)->id()];
  const auto& parts = assess_internal::Compiled(**instrument).version_parts;
  auto position = versions.begin();
  for (; position != versions.end(); ++position) {
    const int order = assess_internal::CompareVersions(
        assess_internal::Compiled(*position->instrument).version_parts, parts);
    if (order == 0) {
      return internal::WithField(
          absl::AlreadyExistsError(absl::StrCat(
              "instrument '", (*instrument)->id(), "' version ", position->instrument->version(),
              " is already loaded", position->builtin ? " (builtin)" : "",
              "; load a new version instead of replacing one")),
          "definition.version");
    }
    if (order > 0) break;
  }
  const Loaded loaded{*instrument, false};
  versions.insert(position, loaded);
  Publish(std::move(next));
  *response->mutable_instrument() = Summarize(loaded);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Instrument>> Engine::FindInstrument(
    absl::string_view id, absl::string_view version) const {
  auto loaded = state_->Find(id, version);
  if (!loaded.ok()) return loaded.status();
  return (*loaded)->instrument;
}

absl::StatusOr<v1::ScoreResponse> Engine::Score(const v1::ScoreRequest& request) const {
  v1::ScoreResponse response;
  if (auto s = state_->Score(request, &response); !s.ok()) return s;
  return response;
}

absl::StatusOr<v1::ListInstrumentsResponse> Engine::ListInstruments(
    const v1::ListInstrumentsRequest&) const {
  v1::ListInstrumentsResponse response;
  if (auto s = state_->ListInstruments(&response); !s.ok()) return s;
  return response;
}

absl::StatusOr<v1::DescribeInstrumentResponse> Engine::DescribeInstrument(
    const v1::DescribeInstrumentRequest& request) const {
  v1::DescribeInstrumentResponse response;
  if (auto s = state_->DescribeInstrument(request, &response); !s.ok()) return s;
  return response;
}

absl::StatusOr<v1::LoadInstrumentResponse> Engine::LoadInstrument(
    const v1::LoadInstrumentRequest& request) {
  v1::LoadInstrumentResponse response;
  if (auto s = state_->LoadInstrument(request, &response); !s.ok()) return s;
  return response;
}

absl::Status Engine::ScoreColumns(absl::string_view instrument_id, absl::string_view norm_group,
                                  absl::Span<const Column> columns, size_t n_rows,
                                  absl::Span<const ScaleOutput> outputs) const {
  auto loaded = state_->Find(instrument_id, "");
  if (!loaded.ok()) return loaded.status();
  return reentry::ScoreColumns(*(*loaded)->instrument, norm_group, columns, n_rows, outputs);
}

std::vector<std::string> Engine::Methods() {
  std::vector<std::string> methods;
  const auto& service = EngineService();
  for (int i = 0; i < service.method_count(); ++i) methods.push_back(service.method(i)->name());
  return methods;
}

absl::Status Engine::Call(absl::string_view method, absl::string_view request, Encoding encoding,
                          std::string* response) {
  State& state = *state_;
  if (method == "Score") return state.CallScore(request, encoding, response);
  if (method == "ListInstruments") {
    return Invoke<v1::ListInstrumentsRequest, v1::ListInstrumentsResponse>(
        request, encoding, response,
        [&](const auto&, auto* out) { return state.ListInstruments(out); });
  }
  if (method == "DescribeInstrument") {
    return Invoke<v1::DescribeInstrumentRequest, v1::DescribeInstrumentResponse>(
        request, encoding, response,
        [&](const auto& r, auto* out) { return state.DescribeInstrument(r, out); });
  }
  if (method == "LoadInstrument") {
    return Invoke<v1::LoadInstrumentRequest, v1::LoadInstrumentResponse>(
        request, encoding, response,
        [&](const auto& r, auto* out) { return state.LoadInstrument(r, out); });
  }
  return internal::WithField(
      absl::UnimplementedError(absl::StrCat(
          "method '", method,
          "' is not an rpc of reentry.v1.Engine (methods: ", absl::StrJoin(Methods(), ", "), ")")),
      "method");
}

}  // namespace reentry
