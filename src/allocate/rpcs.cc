// The allocate module's rpc: Allocate, on a loaded network.
#include "engine/module.h"
#include "reentry/allocate/allocate.h"
#include "reentry/network/network.h"
#include "reentry/v1/allocate.pb.h"

namespace reentry::engine_internal {
namespace {

absl::Status AllocateRpc(const CallContext& context, const v1::AllocateRequest& request,
                         v1::AllocateResponse* response) {
  auto network = context.definitions.Get<Network>(request.network_id(), request.network_version());
  if (!network.ok()) return network.status();
  return Allocate(**network, request, response);
}

}  // namespace

void RegisterAllocateModule(Registrar& registrar) { registrar.Rpc("Allocate", AllocateRpc); }

}  // namespace reentry::engine_internal
