// The monitor module's rpcs and definition kind: LoadPolicy, DescribePolicy,
// Monitor, and supervision policies as definitions (validated against the
// loaded calendars).
#include "engine/module.h"
#include "monitor/resolve.h"
#include "reentry/calendar/calendar.h"
#include "reentry/monitor/monitor.h"
#include "reentry/monitor/policy.h"
#include "reentry/network/network.h"
#include "reentry/network/referral.h"
#include "reentry/v1/monitor.pb.h"

namespace reentry::engine_internal {
namespace {

// The policy reports use when a request names none.
constexpr absl::string_view kBuiltinPolicy = "reentry_policy";

absl::StatusOr<std::shared_ptr<const Policy>> CompilePolicy(const v1::PolicyDefinition& definition,
                                                            const Definitions& loaded) {
  std::vector<std::string> calendar_ids;
  for (const Definition* calendar : loaded.All(Calendar::kKind)) {
    calendar_ids.push_back(calendar->id);
  }
  return Policy::Compile(definition, calendar_ids);
}

absl::Status LoadPolicy(const CallContext& context, const v1::LoadPolicyRequest& request,
                        v1::LoadPolicyResponse* response) {
  auto summary = LoadFromRequest(context, Policy::kKind, request);
  if (!summary.ok()) return summary.status();
  *response->mutable_definition() = *std::move(summary);
  return absl::OkStatus();
}

absl::Status DescribePolicy(const CallContext& context, const v1::DescribePolicyRequest& request,
                            v1::DescribePolicyResponse* response) {
  auto loaded = context.definitions.Find(
      Policy::kKind, request.policy_id().empty() ? kBuiltinPolicy : request.policy_id(),
      request.policy_version());
  if (!loaded.ok()) return loaded.status();
  *response->mutable_definition() = MessageOf<v1::PolicyDefinition>(**loaded);
  return absl::OkStatus();
}

absl::Status MonitorRpc(const CallContext& context, const v1::MonitorRequest& request,
                        v1::MonitorResponse* response) {
  auto inputs = ResolveMonitorInputs(context, request.policy_id(), request.policy_version());
  if (!inputs.ok()) return inputs.status();
  return Monitor(request, *inputs->policy, *inputs->calendar, inputs->overdue_reports,
                 response->mutable_report());
}

}  // namespace

absl::StatusOr<MonitorInputs> ResolveMonitorInputs(const CallContext& context,
                                                   const std::string& policy_id,
                                                   const std::string& policy_version) {
  MonitorInputs inputs;
  auto policy = context.definitions.Get<Policy>(policy_id.empty() ? kBuiltinPolicy : policy_id,
                                                policy_version);
  if (!policy.ok()) return policy.status();
  inputs.policy = *std::move(policy);
  auto calendar = context.definitions.Get<Calendar>(inputs.policy->definition().calendar_id(), "");
  if (!calendar.ok()) return calendar.status();
  inputs.calendar = *std::move(calendar);
  // A referral's overdue reports, in its receiving agency's calendar, from
  // the network version it was made in.
  inputs.overdue_reports =
      [&context](const v1::Referral& referral,
                 absl::CivilDay as_of) -> absl::StatusOr<std::vector<v1::OverdueReport>> {
    auto network =
        context.definitions.Get<Network>(referral.network_id(), referral.network_version());
    if (!network.ok()) return network.status();
    return OverdueReports(**network, referral, as_of);
  };
  return inputs;
}

void RegisterMonitorModule(Registrar& registrar) {
  registrar.Kind(CompilePolicy);
  registrar.Rpc("LoadPolicy", LoadPolicy);
  registrar.Rpc("DescribePolicy", DescribePolicy);
  registrar.Rpc("Monitor", MonitorRpc);
}

}  // namespace reentry::engine_internal
