// The share module's rpcs: Share (on a loaded network) and CheckConsent.
#include "engine/module.h"
#include "reentry/network/network.h"
#include "reentry/share/share.h"
#include "reentry/v1/share.pb.h"

namespace reentry::engine_internal {
namespace {

absl::Status ShareRpc(const CallContext& context, const v1::ShareRequest& request,
                      v1::ShareResponse* response) {
  auto network = context.definitions.Get<Network>(request.network_id(), request.network_version());
  if (!network.ok()) return network.status();
  return Share(**network, request, response);
}

absl::Status CheckConsentRpc(const CallContext&, const v1::CheckConsentRequest& request,
                             v1::CheckConsentResponse* response) {
  auto checked = CheckConsent(request.consent());
  if (!checked.ok()) return checked.status();
  *response = *std::move(checked);
  return absl::OkStatus();
}

}  // namespace

void RegisterShareModule(Registrar& registrar) {
  registrar.Rpc("Share", ShareRpc);
  registrar.Rpc("CheckConsent", CheckConsentRpc);
}

}  // namespace reentry::engine_internal
