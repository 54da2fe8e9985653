// The validate module's rpc: Validate, from score rows or from raw answers
// scored with a loaded instrument.
#include "engine/module.h"
#include "reentry/assess/instrument.h"
#include "reentry/v1/validation.pb.h"
#include "reentry/validate/validate.h"

namespace reentry::engine_internal {
namespace {

absl::Status Validate(const CallContext& context, const v1::ValidateRequest& request,
                      v1::ValidateResponse* response) {
  absl::StatusOr<v1::ValidationReport> report;
  if (request.instrument_id().empty() && request.assessed_rows().empty()) {
    report = reentry::Validate(request);
  } else {
    auto instrument =
        context.definitions.Get<Instrument>(request.instrument_id(), request.instrument_version());
    if (!instrument.ok()) return instrument.status();
    report = reentry::Validate(request, **instrument);
  }
  if (!report.ok()) return report.status();
  *response->mutable_report() = *std::move(report);
  return absl::OkStatus();
}

}  // namespace

void RegisterValidateModule(Registrar& registrar) { registrar.Rpc("Validate", Validate); }

}  // namespace reentry::engine_internal
