// The assess module's rpcs and definition kind: Score, ListInstruments,
// DescribeInstrument, LoadInstrument, and instruments as definitions.
#include "absl/strings/str_cat.h"
#include "assess/compiled.h"
#include "assess/score_request_json.h"
#include "assess/scored.h"
#include "engine/module.h"
#include "engine/serialized.h"
#include "reentry/assess/instrument.h"
#include "reentry/assess/scorer.h"
#include "reentry/v1/assessment.pb.h"
#include "util/status.h"

namespace reentry::engine_internal {
namespace {

absl::StatusOr<std::shared_ptr<const Instrument>> CompileInstrument(
    const v1::InstrumentDefinition& definition, const Definitions&) {
  return Instrument::Compile(definition);
}

v1::InstrumentSummary Summarize(const Definition& loaded) {
  const v1::InstrumentDefinition& definition = MessageOf<v1::InstrumentDefinition>(loaded);
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

absl::Status Score(const CallContext& context, const v1::ScoreRequest& request,
                   v1::ScoreResponse* response) {
  auto instrument =
      context.definitions.Get<Instrument>(request.instrument_id(), request.instrument_version());
  if (!instrument.ok()) return instrument.status();
  return ScoreAssessment(**instrument, request, response->mutable_result());
}

// The serialized Score: the request read on a stack-seeded arena (JSON by the
// fast reader where it can), the result written straight into the response
// bytes (assess/scored.h), with the bytes protobuf would write.
absl::Status ScoreSerialized(const CallContext& context, absl::string_view bytes, Encoding encoding,
                             std::string* out) {
  StackArena stack;
  auto* request = google::protobuf::Arena::CreateMessage<v1::ScoreRequest>(&stack.arena);
  if (encoding != Encoding::kJson || !internal::ParseScoreRequestJsonFast(bytes, request)) {
    // Parsing replaces what the fast reader may have read.
    if (auto s = ParseRequest(bytes, encoding, request); !s.ok()) return s;
  }
  auto instrument = context.definitions.Find(Instrument::kKind, request->instrument_id(),
                                             request->instrument_version());
  if (!instrument.ok()) return instrument.status();
  // Reused per thread: its vectors keep their memory between calls.
  thread_local assess_internal::Scored scored;
  scored.Reset();
  const auto& scoring = *static_cast<const Instrument*>((*instrument)->object.get());
  if (auto s = assess_internal::Score(assess_internal::Compiled(scoring), *request, &scored);
      !s.ok()) {
    return s;
  }
  if (encoding == Encoding::kJson) {
    assess_internal::AppendScoreResponseJson(scored, assess_internal::Fragments(scoring), out);
  } else {
    assess_internal::AppendScoreResponseBinary(scored, assess_internal::Fragments(scoring), out);
  }
  return absl::OkStatus();
}

absl::Status ListInstruments(const CallContext& context, const v1::ListInstrumentsRequest&,
                             v1::ListInstrumentsResponse* response) {
  for (const Definition* loaded : context.definitions.All(Instrument::kKind)) {
    *response->add_instruments() = Summarize(*loaded);
  }
  return absl::OkStatus();
}

absl::Status DescribeInstrument(const CallContext& context,
                                const v1::DescribeInstrumentRequest& request,
                                v1::DescribeInstrumentResponse* response) {
  auto loaded = context.definitions.Find(Instrument::kKind, request.instrument_id(),
                                         request.instrument_version());
  if (!loaded.ok()) return loaded.status();
  *response->mutable_definition() = MessageOf<v1::InstrumentDefinition>(**loaded);
  return absl::OkStatus();
}

absl::Status LoadInstrument(const CallContext& context, const v1::LoadInstrumentRequest& request,
                            v1::LoadInstrumentResponse* response) {
  auto summary = LoadFromRequest(context, Instrument::kKind, request);
  if (!summary.ok()) return summary.status();
  auto loaded = context.store.Acquire()->Find(Instrument::kKind, summary->id(), summary->version());
  if (!loaded.ok()) return loaded.status();
  *response->mutable_instrument() = Summarize(**loaded);
  return absl::OkStatus();
}

}  // namespace

void RegisterAssessModule(Registrar& registrar) {
  registrar.Kind(CompileInstrument);
  registrar.Rpc("Score", Score);
  registrar.Serialized("Score", ScoreSerialized);
  registrar.Rpc("ListInstruments", ListInstruments);
  registrar.Rpc("DescribeInstrument", DescribeInstrument);
  registrar.Rpc("LoadInstrument", LoadInstrument);
}

}  // namespace reentry::engine_internal
