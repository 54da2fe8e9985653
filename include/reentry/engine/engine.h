// reentry/engine/engine.h: the facade hosts call, and the C ABI wraps.
//
// An Engine holds loaded, validated definitions (the builtin instruments and
// any a host loads) and answers the rpcs of service reentry.v1.Engine. Every
// call is a pure function of the request and the loaded definitions.
//
// Thread safety: an Engine may be shared by any number of threads without
// locks around calls. Loaded definitions are immutable; LoadInstrument
// publishes a new set of definitions atomically, and calls already running
// keep the set they started with. Loading is meant for start-up; it is safe,
// but serialized, at any time.
#ifndef REENTRY_ENGINE_ENGINE_H_
#define REENTRY_ENGINE_ENGINE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "reentry/assess/batch.h"
#include "reentry/assess/instrument.h"
#include "reentry/v1/engine.pb.h"

namespace reentry {

class Engine {
 public:
  struct Options {
    // Load psa, pattern and reentry_needs_screen.
    bool builtin_instruments = true;
  };

  // How a serialized request and its response are encoded.
  enum class Encoding { kBinary, kJson };

  static absl::StatusOr<std::unique_ptr<Engine>> Create(const Options& options);
  static absl::StatusOr<std::unique_ptr<Engine>> Create() { return Create(Options()); }
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // rpc Score: NOT_FOUND for an unknown instrument or version; otherwise as
  // ScoreAssessment (reentry/assess/scorer.h).
  absl::StatusOr<v1::ScoreResponse> Score(const v1::ScoreRequest& request) const;
  // rpc ListInstruments.
  absl::StatusOr<v1::ListInstrumentsResponse> ListInstruments(
      const v1::ListInstrumentsRequest& request) const;
  // rpc DescribeInstrument: NOT_FOUND for an unknown instrument or version.
  absl::StatusOr<v1::DescribeInstrumentResponse> DescribeInstrument(
      const v1::DescribeInstrumentRequest& request) const;
  // rpc LoadInstrument: INVALID_ARGUMENT for an invalid definition,
  // ALREADY_EXISTS when that id and version is loaded.
  absl::StatusOr<v1::LoadInstrumentResponse> LoadInstrument(
      const v1::LoadInstrumentRequest& request);

  // The instrument `id` at `version` (empty: the newest), or NOT_FOUND.
  absl::StatusOr<std::shared_ptr<const Instrument>> FindInstrument(
      absl::string_view id, absl::string_view version = {}) const;

  // Batch scoring with the newest version of `instrument_id`
  // (reentry/assess/batch.h).
  absl::Status ScoreColumns(absl::string_view instrument_id, absl::string_view norm_group,
                            absl::Span<const Column> columns, size_t n_rows,
                            absl::Span<const ScaleOutput> outputs) const;

  // Calls rpc `method` with a serialized request and appends the serialized
  // response to `*response`, both in `encoding` (JSON: proto3 JSON mapping,
  // every field printed in lowerCamelCase; either spelling read). Reusing one
  // string across calls avoids allocating. UNIMPLEMENTED for an unknown
  // method, INVALID_ARGUMENT for a request that does not parse; on failure
  // `*response` is unchanged.
  absl::Status Call(absl::string_view method, absl::string_view request, Encoding encoding,
                    std::string* response);

  // The rpc names of service reentry.v1.Engine.
  static std::vector<std::string> Methods();

 private:
  struct State;
  Engine();

  std::unique_ptr<State> state_;
};

}  // namespace reentry

#endif  // REENTRY_ENGINE_ENGINE_H_
