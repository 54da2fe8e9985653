// The summary module's rpc: Summarize.
#include "monitor/resolve.h"
#include "reentry/summary/summary.h"

namespace reentry::engine_internal {
namespace {

absl::Status SummarizeRpc(const CallContext& context, const v1::SummarizeRequest& request,
                          v1::SummarizeResponse* response) {
  auto inputs = ResolveMonitorInputs(context, request.policy_id(), request.policy_version());
  if (!inputs.ok()) return inputs.status();
  auto summary = Summarize(request, *inputs->policy, *inputs->calendar, inputs->overdue_reports);
  if (!summary.ok()) return summary.status();
  response->set_markdown(RenderSummaryMarkdown(*summary));
  *response->mutable_summary() = *std::move(summary);
  return absl::OkStatus();
}

}  // namespace

void RegisterSummaryModule(Registrar& registrar) { registrar.Rpc("Summarize", SummarizeRpc); }

}  // namespace reentry::engine_internal
