// The network module's rpcs and definition kind: LoadNetwork, DescribeNetwork,
// Match, Refer, UpdateReferral, Handoff, and networks as definitions (loaded after
// calendars, instruments and catalogs, which they refer to).
#include "engine/module.h"
#include "reentry/assess/instrument.h"
#include "reentry/calendar/calendar.h"
#include "reentry/network/handoff.h"
#include "reentry/network/match.h"
#include "reentry/network/network.h"
#include "reentry/network/referral.h"
#include "reentry/v1/network.pb.h"

namespace reentry::engine_internal {
namespace {

// Adds the string values of fields named like a domain anywhere in `message`
// (a catalog's rules and task templates: "domain", "service_domain",
// "service_domains"), read by reflection so the check needs no catalog type.
void CollectDomains(const google::protobuf::Message& message,
                    absl::flat_hash_set<std::string>* domains) {
  const auto* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          CollectDomains(reflection->GetRepeatedMessage(message, field, i), domains);
        }
      } else {
        CollectDomains(reflection->GetMessage(message, field), domains);
      }
      continue;
    }
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) continue;
    const std::string& name = field->name();
    if (name != "domain" && name != "service_domain" && name != "service_domains") continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        const std::string value = reflection->GetRepeatedString(message, field, i);
        if (!value.empty()) domains->insert(value);
      }
    } else {
      const std::string value = reflection->GetString(message, field);
      if (!value.empty()) domains->insert(value);
    }
  }
}

// What a network may refer to among the definitions loaded before it.
NetworkReferences ReferencesOf(const Definitions& loaded) {
  NetworkReferences references;
  references.calendar = [&loaded](absl::string_view id, absl::string_view version) {
    return loaded.Get<Calendar>(id, version);
  };
  for (const Definition* definition : loaded.All(Instrument::kKind)) {
    const auto& instrument = *static_cast<const Instrument*>(definition->object.get());
    for (const v1::Scale& scale : instrument.definition().scales()) {
      if (scale.purpose() == v1::Scale::PURPOSE_NEED && !scale.need().domain().empty()) {
        references.domains.insert(scale.need().domain());
      }
    }
    for (const v1::Indicator& factor : instrument.definition().responsivity()) {
      references.responsivity.insert(factor.id());
    }
  }
  // Catalogs (the planning module's kind), looked up by name so networks
  // load the same before and after that module registers it.
  for (const Definition* definition : loaded.All("catalog")) {
    CollectDomains(*definition->message, &references.domains);
  }
  return references;
}

absl::StatusOr<std::shared_ptr<const Network>> CompileNetwork(
    const v1::NetworkDefinition& definition, const Definitions& loaded) {
  return Network::Compile(definition, ReferencesOf(loaded));
}

absl::Status LoadNetwork(const CallContext& context, const v1::LoadNetworkRequest& request,
                         v1::LoadNetworkResponse* response) {
  auto summary = LoadFromRequest(context, Network::kKind, request);
  if (!summary.ok()) return summary.status();
  *response->mutable_definition() = *std::move(summary);
  return absl::OkStatus();
}

absl::Status DescribeNetwork(const CallContext& context, const v1::DescribeNetworkRequest& request,
                             v1::DescribeNetworkResponse* response) {
  auto network = context.definitions.Get<Network>(request.network_id(), request.network_version());
  if (!network.ok()) return network.status();
  *response->mutable_definition() = (*network)->definition();
  for (const v1::ReferralMove& move : (*network)->referral_moves()) {
    *response->add_referral_moves() = move;
  }
  return absl::OkStatus();
}

absl::Status MatchRpc(const CallContext& context, const v1::MatchRequest& request,
                      v1::MatchResponse* response) {
  auto network = context.definitions.Get<Network>(request.network_id(), request.network_version());
  if (!network.ok()) return network.status();
  return Match(**network, request, response);
}

absl::Status ReferRpc(const CallContext& context, const v1::ReferRequest& request,
                      v1::ReferResponse* response) {
  auto network = context.definitions.Get<Network>(request.network_id(), request.network_version());
  if (!network.ok()) return network.status();
  auto referral = Refer(**network, request);
  if (!referral.ok()) return referral.status();
  *response->mutable_referral() = *std::move(referral);
  return absl::OkStatus();
}

absl::Status UpdateReferralRpc(const CallContext& context, const v1::UpdateReferralRequest& request,
                               v1::UpdateReferralResponse* response) {
  auto network = context.definitions.Get<Network>(
      request.referral().network_id(), request.referral().network_version(), "referral.");
  if (!network.ok()) return network.status();
  auto referral = UpdateReferral(**network, request);
  if (!referral.ok()) return referral.status();
  *response->mutable_referral() = *std::move(referral);
  return absl::OkStatus();
}

absl::Status HandoffRpc(const CallContext& context, const v1::HandoffRequest& request,
                        v1::HandoffResponse* response) {
  auto network = context.definitions.Get<Network>(request.network_id(), request.network_version());
  if (!network.ok()) return network.status();
  return Handoff(**network, request, response);
}

}  // namespace

void RegisterNetworkModule(Registrar& registrar) {
  registrar.Kind(CompileNetwork);
  registrar.Rpc("LoadNetwork", LoadNetwork);
  registrar.Rpc("DescribeNetwork", DescribeNetwork);
  registrar.Rpc("Match", MatchRpc);
  registrar.Rpc("Refer", ReferRpc);
  registrar.Rpc("UpdateReferral", UpdateReferralRpc);
  registrar.Rpc("Handoff", HandoffRpc);
}

}  // namespace reentry::engine_internal
