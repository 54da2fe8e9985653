// The FHIR module's rpcs: ExportFhir and ImportConsent (no definitions).
#include "engine/module.h"
#include "reentry/fhir/fhir.h"

namespace reentry::engine_internal {
namespace {

absl::Status ExportFhirRpc(const CallContext&, const v1::ExportFhirRequest& request,
                           v1::ExportFhirResponse* response) {
  return ExportFhir(request, response);
}

absl::Status ImportConsentRpc(const CallContext&, const v1::ImportConsentRequest& request,
                              v1::ImportConsentResponse* response) {
  return ImportConsent(request, response);
}

}  // namespace

void RegisterFhirModule(Registrar& registrar) {
  registrar.Rpc("ExportFhir", ExportFhirRpc);
  registrar.Rpc("ImportConsent", ImportConsentRpc);
}

}  // namespace reentry::engine_internal
