// reentry/network/network.h: a validated service network.
//
// A service network is data: a reentry.v1.NetworkDefinition (proto/reentry/
// v1/network.proto), usually written in protobuf text format under
// catalogs/. It lists the agencies of a jurisdiction (corrections,
// supervision, treatment, housing, ...), the services each runs (the need
// domain served, who is eligible, where, in which languages, with how many
// slots) and the agreements between agencies (what data may flow, for which
// purposes, and what a receiving agency must report back, how fast).
//
// Compiling a definition validates all of it against what it refers to (the
// agencies' business calendars, the need domains and responsivity factors
// that loaded instruments and catalogs know) and holds it as a graph:
// agencies are vertices, agreements are edges, services hang off their
// agency. Matching (match.h), referrals (referral.h), allocation
// (reentry/allocate/allocate.h) and sharing (reentry/share/share.h) all read
// a compiled Network.
//
// A Network is immutable, so one may be shared by any number of threads.
#ifndef REENTRY_NETWORK_NETWORK_H_
#define REENTRY_NETWORK_NETWORK_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "reentry/calendar/calendar.h"
#include "reentry/v1/network.pb.h"

namespace reentry {

namespace network_internal {
struct CompiledNetwork;
struct NetworkAccess;
}  // namespace network_internal

// What a network definition refers to, resolved by the caller (the engine
// resolves them from the definitions loaded before the network).
struct NetworkReferences {
  // The calendar with `id` at `version` (empty: the newest), or NOT_FOUND.
  std::function<absl::StatusOr<std::shared_ptr<const Calendar>>(absl::string_view id,
                                                                absl::string_view version)>
      calendar;
  // The domains a service may serve: the need domains of loaded instruments
  // and the service domains of loaded catalogs.
  absl::flat_hash_set<std::string> domains;
  // The responsivity factors a service may accommodate: the responsivity
  // indicator ids of loaded instruments.
  absl::flat_hash_set<std::string> responsivity;
};

class Network {
 public:
  // The kind of definition a network is, in the engine's registry.
  static constexpr absl::string_view kKind = "network";

  // Validates `definition` against `references` and builds its graph.
  // Errors are INVALID_ARGUMENT "network '<id>' version <v>: <field path>:
  // <problem>", with the field path also attached (reentry::ErrorField), e.g.
  // "network 'x' version 1: services[3].capacity: -2 is below zero".
  static absl::StatusOr<std::shared_ptr<const Network>> Compile(
      v1::NetworkDefinition definition, const NetworkReferences& references);

  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // The definition as compiled.
  const v1::NetworkDefinition& definition() const;
  const std::string& id() const;
  const std::string& version() const;

  // Lookups by id; null when the network has none.
  const v1::Agency* FindAgency(absl::string_view agency_id) const;
  const v1::Service* FindService(absl::string_view service_id) const;
  const v1::Agreement* FindAgreement(absl::string_view agreement_id) const;
  bool HasRegion(absl::string_view region_id) const;

  // The business calendar of an agency of the network (null for an unknown
  // agency).
  const Calendar* CalendarOf(absl::string_view agency_id) const;

  // The agreements from agency `from` to agency `to` (the edges between
  // their vertices), in definition order; with `on`, only those in force
  // that day (valid_from <= on <= valid_to, each bound only when set).
  std::vector<const v1::Agreement*> Agreements(absl::string_view from, absl::string_view to) const;
  std::vector<const v1::Agreement*> AgreementsInForce(absl::string_view from, absl::string_view to,
                                                      absl::CivilDay on) const;

  // The referral machine in effect: the definition's moves, or the builtin
  // machine (BuiltinReferralMoves) when it lists none.
  const std::vector<v1::ReferralMove>& referral_moves() const;
  bool IsLegalMove(v1::ReferralState from, v1::ReferralState to) const;

 private:
  explicit Network(std::unique_ptr<const network_internal::CompiledNetwork> compiled);
  friend struct network_internal::NetworkAccess;

  std::unique_ptr<const network_internal::CompiledNetwork> compiled_;
};

// The builtin referral machine (documented at reentry.v1.ReferralState).
const std::vector<v1::ReferralMove>& BuiltinReferralMoves();

// Parses protobuf text format into a network definition without validating
// it. Errors carry `source_name`, line and column.
absl::StatusOr<v1::NetworkDefinition> ParseNetworkText(absl::string_view text,
                                                       absl::string_view source_name);

}  // namespace reentry

#endif  // REENTRY_NETWORK_NETWORK_H_
